"""The visibility scan's walk in C (screener/read/_scan.c): the same PageScan as page_scan.scan.

A page printed from HTML draws each glyph as a text object of its own (~3,300 a page); the Python
walk makes five ctypes calls per object. Here one C call walks the page's objects in drawing order
(forms to the same FORM_DEPTH) through the PDFium functions pypdfium2 loaded, and hands back the
PageScan's lists, set and dict already built, plus two flat arrays of records: the text objects
with a box, and the images, paths and shadings that may cover text or lie under it. Python then
makes page_scan._relate's choices over those arrays (which drawings matter, and whether the text's
tones are needed), and C's `relate` makes its pair test, with the same double operations in the same
order as the numpy code, so the two walks decide alike.
"""

from __future__ import annotations

import ctypes
import warnings
from types import ModuleType
from typing import Any

import numpy as np
import pypdfium2.raw as raw

from screener.read import accel, page_scan
from screener.read.page_scan import (
    COVER_SHARE,
    FORM_DEPTH,
    MIN_DRAWING_AREA,
    SAME_TONE,
    UNDER_SHARE,
    PageScan,
)

# _scan.c's TextRecord and OtherRecord, field for field (native byte order).
TEXT_RECORD = np.dtype(
    [("box", "=f8", (4,)), ("z", "=i8"), ("address", "=u8"), ("tone_ok", "=i4"), ("rgb", "=u4", (3,))]
)
OTHER_RECORD = np.dtype(
    [
        ("box", "=f8", (4,)),
        ("z", "=i8"),
        ("address", "=u8"),
        ("kind", "=i4"),
        ("filled", "=i4"),
        ("tone_ok", "=i4"),
        ("rgb", "=u4", (3,)),
    ]
)
# _scan.c's AlphaRecord: a see-through text object whose only transparency is its fill alpha (alpha_text).
ALPHA_RECORD = np.dtype(
    [("address", "=u8"), ("position", "=i4"), ("alpha", "=u4"), ("rgb", "=u4", (3,)), ("pad_", "=u4")]
)
_COVERED, _BEHIND_IMAGE, _UNDER = 1, 2, 4


VERSION = 3  # the interface of _scan.c this module speaks (its version())


def _module() -> ModuleType | None:
    """The C scan when it is built and current; a build of another version is said, and not used."""
    module = accel.scan
    if module is None:
        return None
    if module.version() != VERSION:
        warnings.warn(
            f"screener.read._scan is out of date (version {module.version()}, not {VERSION}): the scan runs in "
            "Python; rebuild it (README: After changing a .c file)",
            RuntimeWarning,
            stacklevel=2,
        )
        return None
    assert TEXT_RECORD.itemsize == module.TEXT_RECORD_SIZE and OTHER_RECORD.itemsize == module.OTHER_RECORD_SIZE
    assert ALPHA_RECORD.itemsize == module.ALPHA_RECORD_SIZE
    kinds = (module.KIND_TEXT, module.KIND_PATH, module.KIND_IMAGE, module.KIND_SHADING, module.KIND_FORM)
    assert kinds == (page_scan._TEXT, page_scan._PATH, page_scan._IMAGE, page_scan._SHADING, page_scan._FORM)
    return module


MODULE = _module()
# The addresses of the PDFium functions the C walk calls, in the order its FNS_NAMES gives.
_FNS = tuple(accel.address(getattr(raw, name)) for name in MODULE.FNS_NAMES) if MODULE else ()


def scan(page: Any) -> PageScan:
    """page_scan.scan, walked in C (MODULE must be loaded)."""
    assert MODULE is not None, "the C scan is not loaded"
    handle = ctypes.cast(page.raw, ctypes.c_void_p).value
    texts, invisible, top_texts, suspects, images, deep, text_records, other_records = MODULE.scan(
        _FNS, handle, FORM_DEPTH
    )
    out = PageScan(
        suspects=suspects,
        texts=texts,
        images=images,
        text_objects=len(texts),
        top_texts=top_texts,
        invisible=invisible,
        deep=deep,
    )
    texts_found = np.frombuffer(text_records, TEXT_RECORD)
    others_found = np.frombuffer(other_records, OTHER_RECORD)
    if other_records and text_records:
        _relate(texts_found, others_found, out)
    if "transparent" in suspects.values():
        _keep_tables(texts_found, others_found, out)
    return out


def _keep_tables(texts: Any, others: Any, out: PageScan) -> None:
    """page_scan._keep_tables from the C walk's records."""
    text_table = np.empty(len(texts), dtype=page_scan.TEXT_TABLE)
    for name in ("box", "z", "address"):
        text_table[name] = texts[name]
    drawing_table = np.empty(len(others), dtype=page_scan.DRAWING_TABLE)
    for name in ("box", "z", "address", "kind"):
        drawing_table[name] = others[name]
    drawing_table["filled"] = others["filled"] != 0
    drawing_table["lum"] = _tones(others)
    out.text_table, out.drawing_table = text_table, drawing_table


def _tones(records: Any) -> Any:
    """page_scan._luminance of each record: the fill's grey level 0..1, NaN where it has none."""
    rgb = records["rgb"].astype(float)
    lum = (0.299 * rgb[:, 0] + 0.587 * rgb[:, 1] + 0.114 * rgb[:, 2]) / 255
    return np.where(records["tone_ok"] != 0, lum, np.nan)


def _relate(texts: Any, others: Any, out: PageScan) -> None:
    """page_scan._relate over the C walk's records: the same drawings kept, the same pair test (in C)."""
    first_text = int(texts["z"].min())
    box, z, filled = others["box"], others["z"], others["filled"] != 0
    lums = _tones(others)
    big = (box[:, 2] - box[:, 0]) * (box[:, 3] - box[:, 1]) >= MIN_DRAWING_AREA
    keep = big & ((z > first_text) | filled)
    if not keep.any():
        return
    tones = _tones(texts)
    is_path = others["kind"] == page_scan._PATH
    # Only a filled path of known tone drawn before all text needs the text's tones to be judged.
    if (keep & (z <= first_text) & filled & is_path & ~np.isnan(lums)).any():
        known_values = np.unique(tones[~np.isnan(tones)]).tolist()
        known = np.array(sorted({round(t, 2) for t in known_values}), dtype=float)
        unknown_tone = bool(np.isnan(tones).any())
        doubtful = ~is_path | np.isnan(lums)
        if unknown_tone:
            doubtful |= True
        elif len(known):
            doubtful |= (np.abs(lums[:, None] - known[None, :]) < SAME_TONE).any(axis=1)
        keep &= (z > first_text) | (filled & doubtful)
        if not keep.any():
            return
    assert MODULE is not None
    flags = MODULE.relate(
        texts,
        np.ascontiguousarray(tones),
        np.ascontiguousarray(others[keep]),
        np.ascontiguousarray(lums[keep]),
        COVER_SHARE,
        UNDER_SHARE,
        SAME_TONE,
    )
    flagged = np.frombuffer(flags, np.uint8)
    addresses = texts["address"]
    suspects = out.suspects
    for k in np.nonzero(flagged)[0].tolist():
        address = int(addresses[k])
        if address in suspects:
            continue
        flag = flagged[k]
        if flag & _COVERED:
            suspects[address] = "behind-image" if flag & _BEHIND_IMAGE else "covered"
        else:
            suspects[address] = "background"



def alpha_candidates(page: Any, wanted: set[int], alpha_min: int) -> tuple[dict[int, tuple[int, ...]], set[int]]:
    """alpha_text._candidates walked in C: {address: (position, r, g, b, alpha)}, and the addresses of
    the page's own objects."""
    assert MODULE is not None, "the C scan is not loaded"
    handle = ctypes.cast(page.raw, ctypes.c_void_p).value
    ordered = np.array(sorted(wanted), dtype=np.uint64)
    records, top = MODULE.alpha_candidates(_FNS, handle, ordered, alpha_min)
    found = np.frombuffer(records, ALPHA_RECORD)
    columns = ("address", "position", "alpha", "rgb")
    rows = zip(*(found[name].tolist() for name in columns), strict=True)
    candidates: dict[int, tuple[int, ...]] = {address: (i, r, g, b, a) for address, i, a, (r, g, b) in rows}
    return candidates, set(np.frombuffer(top, np.uint64).tolist())


def alpha_only(copy: Any, positions: list[int]) -> list[bool]:
    """alpha_text._alpha_only in C (it changes `copy`'s objects)."""
    assert MODULE is not None, "the C scan is not loaded"
    handle = ctypes.cast(copy.raw, ctypes.c_void_p).value
    return [bool(b) for b in MODULE.alpha_only(_FNS, handle, np.array(positions, dtype=np.int32))]
