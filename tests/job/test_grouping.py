"""Alternatives, cues and years phrasings, line by line (screener/job/requirements.py, years.py)."""

from __future__ import annotations

from typing import Any

import pytest

from screener.job.model import JobLine
from screener.job.requirements import find_names, requirements
from screener.job.years import years_requirements


def _reqs(text: str, taxonomy: Any, kind: str = "must") -> list[tuple[str, str]]:
    from screener.job.rules import job_rules
    from screener.match import Matcher

    lines = [JobLine(1, text, "Requirements", kind)]
    found = find_names(lines, Matcher(taxonomy))
    return [(r.name, r.importance) for r in requirements(lines, found, job_rules(str(taxonomy.path)))]


@pytest.mark.parametrize(("text", "want"), [
    ("Pinecone or pgvector", [("Pinecone or pgvector", "must")]),
    ("PyTorch and TensorFlow", [("PyTorch", "must"), ("TensorFlow", "must")]),
    ("PyTorch, TensorFlow", [("PyTorch", "must"), ("TensorFlow", "must")]),
    ("Pinecone, Weaviate, or pgvector", [("Pinecone or Weaviate or pgvector", "must")]),
    ("a framework such as LangChain, LlamaIndex", [("LangChain or LlamaIndex", "must")]),
    ("Python; Kubernetes is a plus", [("Python", "must"), ("Kubernetes", "nice")]),
    ("LangSmith (required)", [("LangSmith", "must")]),
])
def test_grouping_and_cues(text: str, want: list[tuple[str, str]], taxonomy: Any) -> None:
    assert _reqs(text, taxonomy) == want


def test_a_nice_section_with_a_required_cue(taxonomy: Any) -> None:
    assert _reqs("Braintrust is required", taxonomy, kind="nice") == [("Braintrust", "must")]


@pytest.mark.parametrize(("text", "low", "high", "kind"), [
    ("5+ years of production ML", 60, None, "production-ml"),
    ("at least three years of experience shipping LLM features", 36, None, "llm-applied"),
    ("3-5 yrs of backend engineering", 36, 60, "software"),
    ("2 years with LLMs in production", 24, None, "llm-applied"),
    ("18+ months of GenAI", 18, None, "llm-applied"),
    ("five or more years of machine learning", 60, None, "production-ml"),
])
def test_years_phrasings(text: str, low: int, high: int | None, kind: str, taxonomy: Any) -> None:
    from screener.job.rules import job_rules

    (y,) = years_requirements([JobLine(1, text, "Requirements", "must")], {}, job_rules(str(taxonomy.path)))
    assert (y.min_months, y.max_months, y.kind) == (low, high, kind)


def test_years_of_data_are_not_experience(taxonomy: Any) -> None:
    from screener.job.rules import job_rules

    line = JobLine(1, "models we train on 3 years of our own purchase data", "", "intro")
    assert years_requirements([line], {}, job_rules(str(taxonomy.path))) == ()
