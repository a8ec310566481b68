"""The limits every reader works within, so that one hostile file costs one row, not the run."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from screener.read.base import MAX_BYTES, MAX_PAGES, ExtractError

MAX_PARTS = 5000  # a Word or OpenDocument file has tens of parts; thousands is an attack


@dataclass(frozen=True)
class ReadLimits:
    max_bytes: int = MAX_BYTES  # the file as it lies on disk (read_file refuses larger ones)
    max_pages: int = MAX_PAGES  # pages of a PDF, or synthetic pages of a Word file
    max_unpacked_bytes: int = 200 * 1024 * 1024  # a zip (Word, ODF, archive) inflated: a bomb claims gigabytes
    max_members: int = 1000  # members of a zip archive or attachments of an email
    max_image_pixels: int = 60_000_000  # an image to OCR (a 300-dpi A4 page is 8.7 million)
    ocr_page_seconds: float = 20.0  # OCR time for one page before it is cut short


DEFAULT_LIMITS = ReadLimits()


def check_package(data: bytes, limits: ReadLimits, what: str) -> None:
    """Refuse a damaged zip, or one whose parts claim more than the limit, before anything inflates."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ExtractError("corrupt", f"the {what} is damaged (truncated, or not a zip package)") from exc
    if len(infos) > MAX_PARTS:
        raise ExtractError("too-large", f"the {what} holds {len(infos):,} parts; the limit is {MAX_PARTS:,}")
    total = sum(i.file_size for i in infos)
    if total > limits.max_unpacked_bytes:
        raise ExtractError(
            "too-large",
            f"the {what} inflates to {total / 1e6:,.0f} MB; the limit is {limits.max_unpacked_bytes / 1e6:,.0f} MB",
        )
