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
from typing import TYPE_CHECKING, Any

from screener.output.blind import blind_comparison, present_stream, write_reveal_map
from screener.output.writers import OutputRequest, RunInfo
from screener.run import audit as audit_log
from screener.run.accounting import Accounting
from screener.run.collide import check_collisions
from screener.run.decisions import latest
from screener.run.discover import Discovery, discover
from screener.run.errors import OutputError, RunError, Terminated, UsageError, WriteFailed
from screener.run.events import Event, Finished, OnEvent, Planned, Screened, ignore
from screener.run.executors.base import Executor
from screener.run.fingerprints import forget_unused
from screener.run.lock import LockBusy, acquire, lock_path_for
from screener.run.outputs import check_writable, remove_leftovers, write_outputs
from screener.run.plan import Store, execute, plan
from screener.run.result import Comparison, Counts, RunResult
from screener.run.retention import DEFAULT_RETENTION_DAYS
from screener.run.rows import Row, Spool, rank_rows
from screener.run.state import DEFAULT_DIR, KEEP_LISTS, Key, RunRow, State, StateError, identity, screener_version
from screener.run.stream import RankedRecords
from screener.settings import Runtime, Screen, Settings

if TYPE_CHECKING:
    from screener.job.ranking import JobOutput, JobRanking

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
    job: JobRanking | None = None  # rank against a job description (--job) instead of the role alone
    blind: bool = False  # the outputs without who the candidates are (output/blind.py)
    reveal_map: Path | None = None  # with blind: where to write id -> person and file

    @property
    def checked(self) -> tuple[OutputRequest, ...]:
        """Every file the run writes, for the collision and writability checks."""
        extra = (OutputRequest("reveal-map", self.reveal_map),) if self.reveal_map is not None else ()
        return (*self.outputs, *extra)


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
    check_collisions(options.checked, store, paths)
    run = _Run(tuple(paths), discover(paths, own_files(options.checked, store)), screen, executor, on_event, options)
    check_writable(run.options.checked)
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
    job_output: JobOutput | None = None  # the job's analysis and fits, once ranked (--job)
    audit: audit_log.RunAudit | None = None  # the run's entries in the audit log (run/audit.py)
    logged: set[str] = field(default_factory=set)  # the files logged as screened now (the others were planned)

    def go(self, state: State | None) -> RunResult:
        s = self.screen.settings
        key = Key(s.role, s.engine_key, s.taxonomy_version, s.state_version(screener_version()), s.as_of)
        if state is None:
            return self.screened(None)
        invocation = self.invocation()
        store = Store(state, key, state.start_run(key, invocation, os.getpid()))
        self.audit = audit_log.run_started(state, store.run_id, key, invocation)
        remove_leftovers(self.options.outputs)
        try:
            return self.screened(store)
        except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (errors.Terminated)
            _end(state, store.run_id, "interrupted", "stopped by SIGTERM" if isinstance(exc, Terminated)
                 else "interrupted by Ctrl-C", self.audit)
            raise
        except WriteFailed as exc:
            _end(state, store.run_id, "failed", str(exc), self.audit)
            raise

    @property
    def role(self) -> str:
        """The role ranked for: the job's target profile against a job, else the role screened for."""
        return self.options.job.role if self.options.job is not None else self.screen.settings.role

    def invocation(self) -> dict[str, Any]:
        """How the run was asked for, as its row keeps it; ranked against a job, `job` says which (history, diff)."""
        job = self.options.job
        return {**self.options.invocation, **({"job": job.run_options()} if job is not None else {})}

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
        planned = [*todo.rows]  # decided without screening; the reused are known after it
        batch = execute(todo, self.executor, self.screen, store, self.audited(self.on_event), spool)
        if self.audit is not None:  # reused from the state, or decided without screening
            self.audit.inputs([*planned, *(r for r in batch.rows if r.ref > 0 and r.file not in self.logged)],
                              "planned")
        state = store.state if store is not None else None
        if self.options.job is not None:  # the job is scored here, from the stored records (no file read)
            from screener.job.ranking import rescore_rows

            self.job_output, fitted = rescore_rows(self.options.job, batch.rows,
                                                   RankedRecords(batch.rows, state, spool))
        rows = rank_rows(batch.rows)
        if store is not None:
            decide(store.state, rows)  # the ranked CSV's `decision` column
        accounting = Accounting.of(rows, todo.containers, [*self.found.skipped, *todo.skipped])
        stream = RankedRecords(rows, state, spool)
        if self.options.job is not None:
            stream = stream.mapped(fitted)
        shown, info, summary_rows = present_stream(stream, rows, self.info(accounting), self.options.blind,
                                                   self.screen.taxonomy.path)
        written = write_outputs(self.options.outputs, shown, info, self.on_event)
        if self.options.reveal_map is not None:
            written += (write_reveal_map(self.options.reveal_map, stream.summaries()),)
        if self.audit is not None:  # each row as written (blind ids, the job's columns)
            hashes = shown.line_hashes() if info.extra.get("job") is None else None
            if hashes is not None:  # kept as the CSV was written
                self.audit.output_hashes(shown.rows, hashes, written)
            else:
                self.audit.outputs(shown.summaries(), written, info.extra.get("job"))
        counts = Counts.of(rows, batch.screened, batch.reused)
        comparison, warnings = self.close(store, counts, rows) if store is not None else (None, ())
        if self.options.blind and comparison is not None:
            comparison = blind_comparison(comparison)
        result = RunResult(
            self.paths, self.options.outputs[0].path if self.options.outputs else None, summary_rows, counts,
            self.role, s.as_of, s.taxonomy_version, stateful=store is not None, rescreen=self.options.rescreen,
            run_id=store.run_id if store is not None else 0, written=written, comparison=comparison,
            warnings=warnings, accounting=accounting,
        )
        self.on_event(Finished(result))
        return result

    def audited(self, on_event: OnEvent) -> OnEvent:
        """The watcher, with each file screened logged (committed) as it arrives."""
        log = self.audit
        if log is None:
            return on_event

        def watch(event: Event) -> None:
            if isinstance(event, Screened):
                log.inputs([event.record], "screened")
                self.logged.add(event.record.file)
            on_event(event)

        return watch

    def info(self, accounting: Accounting) -> RunInfo:
        s, taxonomy = self.screen.settings, self.screen.taxonomy
        job = {"job": self.job_output} if self.job_output is not None else {}
        return RunInfo(self.role, s.as_of, s.taxonomy_version, " ".join(self.paths), taxonomy.scoring.get("profile"),
                       {"files": accounting.as_json(), **self.options.writer_extra, **job})

    def close(self, store: Store, counts: Counts, records: list[Row]) -> tuple[Comparison | None, tuple[str, ...]]:
        """Record the run as completed, compare it with the previous one, and tidy the state."""
        state, run_id = store.state, store.run_id
        previous = _previous_run(state, run_id, store.key.role, self.invocation().get("job"))
        state.finish_run(run_id, counts.as_dict(), records)
        if self.audit is not None:
            self.audit.ended("completed", counts.as_dict())
        # Compared before --keep-runs drops the previous list.
        comparison = _compare(state, previous, run_id) if self.options.compare else None
        try:
            if state.prune(store.key):  # fingerprints outlive only results that went (a scan of them all)
                forget_unused(state.db)
            state.forget_lists(self.options.keep_runs)
            if self.audit is not None:
                retention = self.options.invocation.get("audit_retention") or DEFAULT_RETENTION_DAYS
                audit_log.prune(state, int(retention), self.audit.operator)
        except Exception as exc:  # noqa: BLE001 - housekeeping: the run itself is complete and recorded
            return comparison, (f"old results were not pruned from the state database: {exc}",)
        return comparison, ()


def decide(state: State, rows: list[Row]) -> None:
    """Each row's candidate's latest decision (run/decisions.py), for the ranked CSV's last column."""
    current = latest(state)
    if current:
        for r in rows:
            r.decision = current.get(identity(r), "")


def _end(state: State, run_id: int, status: str, reason: str, log: audit_log.RunAudit | None = None) -> None:
    """Record how the run ended; should the database itself fail, the row stays open (`interrupted`)."""
    with contextlib.suppress(Exception):  # the error being raised is the one to report
        state.end_run(run_id, status, reason)
        if log is not None:
            log.ended(status, reason=reason)


def _job_sha(job: object) -> object:
    """The job's hash in a run's options (a library caller may have put the job's path there instead)."""
    return job.get("sha256") if isinstance(job, Mapping) else None


def _previous_run(state: State, run_id: int, role: str, job: object = None) -> RunRow | None:
    """The completed run before this one for the same role and the same job (none: a run for the role alone)."""
    sha = _job_sha(job)
    for r in state.runs():
        if (r["id"] < run_id and r["status"] == "completed" and r["role"] == role
                and _job_sha(r["options"].get("job")) == sha):
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
