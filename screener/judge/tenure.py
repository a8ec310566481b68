"""Dated roles -> total experience and LLM-applied tenure, with how each was added up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from screener.codes import COLUMN_A
from screener.judge import grain as grain_mod
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


# The seeds: even the most experienced AI engineers of 2026 have 24-36 months of LLM-applied work.
# A sum far above that says the evidence is misread (a role's whole span, a wrong date), not that
# the candidate is exceptional: the figure is kept, and the notes say to check it.
SUSPECT_LLM_MONTHS = 48


def counts_as_llm(m: Mention) -> bool:
    """A column-A item of full strength, in a bullet that is product work (not a one-off analysis).

    Weak items (Temporal, n8n, reranking...) are used outside LLM work too.
    """
    return m.column == COLUMN_A and m.strength >= 1.0 and m.use != "analysis"


def is_llm_applied(mentions: list[Mention]) -> bool:
    """A role shows LLM-applied work when one of its bullets names a column-A item that counts."""
    return any(counts_as_llm(m) for m in mentions)


def dated_start(mentions: list[Mention], taxonomy: Taxonomy, present: int) -> tuple[int, str] | None:
    """The earliest date the LLM bullets give for their work ("Since early 2026" -> 2026-01)."""
    grain = grain_mod.load(taxonomy.path)
    texts = sorted({m.bullet_text or m.text for m in mentions if counts_as_llm(m)})
    found = [d for t in texts for d in [grain_mod.start_in(grain, t, present)] if d is not None]
    return min(found) if found else None


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
        tools = [m for m in ms if m.kind == "tool" and counts_as_llm(m)]
        if tools:
            earliest = min(tools, key=lambda m: (taxonomy.tool(m.item_id).first_release, m.name))
            release = parse_ym(taxonomy.tool(earliest.item_id).first_release)
            if release > start:
                start, reason = release, f"{earliest.name} was first released {ym(release)}"
        if floor_index > start:
            start, reason = floor_index, f"no public LLM API before {floor}"
        dated = dated_start(ms, taxonomy, present)
        if dated is not None and dated[0] > start:
            start, reason = dated[0], f'"{dated[1]}" in the role\'s text (when its LLM work began)'
        months = end - start + 1 if end >= start else 0
        parts.append(TenurePart(role=ri, start=ym(start), end=ym(end), months=max(0, months), reason=reason))
    spans = [(parse_ym(p.start), parse_ym(p.end)) for p in parts if p.months > 0]
    return union_size(spans), parts
