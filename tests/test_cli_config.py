"""Defaults from a config file and SCREENER_* variables (flag > env > file > built-in), and the JSON
forms of history, diff and taxonomy (issue 23)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from support import AS_OF, FIXTURE_PDFS

from screener.cli import main
from screener.config import settings

ONE = str(FIXTURE_PDFS / "01_ai_strong.pdf")
TWO = str(FIXTURE_PDFS / "02_ai_agents_sidebar.pdf")


def effective(env: dict[str, str], cwd: Path) -> dict[tuple[str, str], tuple[object, str]]:
    return {(s.command, s.key): (s.value, s.source) for s in settings(main, env, cwd)}


def test_precedence_env_over_file_over_built_in(tmp_path: Path) -> None:
    (tmp_path / "screener.toml").write_text('role = "ml-engineer"\n[screen]\njobs = 2\nas_of = "2026-01-02"\n')
    got = effective({}, tmp_path)
    assert got[("screen", "role")][0] == "ml-engineer" and got[("explain", "role")][0] == "ml-engineer"
    assert got[("screen", "jobs")][0] == 2 and "[screen]" in got[("screen", "jobs")][1]
    assert got[("screen", "as-of")][0] == "2026-01-02"
    assert got[("screen", "engine")] == ("auto", "built-in")
    got = effective({"SCREENER_ROLE": "hybrid", "SCREENER_SCREEN_JOBS": "3"}, tmp_path)
    assert got[("screen", "role")] == ("hybrid", "env SCREENER_ROLE")
    assert got[("screen", "jobs")] == ("3", "env SCREENER_SCREEN_JOBS")


def test_a_file_sets_defaults_and_a_flag_beats_it(tmp_path: Path) -> None:
    conf = tmp_path / "c.toml"
    conf.write_text('role = "ml-engineer"\n')
    runner = CliRunner(env={"SCREENER_CONFIG": str(conf)})
    args = ["screen", ONE, "-o", str(tmp_path / "r.csv"), "--no-state", "--as-of", AS_OF]
    assert "for ml-engineer" in runner.invoke(main, args).output
    assert "for ai-engineer" in runner.invoke(main, [*args, "--role", "ai-engineer"]).output
    env_runner = CliRunner(env={"SCREENER_CONFIG": str(conf), "SCREENER_ROLE": "ai-engineer"})
    assert "for ai-engineer" in env_runner.invoke(main, args).output
    assert "for ml-engineer" in env_runner.invoke(main, [*args, "--role", "ml-engineer"]).output


def test_config_shows_values_and_sources_and_rejects_unknown_keys(tmp_path: Path) -> None:
    conf = tmp_path / "c.toml"
    conf.write_text('[screen]\nrole = "ml-engineer"\n')
    result = CliRunner(env={"SCREENER_CONFIG": str(conf)}).invoke(main, ["config", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["file"] == str(conf)
    role = next(s for s in data["settings"] if s["command"] == "screen" and s["option"] == "role")
    assert role["value"] == "ml-engineer" and role["source"] == f"file {conf} [screen]"
    text = CliRunner(env={"SCREENER_CONFIG": str(conf)}).invoke(main, ["config"]).output
    assert f"screen --role = ml-engineer  (file {conf} [screen])" in text
    conf.write_text("colour = 1\n")
    result = CliRunner(env={"SCREENER_CONFIG": str(conf)}).invoke(main, ["history"])
    assert result.exit_code == 2 and "colour is no option" in result.output


def test_history_and_diff_as_json(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "r.csv"
    base = ["-o", str(out), "--as-of", AS_OF, "-q"]
    assert runner.invoke(main, ["screen", ONE, *base]).exit_code == 0
    first = json.loads(runner.invoke(main, ["diff", "-o", str(out), "--json"]).output)
    assert first["before"] is None and [r["candidate"] for r in first["new"]] == ["Maya Chen"]
    assert runner.invoke(main, ["screen", ONE, TWO, *base]).exit_code == 0
    hist = json.loads(runner.invoke(main, ["history", "-o", str(out), "--json"]).output)
    assert hist["locked"] is False and [r["id"] for r in hist["runs"]] == [2, 1]
    assert hist["runs"][0]["found"] == 2 and hist["runs"][0]["list_kept"] is True
    d = json.loads(runner.invoke(main, ["diff", "-o", str(out), "--json"]).output)
    assert (d["before"], d["now"], d["role"]) == (1, 2, "ai-engineer")
    assert [r["candidate"] for r in d["new"]] == ["Aarav Mehta"] and d["gone"] == []
    assert set(d) == {"before", "now", "role", "new", "gone", "moved", "new_flags", "resent", "job", "job_before"}
    assert d["job"] is None and d["job_before"] is None  # runs for a role alone (screen --job names one)


def test_taxonomy_as_json_holds_what_the_text_lists() -> None:
    data = json.loads(CliRunner().invoke(main, ["taxonomy", "--json"]).output)
    text = CliRunner().invoke(main, ["taxonomy"]).output
    assert text.rstrip().endswith(f"taxonomy {data['version']}: {len(data['tools'])} tools, "
                                  f"{len(data['practices'])} practices, no problems")
    assert {t["column"] for t in data["tools"]} == {"A", "B", "N"}
    assert all(set(t) == {"name", "column", "category", "first_release"} for t in data["tools"])
