"""OpenDocument text (.odt): its XML read directly (content.xml, styles.xml, meta.xml), no library.

Paragraphs and headings in reading order, lists as bullets, tables row by row, text frames
(sidebars) where they are anchored, bold and size through the named and automatic styles,
the first master page's header first and its footer as furniture, `text:soft-page-break` as
the pages LibreOffice last laid out.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from screener.model import Document
from screener.read import flow
from screener.read.base import ExtractError
from screener.read.flow import BODY_SIZE, Item, Para, Run, Table
from screener.read.limits import ReadLimits, check_package

NAME = "odt"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
DC = "http://purl.org/dc/elements/1.1/"
HEADING_SIZE = 14.0  # a heading whose styles say nothing
MAX_STYLE_DEPTH = 16
_POINTS = re.compile(r"^([\d.]+)(pt|%)$")


def _t(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


P, H, SPAN, A = _t(TEXT, "p"), _t(TEXT, "h"), _t(TEXT, "span"), _t(TEXT, "a")
LIST, LIST_ITEM, LIST_HEADER = _t(TEXT, "list"), _t(TEXT, "list-item"), _t(TEXT, "list-header")
S, TAB, LINE_BREAK, SOFT_BREAK = _t(TEXT, "s"), _t(TEXT, "tab"), _t(TEXT, "line-break"), _t(TEXT, "soft-page-break")
SECTION = _t(TEXT, "section")
TBL, ROW, CELL = _t(TABLE, "table"), _t(TABLE, "table-row"), _t(TABLE, "table-cell")
ROW_GROUPS = {_t(TABLE, t) for t in ("table-header-rows", "table-rows", "table-row-group")}
FRAME, TEXT_BOX = _t(DRAW, "frame"), _t(DRAW, "text-box")
STYLE_NAME, PARENT = _t(TEXT, "style-name"), _t(STYLE, "parent-style-name")
_PAGE_FURNITURE = {_t(STYLE, t) for t in ("header", "footer", "header-first", "footer-first", "header-left")}
SKIP = {_t(TEXT, t) for t in ("note", "tracked-changes", "bookmark", "reference-mark", "sequence-decls")}


def read(data: bytes, limits: ReadLimits) -> Document:
    check_package(data, limits, "OpenDocument file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            content = _xml(zf, "content.xml")
            styles_xml = _xml(zf, "styles.xml", required=False)
            meta = _xml(zf, "meta.xml", required=False)
        walker = _Walker(_Styles(content, styles_xml))
        body = content.find(f"{_t(OFFICE, 'body')}/{_t(OFFICE, 'text')}")
        items = walker.blocks(body) if body is not None else []
        header, furniture = _master_page(styles_xml, walker)
    except ExtractError:
        raise
    except MemoryError as exc:
        raise ExtractError("too-large", "the OpenDocument file inflates beyond the memory limit") from exc
    except Exception as exc:  # noqa: BLE001 - zipfile, zlib and lxml raise many unrelated types on damage
        raise ExtractError("corrupt", f"the OpenDocument file is damaged ({type(exc).__name__})") from exc
    doc = flow.document(
        items, NAME, "odt", _date(meta), header=header, furniture=furniture, explicit_pages=walker.soft_breaks
    )
    if doc.pages > limits.max_pages:
        pages = doc.pages
        raise ExtractError("too-large", f"the document runs to {pages} pages; over {limits.max_pages} is refused")
    if not doc.lines:
        raise ExtractError("no-text", "the OpenDocument text has no text")
    return doc


def _xml(zf: zipfile.ZipFile, name: str, required: bool = True) -> Any:
    from lxml import etree

    try:
        raw = zf.read(name)
    except KeyError:
        if required:
            raise ExtractError("corrupt", f"the OpenDocument file has no {name}") from None
        return None
    return etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))


class _Styles:
    """(bold, size) of each named or automatic style, through its parent chain."""

    def __init__(self, content: Any, styles: Any) -> None:
        self.own: dict[str, tuple[str | None, bool | None, str | None]] = {}
        self.default_size = BODY_SIZE
        for root in (styles, content):
            if root is None:
                continue
            for el in root.iter(_t(STYLE, "default-style")):
                size = _size(_text_props(el, "font-size"), BODY_SIZE)
                if el.get(_t(STYLE, "family")) == "paragraph" and size:
                    self.default_size = size
            for el in root.iter(_t(STYLE, "style")):
                name = el.get(_t(STYLE, "name"))
                if name:
                    weight = _text_props(el, "font-weight")
                    bold = None if weight is None else weight in ("bold", "600", "700", "800", "900")
                    self.own[name] = (el.get(PARENT), bold, _text_props(el, "font-size"))
        self.cache: dict[str | None, tuple[bool | None, float]] = {}

    def style(self, name: str | None) -> tuple[bool | None, float]:
        if name in self.cache:
            return self.cache[name]
        bold: bool | None = None
        sizes: list[str] = []
        current, depth = name, 0
        while current and current in self.own and depth < MAX_STYLE_DEPTH:
            parent, own_bold, own_size = self.own[current]
            if bold is None:
                bold = own_bold
            if own_size:
                sizes.append(own_size)
            current, depth = parent, depth + 1
        size = self.default_size
        for value in reversed(sizes):  # percentages scale the parent's size
            size = _size(value, size) or size
        self.cache[name] = (bold, size)
        return bold, size


def _text_props(style: Any, name: str) -> str | None:
    props = style.find(_t(STYLE, "text-properties"))
    return None if props is None else props.get(_t(FO, name))


def _size(value: str | None, base: float) -> float | None:
    m = _POINTS.match(value or "")
    if not m:
        return None
    number = float(m.group(1))
    return number if m.group(2) == "pt" else base * number / 100


class _Walker:
    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.soft_breaks = False
        self.pending_break = False

    def blocks(self, container: Any, bullet: bool = False) -> list[Item]:
        items: list[Item] = []
        for child in container:
            tag = child.tag
            if tag in (P, H):
                items.extend(self.paragraph(child, bullet))
            elif tag == LIST:
                for entry in child:
                    if entry.tag in (LIST_ITEM, LIST_HEADER):
                        items.extend(self.blocks(entry, bullet=entry.tag == LIST_ITEM))
            elif tag == TBL:
                items.append(self.table(child))
            elif tag == SOFT_BREAK:
                self.soft_breaks = self.pending_break = True
            elif tag == SECTION:
                items.extend(self.blocks(child, bullet))
        return items

    def table(self, tbl: Any) -> Table:
        rows: list[list[list[Item]]] = []
        for row in _rows(tbl):
            rows.append([self.blocks(cell) for cell in row.iter(CELL) if cell.getparent() is row])
        return Table(rows)

    def paragraph(self, p: Any, bullet: bool) -> list[Item]:
        bold, size = self.styles.style(p.get(STYLE_NAME))
        if p.tag == H:
            bold = True if bold is None else bold
            size = size if size > self.styles.default_size else HEADING_SIZE
        para = Para([], bullet=bullet, page_break=self.pending_break)
        self.pending_break = False
        boxes: list[Item] = []
        if p.text:
            para.runs.append(Run(p.text, size, bool(bold)))
        self.inline(p, para, bool(bold), size, boxes)
        return [para, *boxes]

    def inline(self, el: Any, para: Para, bold: bool, size: float, boxes: list[Item]) -> None:
        for child in el:
            tag = child.tag
            if tag in (SPAN, A):
                own_bold, own_size = self.styles.style(child.get(STYLE_NAME))
                inner_bold = bold if own_bold is None else own_bold
                inner_size = own_size if child.get(STYLE_NAME) in self.styles.own else size
                if child.text:
                    para.runs.append(Run(child.text, inner_size, inner_bold))
                self.inline(child, para, inner_bold, inner_size, boxes)
            elif tag == S:
                para.runs.append(Run(" " * int(child.get(_t(TEXT, "c")) or 1), size, bold))
            elif tag == TAB:
                para.runs.append(Run("\t", size, bold))
            elif tag == LINE_BREAK:
                para.runs.append(Run("\n", size, bold))
            elif tag == SOFT_BREAK:
                self.soft_breaks = True
                self.pending_break = bool(para.text.strip())
                para.page_break = para.page_break or not para.text.strip()
            elif tag == FRAME:
                for box in child.iter(TEXT_BOX):
                    boxes.extend(self.blocks(box))
            elif tag not in SKIP:
                self.inline(child, para, bold, size, boxes)
            if child.tail:
                para.runs.append(Run(child.tail, size, bold))


def _rows(tbl: Any) -> list[Any]:
    out: list[Any] = []
    for child in tbl:
        if child.tag == ROW:
            out.append(child)
        elif child.tag in ROW_GROUPS:
            out.extend(_rows(child))
    return out


def _master_page(styles: Any, walker: _Walker) -> tuple[list[Item], list[Item]]:
    """The first master page's header (read first) and every footer and other header (furniture)."""
    if styles is None:
        return [], []
    header: list[Item] = []
    furniture: list[Item] = []
    saved = walker.soft_breaks, walker.pending_break
    for index, page in enumerate(styles.iter(_t(STYLE, "master-page"))):
        for part in page:
            if part.tag == _t(STYLE, "header") and index == 0:
                header.extend(walker.blocks(part))
            elif part.tag in _PAGE_FURNITURE:
                furniture.extend(walker.blocks(part))
    walker.soft_breaks, walker.pending_break = saved
    return header, furniture


def _date(meta: Any) -> str | None:
    """meta.xml's dc:date (last saved), else meta:creation-date."""
    if meta is None:
        return None
    for tag in (_t(DC, "date"), _t(META, "creation-date")):
        el = next(meta.iter(tag), None)
        text = (el.text or "").strip() if el is not None else ""
        if re.match(r"^(199\d|20\d\d|2100)-\d\d-\d\d", text):
            return text[:10]
    return None
