"""The ranked table as Parquet: the CSV columns with real types, for analysis tools.

polars is imported here only, and only when a Parquet file is asked for, so
the command line starts fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from screener.output.files import atomic_path
from screener.output.writers import Records, RunInfo, as_stream
from screener.record import CSV_COLUMNS, Cell, Record

if TYPE_CHECKING:
    from screener.job.ranking import JobOutput

_LISTS = ("links", "column_a_tools", "column_b_tools", "red_flags")
_INTS = ("rank", "llm_tenure_months", "total_experience_months")
_FLOATS = ("fit_score", "column_a_share")


def write_parquet(path: Path, records: Iterable[Record], job: JobOutput | None = None) -> None:
    """Write beside the target and rename over it, like every other output. Against a job (--job) the CSV's
    job columns follow, named as in the CSV: `job` a string, the requirement and probe columns lists (the
    CSV's cell is the list joined, with `;`, and ` | ` between probes)."""
    import polars as pl

    schema: dict[str, Any] = {}
    for col in CSV_COLUMNS:
        if col in _LISTS:
            schema[col] = pl.List(pl.String)
        elif col in _INTS:
            schema[col] = pl.Int64
        elif col in _FLOATS:
            schema[col] = pl.Float64
        else:
            schema[col] = pl.String
    from screener.output.csv import JOB_COLUMNS, job_values

    rows, values = [], []  # one pass: the summaries are read once, and not kept
    for r in records:
        rows.append(r.cells())
        if job is not None:
            values.append(job_values(r, job))
    data: dict[str, list[Any]] = {col: [_cell(row[i], col) for row in rows] for i, col in enumerate(CSV_COLUMNS)}
    if job is not None:
        for i, col in enumerate(JOB_COLUMNS):
            schema[col] = pl.String if i == 0 else pl.List(pl.String)
            data[col] = [v[i] if i == 0 else list(v[i]) for v in values]
    frame = pl.DataFrame(data, schema=schema)
    with atomic_path(path) as tmp:
        frame.write_parquet(tmp)


def _cell(value: Cell, col: str) -> Cell | list[str]:
    if col in _LISTS:
        return list(value) if isinstance(value, tuple) else []
    if col in _INTS or col in _FLOATS:
        return value
    return "" if value is None else str(value)


def write(path: Path, records: Records, run: RunInfo) -> None:
    """From the run's summaries (the CSV columns); the table itself is built whole, in columns."""
    write_parquet(path, as_stream(records).summaries(), run.extra.get("job"))
