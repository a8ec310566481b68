"""Each judgement rule on small hand-made resumes, including the edges the rules name."""

from __future__ import annotations

from typing import Any

import pytest
from support.lines import NAME, H, screen_text

from screener.judge.months import union_size
from screener.judge.profile import call_profile, column_share
from screener.judge.rules import ProfileRules
from screener.model import Screening

CFG = ProfileRules(min_evidence=4.0, dominant_share=0.6, hybrid_min_each=6.0)


def flags(s: Screening) -> list[str]:
    return [f.code for f in s.flags]


# ------------------------------------------------------------------ profile


@pytest.mark.parametrize(
    ("a", "b", "profile"),
    [
        (0, 0, "none"),
        (2, 1, "none"),
        (9, 0, "ai-engineer"),
        (6, 4, "ai-engineer"),
        (0, 9, "ml-engineer"),
        (4, 6, "ml-engineer"),
        (7, 6, "hybrid"),
        (6, 7, "hybrid"),
        (5, 4, "ai-engineer"),
        (3, 4, "ml-engineer"),
    ],
)
def test_profile_thresholds(a: float, b: float, profile: str) -> None:
    assert call_profile(a, b, CFG)[0] == profile


def test_share_has_two_decimals() -> None:
    assert column_share(2, 1) == 0.67
    assert column_share(0, 0) is None


def test_union_merges_overlaps() -> None:
    assert union_size([(0, 11), (6, 17), (30, 30)]) == 19


def test_skills_list_alone_is_too_little_to_call(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "Frontend Developer, Acme\tJan 2020 – Present",
        "• Built React dashboards",
        H("Skills"),
        "React, TypeScript, OpenAI API, Pinecone",
    )
    assert s.profile == "none"


def test_concepts_without_vendors_are_llm_applied(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "Senior Software Engineer, Harbor\tMar 2023 – Present",
        "• Built a retrieval-augmented generation service with hybrid search and an LLM-as-judge eval "
        "suite; answer accuracy up 23%",
    )
    assert s.profile == "ai-engineer"
    assert s.llm_tenure_months == 44  # 2023-03..2026-10


def test_multi_agent_reinforcement_learning_is_not_llm_work(config: Any) -> None:
    # "Multi-agent" was reinforcement learning and robotics vocabulary long before LLM agents: a
    # 2021 RL internship must not add LLM-applied months. The seeds' "multi-agent orchestration" does.
    rl = screen_text(
        config,
        NAME,
        H("Experience"),
        "Research Intern, DeepMind\tMay 2021 – Aug 2021",
        "• Developed reinforcement learning algorithms for multi-agent coordination",
        "Robotics Engineer, Kiva\tJan 2022 – Dec 2022",
        "• Path planning for autonomous agents in a 400-robot warehouse",
    )
    assert rl.llm_tenure_months == 0
    llm = screen_text(
        config,
        NAME,
        H("Experience"),
        "AI Engineer, Orbit\tJan 2025 – Jun 2025",
        "• Built multi-agent orchestration for claims triage, 30% faster handling",
    )
    assert llm.llm_tenure_months == 6


def test_pre_llm_search_and_agent_words_are_weak_evidence_not_llm_months(config: Any) -> None:
    # Search engineers wrote "semantic search" and "query rewriting", game-AI engineers "AI agents",
    # before any LLM API existed and since: column-A evidence, but not enough to make a role LLM work.
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "Search Engineer, Findly\tJan 2021 – Dec 2022",
        "• Built semantic search with BERT text embeddings and query rewriting; CTR up 12%",
        "Game AI Engineer, Pixel\tJan 2020 – Dec 2020",
        "• Wrote AI agents with tool use for an open-world game",
    )
    assert s.llm_tenure_months == 0
    weak = {e.name for e in s.evidence if e.column == "A"}
    assert {"Semantic search & text embeddings (weak)", "AI agents & tool use (weak)"} <= weak
    assert all(m.strength == 0.5 for e in s.evidence if e.column == "A" for m in e.mentions)


# ------------------------------------------------------------------ tenure


def test_tenure_starts_at_the_earliest_tool_release(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "AI Engineer, Orbit\tJun 2023 – Jun 2024",
        "• Built LangGraph agents for support, 30% fewer escalations",
    )
    assert s.llm_tenure_months == 6  # LangGraph 2024-01..2024-06
    assert "LangGraph" in s.tenure_parts[0].reason


def test_tenure_never_before_2020_06(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "ML Engineer, Old Co\tJan 2019 – Dec 2020",
        "• Prompt engineering for a retrieval-augmented generation prototype",
    )
    assert s.llm_tenure_months == 7  # 2020-06..2020-12


def test_present_means_the_resume_date(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "AI Engineer, Orbit\tJan 2023 – Present",
        "• Built RAG with LangChain; 2M documents",
        date="2024-03-15",
    )
    assert s.resume_date == "2024-03-15"
    assert s.llm_tenure_months == 15  # 2023-01..2024-03


def test_overlapping_llm_roles_are_merged(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "AI Engineer, A\tJan 2024 – Dec 2024",
        "• LangChain agents",
        "Consultant, B\tJul 2024 – Jun 2025",
        "• LlamaIndex RAG for clients",
    )
    assert s.llm_tenure_months == 18
    assert s.total_experience_months == 18


# ------------------------------------------------------------------ flags


def test_langgraph_in_a_role_that_ended_2023_12_is_an_anachronism(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "AI Engineer, Fieldnote\tOct 2022 – Dec 2023",
        "• Built LangGraph agents; 40% fewer tickets",
    )
    assert "tool-anachronism" in flags(s)
    assert "LangGraph" in s.flags[0].reason and "2024-01" in s.flags[0].reason


def test_langgraph_in_a_role_ending_2024_02_is_fine(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "AI Engineer, Fieldnote\tOct 2022 – Feb 2024",
        "• Built LangGraph agents; 40% fewer tickets",
    )
    assert "tool-anachronism" not in flags(s)


def test_year_only_end_counts_to_december(config: Any) -> None:
    s = screen_text(config, NAME, H("Experience"), "Engineer, Fieldnote\t2021 – 2023", "• LangGraph agents, 2x faster")
    assert "tool-anachronism" in flags(s)


def test_claim_of_3_years_against_30_months_is_plausible(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Summary"),
        "AI engineer with 3+ years of LLM experience.",
        H("Experience"),
        "AI Engineer, Ledgerly\tMay 2024 – Present",
        "• LangChain RAG serving 10,000 users",
    )
    assert s.llm_tenure_months == 30
    assert "llm-tenure-claim-implausible" not in flags(s)


def test_claim_beyond_dated_roles_plus_a_year_is_implausible(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Summary"),
        "Engineer with 4 years of GenAI experience.",
        H("Experience"),
        "AI Engineer, Ledgerly\tMay 2025 – Present",
        "• LangChain RAG serving 10,000 users",
    )
    assert "llm-tenure-claim-implausible" in flags(s)  # 48 > 18 + 12


def test_claim_beyond_the_calendar_is_implausible(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Summary"),
        "10+ years of experience with large language models.",
        H("Experience"),
        "AI Engineer, A\tJan 2015 – Present",
        "• LangChain RAG, 40% deflection",
    )
    assert "llm-tenure-claim-implausible" in flags(s)
    assert "since 2020-06" in [f for f in s.flags if f.code == "llm-tenure-claim-implausible"][0].reason


def test_research_only(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "PhD Candidate, Stanford University\t2019 – Present",
        "• Papers on transformer interpretability with PyTorch",
        "Postdoctoral Researcher, MIT\t2017 – 2019",
        "• Published at NeurIPS",
        H("Publications"),
        "A. Example. Attention. NeurIPS 2024.",
    )
    assert "research-only" in flags(s)


def test_a_phd_with_one_production_internship_is_not_research_only(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "PhD Candidate, Carnegie Mellon University\t2020 – Present",
        "• Research on anomaly detection",
        "ML Engineering Intern, Ferrous Payments\tSummer 2023",
        "• Built and deployed an XGBoost model to production scoring 1.5M events a day",
    )
    assert "research-only" not in flags(s)


def test_skills_only_tools(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "AI Engineer, A\tJan 2024 – Present",
        "• LangChain RAG, 30% faster",
        H("Skills"),
        "LlamaIndex, Pinecone, Weaviate, LangSmith, Braintrust, Helicone, CrewAI, DSPy",
    )
    assert "skills-without-evidence" in flags(s)


def test_five_skills_that_also_appear_in_a_project_are_evidence(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "AI Engineer, A\tJan 2024 – Present",
        "• Built RAG, 30% faster",
        H("Projects"),
        ("DocChat", 10.0, True),
        "• LlamaIndex, Pinecone, Weaviate, LangSmith and Braintrust behind one chat app",
        H("Skills"),
        "LlamaIndex, Pinecone, Weaviate, LangSmith, Braintrust",
    )
    assert "skills-without-evidence" not in flags(s)


def test_no_measured_outcomes(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "AI Engineer, A\tJan 2024 – Present",
        "• Built LangChain agents and a RAG assistant",
        "• Worked on prompt engineering with Claude",
    )
    assert "no-measured-outcomes" in flags(s)
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "AI Engineer, A\tJan 2024 – Present",
        "• Built LangChain agents and a RAG assistant",
        "• Cut the assistant's p95 latency on Claude from 4.2 s to 1.6 s",
    )
    assert "no-measured-outcomes" not in flags(s)
    # Issue 17: outcomes are read on the bullets that carry the LLM evidence, not anywhere in the role.
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "AI Engineer, A\tJan 2024 – Present",
        "• Built LangChain agents and a RAG assistant on Claude",
        "• Migrated CI to GitHub Actions, cutting build time by 40%",
    )
    assert "no-measured-outcomes" in flags(s)


def test_title_mismatch(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "Senior AI Engineer, Northwind\tJan 2022 – Present",
        "• Trained PyTorch ranking models tracked in MLflow; Feast features; drift monitoring, AUC +3%",
    )
    assert s.profile == "ml-engineer"
    assert "title-mismatch" in flags(s)


def test_ambiguous_name_in_the_header_is_not_a_tool(config: Any) -> None:
    s = screen_text(
        config,
        ("Ray Chen", 20.0, True),
        "ray.chen@example.com",
        H("Experience"),
        "Backend Engineer, Acme\t2020 – Present",
        "• Built Go services",
    )
    assert not [e for e in s.evidence if e.name.lower().startswith("ray")]
