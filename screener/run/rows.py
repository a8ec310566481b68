"""A run's files as compact rows: what ranking, counting and the summary read, never the full record.

A run of 100,000 files holds 100,000 `Row`s (a few hundred bytes each) and no Record: each row
points at where its full record is (`ref`): a result in the state database (`results.id`, > 0) or
a line of the run's spool (< 0), a temporary file holding what the state does not (a run without a
state, a file decided without screening, a timeout). The writers read the records back one at a time
in rank order (stream.py).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from sys import intern
from typing import IO, Any

from screener.codes import Status
from screener.record import Record
from screener.run.runner import duplicate_notes, rank_key
from screener.run.schema import summary_json


@dataclass(slots=True)
class Row:
    """One file of a run: its summary (the fields of a Record that ranking and the summary read)."""

    file: str
    status: str
    sha256: str = ""
    fit_score: float | None = None
    column_a: float = 0.0
    column_b: float = 0.0
    role: str = ""
    candidate: str = ""
    email: str = ""
    phone: str = ""
    resume_date: str = ""
    profile: str = ""
    red_flags: tuple[str, ...] = ()
    reason: str = ""
    notes: str = ""  # only for a file not ranked: why (a duplicate's note, the reason it was not read)
    mtime: float = 0.0
    kind: str = ""  # what its bytes are, for the run's accounting
    ref: int = 0  # where its full record is: > 0 results.id in the state, < 0 -(line + 1) in the spool
    rank: int | None = None
    decision: str = ""

    @classmethod
    def of(cls, rec: Record, ref: int, mtime: float, kind: str) -> Row:
        return cls(rec.file, rec.status, rec.sha256, rec.fit_score, rec.column_a, rec.column_b, rec.role,
                   rec.candidate, rec.email, rec.phone, rec.resume_date, rec.profile, rec.red_flags, rec.reason,
                   rec.notes if rec.status != Status.OK else "", mtime, kind, ref)

    @classmethod
    def stored(cls, r: Sequence[Any], ref: int, file: str, mtime: float, kind: str, redate: str = "") -> Row:
        """A row from the state's summary columns (State.summary_rows: id, sha256, then schema.ROW_COLUMNS), under
        the name the file has now; `redate`: the resume date it takes for this run's as-of (run/redate.py), ''
        for the stored one."""
        # The few values many rows share (status, role, profile, date, flags, kind) are interned: one string
        # each, not one per row (a tenth of a row's weight at 100,000 rows).
        _, sha, status, score, col_a, col_b, target, candidate, email, phone, date, profile, flags, reason = r
        status = intern(status)
        return cls(file, status, sha, score, float(col_a), float(col_b), intern(target), candidate, email, phone,
                   intern(redate or date), intern(profile), _flags(flags), reason,
                   reason if status != Status.OK else "", mtime, intern(kind), ref)

    def as_duplicate(self, note: str) -> None:
        self.status, self.rank, self.notes, self.reason = Status.DUPLICATE, None, note, note


@lru_cache(maxsize=4096)
def _flags(text: str) -> tuple[str, ...]:
    """A stored row's flags (JSON), parsed once per distinct set: most rows share a few."""
    return tuple(intern(f) for f in json.loads(text)) if text != "[]" else ()


def rank_rows(rows: list[Row]) -> list[Row]:
    """Rows in rank order, exactly as runner.rank orders records: duplicates marked, ranks set."""
    for i, note in duplicate_notes(rows, [r.mtime for r in rows]).items():
        rows[i].as_duplicate(note)
    ok = sorted((r for r in rows if r.status == Status.OK), key=rank_key)
    dup = sorted((r for r in rows if r.status == Status.DUPLICATE), key=lambda r: r.file)
    bad = sorted((r for r in rows if r.status not in (Status.OK, Status.DUPLICATE)), key=lambda r: r.file)
    for i, r in enumerate(ok):
        r.rank = i + 1
    for r in dup + bad:
        r.rank = None
    return ok + dup + bad


class Spool:
    """The records a run holds outside the state, in a temporary file (deleted when closed): one line of
    full JSON and one of summary JSON each, found again by offset."""

    def __init__(self) -> None:
        self.file: IO[bytes] = tempfile.TemporaryFile(prefix="screener-spool-")  # noqa: SIM115 - closed by close()
        self.places: list[tuple[int, int, int]] = []  # per record: offset, full length, summary length

    def put(self, rec: Record) -> int:
        """Keep a record; its `ref` (< 0)."""
        stored = rec.to_json()
        full = json.dumps(stored, ensure_ascii=False).encode("utf-8")
        light = summary_json(stored).encode("utf-8")
        self.file.seek(0, os.SEEK_END)
        offset = self.file.tell()
        self.file.write(full)
        self.file.write(light)
        self.places.append((offset, len(full), len(light)))
        return -len(self.places)

    def get(self, ref: int, full: bool) -> dict[str, Any]:
        offset, n_full, n_light = self.places[-ref - 1]
        self.file.seek(offset if full else offset + n_full)
        data: dict[str, Any] = json.loads(self.file.read(n_full if full else n_light))
        return data

    def close(self) -> None:
        self.file.close()
