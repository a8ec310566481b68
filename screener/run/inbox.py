"""A run as a library call: `screen_inbox(paths, settings, store, executor, on_event) -> RunResult`.

It discovers the files, plans against the state, screens, ranks, writes the requested outputs and
records the run; it prints nothing and exits nothing. What goes wrong is a typed error (`UsageError`,
`OutputError`, `LockBusy`, `StateError`, all `RunError`s); how it goes is told to `on_event`. The
command line renders both; a web app would too.

The order of the steps is what makes a run crash-safe:

1. take the lock (LockBusy if another run holds it);
2. open a `runs` row; screen what is new, committing each result as it comes;
3. write every output to a temporary file and rename it into place;
4. close the run row with its counts and ranked rows, in one transaction.

A run killed anywhere before 3 leaves the previous outputs untouched; killed before 4, it shows as
`interrupted` in the history and the next run redoes only what was not committed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screener.output.writers import OutputRequest, RunInfo
from screener.run.accounting import Accounting
from screener.run.collide import check_collisions
from screener.run.decisions import latest
from screener.run.discover import Discovery, discover
from screener.run.errors import OutputError, RunError, Terminated, UsageError, WriteFailed
from screener.run.events import Finished, OnEvent, Planned, ignore
from screener.run.executors.base import Executor
from screener.run.fingerprints import forget_unused
from screener.run.lock import LockBusy, acquire, lock_path_for
from screener.run.outputs import check_writable, remove_leftovers, write_outputs
from screener.run.plan import Store, execute, plan
from screener.run.result import Comparison, Counts, RunResult
from screener.run.rows import Row, Spool, rank_rows
from screener.run.state import DEFAULT_DIR, KEEP_LISTS, Key, RunRow, State, StateError, identity, screener_version
from screener.run.stream import RankedRecords
from screener.settings import Runtime, Screen, Settings

__all__ = ["LockBusy", "OutputError", "RunError", "RunOptions", "RunResult", "StateError", "UsageError",
           "screen_inbox"]


@dataclass(frozen=True)
class RunOptions:
    outputs: tuple[OutputRequest, ...] = ()  # in the order they are written; the first is the main one
    rescreen: bool = False  # screen every file again, even those the state holds
    keep_runs: int = KEEP_LISTS  # keep the ranked lists (run_files) of only this many newest runs
    compare: bool = False  # compare with the previous run (RunResult.comparison)
    invocation: Mapping[str, Any] = field(default_factory=dict)  # how the run was asked for, kept in its row
    writer_extra: Mapping[str, Any] = field(default_factory=dict)  # RunInfo.extra: writer options (report_top)


def screen_inbox(
    paths: Sequence[str],
    settings: Settings | Screen,
    store: Path | None,
    executor: Executor,
    on_event: OnEvent = ignore,
    options: RunOptions | None = None,
) -> RunResult:
    """Screen the files under `paths` and write `options.outputs`; `store` is the state database (None: none).

    `settings` may come with its runtime (a `Screen`, whose taxonomy and matcher are reused) or
    alone (the runtime is built here).
    """
    screen = settings if isinstance(settings, Screen) else Screen(settings, Runtime.build(settings))
    options = options or RunOptions()
    check_collisions(options.outputs, store, paths)
    run = _Run(tuple(paths), discover(paths, own_files(options.outputs, store)), screen, executor, on_event, options)
    check_writable(run.options.outputs)
    if store is None:
        return run.go(None)
    with _opened(store) as state:
        return run.go(state)


@contextmanager
def _opened(path: Path) -> Iterator[State]:
    """The state database under its lock, for one run."""
    try:
        lock = acquire(lock_path_for(path))
    except OSError as exc:
        raise StateError(f"cannot create the lock beside {path}: {exc}") from exc
    try:
        state = State(path)
        try:
            yield state
        finally:
            state.close()
    finally:
        lock.release()


def own_files(outputs: Sequence[OutputRequest], store: Path | None) -> dict[Path, str]:
    """This run's own files, never screened: its outputs, and the state database with its companions."""
    own = {out.path: "this run's output" for out in outputs}
    if store is not None:
        for companion in ("", "-wal", "-shm", "-journal", ".lock"):
            own[store.with_name(store.name + companion)] = "screener's state database"
        if store.parent.name == DEFAULT_DIR:
            own[store.parent] = "screener's state folder"
    return own


@dataclass
class _Run:
    paths: tuple[str, ...]
    found: Discovery
    screen: Screen
    executor: Executor
    on_event: OnEvent
    options: RunOptions

    def go(self, state: State | None) -> RunResult:
        s = self.screen.settings
        key = Key(s.role, s.engine_key, s.taxonomy_version, s.state_version(screener_version()), s.as_of)
        if state is None:
            return self.screened(None)
        store = Store(state, key, state.start_run(key, dict(self.options.invocation), os.getpid()))
        remove_leftovers(self.options.outputs)
        try:
            return self.screened(store)
        except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (errors.Terminated)
            _end(state, store.run_id, "interrupted", "stopped by SIGTERM" if isinstance(exc, Terminated)
                 else "interrupted by Ctrl-C")
            raise
        except WriteFailed as exc:
            _end(state, store.run_id, "failed", str(exc))
            raise

    def screened(self, store: Store | None) -> RunResult:
        """Plan, screen, rank, write the outputs and close the run row."""
        spool = Spool()
        try:
            return self._screened(store, spool)
        finally:
            spool.close()

    def _screened(self, store: Store | None, spool: Spool) -> RunResult:
        s = self.screen.settings
        todo = plan(self.found.files, s, store, self.options.rescreen, spool)
        self.found.files = []  # planned: the rows hold what is left of them (100,000 paths weigh 33 MB)
        self.on_event(Planned(len(todo.tasks), todo.reused))
        batch = execute(todo, self.executor, self.screen, store, self.on_event, spool)
        rows = rank_rows(batch.rows)
        if store is not None:
            decide(store.state, rows)  # the ranked CSV's `decision` column
        accounting = Accounting.of(rows, todo.containers, [*self.found.skipped, *todo.skipped])
        stream = RankedRecords(rows, store.state if store is not None else None, spool)
        written = write_outputs(self.options.outputs, stream, self.info(accounting), self.on_event)
        counts = Counts.of(rows, batch.screened, batch.reused)
        comparison, warnings = self.close(store, counts, rows) if store is not None else (None, ())
        result = RunResult(
            self.paths, self.options.outputs[0].path if self.options.outputs else None, rows, counts,
            s.role, s.as_of, s.taxonomy_version, stateful=store is not None, rescreen=self.options.rescreen,
            run_id=store.run_id if store is not None else 0, written=written, comparison=comparison,
            warnings=warnings, accounting=accounting,
        )
        self.on_event(Finished(result))
        return result

    def info(self, accounting: Accounting) -> RunInfo:
        s, taxonomy = self.screen.settings, self.screen.taxonomy
        return RunInfo(s.role, s.as_of, s.taxonomy_version, " ".join(self.paths), taxonomy.scoring.get("profile"),
                       {"files": accounting.as_json(), **self.options.writer_extra})

    def close(self, store: Store, counts: Counts, records: list[Row]) -> tuple[Comparison | None, tuple[str, ...]]:
        """Record the run as completed, compare it with the previous one, and tidy the state."""
        state, run_id = store.state, store.run_id
        previous = _previous_run(state, run_id, store.key.role)
        state.finish_run(run_id, counts.as_dict(), records)
        # Compared before --keep-runs drops the previous list.
        comparison = _compare(state, previous, run_id) if self.options.compare else None
        try:
            state.prune(store.key)
            forget_unused(state.db)
            state.forget_lists(self.options.keep_runs)
        except Exception as exc:  # noqa: BLE001 - housekeeping: the run itself is complete and recorded
            return comparison, (f"old results were not pruned from the state database: {exc}",)
        return comparison, ()


def decide(state: State, rows: list[Row]) -> None:
    """Each row's candidate's latest decision (run/decisions.py), for the ranked CSV's last column."""
    current = latest(state)
    if current:
        for r in rows:
            r.decision = current.get(identity(r), "")


def _end(state: State, run_id: int, status: str, reason: str) -> None:
    """Record how the run ended; should the database itself fail, the row stays open (`interrupted`)."""
    with contextlib.suppress(Exception):  # the error being raised is the one to report
        state.end_run(run_id, status, reason)


def _previous_run(state: State, run_id: int, role: str) -> RunRow | None:
    for r in state.runs():
        if r["id"] < run_id and r["status"] == "completed" and r["role"] == role:
            return r
    return None


def _compare(state: State, previous: RunRow | None, run_id: int) -> Comparison:
    from screener.run.history import diff_runs

    now = state.run(run_id)
    assert now is not None  # this run's own row, opened by go()
    if previous is None:
        return Comparison(now)
    if state.list_dropped(previous):
        return Comparison(now, previous, dropped=True)
    return Comparison(now, previous, diff=diff_runs(state.run_files(previous["id"]), state.run_files(run_id)))
