"""One JSON object per file: the CSV columns plus sections, roles, tools and evidence."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from screener.output.files import write_atomic
from screener.record import Record

if TYPE_CHECKING:
    from screener.job.ranking import JobOutput
    from screener.output.writers import RunInfo


def _line(r: Record, job: JobOutput | None) -> dict[str, Any]:
    """The record's JSON; against a job (--job) its last key `job` is the fit: score, parts, the full
    requirement table, flags and probes (null for a file not screened)."""
    data = r.to_json()
    if job is not None:
        fit = job.fit(r)
        data["job"] = fit.to_json() if fit is not None else None
    return data


def render_jsonl(records: Sequence[Record], job: JobOutput | None = None) -> str:
    return "".join(json.dumps(_line(r, job), ensure_ascii=False, sort_keys=False) + "\n" for r in records)


def write(path: Path, records: Sequence[Record], run: RunInfo) -> None:
    write_atomic(path, render_jsonl(records, run.extra.get("job")))
