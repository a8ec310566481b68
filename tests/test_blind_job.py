"""Blind mode with a job (`screen --blind --job JD`, issue 22 with issue 19): the ranking against the job is the
same as without --blind, and the requirement table and probes, which quote resume lines, are masked as the
record's own lines are (output/blind.py `blind_fit`)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from support.paths import FIXTURE_PDFS, FIXTURES
from test_blind import _leaks, _records, _screen, _texts

from screener.job.model import FitPart, JobFit, RequirementFit
from screener.output.blind import _masks, blind_fit, candidate_id, load_words
from screener.record import Record, RoleRecord

JOB = FIXTURES / "jobs" / "01_ai_engineer.md"
JOB_COLUMNS = ("job", "must_have_met", "must_have_missing", "nice_to_have_met")


@pytest.fixture(scope="module")
def screened(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("blind-job")
    for name, extra in (("plain", ()), ("blind", ("--blind",))):
        (base / name).mkdir()
        _screen([str(FIXTURE_PDFS)], base / name, "--no-state", "--job", str(JOB), *extra)
    return base / "plain", base / "blind"


def _csv(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / "r.csv").read_text(encoding="utf-8"))))


def test_a_blind_job_screen_ranks_and_fits_as_the_plain_one(screened: tuple[Path, Path]) -> None:
    plain, blind = screened
    p_rows, b_rows = _csv(plain), _csv(blind)
    assert len(p_rows) == len(b_rows) > 60
    for p, b in zip(p_rows, b_rows, strict=True):
        assert b["candidate"] == b["file"] == candidate_id(p["sha256"], p["file"])
        for key in ("rank", "fit_score", "red_flags", "status", *JOB_COLUMNS):
            assert b[key] == p[key], (p["file"], key)
    assert sum(1 for r in b_rows if r["must_have_met"]) > 30  # the job's columns are filled, not empty alike
    p_recs, b_recs = _records(plain), _records(blind)
    fitted = 0
    for p, b in zip(p_recs, b_recs, strict=True):
        if p["job"] is None:
            assert b["job"] is None
            continue
        fitted += 1
        assert b["job"]["score"] == p["job"]["score"] == p["fit_score"]
        assert [(r["requirement"], r["verdict"], r["line"]) for r in b["job"]["requirements"]] == [
            (r["requirement"], r["verdict"], r["line"]) for r in p["job"]["requirements"]]
        assert len(b["job"]["probes"]) == len(p["job"]["probes"])
    assert fitted > 60
    html = (blind / "r.html").read_text(encoding="utf-8")
    assert html.count('class="job-fit"') == (plain / "r.html").read_text(encoding="utf-8").count('class="job-fit"') > 0


def test_no_name_email_phone_or_school_in_a_blind_job_screen(screened: tuple[Path, Path]) -> None:
    plain, blind = screened
    assert _leaks(_records(plain), _texts(blind)) == []


def test_a_fit_is_masked_with_its_records_masks() -> None:
    edu = RoleRecord("M.S. Computer Science, Carnegie Mellon University", "", "", "education", "education",
                     "2017-09", "2019-06", "2017 – 2019", 21, False, False, 20, ())
    rec = Record(candidate="Priya Raman", email="priya@example.com", file="/in/priya_raman.pdf", sha256="ab" * 32,
                 location="Austin, TX", roles=(edu,))
    masks = _masks(rec, load_words(), {rec.file: candidate_id(rec.sha256, rec.file)})
    quoted = "Priya built RAG at Carnegie Mellon University in 2019 (priya@example.com), Austin, TX"
    fit = JobFit("01_ai_engineer.md", 80.0, (FitPart("must-haves", 40.0, "she met 3 of 4 (Raman)"),),
                 (RequirementFit("LangChain", "must", "met", "LangChain in a role", 12, quoted, "shipped", "LangChain",
                                 "role"),),
                 ("missing-must-have",), ("Ask Priya Raman about LangChain on line 12 of priya_raman.pdf",))
    got = blind_fit(fit, masks)
    text = got.table[0].text
    assert text == "[name] built RAG at [school] in [year] ([email]), [location]"
    assert got.parts[0].why == "they met 3 of 4 ([name])"
    assert got.probes == (f"Ask [name] about LangChain on line 12 of {candidate_id(rec.sha256, rec.file)}",)
    assert (got.score, got.table[0].verdict, got.table[0].line, got.flags) == (80.0, "met", 12, fit.flags)


def test_report_redraws_a_saved_job_screens_requirements_plain_and_blind(screened: tuple[Path, Path]) -> None:
    """The JSONL's lines carry each fit, not the JD's analysis: the page has every candidate's requirement table
    and no JD section; under --blind the tables are masked as the records are."""
    from click.testing import CliRunner

    from screener.cli import main

    plain, _ = screened
    fits = (plain / "r.html").read_text(encoding="utf-8").count('class="job-fit"')
    for name, extra in (("again", ()), ("again-blind", ("--blind",))):
        result = CliRunner().invoke(main, ["report", str(plain / "r.jsonl"), "-o", str(plain / f"{name}.html"),
                                           *extra])
        assert result.exit_code == 0, result.output
        page = (plain / f"{name}.html").read_text(encoding="utf-8")
        assert page.count('class="job-fit"') == fits > 60 and 'id="h-job"' not in page
    assert _leaks(_records(plain), {"html": (plain / "again-blind.html").read_text(encoding="utf-8")}) == []
