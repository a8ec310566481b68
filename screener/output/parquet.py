"""The ranked table as Parquet: the CSV columns with real types, for analysis tools.

polars is imported here only, and only when a Parquet file is asked for, so
the command line starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from screener.output.files import atomic_path
from screener.record import CSV_COLUMNS

_LISTS = ("links", "column_a_tools", "column_b_tools", "red_flags")
_INTS = ("rank", "llm_tenure_months", "total_experience_months")
_FLOATS = ("fit_score", "column_a_share")


def write_parquet(path: Path, records: list[dict[str, Any]]) -> None:
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
    data = {col: [_cell(r.get(col), col) for r in records] for col in CSV_COLUMNS}
    frame = pl.DataFrame(data, schema=schema)
    with atomic_path(path) as tmp:
        frame.write_parquet(tmp)


def _cell(value: Any, col: str) -> Any:
    if col in _LISTS:
        return list(value or [])
    if col in _INTS or col in _FLOATS:
        return value
    return "" if value is None else str(value)
