"""`screener audit impact`'s sample (a recorded run or a ranked CSV) and its outputs: a CSV of every
figure and a short HTML summary shaped like the one New York City's employers publish (6 RCNY §5-304)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from screener.codes import Decision
from screener.output.impact import Figures, ImpactError, Row

# The day each release was distributed (the summary's "distribution date" of the tool). A release
# without its date here fails tests/test_audit_impact.py.
DISTRIBUTION_DATES = {"0.1.0": "2026-11-23"}
CSV_HEADER = ("measure", "table", "category", "applicants", "counted", "rate", "impact_ratio", "share_of_sample",
              "under_2_percent", "median")
# A decision that moves a candidate forward (codes.Decision: shortlist, hold, decline).
SELECTING_DECISIONS = frozenset({Decision.SHORTLIST})

Sample = list[tuple[list[str], float | None, bool | None]]


@dataclass(frozen=True)
class Source:
    """Where the sample came from, as the summary names it."""

    label: str  # "run 7 of state.db" or "ranked.csv"
    rows: int  # rows in the source
    not_scored: int  # of them without a score (unreadable, not a resume): not in the sample


def distribution_date() -> str:
    from screener import __version__

    return DISTRIBUTION_DATES.get(__version__, "")


def _selected(rank: int | None, decision: str, shortlist: int | None, decisions: bool) -> bool | None:
    if shortlist is not None:
        return rank is not None and rank <= shortlist
    if decisions:
        return decision in SELECTING_DECISIONS
    return None


def from_run(state_path: Path, run_id: int | None, shortlist: int | None, decisions: bool) -> tuple[Sample, Source]:
    """A recorded run's ranked list (the latest completed run unless `run_id`), read only."""
    from screener.run.decisions import latest
    from screener.run.state import State, StateError

    try:
        state = State(state_path, create=False)
    except StateError as exc:
        raise ImpactError(str(exc)) from exc
    try:
        done = [r for r in state.runs() if r["status"] == "completed"]
        run = next((r for r in done if r["id"] == run_id), None) if run_id else (done[0] if done else None)
        if run is None:
            raise ImpactError(f"no completed run {run_id} in {state_path}" if run_id else
                              f"no completed run in {state_path}")
        if state.list_dropped(run):
            raise ImpactError(f"run {run['id']}'s ranked list is no longer kept (--keep-runs)")
        files = state.run_files(run["id"])
        current = latest(state) if decisions else {}
    finally:
        state.close()
    sample: Sample = [([f["sha256"], f["identity"]], f["fit_score"],
                       _selected(f["rank"], current.get(f["identity"], ""), shortlist, decisions)) for f in files]
    return _scored(sample, f"run {run['id']} of {state_path}")


def from_ranked(path: Path, shortlist: int | None, decisions: bool) -> tuple[Sample, Source]:
    """A ranked CSV as `screener screen` writes it (its sha256, fit_score, rank and decision columns)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImpactError(f"cannot read {path}: {exc}") from exc
    reader = csv.DictReader(io.StringIO(text))
    names = set(reader.fieldnames or ())
    if "fit_score" not in names or not names & {"sha256", "candidate_id"}:
        raise ImpactError(f"{path} is not a ranked CSV of screener (no fit_score, or neither sha256 nor candidate_id)")
    sample: Sample = []
    for row in reader:
        score = float(row["fit_score"]) if row.get("fit_score") else None
        rank = int(row["rank"]) if row.get("rank") else None
        keys = [row.get("sha256") or "", row.get("candidate_id") or ""]
        sample.append((keys, score, _selected(rank, row.get("decision") or "", shortlist, decisions)))
    return _scored(sample, str(path))


def _scored(sample: Sample, label: str) -> tuple[Sample, Source]:
    return sample, Source(label, len(sample), sum(1 for _, score, _ in sample if score is None))


def _pct(x: float | None) -> str:
    return "" if x is None else f"{x:.4f}"


def render_csv(figs: Figures) -> str:
    """Every row of every table, then one `unknown` row per table: rates to 4 places, ratios to 3."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_HEADER)
    median = "" if figs.median is None else f"{figs.median:g}"
    for r in figs.rows:
        w.writerow([r.measure, r.table, r.category, r.applicants, r.counted, _pct(r.rate),
                    "" if r.impact_ratio is None else f"{r.impact_ratio:.3f}", _pct(r.share),
                    "yes" if r.small else "", median if r.measure == "scoring" else ""])
    for table, count in figs.unknown.items():
        w.writerow(["", table, "Unknown", count, "", "", "", _pct(count / figs.sample if figs.sample else 0.0),
                    "", ""])
    return buf.getvalue()


def _tables(figs: Figures, measure: str) -> list[tuple[str, Sequence[Row]]]:
    return [(t, [r for r in figs.rows if r.measure == measure and r.table == t])
            for t in ("sex", "race/ethnicity", "intersection")]


def render_html(figs: Figures, source: Source, demographics: Path, today: str | None = None) -> str:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    from screener import __version__

    env = Environment(loader=PackageLoader("screener.output.report", "templates"), undefined=StrictUndefined,
                      autoescape=select_autoescape(default=True), keep_trailing_newline=True)
    values: dict[str, Any] = {
        "date": today or dt.date.today().isoformat(),
        "version": __version__,
        "distribution_date": distribution_date() or "not recorded",
        "source": source,
        "demographics": demographics.name,
        "demographics_sha256": hashlib.sha256(demographics.read_bytes()).hexdigest(),
        "figs": figs,
        "scoring": _tables(figs, "scoring"),
        "selection": _tables(figs, "selection") if figs.selection else [],
        "small": [r for r in figs.rows if r.small and r.measure == "scoring"],
    }
    return env.get_template("impact.html.j2").render(**values)
