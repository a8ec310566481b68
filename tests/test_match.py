"""Matching: aliases, spacing variants, misspellings, and ambiguous names both ways."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support.lines import NAME, H, mk_lines, screen_text


def found(config: Any, *lines: str | tuple[str, float, bool]) -> set[str]:
    """Canonical names (lower-case) of every tool matched in a little resume."""
    s = screen_text(config, *lines)
    return {e.name.lower() for e in s.evidence if e.kind == "tool"}


def tool_name(taxonomy: Any, alias: str) -> str:
    for t in taxonomy.tools:
        if alias.lower() in (a.lower() for a in t.aliases):
            return str(t.name).lower()
    raise AssertionError(f"no tool has the alias {alias!r}")


def in_role(bullet: str) -> tuple[Any, ...]:
    return (NAME, H("Experience"), "Engineer, Acme\tJan 2022 – Present", "• " + bullet)


@pytest.mark.parametrize(
    ("text", "alias"),
    [
        ("Tracked experiments in W&B and wandb sweeps", "W&B"),
        ("Fine-tuned models with HF Transformers", "HF Transformers"),
        ("Indexed contracts with GPT Index", "GPT Index"),
        ("Built agents in Lang Graph", "LangGraph"),
        ("Built the chain in Lang chain", "LangChain"),
        ("Stored vectors in Pine cone", "Pinecone"),
        ("Logged runs to ML Flow", "MLflow"),
        ("Trained in Pytorch", "PyTorch"),
        ("Served models from Hugging face", "Hugging Face Transformers"),
        ("Stored embeddings in Pincone for search", "Pinecone"),
    ],
)
def test_aliases_spacing_variants_and_misspellings(config: Any, taxonomy: Any, text: str, alias: str) -> None:
    assert tool_name(taxonomy, alias) in found(config, *in_role(text))


@pytest.mark.parametrize(
    "text",
    [
        "Improved the data pipeline and the language platform for the learning team",
        "Wrote a workflow for database migrations and platform onboarding",
        "Managed vendor contracts and the annual budget",
    ],
)
def test_ordinary_words_never_match(config: Any, text: str) -> None:
    assert found(config, *in_role(text)) == set()


def test_gpt3_does_not_match_inside_gpt35_turbo(config: Any, taxonomy: Any) -> None:
    got = found(config, *in_role("Migrated prompts to gpt-3.5-turbo"))
    assert tool_name(taxonomy, "gpt-3.5-turbo") in got
    assert tool_name(taxonomy, "GPT-3") not in got


# Each ambiguous name: one line where it is plainly the tool, one where it is not.
AMBIGUOUS = [
    ("Ray", "Distributed training on a Ray cluster with Ray Tune", "Reported to Ray Patel, VP of Sales"),
    ("Spark", "Batch features in Spark on Databricks", "Spark a culture of ownership across teams"),
    ("Chroma", "Local retrieval with Chroma as the vector store for RAG", "Colour grading and chroma keying for video"),
    ("Phoenix", "Traced LLM calls in Phoenix to debug evals", "Relocated the office to Phoenix, AZ"),
    ("Comet", "Logged experiments to Comet with hyperparameter sweeps", "Gave a talk on Halley's Comet at the library"),
    ("Feast", "Served online features from Feast to the fraud model", "Organised the Feast of the Lanterns fair"),
    ("Triton", "Served models on Triton Inference Server with TensorRT", "Coached the Triton College rowing team"),
    ("Temporal", "Durable agent workflows on Temporal", "Temporal patterns in museum visits were studied"),
    ("Inspect", "Wrote evals for the LLM in Inspect", "Inspect vehicles before every shift"),
    ("Outlines", "Constrained JSON generation for the LLM with Outlines", "Outlines the quarterly plan for the board"),
    ("Instructor", "Structured outputs from OpenAI with Instructor and Pydantic", None),
    ("Evidently", "Drift monitoring reports with Evidently", "Evidently, the model drifted after the launch"),
    ("Airflow", "Scheduled ETL DAGs in Airflow", "Improved Airflow around the server racks"),
    ("Mastra", "Agents written in TypeScript with Mastra and the OpenAI API", "Worked under Giulia Mastra on audits"),
    ("Helicone", "LLM cost and latency tracking with Helicone", "Helicone Ltd, London"),
    ("Arize", "Model monitoring and drift alerts in Arize", "Arize Street Bakery, shift lead"),
    ("Go", "Services in Go and Python on Kubernetes", "Go to the customer site twice a week"),
    ("R", "Statistics in R and Python", "Section R of the warehouse"),
    ("Julia", "Simulations in Julia and Python", "Mentored by Julia Smith, head of sales"),
    ("Rust", "Wrote the tokenizer in Rust and Python", "Rust Belt manufacturing clients"),
]


@pytest.mark.parametrize(("alias", "yes", "no"), AMBIGUOUS, ids=[a[0] for a in AMBIGUOUS])
def test_ambiguous_names_count_only_in_context(
    config: Any, taxonomy: Any, alias: str, yes: str, no: str | None
) -> None:
    name = tool_name(taxonomy, alias)
    assert name in found(config, *in_role(yes)), f"{alias} missed in: {yes}"
    if no is not None:
        assert name not in found(config, *in_role(no)), f"{alias} wrongly matched in: {no}"


def test_instructor_as_a_job_title_is_not_the_library(config: Any, taxonomy: Any) -> None:
    got = found(
        config,
        NAME,
        H("Experience"),
        "Instructor, Data Science Bootcamp\t2021 – 2022",
        "• Taught Python and statistics to 40 students",
    )
    assert tool_name(taxonomy, "Instructor") not in got


def test_ambiguous_names_in_a_skills_list_count(config: Any, taxonomy: Any) -> None:
    got = found(config, NAME, H("Skills"), "Ray, Spark, Feast, Evidently, Triton")
    for alias in ("Ray", "Spark", "Feast", "Evidently", "Triton"):
        assert tool_name(taxonomy, alias) in got


def test_the_name_line_never_counts(config: Any, taxonomy: Any) -> None:
    got = found(config, ("Julia Spark", 20.0, True), "julia@example.com", H("Skills"), "Python")
    assert tool_name(taxonomy, "Julia") not in got and tool_name(taxonomy, "Spark") not in got


def test_each_mention_records_section_role_and_line(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "AI Engineer, Orbit\tJan 2024 – Present",
        "• Built RAG on LangChain",
        H("Skills"),
        "LangChain, Pinecone",
    )
    lc = next(e for e in s.evidence if e.name == "LangChain")
    places = {(m.place, m.section, m.role, m.line) for m in lc.mentions}
    assert ("role", "experience", 0, 4) in places
    assert ("skills", "skills", None, 6) in places
    assert lc.months == 34  # 2024-01..2026-10, the role that names it


def test_english_tokenizer_splits_like_spacy_blank_english() -> None:
    """The bare tokenizer screener builds must cut text exactly as spacy.blank("en") does.

    Special cases are off in both (see english_tokenizer); everything else, the affixes,
    infixes, URLs and lower-case forms, must agree token for token on real resume text.
    """
    import spacy

    from screener.match import english_tokenizer

    reference = spacy.blank("en")
    reference.tokenizer.rules = {}  # type: ignore[attr-defined]
    ours = english_tokenizer()
    text = "\n".join(
        [
            "Built RAG (LangChain, LlamaIndex) on GPT-4o/Claude-3.5; p95 latency -40% in 2024.",
            "Senior ML Engineer — Acme Inc. | Jan. 2021 – Present | https://github.com/acme/ml-infra",
            "Skills: PyTorch, scikit-learn, C++, Node.js, W&B, MLflow v2.3, Ray/Tune; e-mail: a.b@c.io",
            "Experiência Profissional: São Paulo · 03/2021–12/2023 · “quotes” and don't-split words…",
            "(cid:127) Reduced cost $1.2M/yr; 10k+ users; 3x faster; U.S.-based; ~5 yrs; #1 on HN!",
        ]
    )
    got = [(t.text, t.whitespace_, t.lower_, t.is_space) for t in ours(text)]
    want = [(t.text, t.whitespace_, t.lower_, t.is_space) for t in reference.make_doc(text)]
    assert got == want


def test_spacy_is_imported_without_its_cli_and_the_cli_still_loads_on_demand() -> None:
    # A fresh interpreter: this test process may have imported spaCy already.
    code = (
        "import sys\n"
        "from screener.match import english_tokenizer\n"
        "english_tokenizer()\n"
        "assert 'spacy' in sys.modules and 'typer' not in sys.modules, 'the CLI was imported'\n"
        "assert 'spacy.cli' not in sys.modules, 'a stand-in was left behind'\n"
        "import spacy, spacy.cli\n"
        "assert hasattr(spacy.cli, 'download') and 'typer' in sys.modules\n"
        "assert spacy.info()['spacy_version'] == spacy.__version__\n"
    )
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root)
    assert done.returncode == 0, done.stderr


def test_a_misspelling_elsewhere_does_not_make_an_exact_mention_fuzzy(config: Any) -> None:
    """Issue 15: "Pincone" in the skills list once made the role's exact "Pinecone" fuzzy too."""
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "AI Engineer, Orbit\tJan 2024 – Present",
        "• Stored embeddings in Pinecone for search",
        H("Skills"),
        "Python, Pincone, LangChain",
    )
    pinecone = next(e for e in s.evidence if e.name == "Pinecone")
    by_place = {(m.place, m.alias): m.fuzzy for m in pinecone.mentions}
    assert by_place == {("role", "Pinecone"): False, ("skills", "Pincone"): True}


def _resume_inputs(config: Any, *spec: str | tuple[str, float, bool]) -> tuple[Any, ...]:
    """What pipeline.judge hands the matcher for a little resume: lines, sections, roles, skipped lines."""
    s = screen_text(config, *spec)
    skip = {s.contact.name_line, *s.contact.lines} - {0}
    return mk_lines(*spec), s.sections, s.roles, skip


def test_one_matcher_shared_by_threads_finds_what_serial_calls_find(config: Any) -> None:
    from concurrent.futures import ThreadPoolExecutor

    resumes = [
        (NAME, H("Experience"), "AI Engineer, Orbit\tJan 2024 – Present", "• Stored vectors in Pinecone",
         H("Skills"), "Python, Pincone, Lang chain"),
        (NAME, H("Experience"), "ML Engineer, Acme\tJan 2021 – Dec 2023", "• Logged runs to ML Flow and Pytorh",
         H("Skills"), "Ray, Spark, Pinecone, MLflow"),
        (NAME, H("Experience"), "Data Scientist, Beta\t2019 – 2022", "• Batch features in Spark on Databricks",
         "• Stored embeddings in Pincone"),
        (NAME, H("Skills"), "Pinecone, Weaviate, Hugging face, Evidently, Triton"),
    ]
    inputs = [_resume_inputs(config, *r) for r in resumes]
    matcher = config.matcher
    serial = [matcher.find(*args) for args in inputs]
    assert any(m.fuzzy for ms in serial for m in ms) and any(not m.fuzzy for ms in serial for m in ms)
    jobs = [inputs[i % len(inputs)] for i in range(200)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(lambda args: matcher.find(*args), jobs))
    for i, got in enumerate(threaded):
        assert got == serial[i % len(inputs)], f"call {i} differs from its serial result"


# --------------------------------------------------------------------------- issue 17: ordinary words, bullets


def test_confident_is_not_deepeval_cut_short(config: Any, taxonomy: Any) -> None:
    got = found(config, NAME, H("Summary"), "Confident, patient teacher of Python and Django")
    assert tool_name(taxonomy, "DeepEval") not in got
    assert tool_name(taxonomy, "DeepEval") in found(config, *in_role("Regression evals with Confident AI"))


def test_a_misspelling_still_counts(config: Any, taxonomy: Any) -> None:
    assert tool_name(taxonomy, "Pinecone") in found(config, *in_role("Stored vectors in Pincone"))


def test_inspect_opening_a_sentence_is_the_verb(config: Any, taxonomy: Any) -> None:
    inspect_ai = tool_name(taxonomy, "Inspect AI")
    assert inspect_ai not in found(config, *in_role("Inspect every student's Python code in weekly reviews"))
    assert inspect_ai in found(config, *in_role("Inspect evals with custom solvers and scorers for the agent"))


def test_instructor_in_a_teachers_title_and_summary(config: Any, taxonomy: Any) -> None:
    got = found(
        config,
        NAME,
        H("Summary"),
        "Technology Instructor. Experience in SQL and data warehousing.",
        H("Experience"),
        "Lead Python Instructor, Bayside Bootcamp\tJan 2022 – Present",
        "• Teach Python and Django to cohorts of 25 adults",
    )
    assert tool_name(taxonomy, "Instructor") not in got
    assert tool_name(taxonomy, "Instructor") in found(
        config, *in_role("Structured outputs with Instructor and Pydantic on the OpenAI API")
    )


def test_java_apis_are_not_jax(config: Any, taxonomy: Any) -> None:
    got = found(
        config,
        NAME,
        H("Experience"),
        "Java Developer, Moravia\tSep 2015 – May 2020",
        "• SOAP services on jax-ws, JAX-WS and JAX-RS with Spring Boot",
        H("Skills"),
        "Java 17, JAX-WS, JAX-RS, JAXB, Kafka",
    )
    assert tool_name(taxonomy, "JAX") not in got
    assert tool_name(taxonomy, "JAX") in found(config, *in_role("Trained transformers in JAX and Flax on TPUs"))


def test_a_name_wrapped_over_a_line_end(config: Any, taxonomy: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "Senior Java Developer, Vltava\tJun 2020 – Present",
        "• Adopted AI pair programming with GitHub Copilot and Claude",
        "Code for unit test generation.",
    )
    names = {e.name for e in s.evidence}
    assert "Claude Code" in names and "Claude" not in names
    assert s.llm_tenure_months == 0


def test_ordinary_words_in_a_keyword_list_are_not_tools(config: Any, taxonomy: Any) -> None:
    got = found(
        config,
        NAME,
        H("Skills"),
        "Forklift, hammer, HVAC, Inspect, inventory, Instructor, Team lead, Power and hand tool use",
    )
    assert not {tool_name(taxonomy, a) for a in ("Inspect", "Instructor")} & got
    s = screen_text(config, NAME, H("Skills"), "Forklift, Inspect, Instructor, Power and hand tool use")
    assert not [m for m in s.mentions if m.column == "A"]


def test_a_mention_keeps_its_bullet(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "AI Engineer, Acme\tJan 2024 – Present",
        "• Built a support copilot with LangChain over our",
        "help-centre articles, answering 2,000 questions a day",
        "• Cut build time by 40%",
    )
    m = next(m for m in s.mentions if m.name == "LangChain")
    assert m.bullet == (4, 5)
    assert m.bullet_text.endswith("answering 2,000 questions a day")


def test_a_name_is_not_joined_across_two_bullets(config: Any) -> None:
    s = screen_text(
        config,
        NAME,
        H("Experience"),
        "AI Engineer, Acme\tJan 2024 – Present",
        "• Built the support assistant on Claude",
        "• Code reviews for the team of six",
    )
    assert "Claude" in {e.name for e in s.evidence} and "Claude Code" not in {e.name for e in s.evidence}
