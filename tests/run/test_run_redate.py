"""A moving --as-of (issue 20): resumes dated by --as-of are served from the state on another day, not read again.

Within a month a stored result is re-dated; in another month its stored Document is judged again. Either way the
outputs are the bytes a run without a state gives that day, and no resume is read.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from support.paths import FIXTURE_PDFS, FIXTURES
from support.reads import counted_reads

from screener.output.writers import OutputRequest
from screener.run.executors import make_executor
from screener.run.inbox import RunOptions, screen_inbox
from screener.run.redate import Candidate, Hit, served
from screener.run.state import Key, State
from screener.settings import Screen

NOV_1, NOV_20, DEC_20, DEC_28 = "2026-11-01", "2026-11-20", "2026-12-20", "2026-12-28"
UNDATED = "29_no_metadata_date.pdf"  # no PDF date
LATER = "30_future_pdf_date.pdf"  # dated 2026-12-15: after Nov 1 and Nov 20, before Dec 20
DATED = "01_ai_strong.pdf"  # dated before all of them


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in (UNDATED, LATER, DATED):
        shutil.copy(FIXTURE_PDFS / name, folder / name)
    shutil.copy(FIXTURES / "inbox" / "29_no_metadata_date.txt", folder / "plain.txt")  # a text file: no date at all
    shutil.copy(FIXTURES / "inbox" / "two_resumes.zip", folder / "two_resumes.zip")  # members of a container
    return folder


def _outputs(out: Path) -> tuple[OutputRequest, ...]:
    return (OutputRequest("csv", out / "r.csv"), OutputRequest("jsonl", out / "r.jsonl"),
            OutputRequest("html", out / "r.html"))


def _night(inbox: Path, out: Path, taxonomy: Any, as_of: str, state: Path | None,
           executor: str = "serial") -> tuple[dict[str, bytes], list[str], Any]:
    """One run; its outputs' bytes, the resume readers the pipeline called, and the result."""
    with counted_reads() as calls:
        result = screen_inbox([str(inbox)], Screen.of(taxonomy, role="ai-engineer", as_of=as_of), state,
                              make_executor(executor, jobs=2), options=RunOptions(_outputs(out)))
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}, calls, result


def test_another_day_of_the_month_re_dates_without_reading(inbox: Path, tmp_path: Path, taxonomy: Any) -> None:
    db = tmp_path / "state.db"
    _, first, _ = _night(inbox, tmp_path / "nov1", taxonomy, NOV_1, db)
    assert first.count("read_file") == 4  # every file read once (the zip's members as bytes)
    got, reads, result = _night(inbox, tmp_path / "nov20", taxonomy, NOV_20, db)
    assert reads == [] and result.counts.screened == 0
    fresh, _, _ = _night(inbox, tmp_path / "fresh", taxonomy, NOV_20, None)
    assert got == fresh
    dates = {line.split(b",")[6]: line for line in got["r.csv"].splitlines()[1:]}
    assert NOV_20.encode() in dates[str(inbox / UNDATED).encode()]  # re-dated: the new as-of is its date
    # `report --run N` and the web app read the run's records through State.lookup: re-dated too
    st = State(db)
    run = st.runs()[0]
    key = Key(run["role"], run["engine"], run["taxonomy_version"], run["screener_version"], run["as_of"])
    stored = st.lookup(hashlib.sha256((inbox / UNDATED).read_bytes()).hexdigest(), key)
    st.close()
    assert run["as_of"] == NOV_20 and stored is not None and stored["resume_date"] == NOV_20


def test_another_month_re_judges_the_stored_document_without_reading(inbox: Path, tmp_path: Path,
                                                                     taxonomy: Any) -> None:
    db = tmp_path / "state.db"
    _night(inbox, tmp_path / "nov1", taxonomy, NOV_1, db)
    got, reads, result = _night(inbox, tmp_path / "dec20", taxonomy, DEC_20, db)
    assert reads == []
    assert result.counts.screened >= 2  # the undated ones, judged again from their Documents
    fresh, _, _ = _night(inbox, tmp_path / "fresh", taxonomy, DEC_20, None)
    assert got == fresh
    # the later-dated PDF has reached its own date; the November results are gone, December's serve the month
    assert b"2026-12-15" in got["r.csv"]
    st = State(db)
    assert st.db.execute("SELECT count(*) FROM results WHERE valid_from IS NULL AND as_of < ?",
                         (DEC_20,)).fetchone()[0] == 0
    st.close()
    again, reads, result = _night(inbox, tmp_path / "dec28", taxonomy, DEC_28, db)
    assert reads == [] and result.counts.screened == 0
    assert again == _night(inbox, tmp_path / "fresh28", taxonomy, DEC_28, None)[0]


def test_forked_workers_return_what_re_judges_a_result(inbox: Path, tmp_path: Path, taxonomy: Any) -> None:
    """The local executor's workers send the Document back with the record: the next month needs no read."""
    db = tmp_path / "state.db"
    _night(inbox, tmp_path / "nov1", taxonomy, NOV_1, db, executor="local")
    st = State(db)
    kept = st.db.execute("SELECT count(*) FROM documents").fetchone()[0]
    undated = st.db.execute("SELECT count(*) FROM results WHERE pdf_date IS NOT NULL").fetchone()[0]
    st.close()
    assert kept == undated >= 3  # the undated PDF, the later-dated one, the text file (and undated members)
    got, _, result = _night(inbox, tmp_path / "dec20", taxonomy, DEC_20, db, executor="local")
    assert got == _night(inbox, tmp_path / "fresh", taxonomy, DEC_20, None)[0]
    assert result.counts.screened == undated  # judged from the stored Documents, the rest reused


def test_a_stored_result_serves_as_of_days_by_its_dates() -> None:
    undated = Candidate(7, 1, NOV_1, None, "", True)
    later = Candidate(8, 1, NOV_1, None, "2026-11-15", True)
    assert served(undated, NOV_1) == (3, Hit(7))
    assert served(undated, NOV_20) == (1, Hit(7, redate=NOV_20))
    assert served(later, "2026-11-10") == (1, Hit(8, redate="2026-11-10"))
    assert served(later, NOV_20) == (1, Hit(8, redate="2026-11-15"))  # its own date, reached
    assert served(undated, DEC_20) == (0, Hit(7, rejudge=True))
    assert served(undated._replace(has_document=False), DEC_20) is None  # nothing to judge: read again
    assert served(undated._replace(pdf_date=None), NOV_20) is None  # stored before schema 3: read again
    dated = Candidate(9, 1, NOV_1, "2026-10-01", None, False)
    assert served(dated, DEC_20) == (2, Hit(9))


def test_a_damaged_or_foreign_document_is_refused_by_the_unpickler() -> None:
    import pickle
    import zlib

    from screener.run.redate import prepared

    evil = zlib.compress(pickle.dumps((print, "x")))
    with pytest.raises(pickle.UnpicklingError):
        prepared(evil, "cv.pdf")


def test_a_stored_document_is_judged_under_the_files_name_and_hash_now() -> None:
    import pickle
    import zlib

    from screener.model import Document, Screening
    from screener.run.redate import prepared

    blob = zlib.compress(pickle.dumps((Screening(file="old.pdf", sha256="a" * 64, status="ok"), Document([], 1))))
    read, doc = prepared(blob, "new.pdf", "b" * 64)
    assert (read.file, read.sha256, doc.pages) == ("new.pdf", "b" * 64, 1)


def test_a_schema_2_state_is_upgraded_in_place_with_its_cells(tmp_path: Path, fixture_screens: dict[str, Any],
                                                              config: Any) -> None:
    """Schema 2 had no cells, no pdf_date, no documents: an upgraded state writes the same CSV as a fresh one."""
    from screener.output.csv import stored_cells
    from screener.record import Record

    key = Key("ai-engineer", "auto", "tax-1", "0.1.0+abc", NOV_1)
    path = tmp_path / "s.db"
    st = State(path)
    run = st.start_run(key, {}, 1)
    recs = [Record.from_screening(s) for s in fixture_screens.values()][:8]
    ids = st.save_many(run, key, recs)
    st.close()
    db = sqlite3.connect(path)  # back to schema 2, as a schema-2 screener left it
    db.execute("DROP TABLE documents")
    db.execute("ALTER TABLE results DROP COLUMN cells")
    db.execute("ALTER TABLE results DROP COLUMN pdf_date")
    db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    st = State(path)
    assert st.upgraded == len(recs)
    assert st.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "3"
    cells = st.cells_texts(ids)
    assert [cells[i] for i in ids] == [stored_cells(r) for r in recs]
    assert st.db.execute("SELECT count(*) FROM results WHERE pdf_date IS NOT NULL").fetchone()[0] == 0
    st.close()
    again = State(path)
    assert again.upgraded is None
    again.close()
