"""The run's summary as text: what `screener screen` prints when it is done, drawn from the RunResult."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from screener.codes import PROFILES, Status
from screener.record import Record

if TYPE_CHECKING:
    from screener.run.result import Comparison, Counts, RunResult

TOP_SHOWN = 5  # candidates the summary names
DUPLICATES_SHOWN = 10  # duplicates the summary lists before counting the rest


def render_summary(result: RunResult) -> str:
    out = str(result.output)
    counts = result.counts
    if not result.records:
        return f"No PDFs found in {', '.join(result.paths)}. Wrote an empty {out}"
    if result.stateful and counts.screened == 0 and not result.rescreen:
        return (f"Nothing new to screen: {counts.found} file(s) unchanged since they were last screened "
                f"({counts.ranked} ranked). Wrote {out}")
    return summary(result.records, out, result.taxonomy_version, result.role, result.as_of, counts)


def summary(records: list[Record], output: str, version: str, role: str, as_of: str,
            counts: Counts | None = None) -> str:
    ok = [r for r in records if r.status == Status.OK]
    dup = [r for r in records if r.status == Status.DUPLICATE]
    bad = [r for r in records if r.status not in (Status.OK, Status.DUPLICATE)]
    profiles = Counter(r.profile for r in ok)
    fresh = ""
    if counts is not None and counts.reused:
        fresh = f" ({counts.screened} screened now, {counts.reused} unchanged since the last run)"
    lines = [
        f"Screened {len(records)} file(s){fresh} for {role} (as of {as_of}, taxonomy {version}): "
        f"{len(ok)} ranked, {len(bad)} could not be read"
        + (f", {len(dup)} duplicate(s)" if dup else "") + f". Wrote {output}",
        "Profiles: " + ", ".join(f"{p} {profiles.get(p, 0)}" for p in PROFILES),
    ]
    if ok:
        lines.append("Top 5:")
        for r in ok[:TOP_SHOWN]:
            flags = f"  [{'; '.join(r.red_flags)}]" if r.red_flags else ""
            who = r.candidate or Path(r.file).name
            lines.append(f"  {r.rank:>3}. {r.fit_score:5.1f}  {who} ({r.profile}){flags}")
    if dup:
        lines.append("Duplicates (ranked once, as the newest file):")
        lines.extend(f"  {r.file}: {r.notes}" for r in dup[:DUPLICATES_SHOWN])
        if len(dup) > DUPLICATES_SHOWN:
            lines.append(f"  ... and {len(dup) - DUPLICATES_SHOWN} more (status `duplicate` in the output)")
    if bad:
        lines.append("Could not be screened:")
        lines.extend(f"  {r.file}: {r.status} - {r.reason}" for r in bad)
    return "\n".join(lines)


def render_comparison(c: Comparison) -> str:
    """What `--diff` prints after the summary."""
    from screener.run.history import render_diff

    if c.previous is None:
        return "No earlier completed run to compare with.\n"
    if c.dropped:
        return f"Run {c.previous['id']}'s ranked list is no longer kept (--keep-runs): nothing to compare with.\n"
    assert c.diff is not None  # set whenever there is a previous list
    return render_diff(c.diff, c.previous, c.now)
