"""The score part scorers, one function per kind of part, keyed by the name a profile file uses.

Each takes the Facts and its `Part` (from skill_taxonomy/profiles/*.toml) and returns the ScorePart:
points = maximum x a fraction clamped to 0..1, and the part's `why` text filled with what it found.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from screener.judge.flags import Facts, column_roles, evidence_bullets, measured
from screener.judge.months import role_span, union_size
from screener.judge.signals import search
from screener.judge.targets import Part
from screener.model import ItemEvidence, ScorePart

# Evidence proves depth only where the work was done; a skills list proves little.
DEPTH_PLACES = ("role", "project")
# How much of a shipped line the production part quotes.
QUOTE_CHARS = 80


def _score(part: Part, fraction: float, why: str) -> ScorePart:
    return ScorePart(part.name, round(part.maximum * max(0.0, min(1.0, fraction)), 1), why)


@lru_cache(maxsize=64)
def _word_starts(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """Whole-word starts: "retrieval" must not count as "eval"."""
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")") if words else None


def find_item(
    evidence: list[ItemEvidence],
    words: tuple[str, ...],
    categories: tuple[str, ...] = (),
    places: tuple[str, ...] = DEPTH_PLACES,
) -> ItemEvidence | None:
    """The first evidence item in those places of those categories, or whose id or name starts a word."""
    pattern = _word_starts(words)
    for e in evidence:
        if e.best_place not in places:
            continue
        if e.category in categories:
            return e
        if pattern is not None and pattern.search(f"{e.item_id} {e.name}".lower().replace("-", " ")):
            return e
    return None


def column_depth(f: Facts, part: Part, column: str) -> ScorePart:
    """Fields: depth (the column's weight inside roles and projects), full."""
    depth = sum(e.weight for e in f.evidence if e.column == column and e.best_place in DEPTH_PLACES)
    return _score(part, depth / part.full, part.why.format(depth=depth, full=part.full))


def production(f: Facts, part: Part, column: str) -> ScorePart:
    """Fields: line (the first bullet carrying the column's evidence with a production signal)."""
    signals = f.taxonomy.signals.get("production", ())
    shipped = next((t for t in evidence_bullets(f, column) if search(signals, t)), None)
    if shipped is None:
        return _score(part, 0.0, part.why_none)
    return _score(part, 1.0, part.why.format(line=shipped.strip()[:QUOTE_CHARS]))


def practice(f: Facts, part: Part, column: str) -> ScorePart:
    """Fields: item (the name of the first evidence item that counts)."""
    item = find_item(f.evidence, part.words, part.categories)
    if item is None:
        return _score(part, 0.0, part.why_none)
    return _score(part, 1.0, part.why.format(item=item.name))


def outcomes(f: Facts, part: Part, column: str) -> ScorePart:
    """Fields: count (bullets carrying the column's evidence that state a measured outcome), full."""
    count = sum(1 for t in evidence_bullets(f, column) if measured(f, t))
    return _score(part, count / part.full, part.why.format(count=count, full=part.full))


def llm_tenure(f: Facts, part: Part, column: str) -> ScorePart:
    """Fields: months (LLM-applied tenure, as judge/tenure.py adds it up), full."""
    return _score(part, f.llm_months / part.full, part.why.format(months=f.llm_months, full=part.full))


def role_tenure(f: Facts, part: Part, column: str) -> ScorePart:
    """Fields: months (dated work roles with full-strength column evidence, overlaps once), full."""
    roles = [i for i in column_roles(f, column) if f.roles[i].kind == "work"]
    months = union_size([s for i in roles for s in [role_span(f.roles[i], f.present)] if s])
    return _score(part, months / part.full, part.why.format(months=months, full=part.full))


PartScorer = Callable[[Facts, Part, str], ScorePart]
# Keyed as judge/targets.py PART_KINDS (a test keeps the two in step).
PART_SCORERS: dict[str, PartScorer] = {
    "column_depth": column_depth,
    "production": production,
    "practice": practice,
    "outcomes": outcomes,
    "llm_tenure": llm_tenure,
    "role_tenure": role_tenure,
}
