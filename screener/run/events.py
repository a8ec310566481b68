"""What a run tells its watcher as it goes: the progress bar's and a web app's source.

`screen_inbox(..., on_event)` calls `on_event` with each of these, in this order: one Planned,
a Screened per file screened now (files reused from the state are not), a Written per output,
one Finished. The watcher must not raise; it runs in the run's own thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from screener.record import Record
from screener.run.result import RunResult


@dataclass(frozen=True)
class Planned:
    to_screen: int  # files to screen now
    reused: int  # files whose result the state already holds


@dataclass(frozen=True)
class Screened:
    done: int
    total: int  # to_screen
    record: Record


@dataclass(frozen=True)
class Written:
    path: Path
    writer: str


@dataclass(frozen=True)
class Finished:
    result: RunResult


Event = Planned | Screened | Written | Finished
OnEvent = Callable[[Event], None]


def ignore(event: Event) -> None:
    """The watcher when nobody watches."""
