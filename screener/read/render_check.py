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
the suspect's reason (what the page's objects showed) names the technique in the notes.

Invisible text (render mode 3) over an image is an OCR layer: it is kept only where the image
under it shows ink (contrast) in the word's box, and then only where OCR of that image reads the
same word there (ocr_layer); over a blank image, beside a speck or over other words it is hidden.
"""

from __future__ import annotations

import ctypes
import re
import struct
from dataclasses import dataclass, field
from typing import Any

import pypdfium2.raw as raw

from screener.read import ocr_layer
from screener.read.base import RawChar

SCALE = 1.0  # pixels per point of the two renders
INK_MIN = 24  # grey levels (of 255) a word must change somewhere in its box to be seen (~0.1 contrast)
OCR_INK_MIN = 64  # grey-level spread an image must show under an OCR word (printed text, not a blank)
NATURAL_WIDTH = 0.5  # of the type size per character: a word's width when it is not squeezed
OCR_DARK_SHARE = 0.05  # share of an OCR word's box the image must print dark (a word, not a speck)
COVER_SHARE = 0.25  # share of a text object's box that a later drawing must overlap to be a suspect
UNDER_SHARE = 0.5  # share of a text object's box that an earlier fill must cover to be its background
OPAQUE = 250  # fill alpha (of 255) under which text may be see-through
SAME_TONE = 0.35  # luminance difference under which a fill under text is too close to call
FORM_DEPTH = 4
MIN_DRAWING_AREA = 4.0  # square points: smaller drawings (dots, hairlines) cannot cover a word
_BLOCK = 256  # drawings tested against all text objects at once
EDGE_INSET = 0.2  # share of a glyph box's height left out at its top and bottom by the ink test
_MODE_VISIBLE = (0, 2)  # fill, fill + stroke: the text's fill colour is what shows
_MODE_INVISIBLE = 3
_IMAGE, _PATH, _SHADING, _TEXT, _FORM = (
    raw.FPDF_PAGEOBJ_IMAGE,
    raw.FPDF_PAGEOBJ_PATH,
    raw.FPDF_PAGEOBJ_SHADING,
    raw.FPDF_PAGEOBJ_TEXT,
    raw.FPDF_PAGEOBJ_FORM,
)

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


@dataclass
class PageScan:
    """The page's objects, as far as visibility is concerned."""

    suspects: dict[int, str] = field(default_factory=dict)  # text object address -> why it needs a render
    texts: list[int] = field(default_factory=list)  # every text object's address (forms included), to switch off
    images: int = 0
    text_objects: int = 0
    translucent: bool = False  # the file sets a fill alpha under 1 somewhere: every text object is a suspect
    # The page's own (not a form's) text objects with their boxes, in drawing order: where pdfium's
    # _restore_spaces finds the space-only objects a one-glyph-per-object producer draws.
    top_texts: list[tuple[int, Box]] = field(default_factory=list)
    invisible: set[int] = field(default_factory=set)  # text objects in render mode 3 (of those scanned)
    deep: bool = False  # forms nested past FORM_DEPTH: their text objects were not scanned


Box = tuple[float, float, float, float]  # left, bottom, right, top (PDF space)


def _typed(function: Any, restype: Any, *argtypes: Any) -> Any:
    """The same PDFium function taking plain addresses (ints): the scan calls these once per object."""
    return ctypes.cast(function, ctypes.CFUNCTYPE(restype, *argtypes))


_VP, _INT, _FP, _UP = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float), ctypes.POINTER(ctypes.c_uint)
_GET_OBJECT = _typed(raw.FPDFPage_GetObject, _VP, _VP, _INT)
_FORM_OBJECT = _typed(raw.FPDFFormObj_GetObject, _VP, _VP, ctypes.c_ulong)
_FORM_COUNT = _typed(raw.FPDFFormObj_CountObjects, _INT, _VP)
_TYPE = _typed(raw.FPDFPageObj_GetType, _INT, _VP)
_BOUNDS = _typed(raw.FPDFPageObj_GetBounds, _INT, _VP, _VP, _VP, _VP, _VP)  # out: four floats' addresses
_MODE = _typed(raw.FPDFTextObj_GetTextRenderMode, _INT, _VP)
_TRANSPARENT = _typed(raw.FPDFPageObj_HasTransparency, _INT, _VP)
_CLIP = _typed(raw.FPDFPageObj_GetClipPath, _VP, _VP)
_FILL_COLOR = _typed(raw.FPDFPageObj_GetFillColor, _INT, _VP, _UP, _UP, _UP, _UP)
_DRAW_MODE = _typed(raw.FPDFPath_GetDrawMode, _INT, _VP, ctypes.POINTER(_INT), ctypes.POINTER(_INT))
_SET_MODE = _typed(raw.FPDFTextObj_SetTextRenderMode, _INT, _VP, _INT)
_CLIP_PATHS = _typed(raw.FPDFClipPath_CountPaths, _INT, _VP)
_CLIP_SEGMENTS = _typed(raw.FPDFClipPath_CountPathSegments, _INT, _VP, _INT)
_CLIP_SEGMENT = _typed(raw.FPDFClipPath_GetPathSegment, _VP, _VP, _INT, _INT)
_POINT = _typed(raw.FPDFPathSegment_GetPoint, _INT, _VP, _FP, _FP)
_BOX4 = struct.Struct("4f")  # left, bottom, right, top, as FPDFPageObj_GetBounds fills them


class _Out:
    """ctypes out-parameters allocated once."""

    def __init__(self) -> None:
        self.box = (ctypes.c_float * 4)()
        self.box_refs = [ctypes.addressof(self.box) + 4 * k for k in range(4)]
        self.rgba = [ctypes.c_uint(0) for _ in range(4)]
        self.rgba_refs = [ctypes.byref(v) for v in self.rgba]
        self.fill, self.stroke = ctypes.c_int(0), ctypes.c_int(0)
        self.fill_ref, self.stroke_ref = ctypes.byref(self.fill), ctypes.byref(self.stroke)
        self.x, self.y = ctypes.c_float(0), ctypes.c_float(0)
        self.x_ref, self.y_ref = ctypes.byref(self.x), ctypes.byref(self.y)


_OUT = _Out()


def _bounds(obj: int) -> Box | None:
    o = _OUT
    if not _BOUNDS(obj, *o.box_refs):
        return None
    return _BOX4.unpack_from(o.box)


def _luminance(obj: int) -> float | None:
    """The object's fill colour as a grey level 0..1; None when unknown (a pattern) or transparent."""
    o = _OUT
    if not _FILL_COLOR(obj, *o.rgba_refs):
        return None
    r, g, b, a = (v.value for v in o.rgba)
    if a < 40:
        return None
    return (0.299 * r + 0.587 * g + 0.114 * b) / 255


def _clip_cuts(clip: int, box: Box) -> bool:
    """True when a clip path leaves part of the object's box outside (every clip path is bounded)."""
    o = _OUT
    left, bottom, right, top = box
    slack = 0.25 * max(top - bottom, 1.0)
    for k in range(_CLIP_PATHS(clip)):
        n = _CLIP_SEGMENTS(clip, k)
        if n <= 0:
            return True  # an empty clip shows nothing
        xs: list[float] = []
        ys: list[float] = []
        for s in range(n):
            seg = _CLIP_SEGMENT(clip, k, s)
            if seg and _POINT(seg, o.x_ref, o.y_ref):
                xs.append(o.x.value)
                ys.append(o.y.value)
        if not xs:
            return True
        if min(xs) > left + slack or max(xs) < right - slack or min(ys) > bottom + slack or max(ys) < top - slack:
            return True
    return False


# long: one pass over the page's objects in drawing order, forms included; each kind is a few lines
def scan(page: Any) -> PageScan:
    """Which text objects of a PDFium page need the render test, and why.

    This runs once per object of every page (thousands on pages that draw a glyph per object), so a
    text object costs five PDFium calls: its kind, render mode, box, transparency and clip. (A fill
    alpha under 1 is transparency, so the fill colour is read only where a drawing makes the text's
    tone matter, in _relate.) The page's own objects are walked inline; forms recurse.
    """
    out = PageScan()
    texts: list[tuple[int, int, Box]] = []  # (address, z, box)
    others: list[tuple[int, int, Box, float | None, bool]] = []  # (kind, z, box, fill luminance, filled)
    suspects, all_texts, top_texts, invisible = out.suspects, out.texts, out.top_texts, out.invisible
    get_type, get_mode, transparent, get_clip, bounds = _TYPE, _MODE, _TRANSPARENT, _CLIP, _bounds
    text_kind, visible_modes = _TEXT, _MODE_VISIBLE
    z = 0

    def text(obj: int, depth: int) -> None:
        all_texts.append(obj)
        mode = get_mode(obj)
        if mode == _MODE_INVISIBLE:
            invisible.add(obj)
        box = bounds(obj)
        if box is None:
            return
        if depth == 0:
            top_texts.append((obj, box))
        if mode not in visible_modes:
            suspects[obj] = "render-mode"
        elif transparent(obj):
            suspects[obj] = "transparent"
        else:
            clip = get_clip(obj)
            if clip and _CLIP_PATHS(clip) > 0 and _clip_cuts(clip, box):  # -1: no clip (Qt: every glyph)
                suspects[obj] = "clipped"
        texts.append((obj, z, box))

    def visit(obj: int, depth: int) -> None:
        nonlocal z
        z += 1
        kind = get_type(obj)
        if kind == text_kind:
            text(obj, depth)
        elif kind == _FORM:
            if depth < FORM_DEPTH:
                for k in range(_FORM_COUNT(obj)):
                    visit(_FORM_OBJECT(obj, k) or 0, depth + 1)
            else:
                out.deep = True  # text in it is not scanned (the reader asks PDFium for its render mode)
        else:
            _other(obj, kind, z, out, others)

    page_handle = ctypes.cast(page.raw, ctypes.c_void_p).value
    get_object = _GET_OBJECT
    for i in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = get_object(page_handle, i) or 0
        if get_type(obj) == text_kind:
            z += 1
            text(obj, 0)
        else:
            visit(obj, 0)
    out.text_objects = len(all_texts)
    if others and texts:
        _relate(texts, others, out)
    return out


def _other(obj: int, kind: int, z: int, out: PageScan, others: list[tuple[int, int, Box, float | None, bool]]) -> None:
    """An image, path or shading that may cover text or lie under it."""
    if kind == _IMAGE:
        out.images += 1
    if kind not in (_IMAGE, _PATH, _SHADING):
        return
    box = _bounds(obj)
    if box is None:
        return
    filled = True
    if kind == _PATH:
        o = _OUT
        if not _DRAW_MODE(obj, o.fill_ref, o.stroke_ref):
            return
        filled = bool(o.fill.value)
        if not filled and not o.stroke.value:
            return
    lum = _luminance(obj) if kind == _PATH and filled else None
    others.append((kind, z, box, lum, filled))


# long: numpy over blocks of drawings; the tone test is one step of it, read only for the rows that need it
def _relate(
    texts: list[tuple[int, int, Box]],
    others: list[tuple[int, int, Box, float | None, bool]],
    out: PageScan,
) -> None:
    """Suspects among text objects that another drawing covers, or that sit on something of unknown tone.

    Pages carry thousands of objects (a glyph or a path each): the pairs are tested in numpy, a
    block of drawings against every text object at a time. The text's fill tone is read only when
    some drawing is big enough and drawn after text or filled (else none can be relevant)."""
    import numpy as np

    first_text = min(t[1] for t in texts)

    def may_matter(o: tuple[int, int, Box, float | None, bool]) -> bool:
        kind, z, box, lum, filled = o
        return (box[2] - box[0]) * (box[3] - box[1]) >= MIN_DRAWING_AREA and (z > first_text or filled)

    others = [o for o in others if may_matter(o)]
    if not others:
        return
    tones = _Tones(texts)
    # Only a filled path of known tone drawn before all text needs the text's tones to be judged.
    if any(o[1] <= first_text and o[4] and o[0] == _PATH and o[3] is not None for o in others):
        tones.read_all()
        known = {round(t, 2) for t in tones.values if t == t}
        unknown_tone = any(t != t for t in tones.values)

        def relevant(o: tuple[int, int, Box, float | None, bool]) -> bool:
            """A drawing that may cover text (drawn after some), or be a background too close to call."""
            kind, z, box, lum, filled = o
            if z > first_text:
                return True
            doubtful = kind != _PATH or lum is None or unknown_tone or any(abs(lum - t) < SAME_TONE for t in known)
            return filled and doubtful

        others = [o for o in others if relevant(o)]
        if not others:
            return
    tb = np.array([t[2] for t in texts], dtype=float)
    tz = np.array([t[1] for t in texts])
    area = np.maximum((tb[:, 2] - tb[:, 0]) * (tb[:, 3] - tb[:, 1]), 1e-6)
    covered = np.zeros(len(texts), dtype=bool)
    behind_image = np.zeros(len(texts), dtype=bool)
    under = np.zeros(len(texts), dtype=bool)
    for start in range(0, len(others), _BLOCK):
        block = others[start : start + _BLOCK]
        ob = np.array([o[2] for o in block], dtype=float)
        oz = np.array([o[1] for o in block])
        image = np.array([o[0] == _IMAGE for o in block])
        unknown = np.array([o[0] != _PATH or o[3] is None for o in block])
        lum = np.array([np.nan if o[3] is None else o[3] for o in block])
        filled = np.array([o[4] for o in block])
        w = np.minimum(tb[:, None, 2], ob[None, :, 2]) - np.maximum(tb[:, None, 0], ob[None, :, 0])
        h = np.minimum(tb[:, None, 3], ob[None, :, 3]) - np.maximum(tb[:, None, 1], ob[None, :, 1])
        share = np.clip(w, 0, None) * np.clip(h, 0, None) / area[:, None]
        after = oz[None, :] > tz[:, None]
        cover = after & (share >= COVER_SHARE)
        covered |= cover.any(axis=1)
        behind_image |= (cover & image[None, :]).any(axis=1)
        below = ~after & (share >= UNDER_SHARE) & filled[None, :]
        under |= (below & unknown[None, :]).any(axis=1)
        # A fill of known tone under text: doubtful when the text's tone is unknown or close to it.
        rows = np.nonzero((below & ~unknown[None, :]).any(axis=1))[0]
        if len(rows):
            tone = tones.of(rows)
            close = np.abs(lum[None, :] - tone[:, None]) < SAME_TONE
            doubtful = np.isnan(tone)[:, None] | close
            under[rows] |= (below[rows] & ~unknown[None, :] & doubtful).any(axis=1)
    for k, (address, _, _) in enumerate(texts):
        if address in out.suspects:
            continue
        if covered[k]:
            out.suspects[address] = "behind-image" if behind_image[k] else "covered"
        elif under[k]:
            out.suspects[address] = "background"


class _Tones:
    """The fill tone (grey level, NaN when unknown) of text objects, read from PDFium only when asked."""

    def __init__(self, texts: list[tuple[int, int, Box]]) -> None:
        self.texts = texts
        self.values: list[float] = [-1.0] * len(texts)  # -1: not read yet

    def _read(self, k: int) -> float:
        t = self.values[k]
        if t == -1.0:
            lum = _luminance(self.texts[k][0])
            t = self.values[k] = float("nan") if lum is None else lum
        return t

    def read_all(self) -> None:
        for k in range(len(self.texts)):
            self._read(k)

    def of(self, rows: Any) -> Any:
        import numpy as np

        return np.array([self._read(int(k)) for k in rows], dtype=float)


def _gray(page: Any, crop: tuple[float, float, float, float]) -> Any:
    """The page (less `crop`: points off its left, bottom, right and top) in grey levels."""
    bitmap = page.render(scale=SCALE, grayscale=True, crop=crop)
    array = bitmap.to_numpy()
    return array.reshape(array.shape[0], array.shape[1], -1)[:, :, 0].astype("int16")


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
    crop = (left, height - down, width - right, up)
    with_text = _gray(page, crop)
    for obj in found.texts:
        _SET_MODE(obj, _MODE_INVISIBLE)
    without = _gray(page, crop)
    rows, cols = with_text.shape
    # The middle of each box: loose boxes of neighbouring lines overlap by their ascenders and descenders.
    top = np.array([c.top for c in todo]) - up
    bottom = np.array([c.bottom for c in todo]) - up
    inset = EDGE_INSET * (bottom - top)
    r0 = np.clip((top + inset) * SCALE, 0, rows).astype(int)
    r1 = np.clip(np.ceil((bottom - inset) * SCALE), 0, rows).astype(int)
    c0 = np.clip((np.array([c.x0 for c in todo]) - left) * SCALE, 0, cols).astype(int)
    c1 = np.clip(np.ceil((np.array(ends) - left) * SCALE), 0, cols).astype(int)
    boxes = (r0, r1, c0, c1)
    ink = _counts(np.abs(with_text - without) >= INK_MIN, boxes)
    # An OCR word needs print under it: dark and light pixels both, in the image without the text.
    dark = _counts(without < 255 - OCR_INK_MIN, boxes)
    light = _counts(without >= 255 - OCR_INK_MIN // 2, boxes)
    printed = _counts(without < 255 - OCR_INK_MIN, boxes)
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
        return ""
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
