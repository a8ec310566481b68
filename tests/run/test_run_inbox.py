"""A run as a library call: screen_inbox tells events, returns a RunResult and raises typed errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.paths import fixture_inbox

from screener.output.writers import OutputRequest
from screener.run.events import Event, Finished, Planned, Screened, Written
from screener.run.executors import make_executor
from screener.run.inbox import LockBusy, OutputError, RunOptions, StateError, UsageError, screen_inbox
from screener.run.lock import acquire, lock_path_for

PICKED = ("01_ai_strong.pdf", "08_ml_strong.pdf", "92_empty.pdf")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    return fixture_inbox(tmp_path / "inbox", PICKED)


def _options(tmp_path: Path, **kw: Any) -> RunOptions:
    outputs = (OutputRequest("csv", tmp_path / "out" / "r.csv"), OutputRequest("jsonl", tmp_path / "out" / "r.jsonl"))
    return RunOptions(outputs, **kw)


def test_a_run_tells_its_events_in_order_and_returns_the_ranked_records(inbox: Path, tmp_path: Path,
                                                                        config: Any) -> None:
    events: list[Event] = []
    db = tmp_path / "state.db"
    result = screen_inbox([str(inbox)], config, db, make_executor("serial"), events.append, _options(tmp_path))
    assert events[0] == Planned(3, 0)
    screened = [e for e in events if isinstance(e, Screened)]
    assert [(e.done, e.total) for e in screened] == [(1, 3), (2, 3), (3, 3)]
    assert [(e.writer, e.path.name) for e in events if isinstance(e, Written)] == [("csv", "r.csv"),
                                                                                 ("jsonl", "r.jsonl")]
    assert events[-1] == Finished(result)
    assert [r.rank for r in result.records] == [1, 2, None] and result.records[-1].status == "empty"
    c = result.counts
    assert (c.found, c.screened, c.reused, c.ranked, c.duplicates, c.failed) == (3, 3, 0, 2, 0, 1)
    assert result.stateful and result.run_id == 1 and result.output == tmp_path / "out" / "r.csv"
    assert result.written == (tmp_path / "out" / "r.csv", tmp_path / "out" / "r.jsonl")

    # again: everything is reused, nothing screened, and the outputs are the same bytes
    before = (tmp_path / "out" / "r.csv").read_bytes()
    events.clear()
    again = screen_inbox([str(inbox)], config, db, make_executor("serial"), events.append,
                         _options(tmp_path, compare=True))
    assert events[0] == Planned(0, 3) and not any(isinstance(e, Screened) for e in events)
    assert again.counts.reused == 3 and again.run_id == 2
    assert (tmp_path / "out" / "r.csv").read_bytes() == before
    assert again.comparison is not None and again.comparison.previous is not None
    assert again.comparison.diff is not None and again.comparison.diff.empty


def test_settings_alone_are_enough(inbox: Path, tmp_path: Path, config: Any) -> None:
    # A web app has Settings (plain values); the runtime is built inside the call.
    result = screen_inbox([str(inbox / "01_ai_strong.pdf")], config.settings, None, make_executor("serial"),
                          options=_options(tmp_path))
    assert [r.status for r in result.records] == ["ok"] and not result.stateful


def test_what_goes_wrong_is_a_typed_error(inbox: Path, tmp_path: Path, config: Any) -> None:
    serial = make_executor("serial")
    with pytest.raises(UsageError, match="path does not exist"):
        screen_inbox([str(tmp_path / "nope")], config, None, serial, options=_options(tmp_path))
    (tmp_path / "adir").mkdir()
    with pytest.raises(OutputError, match="is a folder, not a file"):
        screen_inbox([str(inbox)], config, None, serial,
                     options=RunOptions((OutputRequest("csv", tmp_path / "adir"),)))
    db = tmp_path / "state.db"
    with acquire(lock_path_for(db)), pytest.raises(LockBusy, match="another screener run"):
        screen_inbox([str(inbox)], config, db, serial, options=_options(tmp_path))
    bad = tmp_path / "bad.db"
    bad.write_text("not sqlite " * 200)
    with pytest.raises(StateError, match="cannot use the state database"):
        screen_inbox([str(inbox)], config, bad, serial, options=_options(tmp_path))
    assert not (tmp_path / "out" / "r.csv").exists()  # nothing was written by any refused run
