"""Candidate notices and a candidate's own explanation (issue 22): drawn from the taxonomy's data, in plain words."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.paths import AS_OF, FIXTURE_PDFS, ROOT

from screener.cli import main
from screener.codes import FLAG_MEANINGS
from screener.output import notice_cli
from screener.output.notice import JURISDICTIONS

LAWS = {"nyc": "Local Law 144", "illinois": "HB 3773", "colorado": "SB 26-189", "eu": "Annex III"}


def _notice(*args: str, flat: bool = True) -> str:
    """The notice, its line breaks as spaces unless `flat` is False (a phrase may wrap anywhere)."""
    result = CliRunner().invoke(main, ["notice", *args])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split()) if flat else result.output


def test_the_cli_offers_every_jurisdiction_the_renderer_has() -> None:
    assert notice_cli.JURISDICTIONS == JURISDICTIONS == tuple(LAWS)


@pytest.mark.parametrize("where", list(LAWS))
def test_each_notice_names_its_law_what_is_assessed_and_the_employer_placeholders(where: str) -> None:
    text = _notice("--jurisdiction", where)
    assert all(len(line) <= 100 for line in _notice("--jurisdiction", where, flat=False).splitlines())
    assert LAWS[where] in text
    # the bundled profiles' parts and points (skill_taxonomy/profiles, scoring.toml), written out by hand
    assert "For AI engineer (LLM-applied) positions" in text and "For ML engineer (production ML) positions" in text
    assert "work that was shipped and used in production: up to 10 points" in text
    assert "months of work with large language models in dated jobs: up to 20 points" in text
    assert "months of dated jobs with production machine-learning work: up to 25 points" in text
    assert "keeps 50% of these points" in text and "keeps 85%" in text
    assert "inside a job counts 3; in a project counts 2" in text
    assert re.search(r"was first released\. \(20 points\)", text)
    assert "(no points taken off)" in text  # parse-incomplete costs nothing
    assert "zip code" in text and "alternative" not in text.split("Asking for")[0].lower()
    for placeholder in ("your organisation's name", "the contact (email or address)", "the retention period"):
        assert f"[[EMPLOYER: {placeholder}" in text
    for code in FLAG_MEANINGS:
        assert code not in text  # plain words, not codes


def test_only_the_eu_and_colorado_notices_state_retention_figures() -> None:
    assert "at least 6 months (Art. 26)" in _notice("--jurisdiction", "eu")
    assert "default is 3 years" in _notice("--jurisdiction", "colorado")
    assert "6 months" not in _notice("--jurisdiction", "nyc")


def test_the_notice_follows_the_taxonomy_it_is_given(tmp_path: Path) -> None:
    copy = tmp_path / "taxonomy"
    shutil.copytree(ROOT / "skill_taxonomy", copy)
    before = _notice("--jurisdiction", "nyc", "--taxonomy", str(copy))
    profile = copy / "profiles" / "ai-engineer.toml"
    text = profile.read_text(encoding="utf-8")
    text = text.replace('name = "evals"\nscorer = "practice"\npoints = "evals"',
                        'name = "evals"\nscorer = "practice"\npoints = 7')
    profile.write_text(text, encoding="utf-8")
    after = _notice("--jurisdiction", "nyc", "--taxonomy", str(copy))
    assert "evaluating what language models produce: up to 10 points" in before
    assert "evaluating what language models produce: up to 7 points" in after
    assert "The score (0 to 90 points)" in before and "The score (0 to 87 points)" in after
    scoring = copy / "scoring.toml"
    scoring.write_text(scoring.read_text(encoding="utf-8").replace("title-mismatch = 5", "title-mismatch = 9"),
                       encoding="utf-8")
    assert "mostly the other kind. (9 points)" in _notice("--jurisdiction", "nyc", "--taxonomy", str(copy))


def test_one_role_and_a_file(tmp_path: Path) -> None:
    out = tmp_path / "notice.txt"
    result = CliRunner().invoke(main, ["notice", "--jurisdiction", "illinois", "--role", "ml-engineer", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join(out.read_text(encoding="utf-8").split())
    assert "For ML engineer (production ML) positions" in text and "For AI engineer" not in text
    bad = CliRunner().invoke(main, ["notice", "--jurisdiction", "texas"])
    assert bad.exit_code == 2


# --------------------------------------------------------------------------- explain --for-candidate

JARGON = ("column a", "column b", "profile", "specialty", "score_parts", "llm-applied", "ai-engineer", "ml-engineer",
          *FLAG_MEANINGS)


def _for_candidate(name: str) -> str:
    result = CliRunner().invoke(main, ["explain", str(FIXTURE_PDFS / name), "--for-candidate", "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_a_candidate_reads_what_counted_what_was_missing_and_how_to_contest() -> None:
    text = _for_candidate("22_no_measured_outcomes.pdf")
    body = text.split("What counted")[1]
    assert "Your score: 57 out of 100" in text
    assert "Work that was shipped and used in production: 0 of 10 points" in text
    assert "- No evidence of work that was shipped and used in production." in body
    assert "- No job with language-model work states a measured result (a number). (8 points off)" in body
    assert "If this is wrong: If you can give a measured result of that work, send it: it counts." in body
    assert "LangChain, inside a job (line 6:" in body
    assert "[[EMPLOYER: the contact" in text
    lower = text.casefold()
    assert [j for j in JARGON if j.casefold() in lower] == []


def test_a_candidate_explanation_holds_no_one_else() -> None:
    text = _for_candidate("01_ai_strong.pdf")
    assert "01_ai_strong.pdf" in text and "Findings that took points off" in text
    others = ["Aarav Mehta", "Priya Natarajan", "02_ai_agents_sidebar", "Leah Goldberg", "rank", "#1"]
    assert [o for o in others if o in text] == []


def test_a_file_that_could_not_be_read_says_so_plainly() -> None:
    text = _for_candidate("91_encrypted.pdf")
    assert "The program could not read your resume: the PDF is protected by a password" in text
    assert "Your score" not in text
