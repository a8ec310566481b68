"""Positioned glyphs -> visible lines in the order a person reads them.

Steps, each a small pure function: glyphs -> words (hidden ones set aside) ->
rows -> fragments (a row split at wide gaps) -> columns per page (a gutter
that fragments do not cross) -> lines -> running headers/footers removed ->
text repaired (ligatures, mojibake, icons, bullets, dashes, letter-spacing,
hyphenation).
"""

from __future__ import annotations

import bisect
import re
import statistics
import unicodedata
from dataclasses import dataclass

from screener.model import Document, HiddenText, Line
from screener.read.base import RawChar, RawPage, RawPdf

# --------------------------------------------------------------------------- words


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold_chars: int
    chars: int
    hidden: str

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2


def words_of(chars: list[RawChar]) -> list[Word]:
    """Group glyphs into words: a break at a space, a new line, a wide gap or a jump.

    This loop runs for every glyph of every page, so it keeps the word's parts in
    locals and builds each Word once.
    """
    words: list[Word] = []
    append = words.append
    text: list[str] = []
    x0 = top = x1 = bottom = size = 0.0
    bold = n = 0
    hidden = ""
    px0 = px1 = ptop = psize = 0.0
    for c in chars:
        cs = c.size
        if text and not (c.space_before or c.newline_before or c.hidden != hidden):
            unit = (psize if psize > cs else cs) or 1.0
            cx0 = c.x0
            # A ligature decomposes into glyphs sharing one box, so step back from x0, not x1.
            if cx0 - px1 <= 0.1 * unit and cx0 >= px0 - 0.3 * unit and abs(c.top - ptop) <= 0.45 * unit:
                text.append(c.text)
                if cx0 < x0:
                    x0 = cx0
                if c.x1 > x1:
                    x1 = c.x1
                if c.top < top:
                    top = c.top
                if c.bottom > bottom:
                    bottom = c.bottom
                if cs > size:
                    size = cs
                if c.bold:
                    bold += c.units
                n += c.units
                px0, px1, ptop, psize = cx0, c.x1, c.top, cs
                continue
        if text:
            append(Word("".join(text), x0, top, x1, bottom, size, bold, n, hidden))
        text = [c.text]
        n = c.units
        x0, top, x1, bottom, size, bold, hidden = c.x0, c.top, c.x1, c.bottom, cs, n if c.bold else 0, c.hidden
        px0, px1, ptop, psize = c.x0, c.x1, c.top, cs
    if text:
        append(Word("".join(text), x0, top, x1, bottom, size, bold, n, hidden))
    return words


# --------------------------------------------------------------------------- rows and fragments


@dataclass
class Fragment:
    words: list[Word]
    x0: float
    x1: float
    top: float
    bottom: float
    row: int

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)


def rows_of(words: list[Word]) -> list[list[Word]]:
    """Cluster words that share a baseline band; each row sorted left to right.

    Runs once per word of every page: plain comparisons instead of min()/max() calls.
    """
    rows: list[list[Word]] = []
    tops: list[float] = []
    bottoms: list[float] = []
    for w in sorted(words, key=lambda w: (round((w.top + w.bottom) / 2, 1), w.x0)):
        wt, wb = w.top, w.bottom
        h = wb - wt
        if h < 1.0:
            h = 1.0
        n = len(rows)
        # Only the last few rows can overlap a word that comes later in top order.
        for i in range(n - 1, n - 4 if n > 3 else -1, -1):
            top, bottom = tops[i], bottoms[i]
            band = bottom - top
            overlap = (bottom if bottom < wb else wb) - (top if top > wt else wt)
            if overlap > 0.5 * (h if h < band else band) and not _stacked(w, rows[i]):
                rows[i].append(w)
                if wt < top:
                    tops[i] = wt
                if wb > bottom:
                    bottoms[i] = wb
                break
        else:
            rows.append([w])
            tops.append(wt)
            bottoms.append(wb)
    for r in rows:
        r.sort(key=lambda w: w.x0)
    return rows


def _stacked(w: Word, row: list[Word]) -> bool:
    """True when `w` sits under (or over) a word of `row`: same columns, a line apart.

    Tightly set lines overlap in their type boxes, and a tall word beside them (a name in a
    sidebar) can bridge two of them into one band; a word that shares its x range with a word
    already in the row, a line higher or lower, belongs to another row.
    """
    mid = (w.top + w.bottom) / 2
    h = w.bottom - w.top
    for u in row:
        if (u.x1 if u.x1 < w.x1 else w.x1) - (u.x0 if u.x0 > w.x0 else w.x0) > 0.5:
            uh = u.bottom - u.top
            if abs((u.top + u.bottom) / 2 - mid) > 0.5 * (h if h < uh else uh):
                return True
    return False


def fragments_of(rows: list[list[Word]]) -> list[Fragment]:
    """Split rows at gaps wider than normal word spacing (a gutter or a tab stop)."""
    frags: list[Fragment] = []
    for ri, row in enumerate(rows):
        cur = [row[0]]
        prev = row[0]
        for w in row[1:]:
            a = prev.size if prev.size > 1.0 else 1.0
            b = w.size if w.size > 1.0 else 1.0
            small, big = (a, b) if a <= b else (b, a)
            gap = w.x0 - prev.x1
            # A gutter, a tab stop, or a jump in type size (a big name beside a small heading).
            if gap > 1.6 * small or (big > 1.3 * small and gap > 0.6 * small):
                frags.append(_frag(cur, ri))
                cur = [w]
            else:
                cur.append(w)
            prev = w
        frags.append(_frag(cur, ri))
    return frags


def _frag(words: list[Word], row: int) -> Fragment:
    first = words[0]
    x0, x1, top, bottom = first.x0, first.x1, first.top, first.bottom
    for w in words:
        if w.x0 < x0:
            x0 = w.x0
        if w.x1 > x1:
            x1 = w.x1
        if w.top < top:
            top = w.top
        if w.bottom > bottom:
            bottom = w.bottom
    return Fragment(words, x0, x1, top, bottom, row)


# --------------------------------------------------------------------------- columns

_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")


def find_gutter(frags: list[Fragment], x_lo: float, x_hi: float) -> float | None:
    """An x position that no (or almost no) fragment crosses, with real columns on both sides.

    Returns the gutter's centre or None. Narrow margin labels (moderncv dates, Europass
    labels) that line up row by row with the text beside them are not columns: a person
    reads those across.
    """
    if len(frags) < 8:
        return None
    width = x_hi - x_lo
    edges = sorted({round(f.x0, 1) for f in frags} | {round(f.x1, 1) for f in frags})
    best: tuple[float, float] | None = None
    # Gaps between consecutive fragment edges are the only places a gutter can be.
    candidates = [(a, b) for a, b in zip(edges, edges[1:], strict=False) if b - a >= 4]
    allowed = max(2, len({f.row for f in frags}) // 15)
    # The fragments left of x are a prefix of them sorted by right edge, those right of x a suffix
    # of them sorted by left edge: rows, top and bottom of both sides for every x, in one sweep each.
    left_side = _Side(sorted(frags, key=lambda f: f.x1), reverse=False)
    right_side = _Side(sorted(frags, key=lambda f: f.x0), reverse=True)
    for a, b in candidates:
        x = (a + b) / 2
        if not (x_lo + 0.12 * width <= x <= x_hi - 0.12 * width):
            continue
        nl = bisect.bisect_right(left_side.keys, x)  # fragments with x1 <= x
        nr = bisect.bisect_left(right_side.keys, x)  # fragments from here on have x0 >= x
        if left_side.rows[nl] < 4 or right_side.rows[nr] < 4:
            continue
        # A header above both columns (or a footer below) does not break the gutter;
        # only lines that cross it between the columns' tops and bottoms do.
        body_top = max(left_side.top[nl], right_side.top[nr])
        body_bottom = min(left_side.bottom[nl], right_side.bottom[nr])
        crossing = 0
        for f in frags:
            if f.x0 < x - 1 and f.x1 > x + 1 and f.bottom > body_top and f.top < body_bottom:
                crossing += 1
                if crossing > allowed:
                    break
        if crossing > allowed:
            continue
        left = [f for f in frags if f.x1 <= x]
        right = [f for f in frags if f.x0 >= x]
        if not _side_by_side(left, right):
            continue
        if _margin_labels(left, right):
            continue
        score = min(len(left), len(right)) - 3 * crossing
        if best is None or score > best[1]:
            best = (x, score)
    return best[0] if best else None


class _Side:
    """For fragments in edge order: distinct rows, least top and greatest bottom of each prefix
    (or, `reverse`, of each suffix), indexed by how many fragments (or from which one) it takes."""

    def __init__(self, ordered: list[Fragment], reverse: bool) -> None:
        self.keys = [f.x0 if reverse else f.x1 for f in ordered]
        n = len(ordered)
        rows: set[int] = set()
        self.rows = [0] * (n + 1)
        self.top = [float("inf")] * (n + 1)
        self.bottom = [float("-inf")] * (n + 1)
        steps = range(n - 1, -1, -1) if reverse else range(n)
        for i in steps:
            f = ordered[i]
            at, before = (i, i + 1) if reverse else (i + 1, i)
            rows.add(f.row)
            self.rows[at] = len(rows)
            self.top[at] = min(self.top[before], f.top)
            self.bottom[at] = max(self.bottom[before], f.bottom)


def _side_by_side(left: list[Fragment], right: list[Fragment]) -> bool:
    lt, lb = min(f.top for f in left), max(f.bottom for f in left)
    rt, rb = min(f.top for f in right), max(f.bottom for f in right)
    overlap = min(lb, rb) - max(lt, rt)
    return overlap > 0.4 * min(lb - lt, rb - rt)


def _margin_labels(left: list[Fragment], right: list[Fragment]) -> bool:
    """True when the narrower side is labels or dates set on the baselines of the other.

    moderncv dates and Europass labels sit exactly on the baseline of the text they
    label, one per entry; a sidebar only shares rows by coincidence and runs densely.
    """
    narrow, wide = (left, right) if _extent(left) < _extent(right) else (right, left)
    by_row: dict[int, list[Fragment]] = {}
    for f in wide:
        by_row.setdefault(f.row, []).append(f)

    def on_baseline(f: Fragment) -> bool:
        return any(abs(f.bottom - g.bottom) <= 1.0 for g in by_row.get(f.row, ()))

    text = [" ".join(w.text for w in f.words) for f in narrow]
    dated = [f for f, t in zip(narrow, text, strict=True) if _YEAR.search(t)]
    # Dates in a margin: judge by the dates alone (headings may share that margin).
    if len(dated) >= 2 and len(dated) >= 0.4 * len(narrow) and sum(map(on_baseline, dated)) >= 0.7 * len(dated):
        return True
    aligned = sum(map(on_baseline, narrow)) / max(1, len(narrow))
    tops = sorted(narrow, key=lambda f: f.top)
    dense = sum(1 for a, b in zip(tops, tops[1:], strict=False) if b.top - a.bottom < 0.8 * (a.bottom - a.top)) / max(
        1, len(tops) - 1
    )
    return aligned >= 0.7 and dense < 0.5


def _extent(frags: list[Fragment]) -> float:
    return max(f.x1 for f in frags) - min(f.x0 for f in frags)


Block = tuple[int, list[Fragment]]  # (column label: 0 full width, 1 left, 2 right), fragments


def order_fragments(frags: list[Fragment], x_lo: float, x_hi: float, depth: int = 0, label: int = 0) -> list[Block]:
    """Fragments grouped into reading blocks: full-width bands and whole columns, in order.

    Each returned block is read row by row; blocks are read one after another.
    """
    if not frags:
        return []
    gutter = find_gutter(frags, x_lo, x_hi) if depth < 2 else None
    if gutter is None:
        return [(label, frags)]
    blocks: list[Block] = []
    # The split holds only where both columns have text; above and below, read afresh.
    left_all = [f for f in frags if f.x1 <= gutter + 1]
    right_all = [f for f in frags if f.x0 >= gutter - 1]
    body_top = max(min(f.top for f in left_all), min(f.top for f in right_all)) - 1
    body_bottom = min(max(f.bottom for f in left_all), max(f.bottom for f in right_all)) + 1
    # A side that runs on past the other's end is still that column; only a line that
    # crosses the gutter starts a new full-width band above or below the columns.
    crossing_above = [f for f in frags if f.bottom <= body_top + 2 and f.x0 < gutter - 1 and f.x1 > gutter + 1]
    crossing_below = [f for f in frags if f.top >= body_bottom - 2 and f.x0 < gutter - 1 and f.x1 > gutter + 1]
    above: list[Fragment] = []
    below: list[Fragment] = []
    if crossing_above:
        cut = max(f.bottom for f in crossing_above)
        above = [f for f in frags if f.bottom <= cut + 0.5]
    if crossing_below:
        cut = min(f.top for f in crossing_below)
        below = [f for f in frags if f.top >= cut - 0.5]
    outside = {id(f) for f in above} | {id(f) for f in below}
    if above:
        blocks.extend(order_fragments(above, x_lo, x_hi, depth + 1, label))
    tail = order_fragments(below, x_lo, x_hi, depth + 1, label) if below else []
    frags = [f for f in frags if id(f) not in outside]
    crossing_rows = sorted({f.row for f in frags if f.x0 < gutter - 1 and f.x1 > gutter + 1})
    bands: list[list[Fragment]] = []
    current: list[Fragment] = []
    for f in sorted(frags, key=lambda f: (f.row, f.x0)):
        if f.row in crossing_rows:
            if current:
                bands.append(current)
                current = []
            if bands and bands[-1] and bands[-1][0].row in crossing_rows:
                bands[-1].append(f)
            else:
                bands.append([f])
        else:
            current.append(f)
    if current:
        bands.append(current)
    for band in bands:
        if band[0].row in crossing_rows:
            blocks.append((label, band))
            continue
        left = [f for f in band if f.x1 <= gutter + 1]
        right = [f for f in band if f.x0 > gutter - 1 and f not in left]
        for side, lo, hi, own in ((left, x_lo, gutter, 1), (right, gutter, x_hi, 2)):
            if side:
                blocks.extend(order_fragments(side, lo, hi, depth + 1, label or own))
    return blocks + tail


# --------------------------------------------------------------------------- text repair

_CID = re.compile(r"\(cid:\d+\)")
_LEADER = re.compile(r"\s*(?:[.·…_]\s?){4,}\s*")  # dotted leaders between a title and its dates
_LEADER_HINT = re.compile(r"[.·…_]\s?[.·…_]")  # two leader marks in a row: every leader has them
_CID_BULLET = re.compile(r"^\(cid:\d+\)\s+")  # an unmapped glyph opening a line is a bullet (reportlab's •)
_PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff\ufffd\ufffe\u200b-\u200f\u2060\ufeff]")
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}"
)
_SOFT_HYPHEN_MID = re.compile(r"(?<=\w)\u00ad(?=\w)")
_BULLET = re.compile(r"^\s*([•▪➤\-*◦●■□►▸‣⁃∙·○◆◇✓✔→»–—➢❖♦⦿⚬⬤▶]|\d{1,2}[.)](?=\s))\s*")
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "–", "\u2015": "–", "\u2212": "-"})
_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+")


_LOST_FULLWIDTH = re.compile(r"\s*ï\s?¼\s*")
_CP1252_TAIL = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_LOST_QUOTE = re.compile(f"â€(?![{_CP1252_TAIL}])")
_LOST_NBSP = re.compile(r"Â(?=[\s\u00a0]|$)")


def fix_mojibake(text: str) -> str:
    """'Jan 2019 â€“ Present' -> 'Jan 2019 – Present': UTF-8 bytes once read as cp1252."""
    if "Ã" not in text and "â" not in text and "Â" not in text and "ï" not in text:
        return text

    def repair(m: re.Match[str]) -> str:
        chunk = m.group(0)
        try:
            return chunk.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return chunk

    fixed = _MOJIBAKE.sub(repair, text)
    # A fullwidth form whose last byte cp1252 cannot hold (0x8D: "－") leaves a bare "ï¼":
    # in LiveCareer's exports it is the dash between dates or between company and city.
    fixed = _LOST_FULLWIDTH.sub(" – ", fixed)
    # "”" is E2 80 9D; 0x9D has no cp1252 character, so only "â€" survives.
    fixed = _LOST_QUOTE.sub("\u201d", fixed)
    return _LOST_NBSP.sub(" ", fixed).rstrip()


# TeX fonts without a ToUnicode map leave ligatures as control codes (OT1 and T1 slots).
_TEX_LIGATURES = str.maketrans(
    {
        "\x0b": "ff",
        "\x0c": "fi",
        "\x0d": "fl",
        "\x0e": "ffi",
        "\x0f": "ffl",
        "\x1b": "fi",
        "\x1c": "fi",
        "\x1d": "fl",
        "\x1e": "fl",
        "\x1f": "ffl",
    }
)
_CONTROL = re.compile("[\x00-\x08\x10-\x1a\x7f-\x9f]")


# Anything the repairs below act on; a line without any (most lines) only needs its spaces.
_NEEDS_REPAIR = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u00c2\u00c3\u00e2\u00ef\u2010-\u2012\u2015\u2212"
    + _PRIVATE.pattern[1:-1]
    + "]|\\(cid:"
)


def clean_text(text: str) -> str:
    if not _NEEDS_REPAIR.search(text) and unicodedata.is_normalized("NFKC", text):
        return _SPACES.sub(" ", text).strip()
    text = _CONTROL.sub("", text.translate(_TEX_LIGATURES))
    text = fix_mojibake(text)
    text = _CID.sub("", text)
    # LuaTeX fonts map the hyphen glyph to U+00AD (and some producers to U+FFFE): inside a line
    # it is a real hyphen ("high-impact"); at a line end, join_hyphenated decides.
    text = text.replace("\ufffe", "\u00ad")
    text = _SOFT_HYPHEN_MID.sub("-", text)
    text = text.replace(" \u00ad ", " – ")  # awesome-cv's date dash: "Sep. 2023 – Mar. 2024"
    if text.endswith("\u00ad"):
        text = text[:-1] + "-"
    text = text.replace("\u00ad", "")
    text = unicodedata.normalize("NFKC", text)
    text = _PRIVATE.sub("", text).translate(_HYPHENS)
    return _SPACES.sub(" ", text).strip()


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
    bullet = False
    m = _BULLET.match(text)
    if m and len(text) > m.end():
        symbol = m.group(1)
        # "- item" is a bullet; "-5%" and "2021-2023" are not; glyph bullets always are.
        if symbol not in "-–—*" and not symbol[0].isdigit() or m.group(0)[-1:].isspace():
            bullet = True
            text = text[m.end() :]
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
