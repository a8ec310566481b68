"""The chart of a big screen: ranked candidates counted in square cells, not placed one by one.

Past `chart.POINT_LIMIT` ranked candidates (or when the page carries only the top of the screen)
each cell of the chart's grid shows how many candidates fall in it, coloured by the profile most of
them have, darker the more there are; its tooltip gives the count per profile, the flagged ones and
the range of column A and B weights inside. One pass over the candidates, then the cells sorted:
the same screen draws the same chart.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from screener.output.report import chart as geometry
from screener.output.report.coerce import items, num
from screener.output.report.labels import PROFILES, g, is_ranked


@dataclass(frozen=True)
class Cell:
    x: float
    y: float
    width: float
    height: float
    cls: str  # the quadrant class (q-ai...) of the profile most candidates in it have
    opacity: str  # two decimals
    tip: str


class _Tally:
    """One cell's count, flagged count, weight ranges and candidates per profile."""

    __slots__ = ("count", "flagged", "a_lo", "a_hi", "b_lo", "b_hi", "profiles")

    def __init__(self, a: float, b: float) -> None:
        self.count = self.flagged = 0
        self.a_lo = self.a_hi = a
        self.b_lo = self.b_hi = b
        self.profiles: Counter[str] = Counter()


QUAD_CLASSES = {"ai-engineer": "q-ai", "ml-engineer": "q-ml", "hybrid": "q-hy"}


def _span(lo: float, hi: float) -> str:
    return g(lo) if lo == hi else f"{g(lo)}–{g(hi)}"


def _cell(s: geometry.Scale, key: tuple[int, int], t: _Tally, most: int) -> Cell:
    profiles = t.profiles
    order = sorted(profiles, key=lambda p: (-profiles[p], PROFILES.index(p) if p in PROFILES else len(PROFILES), p))
    x, y, w, h = geometry.cell_box(s, *key)
    tip = (f"{t.count} candidate{'s' if t.count != 1 else ''}: A {_span(t.a_lo, t.a_hi)}, B {_span(t.b_lo, t.b_hi)}; "
           + ", ".join(f"{p} {profiles[p]}" for p in order)
           + (f"; {t.flagged} with a red flag" if t.flagged else ""))
    return Cell(x, y, w, h, QUAD_CLASSES.get(order[0], "q-no") if order else "q-no",
                f"{geometry.cell_opacity(t.count, most):.2f}", tip)


def cells(records: list[dict[str, Any]], depth: float, dominant: float) -> tuple[geometry.Layout, list[Cell], int]:
    """The frame, the non-empty cells (left to right, top to bottom) and how many candidates they count."""
    coords = [(r, max(num(r.get("column_a")) or 0.0, 0.0), max(num(r.get("column_b")) or 0.0, 0.0))
              for r in records if is_ranked(r)]
    layout = geometry.frame([(a, b) for _, a, b in coords], depth, dominant)
    tallies: dict[tuple[int, int], _Tally] = {}
    cell_of = geometry.cells_of(layout.scale)
    for r, a, b in coords:
        key = cell_of(a, b)
        t = tallies.get(key)
        if t is None:
            t = tallies[key] = _Tally(a, b)
        t.count += 1
        t.flagged += bool(items(r.get("red_flags")))
        t.a_lo, t.a_hi, t.b_lo, t.b_hi = min(t.a_lo, a), max(t.a_hi, a), min(t.b_lo, b), max(t.b_hi, b)
        t.profiles[str(r.get("profile") or "")] += 1
    most = max((t.count for t in tallies.values()), default=0)
    return layout, [_cell(layout.scale, key, tallies[key], most) for key in sorted(tallies)], len(coords)
