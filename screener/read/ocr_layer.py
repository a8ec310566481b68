"""An OCR text layer counts only where the image under it shows the same words.

A scanned resume carries its text as invisible glyphs (render mode 3) over the page image; so
does a resume stuffed with keywords nobody can see. render_check's ink test keeps an invisible
word only where the image under its box shows print; this module then reads that print: the
part of the page holding the kept words is rendered without its text (render_check has switched
every text object to invisible by then) and recognised by Tesseract, and each layer word is kept
only where a recognised word at the same place reads the same (ignoring case and punctuation,
allowing OCR's usual confusions). A layer word over print that says something else (stuffed
keywords laid over a real line, a line whose layer was rewritten) is hidden like any other.

The work is bounded: one OCR pass per page, over the layer's area only, downscaled to at most
ocr.MAX_OCR_PIXELS, within ReadLimits.ocr_page_seconds. Where OCR is not installed or runs out
of time the ink test's decision stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from screener.read.base import RawChar
from screener.read.limits import DEFAULT_LIMITS

OCR_SCALE = 200 / 72  # pixels per point of the region recognised (the OCR reader's 200 dpi)
MARGIN = 4.0  # points around the layer's words
SAME_WORD = 0.7  # similarity (0-1) at which a recognised word reads as the layer's word
SHORT = 2  # layer words this short need only a recognised word under them ("in", "of": OCR drops some)
HIDDEN = "ocr-layer-without-matching-image"
_NOT_ALNUM = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Seen:
    """A word Tesseract read in the image: its letters and digits, lower case, and its box in points."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def _norm(text: str) -> str:
    return _NOT_ALNUM.sub("", text).lower()


def words_of(glyphs: list[RawChar]) -> list[list[RawChar]]:
    """The layer's items grouped into words: a gap, a new line or a step back starts a word."""
    words: list[list[RawChar]] = []
    prev: RawChar | None = None
    for c in glyphs:
        gap = prev is None or c.space_before or c.newline_before or " " in c.text
        if prev is not None and not gap:
            size = max(prev.size, c.size, 1.0)
            gap = abs(c.top - prev.top) > 0.5 * size or c.x0 < prev.x0 or c.x0 - prev.x1 > 0.25 * size
        if gap or not words:
            words.append([c])
        else:
            words[-1].append(c)
        prev = c
    return words


def recognise(page: Any, area: tuple[float, float, float, float]) -> list[Seen] | None:
    """Tesseract's words in `area` (left, top, right, bottom: top-down points) of the page as rendered now.

    None when OCR is not installed or ran out of time: then nothing can be confirmed or refuted."""
    from screener.read import ocr

    if not ocr.available():
        return None
    from tesserocr import PSM, RIL, PyTessBaseAPI, iterate_level

    left, top, right, bottom = area
    width, height = page.get_size()
    scale = min(OCR_SCALE, (ocr.MAX_OCR_PIXELS / max((right - left) * (bottom - top), 1.0)) ** 0.5)
    crop = (left, height - bottom, width - right, top)
    try:
        image = page.render(scale=scale, grayscale=True, crop=crop).to_pil().convert("L")
    except Exception:  # noqa: BLE001 - a page PDFium rendered once already; if not now, the ink test stands
        return None
    seen: list[Seen] = []
    with PyTessBaseAPI(path=ocr._tessdata_path(), lang="eng", psm=PSM.AUTO) as api:
        api.SetImage(image)
        api.SetSourceResolution(round(scale * 72))
        if not api.Recognize(timeout=round(DEFAULT_LIMITS.ocr_page_seconds * 1000)):
            return None
        it = api.GetIterator()
        if it is None:
            return seen
        for w in iterate_level(it, RIL.WORD):
            try:
                text = _norm(w.GetUTF8Text(RIL.WORD) or "")
            except RuntimeError:  # tesserocr's way of saying the element is empty
                continue
            box = w.BoundingBox(RIL.WORD)
            if text and box is not None:
                x0, y0, x1, y1 = box
                seen.append(Seen(text, left + x0 / scale, top + y0 / scale, left + x1 / scale, top + y1 / scale))
    return seen


def shows(word: list[RawChar], seen: list[Seen]) -> bool:
    """Whether the image reads, at the word's place, what the layer's word says."""
    text = _norm("".join(c.text for c in word))
    if not text:
        return True  # punctuation: nothing a screen could count
    x0, x1 = min(c.x0 for c in word), max(c.x1 for c in word)
    top, bottom = min(c.top for c in word), max(c.bottom for c in word)
    slack = 0.3 * max(bottom - top, 1.0)
    under = sorted(
        (s for s in seen if s.x1 > x0 - slack and s.x0 < x1 + slack and _overlap(s.top, s.bottom, top, bottom) > 0.5),
        key=lambda s: s.x0,
    )
    if not under:
        return False
    if len(text) <= SHORT:
        return True
    joined = "".join(s.text for s in under)
    if text in joined:
        return True
    return any(SequenceMatcher(None, text, s).ratio() >= SAME_WORD for s in [joined, *(u.text for u in under)])


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    """The vertical overlap of two spans as a share of the shorter one."""
    return max(0.0, min(a1, b1) - max(a0, b0)) / max(min(a1 - a0, b1 - b0), 0.1)


def confirm(page: Any, kept: list[RawChar]) -> None:
    """Hide the OCR-layer glyphs the ink test kept whose word the image under them does not read."""
    if not kept:
        return
    width, height = page.get_size()
    area = (
        max(min(c.x0 for c in kept) - MARGIN, 0.0),
        max(min(c.top for c in kept) - MARGIN, 0.0),
        min(max(c.x1 for c in kept) + MARGIN, width),
        min(max(c.bottom for c in kept) + MARGIN, height),
    )
    if area[2] - area[0] < 1 or area[3] - area[1] < 1:
        return
    seen = recognise(page, area)
    if seen is None:
        return
    for word in words_of(kept):
        if not shows(word, seen):
            for c in word:
                c.hidden = HIDDEN
