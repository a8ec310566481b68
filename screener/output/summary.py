"""The run's summary as text: what `screener screen` prints when it is done, drawn from the RunResult."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from screener.codes import PROFILES, Status

if TYPE_CHECKING:
    from screener.run.accounting import Accounting
    from screener.run.result import Comparison, Counts, RunResult



class Summarised(Protocol):
    """What the summary reads of a ranked file: a Record, or a run's compact row (run/rows.Row)."""

    @property
    def file(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def rank(self) -> int | None: ...
    @property
    def fit_score(self) -> float | None: ...
    @property
    def candidate(self) -> str: ...
    @property
    def profile(self) -> str: ...
    @property
    def red_flags(self) -> tuple[str, ...]: ...
    @property
    def notes(self) -> str: ...
    @property
    def reason(self) -> str: ...


TOP_SHOWN = 5  # candidates the summary names
DUPLICATES_SHOWN = 10  # duplicates the summary lists before counting the rest
SKIPPED_SHOWN = 10  # skipped files the summary lists before counting the rest


def render_summary(result: RunResult, shown: dict[Path, str] | None = None) -> str:
    """The summary; `shown` renames outputs (the -o - spool file is "standard output")."""
    out = wrote(result, shown or {})
    counts, acc = result.counts, result.accounting
    if not result.records:
        found = f"nothing but {len(acc.skipped)} skipped file(s)" if acc and acc.skipped else "no files"
        lines = [f"No resumes found in {', '.join(result.paths)}: {found}. Wrote an empty {out}"]
        return "\n".join(lines + (skipped_lines(acc) if acc else []))
    if result.stateful and counts.screened == 0 and counts.reused and not result.rescreen:
        return (f"Nothing new to screen: {counts.found} file(s) unchanged since they were last screened "
                f"({counts.ranked} ranked). Wrote {out}")
    return summary(result.records, out, result.taxonomy_version, result.role, result.as_of, counts, acc)


def wrote(result: RunResult, shown: dict[Path, str]) -> str:
    """Every output written, in the order asked: 'out/ranked.csv, out/ranked.jsonl and out/report.html'."""
    paths = list(result.written) or ([result.output] if result.output is not None else [])
    names = [shown.get(p, str(p)) for p in paths]
    if len(names) <= 1:
        return names[0] if names else "nothing"
    return ", ".join(names[:-1]) + " and " + names[-1]


def summary(records: Sequence[Summarised], output: str, version: str, role: str, as_of: str,
            counts: Counts | None = None, accounting: Accounting | None = None) -> str:
    ok = [r for r in records if r.status == Status.OK]
    dup = [r for r in records if r.status == Status.DUPLICATE]
    bad = [r for r in records if r.status not in (Status.OK, Status.DUPLICATE)]
    unsupported = sum(1 for r in bad if r.status == Status.UNSUPPORTED)
    profiles = Counter(r.profile for r in ok)
    fresh = ""
    if counts is not None and counts.reused:
        fresh = f" ({counts.screened} screened now, {counts.reused} unchanged since the last run)"
    lines = [
        f"Screened {len(records)} file(s){fresh} for {role} (as of {as_of}, taxonomy {version}): "
        f"{len(ok)} ranked, {len(bad) - unsupported} could not be read"
        + (f", {unsupported} unsupported" if unsupported else "")
        + (f", {len(dup)} duplicate(s)" if dup else "") + f". Wrote {output}",
        "Profiles: " + ", ".join(f"{p} {profiles.get(p, 0)}" for p in PROFILES),
    ]
    if accounting is not None:
        lines.append(files_line(accounting))
    if ok:
        lines += top_lines(ok, role)
    if dup:
        lines.append("Duplicates (ranked once, as the newest file):")
        lines.extend(f"  {r.file}: {r.notes}" for r in dup[:DUPLICATES_SHOWN])
        if len(dup) > DUPLICATES_SHOWN:
            lines.append(f"  ... and {len(dup) - DUPLICATES_SHOWN} more (status `duplicate` in the output)")
    if bad:
        lines.append("Could not be screened:")
        lines.extend(f"  {r.file}: {r.status} - {r.reason}" for r in bad)
    if accounting is not None:
        lines += skipped_lines(accounting)
    return "\n".join(lines)


def top_lines(ok: Sequence[Summarised], role: str) -> list[str]:
    """The Top 5 among candidates with evidence for the role (a score above 0); a 0.0 list is no ranking."""
    fit = [r for r in ok if (r.fit_score or 0) > 0][:TOP_SHOWN]
    if not fit:
        return [f"Top {TOP_SHOWN}: no candidate shows evidence for this role ({role})"]
    few = len(fit) < TOP_SHOWN
    lines = [f"Top {TOP_SHOWN} ({len(fit)} with evidence for {role}):" if few else f"Top {TOP_SHOWN}:"]
    for r in fit:
        flags = f"  [{'; '.join(r.red_flags)}]" if r.red_flags else ""
        who = r.candidate or f"{Path(r.file).name} (name not found)"
        lines.append(f"  {r.rank:>3}. {r.fit_score:5.1f}  {who} ({r.profile}){flags}")
    return lines


def files_line(acc: Accounting) -> str:
    """'Files: PDF 8 read; Word 2 read, 1 failed; zip 1 opened (2 files); 1 skipped': every file, by kind."""
    parts = [f"{k.label} {k.describe()}" for k in acc.kinds]
    if acc.skipped:
        parts.append(f"{len(acc.skipped)} skipped")
    return "Files: " + ("; ".join(parts) if parts else "none")


def skipped_lines(acc: Accounting) -> list[str]:
    if not acc.skipped:
        return []
    lines = ["Skipped (clutter and screener's own files, not screened):"]
    lines.extend(f"  {s.name}: {s.why}" for s in acc.skipped[:SKIPPED_SHOWN])
    if len(acc.skipped) > SKIPPED_SHOWN:
        lines.append(f"  ... and {len(acc.skipped) - SKIPPED_SHOWN} more")
    return lines


def render_comparison(c: Comparison) -> str:
    """What `--diff` prints after the summary."""
    from screener.run.history import render_diff

    if c.previous is None:
        return "No earlier completed run to compare with.\n"
    if c.dropped:
        return f"Run {c.previous['id']}'s ranked list is no longer kept (--keep-runs): nothing to compare with.\n"
    assert c.diff is not None  # set whenever there is a previous list
    return render_diff(c.diff, c.previous, c.now)
