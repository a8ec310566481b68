"""What the pages show, read from the state database: the run, a candidate's Record, their decisions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from screener.record import Record
from screener.run.decisions import DecisionRow, history_of
from screener.run.state import Key, RunRow, State, identity


def latest_run(state: State) -> RunRow | None:
    """The latest completed run whose list is still kept: the one the app shows."""
    for run in state.runs():
        if run["status"] == "completed" and not state.list_dropped(run):
            return run
    return None


def key_of(run: RunRow) -> Key:
    return Key(role=run["role"], engine=run["engine"], taxonomy_version=run["taxonomy_version"],
               screener_version=run["screener_version"], as_of=run["as_of"])


def record_at(state: State, run: RunRow, position: int) -> Record | None:
    """The typed Record of one file of the run, as the run ranked it (its rank, path and status)."""
    row = state.db.execute("SELECT * FROM run_files WHERE run_id = ? AND position = ?",
                           (run["id"], position)).fetchone()
    if row is None:
        return None
    stored = state.lookup(row["sha256"], key_of(run)) if row["sha256"] else None
    if stored is None:
        import json

        rec = Record(candidate=row["candidate"], fit_score=row["fit_score"], profile=row["profile"],
                     red_flags=tuple(json.loads(row["red_flags"])), role=run["role"],
                     notes="The full result is no longer in the state database; screen the file again.")
    else:
        rec = Record.from_json(stored)
    return replace(rec, rank=row["rank"], file=row["path"], status=row["status"], sha256=row["sha256"])


def decisions_of(state: State, rec: Record) -> list[DecisionRow]:
    return history_of(state, identity(rec))


def inside(root: Path, path: str) -> Path | None:
    """The file a run recorded as `path` (as found: absolute, or relative to where the run ran, or to the
    inbox), when it resolves to a file inside `root` (no '..', no symlink out of it); else None."""
    try:
        base = root.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    for candidate in (Path(path), base / path):
        try:
            target = candidate.resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            continue
        if target.is_file() and target.is_relative_to(base):
            return target
    return None
