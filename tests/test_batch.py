"""Batch and nightly operation: incremental state, duplicates, outputs, history/diff, lock, kills, workers."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from support import AS_OF, FIXTURE_PDFS
from support.batch import make_resume, popen_cli, replicate, run_cli, sigkill_when

from screener.cli import main
from screener.run.lock import acquire, lock_path_for


def screen(*args: str) -> Result:
    return CliRunner().invoke(main, ["screen", *args, "--as-of", AS_OF], catch_exceptions=False)


def runs(db: Path) -> list[dict[str, Any]]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute("SELECT * FROM runs ORDER BY id")]
    finally:
        con.close()


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def stateless(tmp: Path, inbox: Path, name: str = "fresh.csv") -> str:
    out = tmp / name
    result = screen(str(inbox), "-o", str(out), "--no-state", "-q")
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- incremental runs


def test_a_second_run_screens_only_new_files_and_writes_the_same_bytes(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    replicate(FIXTURE_PDFS, inbox, 40)
    out, db = tmp_path / "out" / "ranked.csv", tmp_path / "out" / ".screener" / "state.db"
    first = screen(str(inbox), "-o", str(out))
    assert first.exit_code == 0, first.output
    assert db.exists()  # the default: .screener/state.db beside the output
    replicate(FIXTURE_PDFS, inbox, 3, start=40)
    second = screen(str(inbox), "-o", str(out), "--jsonl", str(tmp_path / "out" / "ranked.jsonl"))
    assert second.exit_code == 0, second.output
    r = runs(db)
    assert [(x["status"], x["found"], x["screened"], x["reused"]) for x in r] == [
        ("completed", 40, 40, 0), ("completed", 43, 3, 40)]
    assert "3 screened now, 40 unchanged since the last run" in second.output
    # byte-identical to a run that screened everything, CSV and JSONL alike
    assert out.read_text(encoding="utf-8") == stateless(tmp_path, inbox)
    fresh_jsonl = tmp_path / "fresh.jsonl"
    assert screen(str(inbox), "-o", str(fresh_jsonl), "--format", "jsonl", "--no-state").exit_code == 0
    assert (tmp_path / "out" / "ranked.jsonl").read_bytes() == fresh_jsonl.read_bytes()

    # nothing new: a quiet night, one line
    third = screen(str(inbox), "-o", str(out))
    assert third.exit_code == 0
    assert third.output.strip().splitlines() == [third.output.strip()]
    assert third.output.startswith("Nothing new to screen: 43 file(s) unchanged")

    # a renamed file is not screened again; a removed one leaves the ranking but not the history
    moved = sorted(inbox.glob("*.pdf"))
    moved[0].rename(inbox / "renamed.pdf")
    gone = moved[1]
    gone_hash = next(x["sha256"] for x in rows(out) if x["file"] == str(gone))
    gone.unlink()
    fourth = screen(str(inbox), "-o", str(out), "-q")
    assert fourth.exit_code == 0 and fourth.output == ""
    assert runs(db)[-1]["screened"] == 0 and runs(db)[-1]["found"] == 42
    files = {x["file"] for x in rows(out)}
    assert str(inbox / "renamed.pdf") in files and str(moved[0]) not in files and str(gone) not in files
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM results WHERE sha256 = ?", (gone_hash,)).fetchone()[0] == 1
    con.close()
    assert out.read_text(encoding="utf-8") == stateless(tmp_path, inbox, "fresh2.csv")


def test_a_taxonomy_edit_or_rescreen_screens_everything_again(tmp_path: Path) -> None:
    from screener.taxonomy import default_taxonomy_dir

    inbox = tmp_path / "inbox"
    replicate(FIXTURE_PDFS, inbox, 4)
    out, db = tmp_path / "r.csv", tmp_path / "state.db"
    assert screen(str(inbox), "-o", str(out), "--state", str(db)).exit_code == 0
    tax = tmp_path / "tax"
    shutil.copytree(default_taxonomy_dir(), tax, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    with (tax / "taxonomy.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n# a reviewed edit\n")
    assert screen(str(inbox), "-o", str(out), "--state", str(db), "--taxonomy", str(tax)).exit_code == 0
    assert screen(str(inbox), "-o", str(out), "--state", str(db), "--rescreen").exit_code == 0
    assert [x["screened"] for x in runs(db)] == [4, 4, 4]
    assert runs(db)[1]["taxonomy_version"] != runs(db)[0]["taxonomy_version"]


def test_a_later_as_of_rescreens_only_resumes_dated_by_as_of(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("01_ai_strong.pdf", "29_no_metadata_date.pdf", "30_future_pdf_date.pdf", "93_not_a_pdf.pdf"):
        shutil.copy(FIXTURE_PDFS / name, inbox / name)
    out, db = tmp_path / "r.csv", tmp_path / "state.db"
    args = [str(inbox), "-o", str(out), "--state", str(db)]
    assert CliRunner().invoke(main, ["screen", *args, "--as-of", "2026-11-01"]).exit_code == 0
    assert CliRunner().invoke(main, ["screen", *args, "--as-of", "2026-12-15", "--allow-future"]).exit_code == 0
    # 01 (PDF-dated) and the unreadable file are reused; 29 (no date) and 30 (future date) depend on the day
    assert [(x["screened"], x["reused"]) for x in runs(db)] == [(4, 0), (2, 2)]
    # ... and their results for the first day are dropped: a nightly run does not add a row per undated
    # resume every night.
    con = sqlite3.connect(db)
    try:
        stored = sorted(con.execute("SELECT as_of, count(*) FROM results GROUP BY as_of").fetchall())
    finally:
        con.close()
    assert stored == [("2026-11-01", 2), ("2026-12-15", 2)]
    fresh = tmp_path / "fresh.csv"
    CliRunner().invoke(main, ["screen", str(inbox), "-o", str(fresh), "--no-state", "--as-of", "2026-12-15",
                              "--allow-future"])
    assert out.read_bytes() == fresh.read_bytes()


def test_role_and_engine_are_part_of_the_key(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    replicate(FIXTURE_PDFS, inbox, 2)
    out, db = tmp_path / "r.csv", tmp_path / "state.db"
    for extra in ([], ["--role", "ml-engineer"], ["--engine", "pdfium"], ["--role", "ml-engineer"]):
        assert screen(str(inbox), "-o", str(out), "--state", str(db), *extra).exit_code == 0
    assert [x["screened"] for x in runs(db)] == [2, 2, 2, 0]


# --------------------------------------------------------------------------- duplicates, outputs, summary


def test_the_same_candidate_in_two_files_is_ranked_once(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    old = make_resume(inbox / "jane_2025.pdf", "Jane Roe", "jane.roe@example.com", tools="LangChain")
    new = make_resume(inbox / "jane_2026.pdf", "Jane Roe", "JANE.ROE@example.com", tools="LangChain, Pinecone")
    make_resume(inbox / "sam.pdf", "Sam Poe", "sam@example.com")
    os.utime(old, (1_700_000_000, 1_700_000_000))
    os.utime(new, (1_750_000_000, 1_750_000_000))
    out = tmp_path / "r.csv"
    result = screen(str(inbox), "-o", str(out), "--no-state")
    assert result.exit_code == 0, result.output
    got = {Path(x["file"]).name: x for x in rows(out)}
    assert got["jane_2026.pdf"]["status"] == "ok" and got["jane_2026.pdf"]["rank"] in ("1", "2")
    dup = got["jane_2025.pdf"]
    assert dup["status"] == "duplicate" and dup["rank"] == ""
    assert dup["notes"] == f"Duplicate of {new} (same email), which is ranked instead."
    assert list(got) [-1] == "jane_2025.pdf"  # after the ranked rows
    assert "1 duplicate(s)" in result.output and "could not be read" in result.output
    # duplicates are not failures
    assert screen(str(inbox), "-o", str(out), "--no-state", "--strict").exit_code == 0


def test_jsonl_and_parquet_alongside_the_csv(tmp_path: Path) -> None:
    import polars as pl

    inbox = tmp_path / "inbox"
    replicate(FIXTURE_PDFS, inbox, 5)
    shutil.copy(FIXTURE_PDFS / "92_empty.pdf", inbox / "92_empty.pdf")
    out, js, pq = tmp_path / "r.csv", tmp_path / "r.jsonl", tmp_path / "r.parquet"
    result = screen(str(inbox), "-o", str(out), "--jsonl", str(js), "--parquet", str(pq), "--no-state")
    assert result.exit_code == 0, result.output
    csv_rows = rows(out)
    recs = [json.loads(line) for line in js.read_text(encoding="utf-8").splitlines()]
    frame = pl.read_parquet(pq)
    assert [r["file"] for r in recs] == [r["file"] for r in csv_rows] == frame["file"].to_list()
    assert frame["rank"].to_list()[-1] is None and frame["status"].to_list()[-1] == "empty"
    assert frame.schema["red_flags"] == pl.List(pl.String) and frame.schema["fit_score"] == pl.Float64
    # --format jsonl still applies to -o
    alt = tmp_path / "alt.jsonl"
    assert screen(str(inbox), "-o", str(alt), "--format", "jsonl", "--no-state").exit_code == 0
    assert alt.read_text(encoding="utf-8") == js.read_text(encoding="utf-8")


def test_an_empty_inbox_is_a_quiet_night(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    result = screen(str(tmp_path / "inbox"), "-o", str(tmp_path / "r.csv"))
    assert result.exit_code == 0
    assert result.output.startswith(f"No resumes found in {tmp_path / 'inbox'}: no files. Wrote an empty ")
    assert len(result.output.strip().splitlines()) == 1
    # nothing but clutter: said, with what was skipped
    (tmp_path / "inbox" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    result = screen(str(tmp_path / "inbox"), "-o", str(tmp_path / "r.csv"))
    assert result.exit_code == 0
    assert result.output.startswith("No resumes found in") and "nothing but 1 skipped file(s)" in result.output
    assert ".DS_Store: Finder metadata" in result.output


def test_an_output_that_cannot_be_written_is_refused_before_screening(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    result = screen(str(FIXTURE_PDFS / "92_empty.pdf"), "-o", str(tmp_path / "file" / "r.csv"))
    assert result.exit_code == 2 and "cannot create the folder" in result.output
    (tmp_path / "adir").mkdir()
    result = screen(str(FIXTURE_PDFS / "92_empty.pdf"), "-o", str(tmp_path / "r.csv"), "--jsonl",
                    str(tmp_path / "adir"))
    assert result.exit_code == 2 and "is a directory" in result.output  # click checks this one


def test_state_and_no_state_exclude_each_other(tmp_path: Path) -> None:
    result = screen(str(FIXTURE_PDFS / "92_empty.pdf"), "-o", str(tmp_path / "r.csv"), "--state",
                    str(tmp_path / "s.db"), "--no-state")
    assert result.exit_code == 2


def test_a_state_file_that_is_not_a_database_is_a_configuration_error(tmp_path: Path) -> None:
    bad = tmp_path / "s.db"
    bad.write_text("not sqlite " * 200)
    result = screen(str(FIXTURE_PDFS / "92_empty.pdf"), "-o", str(tmp_path / "r.csv"), "--state", str(bad))
    assert result.exit_code == 2
    assert "cannot use the state database" in result.output


def test_the_progress_bar_shows_files_rate_and_time_left(monkeypatch: pytest.MonkeyPatch) -> None:
    from screener.record import Record
    from screener.run.events import Screened
    from screener.run.progress import progress_bar

    buf = io.StringIO()
    buf.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stderr", buf)
    show = progress_bar(quiet=False)
    assert show is not None and progress_bar(quiet=True) is None
    show(Screened(4, 10, Record()))  # the first file done: a rate needs two
    time.sleep(0.11)
    show(Screened(5, 10, Record()))
    assert "5/10 files" in buf.getvalue() and "/s" in buf.getvalue() and "left" in buf.getvalue()


# --------------------------------------------------------------------------- history and diff


def test_history_and_the_morning_diff(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    make_resume(inbox / "ann.pdf", "Ann Lee", "ann@example.com")
    make_resume(inbox / "bob.pdf", "Bob Ray", "bob@example.com", tools="LangChain")
    out = tmp_path / "r.csv"
    assert screen(str(inbox), "-o", str(out)).exit_code == 0
    first = CliRunner().invoke(main, ["diff", "-o", str(out)])
    assert first.exit_code == 0 and "first completed run" in first.output
    make_resume(inbox / "cat.pdf", "Cat Diaz", "cat@example.com", tools="LangChain, Pinecone, LangGraph, RAG")
    make_resume(inbox / "bob.pdf", "Bob Ray", "bob@example.com", tools="LangChain", title="ML Engineer")
    result = screen(str(inbox), "-o", str(out), "--diff")
    assert result.exit_code == 0, result.output
    assert "New candidates:" in result.output and "Cat Diaz" in result.output
    d = CliRunner().invoke(main, ["diff", "-o", str(out)])
    assert d.exit_code == 0
    assert "Run 2" in d.output and "against run 1" in d.output and "Cat Diaz" in d.output
    h = CliRunner().invoke(main, ["history", "--state", str(out.parent / ".screener" / "state.db")])
    assert h.exit_code == 0
    lines = h.output.splitlines()
    assert lines[0].startswith("run") and lines[1].startswith("2 ") and "completed" in lines[1]
    missing = CliRunner().invoke(main, ["history", "--state", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no state database" in missing.output


def test_keep_runs_bounds_the_stored_lists_and_says_what_is_gone(tmp_path: Path) -> None:
    # A nightly run over a large inbox stores each night's ranked list; --keep-runs bounds that,
    # while history keeps every run's counts and diff still compares tonight with last night.
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    make_resume(inbox / "ann.pdf", "Ann Lee", "ann@example.com")
    out = tmp_path / "r.csv"
    db = out.parent / ".screener" / "state.db"
    for night, (name, email) in enumerate([("Bob Ray", "bob@example.com"), ("Cat Diaz", "cat@example.com"),
                                           ("Dan Wu", "dan@example.com")]):
        result = screen(str(inbox), "-o", str(out), "--keep-runs", "2", "--diff")
        assert result.exit_code == 0, result.output
        if night == 2:
            assert "New candidates:" in result.output and "Bob Ray" not in result.output.split("New candidates:")[1]
        make_resume(inbox / f"{name.split()[0].lower()}.pdf", name, email)
    con = sqlite3.connect(db)
    try:
        kept = [r[0] for r in con.execute("SELECT DISTINCT run_id FROM run_files ORDER BY run_id")]
    finally:
        con.close()
    assert kept == [2, 3]
    h = CliRunner().invoke(main, ["history", "--state", str(db)])
    assert h.exit_code == 0
    assert [line.split()[0] for line in h.output.splitlines()[1:4]] == ["3", "2", "1"]
    assert "no longer kept (--keep-runs), counts only: run 1." in h.output
    d = CliRunner().invoke(main, ["diff", "-o", str(out)])
    assert d.exit_code == 0 and "Run 3" in d.output and "against run 2" in d.output
    gone = CliRunner().invoke(main, ["diff", "-o", str(out), "--run", "2", "--since", "1"])
    assert gone.exit_code == 2 and "run 1's ranked list is no longer kept" in gone.output
    report = CliRunner().invoke(main, ["report", str(db), "--run", "1", "-o", str(tmp_path / "r.html")])
    assert report.exit_code == 2 and "no longer kept" in report.output
    assert not (tmp_path / "r.html").exists()
    refused = screen(str(inbox), "-o", str(out), "--keep-runs", "2", "--no-state")
    assert refused.exit_code == 2 and "exclude each other" in refused.output


# --------------------------------------------------------------------------- the lock


def test_a_held_lock_refuses_the_run_with_exit_3(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    out = tmp_path / "r.csv"
    out.write_text("previous\n")
    with acquire(lock_path_for(db)):
        result = CliRunner().invoke(main, ["screen", str(FIXTURE_PDFS / "01_ai_strong.pdf"), "-o", str(out),
                                           "--state", str(db)])
    assert result.exit_code == 3
    assert f"another screener run (pid {os.getpid()}" in result.output
    assert out.read_text() == "previous\n"


def test_a_run_waits_out_a_lock_held_for_an_instant(tmp_path: Path) -> None:
    # `screener history` takes the lock for an instant to see whether a run is live: a nightly run
    # starting in that instant waits for it instead of being refused.
    import threading

    db = tmp_path / "state.db"
    out = tmp_path / "r.csv"
    held = acquire(lock_path_for(db))
    threading.Timer(0.2, held.release).start()
    result = CliRunner().invoke(main, ["screen", str(FIXTURE_PDFS / "01_ai_strong.pdf"), "-o", str(out),
                                       "--state", str(db), "--as-of", AS_OF, "-q"])
    assert result.exit_code == 0, result.output
    assert out.exists() and [r["status"] for r in runs(db)] == ["completed"]


def test_two_concurrent_runs_on_one_state_give_one_clear_refusal(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    # Enough files that the first run still holds the lock after the second one has started and
    # waited out the lock's grace (half a second): 60 took under a second and the test could flake.
    replicate(FIXTURE_PDFS, inbox, 250)
    db, lock = tmp_path / "state.db", lock_path_for(tmp_path / "state.db")
    slow = popen_cli("screen", str(inbox), "-o", str(tmp_path / "a.csv"), "--state", str(db), "--jobs", "1",
                     "--as-of", AS_OF)
    try:
        deadline = time.monotonic() + 60
        while f"pid={slow.pid}" not in (lock.read_text() if lock.exists() else ""):
            assert slow.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        other = run_cli("screen", str(inbox), "-o", str(tmp_path / "b.csv"), "--state", str(db),
                        "--as-of", AS_OF)
        assert other.returncode == 3, other.stderr
        assert f"another screener run (pid {slow.pid}, started " in other.stderr
        assert not (tmp_path / "b.csv").exists()
    finally:
        assert slow.wait(timeout=300) == 0
    assert [r["status"] for r in runs(db)] == ["completed"]  # the refused run recorded nothing


# --------------------------------------------------------------------------- killed runs


def _live_workers(marker: str) -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if marker in (proc / "cmdline").read_bytes().decode("utf-8", "replace"):
                    state = (proc / "stat").read_text().split(")")[-1].split()[0]
                    if state != "Z":
                        pids.append(int(proc.name))
            except OSError:
                continue
    return pids


def test_a_run_killed_midway_leaves_the_old_csv_and_the_next_run_completes(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    replicate(FIXTURE_PDFS, inbox, 10)
    out, db = tmp_path / "ranked.csv", tmp_path / "state.db"
    args = ("screen", str(inbox), "-o", str(out), "--state", str(db), "--as-of", AS_OF)
    assert run_cli(*args).returncode == 0
    before = out.read_bytes()
    replicate(FIXTURE_PDFS, inbox, 50, start=10)

    proc = popen_cli(*args, "--jobs", "1")
    sigkill_when(proc, db, "SELECT count(*) FROM results WHERE run_id = 2", 5)

    assert out.read_bytes() == before  # the previous CSV is intact
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    kept = con.execute("SELECT count(*) FROM results WHERE run_id = 2").fetchone()[0]
    assert 5 <= kept < 50
    assert con.execute("SELECT status, finished FROM runs WHERE id = 2").fetchone() == ("running", None)
    con.close()
    time.sleep(0.3)
    assert _live_workers(str(inbox)) == []  # the workers died with their parent

    again = run_cli(*args)
    assert again.returncode == 0, again.stderr
    last = runs(db)[-1]
    assert (last["status"], last["found"], last["screened"], last["reused"]) == ("completed", 60, 50 - kept,
                                                                                10 + kept)
    assert out.read_text(encoding="utf-8") == stateless(tmp_path, inbox)
    history = run_cli("history", "--state", str(db))
    assert "interrupted" in history.stdout


# --------------------------------------------------------------------------- workers


def test_workers_survive_hangs_crashes_and_memory_hogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       config: Any) -> None:
    # screen_file is replaced before the fork, so the workers inherit the misbehaving version.
    import screener.pipeline as pipeline
    from screener.run.executors.pool import Task, pool_screen

    real = pipeline.read_document

    def misbehave(path: Path, cfg: Any, name: str | None = None) -> Any:
        if path.name == "hang.pdf":
            time.sleep(3600)
        if path.name == "crash.pdf":
            os.kill(os.getpid(), signal.SIGSEGV)
        if path.name == "hog.pdf":
            blocks = []
            while True:
                blocks.append(bytearray(64 * 1024 * 1024))
        if path.name == "exit.pdf":
            os._exit(3)
        return real(path, cfg, name)

    monkeypatch.setattr(pipeline, "read_document", misbehave)
    names = ["hang.pdf", "a.pdf", "crash.pdf", "b.pdf", "hog.pdf", "c.pdf", "exit.pdf", "d.pdf"]
    for n in names:
        shutil.copy(FIXTURE_PDFS / "01_ai_strong.pdf", tmp_path / n)
    tasks = [Task(i, tmp_path / n, n) for i, n in enumerate(names)]
    start = time.monotonic()
    got = {t.name: s for t, s in pool_screen(tasks, config, jobs=2, timeout=2.0, memory=256 * 1024 * 1024)}
    assert time.monotonic() - start < 30
    assert sorted(got) == sorted(names)
    assert got["hang.pdf"].status == "timeout" and "2 s" in got["hang.pdf"].reason
    assert got["crash.pdf"].status == "error" and "SIGSEGV" in got["crash.pdf"].reason
    assert got["hog.pdf"].status == "too-large"
    assert got["exit.pdf"].status == "error" and "exit code 3" in got["exit.pdf"].reason
    for n in ("a.pdf", "b.pdf", "c.pdf", "d.pdf"):
        assert got[n].status == "ok" and got[n].candidate
    assert all(r.sha256 for r in got.values())


def test_a_file_waiting_behind_a_hung_one_is_still_screened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             config: Any) -> None:
    # One worker holds two files at once (the second waits in its pipe); when the first hangs and the
    # worker is killed, the second goes back to the queue instead of sharing the timeout.
    import screener.pipeline as pipeline
    from screener.run.executors.pool import Task, pool_screen

    real = pipeline.read_document

    def slow(path: Path, cfg: Any, name: str | None = None) -> Any:
        if path.name == "hang.pdf":
            time.sleep(3600)
        return real(path, cfg, name)

    monkeypatch.setattr(pipeline, "read_document", slow)
    names = ["hang.pdf", "next.pdf", "last.pdf"]
    for n in names:
        shutil.copy(FIXTURE_PDFS / "01_ai_strong.pdf", tmp_path / n)
    tasks = [Task(i, tmp_path / n, n) for i, n in enumerate(names)]
    config.matcher  # noqa: B018 - built before the fork, as the runner does
    got = {t.name: r for t, r in pool_screen(tasks, config, jobs=1, timeout=2.0)}
    assert got["hang.pdf"].status == "timeout"
    assert got["next.pdf"].status == "ok" and got["last.pdf"].status == "ok"


def test_workers_are_recycled_after_many_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              config: Any) -> None:
    import screener.run.executors.pool as workers

    monkeypatch.setattr(workers, "MAX_TASKS", 2)
    files = [shutil.copy(FIXTURE_PDFS / "05_frontend.pdf", tmp_path / f"{i}.pdf") for i in range(7)]
    tasks = [workers.Task(i, Path(f), str(f)) for i, f in enumerate(files)]
    pids: set[int] = set()
    real_give = workers._Worker.give

    def give(self: Any, task: Any) -> bool:
        pids.add(self.proc.pid)
        return real_give(self, task)

    monkeypatch.setattr(workers._Worker, "give", give)
    got = [s for _, s in workers.pool_screen(tasks, config, jobs=2)]
    assert len(got) == 7 and all(r.status == "ok" for r in got)
    assert len(pids) >= 4  # 7 files, at most 2 per worker


def test_files_read_ahead_while_spacy_loads_are_judged_like_the_others(taxonomy: Any) -> None:
    # On a machine with a second core, a reader forked before spaCy is imported reads and lays out the
    # first files; the workers judge them from its Documents. Same records as screening each file
    # whole; files it cannot read go to the workers untouched and get their status there.
    from screener.pipeline import Screen, screen_file
    from screener.record import Record
    from screener.run.executors import head_start
    from screener.run.executors.pool import Task, pool_screen

    config = Screen.of(taxonomy, role="ai-engineer", as_of=AS_OF)  # no matcher yet, as in a run
    names = ["91_encrypted.pdf", "93_not_a_pdf.pdf", "01_ai_strong.pdf", "12_hybrid_courier_sidebar.pdf",
             "13_research_only.pdf", "92_empty.pdf", "08_ml_strong.pdf"]
    tasks = [Task(i, FIXTURE_PDFS / n, n) for i, n in enumerate(names)]
    assert head_start.start(tasks, config, cores=1, memory=1 << 30) is None  # no core to spare
    reader = head_start.start(tasks, config, cores=2, memory=1 << 30)
    assert reader is not None
    reader.proc.join(timeout=30)  # it ends on its own once every file is read (its pipe has room for all)
    config.matcher  # noqa: B018 - what the parent does meanwhile
    tasks = reader.collect(tasks)
    assert not reader.proc.is_alive()
    ahead = {t.name for t in tasks if t.prepared is not None}
    assert ahead == {"01_ai_strong.pdf", "12_hybrid_courier_sidebar.pdf", "13_research_only.pdf", "08_ml_strong.pdf"}
    got = {t.name: rec for t, rec in pool_screen(tasks, config, jobs=1)}
    for n in names:
        assert got[n] == Record.from_screening(screen_file(FIXTURE_PDFS / n, config, n)), n
    assert got["91_encrypted.pdf"].status == "encrypted" and got["93_not_a_pdf.pdf"].status != "ok"
    assert head_start.start(tasks, config, cores=2, memory=1 << 30) is None  # the matcher is built: no need


def test_leftover_temporary_outputs_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    stale = tmp_path / ".r.csv.abc123.tmp"
    stale.write_text("half a file")
    other = tmp_path / ".other.csv.abc123.tmp"
    other.write_text("not ours")
    assert screen(str(FIXTURE_PDFS / "92_empty.pdf"), "-o", str(out)).exit_code == 0
    assert not stale.exists() and other.exists() and out.exists()
