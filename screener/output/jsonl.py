"""One JSON object per file: the CSV columns plus sections, roles, tools and evidence."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from screener.output.files import write_atomic
from screener.record import Record

if TYPE_CHECKING:
    from screener.output.writers import RunInfo


def render_jsonl(records: Sequence[Record]) -> str:
    return "".join(json.dumps(r.to_json(), ensure_ascii=False, sort_keys=False) + "\n" for r in records)


def write(path: Path, records: Sequence[Record], run: RunInfo) -> None:
    write_atomic(path, render_jsonl(records))
