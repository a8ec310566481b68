"""The `screen` command's run: lock, state, screening, ranking, outputs, the run record.

Kept out of cli.py so that the command there stays a thin parser. The order of
the steps is what makes a run crash-safe:

1. take the lock (exit 3 if another run holds it);
2. open a `runs` row; screen what is new, committing each result as it comes;
3. write every output to a temporary file and rename it into place;
4. close the run row with its counts and ranked rows, in one transaction.

A run killed anywhere before 3 leaves the previous outputs untouched; killed
before 4, it shows as `interrupted` in the history and the next run redoes
only what was not committed.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from screener.record import Record

if TYPE_CHECKING:
    from screener.run.runner import Batch
    from screener.run.state import RunRow, State

EXIT_OK, EXIT_STRICT, EXIT_USAGE, EXIT_LOCK = 0, 1, 2, 3
PROFILES = ("ai-engineer", "ml-engineer", "hybrid", "none")
TOP_SHOWN = 5  # candidates the summary names
DUPLICATES_SHOWN = 10  # duplicates the summary lists before counting the rest


@dataclass
class ScreenOptions:
    paths: tuple[str, ...]
    output: Path
    taxonomy: Any
    role: str = "ai-engineer"
    as_of: str = ""
    engine: str = "auto"
    nlp: Any = None  # a user's spaCy pipeline (--spacy-model), loaded
    nlp_label: str = ""  # its name and version: results under another tokenizer are not reused
    fmt: str = "csv"
    jsonl: Path | None = None
    parquet: Path | None = None
    jobs: int = 1
    quiet: bool = False
    strict: bool = False
    state: Path | None = None  # None: no state, screen everything
    rescreen: bool = False
    show_diff: bool = False
    timeout: float | None = None
    memory: int | None = None
    keep_runs: int | None = None  # keep the ranked lists of only this many newest runs (None: all)
    extra_outputs: list[Callable[[list[Record]], None]] = field(default_factory=list)

    def recorded(self) -> dict[str, Any]:
        """The options worth keeping in the runs table."""
        return {
            "paths": list(self.paths), "output": str(self.output), "format": self.fmt,
            "jsonl": str(self.jsonl) if self.jsonl else None,
            "parquet": str(self.parquet) if self.parquet else None,
            "jobs": self.jobs, "strict": self.strict, "rescreen": self.rescreen,
            "timeout": self.timeout, "memory": self.memory, "spacy_model": self.nlp_label or None,
            "keep_runs": self.keep_runs,
        }


def run_screen(opts: ScreenOptions, files: list[Path]) -> tuple[int, list[Record]]:
    """Screen `files` (already discovered) and write the outputs: (exit code, ranked records)."""
    from screener.run.lock import LockBusy, acquire, lock_path_for
    from screener.run.state import StateError

    problem = _unwritable(opts)
    if problem:
        click.echo(f"screener: {problem}", err=True)
        return EXIT_USAGE, []
    if opts.state is None:
        return _run(opts, files, None)
    try:
        lock = acquire(lock_path_for(opts.state))
    except LockBusy as exc:
        click.echo(f"screener: {exc}", err=True)
        return EXIT_LOCK, []
    except OSError as exc:
        click.echo(f"screener: cannot create the lock beside {opts.state}: {exc}", err=True)
        return EXIT_USAGE, []
    try:
        from screener.run.state import State

        try:
            state = State(opts.state)
        except StateError as exc:
            click.echo(f"screener: {exc}", err=True)
            return EXIT_USAGE, []
        try:
            return _run(opts, files, state)
        finally:
            state.close()
    finally:
        lock.release()


def _run(opts: ScreenOptions, files: list[Path], state: State | None) -> tuple[int, list[Record]]:
    from screener.run.runner import rank, screen_batch
    from screener.run.state import Key, screener_version
    from screener.settings import Screen

    config = Screen.of(opts.taxonomy, nlp=opts.nlp, role=opts.role, as_of=opts.as_of, engine=opts.engine,
                       spacy_label=opts.nlp_label)
    s = config.settings
    key = Key(s.role, s.engine_key, s.taxonomy_version, s.state_version(screener_version()), s.as_of)
    run_id = state.start_run(key, opts.recorded(), os.getpid()) if state is not None else 0
    progress = _progress_bar(opts.quiet)

    def on_plan(to_screen: int, reused: int) -> None:
        if progress is not None and to_screen and reused:
            sys.stderr.write(f"{reused} file(s) unchanged since they were last screened; "
                             f"screening {to_screen}.\n")

    if state is not None:
        _remove_leftovers(opts)
    batch = screen_batch(files, config, opts.jobs, state=state, key=key, run_id=run_id,
                         rescreen=opts.rescreen, progress=progress, on_plan=on_plan,
                         timeout=opts.timeout, memory=opts.memory)
    if progress is not None and batch.screened:
        sys.stderr.write("\n")
    records = rank(batch.entries)
    _write_outputs(opts, records)
    counts = _counts(records, batch)
    diff_text = ""
    if state is not None:
        previous = _previous_run(state, run_id, opts.role)
        state.finish_run(run_id, counts, records)
        if opts.show_diff and not opts.quiet:
            diff_text = _diff_text(state, previous, run_id)  # before --keep-runs drops the previous list
        try:
            state.prune(key)
            if opts.keep_runs is not None:
                state.forget_lists(opts.keep_runs)
        except Exception as exc:  # noqa: BLE001 - housekeeping: the run itself is complete and recorded
            click.echo(f"warning: old results were not pruned from the state database: {exc}", err=True)
    if not opts.quiet:
        click.echo(_report(opts, records, counts, state is not None))
        if diff_text:
            click.echo(diff_text, nl=False)
    failed = counts["failed"]
    return (EXIT_STRICT if opts.strict and failed else EXIT_OK), records


def _unwritable(opts: ScreenOptions) -> str:
    """Why an output cannot be written, found before an hour of screening rather than after."""
    for target in (opts.output, opts.jsonl, opts.parquet):
        if target is None:
            continue
        if target.is_dir():
            return f"{target} is a folder, not a file"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return f"cannot create the folder for {target}: {exc.strerror or exc}"
        if not os.access(target.parent, os.W_OK):
            return f"cannot write to {target.parent}"
    return ""


def _remove_leftovers(opts: ScreenOptions) -> None:
    """Temporary files of a run killed while it wrote its outputs (write_atomic's `.NAME.*.tmp`).

    Only under the lock: another run's temporary file is never in flight then.
    """
    for target in (opts.output, opts.jsonl, opts.parquet):
        if target is None or not target.parent.is_dir():
            continue
        for tmp in target.parent.glob(f".{glob_escape(target.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                tmp.unlink()


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _write_outputs(opts: ScreenOptions, records: list[Record]) -> None:
    from screener.output.csv import render_csv
    from screener.output.files import write_atomic
    from screener.output.jsonl import render_jsonl

    write_atomic(opts.output, render_csv(records) if opts.fmt == "csv" else render_jsonl(records))
    if opts.jsonl is not None:
        write_atomic(opts.jsonl, render_jsonl(records))
    if opts.parquet is not None:
        from screener.output.parquet import write_parquet

        write_parquet(opts.parquet, records)
    for extra in opts.extra_outputs:
        extra(records)


def _counts(records: list[Record], batch: Batch) -> dict[str, int]:
    status = Counter(r.status for r in records)
    return {
        "found": len(records),
        "screened": batch.screened,
        "reused": batch.reused,
        "ranked": status["ok"],
        "duplicates": status["duplicate"],
        "failed": len(records) - status["ok"] - status["duplicate"],
    }


def _previous_run(state: State, run_id: int, role: str) -> RunRow | None:
    for r in state.runs():
        if r["id"] < run_id and r["status"] == "completed" and r["role"] == role:
            return r
    return None


def _diff_text(state: State, previous: RunRow | None, run_id: int) -> str:
    from screener.run.history import diff_runs, render_diff

    if previous is None:
        return "No earlier completed run to compare with.\n"
    if state.list_dropped(previous):
        return f"Run {previous['id']}'s ranked list is no longer kept (--keep-runs): nothing to compare with.\n"
    now = state.run(run_id)
    assert now is not None  # this run's own row, opened by _run
    d = diff_runs(state.run_files(previous["id"]), state.run_files(run_id))
    return render_diff(d, previous, now)


def _report(opts: ScreenOptions, records: list[Record], counts: dict[str, int],
            stateful: bool) -> str:
    out = str(opts.output)
    if not records:
        return f"No PDFs found in {', '.join(opts.paths)}. Wrote an empty {out}"
    if stateful and counts["screened"] == 0 and not opts.rescreen:
        return (f"Nothing new to screen: {counts['found']} file(s) unchanged since they were last screened "
                f"({counts['ranked']} ranked). Wrote {out}")
    return summary(records, out, opts.taxonomy.version, opts.role, opts.as_of, counts)


def summary(records: list[Record], output: str, version: str, role: str, as_of: str,
            counts: dict[str, int] | None = None) -> str:
    ok = [r for r in records if r.status == "ok"]
    dup = [r for r in records if r.status == "duplicate"]
    bad = [r for r in records if r.status not in ("ok", "duplicate")]
    profiles = Counter(r.profile for r in ok)
    fresh = ""
    if counts is not None and counts["reused"]:
        fresh = f" ({counts['screened']} screened now, {counts['reused']} unchanged since the last run)"
    lines = [
        f"Screened {len(records)} file(s){fresh} for {role} (as of {as_of}, taxonomy {version}): "
        f"{len(ok)} ranked, {len(bad)} could not be read"
        + (f", {len(dup)} duplicate(s)" if dup else "") + f". Wrote {output}",
        "Profiles: " + ", ".join(f"{p} {profiles.get(p, 0)}" for p in PROFILES),
    ]
    if ok:
        lines.append("Top 5:")
        for r in ok[:TOP_SHOWN]:
            flags = f"  [{'; '.join(r.red_flags)}]" if r.red_flags else ""
            who = r.candidate or Path(r.file).name
            lines.append(f"  {r.rank:>3}. {r.fit_score:5.1f}  {who} ({r.profile}){flags}")
    if dup:
        lines.append("Duplicates (ranked once, as the newest file):")
        lines.extend(f"  {r.file}: {r.notes}" for r in dup[:DUPLICATES_SHOWN])
        if len(dup) > DUPLICATES_SHOWN:
            lines.append(f"  ... and {len(dup) - DUPLICATES_SHOWN} more (status `duplicate` in the output)")
    if bad:
        lines.append("Could not be screened:")
        lines.extend(f"  {r.file}: {r.status} - {r.reason}" for r in bad)
    return "\n".join(lines)


def _progress_bar(quiet: bool) -> Callable[[int, int], None] | None:
    """Files done, rate and time left on stderr, redrawn at most ten times a second; only on a terminal."""
    if quiet or not sys.stderr.isatty():
        return None
    start = time.monotonic()
    last = [0.0]

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - last[0] < 0.1:
            return
        last[0] = now
        elapsed = now - start
        rate = done / elapsed if elapsed > 0 else 0.0
        left = (total - done) / rate if rate > 0 else 0.0
        width = 30
        filled = int(width * done / max(total, 1))
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files "
                         f"{rate:6.1f}/s  {_duration(left)} left ")
        sys.stderr.flush()

    return show


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
