"""The engine contract and the shared checks both engines run."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


class ExtractError(Exception):
    """A file that cannot be read; `status` is the CSV status code."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(slots=True)
class RawChar:
    """One glyph (or word, or run of plain words) with its box in top-down page coordinates (points)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    hidden: str = ""  # '' when visible, else why a reader cannot see it
    space_before: bool = False  # the engine saw a word gap before this glyph
    newline_before: bool = False  # the engine started a new line here
    units: int = 1  # the words of one style and baseline this item stands for (see pdfium._read_words)


@dataclass(slots=True)
class RawPage:
    number: int  # 1-based
    width: float
    height: float
    chars: list[RawChar]
    images: int = 0  # image objects drawn on the page (a scan has them, a text layer may not)
    text_objects: int = -1  # text objects the engine saw (-1: not counted); 0 chars of many = unreadable text


@dataclass
class RawPdf:
    pages: list[RawPage]
    metadata_date: str | None  # 'YYYY-MM-DD'
    engine: str
    page_count: int = 0
    notes: list[str] = field(default_factory=list)


# Limits that keep one hostile file from costing the run; the worker adds OS limits on top.
MAX_PAGES = 60
MAX_BYTES = 50 * 1024 * 1024

_PDF_DATE = re.compile(r"D?:?(\d{4})(\d{2})?(\d{2})?")


def parse_pdf_date(value: str | None) -> str | None:
    """'D:20240616051326Z' -> '2024-06-16'; None when absent or nonsense."""
    if not value:
        return None
    m = _PDF_DATE.match(value.strip())
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2) or 1)
    day = int(m.group(3) or 1)
    if not (1990 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def metadata_date(meta: dict[str, str]) -> str | None:
    """The resume's own date: ModDate, else CreationDate."""
    return parse_pdf_date(meta.get("ModDate")) or parse_pdf_date(meta.get("CreationDate"))


def read_file(path: Path) -> bytes:
    """The file's bytes, refused before reading when it is empty or too large."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExtractError("error", f"cannot read file: {exc.strerror or exc}") from exc
    if size == 0:
        raise ExtractError("empty", "the file is empty (0 bytes)")
    if size > MAX_BYTES:
        raise ExtractError("too-large", f"the file is {size / 1e6:.0f} MB; the limit is {MAX_BYTES // 10**6} MB")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ExtractError("error", f"cannot read file: {exc.strerror or exc}") from exc


def check_header(data: bytes) -> None:
    """Reject what is plainly not a PDF, before any parser sees it."""
    if not data:
        raise ExtractError("empty", "the file is empty (0 bytes)")
    # The header may be preceded by junk (allowed in the first 1024 bytes by readers).
    if b"%PDF-" not in data[:1024]:
        kind = "text" if _looks_textual(data[:512]) else "binary data"
        raise ExtractError("not-a-pdf", f"not a PDF: no %PDF header (the file holds {kind})")


def _looks_textual(head: bytes) -> bool:
    return all(b in b"\t\n\r" or 32 <= b < 127 for b in head) if head else False
