"""The state database, the run lock and the run diff, without screening any PDF."""

from __future__ import annotations

import itertools
import os
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from screener.record import Record
from screener.run.history import diff_runs, render_diff, render_history
from screener.run.lock import LockBusy, acquire, lock_path_for
from screener.run.runner import Entry, mark_duplicates, rank
from screener.run.state import Key, State, StateError, identity, screener_version, valid_from

KEY = Key("ai-engineer", "auto", "tax-1", "0.1.0+abc", "2026-11-01")


def rec(file: str, **kw: Any) -> Record:
    base = Record(fit_score=50.0, file=file, profile="ai-engineer", notes="n", status="ok", sha256="h-" + file,
                  resume_date="2026-01-01")
    return replace(base, **kw)


# --------------------------------------------------------------------------- cache key and validity


def test_a_pdf_dated_before_as_of_holds_for_any_later_as_of() -> None:
    assert valid_from(rec("a", resume_date="2025-06-01"), "2026-11-01") == "2025-06-01"
    # dated by --as-of itself (no PDF date, or one in the future): only for that day
    assert valid_from(rec("a", resume_date="2026-11-01"), "2026-11-01") is None
    # never judged (unreadable): the day does not matter
    assert valid_from(rec("a", resume_date="", status="corrupt"), "2026-11-01") == ""


def test_lookup_needs_every_part_of_the_key(tmp_path: Path) -> None:
    st = State(tmp_path / "s.db")
    run = st.start_run(KEY, {}, os.getpid())
    r = rec("a.pdf", resume_date="2026-11-01")  # dated by as-of: exact day only
    assert st.save(run, KEY, r)
    assert st.lookup(r.sha256, KEY) == {k: v for k, v in r.to_json().items() if k not in ("rank", "decision")}
    for changed in (Key("ml-engineer", "auto", "tax-1", "0.1.0+abc", "2026-11-01"),
                    Key("ai-engineer", "pdfplumber", "tax-1", "0.1.0+abc", "2026-11-01"),
                    Key("ai-engineer", "auto", "tax-2", "0.1.0+abc", "2026-11-01"),
                    Key("ai-engineer", "auto", "tax-1", "0.2.0", "2026-11-01"),
                    Key("ai-engineer", "auto", "tax-1", "0.1.0+abc", "2026-11-02")):
        assert st.lookup(r.sha256, changed) is None, changed
    assert st.lookup("other-hash", KEY) is None
    st.close()


def test_a_dated_result_is_reused_on_later_days_but_not_earlier(tmp_path: Path) -> None:
    st = State(tmp_path / "s.db")
    run = st.start_run(KEY, {}, os.getpid())
    r = rec("a.pdf", resume_date="2026-03-01")
    st.save(run, KEY, r)
    later = Key(KEY.role, KEY.engine, KEY.taxonomy_version, KEY.screener_version, "2027-01-15")
    earlier = Key(KEY.role, KEY.engine, KEY.taxonomy_version, KEY.screener_version, "2026-02-01")
    assert st.lookup(r.sha256, later) is not None
    assert st.lookup(r.sha256, earlier) is None
    st.close()


def test_lookup_many_prefers_the_same_as_of_then_the_latest_run(tmp_path: Path) -> None:
    st = State(tmp_path / "s.db")
    day2 = Key(KEY.role, KEY.engine, KEY.taxonomy_version, KEY.screener_version, "2026-11-02")
    run1 = st.start_run(KEY, {}, 1)
    st.save(run1, KEY, rec("a.pdf", resume_date="2026-01-01", notes="first"))
    run2 = st.start_run(day2, {}, 1)
    st.save(run2, day2, rec("a.pdf", resume_date="2026-01-01", notes="second"))
    st.save(run2, day2, rec("b.pdf", resume_date="2026-11-02"))
    many = st.lookup_many(["h-a.pdf", "h-b.pdf", "h-c.pdf", ""], KEY)
    assert many == {"h-a.pdf": _lookup(st, "h-a.pdf", KEY)} and many["h-a.pdf"].notes == "first"
    many = st.lookup_many(["h-a.pdf", "h-b.pdf"], day2)
    assert many["h-a.pdf"].notes == "second" and set(many) == {"h-a.pdf", "h-b.pdf"}
    later = Key(KEY.role, KEY.engine, KEY.taxonomy_version, KEY.screener_version, "2026-12-01")
    assert st.lookup_many(["h-a.pdf"], later)["h-a.pdf"] == _lookup(st, "h-a.pdf", later)
    assert st.lookup_many([f"h{i}" for i in range(1200)], KEY) == {}
    st.close()


def _lookup(st: State, sha: str, key: Key) -> Record:
    stored = st.lookup(sha, key)
    assert stored is not None
    return Record.from_json(stored)


def test_a_damaged_stored_record_is_screened_again(tmp_path: Path) -> None:
    st = State(tmp_path / "s.db")
    run = st.start_run(KEY, {}, os.getpid())
    st.save(run, KEY, rec("a.pdf"))
    st.save(run, KEY, rec("b.pdf"))
    damaged = st.stored_ids(["h-a.pdf"], KEY)["h-a.pdf"]
    st.db.execute("UPDATE records SET record = '[not an object' WHERE id = ?", (damaged,))
    assert set(st.lookup_many(["h-a.pdf", "h-b.pdf"], KEY)) == {"h-b.pdf"}
    st.db.execute("UPDATE records SET record = x'0001' WHERE id = ?", (damaged,))  # not zlib either
    assert set(st.lookup_many(["h-a.pdf", "h-b.pdf"], KEY)) == {"h-b.pdf"}
    st.close()


def test_timeouts_and_unhashed_files_are_not_kept(tmp_path: Path) -> None:
    st = State(tmp_path / "s.db")
    run = st.start_run(KEY, {}, os.getpid())
    assert not st.save(run, KEY, rec("a.pdf", status="timeout"))
    assert not st.save(run, KEY, rec("b.pdf", status="error", sha256=""))
    assert st.screened_in(run) == 0
    st.close()


def _stored(st: State) -> list[tuple[str, str, str]]:
    return sorted(tuple(r) for r in st.db.execute("SELECT sha256, taxonomy_version, as_of FROM results"))


def test_pruning_drops_results_that_held_only_for_an_earlier_day(tmp_path: Path) -> None:
    # A nightly run with today's date re-screens every undated resume; without pruning each night
    # would add another row per undated file.
    st = State(tmp_path / "s.db")
    monday = KEY
    tuesday = Key(KEY.role, KEY.engine, KEY.taxonomy_version, KEY.screener_version, "2026-11-02")
    run = st.start_run(monday, {}, os.getpid())
    st.save(run, monday, rec("undated.pdf", resume_date="2026-11-01"))  # dated by --as-of
    st.save(run, monday, rec("dated.pdf", resume_date="2026-03-01"))
    assert st.prune(monday) == 0
    run = st.start_run(tuesday, {}, os.getpid())
    st.save(run, tuesday, rec("undated.pdf", resume_date="2026-11-02"))
    assert st.prune(tuesday) == 1
    assert _stored(st) == [("h-dated.pdf", "tax-1", "2026-11-01"), ("h-undated.pdf", "tax-1", "2026-11-02")]
    assert st.lookup("h-dated.pdf", tuesday) is not None  # the dated one still serves later days
    assert st.lookup("h-undated.pdf", tuesday) is not None
    st.close()


def test_pruning_drops_results_under_keys_no_recent_run_used(tmp_path: Path) -> None:
    st = State(tmp_path / "s.db")
    old_taxonomy = Key(KEY.role, KEY.engine, "tax-0", KEY.screener_version, KEY.as_of)
    ml = Key("ml-engineer", KEY.engine, KEY.taxonomy_version, KEY.screener_version, KEY.as_of)
    for key, name in ((old_taxonomy, "a.pdf"), (ml, "a.pdf"), (KEY, "a.pdf"), (KEY, "b.pdf")):
        st.save(st.start_run(key, {}, os.getpid()), key, rec(name))
    assert st.prune(KEY, keep_runs=4) == 0  # tax-0 is still among the last four runs
    # The last three runs used `ml` and KEY: the taxonomy the user has since edited is dropped.
    assert st.prune(KEY, keep_runs=3) == 1
    assert st.lookup("h-a.pdf", old_taxonomy) is None
    assert st.lookup("h-a.pdf", ml) is not None and st.lookup("h-b.pdf", KEY) is not None
    st.close()


def test_the_screener_version_includes_a_code_hash() -> None:
    from screener import __version__

    v = screener_version()
    assert v.startswith(__version__ + "+") and len(v) > len(__version__) + 8


def test_a_run_is_open_until_finished_and_keeps_its_rows(tmp_path: Path) -> None:
    st = State(tmp_path / "s.db")
    run = st.start_run(KEY, {"paths": ["inbox"]}, 123)
    assert st.run(run)["status"] == "running"
    records = rank([Entry(rec("a.pdf", fit_score=70.0, email="A@x.org", red_flags=("title-mismatch",))),
                    Entry(rec("b.pdf", fit_score=60.0))])
    st.finish_run(run, {"found": 2, "screened": 2, "reused": 0, "ranked": 2, "duplicates": 0, "failed": 0},
                  records)
    info = st.run(run)
    assert info is not None and info["status"] == "completed" and info["finished"] and info["found"] == 2
    assert info["options"] == {"paths": ["inbox"]}
    rows = st.run_files(run)
    assert [(r["path"], r["rank"], r["identity"]) for r in rows] == [
        ("a.pdf", 1, "email:a@x.org"), ("b.pdf", 2, "sha256:h-b.pdf")]
    assert rows[0]["red_flags"] == ["title-mismatch"]
    st.close()


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "state.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StateError, match="cannot use the state database"):
        State(bad)
    with pytest.raises(StateError, match="no state database"):
        State(tmp_path / "missing.db", create=False)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    State(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with pytest.raises(StateError, match="schema version 99"):
        State(path)


def test_the_database_uses_wal(tmp_path: Path) -> None:
    st = State(tmp_path / "s.db")
    assert st.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    st.close()


# --------------------------------------------------------------------------- the lock


def test_a_second_holder_is_refused_with_the_first_ones_pid(tmp_path: Path) -> None:
    path = lock_path_for(tmp_path / "state.db")
    first = acquire(path)
    with pytest.raises(LockBusy, match=rf"pid {os.getpid()}, started "):
        acquire(path)
    first.release()
    acquire(path).release()  # free again


def test_a_lock_left_by_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    path = lock_path_for(tmp_path / "state.db")
    path.write_text("pid=999999 started=2020-01-01T00:00:00+00:00\n")  # the file alone locks nothing
    with acquire(path):
        assert f"pid={os.getpid()}" in path.read_text()


def test_a_forked_child_does_not_keep_the_lock(tmp_path: Path) -> None:
    # A worker forked during the run must not hold the lock once the run is gone.
    path = lock_path_for(tmp_path / "state.db")
    held = acquire(path)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: wait until told to exit
        os.close(w)
        os.read(r, 1)
        os._exit(0)
    os.close(r)
    try:
        held.release()
        acquire(path).release()  # the child is alive, yet the lock is free
    finally:
        os.write(w, b"x")
        os.close(w)
        os.waitpid(pid, 0)


# --------------------------------------------------------------------------- duplicates and ranking


def test_the_newest_file_of_a_candidate_is_ranked_the_others_are_duplicates() -> None:
    entries = [
        Entry(rec("old.pdf", email="Jane@Example.com", resume_date="2025-01-01", fit_score=90.0), 1.0),
        Entry(rec("new.pdf", email="jane@example.com", resume_date="2026-01-01", fit_score=40.0), 1.0),
        Entry(rec("other.pdf", email="bob@example.com", fit_score=60.0), 1.0),
        Entry(rec("bad.pdf", status="corrupt", fit_score=None, email=""), 1.0),
    ]
    out = rank(entries)
    assert [(r.file, r.rank, r.status) for r in out] == [
        ("other.pdf", 1, "ok"), ("new.pdf", 2, "ok"), ("old.pdf", None, "duplicate"), ("bad.pdf", None, "corrupt")]
    assert out[2].notes == "Duplicate of new.pdf (same email), which is ranked instead."


def test_same_name_and_phone_is_the_same_candidate_ties_by_mtime_then_path() -> None:
    a = Entry(rec("a.pdf", candidate="Ana  Lima", phone="+14155550123"), 5.0)
    b = Entry(rec("b.pdf", candidate="ana lima", phone="+14155550123"), 9.0)
    c = Entry(rec("c.pdf", candidate="Ana Lima", phone="+14155550123"), 9.0)
    out = mark_duplicates([a, b, c])
    assert [e.record.status for e in out] == ["duplicate", "ok", "duplicate"]
    assert "b.pdf (same name and phone)" in out[0].record.notes
    # same name with another phone, or no phone, is someone else
    d = mark_duplicates([Entry(rec("d.pdf", candidate="Ana Lima")), Entry(rec("e.pdf", candidate="Ana Lima"))])
    assert [e.record.status for e in d] == ["ok", "ok"]


def test_duplicates_chain_through_either_key() -> None:
    x = Entry(rec("x.pdf", email="x@e.org", candidate="Li Wei", phone="+15550001111", resume_date="2024-01-01"))
    y = Entry(rec("y.pdf", email="", candidate="Li Wei", phone="+15550001111", resume_date="2025-01-01"))
    z = Entry(rec("z.pdf", email="X@E.org", resume_date="2026-01-01"))
    out = rank([x, y, z])
    assert [(r.file, r.status) for r in out] == [("z.pdf", "ok"), ("x.pdf", "duplicate"),
                                                      ("y.pdf", "duplicate")]


def test_duplicate_notes_do_not_depend_on_the_order_results_arrive_in() -> None:
    # With two or more workers results arrive in completion order, which varies from run to run;
    # the outputs must not. y matches x by name and phone, z matches x by email: which reason x's
    # note gives must not depend on which of y and z came first.
    x = Entry(rec("x.pdf", email="x@e.org", candidate="Li Wei", phone="+15550001111", resume_date="2024-01-01"))
    y = Entry(rec("y.pdf", email="", candidate="Li Wei", phone="+15550001111", resume_date="2025-01-01"))
    z = Entry(rec("z.pdf", email="X@E.org", resume_date="2026-01-01"))
    outputs = {repr(rank(list(order))) for order in itertools.permutations([x, y, z])}
    assert len(outputs) == 1


def test_identity_follows_email_then_name_and_phone_then_content() -> None:
    assert identity(rec("a", email=" Jo@X.org ")) == "email:jo@x.org"
    assert identity(rec("a", candidate="Jo  Smith", phone="+1555")) == "name+phone:jo smith|+1555"
    assert identity(rec("a")) == "sha256:h-a"


# --------------------------------------------------------------------------- diff and history


def row(path: str, rank: int | None, ident: str, flags: list[str] | None = None, score: float = 50.0,
        status: str = "ok") -> dict[str, Any]:
    return {"path": path, "rank": rank, "identity": ident, "candidate": ident.title(), "fit_score": score,
            "profile": "ai-engineer", "status": status, "red_flags": flags or [], "sha256": "h"}


def test_diff_names_new_moved_flagged_and_gone_candidates() -> None:
    before = [row("a.pdf", 1, "ann"), row("b.pdf", 2, "bob"), row("c.pdf", 3, "cyd")]
    now = [row("n.pdf", 1, "nia", score=90.0), row("a.pdf", 2, "ann", ["no-measured-outcomes"]),
           {**row("b2.pdf", 3, "bob"), "sha256": "h2"}]
    d = diff_runs(before, now)
    assert [r["identity"] for r in d.new] == ["nia"]
    assert [(p["rank"], r["rank"]) for p, r in d.moved] == [(1, 2), (2, 3)]
    assert [(r["identity"], f) for r, f in d.new_flags] == [("ann", ["no-measured-outcomes"])]
    assert [r["identity"] for r in d.gone] == ["cyd"]
    run = {"id": 2, "started": "2026-11-02T02:00:00+00:00", "role": "ai-engineer", "taxonomy_version": "t"}
    text = render_diff(d, {**run, "id": 1}, run)
    assert [r["identity"] for r in d.resent] == ["bob"]
    assert "1 new, 1 sent a new file, 2 moved, 1 with new flags, 1 gone" in text
    assert "New files from known candidates:\n          #3  Bob  b2.pdf" in text
    assert "#1   90.0  Nia" in text and "#2 (was #1)" in text and "Ann: no-measured-outcomes" in text
    assert "No longer in the inbox:\n  Cyd (was #3)  c.pdf" in text
    assert "nothing changed" in render_diff(diff_runs(before, before), {**run, "id": 1}, run)


def test_history_marks_runs_that_never_finished_as_interrupted() -> None:
    base = {"found": 3, "screened": 3, "reused": 0, "ranked": 3, "duplicates": 0, "failed": 0,
            "role": "ai-engineer", "as_of": "2026-11-01", "taxonomy_version": "t", "pid": 1}
    runs = [{**base, "id": 2, "started": "2026-11-02T02:00:00+00:00", "finished": None, "status": "running"},
            {**base, "id": 1, "started": "2026-11-01T02:00:00+00:00", "finished": "2026-11-01T02:00:09+00:00",
             "status": "completed"}]
    text = render_history(runs)
    assert "interrupted" in text and "completed" in text and " 9s " in text
    assert "running" in render_history(runs, locked=True)
    assert render_history([]) == "No runs recorded yet.\n"


def _foreign(path: Path, *tables: str) -> bytes:
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE notes (x TEXT)")
        for t in tables:
            con.execute(f"CREATE TABLE {t} (x TEXT)")
        con.execute("INSERT INTO notes VALUES ('mine')")
    con.close()
    return path.read_bytes()


@pytest.mark.parametrize("tables", [(), ("runs", "results")])
def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path: Path, tables: tuple[str, ...]) -> None:
    db = tmp_path / "theirs.db"
    before = _foreign(db, *tables)
    with pytest.raises(StateError, match="not a screener state database"):
        State(db)
    assert db.read_bytes() == before  # still in rollback-journal mode (byte 18 == 1), no tables added
    assert before[18] == 1
    assert not (tmp_path / "theirs.db-wal").exists()


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "notes.txt"
    db.write_text("my notes\n" * 100)
    with pytest.raises(StateError):
        State(db)
    assert db.read_text() == "my notes\n" * 100


def test_screener_writes_its_application_id_and_accepts_its_older_databases(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    State(db).close()
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA application_id").fetchone()[0] == 0x5343524E
        con.execute("PRAGMA application_id = 0")  # as made before the id was written
    con.close()
    State(db).close()  # an older screener database has meta.schema_version: accepted
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA application_id").fetchone()[0] == 0x5343524E
    con.close()
    empty = tmp_path / "empty.db"
    empty.touch()
    State(empty).close()  # an empty file is a new database
