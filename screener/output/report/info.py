"""The run a report describes: role, as-of date, taxonomy, source, and the profile rule's thresholds."""

from __future__ import annotations

from typing import Any

from screener.output.report.coerce import num
from screener.output.report.labels import most_common

# The profile rule's defaults (skill_taxonomy/scoring.toml [profile]); the chart's guides only.
DEFAULT_PROFILE_RULE = {"min_evidence": 4.0, "dominant_share": 0.60, "hybrid_min_each": 6.0}
DEFAULT_ROLE = "ai-engineer"


def run_info(records: list[dict[str, Any]], **given: Any) -> dict[str, Any]:
    """The run dict `render_html` takes, filling what is not given from the records.

    Keys: `role`, `as_of` (None when unknown: the page then shows only resume dates),
    `taxonomy_version`, `generated` (the as-of date, never the wall clock: the same screen
    gives the same page), `source`, and optionally `profile_rule` (the scoring.toml [profile]
    thresholds, for the chart's guides) and `title`. Extra keys are kept.
    """
    run: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    run.setdefault("role", most_common(r.get("role") for r in records) or DEFAULT_ROLE)
    versions = sorted({str(r["taxonomy_version"]) for r in records if r.get("taxonomy_version")})
    run.setdefault("taxonomy_version", ", ".join(versions) if versions else None)
    run.setdefault("as_of", None)
    run.setdefault("generated", run.get("as_of"))
    run.setdefault("source", None)
    return run


def profile_rule(run: dict[str, Any]) -> dict[str, float]:
    """The run's profile thresholds over the defaults; a missing, non-numeric or non-positive one is ignored."""
    rule = dict(DEFAULT_PROFILE_RULE)
    for k, v in (run.get("profile_rule") or {}).items():
        n = num(v)
        if k in rule and n is not None and n > 0:
            rule[k] = n
    return rule
