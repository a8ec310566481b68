"""The ranked CSV: the contract columns, spreadsheet-safe, deterministic."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from screener.output.files import write_atomic
from screener.record import CSV_COLUMNS, Cell, Record

if TYPE_CHECKING:
    from screener.output.writers import RunInfo

__all__ = ["BOM", "BOM_OPTION", "CSV_COLUMNS", "csv_row", "escape_controls", "render_csv", "safe_cell", "write"]

BOM = "\ufeff"  # UTF-8 byte-order mark: Excel on Windows then reads the file as UTF-8, not the ANSI code page
BOM_OPTION = "bom"  # the writer option (RunInfo.extra) that starts the file with BOM (--bom)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHARE = CSV_COLUMNS.index("column_a_share")
_SCORE = CSV_COLUMNS.index("fit_score")


# Control characters (ESC and the rest of C0 and C1, DEL) would drive a terminal that `cat`s the CSV: each
# is written as a visible \\xNN. Tab and newline stay (the csv module quotes them).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape_controls(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def safe_cell(value: Cell | list[str]) -> str:
    """Text a spreadsheet will not evaluate (a leading formula character is quoted with ') and a terminal
    will not obey (control characters escaped)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = ";".join(str(v) for v in value)
    elif isinstance(value, float):
        value = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"
    text = escape_controls(str(value))
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def csv_row(rec: Record) -> list[str]:
    row = []
    for i, value in enumerate(rec.cells()):
        if i == _SHARE and isinstance(value, float):
            row.append(f"{value:.2f}")
        elif i == _SCORE and isinstance(value, float):
            row.append(f"{value:.1f}")
        else:
            row.append(safe_cell(value))
    return row


def render_csv(records: Sequence[Record]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for rec in records:
        writer.writerow(csv_row(rec))
    return buf.getvalue()


def write(path: Path, records: Sequence[Record], run: RunInfo) -> None:
    """The ranked CSV, written once; with the writer option `bom` it starts with the byte-order mark."""
    write_atomic(path, (BOM if run.extra.get(BOM_OPTION) else "") + render_csv(records))
