"""Visibility by what a reader sees: the rendered page decides, not a list of tricks.

Most pages take the fast path: their objects show nothing that could hide text (no image or
shading near text, no drawing over text, no fill of the text's own tone under it, no clip that
cuts a text object, render modes 0 and 2 only, no transparency), so the colour, size and
position rules of visibility.py decide alone. A text object that fails one of these tests is a
*suspect*: its page is rendered twice by PDFium at 1 pixel per point, in grey levels, once as
it is and once with every text object switched to render mode 3 (invisible), and a suspect word
is kept only where the two renders differ inside its box (it leaves ink a reader can see). That
one test is exact for covering, clipping, alpha, blend modes, render modes, stroke colours,
images and fills of any kind (gradients and patterns included) without knowing which was used;
the suspect's reason (what the page's objects showed) names the technique in the notes. Only the
bands of rows that hold suspects' boxes are rendered (_Window): the same pixels, at the cost of
their area. See-through text whose one transparency is its fill alpha, over a backdrop of known
tone, is settled before any render by compositing (alpha_text.py), which is exact there.

Invisible text (render mode 3) over an image is an OCR layer: it is kept only where the image
under it shows ink (contrast) in the word's box, and then only where OCR of that image reads the
same word there (ocr_layer); over a blank image, beside a speck or over other words it is hidden.
"""

from __future__ import annotations

import ctypes
import math
import re
from typing import Any

import pypdfium2.raw as raw

from screener.read import alpha_text, ocr_layer, page_scan, page_scan_c
from screener.read.base import RawChar
from screener.read.page_scan import Box, PageScan

__all__ = ["REASONS", "Box", "PageScan", "resolve", "scan", "see_through", "suspect_reason", "to_crop_box"]

SCALE = 1.0  # pixels per point of the two renders
INK_MIN = 24  # grey levels (of 255) a word must change somewhere in its box to be seen (~0.1 contrast)
OCR_INK_MIN = 64  # grey-level spread an image must show under an OCR word (printed text, not a blank)
NATURAL_WIDTH = 0.5  # of the type size per character: a word's width when it is not squeezed
OCR_DARK_SHARE = 0.05  # share of an OCR word's box the image must print dark (a word, not a speck)
OPAQUE = 250  # fill alpha (of 255) under which text may be see-through
EDGE_INSET = 0.2  # share of a glyph box's height left out at its top and bottom by the ink test
BAND_GAP = 8  # pixel rows between suspects' boxes under which one render serves both (a call costs ~this many rows)
_MODE_INVISIBLE = 3

# What a suspect's hidden words are called when the render shows no ink for them.
REASONS = {
    "covered": "covered-by-later-drawing",
    "behind-image": "behind-image",
    "clipped": "clipped-away",
    "transparent": "transparent",
    "render-mode": "invisible-render-mode",
    "ocr": "ocr-layer-without-matching-image",
    "background": "same-colour-as-background",
    "squeezed": "squeezed",
}


def scan(page: Any) -> PageScan:
    """Which text objects of a PDFium page need the render test, and why (page_scan.py).

    The walk runs in C where the accelerator was built (page_scan_c.py), else in Python; the two
    give the same PageScan."""
    if page_scan_c.MODULE is not None:
        return page_scan_c.scan(page)
    return page_scan.scan(page)


_SET_MODE = ctypes.cast(
    raw.FPDFTextObj_SetTextRenderMode, ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int)
)


def _gray(page: Any, crop: tuple[float, float, float, float]) -> Any:
    """The page (less `crop`: points off its left, bottom, right and top) in grey levels."""
    bitmap = page.render(scale=SCALE, grayscale=True, crop=crop)
    array = bitmap.to_numpy()
    return array.reshape(array.shape[0], array.shape[1], -1)[:, :, 0].astype("int16")


class _Window:
    """The part of the page's pixel grid that holds the suspects, rendered only where their boxes are.

    pypdfium2 renders a crop as a window of whole pixels onto one page-sized grid (each side's crop
    rounded up to a pixel), so a band rendered on its own shows the very pixels the whole window would:
    rendering only the bands costs their area, not the window's (on a page of soft-masked shadows the
    whole window costs some 60 ms a render, its text lines a fraction of that)."""

    def __init__(self, page: Any, crop: tuple[float, float, float, float]) -> None:
        width, height = page.get_size()
        self.page_cols, self.page_rows = math.ceil(width * SCALE), math.ceil(height * SCALE)
        self.left, self.bottom, self.right, self.top = (math.ceil(c * SCALE) for c in crop)
        self.rows = self.page_rows - self.bottom - self.top
        self.cols = self.page_cols - self.left - self.right

    def render(self, page: Any, bands: list[tuple[int, int, int, int]]) -> list[Any]:
        """Each band (r0, r1, c0, c1: rows and columns of the window) in grey levels."""
        out = []
        for r0, r1, c0, c1 in bands:
            # Whole pixels off each page edge; SCALE is 1, so these are points as well.
            crop = (
                (self.left + c0) / SCALE,
                (self.page_rows - self.top - r1) / SCALE,
                (self.page_cols - self.left - c1) / SCALE,
                (self.top + r0) / SCALE,
            )
            out.append(_gray(page, crop))
        return out


def _bands(boxes: tuple[Any, Any, Any, Any]) -> tuple[list[tuple[int, int, int, int]], Any]:
    """The boxes (r0, r1, c0, c1 arrays) gathered into bands of rows, and each box's band (-1: an empty
    box). Boxes whose rows overlap or come within BAND_GAP rows of each other share a band, as wide
    as the widest of them."""
    import numpy as np

    r0, r1, c0, c1 = (b.tolist() for b in boxes)
    bands: list[list[int]] = []
    band_of = np.full(len(r0), -1, dtype=np.int64)
    for k in sorted(range(len(r0)), key=r0.__getitem__):
        if r1[k] <= r0[k] or c1[k] <= c0[k]:
            continue  # an empty box (off the page): nothing to render
        last = bands[-1] if bands else None
        if last is not None and r0[k] <= last[1] + BAND_GAP:
            last[1] = max(last[1], r1[k])
            last[2] = min(last[2], c0[k])
            last[3] = max(last[3], c1[k])
        else:
            bands.append([r0[k], r1[k], c0[k], c1[k]])
        band_of[k] = len(bands) - 1
    return [(a, b, c, d) for a, b, c, d in bands], band_of


def _band_counts(masks: list[Any], bands: list[tuple[int, int, int, int]], band_of: Any, boxes: Any) -> Any:
    """How many pixels of its band's mask each box holds (0 for an empty box)."""
    import numpy as np

    r0, r1, c0, c1 = boxes
    out = np.zeros(len(r0), dtype=np.int64)
    for b, (mask, (top, _, left, _)) in enumerate(zip(masks, bands, strict=True)):
        mine = np.nonzero(band_of == b)[0]
        out[mine] = _counts(mask, (r0[mine] - top, r1[mine] - top, c0[mine] - left, c1[mine] - left))
    return out


def _counts(mask: Any, boxes: Any) -> Any:
    """How many pixels of `mask` each box (r0, r1, c0, c1 rows) holds: an integral image, four lookups a box."""
    import numpy as np

    integral = np.zeros((mask.shape[0] + 1, mask.shape[1] + 1), dtype=np.int32)
    integral[1:, 1:] = mask.cumsum(axis=0, dtype=np.int32).cumsum(axis=1, dtype=np.int32)
    r0, r1, c0, c1 = boxes
    return integral[r1, c1] - integral[r0, c1] - integral[r1, c0] + integral[r0, c0]


def resolve(page: Any, chars: list[RawChar], found: PageScan) -> None:
    """Decide every suspect glyph or word ('?' + why) by rendering the page with and without its text."""
    import numpy as np

    todo = [c for c in chars if c.hidden.startswith("?")]
    # A squeezed word is judged over the width it would take unsqueezed: is there print a reader reads there?
    ends = [max(c.x1, c.x0 + NATURAL_WIDTH * c.size * len(c.text)) if c.hidden == "?squeezed" else c.x1 for c in todo]
    width, height = page.get_size()
    # Only the part of the page that holds suspects is rasterised (the renders cost by area).
    left = max(min(c.x0 for c in todo) - 2, 0.0)
    up = max(min(c.top for c in todo) - 2, 0.0)
    right = min(max(ends) + 2, width)
    down = min(max(c.bottom for c in todo) + 2, height)
    if right - left < 1 or down - up < 1:
        for c in todo:
            c.hidden = "off-page"
        return
    grid = _Window(page, (left, height - down, width - right, up))
    rows, cols = grid.rows, grid.cols
    # The middle of each box: loose boxes of neighbouring lines overlap by their ascenders and descenders.
    top = np.array([c.top for c in todo]) - up
    bottom = np.array([c.bottom for c in todo]) - up
    inset = EDGE_INSET * (bottom - top)
    r0 = np.clip((top + inset) * SCALE, 0, rows).astype(int)
    r1 = np.clip(np.ceil((bottom - inset) * SCALE), 0, rows).astype(int)
    c0 = np.clip((np.array([c.x0 for c in todo]) - left) * SCALE, 0, cols).astype(int)
    c1 = np.clip(np.ceil((np.array(ends) - left) * SCALE), 0, cols).astype(int)
    boxes = (r0, r1, c0, c1)
    bands, band_of = _bands(boxes)
    with_text = grid.render(page, bands)
    for obj in found.texts:
        _SET_MODE(obj, _MODE_INVISIBLE)
    without = grid.render(page, bands)
    changed = [np.abs(w - o) >= INK_MIN for w, o in zip(with_text, without, strict=True)]
    ink = _band_counts(changed, bands, band_of, boxes)
    # An OCR word needs print under it: dark and light pixels both, in the image without the text.
    dark = printed = _band_counts([o < 255 - OCR_INK_MIN for o in without], bands, band_of, boxes)
    light = _band_counts([o >= 255 - OCR_INK_MIN // 2 for o in without], bands, band_of, boxes)
    ocr_kept: list[RawChar] = []
    for k, c in enumerate(todo):
        why = c.hidden[1:]
        if r1[k] <= r0[k] or c1[k] <= c0[k]:
            c.hidden = "off-page"
        elif why == "squeezed":
            area = (r1[k] - r0[k]) * (c1[k] - c0[k])
            c.hidden = "" if printed[k] >= OCR_DARK_SHARE * area else REASONS[why]
        elif why in ("ocr", "transparent") and not (why == "transparent" and ink[k]):
            # An invisible or see-through text layer over print of its own (an OCR layer over a scan,
            # Chromium's text layer over glyph outlines) is what a reader sees; over nothing it is hidden.
            area = (r1[k] - r0[k]) * (c1[k] - c0[k])
            c.hidden = "" if dark[k] >= OCR_DARK_SHARE * area and light[k] else REASONS[why]
            if why == "ocr" and not c.hidden:
                ocr_kept.append(c)
        else:
            c.hidden = "" if ink[k] else REASONS.get(why, "not-drawn")
    # Print under an OCR word is not enough: the image must read the same word there (ocr_layer).
    ocr_layer.confirm(page, ocr_kept)


def suspect_reason(found: PageScan, address: int, mode_invisible: bool) -> str:
    """The '?why' marker a suspect text object's glyphs carry until `resolve` decides them."""
    why = found.suspects.get(address, "")
    if not why:
        return alpha_text.BLENDED if address in found.blended else ""
    if why == "render-mode" and mode_invisible and found.images:
        return "?ocr"
    if why == "over-image":
        return "?background"
    return "?" + why


def to_crop_box(page: Any, chars: list[RawChar], width: float, height: float) -> None:
    """Glyph boxes relative to the crop box's corner (what is shown), when it does not start at 0."""
    left, bottom, _, _ = page.get_cropbox()
    if abs(left) < 0.01 and abs(bottom) < 0.01:
        return
    for c in chars:
        c.x0 -= left
        c.x1 -= left
        c.top += bottom
        c.bottom += bottom
        if c.hidden in ("", "off-page"):
            outside = c.x1 < 0 or c.x0 > width or c.bottom < 0 or c.top > height
            c.hidden = "off-page" if outside else ""


# A graphics state with a fill alpha under 1 (/ca 0.02): PDFium reports text fill alpha without it,
# so every text object of such a file is a render suspect (the render applies the alpha).
_SEE_THROUGH = re.compile(rb"/ca\s*(?:0(?:\.\d*)?|\.\d+)(?![\d.])")


def see_through(data: bytes) -> bool:
    """The file sets a fill alpha under 1 somewhere (then every text object is a render suspect)."""
    return bool(_SEE_THROUGH.search(data))
