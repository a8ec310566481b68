"""The audit log: who ran screener on what, with which versions, what came out, and what people decided.

One append-only table in the state database, `audit_log`. SQLite triggers refuse every UPDATE and
DELETE, whatever the client; the one exception is `prune`, which drops entries older than the
retention inside a single transaction that lifts the delete guard, deletes, puts the guard back and
logs the pruning itself (a transaction killed midway leaves the guard and every entry as they were).

A run writes its entries as it goes, each step committed on its own: the start (operator, command
line, versions, the job description's hash), the files found by the plan, each file as it is
screened, the rows of the outputs once written, the end. A run killed with SIGKILL keeps every entry
of the steps it completed. Each entry carries a hash chained to the one before (`link`), so an entry
edited or removed by hand, triggers dropped, shows (`verify`). Decisions are logged in the same
transaction that records them (run/decisions.py), from the web app or any other caller alike.

Retention: `--audit-retention DAYS` (or `audit-retention` in screener.toml), default three years
(Colorado SB 26-189 keeps records three years), never under six months (EU AI Act Art. 26(6):
deployers keep the logs at least six months).
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import hashlib
import io
import itertools
import json
import math
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from screener.record import Record
from screener.run.retention import MIN_RETENTION_DAYS
from screener.run.state import Key, State, screener_version

if TYPE_CHECKING:
    from screener.job.ranking import JobOutput
    from screener.run.rows import Row


class Filed(Protocol):
    """A file's result as the log names it: a Record, or a run's summary row (run/rows.Row)."""

    @property
    def file(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def status(self) -> str: ...

TABLE = "audit_log"

COLUMNS = ("id", "at", "run_id", "event", "operator", "subject", "sha256", "status", "detail", "chain")
# What an entry's chain hash covers, in this order (its id is its place in the chain, not part of it).
_CHAINED = ("at", "run_id", "event", "operator", "subject", "sha256", "status", "detail")


class Event:
    """What an entry records (the `event` column)."""

    RUN_STARTED = "run-started"  # operator, command line, versions, the job description's hash
    INPUT = "input"  # one file found: its hash and status, and how its result was had
    OUTPUT_FILE = "output-file"  # one output written: the whole file's hash
    OUTPUT_ROW = "output-row"  # one ranked row: the hash of its line in the ranked CSV
    RUN_ENDED = "run-ended"  # completed, interrupted or failed, with the counts
    DECISION = "decision"  # a person's decision on a candidate
    PRUNED = "pruned"  # entries older than the retention were dropped


_TABLE = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    run_id   INTEGER,
    event    TEXT NOT NULL,
    operator TEXT NOT NULL,
    subject  TEXT NOT NULL,
    sha256   TEXT NOT NULL,
    status   TEXT NOT NULL,
    detail   TEXT NOT NULL,
    chain    TEXT NOT NULL
)"""
_NO_UPDATE = f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"""
_NO_DELETE = f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"""
_SCHEMA = (_TABLE, f"CREATE INDEX IF NOT EXISTS {TABLE}_by_time ON {TABLE} (at)", _NO_UPDATE, _NO_DELETE)


class RetentionError(ValueError):
    """A retention shorter than the law allows."""


def check_retention(days: int) -> int:
    if days < MIN_RETENTION_DAYS:
        raise RetentionError(f"an audit retention of {days} days is under six months ({MIN_RETENTION_DAYS} days), "
                             "the least the EU AI Act (Art. 26(6)) allows")
    return days


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name and no passwd entry (a bare container)
        return "unknown"


def ensure_table(db: sqlite3.Connection) -> None:
    for stmt in _SCHEMA:
        db.execute(stmt)


def _has_table(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)).fetchone() is not None


class Entry(NamedTuple):
    """One entry before it is written (`at` and `id` come with the write). A tuple: a night writes two a file."""

    event: str
    operator: str
    run_id: int | None = None
    subject: str = ""
    sha256: str = ""
    status: str = ""
    detail: Mapping[str, Any] | str | None = None  # a str is the detail's JSON already (`_detail_json`)


def link(previous: str, values: Sequence[Any]) -> str:
    """An entry's chain hash: the previous entry's chain and this entry's values (`_CHAINED`), hashed.
    Editing or deleting any entry, even with the guard dropped by hand, breaks the chain after it."""
    return hashlib.sha256((previous + _list_json(values)).encode("utf-8")).hexdigest()


# json.dumps(..., ensure_ascii=False) of an entry's plain values, without building an encoder per call: a night
# logs two entries a file (100,000 files: 200,000 entries). Anything but str, int, float, bool and None goes
# to json.dumps itself; tests/test_audit_log.py checks the two agree.
def _value_json(v: Any) -> str:
    if v is None:
        return "null"
    kind = v.__class__
    if kind is str:
        return encode_basestring(v)
    if kind is int:
        return int.__repr__(v)
    if kind is float and math.isfinite(v):
        return float.__repr__(v)
    if kind is bool:
        return "true" if v else "false"
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def _list_json(values: Sequence[Any]) -> str:
    return "[" + ", ".join([_value_json(v) for v in values]) + "]"


def _detail_json(detail: Mapping[str, Any] | str | None) -> str:
    """json.dumps(dict(detail), sort_keys=True, ensure_ascii=False); a str is taken as that JSON already."""
    if detail.__class__ is str:
        return str(detail)
    if not detail:
        return "{}"
    assert not isinstance(detail, str)
    if not all(k.__class__ is str for k in detail):
        return json.dumps(dict(detail), sort_keys=True, ensure_ascii=False)
    return "{" + ", ".join([encode_basestring(k) + ": " + _value_json(detail[k]) for k in sorted(detail)]) + "}"


def _last_chain(db: sqlite3.Connection) -> str:
    row = db.execute(f"SELECT chain FROM {TABLE} ORDER BY id DESC LIMIT 1").fetchone()
    return str(row[0]) if row else ""


def append(db: sqlite3.Connection, entries: Iterable[Entry]) -> None:
    """Add entries inside the caller's transaction (BEGIN IMMEDIATE: the chain's last link cannot move
    under it); the table is made when missing. Each row is made as SQLite takes it: a night's 100,000 are
    never all held at once."""
    ensure_table(db)
    db.executemany(f"INSERT INTO {TABLE} ({', '.join(_CHAINED)}, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   _chained(now(), _last_chain(db), entries))


def _chained(at: str, previous: str, entries: Iterable[Entry]) -> Iterator[tuple[Any, ...]]:
    """The entries' rows, each with its link (`link(previous, values)`, the JSON of the values entries share,
    time, run, event and operator, made once)."""
    heads: dict[tuple[Any, ...], str] = {}
    for e in entries:
        values = (at, e.run_id, e.event, e.operator, e.subject, e.sha256, e.status, _detail_json(e.detail))
        shared = values[1:4]
        head = heads.get(shared) or heads.setdefault(shared, _list_json(values[:4])[:-1] + ", ")
        text = head + _value_json(e.subject) + ", " + _value_json(e.sha256) + ", " + _value_json(e.status) + ", " \
            + encode_basestring(values[7]) + "]"
        previous = hashlib.sha256((previous + text).encode("utf-8")).hexdigest()
        yield (*values, previous)


def commit(state: State, entries: Sequence[Entry]) -> None:
    """Add entries in a transaction of their own: once this returns they survive any kill."""
    if entries:
        with state.transaction() as db:
            append(db, entries)


def row_hash(record: Record, job: JobOutput | None = None) -> str:
    """The hash of a row as the ranked CSV writes it (UTF-8, its newline included): `sed -n 2p ranked.csv |
    sha256sum` gives the first row's. The CSV row, not the JSONL line: a third of the cost (0.2 ms a row).
    Against a job (--job), the row's job columns are part of it, as in the CSV."""
    from screener.output.csv import csv_row, job_cells

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(csv_row(record) + (job_cells(record, job) if job else []))
    return hashlib.sha256(buf.getvalue().encode("utf-8")).hexdigest()


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _job_hash(invocation: Mapping[str, Any]) -> str:
    """The job description's hash, when the run was given one (`--job`)."""
    given = invocation.get("job_sha256")
    if isinstance(given, str) and given:
        return given
    job = invocation.get("job")
    if isinstance(job, Mapping) and isinstance(job.get("sha256"), str):  # the run row's job (job/ranking.py)
        return str(job["sha256"])
    if isinstance(job, str) and job:
        try:
            return file_hash(Path(job))
        except OSError:
            return ""
    return ""


@dataclass
class RunAudit:
    """One run's entries, written as the run proceeds (see inbox.py's calls)."""

    state: State
    run_id: int
    operator: str

    def _entry(self, event: str, subject: str = "", sha256: str = "", status: str = "",
               detail: Mapping[str, Any] | str | None = None) -> Entry:
        return Entry(event, self.operator, self.run_id, subject, sha256, status, detail)

    def inputs(self, records: Sequence[Filed], how: str) -> None:
        """Files whose result is had: `screened` now, or `planned` (reused from the state, or decided from
        the file's kind without screening)."""
        if not records:
            return
        detail, operator, run_id = _detail_json({"how": how}), self.operator, self.run_id  # one JSON for all
        with self.state.transaction() as db:  # commit(), each entry made as it is written
            append(db, (Entry(Event.INPUT, operator, run_id, r.file, r.sha256, r.status, detail) for r in records))

    def outputs(self, records: Iterable[Record], written: Sequence[Path], job: JobOutput | None = None) -> None:
        """The outputs in place: each file's hash, then each row's (the hash of its ranked CSV line, as written:
        blinded under --blind, with the job's columns under --job)."""
        entries = [self._entry(Event.OUTPUT_FILE, str(p), file_hash(p), "written") for p in written if p.is_file()]
        entries += [self._entry(Event.OUTPUT_ROW, r.file, row_hash(r, job), r.status,
                                {"rank": r.rank, "fit_score": r.fit_score}) for r in records]
        commit(self.state, entries)

    def output_hashes(self, rows: Sequence[Row], hashes: Sequence[bytes], written: Sequence[Path]) -> None:
        """`outputs` from the hashes of the ranked CSV's lines as a run made them (run/stream.py `line_hashes`), one
        per row in rank order: the same entries, without a record built again."""
        files = [self._entry(Event.OUTPUT_FILE, str(p), file_hash(p), "written") for p in written if p.is_file()]
        operator, run_id, row = self.operator, self.run_id, Event.OUTPUT_ROW
        entries = (Entry(row, operator, run_id, r.file, digest.hex(), r.status,
                         '{"fit_score": ' + _value_json(r.fit_score) + ', "rank": ' + _value_json(r.rank) + "}")
                   for r, digest in zip(rows, hashes, strict=True))
        if files or rows:
            with self.state.transaction() as db:  # commit(), each entry made as it is written
                append(db, itertools.chain(files, entries))

    def ended(self, status: str, counts: Mapping[str, int] | None = None, reason: str = "") -> None:
        detail: dict[str, Any] = {"counts": dict(counts or {})}
        if reason:
            detail["reason"] = reason
        commit(self.state, [self._entry(Event.RUN_ENDED, status=status, detail=detail)])


def run_started(state: State, run_id: int, key: Key, invocation: Mapping[str, Any]) -> RunAudit:
    """The run's first entry: who, the command line, every version, the job description's hash."""
    from screener import __version__

    operator = str(invocation.get("operator") or "") or os_user()
    argv = invocation.get("argv")
    detail = {
        "argv": list(argv) if isinstance(argv, list | tuple) else list(sys.argv),
        "screener_version": __version__,
        "code_version": screener_version(),
        "taxonomy_version": key.taxonomy_version,
        "scoring_version": key.screener_version,  # the code that makes results + every taxonomy file's digest
        "role": key.role,
        "as_of": key.as_of,
        "engine": key.engine,
        "operator_source": "--operator" if invocation.get("operator") else "os user",
    }
    audit = RunAudit(state, run_id, operator)
    commit(state, [audit._entry(Event.RUN_STARTED, " ".join(detail["argv"]), _job_hash(invocation), "running",
                                detail)])
    return audit


def log_decision(db: sqlite3.Connection, row: Any, decided: str) -> None:
    """A decision, inside the transaction that records it (run/decisions.py's DecisionRow)."""
    append(db, [Entry(Event.DECISION, row.reviewer, row.run_id, row.candidate, row.sha256, row.decision,
                      {"identity": row.identity, "reason": row.reason, "note": row.note, "rank": row.rank,
                       "fit_score": row.fit_score, "file": row.file, "decided": decided})])


def prune(state: State, retention_days: int, operator: str, today: dt.date | None = None) -> int:
    """Drop entries older than the retention; how many went. The one path that deletes: the guard is
    lifted and put back inside one transaction, which also logs the pruning."""
    check_retention(retention_days)
    cutoff = ((today or dt.datetime.now(dt.UTC).date()) - dt.timedelta(days=retention_days)).isoformat()
    with state.transaction() as db:
        ensure_table(db)
        # A prefix of the log, by id (the chain goes on from it): the entries before the first one at or
        # after the cut-off. Never a newer entry, even behind an older time (a clock set back).
        first_kept = db.execute(f"SELECT min(id) FROM {TABLE} WHERE at >= ?", (cutoff,)).fetchone()[0]
        last = db.execute(f"SELECT max(id) FROM {TABLE}" + (" WHERE id < ?" if first_kept is not None else ""),
                          (first_kept,) if first_kept is not None else ()).fetchone()[0]
        if last is None:
            return 0
        anchor = db.execute(f"SELECT chain FROM {TABLE} WHERE id = ?", (last,)).fetchone()[0]
        db.execute(f"DROP TRIGGER {TABLE}_no_delete")
        old = db.execute(f"DELETE FROM {TABLE} WHERE id <= ?", (last,)).rowcount
        db.execute(_NO_DELETE)
        # The chain of the last entry dropped: where `verify` starts the chain of the first one kept.
        append(db, [Entry(Event.PRUNED, operator, None, "", "", "pruned",
                          {"removed": old, "before": cutoff, "retention_days": retention_days, "anchor": anchor})])
    return int(old)


def verify(state: State) -> tuple[int, int | None]:
    """Walk the chain: (entries checked, the id of the first entry whose chain does not follow, or None)."""
    if not _has_table(state.db):
        return 0, None
    pruned = state.db.execute(f"SELECT detail FROM {TABLE} WHERE event = ? ORDER BY id DESC LIMIT 1",
                              (Event.PRUNED,)).fetchone()
    previous = str(json.loads(pruned[0]).get("anchor", "")) if pruned else ""
    checked = 0
    for r in state.db.execute(f"SELECT id, {', '.join(_CHAINED)}, chain FROM {TABLE} ORDER BY id"):
        if link(previous, [r[c] for c in _CHAINED]) != r["chain"]:
            return checked, int(r["id"])
        previous, checked = r["chain"], checked + 1
    return checked, None


def iter_entries(state: State, since: str | None = None) -> Iterator[dict[str, Any]]:
    """Every entry (from `since`, a date or time, on), oldest first, `detail` decoded; one at a time, for
    a log of millions of entries."""
    if not _has_table(state.db):
        return
    sql = f"SELECT * FROM {TABLE}" + (" WHERE at >= ?" if since else "") + " ORDER BY id"
    for r in state.db.execute(sql, (since,) if since else ()):
        yield {**{c: r[c] for c in COLUMNS}, "detail": json.loads(r["detail"])}


def entries(state: State, since: str | None = None) -> list[dict[str, Any]]:
    return list(iter_entries(state, since))


def export(rows: Iterable[Mapping[str, Any]], fmt: str) -> Iterator[str]:
    """The entries as JSON lines, or as CSV (`detail` as JSON text; spreadsheet-safe cells), a line at a time."""
    if fmt == "jsonl":
        for r in rows:
            yield json.dumps(dict(r), ensure_ascii=False) + "\n"
        return
    from screener.output.csv import safe_cell

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:
        cells = [json.dumps(r[c], ensure_ascii=False, sort_keys=True) if c == "detail" else r[c] for c in COLUMNS]
        writer.writerow(["" if v is None else safe_cell(v) for v in cells])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if buf.getvalue():  # the header alone, for an empty log
        yield buf.getvalue()
