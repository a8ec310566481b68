"""The limits every reader works within, so that one hostile file costs one row, not the run."""

from __future__ import annotations

from dataclasses import dataclass

from screener.read.base import MAX_BYTES, MAX_PAGES


@dataclass(frozen=True)
class ReadLimits:
    max_bytes: int = MAX_BYTES  # the file as it lies on disk (read_file refuses larger ones)
    max_pages: int = MAX_PAGES  # pages of a PDF, or synthetic pages of a Word file
    max_unpacked_bytes: int = 200 * 1024 * 1024  # a zip (Word, ODF, archive) inflated: a bomb claims gigabytes
    max_members: int = 1000  # members of a zip archive or attachments of an email
    max_image_pixels: int = 60_000_000  # an image to OCR (a 300-dpi A4 page is 8.7 million)
    ocr_page_seconds: float = 20.0  # OCR time for one page before it is cut short


DEFAULT_LIMITS = ReadLimits()
