"""The ranked CSV: the contract columns, spreadsheet-safe, deterministic."""

from __future__ import annotations

import csv
import io
from typing import Any

from screener.record import CSV_COLUMNS

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """Text a spreadsheet will not evaluate: a leading formula character is quoted with '."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    elif isinstance(value, float):
        value = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def csv_row(rec: dict[str, Any]) -> list[str]:
    row = []
    for col in CSV_COLUMNS:
        value = rec.get(col)
        if col == "column_a_share" and isinstance(value, float):
            row.append(f"{value:.2f}")
        elif col == "fit_score" and isinstance(value, float):
            row.append(f"{value:.1f}")
        else:
            row.append(safe_cell(value))
    return row


def render_csv(records: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for rec in records:
        writer.writerow(csv_row(rec))
    return buf.getvalue()
