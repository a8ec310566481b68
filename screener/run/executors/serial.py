"""The `serial` executor: every file in this process, one after another; no fork.

For tests, for stepping through a file in a debugger, and for a host that must not fork (a web
app's worker thread). It holds the time limit with a timer signal, which only the main thread
can take and which stops Python code only (a parser stuck inside C returns first); running out
of memory costs the file `too-large`, but nothing caps what one file may take. Use `local` for
untrusted inboxes.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from screener.record import Record
from screener.run.executors.base import Limits, Task, screen_one, timed_out

if TYPE_CHECKING:
    from types import FrameType

    from screener.settings import Screen


class _Overran(BaseException):
    """Raised by the timer inside the file being screened: a BaseException, so no `except Exception` stops it."""


class SerialExecutor:
    name = "serial"

    def __init__(self, jobs: int | None = None, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()  # jobs: one, whatever is asked

    def screen(self, tasks: Sequence[Task], screen: Screen) -> Iterator[tuple[Task, Record]]:
        for task in tasks:
            try:
                with _time_limit(self.limits.timeout):
                    result, _, dated = screen_one(task, screen)
            except _Overran:
                result, dated = timed_out(task, self.limits.timeout), None
            yield (replace(task, dated=dated) if dated is not None else task), Record.from_screening(result)


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _Overran in this thread after `seconds`, where a timer signal can be had (the main thread)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def overran(signum: int, frame: FrameType | None) -> None:
        raise _Overran

    previous = signal.signal(signal.SIGALRM, overran)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
