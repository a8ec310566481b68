"""One JSON object per file: the CSV columns plus sections, roles, tools and evidence."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from screener.output.files import atomic_path
from screener.output.writers import Records, RunInfo, as_stream
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


def jsonl_line(r: Record, job: JobOutput | None = None) -> str:
    return json.dumps(_line(r, job), ensure_ascii=False, sort_keys=False) + "\n"


def render_jsonl(records: Iterable[Record], job: JobOutput | None = None) -> str:
    return "".join(jsonl_line(r, job) for r in records)


def write(path: Path, records: Records, run: RunInfo) -> None:
    """One full record at a time, read from the run's stream and written before the next is read."""
    job = run.extra.get("job")
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as out:
        for r in as_stream(records).records():
            out.write(jsonl_line(r, job))
