"""WordprocessingML names the Word reader walks (Clark notation, as lxml gives tags)."""

from __future__ import annotations

from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def attr(el: Any, name: str) -> str | None:
    """A w: attribute of an element (None when the element or the attribute is absent)."""
    return None if el is None else el.get(q(name))


def rel_id(el: Any) -> str:
    return el.get(f"{{{R_NS}}}id") or ""


P, R, T, TBL, TR, TC = q("p"), q("r"), q("t"), q("tbl"), q("tr"), q("tc")
PPR, RPR, SECT_PR = q("pPr"), q("rPr"), q("sectPr")
SDT, SDT_CONTENT = q("sdt"), q("sdtContent")
TAB, BR, CR, NO_BREAK_HYPHEN = q("tab"), q("br"), q("cr"), q("noBreakHyphen")
LAST_RENDERED_BREAK = q("lastRenderedPageBreak")
DRAWING, PICT = q("drawing"), q("pict")
TXBX_CONTENT = q("txbxContent")
WPS_SHAPE = f"{{{WPS}}}wsp"
ALTERNATE, FALLBACK = f"{{{MC}}}AlternateContent", f"{{{MC}}}Fallback"
# Inline wrappers whose runs are shown: links, tracked insertions, smart tags, simple fields, moves.
INLINE_CONTAINERS = frozenset(
    q(t) for t in ("hyperlink", "ins", "smartTag", "fldSimple", "customXml", "moveTo", "dir", "bdo")
)
# Block wrappers whose paragraphs are shown (deleted and moved-away content is not).
BLOCK_CONTAINERS = frozenset(q(t) for t in ("customXml", "ins", "moveTo"))
