"""A run's records in rank order, read back one at a time for the writers (output/writers.RecordStream).

`records()` gives full records (the JSONL, the report's top candidates), `summaries()` records
holding only their CSV columns and what the report counts (the CSV, Parquet, the rest of the report),
read from the state's `summary` column without decoding a full record. Either way, each record is
the one stored with what the run decided about it put back: the file's name now, its rank, a
duplicate's status and note, the candidate's latest decision. A record is decoded when the writer
asks for it and dropped when it moves on: the run never holds them all.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from screener.codes import Status
from screener.record import Record

if TYPE_CHECKING:
    from screener.run.rows import Row, Spool
    from screener.run.state import State

CHUNK = 256  # records read from the state in one query


@dataclass(frozen=True)
class RankedRecords:
    """The records of `rows` (in rank order), from the state and the spool; optionally transformed."""

    rows: Sequence[Row]
    state: State | None
    spool: Spool | None
    transform: Callable[[Record], Record] | None = None
    full_only: bool = False  # summaries() reads full records too (a transform that needs all of a record)

    def __len__(self) -> int:
        return len(self.rows)

    def records(self, start: int = 0, stop: int | None = None) -> Iterator[Record]:
        """Full records, rows[start:stop]."""
        return self._read(True, start, stop)

    def summaries(self, start: int = 0, stop: int | None = None) -> Iterator[Record]:
        """Records with only their CSV columns and counted fields (the rest empty), rows[start:stop]."""
        return self._read(self.full_only, start, stop)

    def mapped(self, fn: Callable[[Record], Record]) -> RankedRecords:
        """The same records, each passed through `fn` as it is read (after any earlier transform)."""
        before = self.transform
        return replace(self, transform=fn if before is None else (lambda r: fn(before(r))))

    def _read(self, full: bool, start: int, stop: int | None) -> Iterator[Record]:
        rows = self.rows[start:stop]
        for i in range(0, len(rows), CHUNK):
            chunk = rows[i:i + CHUNK]
            texts = self._texts(chunk, full)
            for row in chunk:
                data = texts[row.ref] if row.ref > 0 else self._spooled(row.ref, full)
                rec = as_ranked(Record.from_json(data), row) if full else summary_record(data, row)
                yield self.transform(rec) if self.transform is not None else rec

    def _texts(self, chunk: Sequence[Row], full: bool) -> dict[int, dict[str, Any]]:
        ids = [r.ref for r in chunk if r.ref > 0]
        if not ids:
            return {}
        assert self.state is not None  # a positive ref is a result in the state
        got = self.state.record_texts(ids) if full else self.state.summary_texts(ids)
        return {rid: json.loads(text) for rid, text in got.items()}

    def _spooled(self, ref: int, full: bool) -> dict[str, Any]:
        assert self.spool is not None  # a negative ref is a spooled record
        return self.spool.get(ref, full)


def as_ranked(rec: Record, row: Row) -> Record:
    """A stored record as this run ranked it (what runner.rank, plan and with_decisions did to it)."""
    if row.status == Status.DUPLICATE:  # Record.as_duplicate, in the same replace
        return replace(rec, file=row.file, rank=None, decision=row.decision, status=Status.DUPLICATE,
                       notes=row.notes, reason=row.notes)
    return replace(rec, file=row.file, rank=row.rank, decision=row.decision)


def _opt(kind: type, value: Any) -> Any:
    return None if value is None else kind(value)


def summary_record(d: dict[str, Any], row: Row) -> Record:
    """`as_ranked(Record.from_json(d), row)` for a stored summary (schema.SUMMARY_KEYS), built at once:
    the summary was written from a Record, so its values have their types (lists become tuples, numbers
    take the field's type as from_json gives it). A third of the CSV's cost at 100,000 files."""
    dup = row.status == Status.DUPLICATE
    return Record(
        rank=row.rank, fit_score=_opt(float, d.get("fit_score")), candidate=d.get("candidate", ""),
        email=d.get("email", ""), phone=d.get("phone", ""), links=tuple(d.get("links", ())), file=row.file,
        profile=d.get("profile", ""), specialty=d.get("specialty", ""),
        column_a_share=_opt(float, d.get("column_a_share")), column_a_tools=tuple(d.get("column_a_tools", ())),
        column_b_tools=tuple(d.get("column_b_tools", ())),
        llm_tenure_months=_opt(int, d.get("llm_tenure_months")),
        total_experience_months=_opt(int, d.get("total_experience_months")),
        resume_date=d.get("resume_date", ""), latest_title=d.get("latest_title", ""),
        red_flags=tuple(d.get("red_flags", ())), notes=row.notes if dup else d.get("notes", ""),
        status=Status.DUPLICATE if dup else d.get("status", "error"), sha256=d.get("sha256", ""),
        taxonomy_version=d.get("taxonomy_version", ""), decision=row.decision, role=d.get("role", ""),
        reason=row.notes if dup else d.get("reason", ""), column_a=float(d.get("column_a", 0.0)),
        column_b=float(d.get("column_b", 0.0)),
    )
