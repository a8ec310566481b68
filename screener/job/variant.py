"""Which job a JD really describes, answering the seeds' three diagnostic questions from its text.

1. The primary deliverable (seeds 001: "the dominant signal"): the deliverable words of each
   variant (deliverables.csv) in the JD's duties, intro and requirements.
2. The primary stack: the weight of the requirements in column A (LLM-applied) against column B
   (production ML); "hire for the dominant 60 percent" (job.toml [variant] dominant_share).
3. The background asked for (background.csv) and the years asked for (LLM-applied vs production ML).

A column wins when the stack and the deliverables together give it the dominant share; when neither
does and both columns are heavy, the JD is `mixed`. Inside a column the variant with the most
deliverable words and stack categories wins (llm-engineer needs its own fine-tuning words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from screener.job.model import Answer, JobLine, Requirement, YearsRequirement
from screener.job.rules import JobRules

COLUMNS = ("A", "B")
MIXED = "mixed"


@dataclass(frozen=True)
class Call:
    variant: str
    heavier: str  # the column with more requirement weight (A on a tie)
    answers: tuple[Answer, ...]
    weights: dict[str, float]  # column -> requirement weight


def _hits(phrases: tuple[str, ...], lines: list[JobLine]) -> list[tuple[str, int]]:
    out = []
    for ln in lines:
        for p in phrases:
            if re.search(r"(?<![\w-])" + re.escape(p) + r"(?![\w-])", ln.text, 0 if p.isupper() else re.I):
                out.append((p, ln.number))
    return out


def stack_weights(reqs: tuple[Requirement, ...], lines: list[JobLine], rules: JobRules) -> dict[str, float]:
    kind_of = {ln.number: ln.kind for ln in lines}
    weight: dict[str, float] = rules.variant["weight"]
    out = dict.fromkeys(COLUMNS, 0.0)
    for r in reqs:
        if r.column in out:
            out[r.column] += weight.get(kind_of.get(r.line, "must"), 1.0)
    return out


def _share(a: float, b: float) -> float | None:
    return a / (a + b) if a + b > 0 else None


def _pick(family: str, hits: dict[str, list[tuple[str, int]]], reqs: tuple[Requirement, ...], rules: JobRules) -> str:
    """The variant inside a column: the most deliverable words plus requirements of its categories."""
    names: list[str] = rules.variant["families"][family]
    categories: dict[str, list[str]] = rules.variant["categories"]

    def votes(v: str) -> int:
        own = categories.get(v, [])
        return len(hits.get(v, [])) + sum(1 for r in reqs if any(a.category in own for a in r.alternatives))

    return max(names, key=lambda v: (votes(v), -names.index(v)))


def call_variant(lines: list[JobLine], reqs: tuple[Requirement, ...], years: tuple[YearsRequirement, ...],
                 title: str, rules: JobRules) -> Call:
    dominant = float(rules.variant["dominant_share"])
    worded = [ln for ln in lines if ln.kind != "about"]
    hits = {v: _hits(p, worded) for v, p in rules.deliverables.items()}
    family_hits = {col: sum(len(hits.get(v, [])) for v in rules.variant["families"][col]) for col in COLUMNS}
    weights = stack_weights(reqs, lines, rules)
    heavier = "B" if weights["B"] > weights["A"] else "A"
    stack = _share(weights["A"], weights["B"])
    said = _share(family_hits["A"], family_hits["B"])
    shares = [s for s in (stack, said) if s is not None]
    share = sum(shares) / len(shares) if shares else None
    background = {v: _hits(p, worded) for v, p in rules.background.items()}
    answers = (
        _answer_deliverable(hits, family_hits, rules),
        _answer_stack(weights, stack, dominant, reqs),
        _answer_background(background, years),
    )
    llm_hits = len(hits.get("llm-engineer", []))
    others = max((len(h) for v, h in hits.items() if v != "llm-engineer"), default=0)
    if llm_hits >= int(rules.variant["llm_engineer_min_hits"]) and llm_hits > others:
        return Call("llm-engineer", heavier, answers, weights)
    mixed_min = float(rules.variant["mixed_min_weight"])
    if share is None:
        return Call(_from_title(title, rules), heavier, answers, weights)
    if 1 - dominant < share < dominant:
        if min(weights.values()) >= mixed_min:
            return Call(MIXED, heavier, answers, weights)
        family = heavier if weights[heavier] > 0 else ("A" if share >= 0.5 else "B")  # noqa: PLR2004 - a half
    else:
        family = "A" if share >= dominant else "B"
    return Call(_pick(family, hits, reqs, rules), heavier, answers, weights)


def _from_title(title: str, rules: JobRules) -> str:
    """Nothing in the text decides: the title's words, else the seeds' default."""
    for variant in rules.variant["families"]["A"] + rules.variant["families"]["B"]:
        if variant.replace("-", " ") in title.lower():
            return str(variant)
    return str(rules.variant["fallback"])


def _answer_deliverable(hits: dict[str, list[tuple[str, int]]], family_hits: dict[str, int], rules: JobRules) -> Answer:
    if not any(family_hits.values()):
        why = "the JD names no deliverable (no RAG feature, agent, trained model, platform...)"
        return Answer("deliverable", "", why)
    best = max(hits, key=lambda v: len(hits[v]))
    words = sorted({w for w, _ in hits[best]})
    lines = tuple(sorted({n for h in hits.values() for _, n in h}))
    why = (f"deliverable words: LLM-applied {family_hits['A']}, production ML {family_hits['B']}; "
           f"most are {best}'s ({', '.join(words[:6])})")
    return Answer("deliverable", best, why, lines)


def _answer_stack(weights: dict[str, float], stack: float | None, dominant: float,
                  reqs: tuple[Requirement, ...]) -> Answer:
    if stack is None:
        return Answer("stack", "", "no column-A or column-B tool or practice is asked for")
    names = {col: [r.name for r in reqs if r.column == col][:5] for col in COLUMNS}
    lead = "A" if stack >= dominant else "B" if stack <= 1 - dominant else ""
    verdict = {"A": "LLM-applied is the dominant 60 percent", "B": "production ML is the dominant 60 percent",
               "": "neither column reaches the dominant 60 percent"}[lead]
    why = (f"column A (LLM-applied) weighs {weights['A']:g} ({', '.join(names['A']) or 'nothing'}), column B "
           f"(production ML) {weights['B']:g} ({', '.join(names['B']) or 'nothing'}): A is {stack:.0%}, {verdict}")
    lines = tuple(sorted({r.line for r in reqs if r.column in COLUMNS}))
    return Answer("stack", {"A": "LLM-applied", "B": "production ML", "": "both"}[lead], why, lines)


def _answer_background(background: dict[str, list[tuple[str, int]]], years: tuple[YearsRequirement, ...]) -> Answer:
    parts = [f"{y.phrase} ({y.kind})" for y in years if y.kind in ("llm-applied", "production-ml")]
    asked = {v: sorted({w for w, _ in h}) for v, h in background.items() if h}
    parts += [f"{v}: {', '.join(w)}" for v, w in sorted(asked.items())]
    lines = tuple(sorted({n for h in background.values() for _, n in h} | {y.line for y in years}))
    if not parts:
        return Answer("background", "", "the JD asks for no background or years of LLM-applied or production-ML work")
    kinds = [y.kind for y in years if y.kind in ("llm-applied", "production-ml")]
    kinds += ["llm-applied" if v in ("ai-engineer", "llm-engineer") else "production-ml" for v in asked]
    lead = max(set(kinds), key=kinds.count) if kinds else ""
    return Answer("background", lead, "; ".join(parts), lines)
