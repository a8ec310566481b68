"""Nightly runs at scale (issue 20): fingerprints, ranking from summary columns, streamed outputs, the upgrade
of a schema-1 state, the default --keep-runs."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from support.paths import fixture_inbox

from screener.output.writers import OutputRequest, RunInfo, writer
from screener.record import Record
from screener.run.executors import make_executor
from screener.run.inbox import RunOptions, screen_inbox
from screener.run.plan import Store, plan
from screener.run.rows import Row, rank_rows
from screener.run.runner import Entry, rank
from screener.run.schema import ROW_COLUMNS
from screener.run.state import KEEP_LISTS, Key, State

KEY = Key("ai-engineer", "auto", "tax-1", "0.1.0+abc", "2026-11-01")
PICKED = ("01_ai_strong.pdf", "08_ml_strong.pdf", "92_empty.pdf")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    return fixture_inbox(tmp_path / "inbox", PICKED)


# --------------------------------------------------------------------------- fingerprints


def test_a_touched_but_unchanged_file_is_read_once_then_recognised(inbox: Path, tmp_path: Path,
                                                                   config: Any) -> None:
    files = sorted(p for p in inbox.iterdir())
    st = State(tmp_path / "s.db")
    store = Store(st, KEY, st.start_run(KEY, {}, os.getpid()))
    assert plan(files, config.settings, store).hashed == 3  # never seen: every file read
    again = plan(files, config.settings, store)
    assert again.hashed == 0  # recognised by (device, inode, size, mtime)
    # what a recognised file gives is what reading it gives: its own hash, in the task the worker gets
    assert sorted(t.sha256 for t in again.tasks) == sorted(hashlib.sha256(p.read_bytes()).hexdigest()
                                                            for p in files)
    touched = files[0]
    os.utime(touched, (touched.stat().st_atime, touched.stat().st_mtime + 60))
    assert plan(files, config.settings, store).hashed == 1  # touched: read once...
    assert plan(files, config.settings, store).hashed == 0  # ...then recognised again
    st.close()


def test_a_changed_file_is_read_again_and_gets_its_new_hash(inbox: Path, tmp_path: Path, config: Any) -> None:
    files = sorted(p for p in inbox.iterdir())
    st = State(tmp_path / "s.db")
    store = Store(st, KEY, st.start_run(KEY, {}, os.getpid()))
    plan(files, config.settings, store)
    with files[1].open("ab") as fh:
        fh.write(b"\n%another version\n")
    later = plan(files, config.settings, store)
    assert later.hashed == 1
    assert hashlib.sha256(files[1].read_bytes()).hexdigest() in {t.sha256 for t in later.tasks}
    assert plan(files, config.settings, store, rescreen=True).hashed == 3  # --rescreen trusts no fingerprint
    st.close()


# --------------------------------------------------------------------------- ranking from rows


def _rec(file: str, **kw: Any) -> Record:
    base = Record(fit_score=50.0, file=file, profile="ai-engineer", status="ok", sha256="h-" + file,
                  resume_date="2026-01-01", role="ai-engineer", column_a=3.0, column_b=1.0)
    return replace(base, **kw)


def test_rows_rank_exactly_as_records_do() -> None:
    recs = [
        _rec("z.pdf", fit_score=70.0, candidate="Ann Lee"),
        _rec("a.pdf", fit_score=70.0, candidate="Bob Roe"),  # a tie: the name decides
        _rec("m.pdf", fit_score=70.0, candidate="", column_a=5.0),  # more target-column weight first
        _rec("old.pdf", fit_score=60.0, email="Same@x.org", resume_date="2025-01-01"),
        _rec("new.pdf", fit_score=40.0, email="same@x.org", resume_date="2026-02-01"),  # newest of the two
        _rec("p1.pdf", fit_score=30.0, candidate="Kim Park", phone="+1 555 0100"),
        _rec("p2.pdf", fit_score=35.0, candidate="kim  park", phone="+1 555 0100"),  # same mtime and date
        _rec("bad.pdf", fit_score=None, status="corrupt", reason="broken", notes="broken"),
        _rec("empty.pdf", fit_score=None, status="empty", reason="0 bytes", notes="0 bytes"),
    ]
    mtimes = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 6.0, 7.0, 8.0]
    expected = rank([Entry(r, m) for r, m in zip(recs, mtimes, strict=True)])
    rows = rank_rows([Row.of(r, 0, m, "pdf") for r, m in zip(recs, mtimes, strict=True)])
    assert [(r.file, r.rank, r.status, r.notes if r.status != "ok" else "") for r in rows] == [
        (r.file, r.rank, r.status, r.notes if r.status != "ok" else "") for r in expected]
    # written out by hand from the rules: score, then the target column's weight, then the name
    assert [r.file for r in rows][:3] == ["m.pdf", "z.pdf", "a.pdf"]
    assert {r.file: r.status for r in rows}["old.pdf"] == "duplicate"


# --------------------------------------------------------------------------- streamed outputs


def _outputs(out: Path) -> tuple[OutputRequest, ...]:
    return (OutputRequest("csv", out / "r.csv"), OutputRequest("jsonl", out / "r.jsonl"),
            OutputRequest("html", out / "r.html"))


def _bytes(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def test_outputs_from_the_state_are_the_bytes_of_a_run_without_one(inbox: Path, tmp_path: Path,
                                                                   config: Any) -> None:
    shutil.copy(inbox / "01_ai_strong.pdf", inbox / "copy_of_01.pdf")  # a duplicate, ranked once
    db = tmp_path / "state.db"
    runs = {}
    for name, store in (("first", db), ("second", db), ("none", None)):
        out = tmp_path / name
        result = screen_inbox([str(inbox)], config, store, make_executor("serial"),
                              options=RunOptions(_outputs(out)))
        runs[name] = _bytes(out)
        assert result.counts.duplicates == 1
    assert runs["second"]["r.jsonl"].count(b"\n") == 4
    assert runs["first"] == runs["second"] == runs["none"]


class _SummariesOnly:
    """A stream whose full records must not be read."""

    def __init__(self, recs: list[Record]) -> None:
        self.recs = recs

    def __len__(self) -> int:
        return len(self.recs)

    def records(self, start: int = 0, stop: int | None = None) -> Iterator[Record]:
        raise AssertionError("the CSV needs no full record")

    def summaries(self, start: int = 0, stop: int | None = None) -> Iterator[Record]:
        return iter(self.recs[start:stop])


def test_the_csv_is_written_from_summaries_alone(tmp_path: Path) -> None:
    recs = [_rec("a.pdf", rank=1, candidate="Ann"), _rec("b.pdf", rank=2, candidate="Bob")]
    writer("csv").write(tmp_path / "r.csv", _SummariesOnly(recs), RunInfo("ai-engineer", "2026-11-01", "t", "in"))
    lines = (tmp_path / "r.csv").read_text().splitlines()
    assert len(lines) == 3 and lines[1].startswith("1,50.0,Ann,,,,a.pdf,")


# --------------------------------------------------------------------------- schema 1 -> 2

_SCHEMA_1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE runs (id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, status TEXT NOT NULL,
    pid INTEGER NOT NULL, role TEXT NOT NULL, as_of TEXT NOT NULL, engine TEXT NOT NULL,
    taxonomy_version TEXT NOT NULL, screener_version TEXT NOT NULL, options TEXT NOT NULL, found INTEGER,
    screened INTEGER, reused INTEGER, ranked INTEGER, duplicates INTEGER, failed INTEGER);
CREATE TABLE results (sha256 TEXT NOT NULL, role TEXT NOT NULL, engine TEXT NOT NULL,
    taxonomy_version TEXT NOT NULL, screener_version TEXT NOT NULL, as_of TEXT NOT NULL, valid_from TEXT,
    status TEXT NOT NULL, record TEXT NOT NULL, run_id INTEGER NOT NULL REFERENCES runs(id),
    screened_at TEXT NOT NULL, PRIMARY KEY (sha256, role, engine, taxonomy_version, screener_version, as_of));
CREATE INDEX results_by_key ON results (role, engine, taxonomy_version, screener_version, as_of, valid_from);
CREATE TABLE run_files (run_id INTEGER NOT NULL REFERENCES runs(id), position INTEGER NOT NULL,
    path TEXT NOT NULL, sha256 TEXT NOT NULL, identity TEXT NOT NULL, candidate TEXT NOT NULL, rank INTEGER,
    fit_score REAL, profile TEXT NOT NULL, status TEXT NOT NULL, red_flags TEXT NOT NULL,
    PRIMARY KEY (run_id, position));
"""


def test_a_schema_1_state_is_upgraded_in_place_keeping_its_results_and_runs(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(_SCHEMA_1)
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    db.execute("INSERT INTO runs VALUES (1, 's', 'f', 'completed', 1, 'ai-engineer', '2026-11-01', 'auto', 'tax-1',"
               " '0.1.0+abc', '{}', 2, 2, 0, 1, 0, 0)")
    good = _rec("a.pdf", candidate="Ann Lee", email="ann@x.org", red_flags=("title-mismatch",)).to_json()
    del good["rank"]
    for sha, text in (("h-a.pdf", json.dumps(good)), ("h-b.pdf", "[damaged")):
        db.execute("INSERT INTO results VALUES (?, 'ai-engineer', 'auto', 'tax-1', '0.1.0+abc', '2026-11-01',"
                   " '2026-01-01', 'ok', ?, 1, 't')", (sha, text))
    db.execute("INSERT INTO run_files VALUES (1, 0, 'a.pdf', 'h-a.pdf', 'email:ann@x.org', 'Ann Lee', 1, 50.0,"
               " 'ai-engineer', 'ok', '[]')")
    db.commit()
    db.close()

    st = State(path)
    assert st.upgraded == 1  # the readable result kept; the damaged one dropped (screened again)
    assert st.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "3"
    assert st.lookup("h-a.pdf", KEY) == good and st.lookup("h-b.pdf", KEY) is None
    rid = st.stored_ids(["h-a.pdf"], KEY)["h-a.pdf"]
    row = dict(zip(("id", "sha256", *ROW_COLUMNS), st.summary_rows([rid])[rid], strict=True))
    assert (row["candidate"], row["email"], row["fit_score"], json.loads(row["red_flags"])) == (
        "Ann Lee", "ann@x.org", 50.0, ["title-mismatch"])
    assert [r["path"] for r in st.run_files(1)] == ["a.pdf"] and st.run(1)["status"] == "completed"
    st.close()
    again = State(path)
    assert again.upgraded is None  # once
    again.close()


def test_the_ranked_lists_of_the_newest_90_runs_are_kept_by_default() -> None:
    assert RunOptions().keep_runs == KEEP_LISTS == 90


def test_a_summary_gives_the_csv_cells_of_its_full_record(fixture_screens: dict[str, Any]) -> None:
    from screener.output.csv import csv_row
    from screener.output.html import counted
    from screener.run.schema import summary_json
    from screener.run.stream import as_ranked, summary_record

    recs = [Record.from_screening(s) for s in fixture_screens.values()]
    assert {r.status for r in recs} >= {"ok", "empty", "encrypted"}
    for i, rec in enumerate(recs):
        stored = rec.to_json()
        del stored["rank"]
        row = Row.of(rec, 1, 0.0, "pdf")
        row.rank, row.decision, row.file = i + 1, "hold" if i % 3 else "", "renamed/" + rec.file
        if i % 4 == 0 and rec.status == "ok":
            row.as_duplicate("Duplicate of x.pdf (same email), which is ranked instead.")
        full = as_ranked(Record.from_json(stored), row)
        light = summary_record(json.loads(summary_json(stored)), row)
        assert light == as_ranked(Record.from_json(json.loads(summary_json(stored))), row)
        assert csv_row(light) == csv_row(full) and counted(light) == counted(full)
