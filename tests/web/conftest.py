"""A state database made by hand, for the app's tests: a hostile resume among ordinary ones."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

from screener.record import FlagRecord, FoundRecord, Record, ScorePartRecord, ToolRecord
from screener.run.state import Key, State

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)

KEY = Key("ai-engineer", "auto", "tv", "sv", "2026-11-01")
HOSTILE = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'


def hostile_record(path: str) -> Record:
    found = FoundRecord("LangChain", "role", "Experience", 0, 7, f"Built {HOSTILE} with LangChain", False)
    return Record(
        rank=1, fit_score=88.0, candidate=HOSTILE, email="x@example.org", links=("javascript:alert(1)",),
        file=path, profile="ai-engineer", column_a_tools=("LangChain",), status="ok", sha256="a" * 64,
        latest_title=HOSTILE, notes=HOSTILE, tools=(ToolRecord("LangChain", "tool", "A", "framework", 3.0, 12, None,
                                                            (found,)),),
        flags=(FlagRecord("hidden-text", HOSTILE, (9,), (HOSTILE,)),), red_flags=("hidden-text",),
        score_parts=(ScorePartRecord("column A", 88.0, HOSTILE),),
    )


def plain_record(path: str, rank: int, score: float, name: str, sha: str) -> Record:
    return Record(rank=rank, fit_score=score, candidate=name, email=f"{sha[:4]}@example.org", file=path,
                  profile="ml-engineer", column_b_tools=("PyTorch",), status="ok", sha256=sha)


def make_state(folder: Path, files: dict[str, Record]) -> Path:
    """A state with one completed run ranking `files` (path -> record) in that order."""
    db = folder / "state.db"
    state = State(db)
    run = state.start_run(KEY, {}, 1)
    for rec in files.values():
        state.save(run, KEY, rec)
    state.finish_run(run, {"found": len(files), "ranked": len(files)}, list(files.values()))
    state.close()
    return db


@pytest.fixture
def made(tmp_path: Path) -> dict[str, Any]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "hostile.pdf").write_bytes(b"%PDF-1.4 hostile\n")
    (inbox / "b.docx").write_bytes(b"PK\x03\x04 not really")
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(b"%PDF-1.4 secret\n")
    (inbox / "link.pdf").symlink_to(outside)
    files = {
        "hostile": hostile_record(str(inbox / "hostile.pdf")),
        "docx": plain_record(str(inbox / "b.docx"), 2, 70.0, "Bea Docx", "b" * 64),
        "outside": plain_record(str(outside), 3, 60.0, "Out Side", "c" * 64),
        "link": plain_record(str(inbox / "link.pdf"), 4, 50.0, "Sym Link", "d" * 64),
        "relative": plain_record("../secret.pdf", 5, 40.0, "Dot Dot", "e" * 64),
    }
    return {"inbox": inbox, "state": make_state(tmp_path, files), "tmp": tmp_path}
