"""Word gaps of PDFs that draw one glyph per text object (wkhtmltopdf/Qt), from the text page.

Such producers write every space as a text object of its own, which PDFium's text page drops, so
word gaps vanish ("ofInformation"). The space-only objects are found among the page's own text
objects (listed by the visibility scan) by what PDFium's text page says of each, in one pass.
"""

from __future__ import annotations

import ctypes
from array import array
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from screener.read import accel, render_check
from screener.read.base import RawChar

if TYPE_CHECKING:
    import numpy as np

    # A page's glyphs as arrays: x0, x1, top, bottom, and whether a word or line break precedes each.
    Columns = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
else:
    Columns = tuple


def _bare(function: object, restype: object) -> Any:
    """The PDFium function without argument conversion (handles as c_void_p, indices as ints)."""
    return ctypes.cast(function, ctypes.CFUNCTYPE(restype))  # type: ignore[arg-type]


_TEXT_OBJECT_ADDRESS = _bare(raw.FPDFText_GetTextObject, ctypes.c_void_p)
_CHAR_ORIGIN = _bare(raw.FPDFText_GetCharOrigin, ctypes.c_int)
_SPACE_FUNCTIONS = (accel.address(raw.FPDFText_GetTextObject), accel.address(raw.FPDFText_GetCharOrigin))


def restore_spaces(
    textpage: pdfium.PdfTextPage,
    text: str,
    addresses: list[int],
    chars: list[RawChar],
    height: float,
    found: render_check.PageScan,
    columns: Columns | None = None,
) -> None:
    """Mark a word break before each glyph that follows a space-only text object on its line.
    `columns`: the glyphs' x0, x1, top, bottom and word or line break flags as arrays, where the
    reader has them (else they are read off `chars`).

    The page's own text objects and their boxes come from the visibility scan; which of them are
    space-only comes from the text page (what FPDFTextObj_GetText would say of each, in one pass).
    """
    ys, xs = space_objects(textpage, text, addresses, height, found)
    if ys:
        _mark_breaks(chars, ys, xs, columns)


def space_objects(
    textpage: pdfium.PdfTextPage, text: str, addresses: list[int], height: float, found: render_check.PageScan
) -> tuple[list[float], list[float]]:
    """The word gaps drawn as text objects of their own: each one's middle y (top-down) and x (its left
    edge, or its right edge for a glyph that carries its trailing space), in the scan's object order.
    Gathered in C where accel.glyphs is built (the same replay, the same arithmetic)."""
    if accel.glyphs is not None:
        tp = ctypes.cast(textpage.raw, ctypes.c_void_p).value or 0
        ys_bytes, xs_bytes = accel.glyphs.spaces(_SPACE_FUNCTIONS, tp, text, found.top_texts, height)
        return array("d", ys_bytes).tolist(), array("d", xs_bytes).tolist()
    said = _object_texts(textpage, text, addresses)
    ys: list[float] = []
    xs: list[float] = []
    for obj, (left, bottom, right, top) in found.top_texts:
        said_text = said.get(obj, "")
        if not said_text or said_text in _SPACE_ONLY:
            at_right = False  # a space-only object (PDFium reports its text as empty) sits in the gap
        elif len(said_text) == 2 and said_text[1] in _SPACE_ONLY and said_text[0] not in _SPACE_ONLY:
            if ord(said_text[0]) > 0xFFFF:
                continue  # two UTF-16 units already: not a glyph and its space
            at_right = True  # a glyph carrying its trailing space ("s "): the gap is at its right edge
        else:
            continue
        ys.append(height - (top + bottom) / 2)
        xs.append(right if at_right else left)
    return ys, xs


def _mark_breaks(chars: list[RawChar], ys: list[float], xs: list[float], columns: Columns | None = None) -> None:
    """Set space_before on a glyph when a space (middle `ys[k]`, at `xs[k]`) sits between the previous
    glyph's middle and its own start, on the glyph's line (its middle within 0.8 of its height).

    numpy does it all at once, in the same float arithmetic as a loop would: searchsorted (bisect
    over arrays) finds every glyph's window of spaces, then every (glyph, space) pair of the
    windows is tested, in blocks of a bounded number of pairs (memory stays small on any page)."""
    import numpy as np

    if len(chars) < 2:
        return
    order = sorted(range(len(xs)), key=xs.__getitem__)  # stable, as sorting the (y, x) pairs by x was
    starts = np.array([xs[k] for k in order], dtype=float)
    middles = np.array([ys[k] for k in order], dtype=float)
    if columns is None:
        columns = (
            np.array([c.x0 for c in chars], dtype=float),
            np.array([c.x1 for c in chars], dtype=float),
            np.array([c.top for c in chars], dtype=float),
            np.array([c.bottom for c in chars], dtype=float),
            np.array([c.space_before or c.newline_before for c in chars], dtype=bool),
        )
    x0, x1, top, bottom, broken = columns
    lo = np.searchsorted(starts, x0[:-1] + 0.5 * (x1[:-1] - x0[:-1]), side="left")
    hi = np.searchsorted(starts, x0[1:] + 0.5, side="right")
    candidates = np.nonzero((hi > lo) & (x0[1:] >= x0[:-1]) & ~broken[1:])[0]  # glyph n + 1 of each
    reach = np.cumsum(hi[candidates] - lo[candidates])  # pairs up to each glyph, to cut the blocks
    start = 0
    while start < len(candidates):
        before = int(reach[start - 1]) if start else 0
        end = max(int(np.searchsorted(reach, before + _PAIRS, side="right")), start + 1)
        block, start = candidates[start:end], end
        first, counts = lo[block], hi[block] - lo[block]
        t, b = top[block + 1], bottom[block + 1]
        owner = np.repeat(np.arange(len(block)), counts)  # the glyph of each pair
        k = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts) + np.repeat(first, counts)
        near = np.abs(middles[k] - ((t + b) / 2)[owner]) < (0.8 * (b - t))[owner]
        for n in block[np.nonzero(np.bincount(owner[near], minlength=len(block)))[0]].tolist():
            chars[n + 1].space_before = True


_PAIRS = 1 << 16  # (glyph, space) pairs per numpy block, unless one glyph's window holds more
_SPACE_ONLY = (" ", "\u00a0")
_SAID_MAX = 3  # longer texts are neither a space nor a glyph and its space: not followed further


# long: PDFium's GetTextByPredicate for every object at once; its state machine is one piece
def _object_texts(textpage: pdfium.PdfTextPage, text: str, addresses: list[int]) -> dict[int, str]:
    """For each text object of the text page, its text as FPDFTextObj_GetText gives it (up to 3 characters).

    FPDFTextObj_GetText walks the whole text page once per object (quadratic on pages that draw a
    glyph per object). This is the same walk (CPDF_TextPage::GetTextByPredicate) for all objects in
    one pass: an object's characters, a space that directly follows one of them (whoever drew it),
    and a line break between two of its runs when the second starts on another baseline after a
    character that is not a space.
    """
    tp = ctypes.cast(textpage.raw, ctypes.c_void_p)
    said: dict[int, list[Any]] = {}  # object -> [text, last matching index, index whose y is posy or -1]
    origin_x, origin_y = ctypes.c_double(0), ctypes.c_double(0)
    refs = (ctypes.byref(origin_x), ctypes.byref(origin_y))

    def y_of(i: int) -> float:
        if i < 0:
            return 0.0
        _CHAR_ORIGIN(tp, i, *refs)
        return origin_y.value

    last_nonspace = -1  # the last character that is not a space (any object's, or generated)
    prev_obj = 0
    for i, ch in enumerate(text):
        obj = addresses[i]
        if obj < 0:
            obj = _TEXT_OBJECT_ADDRESS(tp, i) or 0
        if obj:
            state = said.get(obj)
            if state is None:
                state = said[obj] = ["", -1, -1]
                # IsAddLineFeed: a non-space before; posy becomes this character's y either way
                if last_nonspace >= 0:
                    state[2] = i
            else:
                contiguous = state[1] == i - 1
                if not contiguous and last_nonspace > state[1]:
                    if state[0] and len(state[0]) <= _SAID_MAX and y_of(state[2]) != y_of(i):
                        state[0] += "\r\n"
                    state[2] = i
            if ch != "\0" and len(state[0]) <= _SAID_MAX:
                state[0] += ch
            state[1] = i
        if prev_obj and obj != prev_obj and ch == " ":
            prev = said[prev_obj]
            if len(prev[0]) <= _SAID_MAX:
                prev[0] += " "
        if ch != " ":
            last_nonspace = i
        prev_obj = obj
    return {obj: state[0] for obj, state in said.items()}
