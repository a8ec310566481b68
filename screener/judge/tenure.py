"""Dated roles -> total experience and LLM-applied tenure, with how each was added up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from screener.codes import COLUMN_A
from screener.judge.months import role_span, union_size
from screener.model import Mention, Role, TenurePart, month_index, ym

if TYPE_CHECKING:
    from screener.taxonomy import Taxonomy


def parse_ym(text: str) -> int:
    year, month = text.split("-")
    return month_index(int(year), int(month))


def total_experience(roles: list[Role], present: int) -> int:
    spans = [s for r in roles if r.kind == "work" for s in [role_span(r, present)] if s]
    return union_size(spans)


def is_llm_applied(mentions: list[Mention]) -> bool:
    """A role shows LLM-applied work when it names a column-A tool or practice of full strength.

    Weak items (Temporal, n8n, reranking...) are used outside LLM work too.
    """
    return any(m.column == COLUMN_A and m.strength >= 1.0 for m in mentions)


def llm_tenure(
    roles: list[Role], mentions: list[Mention], taxonomy: Taxonomy, present: int, floor: str
) -> tuple[int, list[TenurePart]]:
    """LLM-applied months: dated work roles with LLM work, each from its start, the release of its
    earliest column-A tool or `floor` (scoring.toml [tenure] llm_floor), whichever is latest."""
    floor_index = parse_ym(floor)
    by_role: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.role is not None:
            by_role.setdefault(m.role, []).append(m)
    parts: list[TenurePart] = []
    for ri, role in enumerate(roles):
        if role.kind != "work":
            continue
        ms = by_role.get(ri, [])
        if not is_llm_applied(ms):
            continue
        span = role_span(role, present)
        if span is None:
            continue
        start, end = span
        reason = "the role's start"
        tools = [m for m in ms if m.kind == "tool" and m.column == COLUMN_A and m.strength >= 1.0]
        if tools:
            earliest = min(tools, key=lambda m: (taxonomy.tool(m.item_id).first_release, m.name))
            release = parse_ym(taxonomy.tool(earliest.item_id).first_release)
            if release > start:
                start, reason = release, f"{earliest.name} was first released {ym(release)}"
        if floor_index > start:
            start, reason = floor_index, f"no public LLM API before {floor}"
        months = end - start + 1 if end >= start else 0
        parts.append(TenurePart(role=ri, start=ym(start), end=ym(end), months=max(0, months), reason=reason))
    spans = [(parse_ym(p.start), parse_ym(p.end)) for p in parts if p.months > 0]
    return union_size(spans), parts
