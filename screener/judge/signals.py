"""Phrase lists from skill_taxonomy/signals.csv compiled into searchable patterns."""

from __future__ import annotations

import re
from functools import lru_cache

# A measured outcome: a percentage, a multiplier, a latency, money, or a count of things served.
QUANTIFIED = re.compile(
    r"(?ix)"
    r"\d[\d,.]*\s*(%|percent\b|pp\b|x\b|×)"
    r"|\b\d+(\.\d+)?\s*(ms|milliseconds?|s|secs?|seconds?|minutes?|mins?|hours?|hrs?|days?)\b"
    r"|[$€£]\s?\d"
    r"|\b\d[\d,.]*\s*[kmb]?\+?\s*(users|customers|requests|queries|tickets|documents|docs|tokens|calls|"
    r"transactions|messages|conversations|sessions|predictions|records|rows|events|pages|clients|merchants|"
    r"agents|students|downloads|installs|qps|rps)\b"
    r"|\bp(50|90|95|99)\b"
)


@lru_cache(maxsize=64)
def phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """Plain phrases match as whole words, case-insensitively; 're:' entries are regexes.

    Consecutive plain phrases share one pair of word-edge assertions: the same matches in the
    same order of preference, about six times faster than an assertion pair per phrase.
    """
    parts: list[str] = []
    plain: list[str] = []

    def flush() -> None:
        if plain:
            parts.append(r"(?<!\w)(?:" + "|".join(plain) + r")(?!\w)")
            plain.clear()

    for p in phrases:
        p = p.strip()
        if not p:
            continue
        if p.startswith("re:"):
            flush()
            parts.append("(?:" + p[3:] + ")")
        else:
            plain.append(re.escape(p).replace(r"\ ", r"\s+"))
    flush()
    if not parts:
        return None
    return re.compile("|".join(parts), re.I)


def search(phrases: tuple[str, ...], text: str) -> re.Match[str] | None:
    pat = phrase_pattern(phrases)
    return pat.search(text) if pat else None
