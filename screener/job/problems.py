"""What a hiring manager should fix in a JD before opening the requisition, each with the line that
causes it and the seeds' reasoning (README.md, "Reading a job description", says more)."""

from __future__ import annotations

from screener.job.comp import below_band
from screener.job.model import JobProblem, Requirement, Salary, YearsRequirement
from screener.job.rules import JobRules
from screener.judge.signals import search
from screener.judge.tenure import parse_ym
from screener.model import month_index


def mixed_variants(variant: str, reqs: tuple[Requirement, ...], heavier: str) -> JobProblem | None:
    if variant != "mixed":
        return None
    a = [r for r in reqs if r.column == "A"]
    b = [r for r in reqs if r.column == "B"]
    second = (b if heavier == "A" else a)[0]
    why = (f"it asks for LLM-applied work ({', '.join(r.name for r in a[:4])}) and production ML "
           f"({', '.join(r.name for r in b[:4])}), neither the dominant 60 percent. Hybrid hires produce mediocre "
           "outcomes in both; write one variant, or hire two specialists in sequence (seeds 001)")
    return JobProblem("mixed-variants", why, second.line, second.text)


def impossible_llm_years(years: tuple[YearsRequirement, ...], as_of: str, rules: JobRules) -> JobProblem | None:
    start = str(rules.years["llm_pool_start"])
    pool = month_index(int(as_of[:4]), int(as_of[5:7])) - parse_ym(start) + 1
    for y in years:
        if y.kind == "llm-applied" and y.importance == "must" and y.min_months > pool:
            why = (f"it requires {y.min_months} months of LLM-applied work, but the role consolidated in 2023-2024: "
                   f"on {as_of} the most experienced have at most {pool} months (since {start}). Hard-requiring "
                   "5+ years disqualifies essentially the entire pool; ask for 12 to 24 months (seeds 001)")
            return JobProblem("impossible-llm-years", why, y.line, y.text)
    return None


def title_variant_mismatch(title: str, variant: str, signals: dict[str, tuple[str, ...]],
                           rules: JobRules) -> JobProblem | None:
    says_ai = search(signals.get("title-ai", ()), title)
    says_ml = search(signals.get("title-ml", ()), title)
    family = rules.family(variant)
    if says_ai and not says_ml and family == "B":
        work = "production-ML work (trained models on company data)"
    elif says_ml and not says_ai and family == "A":
        work = "LLM-applied work (features on existing models)"
    else:
        return None
    why = (f"the title says '{title}' but the text describes {work}: a {variant} job. Candidates and sourcing "
           "channels follow the title, and the wrong cohort (and comp band) answers; read the JD, not the title, "
           "and title the role for the work (seeds 001, seeds 004)")
    return JobProblem("title-variant-mismatch", why, 1, title)


def comp_band_mismatch(variant: str, seniority: str, stated: Salary | None, rules: JobRules) -> JobProblem | None:
    band = below_band(variant, seniority, stated, rules)
    if band is None or stated is None:
        return None
    cur = stated.currency
    why = (f"it states {cur} {stated.low:,}-{stated.high:,} ({stated.pay}), below the {band.seniority} {variant} "
           f"band of {cur} {band.low:,}-{band.high:,} ({band.source}). Strong candidates decline in late-stage "
           "negotiation and a weaker one who accepts ships poorly and leaves inside 18 months; calibrate the band "
           "to the variant before opening the requisition (seeds 001)")
    return JobProblem("comp-band-mismatch", why, stated.line, stated.text)


def vague_stack(reqs: tuple[Requirement, ...], rules: JobRules) -> JobProblem | None:
    tools = {a.name for r in reqs for a in r.alternatives if a.kind == "tool" and a.column in ("A", "B")}
    if len(tools) >= int(rules.problems["min_tools"]):
        return None
    why = ("it names no LLM-applied or production-ML tool, so the stack question cannot be answered: a LangChain, "
           "OpenAI and vector-store job and a PyTorch, Ray and MLflow job read alike, and both cohorts apply "
           "(seeds 001, Question 2: what is the primary stack?)")
    return JobProblem("vague-stack", why, 0, "")
