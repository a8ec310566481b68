"""The `html` writer: the report (screener.output.report) drawn from the same ranked records as the CSV."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from screener.output.files import write_atomic
from screener.output.writers import RunInfo
from screener.record import Record


def write(path: Path, records: Sequence[Record], run: RunInfo) -> None:
    from screener.output.report import render_html, run_info
    from screener.record import records_json

    # The report still reads records as JSON (dicts) until it takes Record itself.
    rows = records_json(records)
    info = run_info(
        rows,
        role=run.role,
        as_of=run.as_of,
        taxonomy_version=run.taxonomy_version,
        source=run.source,
        profile_rule=run.profile_rule,
        **run.extra,
    )
    write_atomic(path, render_html(rows, info))
