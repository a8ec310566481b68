"""The command line end to end: click's runner and the installed console script."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import AS_OF, FIXTURE_PDFS, FIXTURES

from screener.cli import main
from screener.record import CSV_COLUMNS

CONTRACT = [
    "rank",
    "fit_score",
    "candidate",
    "email",
    "phone",
    "links",
    "file",
    "profile",
    "specialty",  # issue 17: right after profile
    "column_a_share",
    "column_a_tools",
    "column_b_tools",
    "llm_tenure_months",
    "total_experience_months",
    "resume_date",
    "latest_title",
    "red_flags",
    "notes",
    "status",
    "sha256",
]


@pytest.fixture(scope="module")
def screened(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    out = tmp_path_factory.mktemp("cli") / "ranked.csv"
    result = CliRunner().invoke(main, ["screen", str(FIXTURE_PDFS), "-o", str(out), "--as-of", AS_OF, "--jobs", "2"])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8"), result.output


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_columns_follow_the_contract(screened: tuple[str, str]) -> None:
    header = next(csv.reader(io.StringIO(screened[0])))
    assert header[: len(CONTRACT)] == CONTRACT
    assert tuple(header) == CSV_COLUMNS


def test_every_file_appears_once_and_ranks_are_consistent(screened: tuple[str, str]) -> None:
    got = rows(screened[0])
    assert sorted(Path(r["file"]).name for r in got) == sorted(p.name for p in FIXTURE_PDFS.glob("*.pdf"))
    ok = [r for r in got if r["status"] == "ok"]
    assert [int(r["rank"]) for r in ok] == list(range(1, len(ok) + 1))
    scores = [float(r["fit_score"]) for r in ok]
    assert scores == sorted(scores, reverse=True)
    bad = [r for r in got if r["status"] != "ok"]
    assert bad and all(r["rank"] == "" for r in bad)
    assert got[-len(bad) :] == bad  # unreadable files come last


def test_cells_stay_text_in_a_spreadsheet(screened: tuple[str, str]) -> None:
    for r in rows(screened[0]):
        for value in r.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
    phones = [r["phone"] for r in rows(screened[0]) if r["phone"]]
    assert phones and all(p.startswith("'+") for p in phones)


def test_summary_names_counts_top_five_and_unreadable_files(screened: tuple[str, str]) -> None:
    out = screened[1]
    assert f"Screened {len(list(FIXTURE_PDFS.glob('*.pdf')))} file(s)" in out
    assert "Profiles: ai-engineer" in out and "hybrid" in out and "none" in out
    assert "Top 5:" in out
    assert "91_encrypted.pdf: encrypted" in out
    assert "90_scanned.pdf" not in out.split("Could not be screened:")[1]  # a scan is read by OCR now


def test_a_repeated_run_is_byte_identical(screened: tuple[str, str], tmp_path: Path) -> None:
    out = tmp_path / "again.csv"
    result = CliRunner().invoke(main, ["screen", str(FIXTURE_PDFS), "-o", str(out), "--as-of", AS_OF, "--jobs", "1"])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8") == screened[0]


def test_the_serial_executor_writes_the_same_bytes(screened: tuple[str, str], tmp_path: Path) -> None:
    out = tmp_path / "serial.csv"
    result = CliRunner().invoke(main, ["screen", str(FIXTURE_PDFS), "-o", str(out), "--as-of", AS_OF,
                                       "--executor", "serial"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == screened[0]
    first_out = screened[1].split("Wrote ")[1].split()[0]
    assert result.output == screened[1].replace(first_out, str(out))  # the same summary, too


def test_format_takes_any_registered_writer(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["screen", str(FIXTURE_PDFS / "01_ai_strong.pdf"), "-o", str(out),
                                       "--as-of", AS_OF, "--format", "html", "--no-state"])
    assert result.exit_code == 0, result.output
    assert "Maya Chen" in out.read_text(encoding="utf-8")


def test_installed_console_script(screened: tuple[str, str], tmp_path: Path) -> None:
    exe = shutil.which("screener")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("the screener console script is not installed")
        pytest.skip("screener is not installed on PATH")
    out = tmp_path / "sub.csv"
    proc = subprocess.run(
        [exe, "screen", str(FIXTURE_PDFS), "-o", str(out), "--as-of", AS_OF],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=FIXTURES.parent,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8") == screened[0]


def test_jsonl_form(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    result = CliRunner().invoke(
        main, ["screen", str(FIXTURE_PDFS / "01_ai_strong.pdf"), "-o", str(out), "--as-of", AS_OF, "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    rec = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    for col in CONTRACT:
        assert col in rec
    assert isinstance(rec["column_a_tools"], list) and isinstance(rec["red_flags"], list)
    assert rec["sections"][:2] == ["Summary", "Experience"]
    role = rec["roles"][0]
    assert (role["start"], role["end"], role["llm_applied"]) == ("2023-01", "present", True)
    lc = next(t for t in rec["tools"] if t["name"] == "LangChain")
    assert lc["column"] == "A" and lc["months"] == 46 and lc["found"][0]["line"] > 0


def test_explain_shows_the_evidence_for_each_figure() -> None:
    result = CliRunner().invoke(main, ["explain", str(FIXTURE_PDFS / "17_anachronism_langgraph.pdf"), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    out = result.output
    for heading in (
        "Contact",
        "Sections found",
        "Roles",
        "Tools and practices matched",
        "Profile",
        "LLM-applied tenure",
        "Red flags",
        "Fit score",
        "Notes",
    ):
        assert heading in out
    assert "tool-anachronism" in out and "LangGraph" in out and "2024-01" in out
    assert "resume date: 2026-10-07" in out


def test_an_installed_spacy_pipeline_can_replace_blank_english(tmp_path: Path) -> None:
    """--spacy-model takes a pipeline folder (or package) offline; its results are kept apart in the state."""
    import sqlite3

    import spacy

    nlp = spacy.blank("en")
    nlp.meta.update(name="resumes", version="1.2.0")
    nlp.to_disk(tmp_path / "en_resumes")
    fixture = str(FIXTURE_PDFS / "01_ai_strong.pdf")
    plain, plugged, db = tmp_path / "plain.jsonl", tmp_path / "plugged.jsonl", tmp_path / "s.db"
    base = ["--as-of", AS_OF, "--format", "jsonl"]
    assert CliRunner().invoke(main, ["screen", fixture, "-o", str(plain), "--no-state", *base]).exit_code == 0
    result = CliRunner().invoke(
        main,
        ["screen", fixture, "-o", str(plugged), "--state", str(db), "--spacy-model", str(tmp_path / "en_resumes"),
         *base],
    )
    assert result.exit_code == 0, result.output
    a, b = (json.loads(f.read_text(encoding="utf-8").splitlines()[0]) for f in (plain, plugged))
    # English tokenization either way, so the same tools and judgement.
    assert (a["profile"], a["column_a_tools"], a["llm_tenure_months"]) == (
        b["profile"], b["column_a_tools"], b["llm_tenure_months"])
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT engine FROM runs").fetchone()[0] == "auto+spacy:en_resumes-1.2.0"


def test_a_spacy_pipeline_that_is_not_installed_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["screen", str(FIXTURE_PDFS / "01_ai_strong.pdf"), "-o", str(tmp_path / "x.csv"),
               "--spacy-model", "xx_not_installed_sm"],
    )
    assert result.exit_code == 2
    assert "never downloads" in result.output and not (tmp_path / "x.csv").exists()


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["screen", str(tmp_path / "nope"), "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_strict_exits_1_when_a_file_failed(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["screen", str(FIXTURE_PDFS / "92_empty.pdf"), "-o", str(tmp_path / "x.csv"), "--as-of", AS_OF, "--strict"],
    )
    assert result.exit_code == 1


def test_taxonomy_lists_and_validates(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["taxonomy"])
    assert result.exit_code == 0, result.output
    assert "Column A" in result.output and "LangChain" in result.output and "no problems" in result.output
    from screener.taxonomy import default_taxonomy_dir

    broken = tmp_path / "tax"
    shutil.copytree(default_taxonomy_dir(), broken, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    tools = broken / "tools.csv"
    lines = tools.read_text(encoding="utf-8").splitlines()
    lines.append(lines[1].replace(lines[1].split(",")[0], "dup-row", 1))  # same aliases again
    tools.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["taxonomy", "--taxonomy", str(broken)])
    assert result.exit_code == 2
    assert f"tools.csv:{len(lines)}:" in result.output and "also belongs to" in result.output


def test_help_is_fast_to_import() -> None:
    # `screener --help` and `--version` import neither the heavy libraries nor screener's own stages (the
    # taxonomy, the readers, the executors, the record): each command imports what it uses.
    heavy = ("spacy", "pdfplumber", "polars", "pypdfium2", "rich", "screener.taxonomy", "screener.read",
             "screener.run.executors", "screener.record", "screener.model", "screener.judge", "screener.config")
    code = f"import sys, screener.cli; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
