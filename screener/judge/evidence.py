"""Mentions -> weighed evidence per tool or practice, and column totals."""

from __future__ import annotations

from screener.codes import COLUMN_A, COLUMN_B, COLUMN_N
from screener.judge.months import role_span, union_size
from screener.judge.rules import EvidenceRules
from screener.model import ItemEvidence, Mention, Role, ym


def weigh(mentions: list[Mention], roles: list[Role], present: int, rules: EvidenceRules) -> list[ItemEvidence]:
    """Per distinct item: the best place it appears in (scoring.toml [evidence]), times the item's strength."""
    grouped: dict[str, list[Mention]] = {}
    for m in mentions:
        grouped.setdefault(f"{m.kind}:{m.item_id}", []).append(m)
    out: list[ItemEvidence] = []
    for ms in grouped.values():
        first = ms[0]
        best = max(ms, key=lambda m: (rules.weight(m.place), -m.line))
        weight = 0.0 if first.column == COLUMN_N else rules.weight(best.place) * first.strength
        spans = []
        # A one-off analysis (a notebook) is not months of use across the role's span.
        for ri in sorted({m.role for m in ms if m.role is not None and m.use != "analysis"}):
            role = roles[ri]
            if role.kind == "work":
                span = role_span(role, present)
                if span:
                    spans.append(span)
        out.append(
            ItemEvidence(
                item_id=first.item_id,
                name=first.name,
                kind=first.kind,
                column=first.column,
                category=first.category,
                weight=round(weight, 3),
                best_place=best.place,
                mentions=ms,
                months=union_size(spans),
                last_used=ym(max(s[1] for s in spans)) if spans else None,
            )
        )
    out.sort(key=lambda e: (-e.weight, e.column, e.name.lower()))
    return out


def column_totals(evidence: list[ItemEvidence]) -> tuple[float, float]:
    a = sum(e.weight for e in evidence if e.column == COLUMN_A)
    b = sum(e.weight for e in evidence if e.column == COLUMN_B)
    return round(a, 3), round(b, 3)
