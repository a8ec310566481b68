"""The readers, keyed by the kind of file `sniff` finds: bytes in, a laid-out `Document` out.

A reader declares its name, the kinds it reads and `read(data, limits) -> Document`, raising
`ExtractError(status, reason)` for a file it cannot read. Adding one is a new module in this
folder plus one line in `READERS`; its module is imported on first use, so a reader that
needs a heavy library (PDFium, python-docx, OCR) costs nothing until a file of its kind comes.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import Protocol

from screener.model import Document
from screener.read.base import ExtractError, check_header
from screener.read.limits import DEFAULT_LIMITS, ReadLimits
from screener.read.sniff import DESCRIBE, Sniffed, sniff

# The pseudo-kind of a PDF whose pages are images with no text layer (a scan): its readers are
# tried after the PDF reader found no text. None is registered yet: such a PDF gets `no-text`.
SCANNED_PDF = "pdf-scan"


class Reader(Protocol):
    @property
    def name(self) -> str: ...  # what --engine and the record call it

    @property
    def kinds(self) -> tuple[str, ...]: ...  # the sniffed kinds it reads

    def read(self, data: bytes, limits: ReadLimits) -> Document: ...


@dataclass(frozen=True)
class LazyReader:
    """A reader whose function ('module:function', `read` by default) is imported when first called."""

    name: str
    kinds: tuple[str, ...]
    target: str

    def read(self, data: bytes, limits: ReadLimits) -> Document:
        module, _, function = self.target.partition(":")
        doc: Document = getattr(importlib.import_module(module), function or "read")(data, limits)
        doc.reader = doc.reader or self.name
        return doc


# In order of preference within a kind: --engine auto takes a kind's AUTO reader, else its first.
READERS: tuple[Reader, ...] = (
    LazyReader("pdfium", ("pdf",), "screener.read.pdf:read_pdfium"),
    LazyReader("pdfplumber", ("pdf",), "screener.read.pdf:read_pdfplumber"),
    LazyReader("docx", ("docx",), "screener.read.docx"),
    LazyReader("odt", ("odt",), "screener.read.odt"),
    LazyReader("rtf", ("rtf",), "screener.read.rtf"),
    LazyReader("text", ("text",), "screener.read.text"),
    LazyReader("html", ("html",), "screener.read.html"),
    LazyReader("ocr", ("png", "jpeg", "tiff", "webp", SCANNED_PDF), "screener.read.ocr:read"),
    LazyReader("doc", ("ole2",), "screener.read.legacy_doc:read"),
)

# --engine auto, for a kind whose readers are combined: PDFium, then pdfplumber when it fails or finds no text.
AUTO: dict[str, Reader] = {"pdf": LazyReader("auto", ("pdf",), "screener.read.pdf:read_auto")}


def readers_for(kind: str) -> list[Reader]:
    return [r for r in READERS if kind in r.kinds]


def choose(kind: str, engine: str = "auto") -> Reader | None:
    """The reader for a kind: the one --engine names when it reads this kind, else the kind's own choice."""
    readers = readers_for(kind)
    for reader in readers:
        if reader.name == engine:
            return reader
    if kind in AUTO:
        return AUTO[kind]
    return readers[0] if readers else None


def read_bytes(data: bytes, name: str = "", engine: str = "auto", limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    """Sniff what the bytes are, and read them with the reader for that kind."""
    sniffed = sniff(data, name)
    broken = not_a_pdf(sniffed, data, name)
    if broken is not None:
        raise broken
    reader = choose(sniffed.kind, engine)
    if reader is None:
        raise unreadable(sniffed)
    doc = reader.read(data, limits)
    if not doc.lines and doc.has_images and sniffed.kind == "pdf":
        doc = _read_scan(data, limits, doc)
    if sniffed.note:
        doc.notes.insert(0, sniffed.note)
    return doc


def _read_scan(data: bytes, limits: ReadLimits, doc: Document) -> Document:
    """A PDF of page images: the readers of scans, if any is registered, else the empty text layer."""
    for reader in readers_for(SCANNED_PDF):
        try:
            scanned = reader.read(data, limits)
        except ExtractError as exc:
            doc.notes.append(f"{reader.name} could not read the page images: {exc.reason}")
            continue
        scanned.notes = doc.notes + scanned.notes
        return scanned
    return doc


# What would read a kind no registered reader reads: the second half of its `unsupported` reason.
_SAVE_AS = "save the resume as PDF or Word"
_NEEDS_OCR = "reading images needs the OCR reader (tesserocr), which is not installed"
HINTS = {
    "pages": "export it to PDF or Word",
    "xlsx": _SAVE_AS,
    "pptx": _SAVE_AS,
    "ooxml": _SAVE_AS,
    "odf": _SAVE_AS,
    "xls": _SAVE_AS,
    "ppt": _SAVE_AS,
    "epub": _SAVE_AS,
    "msg": "save its attachments, or the message as .eml",
    "ole2": "install antiword, catdoc or LibreOffice to read it, or save it as .docx or PDF",
    "png": _NEEDS_OCR,
    "jpeg": _NEEDS_OCR,
    "tiff": _NEEDS_OCR,
    "webp": "convert it to PNG or PDF",
    "heic": "convert it to JPEG or PDF",
    "gif": "convert it to PNG or PDF",
    "zip": "unpack it and screen its files",
    "eml": "save its attachments and screen them",
    "unknown": "screener reads PDF, Word, OpenDocument, RTF, text, HTML and image files",
}


def unreadable(sniffed: Sniffed) -> ExtractError:
    """Why a file of a kind no reader reads is not read, and what would read it."""
    if sniffed.kind == "empty":
        return ExtractError("empty", "the file is empty (0 bytes)")
    if sniffed.kind == "encrypted":
        return ExtractError("encrypted", "the Office file is protected by a password")
    hint = HINTS.get(sniffed.kind, "no reader for it is registered")
    return ExtractError("unsupported", f"{DESCRIBE.get(sniffed.kind, sniffed.kind)}: {hint}")


def not_a_pdf(sniffed: Sniffed, data: bytes, name: str) -> ExtractError | None:
    """A file named .pdf holding text or unknown bytes is a broken PDF, not a resume in another format."""
    if sniffed.kind in ("text", "unknown") and PurePath(name).suffix.lower() == ".pdf":
        try:
            check_header(data)
        except ExtractError as exc:
            return exc
    return None
