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
from dataclasses import dataclass, field, replace
from hashlib import sha256
from typing import TYPE_CHECKING, Any

from screener.codes import Status
from screener.record import Record

if TYPE_CHECKING:
    from screener.run.rows import Row, Spool
    from screener.run.state import State

CHUNK = 256  # records read from the state in one query
LINES_CHUNK = 500  # stored CSV cells read in one query


@dataclass(frozen=True)
class RankedRecords:
    """The records of `rows` (in rank order), from the state and the spool; optionally transformed."""

    rows: Sequence[Row]
    state: State | None
    spool: Spool | None
    transform: Callable[[Record], Record] | None = None
    full_only: bool = False  # summaries() reads full records too (a transform that needs all of a record)
    # The sha256 of each CSV line (digests: half a hex string's weight), kept by the last complete pass of
    # csv_lines(): the audit log's row hashes.
    hashes: list[bytes] = field(default_factory=list, init=False, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.rows)

    def records(self, start: int = 0, stop: int | None = None) -> Iterator[Record]:
        """Full records, rows[start:stop]."""
        return self._read(True, start, stop)

    def summaries(self, start: int = 0, stop: int | None = None) -> Iterator[Record]:
        """Records with only their CSV columns and counted fields (the rest empty), rows[start:stop]."""
        return self._read(self.full_only, start, stop)

    def csv_lines(self) -> Iterator[str] | None:
        """The CSV's lines (output/csv.py) from the cells the state keeps, no record built; None when the
        records are transformed (a job, blind mode): the writer then builds each row from its record."""
        if self.transform is not None or self.full_only:
            return None
        return self._lines()

    def line_hashes(self) -> list[bytes] | None:
        """The sha256 digest of each CSV line (as `csv_lines` gives them), from the pass that wrote the CSV if
        there was one; None when the records are transformed."""
        if len(self.hashes) == len(self.rows):
            return self.hashes
        lines = self.csv_lines()
        return None if lines is None else [sha256(line.encode("utf-8")).digest() for line in lines]

    def _lines(self) -> Iterator[str]:
        hashes = []
        for line in self._made_lines():
            hashes.append(sha256(line.encode("utf-8")).digest())
            yield line
        self.hashes[:] = hashes  # the whole CSV was written: its rows' hashes are known

    def _made_lines(self) -> Iterator[str]:
        from screener.output.csv import line_of, record_line

        for i in range(0, len(self.rows), LINES_CHUNK):
            chunk = self.rows[i:i + LINES_CHUNK]
            ids = [r.ref for r in chunk if r.ref > 0]
            cells = self.state.cells_texts(ids) if ids and self.state is not None else {}
            for row in chunk:
                text = cells.get(row.ref) if row.ref > 0 else None
                if text:
                    yield line_of(text, row.rank, row.file, row.resume_date, row.decision,
                                  row.notes if row.status == Status.DUPLICATE else None)
                else:  # spooled, or stored without cells (a damaged summary)
                    data = self._texts([row], False)[row.ref] if row.ref > 0 else self._spooled(row.ref, False)
                    yield record_line(summary_record(data, row))

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
                       notes=row.notes, reason=row.notes, resume_date=row.resume_date)
    # The resume date too: a result re-dated for this run's as-of (run/redate.py) differs from its record there.
    return replace(rec, file=row.file, rank=row.rank, decision=row.decision, resume_date=row.resume_date)


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
        resume_date=row.resume_date, latest_title=d.get("latest_title", ""),
        red_flags=tuple(d.get("red_flags", ())), notes=row.notes if dup else d.get("notes", ""),
        status=Status.DUPLICATE if dup else d.get("status", "error"), sha256=d.get("sha256", ""),
        taxonomy_version=d.get("taxonomy_version", ""), decision=row.decision, role=d.get("role", ""),
        reason=row.notes if dup else d.get("reason", ""), column_a=float(d.get("column_a", 0.0)),
        column_b=float(d.get("column_b", 0.0)),
    )
