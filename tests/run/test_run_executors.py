"""The executors: chosen by name, each answers every task once, with the same records."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from support import AS_OF, FIXTURE_PDFS

from screener.record import Record
from screener.run.executors import EXECUTORS, Limits, Task, make_executor

NAMES = ["01_ai_strong.pdf", "91_encrypted.pdf", "08_ml_strong.pdf", "93_not_a_pdf.pdf"]


def _tasks(folder: Path = FIXTURE_PDFS, names: list[str] = NAMES) -> list[Task]:
    return [Task(i, folder / n, n) for i, n in enumerate(names)]


def test_the_registry_names_local_and_serial() -> None:
    assert {"local", "serial"} <= set(EXECUTORS)
    assert make_executor("serial").name == "serial" and make_executor("local", jobs=3).name == "local"
    with pytest.raises(ValueError, match="no executor 'cloud'"):
        make_executor("cloud")


def test_serial_and_local_give_the_same_records(config: Any) -> None:
    from screener.pipeline import screen_file

    serial = {t.name: r for t, r in make_executor("serial").screen(_tasks(), config)}
    local = {t.name: r for t, r in make_executor("local", jobs=2).screen(_tasks(), config)}
    assert serial == local
    for n in NAMES:
        assert serial[n] == Record.from_screening(screen_file(FIXTURE_PDFS / n, config, n)), n


def test_serial_stops_a_file_that_overruns_the_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         config: Any) -> None:
    import screener.pipeline as pipeline

    real = pipeline.read_document

    def slow(path: Path, cfg: Any, name: str | None = None) -> Any:
        if path.name == "hang.pdf":
            time.sleep(30)
        return real(path, cfg, name)

    monkeypatch.setattr(pipeline, "read_document", slow)
    for n in ("hang.pdf", "next.pdf"):
        shutil.copy(FIXTURE_PDFS / "01_ai_strong.pdf", tmp_path / n)
    start = time.monotonic()
    got = {t.name: r for t, r in make_executor("serial", limits=Limits(timeout=0.5)).screen(
        _tasks(tmp_path, ["hang.pdf", "next.pdf"]), config)}
    assert time.monotonic() - start < 20
    assert got["hang.pdf"].status == "timeout" and "0.5 s" in got["hang.pdf"].reason and got["hang.pdf"].sha256
    assert got["next.pdf"].status == "ok"


def test_serial_turns_running_out_of_memory_into_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          config: Any) -> None:
    import screener.pipeline as pipeline

    def hog(path: Path, cfg: Any, name: str | None = None) -> Any:
        raise MemoryError

    monkeypatch.setattr(pipeline, "read_document", hog)
    shutil.copy(FIXTURE_PDFS / "01_ai_strong.pdf", tmp_path / "a.pdf")
    [(_, rec)] = list(make_executor("serial").screen(_tasks(tmp_path, ["a.pdf"]), config))
    assert rec.status == "too-large" and rec.sha256
    assert AS_OF  # the session's screen is dated; the fixture config carries it
