"""The chart's geometry: axis range, ticks, scales, the share rule's guides, and where each point goes.

Pure arithmetic on numbers; `templates/chart.html.j2` draws the result. Both axes use square-root
scales (a few strong candidates do not squash the rest against the origin), and points that would
overlap fan out to the nearest free spot, deterministically, so the same screen draws the same chart.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 470
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 58, 18, 18, 52
# The axis ends at the first of these above the largest value plus headroom.
NICE_MAXIMA = (12, 16, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 400, 500, 750, 1000)
HEADROOM = 1.04
# Past the last nice maximum the axis ends at the next multiple of this.
LARGE_AXIS_STEP = 100.0
# The axis always reaches this many times the hybrid depth, so the quadrants keep their room.
DEPTH_ROOM = 3
TICKS = (0, 1, 2, 4, 6, 10, 15, 20, 30, 40, 50, 60, 80, 100, 150, 200, 300, 400, 500, 750, 1000)

# Points shrink as the crowd grows: (at most this many points, radius).
RADII = ((60, 9.0), (200, 6.5))
SMALLEST_RADIUS = 4.5
# Points this large carry their rank inside.
LABELLED_RADIUS = 9.0
# A point at 0 sits this far inside the frame (beyond its radius), clear of the axis.
CLEARANCE = 3
# A flagged point is a diamond this much larger than a circle, so it reads as large.
DIAMOND_SCALE = 1.3
# Crowded points look for a free spot on up to this many rings around their own.
RINGS = 13
# The quadrant labels sit this far left of and below the dividers' corner.
QUAD_LABEL_INSET, QUAD_LABEL_DROP = 6, 16


@dataclass(frozen=True)
class Scale:
    """Weights to pixels: square-root scales from 0 to `top`, inside the frame."""

    top: float
    pad: float
    width: float = float(WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
    height: float = float(HEIGHT - MARGIN_TOP - MARGIN_BOTTOM)

    def x(self, v: float) -> float:
        return MARGIN_LEFT + self.pad + math.sqrt(min(max(v, 0.0), self.top) / self.top) * (self.width - self.pad)

    def y(self, v: float) -> float:
        return MARGIN_TOP + self.height - self.pad - math.sqrt(min(max(v, 0.0), self.top) / self.top) * (
            self.height - self.pad)

    @property
    def left(self) -> float:
        return float(MARGIN_LEFT)

    @property
    def right(self) -> float:
        return float(MARGIN_LEFT + self.width)

    @property
    def bottom(self) -> float:
        return float(MARGIN_TOP + self.height)

    @property
    def top_edge(self) -> float:
        return float(MARGIN_TOP)


@dataclass(frozen=True)
class Quad:
    """One profile's quadrant: its rectangle and where its label goes."""

    cls: str
    profile: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Tick:
    value: float
    x: float
    y: float


@dataclass(frozen=True)
class Guide:
    """A share-rule boundary: a line from the origin to the frame, with its label."""

    x1: float
    y1: float
    x2: float
    y2: float
    label_x: float
    label_y: float
    label: str


@dataclass(frozen=True)
class Layout:
    scale: Scale
    radius: float
    depth_x: float
    depth_y: float
    quads: tuple[Quad, ...]
    ticks: tuple[Tick, ...]
    guides: tuple[Guide, ...]
    spots: tuple[tuple[float, float], ...]  # each point's place, in the order given

    @property
    def labelled(self) -> bool:
        return self.radius >= LABELLED_RADIUS

    @property
    def diamond(self) -> float:
        return self.radius * DIAMOND_SCALE


def axis_max(values: Sequence[float], depth: float) -> float:
    top = max([*values, depth * DEPTH_ROOM, 1.0])
    for nice in NICE_MAXIMA:
        if nice >= top * HEADROOM:
            return float(nice)
    return float(math.ceil(top * HEADROOM / LARGE_AXIS_STEP) * LARGE_AXIS_STEP)


def ticks(top: float) -> list[float]:
    return [float(t) for t in TICKS if t <= top]


def point_radius(n: int) -> float:
    return next((r for most, r in RADII if n <= most), SMALLEST_RADIUS)


def diamond_path(x: float, y: float, r: float) -> str:
    """The `d` of a diamond of half-diagonal r centred on (x, y)."""
    return f"M{x:.1f} {y - r:.1f}L{x + r:.1f} {y:.1f}L{x:.1f} {y + r:.1f}L{x - r:.1f} {y:.1f}Z"


def rank_label(rank: str, y: float) -> tuple[int, float]:
    """The font size of a rank drawn inside a point, and its baseline (three digits need a smaller font)."""
    size = 9 if len(rank) < 3 else 7
    return size, y + size * 0.36


class Spots:
    """Where points already sit, hashed on a grid, so placing n points stays fast."""

    def __init__(self, gap: float) -> None:
        self.gap = gap
        self.cells: dict[tuple[int, int], list[tuple[float, float]]] = {}

    def free(self, x: float, y: float) -> bool:
        cx, cy = int(x // self.gap), int(y // self.gap)
        g2 = self.gap * self.gap
        return all((x - qx) ** 2 + (y - qy) ** 2 >= g2
                   for dx in (-1, 0, 1) for dy in (-1, 0, 1) for qx, qy in self.cells.get((cx + dx, cy + dy), ()))

    def add(self, x: float, y: float) -> None:
        self.cells.setdefault((int(x // self.gap), int(y // self.gap)), []).append((x, y))


def free_spot(x: float, y: float, spots: Spots, r: float,
              box: tuple[float, float, float, float]) -> tuple[float, float]:
    """The nearest spot to (x, y) that no earlier point covers: crowded points fan out, deterministically.

    `box` is (left, right, top, bottom); a moved point stays inside it.
    """
    if spots.free(x, y):
        return x, y
    for ring in range(1, RINGS + 1):
        steps = 6 * ring
        for k in range(steps):
            angle = -math.pi / 4 + 2 * math.pi * k / steps
            px = min(max(x + ring * spots.gap * math.cos(angle), box[0] + r), box[1] - r)
            py = min(max(y - ring * spots.gap * math.sin(angle), box[2] + r), box[3] - r)
            if spots.free(px, py):
                return px, py
    return x, y


def _quads(s: Scale, xd: float, yd: float) -> tuple[Quad, ...]:
    """The four quadrants split at the hybrid depth; labels sit by the dividers, away from the crowded axes."""
    x0, x1, y0, y1 = s.left, s.right, s.bottom, s.top_edge
    return (
        Quad("q-no", "none", x0, yd, xd - x0, y0 - yd, xd - QUAD_LABEL_INSET, yd + QUAD_LABEL_DROP),
        Quad("q-ai", "ai-engineer", xd, yd, x1 - xd, y0 - yd, x1 - QUAD_LABEL_INSET, yd + QUAD_LABEL_DROP),
        Quad("q-ml", "ml-engineer", x0, y1, xd - x0, yd - y1, xd - QUAD_LABEL_INSET, y1 + QUAD_LABEL_DROP),
        Quad("q-hy", "hybrid", xd, y1, x1 - xd, yd - y1, x1 - QUAD_LABEL_INSET, y1 + QUAD_LABEL_DROP),
    )


def _guides(s: Scale, dominant: float) -> tuple[Guide, ...]:
    """The share rule's boundaries: on square-root scales too, straight lines through the origin."""
    ox, oy, x1, y1 = s.x(0), s.y(0), s.right, s.top_edge
    pct = round(dominant * 100)
    out = []
    for share, label in ((dominant, f"{pct}% A"), (1 - dominant, f"{pct}% B")):
        slope = math.sqrt((1 - share) / share) * (s.height - s.pad) / (s.width - s.pad)  # in pixels, up per right
        if slope * (x1 - ox) <= oy - y1:
            ex, ey = x1, oy - slope * (x1 - ox)
        else:
            ex, ey = ox + (oy - y1) / slope, y1
        out.append(Guide(ox, oy, ex, ey, ex - 4, ey + (14 if ex == x1 else 12), label))
    return tuple(out)


def layout(coords: Sequence[tuple[float, float]], depth: float, dominant: float) -> Layout:
    """Everything the chart draws for points at (column A, column B) weights, in the order given.

    `depth` is the hybrid depth (each column's weight a hybrid needs), `dominant` the share of the
    evidence that decides a profile; both draw guides only.
    """
    radius = point_radius(len(coords))
    s = Scale(axis_max([v for c in coords for v in c], depth), radius + CLEARANCE)
    xd, yd = s.x(depth), s.y(depth)
    spots = Spots(2 * radius + 1)
    placed = []
    for a, b in coords:
        x, y = free_spot(s.x(a), s.y(b), spots, radius, (s.left, s.right, s.top_edge, s.bottom))
        spots.add(x, y)
        placed.append((x, y))
    return Layout(scale=s, radius=radius, depth_x=xd, depth_y=yd, quads=_quads(s, xd, yd),
                  ticks=tuple(Tick(t, s.x(t), s.y(t)) for t in ticks(s.top)), guides=_guides(s, dominant),
                  spots=tuple(placed))


# --------------------------------------------------------------------------- many candidates: cells, not points

# Past this many ranked candidates the chart counts them in square cells instead of placing points:
# placing points that fan out grows faster than the number of points (0.2 s at 500, 5 s at 2,000),
# counting in cells is one pass. Every report under it draws exactly as before.
POINT_LIMIT = 500
# A cell's side in pixels.
CELL = 16
# A cell's fill opacity runs from this (one candidate) to 1 (the fullest cell), on a log scale.
CELL_FAINTEST = 0.25


def frame(coords: Sequence[tuple[float, float]], depth: float, dominant: float) -> Layout:
    """Everything `layout` draws but the points: the frame for cells (the radius is the smallest)."""
    s = Scale(axis_max([v for c in coords for v in c], depth), SMALLEST_RADIUS + CLEARANCE)
    xd, yd = s.x(depth), s.y(depth)
    return Layout(scale=s, radius=SMALLEST_RADIUS, depth_x=xd, depth_y=yd, quads=_quads(s, xd, yd),
                  ticks=tuple(Tick(t, s.x(t), s.y(t)) for t in ticks(s.top)), guides=_guides(s, dominant), spots=())


def cells_of(s: Scale) -> Callable[[float, float], tuple[int, int]]:
    """The cell (column, row from the top) a candidate at (a, b) falls in: `Scale.x` and `Scale.y`,
    inlined (a screen of 100,000 calls it 100,000 times)."""
    top, pad, width, height = s.top, s.pad, s.width, s.height
    sqrt = math.sqrt

    def cell(a: float, b: float) -> tuple[int, int]:
        x = pad + sqrt(min(a, top) / top) * (width - pad)
        y = height - pad - sqrt(min(b, top) / top) * (height - pad)
        return int(x // CELL), int(y // CELL)

    return cell


def cell_box(s: Scale, col: int, row: int) -> tuple[float, float, float, float]:
    """A cell's rectangle (x, y, width, height), cut at the frame."""
    x, y = s.left + col * CELL, s.top_edge + row * CELL
    return x, y, min(CELL, s.right - x), min(CELL, s.bottom - y)


def cell_opacity(count: int, most: int) -> float:
    if most <= 1:
        return 1.0
    return CELL_FAINTEST + (1 - CELL_FAINTEST) * math.log(count) / math.log(most)
