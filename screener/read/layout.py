"""Positioned glyphs -> visible lines in the order a person reads them.

Steps, each a small pure function: glyphs -> words (hidden ones set aside) ->
rows -> fragments (a row split at wide gaps) -> columns per page (a gutter
that fragments do not cross) -> lines -> running headers/footers removed ->
text repaired (ligatures, mojibake, icons, bullets, dashes, letter-spacing,
hyphenation).
"""

from __future__ import annotations

import re
import statistics

from screener.model import Document, HiddenText, Line
from screener.read.base import RawPage, RawPdf
from screener.read.columns import order_fragments
from screener.read.text_repair import clean_text, fix_mojibake, split_bullet
from screener.read.words import Fragment, Word, fragments_of, rows_of, words_of

__all__ = ["build_document", "clean_text", "fix_mojibake", "page_lines"]

_LEADER = re.compile(r"\s*(?:[.·…_]\s?){4,}\s*")  # dotted leaders between a title and its dates
_LEADER_HINT = re.compile(r"[.·…_]\s?[.·…_]")  # two leader marks in a row: every leader has them
_CID_BULLET = re.compile(r"^\(cid:\d+\)\s+")  # an unmapped glyph opening a line is a bullet (reportlab's •)


def collapse_letter_spacing(words: list[Word]) -> list[Word]:
    """'J O H N  D O E' set letter by letter -> 'JOHN DOE', using the gaps to find word breaks."""
    if len(words) < 4:
        return words
    others = 0
    allowed = 0.2 * len(words)
    for w in words:
        if len(w.text) != 1 or not w.text.isalpha():
            others += 1
            if others > allowed:
                return words
    gaps = [b.x0 - a.x1 for a, b in zip(words, words[1:], strict=False)]
    base = statistics.median(gaps) if gaps else 0.0
    merged: list[Word] = [Word(**{k: getattr(words[0], k) for k in Word.__slots__})]
    for gap, w in zip(gaps, words[1:], strict=True):
        if gap > max(1.8 * base, base + 0.25 * w.size):
            merged.append(Word(**{k: getattr(w, k) for k in Word.__slots__}))
        else:
            m = merged[-1]
            m.text += w.text
            m.x1 = w.x1
            m.chars += w.chars
            m.bold_chars += w.bold_chars
    return merged


def _line_from(frags: list[Fragment], page: int, column: int) -> Line | None:
    parts: list[str] = []
    words: list[Word] = []
    prev: Fragment | None = None
    for f in frags:
        ws = collapse_letter_spacing(f.words)
        words.extend(ws)
        if prev is not None:
            parts.append("\t" if f.x0 - prev.x1 > 1.6 * max(f.size, 1) else " ")
        parts.append(" ".join([w.text for w in ws]))
        prev = f
    joined = "".join(parts)
    if "(cid:" in joined:
        joined = _CID_BULLET.sub("• ", joined)
    if _LEADER_HINT.search(joined):  # a cheap scan first: the leader pattern is slow on every line
        joined = _LEADER.sub("\t", joined)
    text = "\t".join(clean_text(p) for p in joined.split("\t"))
    text = text.strip("\t ")
    if not text:
        return None
    text, bullet = split_bullet(text)
    chars = bold_chars = 0
    first_size = words[0].size if words else 0.0
    uniform = True
    for w in words:
        chars += w.chars
        bold_chars += w.bold_chars
        if w.size != first_size:
            uniform = False
    size = (first_size if chars else 0.0) if uniform else _median_size(words, chars)
    bold = bold_chars > 0.6 * (chars or 1)
    if len(frags) == 1:  # most lines: no min() and max() over one fragment
        f = frags[0]
        x0, top, x1, bottom = f.x0, f.top, f.x1, f.bottom
    else:
        x0, top = min(f.x0 for f in frags), min(f.top for f in frags)
        x1, bottom = max(f.x1 for f in frags), max(f.bottom for f in frags)
    return Line(
        text=text,
        page=page,
        x0=x0,
        top=top,
        x1=x1,
        bottom=bottom,
        size=round(size, 1),
        bold=bold,
        column=column,
        bullet=bullet,
    )


def _median_size(words: list[Word], total: int) -> float:
    """The type size of the line's middle glyph (each word weighs its glyph count; `total` glyphs)."""
    if not total:
        return 0.0
    middle = total // 2
    seen = 0
    for w in sorted(words, key=lambda w: w.size):
        seen += w.chars
        if seen > middle:
            return w.size
    return 0.0


def page_lines(page: RawPage) -> tuple[list[Line], list[HiddenText]]:
    words = words_of(page.chars)
    visible = [w for w in words if not w.hidden]
    hidden = [w for w in words if w.hidden]
    frags = fragments_of(rows_of(visible)) if visible else []
    lines: list[Line] = []
    for column, block in order_fragments(frags, 0.0, page.width):
        by_row: dict[int, list[Fragment]] = {}
        for f in block:
            by_row.setdefault(f.row, []).append(f)
        for row in sorted(by_row, key=lambda r: min(f.top for f in by_row[r])):
            line = _line_from(sorted(by_row[row], key=lambda f: f.x0), page.number, column)
            if line is not None:
                lines.append(line)
    return lines, _hidden_phrases(hidden, page.number)


def _hidden_phrases(words: list[Word], page: int) -> list[HiddenText]:
    out: list[HiddenText] = []
    for reason in sorted({w.hidden for w in words}):
        text = clean_text(" ".join(w.text for w in words if w.hidden == reason))
        if text:
            out.append(HiddenText(page=page, text=text, reason=reason))
    return out


# --------------------------------------------------------------------------- whole document

_PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,3}(\s*(of|/|de)\s*\d{1,3})?$", re.I)
_DIGITS = re.compile(r"\d+")


def drop_running_lines(lines: list[Line], pages: dict[int, float]) -> tuple[list[Line], list[Line]]:
    """Split off page numbers and headers/footers repeated on several pages.

    Page 1 keeps its copy of a repeated line: a CV's running header is often the
    candidate's name, and the first page is where a reader meets it.
    """
    if not lines:
        return lines, []

    def zone(line: Line) -> bool:
        h = pages.get(line.page, 792.0)
        return line.top < 0.1 * h or line.bottom > 0.88 * h

    seen: dict[str, set[int]] = {}
    for line in lines:
        if zone(line):
            seen.setdefault(_DIGITS.sub("#", line.text.lower()), set()).add(line.page)
    repeated = {k for k, v in seen.items() if len(v) >= 2}
    keep: list[Line] = []
    dropped: list[Line] = []
    for line in lines:
        if zone(line) and (
            _PAGE_NUMBER.match(line.text) or line.page > 1 and _DIGITS.sub("#", line.text.lower()) in repeated
        ):
            dropped.append(line)
        else:
            keep.append(line)
    return keep, dropped


def join_hyphenated(lines: list[Line]) -> list[Line]:
    """'develop-' + 'ment of ...' -> 'development' + 'of ...' within one column."""
    for a, b in zip(lines, lines[1:], strict=False):
        if (
            a.page == b.page
            and a.column == b.column
            and len(a.text) > 2
            and a.text.endswith("-")
            and a.text[-2].isalpha()
            and a.text[-2].islower()
            and b.text[:1].islower()
        ):
            first, _, rest = b.text.partition(" ")
            a.text = a.text[:-1] + first
            b.text = rest
    return [ln for ln in lines if ln.text]


def build_document(raw: RawPdf) -> Document:
    lines: list[Line] = []
    hidden: list[HiddenText] = []
    for page in raw.pages:
        pl, ph = page_lines(page)
        lines.extend(pl)
        hidden.extend(ph)
    furniture: list[Line] = []
    if len(raw.pages) > 1:
        lines, furniture = drop_running_lines(lines, {p.number: p.height for p in raw.pages})
    lines = join_hyphenated(lines)
    for i, line in enumerate(lines, 1):
        line.number = i
    return Document(
        lines=lines,
        pages=raw.page_count or len(raw.pages),
        hidden=hidden,
        furniture=furniture,
        metadata_date=raw.metadata_date,
        engine=raw.engine,
        has_images=any(p.images for p in raw.pages),
    )
