"""One JSON object per file: the CSV columns plus sections, roles, tools and evidence."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from screener.output.files import atomic_path
from screener.output.writers import Records, RunInfo, as_stream
from screener.record import Record


def jsonl_line(r: Record) -> str:
    return json.dumps(r.to_json(), ensure_ascii=False, sort_keys=False) + "\n"


def render_jsonl(records: Iterable[Record]) -> str:
    return "".join(jsonl_line(r) for r in records)


def write(path: Path, records: Records, run: RunInfo) -> None:
    """One full record at a time, read from the run's stream and written before the next is read."""
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as out:
        for r in as_stream(records).records():
            out.write(jsonl_line(r))
