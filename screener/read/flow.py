"""Flowing text (Word, OpenDocument, RTF, plain text, HTML) laid out as if printed: positioned, styled lines.

A reader of a format without pages turns its content into paragraphs (`Para`) and tables
(`Table`); `lay_out` gives each paragraph one line (nothing is wrapped), the top advancing by
its type size, a page every `LINES_PER_PAGE` lines or at an explicit break, and each table
cell an x range of its own, so that the sections, roles and matching that read a PDF's lines
read these the same way. A table row of one-line cells becomes one line, its cells joined by
tabs (as layout joins a title and its right-aligned dates); a row of taller cells is read
cell by cell, each a column, the way layout reads a sidebar beside the main text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from screener.model import Document, Line
from screener.read.text_repair import clean_text, split_bullet

BODY_SIZE = 11.0  # points, when a format says nothing about size
LINE_HEIGHT = 1.2  # lines advance by this many type sizes
BLANK_HEIGHT = 0.5  # an empty paragraph advances by this many type sizes
PAGE_WIDTH, PAGE_HEIGHT = 612.0, 792.0  # US Letter, points
MARGIN = 72.0
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
CHAR_WIDTH = 0.5  # an average glyph is half its type size wide: a line's synthetic x1
LINES_PER_PAGE = 50
BOLD_SHARE = 0.6  # as in layout: a line is bold when this share of its characters is


@dataclass
class Run:
    text: str
    size: float = BODY_SIZE
    bold: bool = False


@dataclass
class Para:
    runs: list[Run]
    bullet: bool = False
    indent: float = 0.0  # points right of the cell's left edge
    page_break: bool = False  # a new page starts before it

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Table:
    rows: list[list[list[Para | Table]]]  # rows of cells of content
    widths: list[list[float]] = field(default_factory=list)  # per row, its cells' widths (only ratios count)


Item = Para | Table


def para(text: str, size: float = BODY_SIZE, bold: bool = False, bullet: bool = False) -> Para:
    return Para([Run(text, size, bold)], bullet=bullet)


@dataclass
class _Cursor:
    page: int = 1
    top: float = MARGIN
    on_page: int = 0  # lines on the current page
    explicit_pages: bool = False  # the format marks its page breaks: do not count lines


class Flow:
    def __init__(self, explicit_pages: bool = False) -> None:
        self.at = _Cursor(explicit_pages=explicit_pages)
        self.lines: list[Line] = []

    def new_page(self) -> None:
        if self.at.on_page or self.at.top > MARGIN:
            self.at = _Cursor(self.at.page + 1, MARGIN, 0, self.at.explicit_pages)

    def add(self, items: list[Item], x0: float = MARGIN, width: float = TEXT_WIDTH, column: int = 0) -> None:
        for item in items:
            if isinstance(item, Table):
                self._table(item, x0, width, column)
            else:
                self._para(item, x0, width, column)

    def _para(self, p: Para, x0: float, width: float, column: int) -> None:
        if p.page_break:
            self.new_page()
        pieces = _split_lines(p)
        if not pieces:
            size = max((r.size for r in p.runs), default=BODY_SIZE)
            self.at.top += BLANK_HEIGHT * size
            return
        for runs in pieces:
            self._line(runs, p.bullet, x0 + p.indent, width - p.indent, column)

    def _line(self, runs: list[Run], bullet: bool, x0: float, width: float, column: int) -> None:
        if not self.at.explicit_pages and self.at.on_page >= LINES_PER_PAGE:
            self.new_page()
        # Tabs align a title and its dates: one tab between the parts, as layout puts between fragments.
        parts = (clean_text(part) for part in "".join(r.text for r in runs).split("\t"))
        text = "\t".join(part for part in parts if part)
        if not text:
            return
        text, glyph_bullet = split_bullet(text)
        size, bold = _style(runs)
        x1 = min(x0 + len(text) * CHAR_WIDTH * size, x0 + max(width, size))
        self.lines.append(
            Line(
                text=text,
                page=self.at.page,
                x0=round(x0, 1),
                top=round(self.at.top, 1),
                x1=round(x1, 1),
                bottom=round(self.at.top + size, 1),
                size=round(size, 1),
                bold=bold,
                column=column,
                bullet=bullet or glyph_bullet,
            )
        )
        self.at.top += LINE_HEIGHT * size
        self.at.on_page += 1

    def _table(self, table: Table, x0: float, width: float, column: int) -> None:
        for index, row in enumerate(table.rows):
            filled = [c for c in row if any(_has_text(i) for i in c)]
            if not filled:
                continue
            if len(filled) == 1:
                self.add(filled[0], x0, width, column)
                continue
            if all(_one_line(c) for c in filled):
                runs: list[Run] = []
                for c in filled:
                    if runs:
                        runs.append(Run("\t", runs[-1].size, runs[-1].bold))
                    runs.extend(_only_para(c).runs)
                bullet = _only_para(filled[0]).bullet
                self._line(runs, bullet, x0, width, column)
                continue
            self._row(row, table.widths[index] if index < len(table.widths) else [], x0, width, column)

    def _row(self, cells: list[list[Item]], widths: list[float], x0: float, width: float, column: int) -> None:
        """Cells side by side: each starts at the row's top; the row ends below its longest cell."""
        spans = _cell_spans(len(cells), widths, x0, width)
        start = self.at
        end = start
        for index, (cell, (left, cell_width)) in enumerate(zip(cells, spans, strict=True)):
            self.at = _Cursor(start.page, start.top, start.on_page, start.explicit_pages)
            self.add(cell, left, cell_width, column or (1 if index == 0 else 2))
            if (self.at.page, self.at.top) > (end.page, end.top):
                end = self.at
        self.at = end


def _cell_spans(count: int, widths: list[float], x0: float, width: float) -> list[tuple[float, float]]:
    parts = widths[:count] if len(widths) >= count and all(w > 0 for w in widths[:count]) else [1.0] * count
    total = sum(parts)
    spans: list[tuple[float, float]] = []
    left = x0
    for w in parts:
        span = width * w / total
        spans.append((left, span))
        left += span
    return spans


def _has_text(item: Item) -> bool:
    if isinstance(item, Table):
        return any(_has_text(i) for row in item.rows for cell in row for i in cell)
    return bool(item.text.strip())


def _one_line(cell: list[Item]) -> bool:
    filled = [i for i in cell if _has_text(i)]
    return len(filled) == 1 and isinstance(filled[0], Para) and "\n" not in filled[0].text


def _only_para(cell: list[Item]) -> Para:
    for item in cell:
        if isinstance(item, Para) and item.text.strip():
            return item
    return Para([])


def _split_lines(p: Para) -> list[list[Run]]:
    """The paragraph's runs cut at explicit line breaks ('\\n'), empty pieces dropped."""
    pieces: list[list[Run]] = [[]]
    for run in p.runs:
        parts = run.text.split("\n")
        for k, part in enumerate(parts):
            if k:
                pieces.append([])
            if part:
                pieces[-1].append(Run(part, run.size, run.bold))
    return [piece for piece in pieces if "".join(r.text for r in piece).strip()]


def _style(runs: list[Run]) -> tuple[float, bool]:
    """The size of the middle character and whether most characters are bold, as layout judges a PDF line."""
    counted = [(r.size, len(r.text.strip()), r.bold) for r in runs if r.text.strip()]
    total = sum(n for _, n, _ in counted)
    if not total:
        return (runs[0].size if runs else BODY_SIZE), False
    bold = sum(n for _, n, b in counted if b) > BOLD_SHARE * total
    seen = 0
    for size, n, _ in sorted(counted):
        seen += n
        if seen > total // 2:
            return size, bold
    return counted[-1][0], bold


def lay_out(
    items: list[Item], explicit_pages: bool = False, header: list[Item] | None = None
) -> tuple[list[Line], int]:
    """The items as numbered lines, and the page count; `header` items come first (a page header)."""
    flow = Flow(explicit_pages)
    if header:
        flow.add(header)
    flow.add(items)
    for number, line in enumerate(flow.lines, 1):
        line.number = number
    return flow.lines, flow.at.page


def document(
    items: list[Item],
    reader: str,
    source: str,
    metadata_date: str | None = None,
    header: list[Item] | None = None,
    furniture: list[Item] | None = None,
    explicit_pages: bool = False,
) -> Document:
    lines, pages = lay_out(items, explicit_pages, header)
    aside = lay_out(furniture)[0] if furniture else []
    return Document(
        lines=lines,
        pages=pages,
        furniture=aside,
        metadata_date=metadata_date,
        engine=reader,
        reader=reader,
        source=source,
    )
