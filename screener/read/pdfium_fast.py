"""The PDFium reader's glyph-per-object pages read through the C accelerator (accel.glyphs).

`all_glyphs` is `_Reader.glyphs` over a whole page with PDFium's answers gathered in C: each glyph's
text object and loose box, each object's style inputs, and the RawChars made in C from the columns.
The decisions stay Python's (pdfium.py, pdfium_style.py, visibility.py), taken on arrays where they
are the same IEEE operations as the one-by-one code; the output is the same, RawChar for RawChar.
"""

from __future__ import annotations

import ctypes
import dataclasses
from array import array
from typing import Any

from screener.read import render_check
from screener.read.base import RawChar
from screener.read.pdfium_style import GLYPH_FUNCTIONS, RENDER_INVISIBLE, STYLE_FUNCTIONS, record_styles

# What accel.glyphs.rawchars fills: RawChar's fields, when they are eleven plain slots with no other
# initialisation (else RawChars are made by calling the class).
_FIELDS = ("text", "x0", "top", "x1", "bottom", "size", "bold", "hidden", "space_before", "newline_before", "units")
_SLOTS = (
    _FIELDS
    if tuple(f.name for f in dataclasses.fields(RawChar)) == _FIELDS
    and dataclasses.fields(RawChar)[-1].default == 1
    and "__slots__" in RawChar.__dict__
    and not hasattr(RawChar, "__post_init__")
    else ()
)


def all_glyphs(reader: Any, fast: Any, text: str, out: list[RawChar]) -> int:
    """`reader.glyphs()` over the whole text with PDFium's answers gathered in C (`fast`: accel.glyphs):
    the same RawChars, in the same order. Returns how many distinct text objects they came from.
    (`reader` is a pdfium._Reader, typed Any: pdfium.py imports this module.)

    The box flip and the test for which glyphs need hidden() run over arrays (numpy: the same IEEE
    operations as glyphs() does one by one); the RawChars are made in C from the columns."""
    import numpy as np

    address = ctypes.cast(reader.tp, ctypes.c_void_p).value or 0
    addresses, kept, boxes, spaces, newlines, object_of, objects, firsts = fast.glyphs(
        GLYPH_FUNCTIONS, address, text
    )
    reader.addresses = array("q", addresses).tolist()
    infos = _object_infos(reader, fast, address, objects, firsts)
    box = np.frombuffer(boxes, dtype=np.float32).reshape(-1, 4).astype(np.float64)  # float32 widened
    x0, top, x1, bottom = box[:, 0], reader.height - box[:, 1], box[:, 2], reader.height - box[:, 3]
    owner = np.frombuffer(object_of, dtype=np.int32)
    plain = np.array([not info.base for info in infos], dtype=bool)[owner]
    light = np.array([info.light for info in infos], dtype=bool)[owner]
    off = (x1 < 0) | (x0 > reader.width) | (bottom < 0) | (top > reader.height)
    hidden = {
        g: reader.hidden(infos[owner[g]], float(x0[g]), float(top[g]), float(x1[g]), float(bottom[g]))
        for g in np.nonzero(plain & (light | off))[0].tolist()
    }
    sizes, bolds, bases = [i.size for i in infos], [i.bold for i in infos], [i.base for i in infos]
    if _SLOTS:
        columns = (kept, boxes, reader.height, object_of, sizes, bolds, bases, hidden, spaces, newlines)
        out += fast.rawchars(RawChar, _SLOTS, text, *columns)
    else:  # RawChar is not the class of eleven plain slots the C module fills: made one by one
        owners = owner.tolist()
        whys = [hidden.get(g, bases[k]) for g, k in enumerate(owners)]
        out += map(
            RawChar,
            map(text.__getitem__, array("i", kept)),
            x0.tolist(),
            top.tolist(),
            x1.tolist(),
            bottom.tolist(),
            map(sizes.__getitem__, owners),
            map(bolds.__getitem__, owners),
            whys,
            map(bool, spaces),
            map(bool, newlines),
        )
    broken = (np.frombuffer(spaces, dtype=np.uint8) | np.frombuffer(newlines, dtype=np.uint8)) > 0
    reader.columns = (x0, x1, top, bottom, broken)
    return len(firsts) // 4

def _object_infos(reader: Any, fast: Any, address: int, objects: bytes, firsts: bytes) -> list[Any]:
    """Each object's _ObjInfo (by ordinal), as info() would make them. Objects of one record share
    one, except those the scan found invisible or suspect (their marker, their render mode)."""
    import numpy as np

    records, record_of, modes = fast.styles(STYLE_FUNCTIONS, address, objects, firsts)
    styles = record_styles(reader.handle, records)
    plain = [reader.shared_info(visible, "") for visible, _ in styles]
    of_record = array("i", record_of)
    out = list(map(plain.__getitem__, of_record))
    found = reader.found
    objs = np.frombuffer(objects, dtype=np.int64)
    if found.deep:
        invisible = np.frombuffer(modes, dtype=np.int32) == RENDER_INVISIBLE
    else:
        invisible = np.isin(objs, np.fromiter(found.invisible, dtype=np.int64, count=len(found.invisible)))
    special = invisible | np.isin(objs, np.fromiter(found.suspects, dtype=np.int64, count=len(found.suspects)))
    if found.blended:
        special |= np.isin(objs, np.fromiter(found.blended, dtype=np.int64, count=len(found.blended)))
    for k in np.nonzero(special)[0].tolist():
        hides = bool(invisible[k])
        marker = render_check.suspect_reason(found, int(objs[k]), hides) if found.suspects or found.blended else ""
        out[k] = reader.shared_info(styles[of_record[k]][hides], marker)
    return out
