"""What each part of the page shows, from the records: plain values for the templates, no markup.

The templates escape every value (see render.py); here the records' figures are only counted,
formatted as the CSV writes them, and put in order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from screener.output.report import chart as geometry
from screener.output.report.cells import Cell, cells
from screener.output.report.coerce import items, num
from screener.output.report.info import profile_rule
from screener.output.report.labels import (
    FLAG_MEANINGS,
    PROFILES,
    ROLE_LABELS,
    display_name,
    flags_in_order,
    fmt_int,
    fmt_score,
    fmt_share,
    g,
    is_duplicate,
    is_ranked,
    is_unreadable,
    profile_class,
    profiles_in_order,
)

# The table's columns: (sort key for the script, heading, CSS class).
COLUMNS = (
    ("rank", "Rank", "num"),
    ("score", "Score", "num"),
    ("name", "Candidate", ""),
    ("profile", "Profile", ""),
    ("specialty", "Specialty", ""),
    ("share", "A share", "num"),
    ("llm", "LLM months", "num"),
    ("exp", "Experience (months)", "num"),
    ("tools", "Strongest tools", ""),
    ("flags", "Red flags", ""),
)
# The table names this many tools per column; the rest are counted.
TOOLS_SHOWN = 3
MISSING = "–"  # a rank or score the file does not have
# The summary lists at most this many unreadable files by name; the rest are counted (the CSV lists all).
UNREADABLE_SHOWN = 1000


def title(run: dict[str, Any]) -> str:
    role = str(run.get("role") or "")
    text = str(run.get("title") or f"Screen for {ROLE_LABELS.get(role, role) or 'candidates'}")
    if run.get("as_of"):
        text += f" — as of {run['as_of']}"
    return text


def header(run: dict[str, Any]) -> list[tuple[str, Any]]:
    """The run's facts under the title, as (label, value)."""
    role = str(run.get("role") or "")
    meta: list[tuple[str, Any]] = [
        ("Role", ROLE_LABELS.get(role, role)),
        ("As of", run.get("as_of") or "not recorded (resume dates only)"),
        ("Taxonomy", run.get("taxonomy_version") or "unknown"),
    ]
    if run.get("source"):
        meta.append(("Source", run["source"]))
    if run.get("generated"):
        meta.append(("Generated", run["generated"]))
    return meta


# --------------------------------------------------------------------------- the summary


@dataclass(frozen=True)
class Card:
    label: str
    count: int
    cls: str = ""


@dataclass(frozen=True)
class Count:
    """A profile or a flag code with how many carry it; `cls` and `meaning` as the page shows it."""

    name: str
    count: int
    cls: str = ""
    meaning: str = ""


@dataclass(frozen=True)
class Bar:
    cls: str
    width: str  # a percentage, two decimals


@dataclass(frozen=True)
class Unread:
    file: Any
    status: Any
    reason: Any


@dataclass(frozen=True)
class Summary:
    cards: list[Card]
    profiles: list[Count]
    stack: list[Bar]
    flags: list[Count]
    unreadable: list[Unread]
    unread_more: int = 0  # unreadable files past UNREADABLE_SHOWN, counted, not listed


def _flag_counts(records: list[dict[str, Any]]) -> list[Count]:
    flags = Counter(code for r in records for code in items(r.get("red_flags")))
    return [Count(code, flags[code], meaning=FLAG_MEANINGS.get(code, "")) for code in flags_in_order(flags)]


def summary(records: list[dict[str, Any]]) -> Summary:
    """The run in figures: files, profiles, flags, and every file that could not be read with the reason."""
    ranked = [r for r in records if is_ranked(r)]
    dups = [r for r in records if is_duplicate(r)]
    bad = [r for r in records if is_unreadable(r)]
    profiles = Counter(str(r.get("profile") or "") for r in ranked)
    flagged = sum(1 for r in ranked if items(r.get("red_flags")))
    cards = [Card("Files", len(records)), Card("Ranked", len(ranked)), Card("Ranked with a red flag", flagged),
             Card("Could not be read", len(bad), " warn" if bad else "")]
    if dups:
        cards.append(Card("Duplicates (ranked once)", len(dups)))
    order = profiles_in_order(profiles)
    return Summary(
        cards=cards,
        profiles=[Count(p, profiles.get(p, 0), profile_class(p)) for p in order],
        stack=[Bar(profile_class(p), f"{100 * profiles[p] / len(ranked):.2f}") for p in order if profiles.get(p)],
        flags=_flag_counts(records),
        unreadable=[Unread(r.get("file"), r.get("status"), r.get("reason") or r.get("notes") or "")
                    for r in bad[:UNREADABLE_SHOWN]],
        unread_more=max(len(bad) - UNREADABLE_SHOWN, 0),
    )


@dataclass(frozen=True)
class Scope:
    """A page that carries only the top of a big screen: how many files it carries, of how many."""

    shown: int
    total: int

    @property
    def rest(self) -> int:
        return self.total - self.shown


def scope(shown: int, total: int) -> Scope | None:
    return Scope(shown, total) if shown < total else None


# --------------------------------------------------------------------------- the chart


@dataclass(frozen=True)
class Point:
    i: int
    cls: str
    tip: str
    x: float
    y: float
    diamond: str | None  # the path of a flagged point; None draws a circle
    rank: str | None  # drawn inside the point when points are large enough
    rank_size: int
    rank_y: float


@dataclass(frozen=True)
class Chart:
    layout: geometry.Layout
    points: list[Point]  # in rank order; the template draws them in reverse
    depth: float
    dominant_pct: int
    legend: list[Count]
    legend_diamond: str
    cells: list[Cell] = field(default_factory=list)  # a big screen: candidates counted in cells, no points
    counted: int = 0  # how many candidates the cells count
    width: int = geometry.WIDTH
    height: int = geometry.HEIGHT


# The legend's diamond: centred in a 16-pixel box.
LEGEND_DIAMOND = (8, 8, 7)


def _point(i: int, r: dict[str, Any], a: float, b: float, spot: tuple[float, float],
           layout: geometry.Layout) -> Point:
    x, y = spot
    codes = items(r.get("red_flags"))
    tip = (f"{r.get('rank') or MISSING}. {display_name(r)} — {fmt_score(r.get('fit_score'))} "
           f"({r.get('profile')}); A {g(a)}, B {g(b)}")
    if codes:
        tip += "; flags: " + ", ".join(str(c) for c in codes)
    rank = str(r.get("rank")) if layout.labelled and r.get("rank") is not None else None
    size, rank_y = geometry.rank_label(rank or "", y)
    return Point(i=i, cls=profile_class(str(r.get("profile") or "")) + (" flagged" if codes else ""), tip=tip,
                 x=x, y=y, diamond=geometry.diamond_path(x, y, layout.diamond) if codes else None,
                 rank=rank, rank_size=size, rank_y=rank_y)


def chart(records: list[dict[str, Any]], run: dict[str, Any], everyone: list[dict[str, Any]] | None = None) -> Chart:
    """One point per ranked candidate at (column A, column B) weights, coloured by profile.

    `records` are the candidates the page carries, `everyone` the whole screen (when the page carries
    only its top). Past `POINT_LIMIT` ranked candidates, or when some are not on the page, every ranked
    candidate of the screen is counted in cells instead (see cells.py).
    """
    rule = profile_rule(run)
    depth, dominant = rule["hybrid_min_each"], rule["dominant_share"]
    legend, diamond = [Count(p, 0, profile_class(p)) for p in PROFILES], geometry.diamond_path(*LEGEND_DIAMOND)
    ranked = [(i, r) for i, r in enumerate(records) if is_ranked(r)]
    rest = [] if everyone is None else everyone[len(records):]
    if len(ranked) > geometry.POINT_LIMIT or any(is_ranked(r) for r in rest):
        frame, drawn, counted = cells(everyone or records, depth, dominant)
        return Chart(layout=frame, points=[], depth=depth, dominant_pct=round(dominant * 100), legend=legend,
                     legend_diamond=diamond, cells=drawn, counted=counted)
    coords = [(max(num(r.get("column_a")) or 0.0, 0.0), max(num(r.get("column_b")) or 0.0, 0.0)) for _, r in ranked]
    layout = geometry.layout(coords, depth, dominant)
    points = [_point(i, r, a, b, spot, layout)
              for (i, r), (a, b), spot in zip(ranked, coords, layout.spots, strict=True)]
    return Chart(layout=layout, points=points, depth=depth, dominant_pct=round(dominant * 100),
                 legend=legend, legend_diamond=diamond)


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Tools:
    """One column's strongest tools in a row: up to three names, and how many more."""

    col: str
    names: str
    practices: bool  # no tool named: the practices (RAG, evals...) stand in
    more: int


@dataclass(frozen=True)
class Row:
    i: int
    status: str
    profile: str
    rank: str
    score: str
    name: str
    sub: Any
    chip_cls: str
    chip: str
    specialty: str
    share: str
    llm: str
    exp: str
    tools: list[Tools]
    flags: list[Count]


@dataclass(frozen=True)
class Table:
    columns: tuple[tuple[str, str, str], ...]
    profiles: list[Count]
    duplicates: int
    unreadable: int
    clean: int  # files without a red flag
    flags: list[Count]
    rows: list[Row]


def _tools(r: dict[str, Any]) -> list[Tools]:
    out = []
    for col in ("a", "b"):
        names = [str(t) for t in items(r.get(f"column_{col}_tools"))]
        practices = False
        if not names:  # evidence by practices alone (RAG, evals...) still shows what it is
            concepts = [t for t in items(r.get("tools")) if isinstance(t, dict) and t.get("kind") == "concept"
                        and t.get("column") == col.upper()]
            concepts.sort(key=lambda t: -(num(t.get("weight")) or 0.0))
            names, practices = [str(t.get("name")) for t in concepts], True
        if names:
            out.append(Tools(col, ", ".join(names[:TOOLS_SHOWN]), practices, max(len(names) - TOOLS_SHOWN, 0)))
    return out


def _chip(r: dict[str, Any]) -> tuple[str, str, Any]:
    """The profile cell's class and text, and the line under the name."""
    status, profile = str(r.get("status") or ""), str(r.get("profile") or "")
    if status == "ok":
        return profile_class(profile), profile, r.get("latest_title") or r.get("headline") or ""
    if status == "duplicate":
        return "p-x", "duplicate", r.get("notes") or r.get("reason") or ""
    return "p-bad", status, r.get("reason") or r.get("notes") or ""


def row(i: int, r: dict[str, Any]) -> Row:
    chip_cls, chip, sub = _chip(r)
    return Row(
        i=i, status=str(r.get("status") or ""), profile=str(r.get("profile") or ""),
        rank=fmt_int(r.get("rank")) or MISSING, score=fmt_score(r.get("fit_score")) or MISSING,
        name=display_name(r), sub=sub, chip_cls=chip_cls, chip=chip, specialty=str(r.get("specialty") or ""),
        share=fmt_share(r.get("column_a_share")), llm=fmt_int(r.get("llm_tenure_months")),
        exp=fmt_int(r.get("total_experience_months")), tools=_tools(r),
        flags=[Count(str(c), 0, meaning=FLAG_MEANINGS.get(str(c), "")) for c in items(r.get("red_flags"))],
    )


def table(records: list[dict[str, Any]]) -> Table:
    profiles = Counter(str(r.get("profile") or "") for r in records if is_ranked(r))
    return Table(
        columns=COLUMNS,
        profiles=[Count(p, profiles.get(p, 0)) for p in profiles_in_order(profiles)],
        duplicates=sum(1 for r in records if is_duplicate(r)),
        unreadable=sum(1 for r in records if is_unreadable(r)),
        clean=sum(1 for r in records if not items(r.get("red_flags"))),
        flags=_flag_counts(records),
        rows=[row(i, r) for i, r in enumerate(records)],
    )
