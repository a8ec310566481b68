"""Can a reader see this glyph? Shared by both engines.

White-on-white keywords and 1-pt text are the known attack on resume screeners:
such glyphs are kept out of all evidence and reported instead.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from typing import Any

from screener.read.base import RawChar

MIN_VISIBLE_SIZE = 4.0  # points
MIN_WIDTH_PER_CHAR = 0.1  # of the type size: narrower words are squeezed flat (horizontal scaling ~1%)
EDGE_RUN_MAX_CHARS = 12  # a line may run this many characters past the page edge and still be read whole
_CONTRAST = 0.1  # max channel difference below which text melts into its background
_WHITE = (1.0, 1.0, 1.0)
SAME_COLOUR = "same-colour-as-background"
_BOLD_WORDS = ("bold", "black", "heavy", "semibold", "demi", "extrabold")


def squeezed(width: float, size: float, chars: int) -> bool:
    """A word of `chars` glyphs drawn in under a tenth of the width its type size needs (Tz 1%)."""
    return width < MIN_WIDTH_PER_CHAR * size * chars


def read_whole_past_edge(chars: list[RawChar], width: float) -> None:
    """A line that starts on the page and runs a little past its right edge (a phone number cut at
    the margin) is read whole: its off-page tail continues visible text on the same baseline.
    Longer tails stay hidden, so keywords cannot be parked beside a visible line."""
    prev: RawChar | None = None
    tail = 0
    for c in chars:
        if c.hidden == "off-page" and c.x0 >= width and prev is not None and not prev.hidden:
            same_line = abs(c.top - prev.top) <= 0.45 * max(prev.size, 1.0) and not c.newline_before
            near = 0 <= c.x0 - prev.x1 <= 2.0 * max(c.size, 1.0)
            tail += len(c.text)
            if same_line and near and tail <= EDGE_RUN_MAX_CHARS:
                c.hidden = ""
        elif not c.hidden:
            tail = 0 if c.x1 <= width else tail + len(c.text)
        prev = c


def is_bold_font(name: str) -> bool:
    lowered = name.lower()
    return any(w in lowered for w in _BOLD_WORDS)


@dataclass
class Shape:
    x0: float
    top: float
    x1: float
    bottom: float
    rgb: tuple[float, float, float] | None  # None for an image: its colours are unknown
    cut: bool = False  # a clip leaves part of its box undrawn: it may not be what lies under a point

    @property
    def area(self) -> float:
        return (self.x1 - self.x0) * (self.bottom - self.top)


class Background:
    """Filled shapes and images under the text, smallest first (the most specific wins)."""

    def __init__(self, shapes: list[Shape]) -> None:
        self.shapes = sorted(shapes, key=lambda s: s.area)

    def shape_at(self, x: float, y: float, min_height: float = 0.0) -> Shape | None:
        """The shape under a point (None: the page); shapes shorter than `min_height` are glyphs or rules,
        not backgrounds."""
        for s in self.shapes:
            if s.bottom - s.top < min_height:
                continue
            if s.x0 <= x <= s.x1 and s.top <= y <= s.bottom:
                return s
        return None

    def colour_at(self, x: float, y: float, min_height: float = 0.0) -> tuple[float, float, float] | None:
        """The colour under a point (None: an image's, unknown)."""
        shape = self.shape_at(x, y, min_height)
        return _WHITE if shape is None else shape.rgb

    @classmethod
    def from_page(cls, page: Any, height: float) -> Background:
        """Filled paths and images of a PDFium page (only read when light text needs it)."""
        import pypdfium2.raw as raw

        from screener.read import page_scan as ps

        # The page's objects by address through page_scan's typed calls (a page of glyph outlines holds
        # thousands of paths: pypdfium2's own wrappers cost several times as much per call).
        shapes: list[Shape] = []
        box = (ctypes.c_float * 4)()
        box_refs = [ctypes.addressof(box) + 4 * k for k in range(4)]
        fill, stroke = ctypes.c_int(0), ctypes.c_int(0)
        fill_ref, stroke_ref = ctypes.byref(fill), ctypes.byref(stroke)
        rgba = [ctypes.c_uint(0) for _ in range(4)]  # not reset between objects, as it never was
        rgba_refs = [ctypes.byref(v) for v in rgba]
        path, image, form = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM

        def visit(obj: int, depth: int) -> None:
            kind = ps._TYPE(obj)
            if kind == form and depth < 3:
                for k in range(ps._FORM_COUNT(obj)):
                    visit(ps._FORM_OBJECT(obj, k) or 0, depth + 1)
                return
            if kind != path and kind != image:
                return
            if not ps._BOUNDS(obj, *box_refs):
                return
            left, bottom, right, top = box
            if (right - left) * (top - bottom) < 50:
                return
            colour: tuple[float, float, float] | None = None
            if kind == path:
                if not ps._DRAW_MODE(obj, fill_ref, stroke_ref) or not fill.value:
                    return
                ps._FILL_COLOR(obj, *rgba_refs)
                if rgba[3].value < 40:
                    return
                colour = (rgba[0].value / 255, rgba[1].value / 255, rgba[2].value / 255)
            cut = ps.clip_cuts(obj, (left, bottom, right, top))
            shapes.append(Shape(left, height - top, right, height - bottom, colour, cut))

        handle = ctypes.cast(page.raw, ctypes.c_void_p).value
        for i in range(raw.FPDFPage_CountObjects(page.raw)):
            visit(ps._GET_OBJECT(handle, i) or 0, 0)
        return cls(shapes)


def hidden_reason(
    size: float,
    rgb: tuple[float, float, float],
    alpha: float,
    box: tuple[float, float, float, float],
    width: float,
    height: float,
    background: Background | None,
    see_through: bool = False,
) -> str:
    """'' when a reader can see the glyph, else a short reason.

    `see_through`: the glyph is composited with its backdrop at `alpha` (alpha_text), so it keeps
    only that share of its contrast."""
    x0, top, x1, bottom = box
    if 0 < size < MIN_VISIBLE_SIZE:
        return "tiny-font"
    if x1 < 0 or x0 > width or bottom < 0 or top > height:
        return "off-page"
    if alpha < 0.1:
        return "transparent"
    if background is not None:
        # Text drawn as outlines under an invisible text layer (Chromium + pdf-lib) sits on
        # word-sized shapes of its own colour: only a shape well taller than the text is a background.
        shape = background.shape_at((x0 + x1) / 2, (top + bottom) / 2, min_height=1.25 * size)
        if shape is not None and shape.cut:
            return "?background"  # a clip may leave the page, not this shape, under the glyph: the render decides
        under = _WHITE if shape is None else shape.rgb
        if under is not None:
            contrast = max(abs(a - b) for a, b in zip(rgb, under, strict=True))
            if (alpha * contrast if see_through else contrast) < _CONTRAST:
                return SAME_COLOUR
    return ""


_CELL = 8.0  # points: the grid apply_visibility looks glyphs up in
_MAX_CELLS = 4096  # a glyph box over this many cells is tested against every glyph instead
_FAR = 1e6  # points: coordinates beyond this (a damaged file's) are not looked up


def apply_visibility(chars: list[RawChar], decided: list[RawChar]) -> None:
    """Give each glyph the visibility of the decided glyph (another engine's) whose box holds its centre."""
    grid: dict[tuple[int, int], list[RawChar]] = {}
    wide: list[RawChar] = []  # boxes over _MAX_CELLS cells (a damaged file's glyph may span 10^12 points)
    for d in decided:
        if not all(math.isfinite(v) and abs(v) < _FAR for v in (d.x0, d.x1, d.top, d.bottom)):
            wide.append(d)
            continue
        xs = range(int(d.x0 // _CELL), int(d.x1 // _CELL) + 1)
        ys = range(int(d.top // _CELL), int(d.bottom // _CELL) + 1)
        if len(xs) * len(ys) > _MAX_CELLS:
            wide.append(d)
            continue
        for gx in xs:
            for gy in ys:
                grid.setdefault((gx, gy), []).append(d)
    for c, word in zip(chars, _word_texts(chars), strict=True):
        x, y = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
        if not (math.isfinite(x) and math.isfinite(y) and abs(x) < _FAR and abs(y) < _FAR):
            continue
        cell = grid.get((int(x // _CELL), int(y // _CELL)), []) + wide
        hits = [d for d in cell if d.x0 <= x <= d.x1 and d.top <= y <= d.bottom]
        if hits:
            hits = _same_glyph(c, word, x, hits)
            visible = [d for d in hits if not d.hidden]
            c.hidden = "" if visible else hits[0].hidden


def _word_texts(chars: list[RawChar]) -> list[str]:
    """The text of the word each glyph belongs to (a word gap or a new line ends a word)."""
    out: list[str] = []
    start = 0
    for i in range(len(chars) + 1):
        if i == len(chars) or (i > start and _word_gap(chars[i - 1], chars[i])):
            word = "".join(c.text for c in chars[start:i])
            out += [word] * (i - start)
            start = i
    return out


def _word_gap(prev: RawChar, c: RawChar) -> bool:
    if c.space_before or c.newline_before or c.x0 < prev.x0:
        return True
    return c.x0 - prev.x1 > 0.2 * max(c.size, 1.0) or abs(c.top - prev.top) > 0.5 * max(c.size, 1.0)


def _same_glyph(c: RawChar, word: str, x: float, hits: list[RawChar]) -> list[RawChar]:
    """Among decided items drawn over each other at a glyph's place (an OCR layer's stuffed word on a real
    one), the one that is this glyph: the same word, else the same letter at the same width."""
    if len(hits) < 2:
        return hits
    same_word = [d for d in hits if d.text.strip() == word]
    if same_word:
        return same_word
    same = [d for d in hits if _same_letter(c.text, d, x)]
    if len(same) > 1:
        same = [min(same, key=lambda d: _width_gap(c, d))]
    return same or hits


def _same_letter(text: str, d: RawChar, x: float) -> bool:
    """Whether the decided item `d` (a glyph or a word) shows `text` at x: the letter at that share of its width."""
    if len(d.text) <= 1:
        return text == d.text
    at = int((x - d.x0) / max(d.x1 - d.x0, 1e-6) * len(d.text))
    return text in d.text[max(at - 1, 0) : at + 2]  # glyph widths vary: a letter either side


def _width_gap(c: RawChar, d: RawChar) -> float:
    """How far a glyph's width is from the width per letter of the decided item `d`."""
    return abs(math.log(max(c.x1 - c.x0, 1e-3) * max(len(d.text), 1) / max(d.x1 - d.x0, 1e-3)))
