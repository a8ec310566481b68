"""`screener job` gives the hand-written analysis of every JD fixture (fixtures/jobs/expected.toml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

JOBS = Path(__file__).resolve().parents[2] / "fixtures" / "jobs"

EXPECTED_JOBS = sorted(p.name for p in JOBS.iterdir() if p.suffix in (".md", ".txt", ".docx", ".pdf"))
MIN_FIXTURES = 12


def test_every_jd_fixture_has_an_expectation(job_expected: dict[str, Any]) -> None:
    assert sorted(job_expected["jobs"]) == EXPECTED_JOBS
    assert len(EXPECTED_JOBS) >= MIN_FIXTURES
    assert {Path(n).suffix for n in EXPECTED_JOBS} >= {".md", ".txt", ".docx", ".pdf"}


@pytest.mark.parametrize("name", EXPECTED_JOBS)
def test_analysis(name: str, analyses: dict[str, Any], job_expected: dict[str, Any]) -> None:
    a, want = analyses[name], job_expected["jobs"][name]
    assert a.variant == want["variant"]
    assert a.seniority == want["seniority"]
    assert sorted(r.name for r in a.must()) == sorted(want["must"])
    assert sorted(r.name for r in a.nice()) == sorted(want["nice"])
    got_years = sorted([y.phrase, y.kind, y.min_months, y.max_months or 0, y.importance] for y in a.years)
    assert got_years == sorted(want["years"])
    assert sorted(p.code for p in a.problems) == sorted(want["problems"])
    if "salary" in want:
        assert a.salary is not None
        assert [a.salary.low, a.salary.high, a.salary.currency, a.salary.pay] == want["salary"]


def test_every_problem_names_its_line_and_the_seeds(analyses: dict[str, Any]) -> None:
    for a in analyses.values():
        for p in a.problems:
            assert "seeds" in p.why
            if p.code != "vague-stack":
                assert p.line > 0 and p.text


def test_the_three_questions_are_answered(analyses: dict[str, Any]) -> None:
    for a in analyses.values():
        assert [x.question for x in a.answers] == ["deliverable", "stack", "background"]


def test_json_round_trip_has_every_part(analyses: dict[str, Any]) -> None:
    import json

    data = json.loads(json.dumps(analyses["10_alternatives.md"].to_json()))
    assert data["variant"] == "ai-engineer"
    group = next(r for r in data["requirements"] if r["name"] == "LangGraph or CrewAI")
    assert [a["name"] for a in group["alternatives"]] == ["LangGraph", "CrewAI"]
