"""The notes column: the strongest evidence and the most serious concern, in two sentences."""

from __future__ import annotations

from screener.codes import COLUMN_A, COLUMN_B, FlagCode, Profile
from screener.judge.rules import ScoringRules
from screener.judge.tenure import SUSPECT_LLM_MONTHS
from screener.model import Flag, ItemEvidence

# What a recruiter recognises first: the frameworks and stores the work was built on, then the
# providers and the evaluation/observability around them (the seeds' "flagship tools").
_CATEGORY_ORDER = (
    "agent-framework", "vector-store", "retrieval/rerank", "llm-provider", "eval", "llm-serving", "observability",
    "structured-output", "orchestration",
    "training", "model-serving", "feature-store", "experiment-tracking", "distributed-compute", "monitoring",
    "ml-platform", "classical-ml", "pipeline", "data",
)  # fmt: skip


def _rank(e: ItemEvidence) -> tuple[float, int, int, int, str]:
    in_roles = sum(1 for m in e.mentions if m.place in ("role", "project"))
    category = _CATEGORY_ORDER.index(e.category) if e.category in _CATEGORY_ORDER else len(_CATEGORY_ORDER)
    return (-e.weight, e.kind != "tool", -in_roles, category, e.name.lower())


def _names(evidence: list[ItemEvidence], column: str, n: int = 3) -> list[str]:
    items = sorted((e for e in evidence if e.column == column and e.weight > 0), key=_rank)
    return [e.name for e in items[:n]]


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def evidence_sentence(
    profile: str, evidence: list[ItemEvidence], llm_months: int, total_months: int, shipped: bool
) -> str:
    a, b = _names(evidence, COLUMN_A), _names(evidence, COLUMN_B)
    if profile == Profile.AI_ENGINEER:
        where = " in production" if shipped else ""
        if llm_months:
            return f"LLM-applied work with {_join(a)}{where} over {_plural(llm_months, 'month')} of dated roles."
        return f"LLM-applied evidence ({_join(a)}) but no dated LLM-applied role."
    if profile == Profile.ML_ENGINEER:
        where = " in production" if shipped else ""
        return f"Production-ML work with {_join(b)}{where}; {_plural(total_months, 'month')} of dated experience."
    if profile == Profile.HYBRID:
        return f"Depth in both columns: {_join(a[:2])} (LLM-applied) and {_join(b[:2])} (production ML)."
    if a or b:
        return f"Too little AI/ML evidence to call ({_join((a + b)[:3])} only)."
    return "No AI/ML tools or practices found."


def concern_sentence(flags: list[Flag], rules: ScoringRules, profile: str, has_evals: bool) -> str:
    if flags:
        worst = max(flags, key=lambda f: (rules.penalty(f.code), -len(f.code)))
        text = worst.reason[0].upper() + worst.reason[1:]
        return text if text.endswith(".") else text + "."
    if profile in (Profile.AI_ENGINEER, Profile.HYBRID) and not has_evals:
        return "No red flags; no LLM evals mentioned."
    return "No red flags."


def write_notes(
    profile: str,
    evidence: list[ItemEvidence],
    llm_months: int,
    total_months: int,
    shipped: bool,
    flags: list[Flag],
    rules: ScoringRules,
    has_evals: bool,
) -> str:
    text = evidence_sentence(profile, evidence, llm_months, total_months, shipped)
    if llm_months > SUSPECT_LLM_MONTHS:
        text += (
            f" {llm_months} months of LLM-applied work is far above the 24-36 months even the most experienced"
            " AI engineers have in 2026: the dates behind it are suspect, check them by eye."
        )
    concern = concern_sentence(flags, rules, profile, has_evals)
    if any(f.code == FlagCode.PARSE_INCOMPLETE for f in flags) and "by eye" not in concern:
        concern += " The parse looks incomplete: check this resume by eye."
    return text + " " + concern
