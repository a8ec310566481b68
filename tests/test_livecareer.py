"""Section and job-date recovery on the 117 labelled LiveCareer resumes (../shared/corpus/livecareer).

The 117 PDFs are screened once per module; the measuring lives in scripts/livecareer_report.py,
which prints the same figures and every miss with a likely cause.

- sections: recall of the labelled section titles (compared with `heading_key`, repeats counted)
  pooled over all resumes, >= 0.90;
- date ranges: of the labelled jobs with a start and an end ("current" counts as an end), the share
  recovered exactly by a parsed *work* role -- same start, same end; "current" is our "present";
  "YYYY-MM" must be our "YYYY-MM" written with a month; the one bare-year label "YYYY" must be a
  parsed date in that year written without a month; each parsed role matches one label -- >= 0.90;
- mojibake: no extracted line contains "â€" (UTF-8 read as cp1252, which the parser repairs).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from support import ROOT, shared_path

from screener.model import Screening

sys.path.insert(0, str(ROOT / "scripts"))
import livecareer_report  # noqa: E402

SECTIONS_MIN = 0.90
DATE_RANGES_MIN = 0.90


@pytest.fixture(scope="module")
def corpus() -> Path:
    return shared_path("corpus", "livecareer")


@pytest.fixture(scope="module")
def labels(corpus: Path) -> list[dict[str, Any]]:
    return livecareer_report.load_labels(corpus)


@pytest.fixture(scope="module")
def screens(labels: list[dict[str, Any]], corpus: Path, config: Any) -> dict[str, Screening]:
    return livecareer_report.screen_labelled(labels, corpus, config)


@pytest.fixture(scope="module")
def result(labels: list[dict[str, Any]], screens: dict[str, Screening]) -> livecareer_report.Result:
    return livecareer_report.measure(labels, screens)


def test_labels_are_the_117_it_resumes(labels: list[dict[str, Any]], corpus: Path) -> None:
    assert len(labels) == 117
    assert all((corpus / lab["file"]).is_file() for lab in labels)


def test_every_labelled_resume_screens_ok(screens: dict[str, Screening]) -> None:
    bad = {i: (s.status, s.reason) for i, s in screens.items() if s.status != "ok"}
    assert not bad, bad


def test_section_recall(result: livecareer_report.Result) -> None:
    assert result.headings == 647
    missed = [(i, m) for i, m, _ in result.headings_missed]
    assert result.headings_recall >= SECTIONS_MIN, (f"{result.headings_hit}/{result.headings}", missed)


def test_job_date_ranges_recovered_exactly(result: livecareer_report.Result) -> None:
    assert result.ranges == 470  # labelled jobs with both a start and an end (see the corpus README)
    misses = [f"{m.id} [{m.cause}] {m.detail}" for m in result.misses]
    assert result.ranges_recall >= DATE_RANGES_MIN, (f"{result.ranges_hit}/{result.ranges}", misses)


# Issue 17 must lose nothing here; measured before (c666325-era main) and after its structure work:
# sections 646/647 both; exact date ranges 460 -> 466 of 470, titles equal on 297 -> 306 of them;
# 306 -> 312 when a job title printed on top was no longer taken for the name (issue 23, below): a
# role's title equal to the "name" was dropped as a repeat of it; 312 -> 322 when the placeholder
# "Company Name" was no longer read as a title (those 10 jobs have none: `title` null in the labels).
# Pinned exactly: a change either way is news.
SECTIONS_FOUND = 646
RANGES_RECOVERED = 466
TITLES_ON_RECOVERED = 322


def test_issue_17_counts_pinned(result: livecareer_report.Result) -> None:
    assert result.headings_hit == SECTIONS_FOUND
    assert (result.ranges_hit, result.titles_on_hit) == (RANGES_RECOVERED, TITLES_ON_RECOVERED)


def test_no_mojibake_left_in_the_text(result: livecareer_report.Result) -> None:
    left = result.mojibake.get("â€", [])
    assert not left, left[:10]


# Issue 17: the LiveCareer resumes (written before 2019, no LLM work) where ordinary words were read
# as column-A tools before the guards: "Confident" (DeepEval's maker), "Inspect" and "Instructor" in
# keyword lists, "Technology Instructor." in a summary, "Power and hand tool use". Found by
# scripts/livecareer_tools.py over all 347 PDFs (16 mentions in 14 resumes; 2 of them labelled).
ORDINARY_WORD_FILES = (
    "ADVOCATE/10344379.pdf", "AGRICULTURE/10953078.pdf", "APPAREL/10562768.pdf", "APPAREL/12059610.pdf",
    "BANKING/11842348.pdf", "CONSTRUCTION/10734870.pdf", "CONSULTANT/10984392.pdf", "ENGINEERING/12011623.pdf",
    "FITNESS/10268614.pdf", "FITNESS/10333051.pdf", "PUBLIC-RELATIONS/11842274.pdf", "TEACHER/11336022.pdf",
)
# Every column-A mention left, checked by eye: (file, tool, line). None: no LLM-applied work there.
COLUMN_A_LEFT: set[tuple[str, str, int]] = set()


def test_no_column_a_tool_from_an_ordinary_word(
    screens: dict[str, Screening], labels: list[dict[str, Any]], corpus: Path, config: Any
) -> None:
    from livecareer_tools import column_a

    from screener.pipeline import screen_file

    by_file = {lab["file"]: screens[lab["id"]] for lab in labels}
    for name in ORDINARY_WORD_FILES:
        by_file["pdfs/" + name] = screen_file(corpus / "pdfs" / name, config)
    found = {(f, tool, line): text for f, s in by_file.items() for tool, line, text in column_a(s)}
    assert set(found) == COLUMN_A_LEFT, [f"{f}:{line}: {tool}: {found[(f, tool, line)]}" for f, tool, line in found]


# Issue 23 (its parsing part): these resumes are anonymised and print no name, so a name found is a
# heading, a placeholder or a job title. Measured at 2cecb08: 98 of the 117 labelled resumes had a
# name, 97 of them not a person's ("City , State", "Company Name", "Career Focus", "Microsoft Office",
# "Information Technology Supervisor", a referee "William Hale."); over all 347 PDFs 295 had one, 292
# not a person's. Now: the one below (its first line), and 14 of the 347 (11 still not a person's:
# "Express Scripts", "Key Holder", "Patient Access Rep", "Account Receivable", ...).
NAMED = {"pdfs/INFORMATION-TECHNOLOGY/91635250.pdf": "Christopher Townes"}


def test_no_heading_or_placeholder_is_a_name(screens: dict[str, Screening], labels: list[dict[str, Any]]) -> None:
    by_file = {lab["file"]: screens[lab["id"]] for lab in labels}
    named = {f: s.contact.name for f, s in by_file.items() if s.contact.name}
    assert named == NAMED
    unnamed = [f for f, s in by_file.items() if not s.contact.name and "name not found" not in s.notes.lower()]
    assert not unnamed, unnamed  # an empty name is said in the notes


def test_anonymised_resumes_show_no_placeholder_as_a_location(screens: dict[str, Screening]) -> None:
    # LiveCareer replaced every town with "City , State" and employers with "Company Name": neither is a
    # location (before, labelled files showed "City , State", a job title or a cover letter's "Sincerely,
    # Name"). None of the 117 labelled resumes prints a town of its own. (Of all 347, one unlabelled file,
    # 11842274, still shows an event's place, "... / May 2018 / Memphis, TN.": a known miss.)
    found = {n: s.contact.location for n, s in screens.items() if s.contact is not None and s.contact.location}
    assert found == {}
