"""Every bundled fixture against its hand-written expectation (fixtures/expected.toml)."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
from support import FIXTURES

from screener.model import Screening
from screener.record import record

with (FIXTURES / "expected.toml").open("rb") as _fh:
    EXPECTED: dict[str, Any] = tomllib.load(_fh)
FILES = sorted(EXPECTED["files"])
# Issue 17's fixtures (`since = "issue-17"`) are checked field by field in test_fixtures_lines.py.
CHECKED = [f for f in FILES if "since" not in EXPECTED["files"][f]]
# A scan read by OCR pins only `ocr_fields` (test_scan_read_by_ocr); the rest are checked whole.
OK_FILES = [f for f in CHECKED if EXPECTED["files"][f]["status"] == "ok" and "ocr_fields" not in EXPECTED["files"][f]]
SCANS = [f for f in CHECKED if "ocr_fields" in EXPECTED["files"][f]]


def test_every_fixture_pdf_has_an_expectation() -> None:
    on_disk = sorted(p.name for p in (FIXTURES / "pdf").glob("*.pdf"))
    assert on_disk == FILES


@pytest.mark.parametrize("name", CHECKED)
def test_status_and_flags(name: str, fixture_screens: dict[str, Screening]) -> None:
    want = EXPECTED["files"][name]
    got = fixture_screens[name]
    assert got.status == want["status"], got.reason
    assert sorted(f.code for f in got.flags) == sorted(want["red_flags"])
    if "resume_date" in want:
        assert got.resume_date == want["resume_date"]


@pytest.mark.parametrize("name", OK_FILES)
def test_contact(name: str, fixture_screens: dict[str, Screening]) -> None:
    want = EXPECTED["files"][name]
    c = fixture_screens[name].contact
    assert (c.name, c.email, c.phone) == (want["name"], want["email"], want["phone"])


@pytest.mark.parametrize("name", OK_FILES)
def test_profile_tenure_and_experience(name: str, fixture_screens: dict[str, Screening]) -> None:
    want = EXPECTED["files"][name]
    got = fixture_screens[name]
    assert got.profile == want["profile"], got.profile_reason
    assert got.llm_tenure_months == want["llm_tenure_months"]
    assert got.total_experience_months == want["total_experience_months"]
    assert got.latest_title == want["latest_title"]


@pytest.mark.parametrize("name", OK_FILES)
def test_specialty(name: str, fixture_screens: dict[str, Screening]) -> None:
    """The specialty written by hand from skill_taxonomy/specialty.toml's rule (issue 17)."""
    got = fixture_screens[name]
    assert got.specialty == EXPECTED["files"][name]["specialty"], got.specialty_reason
    assert (got.specialty == "none") == (got.profile == "none")


def _found_names(s: Screening, taxonomy: Any) -> set[str]:
    names: set[str] = set()
    for e in s.evidence:
        if e.kind != "tool":
            continue
        tool = taxonomy.tool(e.item_id)
        names |= {tool.name, *tool.aliases, tool.id}
    return {n.lower() for n in names}


@pytest.mark.parametrize("name", OK_FILES)
def test_tools(name: str, fixture_screens: dict[str, Screening], taxonomy: Any) -> None:
    want = EXPECTED["files"][name]
    got = fixture_screens[name]
    found = _found_names(got, taxonomy)
    columns = {e.name.lower(): e.column for e in got.evidence}
    for col in ("A", "B"):
        for tool in want.get(f"column_{col.lower()}_tools_include", []):
            assert tool.lower() in found, f"{tool} not found"
    for tool in want.get("tools_exclude", []):
        assert tool.lower() not in found, f"{tool} found but must not be"
    assert all(c in "ABN" for c in columns.values())


@pytest.mark.parametrize("name", OK_FILES)
def test_sections(name: str, fixture_screens: dict[str, Screening]) -> None:
    want = EXPECTED["files"][name]
    got = [s.heading for s in fixture_screens[name].sections if s.heading]
    assert got == want["sections"]


@pytest.mark.parametrize("name", [f for f in OK_FILES if "roles" in EXPECTED["files"][f]])
def test_roles(name: str, fixture_screens: dict[str, Screening]) -> None:
    want = EXPECTED["files"][name]["roles"]
    rec = record(fixture_screens[name], None)
    got = [{"title": r.title, "organization": r.organization, "start": r.start, "end": r.end}
           for r in rec.roles if r.kind == "work"]
    assert got == want


@pytest.mark.parametrize("role", ["ai-engineer", "ml-engineer"])
def test_ranking_orders(role: str, config: Any) -> None:

    from screener.pipeline import screen_file

    cfg = config.replace(role=role)
    scores: dict[str, float] = {}
    for a, _, b in EXPECTED["ranking"][role]:
        for f in (a, b):
            if f not in scores:
                scores[f] = screen_file(FIXTURES / "pdf" / f, cfg).fit_score
        assert scores[a] > scores[b], f"{a} ({scores[a]}) should rank above {b} ({scores[b]}) for {role}"


@pytest.mark.parametrize("name", SCANS)
def test_scan_read_by_ocr(name: str, fixture_screens: dict[str, Screening]) -> None:
    pytest.importorskip("tesserocr")
    want = EXPECTED["files"][name]
    got = fixture_screens[name]
    assert (got.status, got.source) == ("ok", "ocr"), got.reason
    checks = {"name": got.contact.name, "resume_date": got.resume_date, "profile": got.profile,
              "red_flags": sorted(f.code for f in got.flags)}
    for field in want["ocr_fields"]:
        assert checks[field] == want[field], field
    assert "Read by OCR" in got.notes
