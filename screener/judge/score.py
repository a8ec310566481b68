"""Evidence + flags -> the fit score (0-100) for a target profile, part by part.

Any target scores the same way: its parts in the order its profile file lists them (each by its
scorer in judge/parts.py), then the share an off-target profile keeps, then a penalty per flag.
"""

from __future__ import annotations

from screener.codes import Profile
from screener.judge.flags import Facts
from screener.judge.parts import PART_SCORERS
from screener.judge.targets import Target
from screener.model import Flag, ScorePart

# The fit score's range.
SCORE_MIN, SCORE_MAX = 0.0, 100.0


def _keep_part(f: Facts, target: Target, subtotal: float) -> ScorePart | None:
    """The points an off-target profile gives back, or None when the evidence calls the target's."""
    if f.profile == Profile.HYBRID:
        keep = target.hybrid
        why = f"hybrid profile keeps {keep:.0%} for a {target.name} screen"
    elif f.profile != target.profile:
        keep = target.off_profile
        why = f"{f.profile} profile keeps {keep:.0%} for a {target.name} screen"
    else:
        return None
    return ScorePart("profile", round(-subtotal * (1 - keep), 1), why)


def fit_score(f: Facts, flags: list[Flag], target: Target) -> tuple[float, list[ScorePart]]:
    parts = [PART_SCORERS[p.scorer](f, p, target.column) for p in target.parts]
    keep = _keep_part(f, target, sum(p.points for p in parts))
    if keep is not None:
        parts.append(keep)
    for flag in flags:
        points = f.rules.penalty(flag.code)
        if points:
            parts.append(ScorePart(f"flag {flag.code}", -points, flag.reason))
    total = sum(p.points for p in parts)
    return round(max(SCORE_MIN, min(SCORE_MAX, total)), 1), parts
