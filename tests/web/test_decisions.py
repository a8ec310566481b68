"""Decisions: an append-only record of what a person decided, kept across screens and new resumes."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.paths import AS_OF, FIXTURE_PDFS

from screener.cli import main
from screener.record import Record
from screener.run.decisions import all_decisions, decision_for, history_of, latest, record_decision
from screener.run.errors import UsageError
from screener.run.state import State, identity

ANN = Record(rank=3, fit_score=64.0, candidate="Ann Lee", email="Ann@Example.org", file="a.pdf", sha256="aa")
# The same person (same email, any case) in a newer resume with other content.
ANN_NEW = Record(rank=1, fit_score=80.0, candidate="Ann Lee", email="ann@example.org", file="b.pdf", sha256="bb")


def test_decisions_append_and_the_latest_counts(tmp_path: Path) -> None:
    state = State(tmp_path / "s.db")
    first = record_decision(state, decision_for(ANN, "hold", "needs-more-info", "ask about evals", "Kim", 1))
    second = record_decision(state, decision_for(ANN_NEW, "shortlist", "strong-evidence", "", "Lou", 2))
    # A new resume from the same candidate keeps the history: both rows, one identity.
    assert [d.decision for d in history_of(state, identity(ANN_NEW))] == ["hold", "shortlist"]
    assert latest(state) == {"email:ann@example.org": "shortlist"}
    # What the reviewer saw at that moment is kept with the row.
    assert (first.rank, first.fit_score, first.sha256, first.run_id) == (3, 64.0, "aa", 1)
    assert (second.rank, second.fit_score, second.sha256, second.reviewer) == (1, 80.0, "bb", "Lou")
    assert first.decided.endswith("+00:00")
    # Append-only in the database itself.
    for sql in ("UPDATE decisions SET decision = 'decline'", "DELETE FROM decisions"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            state.db.execute(sql)
    assert len(all_decisions(state)) == 2


@pytest.mark.parametrize(("decision", "reason", "reviewer"), [
    ("reject", "other", "Kim"), ("decline", "because", "Kim"), ("decline", "other", "  "),
])
def test_a_decision_must_be_complete(decision: str, reason: str, reviewer: str) -> None:
    with pytest.raises(UsageError):
        decision_for(ANN, decision, reason, "", reviewer, None)


def _screen(paths: list[str], out: Path, state: Path) -> list[dict[str, str]]:
    res = CliRunner().invoke(main, ["screen", *paths, "-o", str(out), "--state", str(state), "--as-of", AS_OF,
                                    "-q", "--executor", "serial"])
    assert res.exit_code == 0, res.output
    return list(csv.DictReader(out.open(encoding="utf-8")))


def test_the_csv_shows_the_latest_decision_and_a_rescreen_keeps_it(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("01_ai_strong.pdf", "08_ml_strong.pdf"):
        shutil.copy(FIXTURE_PDFS / name, inbox / name)
    out, db = tmp_path / "ranked.csv", tmp_path / "state.db"
    rows = _screen([str(inbox)], out, db)
    assert list(rows[0])[-1] == "decision"
    assert {r["decision"] for r in rows} == {""}
    state = State(db)
    ai = next(r for r in state.run_files(1) if r["path"].endswith("01_ai_strong.pdf"))
    rec = Record(rank=ai["rank"], fit_score=ai["fit_score"], candidate=ai["candidate"], file=ai["path"],
                 sha256=ai["sha256"])
    row = decision_for(rec, "decline", "stack-mismatch", "", "Kim", 1)
    record_decision(state, replace(row, identity=ai["identity"]))  # the run's identity: email and all
    state.close()
    rows = _screen([str(inbox), "--rescreen"], out, db)
    by_file = {Path(r["file"]).name: r["decision"] for r in rows}
    assert by_file == {"01_ai_strong.pdf": "decline", "08_ml_strong.pdf": ""}
    # The export: the human-oversight record, as CSV and JSON.
    res = CliRunner().invoke(main, ["decisions", "--state", str(db)])
    exported = list(csv.DictReader(io.StringIO(res.output)))
    assert [(r["decision"], r["reason"], r["reviewer"]) for r in exported] == [("decline", "stack-mismatch", "Kim")]
    res = CliRunner().invoke(main, ["decisions", "--state", str(db), "--format", "json"])
    assert json.loads(res.output)[0]["rank"] == ai["rank"]
