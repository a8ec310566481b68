"""See-through text settled by compositing, where that is exact, instead of by the render test.

Material Design prints body text at 87% opacity and secondary text at 54-70%, so such a page is a
thousand transparent text objects, and render_check's test costs two renders of a page full of
soft-masked shadows (about 60 ms each). Yet text whose only transparency is a constant fill alpha,
composited with the Normal blend mode, shows exactly `alpha * colour + (1 - alpha) * backdrop`
(ISO 32000-1, 11.3.3): against its backdrop it keeps `alpha` times the contrast it would have opaque.
So its visibility is opaque text's test with the contrast scaled by alpha.

A see-through suspect is settled here only when all of this holds; otherwise the render decides:

- it is drawn on the page itself in render mode 0 (in a form, the form's group may composite it again);
- its fill alpha is at least ALPHA_MIN, and nothing else about it is transparent: on a second copy of
  the page its fill alpha is set to 1, and FPDFPageObj_HasTransparency must then say no (a soft mask
  or a blend mode keeps it transparent). The copy is closed at once: the page that is read and
  rendered is never changed;
- no clip cuts it, nothing drawn after it covers it, and nothing under it is a backdrop the composite
  cannot know (an image, a shading, a pattern) or a fill whose tone, seen through the text, is too
  close to call (alpha * |text - fill| under page_scan.SAME_TONE), the scan's own tests for opaque text.

The reader then gives it opaque text's fast path with its contrast scaled by alpha
(pdfium._Reader.hidden, visibility.hidden_reason); where that leaves too little contrast, it goes back
to the render after all. So compositing only ever finds text visible; hiding stays the render's call.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as raw

from screener.read import page_scan, page_scan_c
from screener.read.page_scan import COVER_SHARE, MIN_DRAWING_AREA, SAME_TONE, UNDER_SHARE, PageScan

ALPHA_MIN = 128  # fill alpha (of 255) from which see-through text is composited; fainter text is rendered
BLENDED = "=blended"  # the reader's marker for a settled object (render_check.suspect_reason)
_OPAQUE = 255
_MODE_FILL = 0
_BLOCK = 256  # drawings tested against all candidates at once
FULL_SHARE = 0.999  # of a text object's box that a fill must hold to be its whole backdrop

_SET_FILL = page_scan._typed(
    raw.FPDFPageObj_SetFillColor,
    ctypes.c_int,
    ctypes.c_void_p,
    ctypes.c_uint,
    ctypes.c_uint,
    ctypes.c_uint,
    ctypes.c_uint,
)


def settle(doc: Any, index: int, page: Any, found: PageScan) -> None:
    """Move the see-through suspects of page `index` (open as `page`) that compositing decides exactly
    from found.suspects to found.blended (address -> fill alpha 0..1)."""
    if found.deep or found.translucent or found.text_table is None:
        return
    top_texts = {address for address, _ in found.top_texts}
    wanted = {a for a, why in found.suspects.items() if why == "transparent" and a in top_texts}
    if not wanted:
        return
    if page_scan_c.MODULE is not None:
        found_here, top = page_scan_c.alpha_candidates(page, wanted, ALPHA_MIN)
    else:
        found_here, top = _candidates(page, wanted)
    if not found_here:
        return
    # Whether the alpha is the object's one transparency is asked of a second load of the page, whose
    # objects are changed to ask it; the page that is read and rendered is never changed.
    copy = doc[index]
    try:
        positions = [v[0] for v in found_here.values()]
        if page_scan_c.MODULE is not None:
            plain = page_scan_c.alpha_only(copy, positions)
        else:
            plain = _alpha_only(copy, positions)
    finally:
        copy.close()
    candidates = {
        a: (v[4] / 255, (0.299 * v[1] + 0.587 * v[2] + 0.114 * v[3]) / 255)
        for (a, v), ok in zip(found_here.items(), plain, strict=True)
        if ok
    }
    for address, alpha in _on_known_backdrops(found, candidates, top).items():
        del found.suspects[address]
        found.blended[address] = alpha


def _candidates(page: Any, wanted: set[int]) -> tuple[dict[int, tuple[int, ...]], set[int]]:
    """{address: (position, r, g, b, alpha)} of the `wanted` text objects drawn in render mode 0 with a
    fill alpha in ALPHA_MIN..254 and no clip cutting them, and the addresses of the page's own objects
    (in a form, a drawing may be composited again). page_scan_c.alpha_candidates is this walk in C."""
    handle = ctypes.cast(page.raw, ctypes.c_void_p).value
    o = page_scan._OUT
    out: dict[int, tuple[int, ...]] = {}
    top: set[int] = set()
    for i in range(raw.FPDFPage_CountObjects(page.raw)):
        address = page_scan._GET_OBJECT(handle, i) or 0
        top.add(address)
        if address not in wanted:
            continue
        if page_scan._TYPE(address) != page_scan._TEXT or page_scan._MODE(address) != _MODE_FILL:
            continue
        if not page_scan._FILL_COLOR(address, *o.rgba_refs):
            continue  # a pattern: no colour to composite
        r, g, b, a = (v.value for v in o.rgba)
        if ALPHA_MIN <= a < _OPAQUE and not _clipped(address):
            out[address] = (i, r, g, b, a)
    return out, top


def _alpha_only(copy: Any, positions: list[int]) -> list[bool]:
    """Whether the text object at each position of `copy` (a second load of the page) has no transparency
    left once its fill alpha is set to 1: no soft mask, no blend mode. Changes the copy's objects."""
    handle = ctypes.cast(copy.raw, ctypes.c_void_p).value
    count = raw.FPDFPage_CountObjects(copy.raw)
    o = page_scan._OUT
    out = []
    for i in positions:
        twin = (page_scan._GET_OBJECT(handle, i) or 0) if 0 <= i < count else 0
        if not twin or page_scan._TYPE(twin) != page_scan._TEXT or not page_scan._FILL_COLOR(twin, *o.rgba_refs):
            out.append(False)
            continue
        r, g, b, _ = (v.value for v in o.rgba)
        out.append(bool(_SET_FILL(twin, r, g, b, _OPAQUE)) and not page_scan._TRANSPARENT(twin))
    return out


def _clipped(address: int) -> bool:
    """Whether a clip cuts the object's box (the scan's test, which it skips for transparent text)."""
    box = page_scan._bounds(address)
    return box is None or page_scan.clip_cuts(address, box)


def _plain_fill(address: int, box: Any) -> bool:
    """A drawing that shows its own fill colour where its box says: no transparency, no clip cutting it."""
    return not page_scan._TRANSPARENT(address) and not page_scan.clip_cuts(address, tuple(box))


# long: numpy over the candidates and the drawings, one step per rule of the docstring
def _on_known_backdrops(
    found: PageScan, candidates: dict[int, tuple[float, float]], top: set[int]
) -> dict[int, float]:
    """address -> alpha for the candidates that nothing covers and whose backdrop is known.

    A candidate's backdrop is the topmost plain fill of known tone under it that holds its whole box
    (else the white page); it and every drawing between it and the text must be of known tone and not
    too close to the text's (page_scan._relate's pair test, the difference scaled by alpha), and no
    drawing after it may cover it."""
    import numpy as np

    if not candidates:
        return {}
    table = found.text_table
    texts = table[np.isin(table["address"], np.fromiter(candidates, dtype=np.uint64))]
    addresses = texts["address"].tolist()
    alpha = np.array([candidates[a][0] for a in addresses])
    tone = np.array([candidates[a][1] for a in addresses])
    tb, tz = texts["box"], texts["z"]
    area = np.maximum((tb[:, 2] - tb[:, 0]) * (tb[:, 3] - tb[:, 1]), 1e-6)
    drawings = found.drawing_table
    box = drawings["box"]
    drawings = drawings[(box[:, 2] - box[:, 0]) * (box[:, 3] - box[:, 1]) >= MIN_DRAWING_AREA]
    doubtful = np.zeros(len(texts), dtype=bool)
    floor = np.full(len(texts), -1, dtype=np.int64)  # z of each candidate's backdrop; -1: the page
    blocks = []
    for start in range(0, len(drawings), _BLOCK):
        block = drawings[start : start + _BLOCK]
        ob = block["box"]
        w = np.minimum(tb[:, None, 2], ob[None, :, 2]) - np.maximum(tb[:, None, 0], ob[None, :, 0])
        h = np.minimum(tb[:, None, 3], ob[None, :, 3]) - np.maximum(tb[:, None, 1], ob[None, :, 1])
        share = np.clip(w, 0, None) * np.clip(h, 0, None) / area[:, None]
        touching = share.any(axis=0)
        plain = np.zeros(len(block), dtype=bool)
        for j in np.nonzero(touching)[0].tolist():
            address = int(block["address"][j])
            plain[j] = address in top and _plain_fill(address, ob[j])
        known = (block["kind"] == page_scan._PATH) & ~np.isnan(block["lum"]) & block["filled"] & plain
        before = block["z"][None, :] < tz[:, None]
        holds = before & (share >= FULL_SHARE) & known[None, :]
        floor = np.maximum(floor, np.where(holds, block["z"][None, :], -1).max(axis=1))
        blocks.append((block, share, known))
    for block, share, known in blocks:
        oz, lum = block["z"][None, :], block["lum"][None, :]
        covers = (oz > tz[:, None]) & (share >= COVER_SHARE)
        under = (oz < tz[:, None]) & (oz >= floor[:, None]) & (share >= UNDER_SHARE) & block["filled"][None, :]
        with np.errstate(invalid="ignore"):
            close = alpha[:, None] * np.abs(lum - tone[:, None]) < SAME_TONE
        doubtful |= (covers | (under & (~known[None, :] | close))).any(axis=1)
    # Where no fill holds the whole box, the white page shows through around whatever lies under it.
    doubtful |= (floor < 0) & (alpha * np.abs(1.0 - tone) < SAME_TONE)
    return {a: float(alpha[k]) for k, a in enumerate(addresses) if not doubtful[k]}
