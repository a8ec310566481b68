"""One JSON object per file: the CSV columns plus sections, roles, tools and evidence."""

from __future__ import annotations

import json
from typing import Any


def render_jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in records)
