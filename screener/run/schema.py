"""The state database's tables, and the upgrade of an older database to them.

Schema 2 (issue 20) splits what a nightly run reads from what it rarely reads:

- `results` holds, per content hash and key, the columns that ranking and counting need (score,
  weights, name, email, phone, resume date, profile, flags, reason) and `summary`, the record's CSV
  columns as JSON (a few hundred bytes): ranking a run and writing its CSV never decode a full record;
- `records` holds the full record (the JSONL object, zlib-compressed), one row per result, read one at
  a time only by the writers that need it (JSONL, the report's top candidates);
- `files` maps a file's (device, inode) with its size and mtime in nanoseconds to the sha256 taken
  when it was last read: an unchanged file is recognised without reading it.

Schema 3 (issue 20, the no-change night and the moving as-of) adds to `results`:

- `cells`, the record's CSV cells as the writer quotes them (output/csv.py `stored_cells`): a night
  writes each unchanged row by putting back rank, name, date, note, status and decision, building no
  record;
- `pdf_date`, for a result whose resume date is --as-of: the document's own date ('' for none); NULL
  for a result dated by its document, or one stored before schema 3 (screened again as before);

and the table `documents`: for those same results, the Document judgement starts from, so that a run
on another day re-judges it without reading the file (run/redate.py).

A schema-1 database is upgraded in place, once, in one transaction: each stored record is decoded
once to fill its summary columns, then compressed into `records`; a record that cannot be decoded is
dropped (its file is screened again, as it would have been). Runs, ranked lists and decisions are kept
as they were. A schema-2 database gains its cells in place, from each result's `summary` (no full
record decoded); its results dated by --as-of have no Document stored, so they are screened again
on another day, as before.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator
from typing import Any

from screener.record import CSV_COLUMNS, Record

SCHEMA_VERSION = 3

TABLES = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id               INTEGER PRIMARY KEY,
    started          TEXT NOT NULL,
    finished         TEXT,
    status           TEXT NOT NULL,
    pid              INTEGER NOT NULL,
    role             TEXT NOT NULL,
    as_of            TEXT NOT NULL,
    engine           TEXT NOT NULL,
    taxonomy_version TEXT NOT NULL,
    screener_version TEXT NOT NULL,
    options          TEXT NOT NULL,
    found            INTEGER,
    screened         INTEGER,
    reused           INTEGER,
    ranked           INTEGER,
    duplicates       INTEGER,
    failed           INTEGER
);
CREATE TABLE IF NOT EXISTS results (
    id               INTEGER PRIMARY KEY,
    sha256           TEXT NOT NULL,
    role             TEXT NOT NULL,
    engine           TEXT NOT NULL,
    taxonomy_version TEXT NOT NULL,
    screener_version TEXT NOT NULL,
    as_of            TEXT NOT NULL,
    valid_from       TEXT,
    status           TEXT NOT NULL,
    fit_score        REAL,
    column_a         REAL NOT NULL,
    column_b         REAL NOT NULL,
    target           TEXT NOT NULL,
    candidate        TEXT NOT NULL,
    email            TEXT NOT NULL,
    phone            TEXT NOT NULL,
    resume_date      TEXT NOT NULL,
    profile          TEXT NOT NULL,
    red_flags        TEXT NOT NULL,
    reason           TEXT NOT NULL,
    summary          TEXT NOT NULL,
    cells            TEXT NOT NULL DEFAULT '',
    pdf_date         TEXT,
    run_id           INTEGER NOT NULL REFERENCES runs(id),
    screened_at      TEXT NOT NULL,
    UNIQUE (sha256, role, engine, taxonomy_version, screener_version, as_of)
);
CREATE INDEX IF NOT EXISTS results_by_key
    ON results (role, engine, taxonomy_version, screener_version, as_of, valid_from);
CREATE TABLE IF NOT EXISTS records (
    id     INTEGER PRIMARY KEY REFERENCES results(id) ON DELETE CASCADE,
    record BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    id       INTEGER PRIMARY KEY REFERENCES results(id) ON DELETE CASCADE,
    document BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS run_files (
    run_id    INTEGER NOT NULL REFERENCES runs(id),
    position  INTEGER NOT NULL,
    path      TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    identity  TEXT NOT NULL,
    candidate TEXT NOT NULL,
    rank      INTEGER,
    fit_score REAL,
    profile   TEXT NOT NULL,
    status    TEXT NOT NULL,
    red_flags TEXT NOT NULL,
    PRIMARY KEY (run_id, position)
);
CREATE TABLE IF NOT EXISTS files (
    device   INTEGER NOT NULL,
    inode    INTEGER NOT NULL,
    size     INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256   TEXT NOT NULL,
    kind     TEXT NOT NULL,
    seen     INTEGER NOT NULL,
    PRIMARY KEY (device, inode)
) WITHOUT ROWID;
"""

# The columns `results` keeps besides the key, in the order `summary_values` gives them.
SUMMARY_COLUMNS = ("status", "fit_score", "column_a", "column_b", "target", "candidate", "email", "phone",
                   "resume_date", "profile", "red_flags", "reason", "summary", "cells")
# What a run's rows are made of (rows.Row.stored): the summary columns but the two texts.
ROW_COLUMNS = tuple(c for c in SUMMARY_COLUMNS if c not in ("summary", "cells"))
# The record's keys kept in `summary`: its CSV columns and what the report counts of a record it does
# not carry in full (output/html.py COUNTED_FIELDS).
SUMMARY_KEYS = (*CSV_COLUMNS, "role", "reason", "column_a", "column_b")


def statements(script: str) -> Iterator[str]:
    """The statements of a script, one by one (executescript() would commit on its own)."""
    for stmt in script.split(";"):
        if stmt.strip():
            yield stmt


def summary_json(stored: dict[str, Any]) -> str:
    """The `summary` column: the stored record's CSV columns and counted fields, as JSON."""
    return json.dumps({k: stored[k] for k in SUMMARY_KEYS if k in stored}, ensure_ascii=False)


def summary_values(record: Record, stored: dict[str, Any]) -> tuple[Any, ...]:
    """The values of SUMMARY_COLUMNS for a record (`stored`: its JSON as the state keeps it)."""
    from screener.output.csv import stored_cells

    return (record.status, record.fit_score, record.column_a, record.column_b, record.role, record.candidate,
            record.email, record.phone, record.resume_date, record.profile, json.dumps(list(record.red_flags)),
            record.reason, summary_json(stored), stored_cells(record))


def pack(stored: dict[str, Any]) -> bytes:
    """The `records` column: the record's JSON, compressed (a tenth of a nightly state's size)."""
    return zlib.compress(json.dumps(stored, ensure_ascii=False).encode("utf-8"), 6)


def unpack(blob: bytes | str) -> str:
    """A stored record's JSON text (a text value is taken as it is)."""
    if isinstance(blob, str):
        return blob
    return zlib.decompress(blob).decode("utf-8")


def schema_of(db: sqlite3.Connection) -> int | None:
    """The database's schema version, or None for a database screener has not set up yet."""
    named = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
    if named is None:
        return None
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return None if row is None else int(row[0])


def upgrade_from_1(db: sqlite3.Connection) -> int:
    """Rebuild schema 1's `results` (whole records in one column) as schema 2's; how many records were kept.

    Called inside the opening transaction: a failure leaves the database as it was.
    """
    db.execute("ALTER TABLE results RENAME TO results_v1")
    db.execute("DROP INDEX IF EXISTS results_by_key")
    for stmt in statements(TABLES):
        db.execute(stmt)
    kept = 0
    columns = ", ".join(SUMMARY_COLUMNS)
    insert = (f"INSERT INTO results (sha256, role, engine, taxonomy_version, screener_version, as_of, valid_from,"
              f" {columns}, run_id, screened_at) VALUES ({', '.join('?' * (9 + len(SUMMARY_COLUMNS)))})")
    old = db.execute("SELECT sha256, role, engine, taxonomy_version, screener_version, as_of, valid_from, record,"
                     " run_id, screened_at FROM results_v1 ORDER BY rowid")
    for row in old:
        try:
            stored = json.loads(row[7])
        except ValueError:
            continue  # a damaged row: its file is screened again
        if not isinstance(stored, dict):
            continue
        record = Record.from_json(stored)
        cur = db.execute(insert, (*row[:7], *summary_values(record, stored), row[8], row[9]))
        db.execute("INSERT INTO records (id, record) VALUES (?, ?)", (cur.lastrowid, pack(stored)))
        kept += 1
    db.execute("DROP TABLE results_v1")
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
    return kept


def upgrade_from_2(db: sqlite3.Connection) -> int:
    """Add schema 3's columns and table to a schema-2 database, each result's cells made from its `summary`;
    how many results were kept. Called inside the opening transaction."""
    from screener.output.csv import stored_cells

    db.execute("ALTER TABLE results ADD COLUMN cells TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE results ADD COLUMN pdf_date TEXT")
    for stmt in statements(TABLES):
        db.execute(stmt)
    kept = 0
    for rid, summary in db.execute("SELECT id, summary FROM results").fetchall():
        try:
            data = json.loads(summary)
        except ValueError:
            continue  # left without cells: its CSV row is built from the record, as before
        if isinstance(data, dict):
            db.execute("UPDATE results SET cells = ? WHERE id = ?", (stored_cells(Record.from_json(data)), rid))
            kept += 1
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
    return kept
