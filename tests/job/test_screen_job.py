"""`screener screen --job JD` end to end: the hand-written pairs in rank order, the CSV's job columns, the
JSONL's requirement table, the report's job parts, `explain --job`, the run row's job in history and
diff, and a second JD over the same state reading no file."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from support.reads import counted_reads

from screener.cli import main
from screener.record import CSV_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
JOBS, PDFS = ROOT / "fixtures" / "jobs", ROOT / "fixtures" / "pdf"
AS_OF = "2026-11-01"
JOB_COLUMNS = ["job", "must_have_met", "must_have_missing", "nice_to_have_met", "probes"]
# Ranked in this order over one state: 13 (ai-engineer) and 14 (ml-engineer) after 01 reuse every record.
RANKED = ["01_ai_engineer.md", "13_ai_agents.docx", "14_ml_ranking.pdf"]


def _pairs() -> dict[str, list[list[str]]]:
    with (JOBS / "expected.toml").open("rb") as fh:
        return dict(tomllib.load(fh)["ranking"])


def _files() -> list[str]:
    """Every resume the hand-written pairs name (a fifth of fixtures/pdf: the test stays quick)."""
    return sorted({str(PDFS / name) for pairs in _pairs().values() for a, _, b in pairs for name in (a, b)})


def _screen(out: Path, job: str, *extra: str) -> Any:
    args = ["screen", *_files(), "-o", str(out / f"{job}.csv"), "--jsonl", str(out / f"{job}.jsonl"),
            "--as-of", AS_OF, "--job", str(JOBS / job), "--executor", "serial", *extra]
    return CliRunner().invoke(main, args, catch_exceptions=False)


@pytest.fixture(scope="module")
def screened(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The pairs' resumes ranked against each of the three JDs, one state; each run counts the resume files it
    opened and the readers it called (the pipeline's own read_file and read_bytes: the JD's read is not one)."""
    out = tmp_path_factory.mktemp("job-screen")
    runs: dict[str, Any] = {"out": out, "reads": {}}
    for job in RANKED:
        with counted_reads() as calls:
            result = _screen(out, job, "--html", str(out / f"{job}.html"), "--parquet", str(out / f"{job}.parquet"))
        assert result.exit_code == 0, result.output
        runs[job] = result
        runs["reads"][job] = calls
    return runs


def _rows(out: Path, job: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / f"{job}.csv").read_text(encoding="utf-8"))))


@pytest.mark.parametrize("job", RANKED)
def test_the_hand_written_pairs_are_in_rank_order(screened: dict[str, Any], job: str) -> None:
    rank = {Path(r["file"]).name: int(r["rank"]) for r in _rows(screened["out"], job) if r["rank"]}
    wrong = [f"{a} #{rank[a]} not above {b} #{rank[b]}" for a, _, b in _pairs()[job] if rank[a] >= rank[b]]
    assert not wrong, wrong


def test_a_second_jd_over_the_same_state_reads_no_file(screened: dict[str, Any]) -> None:
    """Whatever the JD's variant: the ML job after two AI jobs reads nothing either."""
    assert screened["reads"]["01_ai_engineer.md"].count("read_file") == len(_files())  # the first read every file
    assert screened["reads"]["01_ai_engineer.md"].count("read_bytes") == len(_files())
    for job in RANKED[1:]:
        assert screened["reads"][job] == [], job
        assert "Nothing new to screen" in screened[job].output


def test_the_csv_appends_the_job_columns(screened: dict[str, Any]) -> None:
    text = (screened["out"] / "13_ai_agents.docx.csv").read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    assert header == [*CSV_COLUMNS, *JOB_COLUMNS]
    rows = {Path(r["file"]).name: r for r in _rows(screened["out"], "13_ai_agents.docx")}
    strong, ml = rows["01_ai_strong.pdf"], rows["08_ml_strong.pdf"]
    assert strong["job"] == "13_ai_agents.docx" and "LangGraph" in strong["must_have_met"].split(";")
    # the ML engineer shows neither LangGraph nor Braintrust: listed, flagged, still ranked
    assert {"LangGraph", "Braintrust"} <= set(ml["must_have_missing"].split(";"))
    assert "missing-must-have" in ml["red_flags"].split(";") and ml["rank"]
    assert "Ask about LangGraph" in ml["probes"]


def test_the_parquet_has_the_csvs_job_columns(screened: dict[str, Any]) -> None:
    """The same columns, named as in the CSV; the requirement and probe columns are lists whose joined text is the
    CSV's cell."""
    import polars as pl

    frame = pl.read_parquet(screened["out"] / "13_ai_agents.docx.parquet")
    assert frame.columns == [*CSV_COLUMNS, *JOB_COLUMNS]
    assert frame.schema["job"] == pl.String and frame.schema["must_have_missing"] == pl.List(pl.String)
    rows = _rows(screened["out"], "13_ai_agents.docx")
    assert len(rows) == frame.height
    for row, got in zip(rows, frame.to_dicts(), strict=True):
        assert got["file"] == row["file"] and got["job"] == row["job"]
        for col in ("must_have_met", "must_have_missing", "nice_to_have_met"):
            assert ";".join(got[col]) == row[col], (row["file"], col)
        assert " | ".join(got["probes"]) == row["probes"]
    ml = next(r for r in frame.to_dicts() if Path(r["file"]).name == "08_ml_strong.pdf")
    assert {"LangGraph", "Braintrust"} <= set(ml["must_have_missing"])


def test_the_jsonl_carries_the_requirement_table(screened: dict[str, Any]) -> None:
    lines = [json.loads(x) for x in (screened["out"] / "14_ml_ranking.pdf.jsonl").read_text().splitlines()]
    first = lines[0]
    assert list(first)[-1] == "job" and first["job"]["score"] == first["fit_score"]
    # the record's own score parts and role are the job's, so every output adds up to the score it shows
    assert first["role"] == "ml-engineer" and first["score_parts"] == first["job"]["parts"]
    table = {r["requirement"]: r for r in first["job"]["requirements"]}
    assert table["PyTorch"]["importance"] == "must" and table["PyTorch"]["verdict"] in ("met", "partial", "missing")
    assert "4+ years of production ML" in table


def test_the_report_shows_the_job_and_each_candidates_requirements(screened: dict[str, Any]) -> None:
    page = (screened["out"] / "13_ai_agents.docx.html").read_text(encoding="utf-8")
    assert "The job: Senior AI Engineer, Agents" in page
    assert page.index('id="h-job"') < page.index('id="h-table"') < page.index('id="h-job-fits"')
    assert page.count('<details class="job-fit"') == len(_files())


def test_history_and_diff_name_the_job(screened: dict[str, Any]) -> None:
    csv_path = str(screened["out"] / "01_ai_engineer.md.csv")
    runner = CliRunner()
    history = runner.invoke(main, ["history", "-o", csv_path])
    assert "13_ai_agents.docx \"Senior AI Engineer, Agents\"" in history.output
    runs = json.loads(runner.invoke(main, ["history", "-o", csv_path, "--json"]).output)["runs"]
    assert [r["job"]["file"] for r in runs] == list(reversed(RANKED))
    assert all(len(r["job"]["sha256"]) == 64 for r in runs)
    diff = runner.invoke(main, ["diff", "-o", csv_path, "--run", "2", "--since", "1"])
    assert "job 13_ai_agents.docx" in diff.output and "The job changed" in diff.output
    data = json.loads(runner.invoke(main, ["diff", "-o", csv_path, "--run", "2", "--since", "1", "--json"]).output)
    assert data["job"]["file"] == "13_ai_agents.docx" and data["job_before"]["file"] == "01_ai_engineer.md"


def test_job_and_role_exclude_each_other(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["screen", str(PDFS / "01_ai_strong.pdf"), "-o", str(tmp_path / "r.csv"),
                                       "--job", str(JOBS / "01_ai_engineer.md"), "--role", "ml-engineer"])
    assert result.exit_code == 2 and "--job and --role exclude each other" in result.output


def test_a_mixed_jd_ranks_for_its_heavier_column_and_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["screen", str(PDFS / "01_ai_strong.pdf"), "-o", str(tmp_path / "r.csv"),
                                       "--job", str(JOBS / "06_muddled.md"), "--as-of", AS_OF, "--no-state",
                                       "--executor", "serial"])
    assert result.exit_code == 0
    assert "variant mixed" in result.output and "job problem: mixed-variants" in result.output


def test_explain_prints_the_requirement_table() -> None:
    result = CliRunner().invoke(main, ["explain", str(PDFS / "08_ml_strong.pdf"), "--as-of", AS_OF,
                                       "--job", str(JOBS / "13_ai_agents.docx")])
    assert result.exit_code == 0
    assert "job fit against 13_ai_agents.docx" in result.output
    assert "[must] LangGraph: missing" in result.output and "flags: missing-must-have: " in result.output


def _job_parts(page: str) -> tuple[int, int, int]:
    """What a report shows of a job: its JD section, the candidates' requirement tables, the job flags."""
    return page.count('id="h-job"'), page.count('<details class="job-fit"'), page.count("missing-must-have")


def test_report_from_the_state_with_the_job_draws_what_the_screen_drew(screened: dict[str, Any]) -> None:
    out, runner = screened["out"], CliRunner()
    state = str(out / ".screener" / "state.db")
    drawn = runner.invoke(main, ["report", state, "--run", "2", "--job", str(JOBS / "13_ai_agents.docx"),
                                 "-o", str(out / "again.html")])
    assert drawn.exit_code == 0, drawn.output
    page = (out / "again.html").read_text(encoding="utf-8")
    screen_page = (out / "13_ai_agents.docx.html").read_text(encoding="utf-8")
    assert "The job: Senior AI Engineer, Agents" in page
    assert _job_parts(page) == _job_parts(screen_page) == (1, len(_files()), _job_parts(screen_page)[2])
    assert _job_parts(page)[2] > 0  # an ML resume misses the agents JD's must-haves, and says so again
    # without the JD the page has no job parts, and the command says how to get them
    plain = runner.invoke(main, ["report", state, "--run", "2", "-o", str(out / "plain.html")])
    assert plain.exit_code == 0 and "give it with --job" in plain.output
    assert _job_parts((out / "plain.html").read_text(encoding="utf-8"))[:2] == (0, 0)


def test_report_with_another_jd_than_the_runs_is_refused(screened: dict[str, Any]) -> None:
    out, runner = screened["out"], CliRunner()
    state = str(out / ".screener" / "state.db")
    wrong = runner.invoke(main, ["report", state, "--run", "2", "--job", str(JOBS / "01_ai_engineer.md"),
                                 "-o", str(out / "wrong.html")])
    assert wrong.exit_code == 2 and "screened against 13_ai_agents.docx" in wrong.output
    assert not (out / "wrong.html").exists()
    jsonl = str(out / "13_ai_agents.docx.jsonl")
    other = runner.invoke(main, ["report", jsonl, "--job", str(JOBS / "14_ml_ranking.pdf"), "--as-of", AS_OF,
                                 "-o", str(out / "wrong.html")])
    assert other.exit_code == 2 and "screened against 13_ai_agents.docx, not 14_ml_ranking.pdf" in other.output


def test_report_from_the_jsonl_with_the_job_adds_its_analysis(screened: dict[str, Any]) -> None:
    out, runner = screened["out"], CliRunner()
    jsonl, jd = str(out / "13_ai_agents.docx.jsonl"), str(JOBS / "13_ai_agents.docx")
    no_day = runner.invoke(main, ["report", jsonl, "--job", jd, "-o", str(out / "j.html")])
    assert no_day.exit_code == 2 and "--as-of" in no_day.output
    drawn = runner.invoke(main, ["report", jsonl, "--job", jd, "--as-of", AS_OF, "-o", str(out / "j.html")])
    assert drawn.exit_code == 0, drawn.output
    page = (out / "j.html").read_text(encoding="utf-8")
    assert "The job: Senior AI Engineer, Agents" in page and _job_parts(page)[:2] == (1, len(_files()))
