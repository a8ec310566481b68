"""Plain text and Markdown: one line per line of text, in the encoding `sniff` detects.

Text has no styles, so the few it can show are read: Markdown's `#` headings (bold and larger
by level), a line that is all `**bold**`, setext underlines; and in plain text a short line in
capitals (how a typed resume marks its headings) is bold.
"""

from __future__ import annotations

import re

from screener.model import Document
from screener.read import flow
from screener.read.base import ExtractError
from screener.read.flow import BODY_SIZE, CHAR_WIDTH, Item, Para, Run
from screener.read.limits import ReadLimits
from screener.read.sniff import decode_text

NAME = "text"
MAX_TEXT_CHARS = 1_000_000  # a resume is a few thousand characters
HEADING_SIZES = {1: 18.0, 2: 15.0, 3: 13.0}  # Markdown heading level -> points; deeper levels are bold body text
MAX_CAPS_HEADING_WORDS = 5
MAX_INDENT_CHARS = 24

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_WHOLE_BOLD = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*:?\s*$")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)|`([^`]+)`")
_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_PLUS_BULLET = re.compile(r"^(\s*)\+\s+(?=\S)")


def read(data: bytes, limits: ReadLimits) -> Document:
    text = decode(data)
    doc = flow.document(text_items(text, markdown=True), NAME, "text")
    if not doc.lines:
        raise ExtractError("no-text", "the text file has no text")
    return doc


def decode(data: bytes) -> str:
    decoded = decode_text(data)
    if decoded is None:
        raise ExtractError("corrupt", "the file is not text in UTF-8, UTF-16 or Latin-1")
    text = decoded[0]
    if len(text) > MAX_TEXT_CHARS:
        raise ExtractError("too-large", f"the text has {len(text):,} characters; over {MAX_TEXT_CHARS:,} is refused")
    return text


def text_items(text: str, markdown: bool = False) -> list[Item]:
    """One paragraph per line; with `markdown`, its headings, bold lines, links and rules are read."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    items: list[Item] = []
    for raw in lines:
        line = raw.expandtabs(4) if raw.startswith("\t") else raw
        if markdown:
            setext = _SETEXT.match(line)
            above = items[-1] if items else None
            if setext and isinstance(above, Para) and above.text.strip():
                items[-1] = _heading(above.text, 1 if setext.group(1).startswith("=") else 2)
                continue
            if _RULE.match(line):
                continue
        items.append(_markdown_line(line) if markdown else _plain_line(line))
    return items


def _heading(text: str, level: int) -> Para:
    return Para([Run(_inline(text), HEADING_SIZES.get(level, BODY_SIZE), True)])


def _markdown_line(line: str) -> Para:
    atx = _ATX.match(line)
    if atx:
        return _heading(atx.group(2), len(atx.group(1)))
    whole = _WHOLE_BOLD.match(line)
    if whole and "**" not in whole.group(2):
        return Para([Run(_inline(whole.group(2)), BODY_SIZE, True)])
    line = _PLUS_BULLET.sub(r"\1- ", line)
    return _plain_line(_inline(line))


def _inline(text: str) -> str:
    """Markdown's inline marks removed: links keep their text (and an address the text does not show)."""

    def link(m: re.Match[str]) -> str:
        label, target = m.group(1), m.group(2).removeprefix("mailto:").removeprefix("tel:")
        return label if not target or target in label or m.group(0).startswith("!") else f"{label} ({target})"

    text = _LINK.sub(link, text)
    return _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or m.group(4) or "", text)


def _plain_line(line: str) -> Para:
    stripped = line.strip()
    indent = min(len(line) - len(line.lstrip(" ")), MAX_INDENT_CHARS) * CHAR_WIDTH * BODY_SIZE
    return Para([Run(stripped, BODY_SIZE, _caps_heading(stripped))], indent=indent)


def _caps_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and text.upper() == text and len(text.split()) <= MAX_CAPS_HEADING_WORDS
