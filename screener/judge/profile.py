"""Column totals -> profile: ai-engineer, ml-engineer, hybrid or none."""

from __future__ import annotations

from screener.codes import Profile
from screener.judge.rules import ProfileRules


def column_share(a: float, b: float) -> float | None:
    return round(a / (a + b), 2) if a + b > 0 else None


def call_profile(a: float, b: float, rules: ProfileRules) -> tuple[str, str]:
    """The profile and a plain sentence saying why."""
    min_evidence, dominant, depth = rules.min_evidence, rules.dominant_share, rules.hybrid_min_each
    total = a + b
    if total < min_evidence:
        return Profile.NONE, f"too little AI/ML evidence to call (weight {total:g} < {min_evidence:g})"
    share = a / total
    if share >= dominant:
        return Profile.AI_ENGINEER, f"column A (LLM-applied) holds {share:.0%} of the evidence (>= {dominant:.0%})"
    if 1 - share >= dominant:
        return (
            Profile.ML_ENGINEER,
            f"column B (production ML) holds {1 - share:.0%} of the evidence (>= {dominant:.0%})",
        )
    if a >= depth and b >= depth:
        return (
            Profile.HYBRID,
            f"neither column reaches {dominant:.0%} and both have depth (A {a:g}, B {b:g} >= {depth:g})",
        )
    if a > b:
        return (
            Profile.AI_ENGINEER,
            f"mixed evidence, but only column A has depth (A {a:g}, B {b:g}); the larger column decides",
        )
    return (
        Profile.ML_ENGINEER,
        f"mixed evidence, but only column B has depth (A {a:g}, B {b:g}); the larger column decides",
    )
