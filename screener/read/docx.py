"""Word `.docx`/`.docm`: python-docx opens the package, a small walker reads the XML in reading order.

The walker yields paragraphs (runs with their resolved bold and size), tables (row by row,
cells left to right) and text boxes (floating sidebars, read where they are anchored) to
`flow`, which lays them out as lines. The header shown on page 1 is read first (contact
details often live there); other headers and the footers become the document's furniture,
where the contact search also looks. Explicit and last-rendered page breaks set the pages.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from screener.model import Document, HiddenText
from screener.read import flow
from screener.read.base import ExtractError
from screener.read.docx_styles import Styles, on
from screener.read.flow import Item, Para, Run, Table
from screener.read.limits import ReadLimits, check_package
from screener.read.wordml import (
    ALTERNATE,
    BLOCK_CONTAINERS,
    BR,
    CR,
    DRAWING,
    FALLBACK,
    INLINE_CONTAINERS,
    LAST_RENDERED_BREAK,
    NO_BREAK_HYPHEN,
    PICT,
    PPR,
    RPR,
    SDT,
    SDT_CONTENT,
    SECT_PR,
    TAB,
    TBL,
    TC,
    TR,
    TXBX_CONTENT,
    WPS,
    WPS_SHAPE,
    A,
    P,
    R,
    T,
    attr,
    q,
    rel_id,
)

NAME = "docx"
SOURCE = "word"
TWIPS_PER_POINT = 20
_NO_FILL = ("AUTO", "FFFFFF", "NONE")
MAX_INDENT = 144.0  # points; deeper indents are layout tricks, not structure
_WORD_TYPES = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",  # .docm
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",  # .dotx
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",  # .dotm
)


def read(data: bytes, limits: ReadLimits) -> Document:
    check_package(data, limits, "Word file")
    try:
        part = _open(data)
        doc = _read_part(part, limits)
    except ExtractError:
        raise
    except MemoryError as exc:
        raise ExtractError("too-large", "the Word file inflates beyond the memory limit") from exc
    except Exception as exc:  # noqa: BLE001 - zipfile, zlib, lxml and python-docx raise many unrelated types on damage
        raise ExtractError("corrupt", f"the Word file is damaged and cannot be read ({type(exc).__name__})") from exc
    if doc.pages > limits.max_pages:
        pages = doc.pages
        raise ExtractError("too-large", f"the Word document runs to {pages} pages; over {limits.max_pages} is refused")
    if not doc.lines:
        raise ExtractError("no-text", "the Word document has no text")
    return doc


def _open(data: bytes) -> Any:
    from docx.opc.package import OpcPackage
    from docx.opc.part import PartFactory
    from docx.parts.document import DocumentPart

    for content_type in _WORD_TYPES:  # python-docx opens only .docx; the XML of the others is the same
        PartFactory.part_type_for.setdefault(content_type, DocumentPart)
    part = OpcPackage.open(io.BytesIO(data)).main_document_part
    if not isinstance(part, DocumentPart):
        raise ExtractError("unsupported", f"the package is not a Word document ({part.content_type})")
    return part


def _read_part(part: Any, limits: ReadLimits) -> Document:
    styles = Styles(part)
    walker = Walker(styles)
    body = part.element.body
    items = walker.blocks(body)
    first, furniture = _headers_and_footers(part, body, walker)
    doc = flow.document(
        items,
        NAME,
        SOURCE,
        metadata_date=_core_date(part),
        header=first,
        furniture=furniture,
        explicit_pages=walker.rendered_breaks,
    )
    doc.hidden = [HiddenText(page=1, text=text, reason=reason) for reason, text in walker.hidden_text()]
    return doc


class Walker:
    """Block and inline content of WordprocessingML as flow items."""

    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self.rendered_breaks = False  # Word recorded where its pages broke: trust those, count no lines
        self.pending_break = False
        self.hidden: dict[str, list[str]] = {}
        self.filled = 0  # inside a shaded cell, paragraph or filled text box: white text there is seen

    def blocks(self, container: Any) -> list[Item]:
        items: list[Item] = []
        for child in container:
            tag = child.tag
            if tag == P:
                items.extend(self.paragraph(child))
            elif tag == TBL:
                items.append(self.table(child))
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    items.extend(self.blocks(content))
            elif tag in BLOCK_CONTAINERS:
                items.extend(self.blocks(child))
        return items

    def table(self, tbl: Any) -> Table:
        grid = [float(attr(col, "w") or 0) for col in tbl.iterfind(f"{q('tblGrid')}/{q('gridCol')}")]
        rows: list[list[list[Item]]] = []
        widths: list[list[float]] = []
        for tr in _children(tbl, TR):
            cells: list[list[Item]] = []
            spans: list[float] = []
            at = 0
            for tc in _children(tr, TC):
                props = tc.find(q("tcPr"))
                span = int(attr(props.find(q("gridSpan")) if props is not None else None, "val") or 1)
                spans.append(sum(grid[at : at + span]))  # a merged cell is as wide as the columns it spans
                at += span
                shaded = shaded_by(props)
                self.filled += shaded
                cells.append(self.blocks(tc))
                self.filled -= shaded
            rows.append(cells)
            widths.append(spans)
        return Table(rows, widths)

    def paragraph(self, p: Any) -> list[Item]:
        ppr = p.find(PPR)
        style_id = attr(ppr.find(q("pStyle")), "val") if ppr is not None else None
        para = Para([], bullet=self.styles.numbered(ppr, style_id), indent=_indent(ppr))
        if self.pending_break or (ppr is not None and on(ppr.find(q("pageBreakBefore")))):
            para.page_break = True
            self.pending_break = False
        boxes: list[Item] = []
        shaded = shaded_by(ppr)
        self.filled += shaded
        self.inline(p, para, style_id, boxes)
        self.filled -= shaded
        if (
            ppr is not None
            and ppr.find(SECT_PR) is not None
            and attr(ppr.find(f"{SECT_PR}/{q('type')}"), "val")
            in (
                None,
                "nextPage",
                "oddPage",
                "evenPage",
            )
        ):
            self.pending_break = True  # a section break: the next section starts a page
        return [para, *boxes]

    def inline(self, container: Any, para: Para, style_id: str | None, boxes: list[Item]) -> None:
        for child in container:
            tag = child.tag
            if tag == R:
                self.run(child, para, style_id, boxes)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.inline(content, para, style_id, boxes)
            elif tag in INLINE_CONTAINERS:
                self.inline(child, para, style_id, boxes)

    def run(self, r: Any, para: Para, style_id: str | None, boxes: list[Item]) -> None:
        rpr = r.find(RPR)
        bold, size, hidden = self.styles.run_style(rpr, style_id)
        parts: list[str] = []
        for child in r:
            tag = child.tag
            if tag == T:
                parts.append(child.text or "")
            elif tag == TAB:
                parts.append("\t")
            elif tag == BR:
                if attr(child, "type") == "page":
                    self._page_break(para, parts)
                else:
                    parts.append("\n")
            elif tag == CR:
                parts.append("\n")
            elif tag == NO_BREAK_HYPHEN:
                parts.append("-")
            elif tag == LAST_RENDERED_BREAK:
                self.rendered_breaks = True
                self._page_break(para, parts)
            elif tag in (DRAWING, PICT, ALTERNATE):
                boxes.extend(self.text_boxes(child))
        text = "".join(parts)
        if not text:
            return
        if hidden == "same-colour-as-background" and (self.filled or shaded_by(rpr) or _highlighted(rpr)):
            hidden = ""
        if hidden:
            if text.strip():
                self.hidden.setdefault(hidden, []).append(text)
            return
        para.runs.append(Run(text, size, bold))

    def _page_break(self, para: Para, parts: list[str]) -> None:
        # Lines are whole paragraphs: a break before any text starts this one on a new page, a later one the next.
        if para.text.strip() or "".join(parts).strip():
            self.pending_break = True
        else:
            para.page_break = True

    def text_boxes(self, drawing: Any) -> list[Item]:
        items: list[Item] = []
        for box in drawing.iter(TXBX_CONTENT):
            if any(a.tag == FALLBACK for a in box.iterancestors(FALLBACK)):
                continue  # the VML copy of a DrawingML text box: read once
            filled = int(any(_filled_shape(shape) for shape in box.iterancestors(WPS_SHAPE)))
            self.filled += filled
            items.extend(self.blocks(box))
            self.filled -= filled
        return items

    def hidden_text(self) -> list[tuple[str, str]]:
        return [(reason, " ".join(" ".join(parts).split())[:1000]) for reason, parts in sorted(self.hidden.items())]


def shaded_by(props: Any) -> int:
    """1 when properties (pPr, tcPr, rPr) give a coloured background, else 0."""
    fill = attr(props.find(q("shd")), "fill") if props is not None else None
    return int(fill is not None and fill.upper() not in _NO_FILL)


def _highlighted(rpr: Any) -> bool:
    return rpr is not None and (attr(rpr.find(q("highlight")), "val") or "none") != "none"


def _filled_shape(shape: Any) -> bool:
    """A DrawingML shape filled with a colour other than white (a coloured heading band, a dark sidebar)."""
    fill = shape.find(f"{{{WPS}}}spPr/{{{A}}}solidFill")
    if fill is None:
        return False
    rgb = fill.find(f"{{{A}}}srgbClr")
    return rgb is None or (rgb.get("val") or "").upper() not in _NO_FILL


def _children(el: Any, tag: str) -> list[Any]:
    """Direct children of a tag, looking through content controls (w:sdt) that wrap rows and cells."""
    out: list[Any] = []
    for child in el:
        if child.tag == tag:
            out.append(child)
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                out.extend(_children(content, tag))
    return out


def _indent(ppr: Any) -> float:
    if ppr is None:
        return 0.0
    ind = ppr.find(q("ind"))
    value = attr(ind, "left") or attr(ind, "start")
    try:
        points = float(value or 0) / TWIPS_PER_POINT
    except ValueError:
        return 0.0
    return max(0.0, min(points, MAX_INDENT))


def _headers_and_footers(part: Any, body: Any, walker: Walker) -> tuple[list[Item], list[Item]]:
    """The header shown on page 1, and every other header and footer (furniture)."""
    sections = list(body.iterfind(f"{P}/{PPR}/{SECT_PR}"))
    final = body.find(SECT_PR)
    if final is not None:
        sections.append(final)
    first_kind = "first" if sections and on(sections[0].find(q("titlePg"))) else "default"
    first_id = ""
    ids: list[str] = []
    for index, sect in enumerate(sections):
        for tag in ("headerReference", "footerReference"):
            for ref in sect.iterfind(q(tag)):
                rid = rel_id(ref)
                if not rid or rid in ids:
                    continue
                ids.append(rid)
                if index == 0 and tag == "headerReference" and attr(ref, "type") == first_kind:
                    first_id = rid
    header: list[Item] = []
    furniture: list[Item] = []
    saved = walker.pending_break, walker.rendered_breaks
    for rid in ids:
        target = part.related_parts.get(rid)
        if target is None or not hasattr(target, "element"):
            continue
        items = walker.blocks(target.element)
        (header if rid == first_id else furniture).extend(items)
    walker.pending_break, walker.rendered_breaks = saved
    for item in header + furniture:
        if isinstance(item, Para):
            item.page_break = False
    return header, furniture


def _core_date(part: Any) -> str | None:
    """The resume's own date: docProps/core.xml's modified date, else its created date."""
    try:
        props = part.package.core_properties
        stamps = (props.modified, props.created)
    except Exception:  # noqa: BLE001 - a damaged core.xml costs the date, not the document
        return None
    for stamp in stamps:
        if isinstance(stamp, dt.datetime) and 1990 <= stamp.year <= 2100:
            return stamp.date().isoformat()
    return None
