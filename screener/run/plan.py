"""A run's files in two steps: the plan (what the state already holds, what is left to screen), then
its execution by an executor, each result committed to the state as it comes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from screener.codes import Status
from screener.model import Screening
from screener.record import Record
from screener.run.discover import Skipped
from screener.run.events import OnEvent, Screened, ignore
from screener.run.executors.base import Executor, Task
from screener.run.fingerprints import Print, print_of, recognise, remember
from screener.run.inventory import Found, decided_found, take_stock
from screener.run.kinds import not_a_resume
from screener.run.rows import Row, Spool

if TYPE_CHECKING:
    from screener.run.redate import Dated, Hit
    from screener.run.state import Key, State
    from screener.settings import Screen, Settings


@dataclass(frozen=True)
class Store:
    """The state database as one run uses it: its key and its run row."""

    state: State
    key: Key
    run_id: int

    def lookup(self, hashes: list[str]) -> dict[str, Hit]:
        """The stored result per hash under the run's key, and how it serves the run's as-of (redate.py);
        nothing is decoded."""
        return self.state.hits(hashes, self.key)

    def save(self, record: Record, dated: Dated | None = None) -> int:
        return self.state.save(self.run_id, self.key, record, dated)


@dataclass
class Plan:
    """Rows ready without screening (decided), rows reused from the state, and the tasks left to screen."""

    rows: list[Row] = field(default_factory=list)  # decided without screening (unreadable, not a resume)
    # reused: results.id, name, mtime, kind, and the resume date it takes for this as-of ('' as stored)
    stored: list[tuple[int, str, float, str, str]] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    mtimes: dict[int, float] = field(default_factory=dict)  # task index -> the file's mtime
    kinds: dict[int, str] = field(default_factory=dict)  # task index -> what its bytes are
    unreadable: int = 0  # decided without screening: could not be hashed, data or code, a bad member
    skipped: list[Skipped] = field(default_factory=list)  # clutter inside containers
    containers: list[tuple[Found, int]] = field(default_factory=list)  # the zips and emails opened, and their rows
    hashed: int = 0  # files read and hashed (the rest were recognised by their fingerprint)

    @property
    def reused(self) -> int:
        return len(self.stored)


@dataclass
class Batch:
    """What a batch produced: one row per file found, and how each was obtained."""

    rows: list[Row] = field(default_factory=list)
    screened: int = 0  # screened in this run
    reused: int = 0  # taken from the state database
    unreadable: int = 0  # decided without screening


def plan(files: Sequence[Path], settings: Settings, store: Store | None = None, rescreen: bool = False,
         spool: Spool | None = None) -> Plan:
    """Hash and sniff every file (a file the state's fingerprints recognise is not read), open containers
    into their members; take what the state holds under the run's key, and make a task of the rest."""
    out = Plan()
    found = _take_stock(files, store, rescreen, out)
    wanted = [r.sha256 for r in found if r.sha256 and not r.status and not r.problem]
    stored = store.lookup(wanted) if store is not None and not rescreen else {}
    # Results dated by --as-of in another month: judged again from their stored Documents (redate.py).
    documents = store.state.documents([h.rid for h in stored.values() if h.rejudge]) if store is not None else {}
    spool = spool or Spool()
    for row in found:
        if row.problem or row.status:
            rec = _decided(row, settings)
            out.rows.append(Row.of(rec, spool.put(rec), row.mtime, row.kind))
            out.unreadable += 1
            continue
        hit = stored.get(row.sha256)
        if hit is not None and not hit.rejudge:
            # Same bytes under the same key: the stored result, under the name the file has now.
            out.stored.append((hit.rid, row.name, row.mtime, row.kind, hit.redate or ""))
            continue
        index = len(out.tasks)
        out.mtimes[index], out.kinds[index] = row.mtime, row.kind
        out.tasks.append(Task(index, row.path, row.name, member=row.member, sha256=row.sha256, data=row.data,
                              prepared=documents.get(hit.rid) if hit is not None else None))
    return out


def _take_stock(files: Sequence[Path], store: Store | None, rescreen: bool, out: Plan) -> list[Found]:
    """Every row the files give; fingerprints recognised and taken, those of files read stored."""
    known = recognise(store.state.db, files) if store is not None and not rescreen else [None] * len(files)
    rows: list[Found] = []
    read: list[tuple[Print, str, str]] = []
    for f, hit in zip(files, known, strict=True):
        if hit is not None:
            why = not_a_resume(hit.name, hit.kind)
            rows.append(decided_found(hit, Status.UNSUPPORTED, why) if why else hit)
            continue
        before = print_of(f) if store is not None else None
        stock = take_stock(f)
        out.hashed += 1
        rows += stock.rows
        out.skipped += stock.skipped
        if stock.container is not None:
            out.containers.append((stock.container, len(stock.rows)))
        elif before is not None and len(stock.rows) == 1 and stock.rows[0].sha256 and not stock.rows[0].problem:
            read.append((before[0], stock.rows[0].sha256, stock.rows[0].kind))
    if store is not None and read:
        remember(store.state.db, read, store.run_id)
    return rows


def _decided(found: Found, settings: Settings) -> Record:
    """The record of a row decided without screening: it could not be read, or is not a resume."""
    status, reason = (Status.ERROR, found.problem) if found.problem else (found.status, found.reason)
    s = Screening(file=found.name, sha256=found.sha256 if not found.problem else "", status=status, reason=reason,
                  role_target=settings.role, taxonomy_version=settings.taxonomy_version)
    return Record.from_screening(s)


def execute(plan: Plan, executor: Executor, screen: Screen, store: Store | None = None,
            on_event: OnEvent = ignore, spool: Spool | None = None) -> Batch:
    """Screen the plan's tasks; every result is saved to the state as it arrives (a killed run keeps it).

    The reused rows are read from the state only after screening: the workers, forked when it begins,
    do not inherit them.
    """
    batch = Batch(list(plan.rows), reused=plan.reused, unreadable=plan.unreadable)
    spool = spool or Spool()
    total = len(plan.tasks)
    for task, rec in executor.screen(plan.tasks, screen):
        ref = store.save(rec, task.dated) if store is not None else 0
        batch.rows.append(Row.of(rec, ref or spool.put(rec), plan.mtimes[task.index], plan.kinds[task.index]))
        batch.screened += 1
        on_event(Screened(batch.screened, total, rec))
    if store is not None and plan.stored:
        summaries = store.state.summary_rows([rid for rid, _, _, _, _ in plan.stored])
        batch.rows += [Row.stored(summaries[rid], rid, name, mtime, kind, date)
                       for rid, name, mtime, kind, date in plan.stored]
    return batch
