"""HTML pages (a resume saved from a site, or exported by Word): the standard library's parser, no browser.

Block elements end a line; h1-h3 are larger and bold, h4-h6, <b>, <strong> and <th> bold;
<li> a bullet; table cells of a row are joined by tabs. Scripts, styles and the <head> are
skipped; elements a browser would not show (`hidden`, `display:none`, `visibility:hidden`)
are kept out of the text and reported as hidden text, as white-on-white text in a PDF is.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from screener.model import Document, HiddenText
from screener.read import flow
from screener.read.base import ExtractError
from screener.read.flow import BODY_SIZE, Para, Run
from screener.read.limits import ReadLimits
from screener.read.text import decode

NAME = "html"
HEADING_SIZES = {"h1": 20.0, "h2": 16.0, "h3": 13.0}
BOLD_TAGS = frozenset({"b", "strong", "th", "h4", "h5", "h6", *HEADING_SIZES})
SKIP_TAGS = frozenset({"script", "style", "head", "template", "noscript", "svg", "math", "iframe", "object", "select"})
BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "main",
        "blockquote",
        "pre",
        "dl",
        "dt",
        "dd",
        "address",
        "figure",
        "figcaption",
        "hr",
        "form",
        "fieldset",
        "legend",
        "caption",
        "body",
        "html",
        "title",
    ]
)
VOID_TAGS = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACE = re.compile(r"[ \t\r\n\f]+")


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[flow.Item] = []
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, skipped, hidden) of each open element
        self.runs: list[Run] = []
        self.bullet = False
        self.hidden: list[str] = []
        self.bold = 0
        self.size: list[float] = []
        self.pre = 0

    # An element is skipped (scripts) or hidden (display:none) when it or an ancestor is.
    @property
    def skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    @property
    def concealed(self) -> bool:
        return bool(self.stack) and self.stack[-1][2]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS or tag == "br":
            self.flush()
        if tag in ("td", "th") and self.runs:
            self.runs.append(Run("\t", BODY_SIZE, False))
        if tag in VOID_TAGS:
            return
        values = dict(attrs)
        hidden = "hidden" in values or bool(_HIDDEN_STYLE.search(values.get("style") or ""))
        self.stack.append((tag, self.skipped or tag in SKIP_TAGS, self.concealed or hidden))
        self.bold += tag in BOLD_TAGS
        if tag in HEADING_SIZES:
            self.size.append(HEADING_SIZES[tag])
        if tag == "li":
            self.bullet = True
        self.pre += tag == "pre"

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS or not any(t == tag for t, _, _ in self.stack):
            return
        if tag in BLOCK_TAGS:
            self.flush()
        while self.stack:
            open_tag, _, _ = self.stack.pop()
            self.bold -= open_tag in BOLD_TAGS
            if open_tag in HEADING_SIZES and self.size:
                self.size.pop()
            self.pre -= open_tag == "pre"
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.skipped:
            return
        if self.concealed:
            self.hidden.append(data)
            return
        if self.pre:
            for k, part in enumerate(data.split("\n")):
                if k:
                    self.flush()
                self.runs.append(Run(part, self._size(), self.bold > 0))
            return
        text = _SPACE.sub(" ", data)
        if text.strip() or self.runs:
            self.runs.append(Run(text, self._size(), self.bold > 0))

    def _size(self) -> float:
        return self.size[-1] if self.size else BODY_SIZE

    def flush(self) -> None:
        if "".join(r.text for r in self.runs).strip():
            self.items.append(Para(self.runs, bullet=self.bullet))
        self.runs = []
        self.bullet = False


def read(data: bytes, limits: ReadLimits) -> Document:
    parser = _Parser()
    parser.feed(decode(data))
    parser.close()
    parser.flush()
    doc = flow.document(parser.items, NAME, "html")
    hidden = " ".join(" ".join(parser.hidden).split())
    if hidden:
        doc.hidden = [HiddenText(page=1, text=hidden[:1000], reason="hidden-in-html")]
    if not doc.lines:
        raise ExtractError("no-text", "the HTML page has no visible text")
    return doc
