"""The writer registry: every output is a registered writer, written whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from screener.output.writers import WRITERS, OutputRequest, RunInfo, for_suffix, names, writer
from screener.record import Record
from screener.run.runner import rank

RUN = RunInfo(role="ai-engineer", as_of="2026-11-01", taxonomy_version="t-1", source="inbox")


@pytest.fixture(scope="module")
def records(fixture_screens: dict[str, Any]) -> list[Record]:
    return rank(list(fixture_screens.values()))


def test_the_registry_holds_every_output_the_command_line_offers() -> None:
    assert names() == ("csv", "jsonl", "parquet", "html")
    assert all(w.suffixes and all(s.startswith(".") and s == s.lower() for s in w.suffixes) for w in WRITERS)
    assert for_suffix(Path("r.JSONL")) is writer("jsonl") and for_suffix(Path("r.txt")) is None
    with pytest.raises(KeyError, match="no writer 'xlsx'"):
        writer("xlsx")


def test_each_writer_writes_its_form(tmp_path: Path, records: list[Record]) -> None:
    from screener.output.csv import render_csv
    from screener.output.jsonl import render_jsonl

    for w in WRITERS:
        w.write(tmp_path / f"r{w.suffixes[0]}", records, RUN)
    assert (tmp_path / "r.csv").read_text(encoding="utf-8") == render_csv(records)
    assert (tmp_path / "r.jsonl").read_text(encoding="utf-8") == render_jsonl(records)
    assert json.loads((tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()[0])["rank"] == 1
    assert (tmp_path / "r.parquet").read_bytes().startswith(b"PAR1")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<!DOCTYPE html>" in page[:200] or "<!doctype html>" in page[:200].lower()
    assert "t-1" in page and "inbox" in page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv", "r.html", "r.jsonl", "r.parquet"]  # no temp left


def test_a_request_names_a_writer_and_a_path() -> None:
    req = OutputRequest("csv", Path("out/r.csv"))
    assert writer(req.writer).name == "csv"
