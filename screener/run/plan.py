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
from screener.run.discover import Skipped
from screener.run.events import OnEvent, Screened, ignore
from screener.run.executors.base import Executor, Task
from screener.run.inventory import Found, take_stock
from screener.run.runner import Entry

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
    """Entries ready without screening (reused, decided, unreadable), and the tasks left to screen."""

    entries: list[Entry] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    mtimes: dict[int, float] = field(default_factory=dict)  # task index -> the file's mtime
    kinds: dict[int, str] = field(default_factory=dict)  # task index -> what its bytes are
    reused: int = 0  # taken from the state database
    unreadable: int = 0  # decided without screening: could not be hashed, data or code, a bad member
    skipped: list[Skipped] = field(default_factory=list)  # clutter inside containers
    containers: list[tuple[Found, int]] = field(default_factory=list)  # the zips and emails opened, and their rows


@dataclass
class Batch:
    """What a batch produced: one entry per row found, and how each was obtained."""

    entries: list[Entry] = field(default_factory=list)
    screened: int = 0  # screened in this run
    reused: int = 0  # taken from the state database
    unreadable: int = 0  # decided without screening


def plan(files: Sequence[Path], settings: Settings, store: Store | None = None, rescreen: bool = False) -> Plan:
    """Hash and sniff every file, open containers into their members; take what the state holds under
    the run's key, and make a task of the rest."""
    out = Plan()
    rows: list[Found] = []
    for f in files:
        stock = take_stock(f)
        rows += stock.rows
        out.skipped += stock.skipped
        if stock.container is not None:
            out.containers.append((stock.container, len(stock.rows)))
    wanted = [r.sha256 for r in rows if r.sha256 and not r.status and not r.problem]
    stored = store.lookup(wanted) if store is not None and not rescreen else {}
    for found in rows:
        if found.problem or found.status:
            out.entries.append(Entry(_decided(found, settings), found.mtime, found.kind))
            out.unreadable += 1
            continue
        cached = stored.get(found.sha256)
        if cached is not None:
            # Same bytes under the same key: the stored result (stored without its rank), under the
            # name the file has now.
            out.entries.append(Entry(replace(cached, rank=None, file=found.name), found.mtime, found.kind))
            out.reused += 1
            continue
        index = len(out.tasks)
        out.mtimes[index], out.kinds[index] = found.mtime, found.kind
        out.tasks.append(Task(index, found.path, found.name, member=found.member, sha256=found.sha256,
                              data=found.data))
    return out


def _decided(found: Found, settings: Settings) -> Record:
    """The record of a row decided without screening: it could not be read, or is not a resume."""
    status, reason = (Status.ERROR, found.problem) if found.problem else (found.status, found.reason)
    s = Screening(file=found.name, sha256=found.sha256 if not found.problem else "", status=status, reason=reason,
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
        batch.entries.append(Entry(rec, plan.mtimes[task.index], plan.kinds[task.index]))
        batch.screened += 1
        on_event(Screened(batch.screened, total, rec))
    return batch
