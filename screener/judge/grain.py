"""skill_taxonomy/grain.csv: the words that judge evidence at the grain of one bullet.

`list,word,means,notes`: when a bullet dates its LLM work ("Since early 2026", "in 2024",
"since Q3 2025", "starting last year"), a tenure claim's number in words ("five years"),
bullets that are not product work (a notebook, a one-off analysis), the verbs that make a model
a thing being trained (column B) or called (column A), the tools that are models, and the metric
names whose values are measured outcomes ("precision 0.93", "F1 0.81 -> 0.88").

Read from the taxonomy folder (so `--taxonomy DIR` brings its own), once per folder and file
version; `problems` validates it for `screener taxonomy --check`.
"""

from __future__ import annotations

import csv
import errno
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from screener.model import month_index
from screener.parse.date_points import parse_month_name
from screener.phrase_finder import Finder

FILE = "grain.csv"
COLUMNS = ("list", "word", "means", "notes")
LISTS = (
    "since-word", "part-of-year", "relative-year", "number-word", "not-product",
    "train-verb", "api-word", "model", "metric",
)  # fmt: skip
_NUMBERED = ("part-of-year", "relative-year", "number-word")  # `means` is an integer
_QUARTER = re.compile(r"Q([1-4])", re.I)


@dataclass(frozen=True)
class Grain:
    lists: dict[str, tuple[tuple[str, str], ...]]
    # words() per list, made once: the patterns below are cached by these tuples, asked for per bullet.
    _words: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    def words(self, name: str) -> tuple[str, ...]:
        found = self._words.get(name)
        if found is None:
            found = self._words[name] = tuple(w for w, _ in self.lists.get(name, ()))
        return found

    def means(self, name: str) -> dict[str, str]:
        return {w.lower(): m for w, m in self.lists.get(name, ())}


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [(n, row) for n, row in enumerate(csv.reader(fh), start=1)]


def problems(folder: Path) -> list[tuple[int, str]]:
    """(line, message) for every problem of the folder's grain.csv (a missing file is one)."""
    path = folder / FILE
    if not path.exists():
        return [(0, "file is missing")]
    rows = _rows(path)
    if not rows or tuple(rows[0][1]) != COLUMNS:
        return [(1, f"the header must be {','.join(COLUMNS)}")]
    out: list[tuple[int, str]] = []
    seen: set[tuple[str, str]] = set()
    for n, row in rows[1:]:
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(COLUMNS) or not row[1].strip():
            out.append((n, f"expected {len(COLUMNS)} fields with a word"))
            continue
        name, word, means = row[0], row[1].strip(), row[2].strip()
        if name not in LISTS:
            out.append((n, f"unknown list {name!r}: use {', '.join(LISTS)}"))
        elif (name, word.lower()) in seen:
            out.append((n, f"{word!r} is twice in {name!r}"))
        elif name in _NUMBERED and not re.fullmatch(r"-?\d+", means):
            out.append((n, f"{name} needs a whole number in 'means', not {means!r}"))
        elif name == "model" and means not in ("A", "B"):
            out.append((n, f"a model's trained column must be A or B, not {means!r}"))
        seen.add((name, word.lower()))
    return out


@lru_cache(maxsize=8)
def _load(path: str, stamp: float) -> Grain:
    lists: dict[str, list[tuple[str, str]]] = {}
    p = Path(path)
    if p.exists():
        for _, row in _rows(p)[1:]:
            if len(row) == len(COLUMNS) and row[0] in LISTS and row[1].strip():
                lists.setdefault(row[0], []).append((row[1].strip(), row[2].strip()))
    return Grain({k: tuple(v) for k, v in lists.items()})


@lru_cache(maxsize=8)
def _file_in(folder: Path) -> str:
    return str(folder / FILE)


_MISSING = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)  # what Path.exists() reads as "not there"


def load(folder: Path) -> Grain:
    """The folder's grain lists, read again when the file changes (one stat a call: judging asks per file)."""
    path = _file_in(folder)
    try:
        stamp = os.stat(path).st_mtime
    except OSError as exc:
        if exc.errno not in _MISSING:
            raise
        stamp = 0.0
    return _load(path, stamp)


# --------------------------------------------------------------------------- patterns


def _alt(words: tuple[str, ...]) -> str:
    ordered = sorted(words, key=len, reverse=True)  # the longest first: "starting in" before "starting"
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@lru_cache(maxsize=8)
def _phrases(words: tuple[str, ...]) -> Finder | None:
    if not words:
        return None
    return Finder.of(re.compile(r"(?<![\w-])(?:" + _alt(words) + r")(?![\w-])", re.I), words)


def has_phrase(grain: Grain, name: str, text: str) -> bool:
    finder = _phrases(grain.words(name))
    return bool(finder and finder.search(text))


@lru_cache(maxsize=8)
def _since_pattern(since: tuple[str, ...], parts: tuple[str, ...], relative: tuple[str, ...]) -> re.Pattern[str]:
    part = _alt(tuple(p.rstrip("-") for p in parts))
    return re.compile(
        r"(?<!\w)(?:" + _alt(since) + r")\s+(?:the\s+)?"
        r"(?:(?P<rel>" + _alt(relative) + r")"
        r"|(?:(?P<part>" + part + r")[\s-]*|(?P<q>Q[1-4])\s+|(?P<month>[A-Za-z]{3,9})\.?\s+)?(?P<year>(?:19|20)\d\d))"
        r"(?!\d)",
        re.I,
    )


def start_in(grain: Grain, text: str, present: int) -> tuple[int, str] | None:
    """The earliest month a bullet dates its work from ("Since early 2026" -> 2026-01), and the words."""
    parts = grain.means("part-of-year")
    relative = grain.means("relative-year")
    pattern = _since_pattern(grain.words("since-word"), grain.words("part-of-year"), grain.words("relative-year"))
    best: tuple[int, str] | None = None
    for m in pattern.finditer(text):
        if m.group("rel"):
            year = present // 12 + int(relative[" ".join(m.group("rel").lower().split())])
            month = 1
        else:
            year, month = int(m.group("year")), 1
            if m.group("part"):
                month = int(parts.get(m.group("part").lower(), parts.get(m.group("part").lower() + "-", "1")))
            elif m.group("q"):
                q = _QUARTER.match(m.group("q"))
                month = 3 * int(q.group(1)) - 2 if q else 1
            elif m.group("month"):
                named = parse_month_name(m.group("month"))
                if named is None:
                    continue  # "since Berlin 2024": not a date we read
                month = named
        index = month_index(year, month)
        if index <= present and (best is None or index < best[0]):
            best = (index, m.group(0).strip())
    return best


@lru_cache(maxsize=8)
def _metric_pattern(metrics: tuple[str, ...]) -> re.Pattern[str] | None:
    if not metrics:
        return None
    number = r"\d*\.?\d+"
    return re.compile(
        r"(?<![\w-])(?:" + _alt(metrics) + r")(?:@\d+)?\s*(?:of|at|to|from|=|:|,)?\s*(?:from\s+)?" + number
        + r"|" + number + r"\s*(?:->|→|=>|to)\s*" + number + r"\b",
        re.I,
    )


_COUNT = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?\s*[kKmM]\+?\s+[a-z]{3,}")


def metric_outcome(grain: Grain, text: str) -> bool:
    """A metric with its value or a before/after pair, or a count such as '30k reviews'."""
    pattern = _metric_pattern(grain.words("metric"))
    return bool((pattern and pattern.search(text)) or _COUNT.search(text))


def number_words(grain: Grain) -> dict[str, int]:
    return {w: int(m) for w, m in grain.means("number-word").items()}
