"""The parse modules' word lists that vary by language, read from skill_taxonomy/words.csv.

Month names, 'present' words, job words, organisation words, labels...: one row per word,
`list,word,means,lang,notes` (skill_taxonomy/README.md describes the lists). The file is read
once per process, from the skill_taxonomy folder installed beside this package (never a
`--taxonomy` folder: the parse modules compile these words into their regexes at import),
so it is part of the program: `digest()` is hashed into the screener version, and editing
the file re-screens every resume.

In a `word`, a `*` at the end stands for any letters that continue it ("engineer*":
engineers, engineering) and a slash between spaces for a slash with or without spaces around
it ("first name(s) / surname(s)"); everything else is literal text.
"""

from __future__ import annotations

import csv
import hashlib
import re
from functools import cache
from pathlib import Path

WORDS_FILE = Path(__file__).resolve().parents[2] / "skill_taxonomy" / "words.csv"
COLUMNS = ("list", "word", "means", "lang", "notes")
STEM = "*"  # at the end of a word: any letters may follow
SLASH = " / "  # in a word: a slash, spaces around it or not


class WordsError(ValueError):
    """words.csv is missing, malformed or lacks a list the code asks for."""


@cache
def _table() -> dict[str, tuple[tuple[str, str], ...]]:
    """Every list: its (word, means) rows in file order (the order some regexes rely on)."""
    try:
        text = WORDS_FILE.read_text(encoding="utf-8")
    except OSError as e:
        raise WordsError(f"{WORDS_FILE}: {e}") from e
    rows = csv.reader(text.splitlines())
    if tuple(next(rows, ())) != COLUMNS:
        raise WordsError(f"{WORDS_FILE}: the header must be {','.join(COLUMNS)}")
    lists: dict[str, list[tuple[str, str]]] = {}
    for number, row in enumerate(rows, start=2):
        if len(row) != len(COLUMNS) or not row[0] or not row[1] or row[1] != row[1].strip():
            raise WordsError(f"{WORDS_FILE}:{number}: a row needs {len(COLUMNS)} fields, a list and a trimmed word")
        entries = lists.setdefault(row[0], [])
        if any(w == row[1] for w, _ in entries):
            raise WordsError(f"{WORDS_FILE}:{number}: {row[1]!r} is twice in {row[0]!r}")
        entries.append((row[1], row[2]))
    return {name: tuple(entries) for name, entries in lists.items()}


def entries(name: str) -> tuple[tuple[str, str], ...]:
    """(word, means) of one list, in file order."""
    table = _table()
    if name not in table:
        raise WordsError(f"{WORDS_FILE}: no list {name!r}")
    return table[name]


def words(name: str) -> tuple[str, ...]:
    """The words of one list, in file order."""
    return tuple(w for w, _ in entries(name))


def literals(name: str) -> tuple[str, ...]:
    """The words of one list as the text every match of them holds (a final `*` taken off)."""
    return tuple(w[: -len(STEM)] if w.endswith(STEM) else w for w in words(name))


def pattern(word: str) -> str:
    """One word as a regex: literal, spaces kept as they are, a final `*` as any letters."""
    stem = word.endswith(STEM)
    text = re.escape(word[:-1] if stem else word).replace("\\ ", " ").replace(SLASH, r"\s*/\s*")
    return text + r"\w*" if stem else text


def alternation(*names: str) -> str:
    """The lists' words as one regex alternation (no group), in file order."""
    return "|".join(pattern(w) for name in names for w in words(name))


def digest() -> bytes:
    """The file's hash, for the screener version: a changed word list re-screens every resume."""
    return hashlib.sha256(WORDS_FILE.read_bytes()).digest()
