"""Reading back what a screen saved, so `screener report` can redraw the page without screening again.

`load_records(path)` takes a JSONL file (`--format jsonl` or `--jsonl`) or the state database (a
file, or a folder holding `.screener/state.db`) and gives the records in rank order with the run
info the report needs.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from screener.output.report import run_info
from screener.run.state import Key, RankedRow, RunRow, State, StateError

_SQLITE_MAGIC = b"SQLite format 3\x00"
_STATE_PLACES = (Path(".screener") / "state.db", Path("state.db"))
# A run's start time as the source line shows it: date and time to the second.
_STARTED_CHARS = 19
_GONE = "The full result is no longer in the state database; screen the file again for the evidence."
_DUPLICATE = "Duplicate of another file in this run (the same candidate), which is ranked instead."


class ReportError(Exception):
    """The source cannot be drawn: missing, not a screen's JSONL, or an unusable state database."""


def load_records(path: str | Path, run_id: int | None = None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The records and run info of a saved screen: a JSONL file or a state database.

    A JSONL file is what `screener screen --format jsonl` wrote, one record a line in rank
    order; it does not record the as-of date, so the page shows the resumes' own dates. A
    state database (a file, or a folder holding `.screener/state.db`) gives the latest
    completed run, or run `run_id`.
    """
    p = Path(path)
    if p.is_dir():
        found = next((p / place for place in _STATE_PLACES if (p / place).is_file()), None)
        if found is None:
            raise ReportError(f"{path} is a folder without a state database (.screener/state.db)")
        p = found
    if not p.is_file():
        raise ReportError(f"no such file: {path}")
    try:
        with p.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise ReportError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if head == _SQLITE_MAGIC:
        return _load_state(p, run_id)
    return _load_jsonl(p)


def _load_jsonl(p: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportError(f"{p} is not a text file; give the JSONL from `screener screen --format jsonl` "
                          "or the state database") from exc
    except OSError as exc:
        raise ReportError(f"cannot read {p}: {exc.strerror or exc}") from exc
    records: list[dict[str, Any]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            hint = " (a CSV holds too little to draw the evidence: screen with --format jsonl or --html)" \
                if n == 1 and line.startswith("rank,") else ""
            raise ReportError(f"{p}:{n}: not a JSON record: {exc.msg}{hint}") from exc
        if not isinstance(rec, dict) or "file" not in rec or "status" not in rec:
            raise ReportError(f"{p}:{n}: not a screener record (no 'file' and 'status')")
        records.append(rec)
    if not records:
        raise ReportError(f"{p} holds no records")
    return records, run_info(records, source=p.name, profile_rule=_bundled_profile_rule(records),
                             job=_saved_job(records))


def _saved_job(records: list[dict[str, Any]]) -> Any:
    """A `screen --job` JSONL's fits (each line's `job`), for the report's requirement tables; the JD's own
    analysis is not in the JSONL, so the page has no JD section (None: not screened against a job)."""
    from screener.job.model import JobFit
    from screener.job.ranking import JobOutput

    fits = {str(r["file"]): JobFit.from_json(r["job"]) for r in records if isinstance(r.get("job"), dict)}
    return JobOutput(None, fits) if fits else None


def _bundled_profile_rule(records: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The bundled scoring.toml's profile thresholds, when the records were made with that taxonomy."""
    try:
        from screener.taxonomy import default_taxonomy_dir, load_taxonomy

        tax = load_taxonomy(default_taxonomy_dir())
    except Exception:  # noqa: BLE001 - the guides fall back to the defaults
        return None
    if not any(r.get("taxonomy_version") == tax.version for r in records):
        return None
    rule = tax.scoring.get("profile") if isinstance(tax.scoring, dict) else None
    return dict(rule) if isinstance(rule, dict) else None


def _open_state(p: Path) -> State:
    try:
        return State(p, create=False)
    except (StateError, sqlite3.Error, OSError, ValueError) as exc:  # say what went wrong, as the state says it
        raise ReportError(str(exc)) from exc


def _chosen_run(db: State, p: Path, run_id: int | None) -> RunRow:
    """Run `run_id`, or the latest completed run, with its ranked list still kept."""
    if run_id is not None:
        run_row = db.run(run_id)
        if run_row is None:
            raise ReportError(f"{p} has no run {run_id}")
    else:
        run_row = next((r for r in db.runs() if r.get("status") == "completed"), None)
        if run_row is None:
            raise ReportError(f"{p} has no completed run yet (run `screener screen` first)")
    if db.list_dropped(run_row):
        raise ReportError(f"run {run_row['id']}'s ranked list is no longer kept in {p} (--keep-runs); "
                          "`screener history` still shows its counts")
    return run_row


def _load_state(p: Path, run_id: int | None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The records of one run from the state database, read through `State`'s own methods."""
    db = _open_state(p)
    try:
        run_row = _chosen_run(db, p, run_id)
        key = Key(role=run_row["role"], engine=run_row["engine"], taxonomy_version=run_row["taxonomy_version"],
                  screener_version=run_row["screener_version"], as_of=run_row["as_of"])
        records = []
        for row in db.run_files(run_row["id"]):
            stored = db.lookup(row.get("sha256") or "", key) if row.get("sha256") else None
            records.append(_state_record(row, stored, run_row))
    finally:
        db.close()
    if not records:
        raise ReportError(f"run {run_row['id']} in {p} holds no files")
    source = f"{p.name}, run {run_row['id']}"
    if run_row.get("started"):
        source += f" started {str(run_row['started'])[:_STARTED_CHARS].replace('T', ' ')}"
    if run_row.get("status") != "completed":
        source += f" ({run_row.get('status')})"
    options = run_row.get("options") or {}
    return records, run_info(records, role=run_row.get("role"), as_of=run_row.get("as_of"),
                             taxonomy_version=run_row.get("taxonomy_version"), source=source,
                             profile_rule=_bundled_profile_rule(records), from_state=True, run_id=run_row["id"],
                             screened_job=options.get("job") if isinstance(options, dict) else None)


def _state_record(row: RankedRow, stored: dict[str, Any] | None, run_row: RunRow) -> dict[str, Any]:
    """A run's file as the run ranked it: its stored record with the run's rank, path and status."""
    base: dict[str, Any] = stored or {
        "candidate": row.get("candidate") or "", "fit_score": row.get("fit_score"),
        "profile": row.get("profile") or "", "red_flags": list(row.get("red_flags") or []),
        "role": run_row.get("role"), "taxonomy_version": run_row.get("taxonomy_version"),
        "notes": _GONE, "reason": "",
    }
    rec = {**base, "rank": row.get("rank"), "file": row.get("path") or base.get("file"), "status": row.get("status")}
    if row.get("status") == "duplicate" and stored is not None:
        rec.update(notes=_DUPLICATE, reason=_DUPLICATE)
    return rec
