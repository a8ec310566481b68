"""The JD variant's own score parts (its target profile's depth, production, outcome and tenure parts)
for a candidate, from the stored Record alone.

A record screened for that very target already holds them (its score_parts): they are taken as
they are. Otherwise each part is scored again here by a scorer of the same name as in
judge/parts.py, over what a Record keeps: tool weights and places (depth and practices: the same
figures), the LLM-applied tenure and dated roles (tenure: the same), and, for production and
outcomes, the role lines that name a tool (a record does not keep every line of a role, so these
two can only find less than a fresh screen would).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from screener.job.context import FitRules
from screener.job.model import FitPart
from screener.job.tenure import column_roles, work_months
from screener.judge.parts import DEPTH_PLACES, QUOTE_CHARS
from screener.judge.signals import QUANTIFIED, search
from screener.judge.targets import Part, Target
from screener.record import Record, ToolRecord


def _best_place(t: ToolRecord, rules: FitRules) -> str:
    places = [f.place for f in t.found]
    return max(places, key=rules.taxonomy.rules.evidence.weight) if places else ""


def _part(part: Part, fraction: float, why: str) -> FitPart:
    return FitPart(part.name, round(part.maximum * max(0.0, min(1.0, fraction)), 1), why)


def _role_lines(record: Record, column: str, rules: FitRules) -> list[str]:
    roles = set(column_roles(record, column, rules))
    seen: dict[int, str] = {}
    for t in record.tools:
        for f in t.found:
            if f.role in roles:
                seen.setdefault(f.line, f.text)
    return [seen[n] for n in sorted(seen)]


def column_depth(r: Record, part: Part, column: str, rules: FitRules) -> FitPart:
    depth = sum(t.weight for t in r.tools if t.column == column and _best_place(t, rules) in DEPTH_PLACES)
    return _part(part, depth / part.full, part.why.format(depth=depth, full=part.full))


def production(r: Record, part: Part, column: str, rules: FitRules) -> FitPart:
    signals = rules.taxonomy.signals.get("production", ())
    shipped = next((t for t in _role_lines(r, column, rules) if search(signals, t)), None)
    if shipped is None:
        return _part(part, 0.0, part.why_none)
    return _part(part, 1.0, part.why.format(line=shipped.strip()[:QUOTE_CHARS]))


def practice(r: Record, part: Part, column: str, rules: FitRules) -> FitPart:
    words = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in part.words) + ")") if part.words else None
    for t in r.tools:
        if _best_place(t, rules) not in DEPTH_PLACES:
            continue
        if t.category in part.categories or (words and words.search(t.name.lower().replace("-", " "))):
            return _part(part, 1.0, part.why.format(item=t.name))
    return _part(part, 0.0, part.why_none)


def outcomes(r: Record, part: Part, column: str, rules: FitRules) -> FitPart:
    count = sum(1 for t in _role_lines(r, column, rules) if QUANTIFIED.search(t))
    return _part(part, count / part.full, part.why.format(count=count, full=part.full))


def llm_tenure(r: Record, part: Part, column: str, rules: FitRules) -> FitPart:
    months = r.llm_tenure_months or 0
    return _part(part, months / part.full, part.why.format(months=months, full=part.full))


def role_tenure(r: Record, part: Part, column: str, rules: FitRules) -> FitPart:
    roles = [i for i in column_roles(r, column, rules) if r.roles[i].kind == "work"]
    months = work_months(r, roles)
    return _part(part, months / part.full, part.why.format(months=months, full=part.full))


RecordScorer = Callable[[Record, Part, str, FitRules], FitPart]
# Keyed as judge/targets.py PART_KINDS (tests/job keeps the two in step).
RECORD_SCORERS: dict[str, RecordScorer] = {
    "column_depth": column_depth,
    "production": production,
    "practice": practice,
    "outcomes": outcomes,
    "llm_tenure": llm_tenure,
    "role_tenure": role_tenure,
}


def variant_parts(record: Record, target: Target, rules: FitRules) -> tuple[FitPart, ...]:
    """The target's parts for this candidate, each out of its maximum."""
    if record.role == target.name:
        stored = {p.name: p for p in record.score_parts}
        if all(p.name in stored for p in target.parts):
            return tuple(FitPart(p.name, stored[p.name].points, stored[p.name].why) for p in target.parts)
    return tuple(RECORD_SCORERS[p.scorer](record, p, target.column, rules) for p in target.parts)
