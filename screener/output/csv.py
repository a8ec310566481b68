"""The ranked CSV: the contract columns, spreadsheet-safe, deterministic."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from screener.output.files import atomic_path
from screener.output.writers import Records, RunInfo, as_stream
from screener.record import CSV_COLUMNS, Cell, Record

if TYPE_CHECKING:
    from screener.job.ranking import JobOutput

__all__ = ["BOM", "BOM_OPTION", "CSV_COLUMNS", "csv_row", "escape_controls", "render_csv", "safe_cell", "write"]

BOM = "\ufeff"  # UTF-8 byte-order mark: Excel on Windows then reads the file as UTF-8, not the ANSI code page
BOM_OPTION = "bom"  # the writer option (RunInfo.extra) that starts the file with BOM (--bom)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHARE = CSV_COLUMNS.index("column_a_share")
_SCORE = CSV_COLUMNS.index("fit_score")
# After every contract column, only when a run ranks against a job (--job): README "The CSV".
JOB_COLUMNS = ("job", "must_have_met", "must_have_missing", "nice_to_have_met", "probes")
PARTIAL_MARK = " (partial)"  # a requirement met only partly (skills list only, or an equivalent tool)
PROBE_SEPARATOR = " | "  # probes are sentences with commas: a bar keeps them apart in one cell


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


def text_cell(value: str) -> str:
    """`safe_cell` of a string, quickly (the commonest cell)."""
    text = escape_controls(value) if _CONTROL.search(value) else value
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_row(rec: Record) -> list[str]:
    row = []
    for i, value in enumerate(rec.cells()):
        # The two commonest cells first, as safe_cell writes them (a CSV of 100,000 rows has two million).
        if value is None or value == "" or value == ():
            row.append("")
        elif value.__class__ is str:
            row.append(text_cell(value))
        elif i == _SHARE and isinstance(value, float):
            row.append(f"{value:.2f}")
        elif i == _SCORE and isinstance(value, float):
            row.append(f"{value:.1f}")
        else:
            row.append(safe_cell(value))
    return row


# --------------------------------------------------------------------------- stored cells (run/schema.py)
#
# A nightly run writes the CSV of 100,000 unchanged files: building each row from its record again is most
# of that night. The state keeps each result's cells as the writer quotes them (`stored_cells`), joined by
# CELL_SEP, which no cell can hold (escape_controls writes it as \x1f); a run puts back what it decides
# itself (rank, file name, resume date, a duplicate's note and status, the decision) and joins them.

CELL_SEP = "\x1f"
_QUOTED = re.compile(r'[,"\r\n]')
RANK, FILE, RESUME_DATE, NOTES, STATUS, DECISION = (CSV_COLUMNS.index(c) for c in (
    "rank", "file", "resume_date", "notes", "status", "decision"))


def quoted(cell: str) -> str:
    """A cell as csv.writer (QUOTE_MINIMAL, a row of more than one cell) writes it."""
    return '"' + cell.replace('"', '""') + '"' if _QUOTED.search(cell) else cell


def stored_cells(rec: Record) -> str:
    """The record's CSV cells, quoted, joined by CELL_SEP: what the state keeps (schema.py `cells`)."""
    return CELL_SEP.join(quoted(c) for c in csv_row(rec))


def line_of(cells: str, rank: int | None, file: str, resume_date: str, decision: str,
            duplicate: str | None = None) -> str:
    """The CSV line of stored cells as a run ranks them: its rank, the file's name now, the resume's date (a
    result re-dated for this --as-of), the decision, and a duplicate's note (status `duplicate`)."""
    parts = cells.split(CELL_SEP)
    parts[RANK] = "" if rank is None else str(rank)
    parts[FILE] = quoted(text_cell(file))
    parts[RESUME_DATE] = quoted(text_cell(resume_date))
    if duplicate is not None:
        parts[NOTES], parts[STATUS] = quoted(text_cell(duplicate)), "duplicate"
    parts[DECISION] = quoted(text_cell(decision))
    return ",".join(parts) + "\n"


def header_line() -> str:
    return render_csv(())


def record_line(rec: Record) -> str:
    """One record's CSV line, as `write_rows` writes it (without a job's columns)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(csv_row(rec))
    return buf.getvalue()


def job_values(rec: Record, job: JobOutput) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...],
                                                      tuple[str, ...]]:
    """JOB_COLUMNS of one record as values (the CSV's cells and the Parquet's lists): the JD's file, the must-haves
    met (a partial one marked), those missing, the nice-to-haves met, and the interview probes; the JD's file
    alone for a file not screened."""
    fit = job.fit(rec)
    if fit is None:
        return (job.analysis.file if job.analysis is not None else ""), (), (), (), ()

    def shown(importance: str) -> tuple[str, ...]:
        return tuple(r.requirement + (PARTIAL_MARK if r.verdict == "partial" else "") for r in fit.table
                     if r.importance == importance and r.verdict != "missing")

    return fit.job, shown("must"), fit.names("must", "missing"), shown("nice"), fit.probes


def job_cells(rec: Record, job: JobOutput) -> list[str]:
    """JOB_COLUMNS of one record as CSV cells (PROBE_SEPARATOR between the probes)."""
    name, must, missing, nice, probes = job_values(rec, job)
    return [safe_cell(name), safe_cell(must), safe_cell(missing), safe_cell(nice),
            safe_cell(PROBE_SEPARATOR.join(probes))]


def render_csv(records: Iterable[Record], job: JobOutput | None = None) -> str:
    buf = io.StringIO()
    write_rows(buf, records, job)
    return buf.getvalue()


def write_rows(out: IO[str], records: Iterable[Record], job: JobOutput | None = None) -> None:
    """The ranked CSV's rows; against a job (--job), JOB_COLUMNS follow the contract columns."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS + (JOB_COLUMNS if job else ()))
    for rec in records:
        writer.writerow(csv_row(rec) + (job_cells(rec, job) if job else []))


def write(path: Path, records: Records, run: RunInfo) -> None:
    """Row by row from the run's summaries: the CSV never needs a full record, nor all of them at once; with the
    writer option `bom` it starts with the byte-order mark. A run's stream that has its lines ready (stored
    cells: run/stream.py `csv_lines`) gives them as they are."""
    stream = as_stream(records)
    job = run.extra.get("job")
    ready = getattr(stream, "csv_lines", None)
    lines = ready() if callable(ready) and job is None else None
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as out:
        if run.extra.get(BOM_OPTION):
            out.write(BOM)
        if lines is not None:
            out.write(header_line())
            out.writelines(lines)
        else:
            write_rows(out, stream.summaries(), job)
