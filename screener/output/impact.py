"""Local Law 144 figures from the employer's own demographic data: scoring rates, selection rates, impact ratios.

New York City's rules (6 RCNY §5-301) ask, for a tool that scores: the median score of the full sample,
each category's scoring rate (the share of its people scoring *above* the median; a score equal to the
median is not above it) and its impact ratio (its scoring rate over the highest category's); for a tool
that selects (here: a shortlist of the top N, or people's decisions to shortlist), each category's
selection rate and impact ratio. Separately by sex, by race/ethnicity (the EEO-1 categories) and by every
intersection of the two; the number of people in an unknown category, left out of the rates; and the
categories under 2% of the sample, which an auditor may leave out with a justification, marked with
their counts.

The demographic file is read here and only here: scoring never sees it, and nothing of it is stored.
"""

from __future__ import annotations

import csv
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

UNKNOWN = "Unknown"
SMALL_SHARE = 0.02  # 6 RCNY §5-301(d): a category under 2% of the data may be excluded, with its count shown
MALE, FEMALE = "Male", "Female"
SEXES = (MALE, FEMALE)
# The EEO-1 race/ethnicity categories, named and ordered as in the rules' own tables (6 RCNY §5-301).
RACES = (
    "Hispanic or Latino",
    "White (Not Hispanic or Latino)",
    "Black or African American (Not Hispanic or Latino)",
    "Native Hawaiian or Pacific Islander (Not Hispanic or Latino)",
    "Asian (Not Hispanic or Latino)",
    "Native American or Alaska Native (Not Hispanic or Latino)",
    "Two or More Races (Not Hispanic or Latino)",
)
# How an employer's file may write them (lower case, spaces collapsed); anything else is an error.
_SEX_WORDS = {"male": MALE, "m": MALE, "man": MALE, "female": FEMALE, "f": FEMALE, "woman": FEMALE}
_RACE_WORDS = {
    **{r.lower(): r for r in RACES},
    **{r.split(" (")[0].lower(): r for r in RACES},
    "hispanic": RACES[0], "latino": RACES[0], "latina": RACES[0], "latinx": RACES[0],
    "black": RACES[2], "african american": RACES[2],
    "native hawaiian or other pacific islander": RACES[3], "pacific islander": RACES[3], "nhpi": RACES[3],
    "american indian or alaska native": RACES[5], "native american": RACES[5], "american indian": RACES[5],
    "two or more": RACES[6], "two or more races": RACES[6], "multiracial": RACES[6],
}
_UNKNOWN_WORDS = {"", "unknown", "not disclosed", "undisclosed", "declined", "decline", "decline to state",
                  "prefer not to say", "not specified", "n/a", "na", "none", "-"}
KEY_COLUMNS = ("candidate_id", "id", "sha256")
SEX_COLUMNS = ("sex", "gender")
RACE_COLUMNS = ("race_ethnicity", "race/ethnicity", "race", "ethnicity")


class ImpactError(ValueError):
    """The demographic file or the sample cannot give the figures (a missing column, an unknown value...)."""


@dataclass(frozen=True)
class Person:
    """One assessed candidate: their categories (from the employer's file) and what the tool gave them."""

    key: str
    sex: str = UNKNOWN
    race: str = UNKNOWN
    score: float | None = None
    selected: bool | None = None  # None: no selection asked for


@dataclass(frozen=True)
class Row:
    """One category's line of a table."""

    measure: str  # "scoring" or "selection"
    table: str  # "sex", "race/ethnicity", "intersection", "unknown"
    category: str
    applicants: int
    counted: int  # scored above the median, or selected
    rate: float | None
    impact_ratio: float | None
    share: float  # of the whole sample
    small: bool  # under 2% of the sample

    @property
    def small_note(self) -> str:
        return f"under 2% of the sample ({self.applicants} of them)" if self.small else ""


@dataclass(frozen=True)
class Figures:
    sample: int  # people assessed (scored) in the sample
    median: float | None
    rows: tuple[Row, ...]
    unknown: Mapping[str, int]  # people left out of each table for an unknown category
    selection: str  # "" (none), "shortlist N", "decisions"


def _word(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).lower()


def sex_category(value: str, where: str = "") -> str:
    w = _word(value)
    if w in _UNKNOWN_WORDS:
        return UNKNOWN
    if w in _SEX_WORDS:
        return _SEX_WORDS[w]
    raise ImpactError(f"{where}unknown sex {value!r}: use Male, Female or Unknown (blank)")


def race_category(value: str, where: str = "") -> str:
    w = _word(value)
    if w in _UNKNOWN_WORDS:
        return UNKNOWN
    if w in _RACE_WORDS:
        return _RACE_WORDS[w]
    raise ImpactError(f"{where}unknown race/ethnicity {value!r}: use one of the EEO-1 categories "
                      f"({'; '.join(r.split(' (')[0] for r in RACES)}) or Unknown (blank)")


def _column(header: Sequence[str], names: Sequence[str], what: str, path: Path) -> int:
    lowered = [_word(h) for h in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    raise ImpactError(f"{path}: no {what} column (one of {', '.join(names)})")


def read_demographics(path: Path) -> dict[str, tuple[str, str]]:
    """key (candidate id or sha256, lower case) -> (sex, race/ethnicity), checked line by line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImpactError(f"cannot read {path}: {exc}") from exc
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise ImpactError(f"{path} is empty")
    header = rows[0]
    k = _column(header, KEY_COLUMNS, "candidate id or sha256", path)
    s = _column(header, SEX_COLUMNS, "sex", path)
    r = _column(header, RACE_COLUMNS, "race/ethnicity", path)
    out: dict[str, tuple[str, str]] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (max(k, s, r) + 1 - len(row))
        key = cells[k].strip().lower()
        where = f"{path}:{line}: "
        if not key:
            raise ImpactError(f"{where}no candidate id or sha256")
        if key in out:
            raise ImpactError(f"{where}{key} is listed twice")
        out[key] = (sex_category(cells[s], where), race_category(cells[r], where))
    return out


def match(sample: Iterable[tuple[Sequence[str], float | None, bool | None]],
          demographics: Mapping[str, tuple[str, str]]) -> tuple[list[Person], int]:
    """The sample's people with their categories (Unknown when the file does not list them), and how many
    of the file's lines matched nobody. Each sample item: (its keys, score, selected)."""
    people, used = [], set()
    for keys, score, selected in sample:
        hit = next((k.lower() for k in keys if k and k.lower() in demographics), "")
        sex, race = demographics.get(hit, (UNKNOWN, UNKNOWN))
        if hit:
            used.add(hit)
        people.append(Person(keys[0] if keys else "", sex, race, score, selected))
    return people, len(set(demographics) - used)


def intersection(sex: str, race: str) -> str:
    """'Hispanic or Latino Female', 'Asian Male (Not Hispanic or Latino)'."""
    name = race.split(" (")[0]
    return f"{name} {sex}" if race == RACES[0] else f"{name} {sex} (Not Hispanic or Latino)"


_TABLES: tuple[tuple[str, Callable[[Person], str]], ...] = (
    ("sex", lambda p: p.sex),
    ("race/ethnicity", lambda p: p.race),
    ("intersection", lambda p: UNKNOWN if UNKNOWN in (p.sex, p.race) else intersection(p.sex, p.race)),
)


def _order(table: str) -> list[str]:
    if table == "sex":
        return list(SEXES)
    if table == "race/ethnicity":
        return list(RACES)
    return [intersection(s, r) for r in RACES for s in SEXES]


def _table(measure: str, table: str, of: Callable[[Person], str], people: Sequence[Person],
           hit: Callable[[Person], bool], total: int) -> tuple[list[Row], int]:
    """One table's rows (categories with nobody in them left out) and its unknown count."""
    groups: dict[str, list[Person]] = {}
    for p in people:
        groups.setdefault(of(p), []).append(p)
    unknown = len(groups.pop(UNKNOWN, []))
    known = [c for c in _order(table) if c in groups] + sorted(c for c in groups if c not in _order(table))
    rates = {c: sum(hit(p) for p in groups[c]) / len(groups[c]) for c in known}
    best = max(rates.values(), default=0.0)
    rows = [Row(measure, table, c, len(groups[c]), sum(hit(p) for p in groups[c]), rates[c],
                rates[c] / best if best > 0 else None, len(groups[c]) / total, len(groups[c]) / total < SMALL_SHARE)
            for c in known]
    return rows, unknown


def figures(people: Sequence[Person], selection: str = "") -> Figures:
    """Scoring rates (always) and selection rates (when `selection` names one) for every table."""
    scored = [p for p in people if p.score is not None]
    if not scored:
        raise ImpactError("no scored candidate in the sample")
    median = float(statistics.median(p.score for p in scored if p.score is not None))
    rows: list[Row] = []
    unknown: dict[str, int] = {}
    for table, of in _TABLES:
        part, unknown[table] = _table("scoring", table, of, scored, lambda p: (p.score or 0.0) > median, len(scored))
        rows += part
    if selection:
        for table, of in _TABLES:
            part, _ = _table("selection", table, of, scored, lambda p: bool(p.selected), len(scored))
            rows += part
    return Figures(len(scored), median, tuple(rows), unknown, selection)
