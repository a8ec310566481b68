"""A stored result's key, how long it holds, how it is written, and how the state serves a run's hashes.

The state (state.py) keeps one result per content hash and Key; a result holds for later as-of dates
from `valid_from` on, and one dated by --as-of itself serves other days through run/redate.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from screener.record import Record
from screener.run.redate import Candidate, Hit, served
from screener.run.schema import SUMMARY_COLUMNS, pack, summary_values

if TYPE_CHECKING:
    from screener.run.redate import Dated

# Results that depend on the moment rather than the file are screened again next time.
UNCACHED_STATUSES = frozenset({"timeout"})


@dataclass(frozen=True)
class Key:
    """Everything besides the file's bytes that a result depends on."""

    role: str
    engine: str
    taxonomy_version: str
    screener_version: str
    as_of: str


def valid_from(record: Record, as_of: str) -> str | None:
    """The earliest as-of date for which this result holds as it is, or None for only its own.

    --as-of reaches a result only through the resume's date (pipeline.resume_date):
    a PDF dated on or before --as-of gives the same result for every later as-of,
    so a nightly run with today's date need not re-screen it. A file that was never
    judged (unreadable) has no date at all. A resume dated by --as-of itself (no
    PDF date, or one in the future) depends on the day: it holds for its own as-of,
    and serves other days through what the state keeps with it (run/redate.py).
    """
    date = record.resume_date
    if not date:
        return ""
    if date < as_of:
        return date
    return None


_COLUMNS = ("sha256", "role", "engine", "taxonomy_version", "screener_version", "as_of", "valid_from",
            *SUMMARY_COLUMNS, "pdf_date", "run_id", "screened_at")
# The same content under the same key again (two copies of a file screened in one run): the row keeps
# its id, so every reference taken to it during the run still reads it.
_UPSERT = (f"INSERT INTO results ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
           " ON CONFLICT (sha256, role, engine, taxonomy_version, screener_version, as_of) DO UPDATE SET "
           + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS[6:]) + " RETURNING id")


def store_result(db: sqlite3.Connection, run_id: int, key: Key, record: Record, now: str,
                 dated: Dated | None = None) -> int:
    """Write one result (inside the caller's transaction); its `results.id`, or 0 when it is not worth keeping."""
    sha = record.sha256
    if not sha or record.status in UNCACHED_STATUSES:
        return 0
    # The rank belongs to a run, not to the file: the JSONL's object without it, key for key.
    stored = record.to_json()
    del stored["rank"]
    stored.pop("decision", None)  # a person's, never the file's (run/decisions.py)
    since = valid_from(record, key.as_of)
    dated = dated if since is None else None  # a result dated by its document needs no re-judging
    rid = int(db.execute(_UPSERT, (sha, key.role, key.engine, key.taxonomy_version, key.screener_version,
                                   key.as_of, since, *summary_values(record, stored),
                                   dated.pdf_date if dated is not None else None, run_id, now)).fetchone()[0])
    db.execute("INSERT OR REPLACE INTO records (id, record) VALUES (?, ?)", (rid, pack(stored)))
    if dated is not None:
        db.execute("INSERT OR REPLACE INTO documents (id, document) VALUES (?, ?)", (rid, dated.document))
    else:
        db.execute("DELETE FROM documents WHERE id = ?", (rid,))
    return rid


def hits(cur: sqlite3.Cursor, hashes: Sequence[str], key: Key) -> dict[str, Hit]:
    """What the state holds per hash under the run's key, and how it serves this as-of (run/redate.py): as it
    is (this as-of, or dated by its document on or before it), re-dated (dated by another day of this month),
    or re-judged from its stored Document (another month). One query per 500 hashes; `cur` gives tuples."""
    wanted = sorted({h for h in hashes if h})
    found: dict[str, tuple[int, int, Hit]] = {}  # sha -> how well, the run, the hit
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        rows = cur.execute(
            "SELECT sha256, id, run_id, as_of, valid_from, pdf_date,"
            " pdf_date IS NOT NULL AND EXISTS (SELECT 1 FROM documents d WHERE d.id = results.id)"
            f" FROM results WHERE sha256 IN ({','.join('?' * len(chunk))})"
            " AND role = ? AND engine = ? AND taxonomy_version = ? AND screener_version = ?"
            " AND (as_of = ? OR (valid_from IS NOT NULL AND valid_from <= ?) OR pdf_date IS NOT NULL)",
            (*chunk, key.role, key.engine, key.taxonomy_version, key.screener_version, key.as_of, key.as_of),
        ).fetchall()
        for sha, rid, run_id, as_of, since, pdf_date, has_document in rows:
            if as_of == key.as_of or (since is not None and since <= key.as_of):  # the common case, at once
                tier, hit = (3 if as_of == key.as_of else 2), Hit(rid)
            else:
                got = served(Candidate(rid, run_id, as_of, since, pdf_date, bool(has_document)), key.as_of)
                if got is None:
                    continue
                tier, hit = got
            best = found.get(sha)
            if best is None or (tier, run_id) > best[:2]:
                found[sha] = (tier, run_id, hit)
    return {sha: hit for sha, (_, _, hit) in found.items()}
