"""A candidate's evidence as the pages draw it, from the typed Record alone (what `screener explain` prints).

The timeline places each dated role on one scale of months, the LLM-applied ones shaded; tools go
by column with every line they came from; flags with their reasons and quotes; the score's parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from screener.record import Record, RoleRecord, ToolRecord

COLUMN_NAMES = {"A": "Column A: LLM-applied", "B": "Column B: production ML", "": "Other practices"}


@dataclass(frozen=True)
class Bar:
    """One role on the timeline: where it starts and how wide it is, in percent of the span."""

    index: int
    role: RoleRecord
    left: float
    width: float


def _month(text: str | None, present: str) -> int | None:
    value = present if text == "present" else text
    if not value or len(value) < 7 or not value[:4].isdigit() or not value[5:7].isdigit():
        return None
    return int(value[:4]) * 12 + int(value[5:7]) - 1


def timeline(rec: Record, as_of: str) -> tuple[list[Bar], str, str]:
    """The dated roles as bars over one span, with the span's first and last month ('YYYY-MM')."""
    present = rec.resume_date or as_of
    spans = []
    for i, role in enumerate(rec.roles):
        start, end = _month(role.start, present), _month(role.end or role.start, present)
        if start is not None and end is not None and role.kind in ("work", "project"):
            spans.append((i, role, start, max(start, end)))
    if not spans:
        return [], "", ""
    lo, hi = min(s[2] for s in spans), max(s[3] for s in spans) + 1
    width = max(hi - lo, 1)
    bars = [Bar(i, role, 100 * (s - lo) / width, max(100 * (e + 1 - s) / width, 1.0)) for i, role, s, e in spans]
    return bars, f"{lo // 12}-{lo % 12 + 1:02d}", f"{(hi - 1) // 12}-{(hi - 1) % 12 + 1:02d}"


def by_column(tools: tuple[ToolRecord, ...]) -> list[tuple[str, list[ToolRecord]]]:
    groups: dict[str, list[ToolRecord]] = {}
    for t in tools:
        groups.setdefault(t.column if t.column in ("A", "B") else "", []).append(t)
    return [(COLUMN_NAMES[c], groups[c]) for c in ("A", "B", "") if c in groups]


def evidence(rec: Record, as_of: str) -> dict[str, Any]:
    bars, first, last = timeline(rec, as_of)
    total = sum(p.points for p in rec.score_parts)
    return {"bars": bars, "first": first, "last": last, "columns": by_column(rec.tools),
            "parts_total": total, "links": [(link, link.startswith(("https://", "http://"))) for link in rec.links],
            "specialty": str(getattr(rec, "specialty", "") or "")}
