"""Fragments -> reading blocks: a gutter that fragments do not cross splits a page into columns."""

from __future__ import annotations

import bisect
import re

from screener.read.words import Fragment

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
        # Not in `left`, asked of the fragment's own edge: a fragment equal to one in `left` is in it too.
        right = [f for f in band if f.x0 > gutter - 1 and not f.x1 <= gutter + 1]
        for side, lo, hi, own in ((left, x_lo, gutter, 1), (right, gutter, x_hi, 2)):
            if side:
                blocks.extend(order_fragments(side, lo, hi, depth + 1, label or own))
    return blocks + tail
