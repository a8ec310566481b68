"""What a person decided about a candidate: an append-only table in the state database.

screener ranks and explains; a person decides. Each decision is one row that is never changed
or deleted: who the candidate is (`state.identity`: email, else name and phone, else the file's
hash, so a candidate who sends a new resume keeps their history), the decision (shortlist, hold,
decline), a reason code (`codes.DECISION_REASONS`) and free text, the reviewer, the time (UTC),
the rank and score the reviewer saw at that moment, the run, and the file's hash. A later screen
never touches this table; the latest row per candidate is their current decision.

`screener decisions` exports the table: the human-oversight record.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields, replace

from screener.codes import DECISION_REASONS, DECISIONS
from screener.record import Record
from screener.run.audit import log_decision
from screener.run.errors import UsageError
from screener.run.state import State, identity

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS decisions (
    id        INTEGER PRIMARY KEY,
    identity  TEXT NOT NULL,
    candidate TEXT NOT NULL,
    decision  TEXT NOT NULL,
    reason    TEXT NOT NULL,
    note      TEXT NOT NULL,
    reviewer  TEXT NOT NULL,
    decided   TEXT NOT NULL,
    rank      INTEGER,
    fit_score REAL,
    run_id    INTEGER,
    sha256    TEXT NOT NULL,
    file      TEXT NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS decisions_by_identity ON decisions (identity, id)",
    # Append-only, enforced by the database itself: no edit and no delete, whatever the client.
    """CREATE TRIGGER IF NOT EXISTS decisions_no_update BEFORE UPDATE ON decisions
    BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS decisions_no_delete BEFORE DELETE ON decisions
    BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END""",
)
# Free text is kept, but not without bound.
MAX_NOTE = 4000
MAX_REVIEWER = 200


@dataclass(frozen=True)
class DecisionRow:
    """One decision as recorded (`id` and `decided` are set when it is recorded)."""

    identity: str
    candidate: str
    decision: str
    reason: str
    note: str
    reviewer: str
    rank: int | None
    fit_score: float | None
    run_id: int | None
    sha256: str
    file: str
    id: int = 0
    decided: str = ""


COLUMNS = tuple(f.name for f in fields(DecisionRow))
EXPORT_COLUMNS = ("id", "decided", "reviewer", "candidate", "identity", "decision", "reason", "note", "rank",
                  "fit_score", "run_id", "file", "sha256")


def ensure_table(db: sqlite3.Connection) -> None:
    for stmt in _SCHEMA:
        db.execute(stmt)


def decision_for(record: Record, decision: str, reason: str, note: str, reviewer: str,
                 run_id: int | None) -> DecisionRow:
    """A decision on a record as the reviewer saw it (its rank and score), checked; UsageError if not valid."""
    reviewer = " ".join(reviewer.split())
    if decision not in DECISIONS:
        raise UsageError(f"unknown decision {decision!r}; use one of {', '.join(DECISIONS)}")
    if reason not in DECISION_REASONS:
        raise UsageError(f"unknown reason code {reason!r}; use one of {', '.join(DECISION_REASONS)}")
    if not reviewer:
        raise UsageError("a decision needs the reviewer's name")
    if len(note) > MAX_NOTE or len(reviewer) > MAX_REVIEWER:
        raise UsageError(f"the note is limited to {MAX_NOTE} characters and the name to {MAX_REVIEWER}")
    return DecisionRow(identity(record), record.candidate, decision, reason, note.strip(), reviewer, record.rank,
                       record.fit_score, run_id, record.sha256, record.file)


def record_decision(state: State, row: DecisionRow) -> DecisionRow:
    """Append one decision (committed at once); the row as stored, with its id and UTC time."""
    decided = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with state.transaction() as db:
        ensure_table(db)
        cur = db.execute(
            "INSERT INTO decisions (identity, candidate, decision, reason, note, reviewer, decided, rank,"
            " fit_score, run_id, sha256, file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (row.identity, row.candidate, row.decision, row.reason, row.note, row.reviewer, decided, row.rank,
             row.fit_score, row.run_id, row.sha256, row.file),
        )
        log_decision(db, row, decided)  # the audit log's entry, in the same transaction
    return replace(row, id=int(cur.lastrowid or 0), decided=decided)


def _has_table(db: sqlite3.Connection) -> bool:
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'decisions'").fetchone()
    return found is not None


def _row(r: sqlite3.Row) -> DecisionRow:
    return DecisionRow(**{c: r[c] for c in COLUMNS})


def all_decisions(state: State) -> list[DecisionRow]:
    """Every decision ever recorded, oldest first."""
    if not _has_table(state.db):
        return []
    return [_row(r) for r in state.db.execute("SELECT * FROM decisions ORDER BY id")]


def history_of(state: State, who: str) -> list[DecisionRow]:
    """One candidate's decisions (by identity), oldest first."""
    if not _has_table(state.db):
        return []
    return [_row(r) for r in state.db.execute("SELECT * FROM decisions WHERE identity = ? ORDER BY id", (who,))]


def latest(state: State, identities: Iterable[str] | None = None) -> dict[str, str]:
    """The current decision per candidate identity (the latest row), for all or the given identities."""
    if not _has_table(state.db):
        return {}
    sql = ("SELECT identity, decision FROM decisions WHERE id IN"
           " (SELECT max(id) FROM decisions GROUP BY identity)")
    current = {str(i): str(d) for i, d in state.db.execute(sql)}
    if identities is None:
        return current
    return {i: current[i] for i in identities if i in current}


def with_decisions(state: State, records: Sequence[Record]) -> list[Record]:
    """The records with their candidate's latest decision in `decision` (the ranked CSV's last column)."""
    current = latest(state)
    if not current:
        return list(records)
    return [replace(r, decision=current.get(identity(r), "")) for r in records]


def export(rows: Sequence[DecisionRow], fmt: str) -> str:
    """The decisions as CSV (EXPORT_COLUMNS, spreadsheet-safe) or as a JSON array."""
    if fmt == "json":
        return json.dumps([{c: asdict(r)[c] for c in EXPORT_COLUMNS} for r in rows], indent=2,
                          ensure_ascii=False) + "\n"
    from screener.output.csv import safe_cell

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for r in rows:
        d = asdict(r)
        writer.writerow([safe_cell(d[c]) if d[c] is not None else "" for c in EXPORT_COLUMNS])
    return buf.getvalue()
