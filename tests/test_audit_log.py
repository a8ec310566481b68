"""The audit log (issue 22): who ran what on which files with which versions, every output row and decision;
append-only in the database itself, surviving a killed run, with a retention the law allows."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from support.batch import popen_cli, replicate, sigkill_when
from support.paths import AS_OF, FIXTURE_PDFS, fixture_inbox

from screener import __version__
from screener.cli import main
from screener.record import Record
from screener.run import audit, retention
from screener.run.decisions import decision_for, record_decision
from screener.run.state import State

FILES = ("01_ai_strong.pdf", "02_ai_agents_sidebar.pdf", "03_ai_brazil_pt.pdf")


def _inbox(tmp_path: Path) -> Path:
    return fixture_inbox(tmp_path / "inbox", FILES)


def _screen(tmp_path: Path, *extra: str) -> Any:
    out, db = tmp_path / "ranked.csv", tmp_path / "state.db"
    res = CliRunner().invoke(main, ["screen", str(tmp_path / "inbox"), "-o", str(out), "--jsonl",
                                    str(tmp_path / "ranked.jsonl"), "--state", str(db), "--as-of", AS_OF, "-q",
                                    "--executor", "serial", *extra])
    return res


def _log(db: Path, *extra: str) -> list[dict[str, Any]]:
    res = CliRunner().invoke(main, ["audit", "log", "--state", str(db), *extra])
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.output.splitlines()]


def test_a_run_is_logged_step_by_step_with_who_what_and_every_version(tmp_path: Path) -> None:
    _inbox(tmp_path)
    res = _screen(tmp_path, "--operator", "Kim Recruiter")
    assert res.exit_code == 0, res.output
    entries = _log(tmp_path / "state.db")
    events = [e["event"] for e in entries]
    # Started, the three files as they were screened, the two outputs and three rows, ended: in that order.
    assert events == ["run-started", "input", "input", "input", "output-file", "output-file", "output-row",
                      "output-row", "output-row", "run-ended"]
    assert {e["operator"] for e in entries} == {"Kim Recruiter"} and {e["run_id"] for e in entries} == {1}
    start = entries[0]["detail"]
    assert start["screener_version"] == __version__ and start["operator_source"] == "--operator"
    assert isinstance(start["argv"], list)  # the process's command line (the killed run's test checks it)
    assert start["taxonomy_version"] and start["role"] == "ai-engineer" and start["as_of"] == AS_OF
    assert start["scoring_version"].startswith(start["code_version"] + "+")
    # Each input's hash is the file's own bytes' hash, with its status.
    inputs = {Path(e["subject"]).name: e for e in entries if e["event"] == "input"}
    for name in FILES:
        data = (tmp_path / "inbox" / name).read_bytes()
        assert inputs[name]["sha256"] == hashlib.sha256(data).hexdigest()
        assert inputs[name]["status"] == "ok" and inputs[name]["detail"] == {"how": "screened"}
    # Each output row's hash is the sha256 of its line in the ranked CSV; each file's, of the file.
    lines = (tmp_path / "ranked.csv").read_bytes().splitlines(keepends=True)[1:]
    assert [e["sha256"] for e in entries if e["event"] == "output-row"] == \
        [hashlib.sha256(line).hexdigest() for line in lines]
    files = {Path(e["subject"]).name: e["sha256"] for e in entries if e["event"] == "output-file"}
    assert files["ranked.csv"] == hashlib.sha256((tmp_path / "ranked.csv").read_bytes()).hexdigest()
    assert entries[-1]["status"] == "completed" and entries[-1]["detail"]["counts"]["ranked"] == 3


def test_without_operator_the_os_user_is_logged_and_a_reused_file_says_so(tmp_path: Path) -> None:
    _inbox(tmp_path)
    assert _screen(tmp_path).exit_code == 0
    assert _screen(tmp_path).exit_code == 0
    second = [e for e in _log(tmp_path / "state.db") if e["run_id"] == 2]
    assert second[0]["operator"] == audit.os_user() and second[0]["detail"]["operator_source"] == "os user"
    assert [e["detail"]["how"] for e in second if e["event"] == "input"] == ["planned"] * 3


def test_the_log_is_append_only_in_the_database_itself(tmp_path: Path) -> None:
    _inbox(tmp_path)
    assert _screen(tmp_path).exit_code == 0
    con = sqlite3.connect(tmp_path / "state.db")
    for sql in ("UPDATE audit_log SET operator = 'someone else'", "DELETE FROM audit_log",
                "DELETE FROM audit_log WHERE id = 1"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute(sql)
    con.close()


def test_no_command_line_path_rewrites_the_log(tmp_path: Path) -> None:
    """Every command that opens the state, then a second screen: the entries before are kept as they were."""
    _inbox(tmp_path)
    db = tmp_path / "state.db"
    assert _screen(tmp_path).exit_code == 0
    before = _log(db)
    demo = tmp_path / "eeo.csv"
    demo.write_text("sha256,sex,race\n" + "".join(f"{e['sha256']},Female,Asian\n" for e in before
                                                  if e["event"] == "input"), encoding="utf-8")
    runner = CliRunner()
    for args in (["history", "--state", str(db)], ["diff", "--state", str(db)], ["decisions", "--state", str(db)],
                 ["report", str(db), "-o", str(tmp_path / "r.html")], ["audit", "log", "--state", str(db)],
                 ["audit", "log", "--state", str(db), "--format", "csv", "--since", "2000-01-01"],
                 ["audit", "impact", "--demographics", str(demo), "--state", str(db), "--shortlist", "1",
                  "-o", str(tmp_path / "i.csv"), "--html", str(tmp_path / "i.html")]):
        res = runner.invoke(main, args)
        assert res.exit_code == 0, (args, res.output)
    assert _screen(tmp_path, "--rescreen").exit_code == 0
    after = _log(db)
    assert after[:len(before)] == before and len(after) > len(before)
    # The audit group reads; it has no command that writes the log.
    assert set(main.commands["audit"].commands) == {"log", "impact"}  # type: ignore[attr-defined]


def test_a_decision_is_logged_as_it_is_recorded(tmp_path: Path) -> None:
    state = State(tmp_path / "s.db")
    rec = Record(rank=2, fit_score=71.0, candidate="Ann Lee", email="ann@example.org", file="a.pdf", sha256="aa")
    record_decision(state, decision_for(rec, "shortlist", "strong-evidence", "good evals", "Lou", 4))
    [entry] = audit.entries(state)
    assert (entry["event"], entry["operator"], entry["status"], entry["run_id"], entry["sha256"]) == \
        ("decision", "Lou", "shortlist", 4, "aa")
    assert entry["detail"]["reason"] == "strong-evidence" and entry["detail"]["rank"] == 2
    state.close()


def test_a_retention_under_six_months_is_refused(tmp_path: Path) -> None:
    _inbox(tmp_path)
    res = _screen(tmp_path, "--audit-retention", "183")
    assert res.exit_code == 2 and "six months" in res.output
    with pytest.raises(audit.RetentionError):
        audit.check_retention(30)
    assert retention.DEFAULT_RETENTION_DAYS == 1096  # three years, a leap day included


def _at(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    """Entries written from now on carry this day's time (a log kept for years, in a test)."""
    monkeypatch.setattr(audit, "now", lambda: day + "T10:00:00+00:00")


def test_pruning_drops_only_old_entries_logs_itself_and_keeps_the_guard(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    state = State(tmp_path / "s.db")
    for day in ("2022-01-05", "2026-06-01", "2026-12-01"):
        _at(monkeypatch, day)
        audit.commit(state, [audit.Entry("input", "x", status="ok")])
    monkeypatch.undo()
    gone = audit.prune(state, 184, "Kim", today=dt.date(2026, 12, 6))  # cutoff 2026-06-05
    assert gone == 2
    kept = audit.entries(state)
    assert [e["at"][:10] for e in kept[:-1]] == ["2026-12-01"]
    assert kept[-1]["event"] == "pruned" and kept[-1]["operator"] == "Kim"
    assert {k: kept[-1]["detail"][k] for k in ("removed", "before", "retention_days")} == \
        {"removed": 2, "before": "2026-06-05", "retention_days": 184}
    assert audit.verify(state) == (2, None)  # the chain goes on from the entries pruned
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        state.db.execute("DELETE FROM audit_log")
    assert audit.prune(state, 184, "Kim", today=dt.date(2026, 12, 6)) == 0  # nothing old: nothing logged
    assert len(audit.entries(state)) == 2
    state.close()


def test_pruning_never_drops_an_entry_newer_than_the_cutoff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state = State(tmp_path / "s.db")
    for day in ("2022-01-05", "2026-12-01", "2021-01-01"):  # the clock set back for the third
        _at(monkeypatch, day)
        audit.commit(state, [audit.Entry("input", "x", status="ok")])
    monkeypatch.undo()
    assert audit.prune(state, 184, "Kim", today=dt.date(2026, 12, 6)) == 1
    assert [e["at"][:10] for e in audit.entries(state)][:2] == ["2026-12-01", "2021-01-01"]
    state.close()


def test_a_screen_prunes_with_its_retention(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _inbox(tmp_path)
    db = tmp_path / "state.db"
    _at(monkeypatch, "2020-01-01")
    assert _screen(tmp_path, "--audit-retention", "4000").exit_code == 0  # eleven years: kept
    first = len(_log(db))
    assert first == 10
    monkeypatch.undo()
    assert _screen(tmp_path, "--audit-retention", "400").exit_code == 0
    entries = _log(db)
    assert not any(e["at"].startswith("2020") for e in entries)
    assert entries[-1]["event"] == "pruned" and entries[-1]["detail"]["retention_days"] == 400
    assert entries[-1]["detail"]["removed"] == first
    res = CliRunner().invoke(main, ["audit", "log", "--state", str(db), "--verify"])
    assert res.exit_code == 0 and f"{len(entries)} entries chain unbroken" in res.output


def test_an_entry_altered_or_removed_by_hand_breaks_the_chain(tmp_path: Path) -> None:
    _inbox(tmp_path)
    db = tmp_path / "state.db"
    assert _screen(tmp_path).exit_code == 0
    verify = ["audit", "log", "--state", str(db), "--verify"]
    assert CliRunner().invoke(main, verify).exit_code == 0
    con = sqlite3.connect(db)
    con.execute("DROP TRIGGER audit_log_no_update")  # what only someone with sqlite3 in hand can do
    con.execute("UPDATE audit_log SET status = 'error' WHERE id = 3")
    con.commit()
    res = CliRunner().invoke(main, verify)
    assert res.exit_code == 1 and "entry 3 does not follow" in res.output
    con.execute("UPDATE audit_log SET status = 'ok' WHERE id = 3")  # put back: the chain holds again
    con.commit()
    assert CliRunner().invoke(main, verify).exit_code == 0
    con.execute("DROP TRIGGER audit_log_no_delete")
    con.execute("DELETE FROM audit_log WHERE id = 5")
    con.commit()
    con.close()
    res = CliRunner().invoke(main, verify)
    assert res.exit_code == 1 and "entry 6 does not follow" in res.output


def test_the_csv_export_and_since(tmp_path: Path) -> None:
    _inbox(tmp_path)
    assert _screen(tmp_path).exit_code == 0
    res = CliRunner().invoke(main, ["audit", "log", "--state", str(tmp_path / "state.db"), "--format", "csv"])
    assert res.output.splitlines()[0] == ",".join(audit.COLUMNS) and len(res.output.splitlines()) == 11
    assert res.output.splitlines()[1].endswith(_log(tmp_path / "state.db")[0]["chain"])
    tomorrow = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)).isoformat()
    assert _log(tmp_path / "state.db", "--since", tomorrow) == []
    bad = CliRunner().invoke(main, ["audit", "log", "--state", str(tmp_path / "state.db"), "--since", "May 1"])
    assert bad.exit_code == 2


def test_a_killed_run_keeps_the_entries_of_its_completed_steps(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    replicate(FIXTURE_PDFS, inbox, 40)
    db = tmp_path / "state.db"
    proc = popen_cli("screen", str(inbox), "-o", str(tmp_path / "r.csv"), "--state", str(db), "--as-of", AS_OF,
                     "--jobs", "1", "--operator", "Kim")
    seen = sigkill_when(proc, db, "SELECT count(*) FROM audit_log WHERE event = 'input'", 4)
    con = sqlite3.connect(db)
    events = [r[0] for r in con.execute("SELECT event FROM audit_log ORDER BY id")]
    argv = json.loads(con.execute("SELECT detail FROM audit_log WHERE id = 1").fetchone()[0])["argv"]
    screened = con.execute("SELECT count(*) FROM results WHERE run_id = 1").fetchone()[0]
    con.close()
    # Every entry seen before the kill is kept; every committed result has its entry (but perhaps the one
    # saved in the instant of the kill); the start is there, the end never came.
    assert events[0] == "run-started" and "run-ended" not in events
    assert argv[1:3] == ["screen", str(inbox)] and argv[-2:] == ["--operator", "Kim"]
    assert events.count("input") >= max(seen, screened - 1) and events.count("input") < 40


def test_a_decision_made_in_the_web_app_is_logged(tmp_path: Path) -> None:
    import re

    from starlette.testclient import TestClient

    from screener.web.app import AppConfig, create_app
    from screener.web.security import Access
    from tests.web.conftest import make_state, plain_record

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.pdf").write_bytes(b"%PDF-1.4 a\n")
    db = make_state(tmp_path, {"a": plain_record(str(inbox / "a.pdf"), 1, 70.0, "Bea Lee", "b" * 64)})
    config = AppConfig(inbox, db, Access.for_host("127.0.0.1"), as_of=AS_OF, executor="serial")
    c = TestClient(create_app(config), base_url="http://127.0.0.1:8023", follow_redirects=False)
    found = re.search(r'<meta name="csrf" content="([^"]+)">', c.get("/").text)
    assert found
    form = {"decision": "decline", "reason": "stack-mismatch", "reviewer": "Kim", "note": "", "csrf": found.group(1)}
    assert c.post("/decide/0", data=form).status_code == 303
    decisions = [e for e in _log(db) if e["event"] == "decision"]
    assert [(e["operator"], e["status"], e["subject"], e["sha256"]) for e in decisions] == \
        [("Kim", "decline", "Bea Lee", "b" * 64)]


def test_the_job_descriptions_hash_comes_from_the_runs_options(tmp_path: Path, config: Any) -> None:
    from screener.run.executors import make_executor
    from screener.run.inbox import RunOptions, screen_inbox

    jd = tmp_path / "jd.txt"
    jd.write_text("AI engineer: LangChain, RAG, evals.\n", encoding="utf-8")
    db = tmp_path / "state.db"
    screen_inbox([str(FIXTURE_PDFS / FILES[0])], config, db, make_executor("serial"),
                 options=RunOptions(invocation={"job": str(jd), "operator": "A library caller"}))
    state = State(db)
    start = audit.entries(state)[0]
    state.close()
    assert (start["event"], start["operator"]) == ("run-started", "A library caller")
    assert start["sha256"] == hashlib.sha256(jd.read_bytes()).hexdigest()


def test_a_screen_against_a_job_logs_the_job_descriptions_hash(tmp_path: Path) -> None:
    _inbox(tmp_path)
    jd = FIXTURE_PDFS.parent / "jobs" / "01_ai_engineer.md"
    assert _screen(tmp_path, "--job", str(jd)).exit_code == 0
    start = _log(tmp_path / "state.db")[0]
    assert start["event"] == "run-started"
    assert start["sha256"] == hashlib.sha256(jd.read_bytes()).hexdigest()


def test_the_retention_can_come_from_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _inbox(tmp_path)
    config = tmp_path / "screener.toml"
    monkeypatch.setenv("SCREENER_CONFIG", str(config))
    config.write_text("[screen]\naudit-retention = 90\n", encoding="utf-8")
    res = _screen(tmp_path)
    assert res.exit_code == 2 and "six months" in res.output
    config.write_text("audit-retention = 400\n", encoding="utf-8")
    assert _screen(tmp_path).exit_code == 0
    started = _log(tmp_path / "state.db")[0]
    assert started["event"] == "run-started"
    state = State(tmp_path / "state.db")
    assert state.runs()[0]["options"]["audit_retention"] == 400
    state.close()


def test_an_interrupted_run_logs_its_end_and_the_files_it_finished(tmp_path: Path, config: Any) -> None:
    from collections.abc import Iterator, Sequence

    from screener.run.executors import make_executor
    from screener.run.inbox import screen_inbox

    serial = make_executor("serial")

    class StopsAfterOne:
        name = "stops-after-one"

        def screen(self, tasks: Sequence[Any], screen: Any) -> Iterator[tuple[Any, Record]]:
            for done, pair in enumerate(serial.screen(tasks, screen)):
                if done == 1:
                    raise KeyboardInterrupt  # Ctrl-C while the second file is screened
                yield pair

    db = tmp_path / "state.db"
    with pytest.raises(KeyboardInterrupt):
        screen_inbox([str(_inbox(tmp_path))], config, db, StopsAfterOne())  # type: ignore[arg-type]
    state = State(db)
    log = audit.entries(state)
    state.close()
    assert [e["event"] for e in log] == ["run-started", "input", "run-ended"]
    assert log[-1]["status"] == "interrupted" and log[-1]["detail"]["reason"] == "interrupted by Ctrl-C"
