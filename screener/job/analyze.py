"""A JD's lines -> its `JobAnalysis`: sections, requirements, years, pay, variant, seniority, problems."""

from __future__ import annotations

import hashlib
import re

from screener.job import problems as p
from screener.job.comp import salary
from screener.job.model import JobAnalysis, JobProblem, YearsRequirement
from screener.job.requirements import find_names, requirements
from screener.job.rules import JobRules
from screener.job.sections import job_lines, title_of
from screener.job.source import SourceLine
from screener.job.variant import call_variant
from screener.job.years import years_requirements
from screener.match import Matcher
from screener.taxonomy import Taxonomy

MONTHS_PER_YEAR = 12


def seniority(title: str, years: tuple[YearsRequirement, ...], rules: JobRules) -> str:
    """From the title's words; else from the most years asked for (the seeds' salary tables' steps)."""
    for phrase, level in rules.seniority:
        if re.search(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", title, re.I):
            return level
    most = max((y.min_months for y in years), default=0) / MONTHS_PER_YEAR
    if not years:
        return ""
    if most >= float(rules.years["senior_from"]):
        return "senior"
    return "mid" if most >= float(rules.years["mid_from"]) else "junior"


def analyze_job(source: list[SourceLine], name: str, data: bytes, matcher: Matcher, taxonomy: Taxonomy,
                rules: JobRules, as_of: str) -> JobAnalysis:
    lines = job_lines(source, rules)
    title = title_of(source)
    found = find_names(lines, matcher)
    reqs = requirements(lines, found, rules)
    years = years_requirements(lines, found, rules)
    stated = salary(lines, rules)
    call = call_variant(lines, reqs, years, title, rules)
    level = seniority(title, years, rules)
    found_problems: list[JobProblem | None] = [
        p.mixed_variants(call.variant, reqs, call.heavier),
        p.impossible_llm_years(years, as_of, rules),
        p.title_variant_mismatch(title, call.variant, taxonomy.signals, rules),
        p.comp_band_mismatch(call.variant, level, stated, rules),
        p.vague_stack(reqs, rules),
    ]
    return JobAnalysis(
        file=name,
        sha256=hashlib.sha256(data).hexdigest(),
        title=title,
        variant=call.variant,
        target=rules.target_for(call.variant, call.heavier),
        seniority=level,
        answers=call.answers,
        requirements=reqs,
        years=years,
        salary=stated,
        problems=tuple(x for x in found_problems if x is not None),
        as_of=as_of,
    )
