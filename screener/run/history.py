"""What changed between two runs, and the list of runs: pure functions over state rows.

The morning read for a recruiter: who is new, whose rank moved, who picked up a
red flag, who left the inbox. Candidates are followed by identity (email, else
name + phone, else content hash), so an updated resume is the same person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from screener.run.state import RankedRow, RunRow

JOB_SHA_SHOWN = 12  # characters of the JD's hash history and diff print


@dataclass
class Diff:
    new: list[RankedRow] = field(default_factory=list)
    gone: list[RankedRow] = field(default_factory=list)
    moved: list[tuple[RankedRow, RankedRow]] = field(default_factory=list)  # (before, now)
    new_flags: list[tuple[RankedRow, list[str]]] = field(default_factory=list)
    resent: list[RankedRow] = field(default_factory=list)  # a known candidate's file changed

    @property
    def empty(self) -> bool:
        return not (self.new or self.gone or self.moved or self.new_flags or self.resent)


def diff_runs(before: list[RankedRow], now: list[RankedRow]) -> Diff:
    """Compare two runs' ranked rows (as stored in run_files)."""
    old = {r["identity"]: r for r in before}
    cur = {r["identity"]: r for r in now}
    d = Diff()
    for ident, r in cur.items():
        prev = old.get(ident)
        if prev is None:
            d.new.append(r)
            continue
        if prev["rank"] != r["rank"] or prev["status"] != r["status"]:
            d.moved.append((prev, r))
        if prev["sha256"] != r["sha256"]:
            d.resent.append(r)
        added = [f for f in r["red_flags"] if f not in prev["red_flags"]]
        if added:
            d.new_flags.append((r, added))
    d.gone = [r for ident, r in old.items() if ident not in cur]
    d.moved.sort(key=lambda pair: _rank_key(pair[1]))
    d.new.sort(key=_rank_key)
    d.resent.sort(key=_rank_key)
    d.gone.sort(key=_rank_key)
    d.new_flags.sort(key=lambda pair: _rank_key(pair[0]))
    return d


def _rank_key(r: RankedRow) -> tuple[int, str]:
    return (r["rank"] if r["rank"] is not None else 1 << 30, r["path"])


def _who(r: RankedRow) -> str:
    return r["candidate"] or r["path"]


def _rank(r: RankedRow) -> str:
    if r["rank"] is not None:
        return f"#{r['rank']}"
    return r["status"]


def _score(r: RankedRow) -> str:
    return f"{r['fit_score']:.1f}" if r["fit_score"] is not None else "-"


def _flags(flags: list[str]) -> str:
    return f"  [{'; '.join(flags)}]" if flags else ""


def _when(stamp: str | None) -> str:
    if not stamp:
        return "-"
    return stamp.replace("T", " ").removesuffix("+00:00")


def job_of(run: RunRow) -> dict[str, str] | None:
    """The job a run ranked against (`screen --job`, kept in its options), or None for a run for a role."""
    options = run.get("options")
    job = options.get("job") if isinstance(options, dict) else None
    return job if isinstance(job, dict) else None


def job_label(run: RunRow) -> str:
    """'' for a run for a role; else the JD's file, title and the start of its hash."""
    job = job_of(run)
    if job is None:
        return ""
    title = f" \"{job['title']}\"" if job.get("title") else ""
    return f"{job.get('file', '')}{title} ({str(job.get('sha256', ''))[:JOB_SHA_SHOWN]})"


def same_job(a: RunRow, b: RunRow) -> bool:
    """Both runs for a role alone, or both against the same JD (its hash)."""
    return (job_of(a) or {}).get("sha256") == (job_of(b) or {}).get("sha256")


def render_diff(d: Diff, before: RunRow, now: RunRow, limit: int = 20) -> str:
    job = f", job {job_label(now)}" if job_of(now) else ""
    head = (f"Run {now['id']} ({_when(now['started'])} UTC) against run {before['id']} "
            f"({_when(before['started'])} UTC), role {now['role']}{job}:")
    if d.empty:
        return head + " nothing changed.\n"
    lines = [head + f" {len(d.new)} new, {len(d.resent)} sent a new file, {len(d.moved)} moved, "
                    f"{len(d.new_flags)} with new flags, {len(d.gone)} gone."]
    if not same_job(before, now):
        lines.append(f"The job changed ({job_label(before) or 'none'} -> {job_label(now) or 'none'}): "
                     "ranks move for that reason alone.")
    if before["taxonomy_version"] != now["taxonomy_version"]:
        lines.append(f"The taxonomy changed ({before['taxonomy_version']} -> {now['taxonomy_version']}): "
                     "scores may move for that reason alone.")

    def section(title: str, items: list[str]) -> None:
        if not items:
            return
        lines.append(f"{title}:")
        lines.extend("  " + s for s in items[:limit])
        if len(items) > limit:
            lines.append(f"  ... and {len(items) - limit} more")

    section("New candidates", [
        f"{_rank(r):>10}  {_score(r):>5}  {_who(r)} ({r['profile'] or r['status']})  {r['path']}"
        + _flags(r["red_flags"])
        for r in d.new
    ])
    section("New files from known candidates", [f"{_rank(r):>10}  {_who(r)}  {r['path']}" for r in d.resent])
    section("Changed ranks", [
        f"{_rank(r):>10} (was {_rank(p)})  {_score(r):>5} (was {_score(p)})  {_who(r)}"
        for p, r in d.moved
    ])
    section("New flags", [f"{_rank(r):>10}  {_who(r)}: {'; '.join(added)}" for r, added in d.new_flags])
    section("No longer in the inbox", [f"{_who(r)} (was {_rank(r)})  {r['path']}" for r in d.gone])
    return "\n".join(lines) + "\n"


def _took(run: RunRow) -> str:
    if not run["finished"]:
        return "-"
    took = dt.datetime.fromisoformat(run["finished"]) - dt.datetime.fromisoformat(run["started"])
    seconds = took.total_seconds()
    return f"{seconds:.0f}s"


def render_history(runs: list[RunRow], locked: bool = False, dropped: Sequence[int] = ()) -> str:
    """One line per run, newest first.

    An unfinished run is `running` only when it is the newest and a run holds the
    lock now (`locked`); otherwise it was killed or crashed: `interrupted`. Runs in
    `dropped` no longer have their ranked list (--keep-runs): a note says so.
    """
    if not runs:
        return "No runs recorded yet.\n"
    cols: tuple[str, ...] = ("run", "started (UTC)", "took", "status", "found", "screened", "reused", "ranked", "dup",
            "failed", "role", "as-of", "taxonomy")
    rows = []
    for r in runs:
        status = r["status"]
        if status == "running" and not (locked and r is runs[0]):
            status = "interrupted"
        rows.append((str(r["id"]), _when(r["started"]), _took(r), status,
                     *(str(r[c]) if r[c] is not None else "-" for c in
                       ("found", "screened", "reused", "ranked", "duplicates", "failed")),
                     r["role"], r["as_of"], r["taxonomy_version"]))
    if any(job_of(r) for r in runs):  # a job column only when a run ranked against a JD (screen --job)
        cols += ("job",)
        rows = [(*row, job_label(r) or "-") for row, r in zip(rows, runs, strict=True)]
    widths = [max(len(c), *(len(row[i]) for row in rows)) for i, c in enumerate(cols)]
    out = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip()]
    out += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    if dropped:
        out.append(f"Ranked lists no longer kept (--keep-runs), counts only: run {_id_ranges(dropped)}.")
    return "\n".join(out) + "\n"


def _id_ranges(ids: Sequence[int]) -> str:
    """3, 5, 6, 7 -> "3, 5-7"."""
    spans: list[list[int]] = []
    for i in sorted(set(ids)):
        if spans and i == spans[-1][1] + 1:
            spans[-1][1] = i
        else:
            spans.append([i, i])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)
