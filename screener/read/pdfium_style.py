"""What the PDFium reader asks of a text object: its style (size, weight, colour, render mode).

The calls go through PDFium's functions with plain-address parameters: the reader makes them once
per text object, thousands a page on pages that draw a glyph per object. `object_style` asks PDFium
through ctypes; `record_styles` turns what the C accelerator (`accel.glyphs.styles`) read of each
object into the same style by the same arithmetic (`_finish`, shared by both).
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as raw

from screener.read import accel
from screener.read.visibility import is_bold_font

_FORCE_BOLD = 0x40000
RENDER_INVISIBLE = 3

# size, bold, fill colour, alpha, render mode 3, fill alpha as reported (the arguments of _ObjInfo)
Style = tuple[float, bool, tuple[float, float, float], float, bool, int]


def _fast(function: object, restype: object, *argtypes: object) -> Any:
    """The same PDFium function with plain-address (void *) parameters."""
    return ctypes.cast(function, ctypes.CFUNCTYPE(restype, *argtypes))  # type: ignore[arg-type]


def bare(function: object, restype: object) -> Any:
    """The same PDFium function with no parameter conversion at all.

    These calls run several times per word: converting arguments costs more than the call.
    Callers pass handles as c_void_p objects, indices as Python ints (a C int) and
    out-parameters by byref, which is exactly what each parameter is; about twice as fast.
    """
    return ctypes.cast(function, ctypes.CFUNCTYPE(restype))  # type: ignore[arg-type]


_VP, _INT = ctypes.c_void_p, ctypes.c_int
# The glyph's text object as a plain address (an int): a cache key, and the handle the object calls take.
TEXT_OBJECT_ADDRESS = bare(raw.FPDFText_GetTextObject, _VP)
LOOSE_BOX = bare(raw.FPDFText_GetLooseCharBox, _INT)
_FONT_SIZE = bare(raw.FPDFText_GetFontSize, ctypes.c_double)
_MATRIX = bare(raw.FPDFText_GetMatrix, _INT)
_FONT_WEIGHT = bare(raw.FPDFText_GetFontWeight, _INT)
_FILL = bare(raw.FPDFText_GetFillColor, _INT)
_STROKE = bare(raw.FPDFText_GetStrokeColor, _INT)
_RENDER_MODE = bare(raw.FPDFTextObj_GetTextRenderMode, _INT)
_FONT_ADDRESS = bare(raw.FPDFTextObj_GetFont, _VP)
# An unsigned long parameter: typed, so that it is passed at its full width (and it runs once per font).
_FONT_INFO = _fast(raw.FPDFText_GetFontInfo, ctypes.c_ulong, _VP, _INT, _VP, ctypes.c_ulong, _VP)

# What the C accelerator calls, in the order its functions take them.
GLYPH_FUNCTIONS = tuple(accel.address(f) for f in (raw.FPDFText_GetTextObject, raw.FPDFText_GetLooseCharBox))
STYLE_FUNCTIONS = tuple(
    accel.address(f)
    for f in (
        raw.FPDFText_GetFontSize,
        raw.FPDFText_GetMatrix,
        raw.FPDFTextObj_GetFont,
        raw.FPDFText_GetFillColor,
        raw.FPDFText_GetStrokeColor,
        raw.FPDFTextObj_GetTextRenderMode,
    )
)

BOLD_BY_FONT: dict[str, bool] = {}
BOLD_BY_HANDLE: dict[int, bool] = {}  # per document: cleared when a document closes


class _Scratch:
    """ctypes out-parameters allocated once: creating them per text object cost more than the calls."""

    def __init__(self) -> None:
        self.matrix = raw.FS_MATRIX()
        self.matrix_ref = ctypes.byref(self.matrix)
        self.flags = ctypes.c_int(0)
        self.flags_ref = ctypes.byref(self.flags)
        self.rgba = [ctypes.c_uint(0) for _ in range(4)]
        self.rgba_refs = [ctypes.byref(v) for v in self.rgba]
        self.name = ctypes.create_string_buffer(256)


_SCRATCH = _Scratch()


def object_style(tp: ctypes.c_void_p, i: int, obj: int, invisible_objects: set[int] | None) -> Style:
    """The style of glyph i's text object (`tp`: the text page handle, `obj`: the object's address):
    size, bold, fill colour, alpha, render mode 3, fill alpha as reported (the arguments of _ObjInfo).
    `invisible_objects`: the objects in render mode 3, when the scan saw every text object (else PDFium is asked)."""
    sc = _SCRATCH
    handle = ctypes.c_void_p(obj)
    size = float(_FONT_SIZE(tp, i))
    matrix_ok = _MATRIX(tp, i, sc.matrix_ref)
    font = _FONT_ADDRESS(handle) if obj else 0
    r, g, b, a = sc.rgba
    if not _FILL(tp, i, *sc.rgba_refs):
        r.value = g.value = b.value = 0
        a.value = 255
    fill = (r.value, g.value, b.value, a.value)
    # Some producers (Chromium + pdf-lib) report a transparent fill on text that is plainly
    # drawn; only a transparent stroke as well makes it invisible.
    stroke = a.value < 26 and _STROKE(tp, i, *sc.rgba_refs)
    if invisible_objects is None:
        invisible = bool(obj) and _RENDER_MODE(handle) == RENDER_INVISIBLE
    else:
        invisible = obj in invisible_objects
    c, d = (sc.matrix.c, sc.matrix.d) if matrix_ok else (0.0, 0.0)
    return _finish(tp, i, size, c, d, matrix_ok, font, fill, a.value if stroke else -1, invisible)


def record_styles(tp: ctypes.c_void_p, records: list[tuple[Any, ...]]) -> list[tuple[Style, Style]]:
    """The styles of `accel.glyphs.styles`' records, in their order (the order PDFium's fonts were
    first met, which the per-font weight cache depends on): each as (visible mode, mode 3)."""
    out = []
    for i, size, matrix_ok, c, d, font, r, g, b, a, stroke_ok, stroke_a in records:
        style = _finish(tp, i, size, c, d, matrix_ok, font, (r, g, b, a), stroke_a if stroke_ok else -1, False)
        out.append((style, style[:4] + (True,) + style[5:]))
    return out


def _finish(
    tp: ctypes.c_void_p,
    i: int,
    size: float,
    c: float,
    d: float,
    matrix_ok: int,
    font: int,
    fill: tuple[int, int, int, int],
    stroke_alpha: int,
    invisible: bool,
) -> Style:
    """The style from PDFium's answers (`stroke_alpha`: -1 where the stroke was not read or not given)."""
    # The font size excludes the text matrix; TeX often draws 10-pt fonts scaled up.
    if matrix_ok:
        scale = (c**2 + d**2) ** 0.5
        if 0.05 < scale < 50:
            size *= scale
    bold = _bold(tp, i, font)
    r, g, b, alpha = fill
    rgb = (r / 255, g / 255, b / 255)
    reported = alpha
    if stroke_alpha >= 0:
        alpha = max(alpha, stroke_alpha)
        reported = stroke_alpha  # the text page's out-parameters hold the stroke's answer
    return (size, bold, rgb, alpha / 255, invisible, reported)


def _bold(tp: ctypes.c_void_p, i: int, font: int) -> bool:
    """Whether glyph i's font is bold. Weight does not change within a font: asked once per font object."""
    bold_known = BOLD_BY_HANDLE.get(font) if font else None
    if bold_known is None:
        sc = _SCRATCH
        bold_known = _FONT_WEIGHT(tp, i) >= 600
        if not bold_known:
            need = _FONT_INFO(tp, i, sc.name, 256, sc.flags_ref)
            name = sc.name.value.decode("utf-8", "replace") if 0 < need <= 256 else ""
            cached = BOLD_BY_FONT.get(name)
            if cached is None:
                cached = BOLD_BY_FONT[name] = is_bold_font(name)
            bold_known = bool(sc.flags.value & _FORCE_BOLD) or cached
        if font:
            BOLD_BY_HANDLE[font] = bold_known
    return bold_known
