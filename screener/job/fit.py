"""One candidate against one job: `match_job(analysis, record, rules) -> JobFit`, from the Record alone.

The score (job.toml [fit]) is must-have coverage first, nice-to-have coverage second, then the
JD variant's own parts (its target profile's depth, production, outcome and tenure parts, scaled),
then the red-flag penalties (scoring.toml [penalties]). A group with nothing in it gives its points
to the others. A missing must-have is a flag, never a rejection: the candidate is still ranked.
"""

from __future__ import annotations

from screener.codes import FlagCode
from screener.job.context import FitRules
from screener.job.evidence import requirement_fit, years_fit
from screener.job.model import FitPart, Importance, JobAnalysis, JobFit, RequirementFit
from screener.job.probes import probes
from screener.job.variant_parts import variant_parts
from screener.record import Record

SCORE_MIN, SCORE_MAX = 0.0, 100.0
FULL = 100.0
MISSING_MUST_HAVE = FlagCode.MISSING_MUST_HAVE


def _coverage(table: list[RequirementFit], importance: Importance, partial: float) -> tuple[float, str] | None:
    rows = [r for r in table if r.importance == importance]
    if not rows:
        return None
    met = sum(1 for r in rows if r.verdict == "met")
    half = sum(1 for r in rows if r.verdict == "partial")
    return (met + partial * half) / len(rows), f"{met} of {len(rows)} met, {half} partial"


def _scaled(table: list[RequirementFit], analysis: JobAnalysis, record: Record,
            rules: FitRules) -> tuple[list[FitPart], float]:
    """The parts before penalties, scaled so that the groups present add up to 100; and that sum."""
    fit = rules.job.fit
    partial = float(fit["partial_credit"])
    groups: list[tuple[str, float, float, str]] = []  # name, points available, fraction earned, why
    for name, importance, key in (("must-have coverage", "must", "must_have"),
                                  ("nice-to-have coverage", "nice", "nice_to_have")):
        cov = _coverage(table, importance, partial)  # type: ignore[arg-type]
        if cov is not None:
            groups.append((name, float(fit[key]), cov[0], cov[1]))
    target = rules.taxonomy.targets.get(analysis.target)
    own = variant_parts(record, target, rules) if target is not None else ()
    most = sum(float(p.maximum) for p in target.parts) if target is not None else 0.0
    available = sum(g[1] for g in groups) + (float(fit["variant"]) if most else 0.0)
    scale = FULL / available if available else 0.0
    parts = [FitPart(name, round(points * fraction * scale, 1), why) for name, points, fraction, why in groups]
    if most:
        share = float(fit["variant"]) * scale / most
        parts += [FitPart(f"{analysis.variant}: {p.name}", round(p.points * share, 1), p.why) for p in own]
    return parts, sum(p.points for p in parts)


def match_job(analysis: JobAnalysis, record: Record, rules: FitRules) -> JobFit:
    table = [requirement_fit(r, record, rules) for r in analysis.requirements]
    years = [(y, *years_fit(y, record, rules)) for y in analysis.years]
    table += [fit for _, fit, _, _ in years]
    parts, _ = _scaled(table, analysis, record, rules)
    missing = [r.requirement for r in table if r.importance == "must" and r.verdict == "missing"]
    flags = [f.code for f in record.flags]
    if missing:
        flags.append(f"{MISSING_MUST_HAVE}: {', '.join(missing)}")
        off = float(rules.job.fit["missing_must_have"]) * len(missing)
        if off:
            parts.append(FitPart(MISSING_MUST_HAVE, -off, f"{len(missing)} must-have(s) missing"))
    share = float(rules.job.fit["penalty_share"])
    for f in record.flags:
        points = rules.taxonomy.rules.penalty(f.code) * share
        if points:
            parts.append(FitPart(f"flag {f.code}", -points, f.reason))
    total = sum(p.points for p in parts)
    score = round(max(SCORE_MIN, min(SCORE_MAX, total)), 1) if record.status == "ok" else 0.0
    return JobFit(analysis.file, score, tuple(parts), tuple(table), tuple(flags),
                  probes(table, years, record, rules))
