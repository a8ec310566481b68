"""A JD's lines -> the tools and practices it asks for, must-have or nice-to-have, alternatives grouped.

The taxonomy's Matcher finds the names (as in a resume). On one line, names joined by "or" or "/"
are one requirement met by either ("Pinecone or pgvector"); so is a list given as examples ("a
vector store such as Pinecone, Weaviate or pgvector", "(Pinecone, Weaviate, Chroma)") and a list
whose last link is ", or". Names joined by "and", or by commas alone, are separate requirements.
How much a line asks comes from its section (headings.csv) unless a cue in its clause says
otherwise ("required", "a plus": cues.csv).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from screener.job.model import Alternative, Importance, JobLine, Requirement
from screener.job.rules import JobRules
from screener.match import Matcher
from screener.model import Line, Mention, Section

# What each kind of JD section is to the matcher: a list of asks reads like a skills list (so that
# ambiguous names such as Ray or Spark count there), the rest like running text.
MATCH_SECTION = {"must": "skills", "nice": "skills", "stack": "skills", "duties": "experience", "intro": "summary"}
BASE_IMPORTANCE: dict[str, Importance] = {"must": "must", "duties": "must", "nice": "nice", "stack": "nice",
                                          "intro": "nice"}
_QUALIFIER = re.compile(r"\s*\((?:acronym|weak|practice)\)$")
_CLAUSE = re.compile(r";|\.\s+|\s+-\s+")
_EXAMPLES = re.compile(r"\b(?:such as|e\.g\.?|eg\.|like|including|for example|for instance|one of|any of|either|"
                       r"i\.e\.?|or similar|or equivalent|at least one)\b", re.I)
_OR = re.compile(r"^(?:,?\s*(?:or|/|\|)\s*(?:an?|the)?\s*)$", re.I)
_INTRO = re.compile(r"^(?:[:,]?\s*(?:such as|like|e\.g\.?,?|including|for example)\s*:?)$", re.I)
_AND = re.compile(r"^(?:,?\s*(?:and|&|\+|plus)\s*(?:an?|the)?\s*)$", re.I)


@dataclass(frozen=True)
class Found:
    """A name found on a line, with where it stands in the line's text."""

    alternative: Alternative
    start: int
    end: int


def find_names(lines: list[JobLine], matcher: Matcher) -> dict[int, list[Found]]:
    """Per line number, the names the matcher finds, in reading order (none in 'about' sections)."""
    asked = [ln for ln in lines if ln.kind in MATCH_SECTION]
    plain = [Line(ln.text, 1, 0.0, 0.0, 0.0, 0.0, 10.0, ln.bold, ln.number) for ln in asked]
    sections = [Section(MATCH_SECTION[ln.kind], ln.section, [p]) for ln, p in zip(asked, plain, strict=True)]
    out: dict[int, list[Found]] = {}
    cursor: dict[int, int] = {}
    text_of = {ln.number: ln.text for ln in asked}
    for m in matcher.find(plain, sections, [], set()):
        out.setdefault(m.line, []).append(_found(m, text_of[m.line], cursor))
    return out


def _found(m: Mention, text: str, cursor: dict[int, int]) -> Found:
    start = text.find(m.alias, cursor.get(m.line, 0))
    start = start if start >= 0 else text.lower().find(m.alias.lower())
    start = max(start, 0)
    cursor[m.line] = start + len(m.alias)
    return Found(Alternative(base_name(m.name), m.kind, m.column, m.category), start, start + len(m.alias))


@cache  # called per tool and requirement when ranking a thousand records against a job
def base_name(name: str) -> str:
    """A practice's name without the taxonomy's row qualifier: "RAG (acronym)" and "RAG" are one practice."""
    return _QUALIFIER.sub("", name)


def clause_importance(text: str, start: int, base: Importance, rules: JobRules) -> Importance:
    """The longest cue in the clause around `start` decides; without one, the section does."""
    bounds = [0, *(m.end() for m in _CLAUSE.finditer(text)), len(text) + 1]
    lo = max(b for b in bounds if b <= start)
    hi = min((b for b in bounds if b > start), default=len(text))
    clause = text[lo:hi].lower()
    hits = [c for c in rules.cues if re.search(r"(?<!\w)" + re.escape(c) + r"(?!\w)", clause)]
    if not hits:
        return base
    return "must" if rules.cues[max(hits, key=len)] == "must" else "nice"


def _link(gap: str, before: Found) -> str:
    """How two neighbouring names are joined: or | intro | comma | and | break. A practice followed by
    ':' or '(' or 'such as' introduces its examples ("a vector database (Pinecone, Weaviate)")."""
    bare = gap.replace("(", " ").replace(")", " ").strip()
    if _OR.match(bare) or bare in ("or", "/"):
        return "or"
    if before.alternative.kind == "concept" and (gap.strip() in (":", "(") or _INTRO.match(bare)):
        return "intro"
    if "(" in gap or ")" in gap:
        return "break"
    if bare in ("", ","):
        return "comma"
    if _AND.match(bare):
        return "and"
    return "break"


def _in_parens(text: str, at: int) -> bool:
    return text[:at].count("(") > text[:at].count(")")


def group_line(text: str, found: list[Found]) -> list[list[Found]]:
    """The names of one line, grouped into requirements (each group: alternatives of one ask)."""
    groups: list[list[Found]] = []
    chain: list[Found] = []
    links: list[str] = []
    chain_start = 0

    def close() -> None:
        if not chain:
            return
        examples = (bool(_EXAMPLES.search(text[chain_start:chain[0].start])) or _in_parens(text, chain[0].start)
                    or "intro" in links)
        oxford = bool(links) and links[-1] == "or" and "comma" in links
        group = [chain[0]]
        for f, link in zip(chain[1:], links, strict=True):
            if link in ("or", "intro") or (link == "comma" and (examples or oxford)):
                group.append(f)
            else:
                groups.append(group)
                group = [f]
        groups.append(group)

    for f in found:
        if chain:
            link = _link(text[chain[-1].end:f.start], chain[-1])
            if link == "break":
                close()
                chain_start, chain, links = chain[-1].end, [], []
            else:
                links.append(link)
        chain.append(f)
    close()
    return groups


_RANK = {"must": 2, "nice": 1}


def _dedupe(reqs: list[Requirement]) -> list[Requirement]:
    """Drop an ask another one implies: the same names or more, asked no more strongly; and a
    nice-to-have whose every name a must-have already asks for."""
    def names(r: Requirement) -> frozenset[str]:
        return frozenset(a.name for a in r.alternatives)

    keep: list[Requirement] = []
    for i, r in enumerate(reqs):
        implied = any(
            j != i and names(o) <= names(r) and _RANK[o.importance] >= _RANK[r.importance]
            and (names(o) != names(r) or _RANK[o.importance] > _RANK[r.importance] or j < i)
            for j, o in enumerate(reqs)
        )
        if not implied:
            keep.append(r)
    must = {a.name for r in keep if r.importance == "must" for a in r.alternatives}
    return [r for r in keep if r.importance == "must" or not all(a.name in must for a in r.alternatives)]


def base_importance(lines: list[JobLine]) -> dict[str, Importance]:
    """What each kind of section asks. Duties are must-haves only in a JD with no list of requirements:
    where there is one, that list says what is required and the duties say what the work uses."""
    if not any(ln.kind == "must" for ln in lines):
        return BASE_IMPORTANCE
    return {**BASE_IMPORTANCE, "duties": "nice"}


def requirements(lines: list[JobLine], found: dict[int, list[Found]], rules: JobRules) -> tuple[Requirement, ...]:
    out: list[Requirement] = []
    base = base_importance(lines)
    for ln in lines:
        for group in group_line(ln.text, found.get(ln.number, [])):
            importance = clause_importance(ln.text, group[0].start, base[ln.kind], rules)
            alternatives = tuple(dict.fromkeys(f.alternative for f in group))
            out.append(Requirement(alternatives, importance, ln.number, ln.text))
    return tuple(_dedupe(out))
