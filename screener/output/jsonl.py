"""One JSON object per file: the CSV columns plus sections, roles, tools and evidence."""

from __future__ import annotations

import json
from collections.abc import Sequence

from screener.record import Record


def render_jsonl(records: Sequence[Record]) -> str:
    return "".join(json.dumps(r.to_json(), ensure_ascii=False, sort_keys=False) + "\n" for r in records)
