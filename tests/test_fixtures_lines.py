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
from support import FIXTURES

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
XFAIL: dict[tuple[str, str], str] = {
}

# (higher, lower, role) -> what is missing.
XFAIL_ORDER: dict[tuple[str, str, str], str] = {
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
