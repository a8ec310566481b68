"""Evidence + flags -> the fit score (0-100) for the target role, part by part."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from screener.judge.flags import Facts, llm_roles
from screener.judge.months import role_span, union_size
from screener.judge.signals import QUANTIFIED, search
from screener.model import Flag, ItemEvidence, ScorePart

ROLES = ("ai-engineer", "ml-engineer")


def _depth(evidence: list[ItemEvidence], column: str) -> float:
    """Column weight earned inside roles and projects (skills lists prove little)."""
    return sum(e.weight for e in evidence if e.column == column and e.best_place in ("role", "project"))


def _has(
    evidence: list[ItemEvidence],
    words: tuple[str, ...],
    categories: tuple[str, ...] = (),
    places: tuple[str, ...] = ("role", "project"),
) -> ItemEvidence | None:
    for e in evidence:
        if e.best_place not in places:
            continue
        if e.category in categories:
            return e
        pattern = _word_starts(words)
        if pattern is not None and pattern.search(f"{e.item_id} {e.name}".lower().replace("-", " ")):
            return e
    return None


@lru_cache(maxsize=64)
def _word_starts(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """Whole-word starts: "retrieval" must not count as "eval"."""
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")") if words else None


def _role_lines_with(f: Facts, indices: list[int]) -> list[str]:
    return [ln.text for i in indices for ln in f.roles[i].lines]


def _part(name: str, maximum: float, fraction: float, why: str) -> ScorePart:
    return ScorePart(name, round(maximum * max(0.0, min(1.0, fraction)), 1), why)


def score_ai(f: Facts, cfg: dict[str, Any]) -> list[ScorePart]:
    parts: list[ScorePart] = []
    depth = _depth(f.evidence, "A")
    parts.append(
        _part(
            "column A depth",
            cfg["column_depth"],
            depth / cfg["depth_full"],
            f"LLM-applied evidence inside roles/projects weighs {depth:g} (full at {cfg['depth_full']:g})",
        )
    )
    llm = llm_roles(f)
    texts = _role_lines_with(f, llm)
    production = f.taxonomy.signals.get("production", ())
    shipped = next((t for t in texts if search(production, t)), None)
    parts.append(
        _part(
            "production",
            cfg["production"],
            1.0 if shipped else 0.0,
            f"shipped LLM work: '{shipped.strip()[:80]}'" if shipped else "no production signal in LLM-applied roles",
        )
    )
    ev = _has(f.evidence, ("eval", "judge", "golden"), ("eval",))
    parts.append(
        _part(
            "evals",
            cfg["evals"],
            1.0 if ev else 0.0,
            f"evaluates LLM output ({ev.name})" if ev else "no LLM evals in roles or projects",
        )
    )
    measured = [t for t in texts if QUANTIFIED.search(t)]
    parts.append(
        _part(
            "measured outcomes",
            cfg["outcomes"],
            len(measured) / 2,
            f"{len(measured)} quantified line(s) in LLM-applied roles",
        )
    )
    plus = _has(f.evidence, ("cost", "routing", "multi-model", "gateway", "orchestration", "caching"), ("llm-serving",))
    parts.append(
        _part(
            "strong plus",
            cfg["strong_plus"],
            1.0 if plus else 0.0,
            f"cost/multi-model work ({plus.name})" if plus else "no inference-cost or multi-model work",
        )
    )
    full = cfg["tenure_full_months"]
    parts.append(
        _part(
            "LLM tenure",
            cfg["tenure"],
            f.llm_months / full,
            f"{f.llm_months} months of LLM-applied roles (full at {full})",
        )
    )
    return parts


def score_ml(f: Facts, cfg: dict[str, Any]) -> list[ScorePart]:
    parts: list[ScorePart] = []
    depth = _depth(f.evidence, "B")
    parts.append(
        _part(
            "column B depth",
            cfg["column_depth"],
            depth / cfg["depth_full"],
            f"production-ML evidence inside roles/projects weighs {depth:g} (full at {cfg['depth_full']:g})",
        )
    )
    ml = [
        i
        for i, r in enumerate(f.roles)
        if r.kind in ("work", "project") and any(m.column == "B" and m.strength >= 1.0 for m in f.role_mentions(i))
    ]
    texts = _role_lines_with(f, ml)
    production = f.taxonomy.signals.get("production", ())
    shipped = next((t for t in texts if search(production, t)), None)
    parts.append(
        _part(
            "production",
            cfg["production"],
            1.0 if shipped else 0.0,
            f"models in production: '{shipped.strip()[:80]}'" if shipped else "no production signal in ML roles",
        )
    )
    mon = _has(f.evidence, ("drift", "retrain", "registry", "a/b", "ab-test", "monitor", "parity"), ("monitoring",))
    parts.append(
        _part(
            "monitoring & retraining",
            cfg["monitoring"],
            1.0 if mon else 0.0,
            f"owns the model lifecycle ({mon.name})" if mon else "no monitoring/retraining evidence",
        )
    )
    measured = [t for t in texts if QUANTIFIED.search(t)]
    parts.append(
        _part(
            "measured outcomes", cfg["outcomes"], len(measured) / 2, f"{len(measured)} quantified line(s) in ML roles"
        )
    )
    plus = _has(f.evidence, ("distributed", "feature store"), ("feature-store", "distributed-compute"))
    parts.append(
        _part(
            "strong plus",
            cfg["strong_plus"],
            1.0 if plus else 0.0,
            f"feature store / distributed compute ({plus.name})"
            if plus
            else "no feature store or distributed training",
        )
    )
    spans = [s for i in ml if f.roles[i].kind == "work" for s in [role_span(f.roles[i], f.present)] if s]
    months = union_size(spans)
    full = cfg["tenure_full_months"]
    parts.append(
        _part(
            "production-ML tenure",
            cfg["tenure"],
            months / full,
            f"{months} months of dated roles with production-ML work (full at {full})",
        )
    )
    return parts


def fit_score(f: Facts, flags: list[Flag], role: str, scoring: dict[str, Any]) -> tuple[float, list[ScorePart]]:
    cfg = scoring.get("score", {}).get(role, {})
    parts = score_ai(f, cfg) if role == "ai-engineer" else score_ml(f, cfg)
    subtotal = sum(p.points for p in parts)
    target = "ai-engineer" if role == "ai-engineer" else "ml-engineer"
    if f.profile == "hybrid":
        keep = float(cfg.get("hybrid", 0.85))
        parts.append(
            ScorePart(
                "profile", round(-subtotal * (1 - keep), 1), f"hybrid profile keeps {keep:.0%} for a {role} screen"
            )
        )
    elif f.profile != target:
        keep = float(cfg.get("off_profile", 0.5))
        parts.append(
            ScorePart(
                "profile", round(-subtotal * (1 - keep), 1), f"{f.profile} profile keeps {keep:.0%} for a {role} screen"
            )
        )
    penalties = scoring.get("penalties", {})
    for flag in flags:
        points = float(penalties.get(flag.code, 0))
        if points:
            parts.append(ScorePart(f"flag {flag.code}", -points, flag.reason))
    total = sum(p.points for p in parts)
    return round(max(0.0, min(100.0, total)), 1), parts
