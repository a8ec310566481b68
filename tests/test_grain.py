"""Issue 17, evidence at the bullet: dates in a bullet, models trained or called, employers,
notebook analyses, outcomes and production signals on the evidence bullets, spelled-out claims.

Expectations written from the rules (skill_taxonomy/grain.csv, README "How the judgement works").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.lines import NAME, H, screen_text

from screener.judge import grain
from screener.judge.tenure import SUSPECT_LLM_MONTHS
from screener.model import Screening, month_index

TAXONOMY = Path(__file__).resolve().parents[1] / "skill_taxonomy"
PRESENT = month_index(2026, 10)  # screen_text's resume date is 2026-10-15


def flags(s: Screening) -> list[str]:
    return [f.code for f in s.flags]


def columns(s: Screening) -> dict[str, str]:
    return {e.name: e.column for e in s.evidence if e.kind == "tool"}


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("Since early 2026, lead our first LLM work on Claude", (2026, 1)),
        ("From mid-2025 built a RAG assistant with LangChain", (2025, 7)),
        ("In 2024 we added a support copilot on the OpenAI API", (2024, 1)),
        ("Since Q3 2025 own the Claude-based triage agent", (2025, 7)),
        ("Starting last year, shipped LangGraph agents", (2025, 1)),
        ("Since March 2025, a RAG search on pgvector", (2025, 3)),
        ("Since late 2024 evaluate prompts with Promptfoo", (2024, 10)),
    ],
)
def test_a_bullet_dates_its_work(text: str, start: tuple[int, int]) -> None:
    found = grain.start_in(grain.load(TAXONOMY), text, PRESENT)
    assert found is not None and found[0] == month_index(*start)


@pytest.mark.parametrize(
    "text",
    ["Built a RAG assistant on Claude used by 300 agents", "Since Berlin 2024 was our hub", "Since 2031, a plan"],
)
def test_a_bullet_without_a_date_for_its_work(text: str) -> None:
    assert grain.start_in(grain.load(TAXONOMY), text, PRESENT) is None


def test_llm_months_start_at_the_date_the_bullet_gives(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "Senior Machine Learning Engineer, Lakeshore\tJan 2019 – Present",
        "• PyTorch training on Ray, served with Triton at 4,000 requests per second",
        "• Since mid-2025, lead a dispatcher assistant on Claude with pgvector retrieval for 120 dispatchers",
    )
    assert s.llm_tenure_months == 16  # 2025-07..2026-10, not 2021-04 (pgvector) .. 2026-10
    assert "mid-2025" in s.tenure_parts[0].reason


def test_an_api_called_in_a_notebook_is_not_llm_work(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "Data Scientist, Beacon\tApr 2021 – Present",
        "• Churn models with scikit-learn and XGBoost for the retention team",
        "• For a one-off analysis, tagged 30k reviews with the OpenAI API in a Jupyter notebook",
    )
    assert "OpenAI API" in columns(s)  # found, as evidence of familiarity...
    assert s.llm_tenure_months == 0  # ...but no product work: the role is not LLM-applied


def test_a_model_fine_tuned_is_column_b_and_called_is_column_a(config: Any) -> None:
    trained = screen_text(
        config,
        NAME,
        H("Experience"),
        "Speech Engineer, Vaani\tJun 2022 – Present",
        "• Fine-tuned Whisper in PyTorch on 1,200 hours of call audio; WER 14.2% to 9.8%",
        H("Skills"),
        "PyTorch, Whisper, DeepSpeed",
    )
    assert columns(trained)["Whisper"] == "B"
    assert all(m.column == "B" for m in trained.mentions if m.name == "Whisper")  # the skills list too
    assert trained.llm_tenure_months == 0
    called = screen_text(
        config,
        NAME,
        H("Experience"),
        "Backend Engineer, Callwise\tJun 2024 – Present",
        "• Transcribe support calls with the Whisper API and summarise them with LangChain",
    )
    assert columns(called)["Whisper"] == "A"
    assert called.llm_tenure_months == 29  # 2024-06..2026-10


def test_bert_fine_tuned_is_production_ml(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "NLP Engineer, Lexica\tJul 2020 – Jan 2024",
        "• Trained BERT and RoBERTa classifiers on clinical notes in PyTorch; F1 0.84 to 0.91",
    )
    assert columns(s).get("BERT") == "B"


def test_a_tool_named_as_the_employer_is_not_used(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "Machine Learning Engineer, OpenAI\tMar 2021 – Jun 2024",
        "• Trained content classifiers in PyTorch on Ray clusters; recall 0.82 to 0.91",
    )
    assert "OpenAI API" not in columns(s)
    assert s.llm_tenure_months == 0


@pytest.mark.parametrize(
    "bullet",
    [
        "Built an LLM review classifier on Claude with LangChain: precision 0.93 on the held-out set",
        "Moved the pipeline to structured outputs with LangChain; F1 0.81 -> 0.88",
        "Retrieval over manuals with LlamaIndex; faithfulness 0.71 to 0.89 in Ragas",
        "Summarised 30k reviews a week with Claude for the merchant dashboard",
    ],
)
def test_metric_values_and_counts_are_outcomes(config: Any, bullet: str) -> None:
    s = screen_text(config, NAME, H("Experience"), "AI Engineer, Clearmark\tFeb 2024 – Present", "• " + bullet)
    assert "no-measured-outcomes" not in flags(s)


def test_production_is_read_on_the_ml_evidence_bullets(config: Any) -> None:
    def production(*bullets: str) -> float:
        s = screen_text(
            config, NAME, H("Experience"), "Staff MLE, Redwood\tJan 2022 – Present", *bullets, role="ml-engineer"
        )
        return {p.name: p.points for p in s.score_parts}["production"]

    assert production("• PyTorch and XGBoost on Kubeflow, 140 production models behind KServe online inference") > 0
    assert production("• Nightly scoring moved to batch inference on Vertex AI with the MLflow registry") > 0
    # A production word on a bullet with no ML evidence does not make the ML work shipped.
    assert production("• Trained XGBoost models tracked in MLflow", "• Went live with the new office network") == 0


@pytest.mark.parametrize(("claim", "flagged"), [("five years", True), ("ten years", True), ("two years", False)])
def test_a_tenure_claim_spelled_out(config: Any, claim: str, flagged: bool) -> None:
    s = screen_text(
        config,
        NAME,
        H("Summary"),
        f"Engineer with {claim} of generative AI experience.",
        H("Experience"),
        "Lead GenAI Engineer, Summit\tMar 2024 – Present",
        "• Document automation on Azure OpenAI with LangChain for 60,000 loan files a month",
    )
    assert ("llm-tenure-claim-implausible" in flags(s)) == flagged


def test_a_tenure_far_above_the_seeds_is_suspect(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "AI Engineer, Early Bird\tJun 2020 – Present",
        "• Built assistants on the OpenAI API with LangChain for 2,000 users",
    )
    assert s.llm_tenure_months > SUSPECT_LLM_MONTHS
    assert "suspect" in s.notes and "check them by eye" in s.notes


def test_grain_file_is_valid_and_checked() -> None:
    assert grain.problems(TAXONOMY) == []


def test_grain_file_problems_are_reported(tmp_path: Path) -> None:
    (tmp_path / "grain.csv").write_text(
        "list,word,means,notes\nnumber-word,five,V,\nmodel,whisper,C,\nnope,x,,\n", encoding="utf-8"
    )
    lines = [line for line, _ in grain.problems(tmp_path)]
    assert lines == [2, 3, 4]


def test_a_tool_after_at_that_names_an_employer(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Summary"),
        "Currently leading a team of AI engineers at OpenAI.",
        H("Experience"),
        "Machine Learning Engineer, OpenAI\tJan 2021 – Present",
        "• Designed deep learning models for language tasks in PyTorch",
    )
    assert "OpenAI API" not in columns(s)
    # Where the employer is another, "at" is not enough: the OpenAI API is used.
    s = screen_text(
        config,
        NAME,
        H("Summary"),
        "Built assistants at OpenAI API scale.",
        H("Experience"),
        "AI Engineer, Acme\tJan 2024 – Present",
        "• Built agents on LangChain",
    )
    assert "OpenAI API" in columns(s)
