"""The visibility scan: which text objects of a PDFium page need the render test, and why.

One pass over the page's objects in drawing order (forms included, to FORM_DEPTH): each text
object's render mode, box, transparency and clip, each image, path and shading's box and fill, and
then which drawings cover text or lie under it (render_check's docstring says what follows). This is
the Python walk, through ctypes; page_scan_c.py makes the same walk in C where it was built, and
render_check.scan picks one. Both give the same PageScan (tests/read/test_accel_scan.py).
"""

from __future__ import annotations

import ctypes
import struct
from dataclasses import dataclass, field
from typing import Any

import pypdfium2.raw as raw

COVER_SHARE = 0.25  # share of a text object's box that a later drawing must overlap to be a suspect
UNDER_SHARE = 0.5  # share of a text object's box that an earlier fill must cover to be its background
SAME_TONE = 0.35  # luminance difference under which a fill under text is too close to call
FORM_DEPTH = 4
MIN_DRAWING_AREA = 4.0  # square points: smaller drawings (dots, hairlines) cannot cover a word
_BLOCK = 256  # drawings tested against all text objects at once
TONE_ALPHA_MIN = 40  # fill alpha (of 255) under which a fill has no tone to compare
_MODE_VISIBLE = (0, 2)  # fill, fill + stroke: the text's fill colour is what shows
_MODE_INVISIBLE = 3
_IMAGE, _PATH, _SHADING, _TEXT, _FORM = (
    raw.FPDF_PAGEOBJ_IMAGE,
    raw.FPDF_PAGEOBJ_PATH,
    raw.FPDF_PAGEOBJ_SHADING,
    raw.FPDF_PAGEOBJ_TEXT,
    raw.FPDF_PAGEOBJ_FORM,
)


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
    # See-through text decided by compositing instead of the render (alpha_text.py): address -> fill alpha.
    blended: dict[int, float] = field(default_factory=dict)
    # What alpha_text needs of the walk, kept where the page has see-through suspects: the text objects
    # (TEXT_TABLE) and the drawings that may cover text or lie under it (DRAWING_TABLE), as numpy arrays.
    text_table: Any = field(default=None, compare=False)
    drawing_table: Any = field(default=None, compare=False)


Box = tuple[float, float, float, float]  # left, bottom, right, top (PDF space)
_Drawing = tuple[int, int, Box, float | None, bool, int]  # kind, z, box, fill luminance, filled, address

# PageScan.text_table and drawing_table's rows (numpy dtypes, spelled so that importing costs nothing).
TEXT_TABLE = [("box", "=f8", (4,)), ("z", "=i8"), ("address", "=u8")]
# lum: a path's fill as a grey level 0..1, NaN where it has none (an image, a shading, a pattern, a stroke).
DRAWING_TABLE = [
    ("box", "=f8", (4,)),
    ("z", "=i8"),
    ("address", "=u8"),
    ("kind", "=i4"),
    ("filled", "?"),
    ("lum", "=f8"),
]


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
    if a < TONE_ALPHA_MIN:
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


def clip_cuts(obj: int, box: Box) -> bool:
    """Whether the object's clip (if it has one) leaves part of its box undrawn."""
    clip = _CLIP(obj)
    return bool(clip) and _CLIP_PATHS(clip) > 0 and _clip_cuts(clip, box)


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
    others: list[_Drawing] = []  # (kind, z, box, fill luminance, filled)
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
    if "transparent" in suspects.values():
        _keep_tables(texts, others, out)
    return out


def _keep_tables(
    texts: list[tuple[int, int, Box]], others: list[_Drawing], out: PageScan
) -> None:
    """The walk's text objects and drawings as alpha_text's arrays (the C walk hands them over as such)."""
    import numpy as np

    out.text_table = np.array([(box, z, address) for address, z, box in texts], dtype=TEXT_TABLE)
    rows = [(o[2], o[1], o[5], o[0], o[4], np.nan if o[3] is None else o[3]) for o in others]
    out.drawing_table = np.array(rows, dtype=DRAWING_TABLE)


def _other(obj: int, kind: int, z: int, out: PageScan, others: list[_Drawing]) -> None:
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
    others.append((kind, z, box, lum, filled, obj))


# long: numpy over blocks of drawings; the tone test is one step of it, read only for the rows that need it
def _relate(
    texts: list[tuple[int, int, Box]],
    others: list[_Drawing],
    out: PageScan,
) -> None:
    """Suspects among text objects that another drawing covers, or that sit on something of unknown tone.

    Pages carry thousands of objects (a glyph or a path each): the pairs are tested in numpy, a
    block of drawings against every text object at a time. The text's fill tone is read only when
    some drawing is big enough and drawn after text or filled (else none can be relevant)."""
    import numpy as np

    first_text = min(t[1] for t in texts)

    def may_matter(o: _Drawing) -> bool:
        kind, z, box, lum, filled, _ = o
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

        def relevant(o: _Drawing) -> bool:
            """A drawing that may cover text (drawn after some), or be a background too close to call."""
            kind, z, box, lum, filled, _ = o
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
