"""Screening against a job description: read the JD, say which job it really is and what is wrong
with it (`analyze_file` -> JobAnalysis), and fit each screened candidate to it requirement by
requirement (`match_job` -> JobFit) from their stored Record alone.
"""

from __future__ import annotations

from pathlib import Path

from screener.job.analyze import analyze_job
from screener.job.model import JobAnalysis, JobFit
from screener.job.rules import JobRules, job_rules
from screener.job.source import JobReadError, read_job_file
from screener.taxonomy import Taxonomy

__all__ = ["JobAnalysis", "JobFit", "JobReadError", "JobRules", "analyze_file", "job_rules"]


def analyze_file(path: Path, taxonomy: Taxonomy, as_of: str) -> JobAnalysis:
    """Read and analyse one JD with the taxonomy's matcher and job data."""
    from screener.match import Matcher

    lines, data = read_job_file(path)
    rules = job_rules(str(taxonomy.path))
    return analyze_job(lines, path.name, data, Matcher(taxonomy), taxonomy, rules, as_of)
