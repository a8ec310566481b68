"""The report's job parts (`screen --job` with --html): the JD's analysis at the top, and each carried
candidate's requirement table, probes and job flags below the ranked table. Built from the run's
JobOutput (RunInfo.extra["job"]); a report without a job has neither (the page is unchanged)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from screener.job.model import JobAnalysis, JobFit

MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class JobFitView:
    rank: Any
    name: str
    file: str
    fit: JobFit


@dataclass(frozen=True)
class JobView:
    analysis: JobAnalysis | None
    must: list[tuple[str, str, int]]  # (requirement, column, line)
    nice: list[tuple[str, str, int]]
    years: list[tuple[str, str, str, int]]  # (importance, phrase, what, line)
    pay: str
    fits: list[JobFitView]


def _years(months: int) -> str:
    return f"{months // MONTHS_PER_YEAR} years" if months % MONTHS_PER_YEAR == 0 else f"{months} months"


def job_view(job: Any, shown: list[dict[str, Any]]) -> JobView | None:
    """The template data for `job` (a JobOutput, or None) over the records the page carries in full."""
    if job is None:
        return None
    fits = [JobFitView(r.get("rank"), str(r.get("candidate") or r.get("file") or ""), str(r.get("file") or ""),
                       job.fits[r["file"]]) for r in shown if r.get("file") in job.fits]
    a: JobAnalysis | None = job.analysis
    if a is None:  # redrawn from a saved JSONL: the fits only (page.html.j2 leaves out the JD's section)
        return JobView(None, [], [], [], "", fits)
    s = a.salary
    return JobView(
        analysis=a,
        must=[(r.name, r.column, r.line) for r in a.must()],
        nice=[(r.name, r.column, r.line) for r in a.nice()],
        years=[(y.importance, y.phrase, f"at least {_years(y.min_months)} of {y.tool or y.kind}", y.line)
               for y in a.years],
        pay=f"{s.currency} {s.low:,}-{s.high:,} {s.pay} (line {s.line})" if s else "",
        fits=fits,
    )
