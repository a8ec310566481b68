"""A run's files in two steps: the plan (what the state already holds, what is left to screen), then
its execution by an executor, each result committed to the state as it comes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from screener.codes import Status
from screener.model import Screening
from screener.record import Record
from screener.run.events import OnEvent, Screened, ignore
from screener.run.executors.base import Executor, Task
from screener.run.runner import Entry, Found, fingerprint

if TYPE_CHECKING:
    from screener.run.state import Key, State
    from screener.settings import Screen, Settings


@dataclass(frozen=True)
class Store:
    """The state database as one run uses it: its key and its run row."""

    state: State
    key: Key
    run_id: int

    def lookup(self, hashes: list[str]) -> dict[str, Record]:
        return self.state.lookup_many(hashes, self.key)

    def save(self, record: Record) -> None:
        self.state.save(self.run_id, self.key, record)


@dataclass
class Plan:
    """Entries ready without screening (reused, unreadable), and the tasks left to screen."""

    entries: list[Entry] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    mtimes: dict[int, float] = field(default_factory=dict)  # task index -> the file's mtime
    reused: int = 0  # taken from the state database
    unreadable: int = 0  # could not even be hashed


@dataclass
class Batch:
    """What a batch produced: one entry per file found, and how each was obtained."""

    entries: list[Entry] = field(default_factory=list)
    screened: int = 0  # screened in this run
    reused: int = 0  # taken from the state database
    unreadable: int = 0  # could not even be hashed


def plan(files: Sequence[Path], settings: Settings, store: Store | None = None, rescreen: bool = False) -> Plan:
    """Hash every file; take what the state holds under the run's key, and make a task of the rest."""
    out = Plan()
    prints = [fingerprint(f) for f in files]
    stored = store.lookup([p.sha256 for p in prints]) if store is not None and not rescreen else {}
    for found in prints:
        if found.problem:
            out.entries.append(Entry(_unreadable(found, settings), found.mtime))
            out.unreadable += 1
            continue
        cached = stored.get(found.sha256)
        if cached is not None:
            # Same bytes under the same key: the stored result (stored without its rank), under the
            # name the file has now.
            out.entries.append(Entry(replace(cached, rank=None, file=found.name), found.mtime))
            out.reused += 1
            continue
        out.mtimes[len(out.tasks)] = found.mtime
        out.tasks.append(Task(len(out.tasks), found.path, found.name))
    return out


def _unreadable(found: Found, settings: Settings) -> Record:
    s = Screening(file=found.name, sha256="", status=Status.ERROR, reason=found.problem,
                  role_target=settings.role, taxonomy_version=settings.taxonomy_version)
    return Record.from_screening(s)


def execute(plan: Plan, executor: Executor, screen: Screen, store: Store | None = None,
            on_event: OnEvent = ignore) -> Batch:
    """Screen the plan's tasks; every result is saved to the state as it arrives (a killed run keeps it)."""
    batch = Batch(list(plan.entries), reused=plan.reused, unreadable=plan.unreadable)
    total = len(plan.tasks)
    for task, rec in executor.screen(plan.tasks, screen):
        if store is not None:
            store.save(rec)
        batch.entries.append(Entry(rec, plan.mtimes[task.index]))
        batch.screened += 1
        on_event(Screened(batch.screened, total, rec))
    return batch
