"""Column totals -> profile: ai-engineer, ml-engineer, hybrid or none."""

from __future__ import annotations

from typing import Any


def column_share(a: float, b: float) -> float | None:
    return round(a / (a + b), 2) if a + b > 0 else None


def call_profile(a: float, b: float, cfg: dict[str, Any]) -> tuple[str, str]:
    """The profile and a plain sentence saying why."""
    min_evidence = float(cfg.get("min_evidence", 4.0))
    dominant = float(cfg.get("dominant_share", 0.6))
    depth = float(cfg.get("hybrid_min_each", 6.0))
    total = a + b
    if total < min_evidence:
        return "none", f"too little AI/ML evidence to call (weight {total:g} < {min_evidence:g})"
    share = a / total
    if share >= dominant:
        return "ai-engineer", f"column A (LLM-applied) holds {share:.0%} of the evidence (>= {dominant:.0%})"
    if 1 - share >= dominant:
        return "ml-engineer", f"column B (production ML) holds {1 - share:.0%} of the evidence (>= {dominant:.0%})"
    if a >= depth and b >= depth:
        return "hybrid", f"neither column reaches {dominant:.0%} and both have depth (A {a:g}, B {b:g} >= {depth:g})"
    if a > b:
        return (
            "ai-engineer",
            f"mixed evidence, but only column A has depth (A {a:g}, B {b:g}); the larger column decides",
        )
    return "ml-engineer", f"mixed evidence, but only column B has depth (A {a:g}, B {b:g}); the larger column decides"
