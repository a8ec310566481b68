"""Positioned glyphs -> words -> rows -> fragments (a row split at wide gaps).

The first steps of layout, shared by every reader that starts from glyphs on a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from screener.read.base import RawChar

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
            cx0, ctop = c.x0, c.top
            d = ctop - ptop
            # A ligature decomposes into glyphs sharing one box, so step back from x0, not x1.
            if cx0 - px1 <= 0.1 * unit and cx0 >= px0 - 0.3 * unit and (d if d >= 0 else -d) <= 0.45 * unit:
                text.append(c.text)
                cx1, cb = c.x1, c.bottom
                if cx0 < x0:
                    x0 = cx0
                if cx1 > x1:
                    x1 = cx1
                if ctop < top:
                    top = ctop
                if cb > bottom:
                    bottom = cb
                if cs > size:
                    size = cs
                u = c.units
                if c.bold:
                    bold += u
                n += u
                px0, px1, ptop, psize = cx0, cx1, ctop, cs
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
    lefts: list[float] = []  # each row's least x0 and greatest x1: a word clear of both shares no x range
    rights: list[float] = []
    for w in sorted(words, key=lambda w: (round((w.top + w.bottom) / 2, 1), w.x0)):
        wt, wb, wx0, wx1 = w.top, w.bottom, w.x0, w.x1
        h = wb - wt
        if h < 1.0:
            h = 1.0
        n = len(rows)
        # Only the last few rows can overlap a word that comes later in top order.
        for i in range(n - 1, n - 4 if n > 3 else -1, -1):
            top, bottom = tops[i], bottoms[i]
            band = bottom - top
            overlap = (bottom if bottom < wb else wb) - (top if top > wt else wt)
            if overlap > 0.5 * (h if h < band else band) and not (
                # `_stacked` finds no word sharing more than 0.5 of x range beyond the row's ends.
                rights[i] - wx0 > 0.5 and wx1 - lefts[i] > 0.5 and _stacked(w, rows[i])
            ):
                rows[i].append(w)
                if wt < top:
                    tops[i] = wt
                if wb > bottom:
                    bottoms[i] = wb
                if wx0 < lefts[i]:
                    lefts[i] = wx0
                if wx1 > rights[i]:
                    rights[i] = wx1
                break
        else:
            rows.append([w])
            tops.append(wt)
            bottoms.append(wb)
            lefts.append(wx0)
            rights.append(wx1)
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
