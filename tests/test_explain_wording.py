"""explain's wording (issue 23): no -0.0, 'Present' named by the resume's month, education with its own year."""

from __future__ import annotations

from click.testing import CliRunner
from support import AS_OF, FIXTURE_PDFS, shared_path

from screener.cli import main


def explain(path: str, as_of: str = AS_OF) -> str:
    result = CliRunner().invoke(main, ["explain", path, "--as-of", as_of])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_part_that_takes_nothing_is_never_minus_zero() -> None:
    out = explain(str(FIXTURE_PDFS / "05_frontend.pdf"))
    assert "-0.0" not in out
    assert "+0.0  profile: none profile keeps 50%" in out


def test_present_is_this_month_only_when_the_resume_is_dated_this_month() -> None:
    old = explain(str(FIXTURE_PDFS / "28_old_resume_2024.pdf"))  # PDF dated 2024-03-15
    assert "'Present' means 2024-03, the resume's date" in old and "this month" not in old
    fresh = explain(str(FIXTURE_PDFS / "01_ai_strong.pdf"), as_of="2026-10-20")  # PDF dated 2026-10-14
    assert "'Present' means this month" in fresh


def test_education_shows_the_year_it_gives_not_undated() -> None:
    pdf = shared_path("corpus", "real", "resume-matcher_modern-two-column.pdf")
    out = explain(str(pdf))
    education = [ln for ln in out.splitlines() if "year(s) in the entry" in ln]
    assert education and "2019 (year(s) in the entry, no months)" in education[0]
    assert "undated" not in out.split("Roles")[1].split("Tools")[0]
