"""scoring.toml -> typed, validated rules (`ScoringRules`), each number read from the file once.

Every value the judgement uses is required here: a missing or mistyped one is a problem reported
with the file's line (`taxonomy --check`), never a default quietly taken in code. The parsers
take a `bad(line, message)` callback instead of importing the taxonomy's Problem, so this module
depends on nothing but `screener.codes`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from screener.codes import FLAG_ORDER

Bad = Callable[[int, str], None]
Number = int | float

# A place a mention stands in that [evidence] place_weight does not list weighs this much.
UNLISTED_PLACE_WEIGHT = 1.0
_YM = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class EvidenceRules:
    place_weight: dict[str, float]

    def weight(self, place: str) -> float:
        return self.place_weight.get(place, UNLISTED_PLACE_WEIGHT)


@dataclass(frozen=True)
class ProfileRules:
    min_evidence: float  # A + B below this: too little AI/ML evidence to call
    dominant_share: float  # a column holding this share of the evidence decides
    hybrid_min_each: float  # hybrid needs this much weight in both columns

    def as_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class TenureRules:
    llm_floor: str  # 'YYYY-MM': no LLM-applied month counts before it


@dataclass(frozen=True)
class FlagRules:
    skills_only_min: int
    skills_only_share: float
    claim_slack_months: int
    hidden_min_words: int


@dataclass(frozen=True)
class ScoringRules:
    evidence: EvidenceRules
    profile: ProfileRules
    tenure: TenureRules
    flags: FlagRules
    penalties: dict[str, float]  # flag code -> points off; a flag not listed costs nothing
    score: dict[str, dict[str, Number]]  # [score.<target>] tables: the numbers a target profile names

    def penalty(self, code: str) -> float:
        return self.penalties.get(code, 0.0)


# ----------------------------------------------------------------------------- where keys stand

_ARRAY = re.compile(r"^\[\[\s*([^\]]+?)\s*\]\]")
_TABLE = re.compile(r"^\[\s*([^\]]+?)\s*\]")
_KEY = re.compile(r"^([A-Za-z0-9_-]+)\s*=")


def key_lines(text: str) -> dict[str, int]:
    """'table.key' -> line number, for problem reports (tomllib keeps no positions).

    An array of tables is numbered: the second [[parts]] is 'parts.1'. Enough TOML for
    screener's own files: one key or header per line.
    """
    lines: dict[str, int] = {}
    table = ""
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        s = raw.strip()
        if m := _ARRAY.match(s):
            seen[m.group(1)] = seen.get(m.group(1), -1) + 1
            table = f"{m.group(1)}.{seen[m.group(1)]}"
        elif m := _TABLE.match(s):
            table = m.group(1)
        elif m := _KEY.match(s):
            lines.setdefault(f"{table}.{m.group(1)}" if table else m.group(1), number)
            continue
        else:
            continue
        lines.setdefault(table, number)
    return lines


def line_of(lines: Mapping[str, int], path: str) -> int:
    """The line of a key, else of the nearest enclosing table that has one, else 0."""
    while path:
        if path in lines:
            return lines[path]
        path = path.rpartition(".")[0]
    return 0


# ----------------------------------------------------------------------------- values


def read_number(value: Any, whole: bool = False) -> Number | None:
    """A TOML number (a whole one when asked), or None: true/false are not numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if whole and not isinstance(value, int):
        return None
    return value


def _field(table: dict[str, Any], path: str, name: str, kind: str, lines: Mapping[str, int], bad: Bad) -> Any:
    where = f"{path}.{name}"
    if name not in table:
        bad(line_of(lines, path), f"[{path}] has no {name}")
        return None
    value = table[name]
    if kind == "str":
        if not isinstance(value, str) or not _YM.match(value):
            bad(line_of(lines, where), f"[{path}] {name} = {value!r}: expected a month, 'YYYY-MM'")
            return None
        return value
    number = read_number(value, whole=kind == "int")
    if number is None or number < 0:
        expected = "a whole number" if kind == "int" else "a number"
        bad(line_of(lines, where), f"[{path}] {name} = {value!r}: expected {expected} >= 0")
        return None
    return int(number) if kind == "int" else float(number)


def _table(data: dict[str, Any], path: str, lines: Mapping[str, int], bad: Bad) -> dict[str, Any] | None:
    table = data.get(path)
    if not isinstance(table, dict):
        bad(line_of(lines, path), f"no [{path}] table")
        return None
    return table


def _fixed(cls: type, data: dict[str, Any], path: str, lines: Mapping[str, int], bad: Bad) -> Any:
    """A table whose keys are exactly the dataclass's fields, each of its annotated type."""
    table = _table(data, path, lines, bad)
    if table is None:
        return None
    names = [f.name for f in fields(cls)]
    for extra in (k for k in table if k not in names):
        bad(line_of(lines, f"{path}.{extra}"), f"[{path}] has an unknown key {extra!r}")
    values = {f.name: _field(table, path, f.name, str(f.type), lines, bad) for f in fields(cls)}
    return None if any(v is None for v in values.values()) else cls(**values)


def _place_weights(data: dict[str, Any], lines: Mapping[str, int], bad: Bad) -> EvidenceRules | None:
    table = _table(data, "evidence", lines, bad)
    if table is None:
        return None
    weights = table.get("place_weight")
    if not isinstance(weights, dict) or not weights:
        bad(line_of(lines, "evidence.place_weight"), "[evidence] place_weight must be a table of place = weight")
        return None
    out: dict[str, float] = {}
    for place, value in weights.items():
        number = read_number(value)
        if number is None or number < 0:
            bad(line_of(lines, "evidence.place_weight"), f"place_weight {place} = {value!r}: expected a number >= 0")
            return None
        out[place] = float(number)
    return EvidenceRules(out)


def _penalties(data: dict[str, Any], lines: Mapping[str, int], bad: Bad) -> dict[str, float] | None:
    table = _table(data, "penalties", lines, bad)
    if table is None:
        return None
    out: dict[str, float] = {}
    for code, value in table.items():
        where = line_of(lines, f"penalties.{code}")
        number = read_number(value)
        if code not in FLAG_ORDER:
            bad(where, f"penalty for unknown flag {code!r}")
        elif number is None or number < 0:
            bad(where, f"[penalties] {code} = {value!r}: expected a number >= 0")
        else:
            out[code] = float(number)
    return out


def _score_tables(data: dict[str, Any], lines: Mapping[str, int], bad: Bad) -> dict[str, dict[str, Number]]:
    out: dict[str, dict[str, Number]] = {}
    score = data.get("score", {})
    if not isinstance(score, dict):
        bad(line_of(lines, "score"), "score must hold [score.<target>] tables")
        return out
    for target, table in score.items():
        path = f"score.{target}"
        if not isinstance(table, dict):
            bad(line_of(lines, path), f"[{path}] must be a table of numbers")
            continue
        numbers: dict[str, Number] = {}
        for key, value in table.items():
            number = read_number(value)
            if number is None:
                bad(line_of(lines, f"{path}.{key}"), f"[{path}] {key} = {value!r}: expected a number")
            else:
                numbers[key] = number  # int or float as written: the why texts print them as written
        out[target] = numbers
    return out


TABLES = ("evidence", "profile", "tenure", "flags", "penalties", "score")


def parse_scoring(data: dict[str, Any], text: str, bad: Bad) -> ScoringRules | None:
    """The rules in scoring.toml (already parsed as `data`; `text` gives the lines), or None."""
    lines = key_lines(text)
    for extra in (k for k in data if k not in TABLES):
        bad(line_of(lines, extra), f"unknown table or key {extra!r} (expected {', '.join(TABLES)})")
    evidence = _place_weights(data, lines, bad)
    profile = _fixed(ProfileRules, data, "profile", lines, bad)
    tenure = _fixed(TenureRules, data, "tenure", lines, bad)
    flag_rules = _fixed(FlagRules, data, "flags", lines, bad)
    penalties = _penalties(data, lines, bad)
    score = _score_tables(data, lines, bad)
    if evidence is None or profile is None or tenure is None or flag_rules is None or penalties is None:
        return None
    return ScoringRules(evidence, profile, tenure, flag_rules, penalties, score)
