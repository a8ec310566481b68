"""skill_taxonomy/profiles/<name>.toml -> a `Target`: what a screen for that role scores, part by part.

A target names the evidence column it wants, the report's label for it, and its score parts in
order. Each part names a scorer (`PART_KINDS`; the functions are in `judge/parts.py`), its maximum
points and the words it looks for. Numbers are either written in the part or name a key of the
target's score table: its own `[score]` table, else scoring.toml's `[score.<name>]`. A third target
is one more file here; a new kind of part is one function in parts.py and one line in PART_KINDS.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from screener.codes import COLUMN_PROFILE
from screener.judge.rules import Bad, Number, key_lines, line_of, read_number

PROFILES_DIR = "profiles"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class PartKind:
    """What a kind of part needs from its [[parts]] entry besides name, scorer, points and why."""

    full: bool = False  # a `full` amount: where the fraction reaches 1
    words: bool = False  # `words` and `categories`: which evidence item counts
    why_none: bool = False  # a second text for when nothing was found


# Scorer name -> what its parts carry. Each has a function of the same name in judge/parts.py.
PART_KINDS: dict[str, PartKind] = {
    "column_depth": PartKind(full=True),  # weight of the column's evidence inside roles and projects
    "production": PartKind(why_none=True),  # a production signal in the column's roles
    "practice": PartKind(words=True, why_none=True),  # an evidence item in roles/projects (evals, monitoring...)
    "outcomes": PartKind(full=True),  # quantified lines in the column's roles
    "llm_tenure": PartKind(full=True),  # months of LLM-applied roles (from the release and floor rules)
    "role_tenure": PartKind(full=True),  # months of dated work roles with full-strength column evidence
}
# The keep shares every score table holds: the share of the points a hybrid or off-target profile keeps.
KEEP_KEYS = ("off_profile", "hybrid")


@dataclass(frozen=True)
class Part:
    name: str  # as printed in score_parts
    scorer: str  # a key of PART_KINDS
    maximum: Number
    why: str  # a str.format template; the fields each scorer offers are in parts.py
    full: Number = 0
    words: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    why_none: str = ""


@dataclass(frozen=True)
class Target:
    name: str  # the --role value and the file's name
    label: str  # the report's name for the role
    column: str  # the evidence column the role wants
    parts: tuple[Part, ...]
    off_profile: float  # share of the points kept when the evidence calls another profile
    hybrid: float  # share kept when it calls hybrid

    @property
    def profile(self) -> str:
        """The profile the evidence must call for this target to be on-profile."""
        return COLUMN_PROFILE[self.column]


def _text(entry: dict[str, Any], key: str, path: str, lines: Mapping[str, int], bad: Bad) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        bad(line_of(lines, f"{path}.{key}"), f"{path}: {key} must be a non-empty string")
        return ""
    return value


def _words(entry: dict[str, Any], key: str, path: str, lines: Mapping[str, int], bad: Bad) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        bad(line_of(lines, f"{path}.{key}"), f"{path}: {key} must be a list of strings")
        return ()
    return tuple(value)


def _amount(value: Any, numbers: Mapping[str, Number], where: str, line: int, bad: Bad) -> Number | None:
    """A number written in place, or the name of a key of the score table."""
    if isinstance(value, str):
        if value not in numbers:
            bad(line, f"{where} names {value!r}, which the score table does not hold")
            return None
        return numbers[value]
    number = read_number(value)
    if number is None:
        bad(line, f"{where} = {value!r}: expected a number or the name of a score table key")
    return number


def _part(entry: Any, path: str, numbers: Mapping[str, Number], lines: Mapping[str, int], bad: Bad) -> Part | None:
    if not isinstance(entry, dict):
        bad(line_of(lines, path), f"{path} must be a table")
        return None
    before: list[str] = []

    def note(line: int, message: str) -> None:
        before.append(message)
        bad(line, message)

    name = _text(entry, "name", path, lines, note)
    scorer = _text(entry, "scorer", path, lines, note)
    kind = PART_KINDS.get(scorer)
    if scorer and kind is None:
        note(line_of(lines, f"{path}.scorer"), f"{path}: unknown scorer {scorer!r} (use {', '.join(PART_KINDS)})")
    kind = kind or PartKind()
    maximum = _amount(entry.get("points"), numbers, f"{path}.points", line_of(lines, f"{path}.points"), note)
    why = _text(entry, "why", path, lines, note)
    full = _amount(entry.get("full"), numbers, f"{path}.full", line_of(lines, f"{path}.full"), note) if kind.full else 0
    words = _words(entry, "words", path, lines, note) if kind.words else ()
    categories = _words(entry, "categories", path, lines, note) if kind.words else ()
    if kind.words and not (words or categories):
        note(line_of(lines, path), f"{path}: a {scorer} part needs words or categories")
    why_none = _text(entry, "why_none", path, lines, note) if kind.why_none else ""
    if before or maximum is None or full is None:
        return None
    return Part(name, scorer, maximum, why, full, words, categories, why_none)


def _numbers(
    data: dict[str, Any],
    name: str,
    file: str,
    score: Mapping[str, dict[str, Number]],
    lines: Mapping[str, int],
    bad: Bad,
) -> dict[str, Number] | None:
    own = data.get("score")
    if own is not None and name in score:
        bad(line_of(lines, "score"), f"[score] here and [score.{name}] in scoring.toml: keep one")
        return None
    if own is None:
        if name not in score:
            bad(1, f"no numbers: give {file} a [score] table or scoring.toml a [score.{name}] table")
            return None
        return dict(score[name])
    if not isinstance(own, dict):
        bad(line_of(lines, "score"), "score must be a table of numbers")
        return None
    out: dict[str, Number] = {}
    for key, value in own.items():
        number = read_number(value)
        if number is None:
            bad(line_of(lines, f"score.{key}"), f"[score] {key} = {value!r}: expected a number")
            return None
        out[key] = number
    return out


def parse_target(
    name: str, data: dict[str, Any], text: str, score: Mapping[str, dict[str, Number]], bad: Bad
) -> Target | None:
    """One profile file (parsed as `data`, `text` for its lines), or None after reporting why."""
    lines = key_lines(text)
    problems: list[str] = []

    def note(line: int, message: str) -> None:
        problems.append(message)
        bad(line, message)

    if not _NAME.match(name):
        note(0, f"bad profile name {name!r}: use lower-case letters, digits and hyphens")
    label = _text(data, "label", "profile", lines, note)
    column = data.get("column")
    if column not in COLUMN_PROFILE:
        note(line_of(lines, "column"), f"column = {column!r}: use {' or '.join(COLUMN_PROFILE)}")
    numbers = _numbers(data, name, f"{PROFILES_DIR}/{name}.toml", score, lines, note)
    keep: list[float] = []
    for key in KEEP_KEYS:
        value = read_number((numbers or {}).get(key))
        if numbers is not None and (value is None or not 0 <= value <= 1):
            note(line_of(lines, "score") or 1, f"the score table needs {key}, a share from 0 to 1")
        keep.append(float(value or 0))
    entries = data.get("parts")
    if not isinstance(entries, list) or not entries:
        note(line_of(lines, "parts") or 1, "no [[parts]]: a target needs at least one score part")
        entries = []
    parts = [_part(e, f"parts.{i}", numbers or {}, lines, note) for i, e in enumerate(entries)]
    if problems:
        return None
    return Target(name, label, str(column), tuple(p for p in parts if p is not None), keep[0], keep[1])


def profile_files(folder: Path) -> list[Path]:
    """The target profile files of a taxonomy folder, by name."""
    return sorted((folder / PROFILES_DIR).glob("*.toml"))


def files_digest(paths: list[Path], root: Path) -> str:
    """A hash of files' names (relative to root) and bytes."""
    h = hashlib.sha256()
    for p in paths:
        h.update(p.relative_to(root).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def read_toml(path: Path) -> tuple[dict[str, Any], str, str]:
    """(data, text, error): the error names the line when the TOML does not parse."""
    try:
        text = path.read_text(encoding="utf-8")
        return tomllib.loads(text), text, ""
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, "", f"bad TOML: {exc}"


def read_targets(
    folder: Path, score: Mapping[str, dict[str, Number]] | None, bad: Callable[[str, int, str], None]
) -> dict[str, Target]:
    """Every profiles/*.toml of a taxonomy folder, by name; `score` is None when scoring.toml is broken."""
    targets: dict[str, Target] = {}
    files = profile_files(folder)
    if not files:
        bad(PROFILES_DIR, 0, f"no target profiles ({PROFILES_DIR}/<role>.toml)")
    for path in files:
        name = f"{PROFILES_DIR}/{path.name}"
        data, text, error = read_toml(path)
        if error:
            m = re.search(r"line (\d+)", error)
            bad(name, int(m.group(1)) if m else 0, error)
            continue
        if score is None:
            continue  # its numbers may live in scoring.toml, which has problems of its own

        def report(line: int, message: str, name: str = name) -> None:
            bad(name, line, message)

        target = parse_target(path.stem, data, text, score, report)
        if target is not None:
            targets[target.name] = target
    for orphan in sorted(set(score or {}) - {p.stem for p in files}):
        bad("scoring.toml", 0, f"[score.{orphan}] has no {PROFILES_DIR}/{orphan}.toml")
    return targets
