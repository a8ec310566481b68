"""The two PDF readers (PDFium, pdfplumber) and `auto`: PDFium, with pdfplumber when PDFium fails or finds no text.

Each extracts positioned glyphs (`RawPdf`) and lays them out into a `Document`; for a PDF,
layout is part of reading.
"""

from __future__ import annotations

from pathlib import Path

from screener.model import Document
from screener.read.base import MAX_PAGES, ExtractError, RawPdf, check_header, read_file
from screener.read.layout import build_document
from screener.read.limits import ReadLimits
from screener.read.pdf_links import link_uris

ENGINES = ("pdfium", "pdfplumber")
_KEEP_FIRST_ERROR = ("encrypted", "too-large")  # no other engine will do better on these


def read_pdfium(data: bytes, limits: ReadLimits) -> Document:
    return _lay_out(_pdfium(data, limits.max_pages), data)


def read_pdfplumber(data: bytes, limits: ReadLimits) -> Document:
    return _lay_out(_plumber(data, limits.max_pages), data)


def read_auto(data: bytes, limits: ReadLimits) -> Document:
    return _lay_out(extract_auto(data, limits.max_pages), data)


def _lay_out(raw: RawPdf, data: bytes) -> Document:
    doc = build_document(raw)
    # Opening the first page again costs about 3 ms: only when its text shows no email to read.
    if not any("@" in ln.text for ln in doc.lines if ln.page == 1):
        doc.links = link_uris(data)
    doc.reader = raw.engine
    doc.notes.extend(raw.notes)
    return doc


def _pdfium(data: bytes, max_pages: int) -> RawPdf:
    from screener.read import pdfium

    return pdfium.read(data, max_pages)


def _plumber(data: bytes, max_pages: int) -> RawPdf:
    from screener.read import plumber

    return plumber.read(data, max_pages)


def extract(path: Path, engine: str = "auto") -> RawPdf:
    """Read one PDF file with the chosen engine; `auto` is PDFium with pdfplumber as fallback."""
    return extract_bytes(read_file(path), engine)


def extract_bytes(data: bytes, engine: str = "auto") -> RawPdf:
    """`extract` for a file already read (so that the bytes hashed are the bytes parsed)."""
    check_header(data)
    if engine == "pdfplumber":
        return _plumber(data, MAX_PAGES)
    if engine == "pdfium":
        return _pdfium(data, MAX_PAGES)
    return extract_auto(data, MAX_PAGES)


def extract_auto(data: bytes, max_pages: int = MAX_PAGES) -> RawPdf:
    """PDFium, and pdfplumber when PDFium fails or finds no text (it is slower but reads some files PDFium cannot)."""
    first: ExtractError | None = None
    raw: RawPdf | None = None
    try:
        raw = _pdfium(data, max_pages)
    except ExtractError as exc:
        if exc.status in _KEEP_FIRST_ERROR:
            raise
        first = exc
    else:
        if any(p.chars for p in raw.pages):
            return raw
        if all(p.text_objects == 0 for p in raw.pages):
            return raw  # nothing drawn as text at all (a scan, a blank page): no other engine will find any
    try:
        second = _plumber(data, max_pages)
    except ExtractError:
        if raw is None:
            assert first is not None
            raise first from None
        return raw
    if raw is None or any(p.chars for p in second.pages):
        second.notes.append("read with pdfplumber after PDFium " + ("failed" if first else "found no text"))
        return second
    return raw
