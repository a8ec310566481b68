"""A candidate against a job, from the stored Record alone: the hand-written pairs' order, the
requirement table, the flags and probes, and no file read when ranking against a second JD."""

from __future__ import annotations

from typing import Any

import pytest

RANKED_JOBS = ["01_ai_engineer.md", "13_ai_agents.docx", "14_ml_ranking.pdf"]


def _scores(job: str, analyses: dict[str, Any], records: dict[str, Any], rules: Any) -> dict[str, float]:
    from screener.job.fit import match_job

    return {name: match_job(analyses[job], r, rules).score for name, r in records.items()}


@pytest.mark.parametrize("job", RANKED_JOBS)
def test_the_hand_written_pairs_are_ordered(job: str, analyses: dict[str, Any], fixture_records: dict[str, Any],
                                            fit_rules: Any, job_expected: dict[str, Any]) -> None:
    scores = _scores(job, analyses, fixture_records, fit_rules)
    pairs = job_expected["ranking"][job]
    wrong = [f"{a} {scores[a]} <= {b} {scores[b]}" for a, _, b in pairs if scores[a] <= scores[b]]
    assert not wrong, wrong


def test_the_requirement_table(analyses: dict[str, Any], fixture_records: dict[str, Any], fit_rules: Any) -> None:
    from screener.job.fit import match_job

    fit = match_job(analyses["13_ai_agents.docx"], fixture_records["02_ai_agents_sidebar.pdf"], fit_rules)
    verdict = {r.requirement: r for r in fit.table}
    assert verdict["Braintrust"].verdict == "met" and verdict["Braintrust"].line > 0
    assert verdict["pgvector or Pinecone"].verdict == "met"
    # 02 ships agents with the Claude Agent SDK, not LangGraph: an equivalent of the same category
    assert verdict["LangGraph"].verdict == "partial" and verdict["LangGraph"].basis == "equivalent"
    assert any("LangGraph" in p and "instead" in p for p in fit.probes)


def test_a_missing_must_have_is_a_flag_not_a_rejection(analyses: dict[str, Any], fixture_records: dict[str, Any],
                                                       fit_rules: Any) -> None:
    from screener.job.fit import match_job

    fit = match_job(analyses["13_ai_agents.docx"], fixture_records["08_ml_strong.pdf"], fit_rules)
    flag = next(f for f in fit.flags if f.startswith("missing-must-have: "))
    assert "LangGraph" in flag and "Braintrust" in flag
    assert fit.score >= 0 and any(p.startswith("Ask about LangGraph") for p in fit.probes)


def test_an_anachronism_becomes_a_probe(analyses: dict[str, Any], fixture_records: dict[str, Any],
                                        fit_rules: Any) -> None:
    from screener.job.fit import match_job

    fit = match_job(analyses["13_ai_agents.docx"], fixture_records["17_anachronism_langgraph.pdf"], fit_rules)
    assert any(p.startswith("Ask which LangGraph release they used in 2022-2023: LangGraph was first released 2024-01")
               for p in fit.probes), fit.probes


def test_years_are_compared_as_of_the_resume_date(analyses: dict[str, Any], fixture_records: dict[str, Any],
                                                  fit_rules: Any) -> None:
    from screener.job.fit import match_job

    fit = match_job(analyses["01_ai_engineer.md"], fixture_records["28_old_resume_2024.pdf"], fit_rules)
    row = next(r for r in fit.table if r.requirement == "2+ years with LLMs in production")
    assert row.verdict == "missing" and "10 months" in row.why and "2024-03" in row.why


def test_ranking_stored_records_against_a_second_jd_reads_no_file(
    analyses: dict[str, Any], fixture_records: dict[str, Any], fit_rules: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins
    import pathlib

    from screener.job.fit import match_job

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"a file was read: {args[:1]}")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(pathlib.Path, "read_bytes", refuse)
    monkeypatch.setattr(pathlib.Path, "read_text", refuse)
    monkeypatch.setattr(pathlib.Path, "open", refuse)
    for job in RANKED_JOBS:
        assert len([match_job(analyses[job], r, fit_rules) for r in fixture_records.values()]) == len(fixture_records)


def test_record_scorers_match_the_part_kinds() -> None:
    from screener.job.variant_parts import RECORD_SCORERS
    from screener.judge.targets import PART_KINDS

    assert set(RECORD_SCORERS) == set(PART_KINDS)


def test_stored_parts_are_reused_for_the_screened_target(analyses: dict[str, Any], fixture_records: dict[str, Any],
                                                          fit_rules: Any, taxonomy: Any) -> None:
    """A record screened for ai-engineer gives its own parts; scored again from the record, depth,
    evals and tenure come out the same."""
    from screener.job.variant_parts import RECORD_SCORERS

    record = fixture_records["01_ai_strong.pdf"]
    target = taxonomy.targets["ai-engineer"]
    stored = {p.name: p.points for p in record.score_parts}
    for part in target.parts:
        if part.scorer in ("column_depth", "practice", "llm_tenure"):
            again = RECORD_SCORERS[part.scorer](record, part, target.column, fit_rules)
            assert again.points == stored[part.name], part.name


def test_a_practice_is_met_by_a_tool_that_does_it(analyses: dict[str, Any], fixture_records: dict[str, Any],
                                                 fit_rules: Any) -> None:
    """practices.csv: Braintrust evals in a role show "LLM evals"; agents built on the Claude Agent SDK show
    "LLM agents & tool calling"; both with the resume line."""
    from screener.job.fit import match_job

    fit = match_job(analyses["13_ai_agents.docx"], fixture_records["02_ai_agents_sidebar.pdf"], fit_rules)
    verdict = {r.requirement: r for r in fit.table}
    evals, agents = verdict["LLM evals"], verdict["LLM agents & tool calling"]
    assert (evals.verdict, evals.basis, evals.evidence) == ("met", "practice", "Braintrust") and evals.line > 0
    assert (agents.verdict, agents.evidence) == ("met", "Claude Agent SDK")
    # the ML engineer has no column-A tool: the practice stays missing
    ml = match_job(analyses["13_ai_agents.docx"], fixture_records["08_ml_strong.pdf"], fit_rules)
    assert {r.requirement: r.verdict for r in ml.table}["LLM evals"] == "missing"
