"""Specialty: what kind of work the candidate does now, beside the profile (which keeps its meaning).

`ai-engineer`, `llm-engineer`, `ml-engineer`, `mlops`, `data-scientist`, `research` or `none`. The
rule and its word lists are data (skill_taxonomy/specialty.toml, whose header states the rule);
this module applies them to the deciding role, the latest dated work role, and says which title,
tools, practices and phrases decided, each with its line.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Protocol

from screener.codes import COLUMN_A, COLUMN_B, SPECIALISTS, SPECIALTIES, Profile, Specialty
from screener.judge.months import role_span
from screener.judge.signals import phrase_finder, phrase_pattern
from screener.model import Line, Mention, Role, SpecialtyVote
from screener.phrase_finder import Finder

FILE = "specialty.toml"
# The specialty each column's items vote for when no specialist list claims them.
COLUMN_SPECIALTY = {COLUMN_A: Specialty.AI_ENGINEER, COLUMN_B: Specialty.ML_ENGINEER}
FULL_STRENGTH = 1.0  # weaker items (Spark, pandas, ...) vote for no column specialty
_BACKREF = re.compile(r"\\[1-9]|\(\?P=")  # a regex phrase that refers back to a group


@dataclass(frozen=True)
class SpecialtyWords:
    """One specialty's lists (specialty.toml [[specialty]])."""

    name: str
    titles: tuple[str, ...]
    tools: frozenset[str]
    concepts: frozenset[str]
    phrases: tuple[str, ...]
    source: str
    title_pattern: re.Pattern[str] | None  # compiled once, when the file is read
    phrase_patterns: tuple[tuple[str, re.Pattern[str]], ...]


@dataclass(frozen=True)
class SpecialtyRules:
    title_votes: int
    min_votes: int
    short_role_months: int
    internship_words: tuple[str, ...]
    specialties: tuple[SpecialtyWords, ...]  # in the file's order: the order ties go by

    def claimed(self) -> dict[str, str]:
        """Tool or concept id -> the specialist that claims it."""
        return {i: s.name for s in self.specialties for i in (*s.tools, *s.concepts)}

    @cached_property
    def any_phrase(self) -> Finder | None:
        """A Finder over every phrase: it matches a line wherever some phrase does, so the lines it
        passes over need no phrase's own search. None when a regex phrase refers back to a group
        (joined into one alternation, its numbering would shift)."""
        phrases = tuple(p for s in self.specialties for p, _ in s.phrase_patterns)
        if not phrases or any(_BACKREF.search(p) for p in phrases if p.strip().startswith("re:")):
            return None
        try:
            return phrase_finder(phrases)
        except re.error:  # a regex phrase's global flag ("(?x)...") is only allowed at the start
            return None


@dataclass(frozen=True)
class SpecialtyCall:
    specialty: str
    reason: str
    votes: tuple[SpecialtyVote, ...]


# --------------------------------------------------------------------------- reading the data


def _strs(v: object) -> tuple[str, ...] | None:
    return tuple(v) if isinstance(v, list) and all(isinstance(x, str) for x in v) else None


def _words(i: int, d: Any, bad: Callable[[str], None], ids: set[str] | None) -> SpecialtyWords | None:
    if not isinstance(d, dict) or d.get("name") not in SPECIALTIES or d.get("name") == Specialty.NONE:
        bad(f"[[specialty]] {i + 1}: name must be one of {', '.join(SPECIALTIES[:-1])}")
        return None
    lists = {k: _strs(d.get(k)) for k in ("titles", "tools", "concepts", "phrases")}
    if any(v is None for v in lists.values()) or not str(d.get("source") or "").strip():
        bad(f"[[specialty]] {d['name']}: titles, tools, concepts and phrases must be lists of text, with a source")
        return None
    unknown = [x for x in (*(lists["tools"] or ()), *(lists["concepts"] or ())) if ids is not None and x not in ids]
    if unknown:
        bad(f"[[specialty]] {d['name']}: unknown tool or concept ids: {', '.join(unknown)}")
    try:
        titles = phrase_pattern(lists["titles"] or ())
        phrases = tuple((p, pat) for p in lists["phrases"] or () if (pat := phrase_pattern((p,))) is not None)
    except re.error as exc:
        bad(f"[[specialty]] {d['name']}: bad regular expression: {exc}")
        return None
    return SpecialtyWords(d["name"], lists["titles"] or (), frozenset(lists["tools"] or ()),
                          frozenset(lists["concepts"] or ()), lists["phrases"] or (), str(d["source"]),
                          titles, phrases)


class SpecialtyRulesError(ValueError):
    """specialty.toml is missing or wrong (`screener taxonomy --check` reports each problem)."""


class _Item(Protocol):
    @property
    def id(self) -> str: ...


def specialty_problems(folder: Path, items: Sequence[_Item]) -> list[tuple[int, str]]:
    """What is wrong with a taxonomy folder's specialty.toml, as (line, message); `items` are its tools
    and concepts (the ids the lists may name)."""
    out: list[tuple[int, str]] = []
    read_specialty(folder, {x.id for x in items}, lambda line, message: out.append((line, message)))
    return out


@lru_cache(maxsize=4)
def specialty_rules(folder: str) -> SpecialtyRules:
    """read_specialty once per process and taxonomy folder (the taxonomy loader has validated it)."""
    problems: list[str] = []
    rules = read_specialty(Path(folder), None, lambda line, message: problems.append(f"{FILE}:{line}: {message}"))
    if rules is None:
        raise SpecialtyRulesError("; ".join(problems))
    return rules


def read_specialty(folder: Path, ids: set[str] | None, problem: Callable[[int, str], None]) -> SpecialtyRules | None:
    """specialty.toml of a taxonomy folder; `ids` are the known tool and concept ids (None: not checked)."""
    try:
        with (folder / FILE).open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        problem(0, f"cannot read: {exc}")
        return None

    def bad(message: str) -> None:
        problem(0, message)

    found = data.get("rules")
    rules: dict[str, Any] = found if isinstance(found, dict) else {}
    numbers = {k: rules.get(k) for k in ("title_votes", "min_votes", "short_role_months")}
    for k, v in numbers.items():
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            bad(f"[rules] {k} must be a whole number >= 0")
    words = _strs(rules.get("internship_words"))
    if words is None:
        bad("[rules] internship_words must be a list of text")
    specialties = [_words(i, d, bad, ids) for i, d in enumerate(data.get("specialty") or [])]
    names = [s.name for s in specialties if s is not None]
    if sorted(names) != sorted(SPECIALTIES[:-1]):
        bad(f"[[specialty]] must list each of {', '.join(SPECIALTIES[:-1])} once")
    if None in specialties or words is None or any(not isinstance(v, int) for v in numbers.values()):
        return None
    return SpecialtyRules(int(numbers["title_votes"] or 0), int(numbers["min_votes"] or 0),
                          int(numbers["short_role_months"] or 0), words,
                          tuple(s for s in specialties if s is not None))


# --------------------------------------------------------------------------- the deciding role


def deciding_role(roles: Sequence[Role], present: int, rules: SpecialtyRules) -> int | None:
    """The latest dated work role (open = the resume's date; a tie to the later start), passing
    over internships and roles shorter than `short_role_months` when a longer one exists."""
    dated: list[tuple[int, int, int]] = []
    for i, r in enumerate(roles):
        span = role_span(r, present) if r.kind == "work" else None
        if span is not None:
            dated.append((span[1], span[0], -i))
    if not dated:
        return None
    intern = phrase_pattern(rules.internship_words)

    def short(key: tuple[int, int, int]) -> bool:
        role = roles[-key[2]]
        return bool(intern and intern.search(role.title)) or key[0] - key[1] + 1 < rules.short_role_months

    real = [k for k in dated if not short(k)] or dated
    return -max(real)[2]


# --------------------------------------------------------------------------- votes


def _title_votes(title: str, line: int, rules: SpecialtyRules) -> list[SpecialtyVote]:
    for s in rules.specialties:
        if s.title_pattern and title and s.title_pattern.search(title):
            return [SpecialtyVote(s.name, f"title '{title}'", line, rules.title_votes)]
    return []


def _item_votes(mentions: Sequence[Mention], rules: SpecialtyRules) -> list[SpecialtyVote]:
    claimed = rules.claimed()
    out: dict[str, SpecialtyVote] = {}
    for m in sorted(mentions, key=lambda m: m.line):
        if m.item_id in out:
            continue
        who = claimed.get(m.item_id)
        if who is None and m.strength >= FULL_STRENGTH:
            who = COLUMN_SPECIALTY.get(m.column)
        if who is not None:
            out[m.item_id] = SpecialtyVote(who, m.name, m.line)
    return list(out.values())


def _phrase_votes(lines: Sequence[Line], rules: SpecialtyRules) -> list[SpecialtyVote]:
    out: list[SpecialtyVote] = []
    any_phrase = rules.any_phrase
    if any_phrase is not None:  # most lines hold no phrase: one search each rule them out
        lines = [ln for ln in lines if any_phrase.search(ln.text)]
    for s in rules.specialties:
        for _, pat in s.phrase_patterns:
            hit = next(((ln, m) for ln in lines if (m := pat.search(ln.text))), None)
            if hit is not None:
                out.append(SpecialtyVote(s.name, f"'{hit[1].group(0)}'", hit[0].number))
    return out


def _tally(votes: Sequence[SpecialtyVote]) -> Counter[str]:
    c: Counter[str] = Counter()
    for v in votes:
        c[v.specialty] += v.votes
    return c


def _winner(votes: Sequence[SpecialtyVote], profile: str, heavier: str, rules: SpecialtyRules) -> str:
    tally = _tally(votes)
    text = _tally([v for v in votes if not v.what.startswith("title ")])
    order = [s.name for s in rules.specialties]
    able = [s for s in SPECIALISTS if tally[s] >= rules.min_votes and text[s] > 0]
    able += [s for s in COLUMN_SPECIALTY.values() if tally[s] > 0]
    if able:
        best = max(able, key=lambda s: (tally[s], -order.index(s)))
        if best in SPECIALISTS or tally[Specialty.AI_ENGINEER] != tally[Specialty.ML_ENGINEER]:
            return best
    if profile == Profile.HYBRID:
        return COLUMN_SPECIALTY[heavier]
    return Specialty.ML_ENGINEER if profile == Profile.ML_ENGINEER else Specialty.AI_ENGINEER


def _names(votes: Sequence[SpecialtyVote], specialty: str) -> str:
    shown = [f"{v.what} (line {v.line})" if v.line else v.what for v in votes if v.specialty == specialty]
    return ", ".join(shown[:6]) + (f" and {len(shown) - 6} more" if len(shown) > 6 else "")


def _reason(specialty: str, where: str, votes: Sequence[SpecialtyVote]) -> str:
    tally = _tally(votes)
    others = ", ".join(f"{s} {n}" for s, n in sorted(tally.items(), key=lambda t: (-t[1], t[0])) if s != specialty)
    said = _names(votes, specialty)
    why = f"{where}: {specialty} {tally[specialty]} vote{'s' if tally[specialty] != 1 else ''}"
    why += f" ({said})" if said else " (none; the profile's column decides)"
    return why + (f"; {others}" if others else "")


# --------------------------------------------------------------------------- the call


# long: one rule read top to bottom, as specialty.toml's header states it
def call_specialty(
    profile: str,
    heavier: str,
    roles: Sequence[Role],
    mentions: Sequence[Mention],
    lines: Sequence[Line],
    headline: str,
    present: int,
    rules: SpecialtyRules,
) -> SpecialtyCall:
    """The specialty, why, and the votes behind it. `heavier` is the column with more weight (A on a tie);
    `lines` are the resume's lines (the scope when no dated work role decides)."""
    if profile == Profile.NONE:
        return SpecialtyCall(Specialty.NONE, "the profile is none: too little AI/ML evidence for a specialty", ())
    i = deciding_role(roles, present, rules)
    if i is not None:
        role = roles[i]
        where = f"the latest work role, '{role.title or role.organization}'"
        line = role.header_lines[0].number if role.header_lines else 0
        if role.academic:
            vote = SpecialtyVote(Specialty.RESEARCH, f"academic role '{role.title or role.organization}'", line)
            return SpecialtyCall(Specialty.RESEARCH, f"{where} is academic (line {line})", (vote,))
        # The title votes once, as a title. A header cut out of a paragraph shares its line with the
        # entry's text: there the mention's own piece decides.
        heads = {ln.number for ln in role.header_lines if not ln.pieces}
        head_pieces = {ln.text for ln in role.header_lines if ln.pieces}
        scope_mentions = [
            m for m in mentions if m.role == i and m.line not in heads and m.bullet_text not in head_pieces
        ]
        scope_lines: Sequence[Line] = role.bullets
        title, title_line = role.title, line
    else:
        where = "no dated work role, so the whole resume"
        scope_mentions, scope_lines, title, title_line = list(mentions), lines, headline, 0
    votes = _title_votes(title, title_line, rules) + _item_votes(scope_mentions, rules)
    votes += _phrase_votes(scope_lines, rules)
    specialty = _winner(votes, profile, heavier, rules)
    return SpecialtyCall(specialty, _reason(specialty, where, votes), tuple(votes))
