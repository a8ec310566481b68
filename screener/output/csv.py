"""The ranked CSV: the contract columns, spreadsheet-safe, deterministic."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from screener.output.files import atomic_path, write_atomic
from screener.output.writers import Records, RunInfo, as_stream
from screener.record import CSV_COLUMNS, Cell, Record

__all__ = ["BOM", "CSV_COLUMNS", "add_bom", "csv_row", "escape_controls", "render_csv", "safe_cell", "write"]

BOM = "\ufeff"  # UTF-8 byte-order mark: Excel on Windows then reads the file as UTF-8, not the ANSI code page
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
        # The two commonest cells first, as safe_cell writes them (a CSV of 100,000 rows has two million).
        if value is None or value == "" or value == ():
            row.append("")
        elif value.__class__ is str:
            text = escape_controls(value) if _CONTROL.search(value) else value
            row.append("'" + text if text.startswith(_FORMULA_START) else text)
        elif i == _SHARE and isinstance(value, float):
            row.append(f"{value:.2f}")
        elif i == _SCORE and isinstance(value, float):
            row.append(f"{value:.1f}")
        else:
            row.append(safe_cell(value))
    return row


def render_csv(records: Iterable[Record]) -> str:
    buf = io.StringIO()
    write_rows(buf, records)
    return buf.getvalue()


def write_rows(out: IO[str], records: Iterable[Record]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for rec in records:
        writer.writerow(csv_row(rec))


def write(path: Path, records: Records, run: RunInfo) -> None:
    """Row by row from the run's summaries: the CSV never needs a full record, nor all of them at once."""
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as out:
        write_rows(out, as_stream(records).summaries())


def add_bom(path: Path) -> None:
    """Start a written CSV with the UTF-8 byte-order mark (--bom), unless it already has one."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith(BOM):
        write_atomic(path, BOM + text)
