"""skill_taxonomy/job/ -> `JobRules`: the words, thresholds, bands, weights and probe texts of the JD analysis.

Read once per process; every file row carries a `source`. A problem in the data is an error that
names the file and line, as the taxonomy's own loader does.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

JOB_DIR = "job"


class JobRulesError(ValueError):
    """The job data is missing a file or a value, or has a bad one (message: file:line: what)."""


@dataclass(frozen=True)
class Band:
    variant: str
    seniority: str
    pay: str  # base | total
    currency: str
    low: int
    high: int
    source: str


@dataclass(frozen=True)
class JobRules:
    headings: dict[str, str]  # folded heading -> kind
    cues: dict[str, str]  # cue -> must | nice
    deliverables: dict[str, tuple[str, ...]]  # variant -> phrases
    background: dict[str, tuple[str, ...]]  # variant -> phrases
    years_kinds: tuple[tuple[str, tuple[str, ...]], ...]  # (kind, phrases), in the order they are tried
    seniority: tuple[tuple[str, str], ...]  # (phrase, level), longest phrase first
    bands: tuple[Band, ...]
    variant: dict[str, Any]
    years: dict[str, Any]
    comp: dict[str, Any]
    problems: dict[str, Any]
    fit: dict[str, Any]
    probes: dict[str, str]
    # practice -> what shows it done: ("A", "eval") a column's category ("A", "*" any of the column), or
    # ("", name) one tool (practices.csv)
    practices: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    def target_for(self, variant: str, heavier_column: str) -> str:
        targets: dict[str, str] = self.variant["targets"]
        return targets.get(variant) or self.variant["column_targets"][heavier_column]

    def family(self, variant: str) -> str:
        """The column a variant's work lives in (A: LLM-applied, B: production ML)."""
        families: dict[str, list[str]] = self.variant["families"]
        return next((col for col, names in families.items() if variant in names), "")


def _rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if tuple(reader.fieldnames or ()) != columns:
                raise JobRulesError(f"{path.name}:1: expected the columns {','.join(columns)}")
            rows = [(i + 2, row) for i, row in enumerate(reader)]
    except OSError as exc:
        raise JobRulesError(f"{path.name}:0: {exc}") from exc
    for line, row in rows:
        if not all(row.get(c) for c in columns):
            raise JobRulesError(f"{path.name}:{line}: every column needs a value (a source too)")
    return rows


def _grouped(path: Path, key: str, value: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for _, row in _rows(path, (key, value, "source")):
        out.setdefault(row[key], []).append(row[value])
    return {k: tuple(v) for k, v in out.items()}


def _bands(path: Path) -> tuple[Band, ...]:
    out = []
    for line, row in _rows(path, ("variant", "seniority", "pay", "currency", "low", "high", "source")):
        try:
            low, high = int(row["low"]), int(row["high"])
        except ValueError:
            raise JobRulesError(f"{path.name}:{line}: low and high must be whole numbers") from None
        if low > high:
            raise JobRulesError(f"{path.name}:{line}: low is above high")
        out.append(Band(row["variant"], row["seniority"], row["pay"], row["currency"], low, high, row["source"]))
    return tuple(out)


def fold_heading(text: str) -> str:
    """A heading as headings.csv writes it: lower case, no markup, no trailing colon."""
    text = text.strip().strip("#*_ ").rstrip(":").strip().strip("*_ ").lower()
    return " ".join(text.replace("’", "'").split())


def read_job_rules(folder: Path) -> JobRules:
    """The job data of a taxonomy folder (its `job/` subfolder)."""
    here = folder / JOB_DIR
    try:
        with (here / "job.toml").open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise JobRulesError(f"job.toml:0: {exc}") from exc
    for table in ("variant", "years", "comp", "problems", "fit", "probes"):
        if not isinstance(data.get(table), dict):
            raise JobRulesError(f"job.toml:0: no [{table}] table")
    heading_rows = _rows(here / "headings.csv", ("heading", "kind", "source"))
    headings = {fold_heading(r["heading"]): r["kind"] for _, r in heading_rows}
    cues = {r["cue"].lower(): r["importance"] for _, r in _rows(here / "cues.csv", ("cue", "importance", "source"))}
    years_kinds = tuple(_grouped(here / "years.csv", "kind", "phrase").items())
    level_rows = _rows(here / "seniority.csv", ("level", "phrase", "source"))
    levels = [(r["phrase"].lower(), r["level"]) for _, r in level_rows]
    return JobRules(
        headings=headings,
        cues=cues,
        deliverables=_grouped(here / "deliverables.csv", "variant", "phrase"),
        background=_grouped(here / "background.csv", "variant", "phrase"),
        years_kinds=years_kinds,
        seniority=tuple(sorted(levels, key=lambda t: -len(t[0]))),
        bands=_bands(here / "comp_bands.csv"),
        variant=data["variant"],
        years=data["years"],
        comp=data["comp"],
        problems=data["problems"],
        fit=data["fit"],
        probes={k: str(v) for k, v in data["probes"].items()},
        practices=_practices(here / "practices.csv"),
    )


def _practices(path: Path) -> dict[str, tuple[tuple[str, str], ...]]:
    """practices.csv: 'A:eval' is column A's eval category, 'A:*' any column-A tool, else a tool's name."""
    out: dict[str, list[tuple[str, str]]] = {}
    for practice, shown_by in _grouped(path, "practice", "shown_by").items():
        for item in shown_by:
            column, sep, category = item.partition(":")
            out.setdefault(practice, []).append((column, category) if sep else ("", item))
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=4)
def job_rules(folder: str) -> JobRules:
    """read_job_rules, once per process and folder."""
    return read_job_rules(Path(folder))
