"""The `html` writer: the report (screener.output.report) drawn from the same ranked records as the CSV.

The page carries the top `report_top` records in full (RunInfo.extra, `--report-top`; default
`DEFAULT_TOP`, 0 for all); the rest reach the report as the few fields its summary and chart count,
so a screen of 100,000 is not turned into 100,000 full JSON dicts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from screener.output.files import write_atomic
from screener.output.writers import Records, RunInfo, as_stream
from screener.record import Record

# What the report counts of a record it does not carry (views.summary, cells.cells, info.run_info).
COUNTED_FIELDS = ("rank", "fit_score", "candidate", "file", "profile", "red_flags", "notes", "status",
                  "taxonomy_version", "role", "reason", "column_a", "column_b")


def counted(record: Record) -> dict[str, Any]:
    """A record the page only counts: the fields its summary and chart read, as to_json writes them."""
    out: dict[str, Any] = {name: getattr(record, name) for name in COUNTED_FIELDS}
    out["red_flags"] = list(record.red_flags)
    if record.status == "ok":
        out["notes"] = ""  # read only for a file that was not ranked (views.summary): 100,000 notes weigh
    return out


def write(path: Path, records: Records, run: RunInfo) -> None:
    from screener.output.report import render_html, run_info
    from screener.output.report.render import DEFAULT_TOP

    stream = as_stream(records)
    extra = dict(run.extra)
    top = extra.pop("report_top", DEFAULT_TOP)
    full = len(stream) if not top else min(top, len(stream))
    # The report still reads records as JSON (dicts) until it takes Record itself; the rest are read
    # from the run's summaries (their CSV columns), never decoded in full.
    rows = [r.to_json() for r in stream.records(0, full)] + [counted(r) for r in stream.summaries(full)]
    info = run_info(
        rows,
        role=run.role,
        as_of=run.as_of,
        taxonomy_version=run.taxonomy_version,
        source=run.source,
        profile_rule=run.profile_rule,
        **extra,
    )
    write_atomic(path, render_html(rows, info, top))
