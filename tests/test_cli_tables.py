"""--json and --csv on every command that lists data (issue 23): history, diff, taxonomy, decisions, config.
The CSV holds what the JSON holds, one row per run, change or entry, with the columns the README names."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import AS_OF, FIXTURE_PDFS

from screener.cli import main

ONE = str(FIXTURE_PDFS / "01_ai_strong.pdf")  # Maya Chen, an AI engineer
TWO = str(FIXTURE_PDFS / "02_ai_agents_sidebar.pdf")  # Aarav Mehta
FRONTEND = str(FIXTURE_PDFS / "05_frontend.pdf")  # Olivia Brandt, no evidence for either role


def table(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text)))


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run 1 screens Maya and Olivia; run 2 Maya and Aarav: Aarav is new, Olivia gone."""
    out = tmp_path_factory.mktemp("tables") / "r.csv"
    invoke("screen", ONE, FRONTEND, "-o", str(out), "--as-of", AS_OF, "-q", "-j", "1")
    invoke("screen", ONE, TWO, "-o", str(out), "--as-of", AS_OF, "-q", "-j", "1")
    return out


def test_history_as_csv_has_one_row_per_run(two_runs: Path) -> None:
    text = invoke("history", "-o", str(two_runs), "--csv")
    assert header(text)[:18] == ["id", "started", "finished", "status", "role", "as_of", "engine", "taxonomy_version",
                                 "screener_version", "found", "screened", "reused", "ranked", "duplicates",
                                 "failed", "list_kept", "pid", "options"]
    rows = table(text)
    assert [r["id"] for r in rows] == ["2", "1"]  # newest first, as in the text and JSON forms
    assert [r["status"] for r in rows] == ["completed", "completed"]
    assert (rows[0]["found"], rows[0]["screened"], rows[0]["reused"]) == ("2", "1", "1")  # Maya unchanged
    assert rows[0]["list_kept"] == "true" and rows[0]["as_of"] == AS_OF
    assert json.loads(rows[0]["options"])["paths"] == [ONE, TWO]


def test_diff_as_csv_has_one_row_per_change(two_runs: Path) -> None:
    text = invoke("diff", "-o", str(two_runs), "--csv")
    assert header(text) == ["change", "path", "sha256", "identity", "candidate", "rank", "fit_score", "profile",
                            "status", "red_flags", "before_rank", "before_fit_score", "new_flags"]
    rows = {r["change"]: r for r in table(text)}
    assert set(rows) == {"new", "gone"}
    assert rows["new"]["candidate"] == "Aarav Mehta" and rows["new"]["path"] == TWO
    assert rows["gone"]["candidate"] == "Olivia Brandt" and rows["gone"]["fit_score"] == "0.0"
    data = json.loads(invoke("diff", "-o", str(two_runs), "--json"))
    assert [r["candidate"] for r in data["new"]] == ["Aarav Mehta"]
    assert [r["candidate"] for r in data["gone"]] == ["Olivia Brandt"]


def test_diff_of_the_first_run_lists_everyone_as_new(two_runs: Path) -> None:
    rows = table(invoke("diff", "-o", str(two_runs), "--run", "1", "--csv"))
    assert [(r["change"], r["candidate"]) for r in rows] == [("new", "Maya Chen"), ("new", "Olivia Brandt")]


def test_taxonomy_as_csv_lists_every_tool_and_practice() -> None:
    data = json.loads(invoke("taxonomy", "--json"))
    text = invoke("taxonomy", "--csv")
    assert header(text) == ["kind", "name", "column", "category", "first_release"]
    rows = table(text)
    tools = [r for r in rows if r["kind"] == "tool"]
    practices = [r for r in rows if r["kind"] == "practice"]
    assert len(tools) == len(data["tools"]) and len(practices) == len(data["practices"])
    assert len(rows) == len(tools) + len(practices)
    assert {r["column"] for r in rows} == {"A", "B", "N"}
    assert all(r["category"] == "" and r["first_release"] == "" for r in practices)


def test_decisions_take_the_same_flags_and_keep_format(two_runs: Path) -> None:
    state = ["-o", str(two_runs)]
    assert json.loads(invoke("decisions", *state, "--json")) == []
    assert invoke("decisions", *state, "--format", "json") == invoke("decisions", *state, "--json")
    assert invoke("decisions", *state, "--csv") == invoke("decisions", *state)  # CSV stays the default
    assert header(invoke("decisions", *state, "--csv"))[:4] == ["id", "decided", "reviewer", "candidate"]


def test_config_as_csv() -> None:
    rows = table(invoke("config", "--csv"))
    assert header(invoke("config", "--csv")) == ["command", "option", "value", "source"]
    engine = next(r for r in rows if (r["command"], r["option"]) == ("screen", "engine"))
    assert engine["value"] == "auto"


@pytest.mark.parametrize("command", [["history"], ["diff"], ["taxonomy"], ["decisions"], ["config"]])
def test_json_and_csv_together_are_a_usage_error(command: list[str], two_runs: Path) -> None:
    state = ["-o", str(two_runs)] if command[0] in ("history", "diff", "decisions") else []
    result = CliRunner().invoke(main, [*command, *state, "--json", "--csv"])
    assert result.exit_code == 2 and "--json and --csv exclude each other" in result.output


def test_job_as_json_has_the_documented_shape() -> None:
    jd = Path(__file__).parent.parent / "fixtures" / "jobs" / "01_ai_engineer.md"
    data = json.loads(invoke("job", str(jd), "--json", "--as-of", AS_OF))
    assert set(data) == {"file", "sha256", "title", "variant", "target", "seniority", "as_of", "answers",
                         "requirements", "years", "salary", "problems"}
    assert data["variant"] == "ai-engineer" and data["as_of"] == AS_OF
    assert {a["question"] for a in data["answers"]} == {"deliverable", "stack", "background"}
    assert all(set(a) == {"question", "answer", "why", "lines"} for a in data["answers"])
    assert all(set(r) == {"name", "importance", "column", "alternatives", "line", "text"}
               for r in data["requirements"])
    assert all(set(a) == {"name", "kind", "column", "category"} for r in data["requirements"]
               for a in r["alternatives"])
    assert all(set(y) == {"phrase", "kind", "of", "tool", "min_months", "max_months", "importance", "line", "text"}
               for y in data["years"])
    assert data["salary"] is None or set(data["salary"]) == {"low", "high", "currency", "pay", "line", "text"}
    assert all(set(p) == {"code", "why", "line", "text"} for p in data["problems"])
