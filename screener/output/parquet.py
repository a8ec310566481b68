"""The ranked table as Parquet: the CSV columns with real types, for analysis tools.

polars is imported here only, and only when a Parquet file is asked for, so
the command line starts fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from screener.output.files import atomic_path
from screener.output.writers import Records, RunInfo, as_stream
from screener.record import CSV_COLUMNS, Cell, Record

_LISTS = ("links", "column_a_tools", "column_b_tools", "red_flags")
_INTS = ("rank", "llm_tenure_months", "total_experience_months")
_FLOATS = ("fit_score", "column_a_share")


def write_parquet(path: Path, records: Iterable[Record]) -> None:
    """Write beside the target and rename over it, like every other output."""
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
    rows = [r.cells() for r in records]
    data = {col: [_cell(row[i], col) for row in rows] for i, col in enumerate(CSV_COLUMNS)}
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
    write_parquet(path, as_stream(records).summaries())
