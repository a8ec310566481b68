"""Issue 17's fixtures (35-66) against their hand-written expectations, with both PDF engines.

fixtures/expected.toml marks these entries `since = "issue-17"` (tests/test_fixtures.py checks the
others). Each (fixture, field) is its own test, so an expectation the code does not meet yet is
marked once, in XFAIL below, strictly: when an implementation makes it pass, the test fails until
its mark is removed. The reasons name what issue 17 asks for that is missing.

A field holds only when it holds with pdfium AND pdfplumber. `[[order]]` pairs are checked with
the runner's own ranking (screener.run.runner.rank), so ties are broken the way the CSV breaks them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

import pytest
from conftest import FIXTURES

from screener.model import Screening
from screener.record import record

with (FIXTURES / "expected.toml").open("rb") as _fh:
    EXPECTED: dict[str, Any] = tomllib.load(_fh)
NEW = sorted(f for f, want in EXPECTED["files"].items() if want.get("since") == "issue-17")
ORDERS: list[dict[str, str]] = EXPECTED.get("order", [])
ENGINES = ("pdfium", "pdfplumber")
ROLES = ("ai-engineer", "ml-engineer")
MIN_NEW_FIXTURES = 30  # issue 17: "at least 30 new fixture resumes"

# (fixture, field) -> what is missing, measured on the code as it stood when the fixtures landed.
# Remove an entry when the implementation makes that test pass (strict xfail fails it otherwise).
_NO_SPECIALTY = "no specialty column yet"
_BILINGUAL = "the 49-character bilingual heading is matched on neither half: no work section, no roles"
_APPOINTMENTS = "this academic wording for positions held is not a work heading: no roles"
_NO_HEADINGS = "no work section: dated blocks outside education are not read as roles"
_PARAGRAPH = "the roles inside one dense paragraph are not read"
_BOLD_TITLES = "bold job titles set like headings end the Experience section: no roles"
_LONG_HEADER = "role header lines over 14 words (dates and separators counted) are dropped with their roles"
_CONTRACT = "role titles lose the closing ')' of '(contract)'"
_ORG_FIRST = "French organisation-first headers: the organisation is read as the title, the city as the organisation"
_WORDS = "'Confident' (DeepEval's maker) and a bare 'Inspect' next to Python count as tools"
_JAVA = "'jax-ws' matches JAX, and 'Claude' wrapped before 'Code' matches the Claude API"
_UNKNOWN = "a heading of unknown wording set like the others is kind 'other': its dated entries are not roles"
_KAGGLE = ("Kaggle's 'Education/Skill/Company Details' labels are not headings and "
           "'company - X' / 'description - Title, dates' is not read as a role")
_PLACEHOLDER = "placeholder dates ('Month 20XX') leave undated roles and raise no parse-incomplete"
XFAIL: dict[tuple[str, str], str] = {
    **{(f, "specialty"): _NO_SPECIALTY for f in NEW},
    ("35_bilingual_heading.pdf", "flags"):
        "no roles parsed, so the LLM bullets' numbers are not seen: no-measured-outcomes",
    **{("35_bilingual_heading.pdf", f): _BILINGUAL
       for f in ("llm_tenure", "total_experience", "latest_title", "sections", "roles")},
    **{(n, f): _APPOINTMENTS
       for n in ("36_appointments.pdf", "37_academic_positions.pdf", "38_research_appointments.pdf")
       for f in ("profile", "total_experience", "latest_title", "roles")},
    ("38_research_appointments.pdf", "flags"):
        "no roles parsed, so the internship's 'deployed to production' is missed: research-only",
    **{("39_no_headings.pdf", f): _NO_HEADINGS for f in ("total_experience", "roles")},
    ("39_no_headings.pdf", "tools"): "no section found, so the context-guarded Spark and Evidently never count",
    **{("40_dense_paragraph.pdf", f): _PARAGRAPH for f in ("flags", "llm_tenure", "total_experience", "roles")},
    **{("41_sidebar_bold_titles.pdf", f): _BOLD_TITLES
       for f in ("flags", "llm_tenure", "total_experience", "latest_title", "sections", "roles")},
    **{("42_long_header_line.pdf", f): _LONG_HEADER for f in ("total_experience", "latest_title", "roles")},
    ("43_undated_block_azure.pdf", "flags"):
        "the undated volunteering block is absorbed into the 2001-2008 role: Azure raises tool-anachronism",
    **{("44_freelancer_contracts.pdf", f): _CONTRACT for f in ("latest_title", "roles")},
    **{("46_french.pdf", f): _ORG_FIRST for f in ("latest_title", "roles")},
    ("47_llm_since_2026.pdf", "llm_tenure"):
        "LLM months start at the role's start, not at 'Since early 2026' in its bullet",
    ("48_ds_notebook_api.pdf", "llm_tenure"):
        "an API called in a notebook for a one-off analysis counts as LLM-applied work",
    ("49_speech_whisper.pdf", "llm_tenure"): "Whisper fine-tuned in PyTorch is filed as an LLM provider: LLM months",
    ("49_speech_whisper.pdf", "tool_columns"): "Whisper fine-tuned in PyTorch is filed in column A",
    ("50_openai_employer.pdf", "llm_tenure"): "'OpenAI' as the employer counts as the OpenAI API: LLM months",
    ("50_openai_employer.pdf", "tools"): "'OpenAI' as the employer in a role header counts as the OpenAI API",
    ("51_metric_deltas.pdf", "flags"):
        "metric values and deltas ('precision 0.93', 'F1 0.81 -> 0.88', '30k reviews') are not outcomes",
    ("52_outcome_non_llm_bullet.pdf", "flags"):
        "outcomes are checked per role: a number in a non-LLM bullet satisfies the LLM rule",
    ("53_claim_in_words.pdf", "flags"): "a tenure claim spelled out in words ('five years') is not caught",
    **{("56_teacher_ordinary_words.pdf", f): _WORDS for f in ("profile", "llm_tenure", "tools")},
    **{("57_java_claude_code.pdf", f): _JAVA for f in ("profile", "llm_tenure", "tools")},
    ("60_llm_engineer.pdf", "flags"): "title-mismatch compares the title with the profile, not the specialty",
    **{("63_parse_incomplete.pdf", f): _PLACEHOLDER for f in ("flags", "roles")},
    **{("64_unknown_heading.pdf", f): _UNKNOWN for f in ("flags", "llm_tenure", "total_experience", "roles")},
    **{("65_kaggle_style.pdf", f): _KAGGLE for f in ("total_experience", "latest_title", "sections", "roles")},
    ("59_kserve_vertex.pdf", "production_points"): (
        "'140 production models ... KServe online inference' and 'batch inference on Vertex AI' "
        "earn no production points"),
}

# (higher, lower, role) -> what is missing.
_TIE = "; the tie at 0 falls to the file path"
XFAIL_ORDER: dict[tuple[str, str, str], str] = {
    ("40_dense_paragraph.pdf", "06_accountant.pdf", "ai-engineer"): _PARAGRAPH + _TIE,
    ("40_dense_paragraph.pdf", "05_frontend.pdf", "ai-engineer"): _PARAGRAPH + _TIE,
    ("35_bilingual_heading.pdf", "05_frontend.pdf", "ai-engineer"): _BILINGUAL + _TIE,
    ("35_bilingual_heading.pdf", "48_ds_notebook_api.pdf", "ai-engineer"): _BILINGUAL + " (0 points)",
    ("41_sidebar_bold_titles.pdf", "07_nurse.pdf", "ai-engineer"): _BOLD_TITLES + _TIE,
    ("51_metric_deltas.pdf", "52_outcome_non_llm_bullet.pdf", "ai-engineer"):
        "51 gets a false no-measured-outcomes and 52 misses its true one",
    ("58_thin_ai.pdf", "56_teacher_ordinary_words.pdf", "ai-engineer"):
        _WORDS + " (the teacher scores column-A points)",
    ("58_thin_ai.pdf", "57_java_claude_code.pdf", "ai-engineer"):
        _JAVA + ": the same score as the thin candidate, and the tie falls to the file path",
    ("64_unknown_heading.pdf", "06_accountant.pdf", "ai-engineer"): _UNKNOWN + _TIE,
    ("39_no_headings.pdf", "05_frontend.pdf", "ml-engineer"): _NO_HEADINGS + _TIE,
    ("65_kaggle_style.pdf", "06_accountant.pdf", "ml-engineer"): _KAGGLE + _TIE,
}


# --------------------------------------------------------------------------- screens


@pytest.fixture(scope="module")
def screens(config: Any) -> dict[tuple[str, str, str], Screening]:
    """(engine, role, file) -> its screen: every new fixture for the AI role, plus the files that
    the order pairs and production_points need for their role."""
    from screener.pipeline import screen_file

    wanted = {("ai-engineer", f) for f in NEW}
    wanted |= {(o["role"], o[k]) for o in ORDERS for k in ("higher", "lower")}
    wanted |= {(role, f) for f in NEW for role in EXPECTED["files"][f].get("production_points", {})}
    out: dict[tuple[str, str, str], Screening] = {}
    for engine in ENGINES:
        for role in ROLES:
            cfg = config.replace(engine=engine, role=role, timings=None)
            for r, f in sorted(wanted):
                if r == role:
                    out[(engine, role, f)] = screen_file(FIXTURES / "pdf" / f, cfg, f)
    return out


# --------------------------------------------------------------------------- field checks
# Each takes the expectation and one engine's screen for the AI role, and returns what differs.

Check = Callable[[dict[str, Any], Screening], list[str]]


def _differs(what: str, got: Any, want: Any) -> list[str]:
    return [] if got == want else [f"{what}: got {got!r}, want {want!r}"]


def check_status_and_flags(want: dict[str, Any], s: Screening) -> list[str]:
    return (_differs("status", s.status, want["status"])
            + _differs("red_flags", sorted(f.code for f in s.flags), sorted(want["red_flags"]))
            + _differs("resume_date", s.resume_date, want["resume_date"]))


def check_contact(want: dict[str, Any], s: Screening) -> list[str]:
    c = s.contact
    return _differs("contact", (c.name, c.email, c.phone), (want["name"], want["email"], want["phone"]))


def check_profile(want: dict[str, Any], s: Screening) -> list[str]:
    return _differs("profile", s.profile, want["profile"])


def check_specialty(want: dict[str, Any], s: Screening) -> list[str]:
    return _differs("specialty", getattr(s, "specialty", None), want["specialty"])


def check_llm_tenure(want: dict[str, Any], s: Screening) -> list[str]:
    return _differs("llm_tenure_months", s.llm_tenure_months, want["llm_tenure_months"])


def check_total_experience(want: dict[str, Any], s: Screening) -> list[str]:
    return _differs("total_experience_months", s.total_experience_months, want["total_experience_months"])


def check_latest_title(want: dict[str, Any], s: Screening) -> list[str]:
    return _differs("latest_title", s.latest_title, want["latest_title"])


@lru_cache(maxsize=1)
def _taxonomy() -> Any:
    from screener.taxonomy import load_taxonomy

    return load_taxonomy()


def _found(s: Screening) -> dict[str, str]:
    """Every name a found tool answers to (lower case) -> its column."""
    taxonomy = _taxonomy()
    found: dict[str, str] = {}
    for e in s.evidence:
        if e.kind == "tool":
            tool = taxonomy.tool(e.item_id)
            found.update({n.lower(): e.column for n in (tool.name, *tool.aliases, tool.id)})
    return found


def check_tools(want: dict[str, Any], s: Screening) -> list[str]:
    found = _found(s)
    include = want.get("column_a_tools_include", []) + want.get("column_b_tools_include", [])
    return ([f"{t} not found" for t in include if t.lower() not in found]
            + [f"{t} found but must not be" for t in want.get("tools_exclude", []) if t.lower() in found])


def check_tool_columns(want: dict[str, Any], s: Screening) -> list[str]:
    found = _found(s)
    return [f"{t} in column {found.get(t.lower())!r}, want {col!r}"
            for t, col in want["tool_columns"].items() if found.get(t.lower()) != col]


def check_sections(want: dict[str, Any], s: Screening) -> list[str]:
    return _differs("sections", [x.heading for x in s.sections if x.heading], want["sections"])


def check_roles(want: dict[str, Any], s: Screening) -> list[str]:
    got = [{"title": r.title, "organization": r.organization, "start": r.start, "end": r.end}
           for r in record(s, None).roles if r.kind == "work"]
    return _differs("roles", got, want["roles"])


CHECKS: dict[str, Check] = {
    "flags": check_status_and_flags,
    "contact": check_contact,
    "profile": check_profile,
    "specialty": check_specialty,
    "llm_tenure": check_llm_tenure,
    "total_experience": check_total_experience,
    "latest_title": check_latest_title,
    "tools": check_tools,
    "tool_columns": check_tool_columns,
    "sections": check_sections,
    "roles": check_roles,
}
# A field checked only where the expectation names it.
OPTIONAL = {"tool_columns": "tool_columns", "roles": "roles"}


def _cases() -> Iterator[Any]:
    for name in NEW:
        want = EXPECTED["files"][name]
        for field in CHECKS:
            if field in OPTIONAL and OPTIONAL[field] not in want:
                continue
            why = XFAIL.get((name, field))
            marks = [pytest.mark.xfail(strict=True, reason=f"issue 17: {why}")] if why else []
            yield pytest.param(name, field, marks=marks, id=f"{name[:-4]}-{field}")


def test_there_are_enough_new_fixtures() -> None:
    assert len(NEW) >= MIN_NEW_FIXTURES
    on_disk = {p.name for p in (FIXTURES / "pdf").glob("*.pdf")}
    assert set(NEW) <= on_disk


def test_every_xfail_names_a_real_case() -> None:
    for name, field in XFAIL:
        assert name in NEW and (field in CHECKS or field == "production_points"), (name, field)
    pairs = {(o["higher"], o["lower"], o["role"]) for o in ORDERS}
    assert set(XFAIL_ORDER) <= pairs


@pytest.mark.parametrize(("name", "field"), list(_cases()))
def test_field(name: str, field: str, screens: dict[tuple[str, str, str], Screening]) -> None:
    want = EXPECTED["files"][name]
    problems = [f"{engine}: {p}" for engine in ENGINES
                for p in CHECKS[field](want, screens[(engine, "ai-engineer", name)])]
    assert not problems, "\n".join(problems)


def _production_cases() -> Iterator[Any]:
    for name in NEW:
        for role, on in EXPECTED["files"][name].get("production_points", {}).items():
            why = XFAIL.get((name, "production_points"))
            marks = [pytest.mark.xfail(strict=True, reason=f"issue 17: {why}")] if why else []
            yield pytest.param(name, role, on, marks=marks, id=f"{name[:-4]}-{role}")


@pytest.mark.parametrize(("name", "role", "on"), list(_production_cases()))
def test_production_points(name: str, role: str, on: bool, screens: dict[tuple[str, str, str], Screening]) -> None:
    for engine in ENGINES:
        parts = {p.name: p.points for p in screens[(engine, role, name)].score_parts}
        assert (parts.get("production", 0.0) > 0) == on, f"{engine}: production part {parts.get('production')}"


def _order_cases() -> Iterator[Any]:
    for o in ORDERS:
        key = (o["higher"], o["lower"], o["role"])
        why = XFAIL_ORDER.get(key)
        marks = [pytest.mark.xfail(strict=True, reason=f"issue 17: {why}")] if why else []
        yield pytest.param(*key, marks=marks, id=f"{o['role']}:{o['higher'][:2]}>{o['lower'][:2]}")


@pytest.mark.parametrize(("higher", "lower", "role"), list(_order_cases()))
def test_order(higher: str, lower: str, role: str, screens: dict[tuple[str, str, str], Screening]) -> None:
    from screener.run.runner import rank

    for engine in ENGINES:
        a, b = screens[(engine, role, higher)], screens[(engine, role, lower)]
        ranked = [r.file for r in rank([b, a])]
        assert ranked[0] == higher, (
            f"{engine}, {role}: {higher} ({a.fit_score}) should rank above {lower} ({b.fit_score})")
