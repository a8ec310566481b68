"""Sections -> roles: each entry of an experience-like section with its dates.

Entries are anchored on the lines that carry a date range. An entry's header
is its date line plus the short, non-bullet lines right around it (title on one
line and company + dates on the next; dates on the right margin; dates before
the title); the lines after it, up to the next header, are its bullets. A
company line followed by several dated titles is a promotion: each title keeps
its own dates and the company is shared. Sections without dates are split on
header-looking lines, and those entries are kept as undated.
"""

from __future__ import annotations

import re
from functools import lru_cache

from screener.model import DateRange, Line, Role, RoleKind, Section
from screener.parse.date_lines import (
    LARGER_TYPE,
    dates_in,
    join_split_dates,
    join_stacked_dates,
    lift_column_dates,
    placeholder_dates,
)
from screener.parse.dates import range_problem
from screener.parse.role_header import TITLE_WORDS, comma_split, header_units, role_from_header, split_header
from screener.parse.words import alternation
from screener.phrase_finder import Finder

__all__ = [
    "ROLE_KINDS", "TITLE_WORDS", "WORK_KINDS", "continuations", "drop_name_titles", "header_units",
    "join_split_dates", "join_stacked_dates", "lift_column_dates", "mark_academic", "note_problems", "parse_roles",
]  # fmt: skip

WRAP_INDENT = 1.5  # points: a line indented this much under a bullet carries on its text
# A header line (title, company, dates) is short; a description is not.
HEADER_MAX_CHARS = 110
HEADER_MAX_WORDS = 14
SENTENCE_MIN_WORDS = 3  # a line ending in a period is a sentence only past this many words
LISTED_MIN_PIECES = 3  # "Director, Company 1, City, Country.": this many comma-separated pieces ...
LISTED_PIECE_WORDS = 3  # ... of at most this many words each make a header line, not a sentence
# A date line may run long: the dates cover half of it, or start near its beginning.
DATE_LINE_COVERED = 0.5  # share of the line's characters the date ranges cover
DATE_LINE_LEAD_CHARS = 60  # the first date starts within this many characters ...
DATE_LINE_MAX_CHARS = 220  # ... of a line no longer than this
# How many lines an entry's header takes: the date line, up to two above (title, company), one more below.
HEADER_MAX_LINES_UP = 3
HEADER_MAX_LINES = 4
BODY_SENTENCE_WORDS = 5  # a line ending in a period with more words is a description ...
BODY_MIN_WORDS = 12  # ... and so is any line with more words than this
PHRASE_LISTS_CACHED = 16  # the taxonomy's phrase lists: two per process, a few more in tests

WORK_KINDS = {"experience", "research", "internships"}
ROLE_KINDS: dict[str, RoleKind] = {
    "experience": "work",
    "research": "work",
    "internships": "work",
    "projects": "project",
    "education": "education",
    "volunteering": "other",
    "leadership": "other",
}


_HAS_LETTER = re.compile(r"[^\W\d_]")
_ABBREVIATION_END = re.compile(r"\b[A-Z][a-z]{0,3}\.$")


def _is_headerish(line: Line, body: float) -> bool:
    """Short, not a bullet, not a sentence: could be a title, company or date line."""
    text = line.text
    if line.bullet and not line.size > body + LARGER_TYPE:
        return False  # a bullet in a larger type is an entry's heading (sb2nov's company lines)
    if placeholder_dates(line):
        return True  # "year–year Job title, Employer, City.": a date line, whatever its end
    dates = dates_in(line)
    if dates:
        # A date line may run long ("Title , 01/2009 to Current Company Name – City , State")
        # or end with a period ("January 2020 - till date."): the date at its start decides.
        covered = sum(r.span[1] - r.span[0] for r in dates)
        if covered >= DATE_LINE_COVERED * len(text.strip()) or (
            dates[0].span[0] <= DATE_LINE_LEAD_CHARS and len(text) <= DATE_LINE_MAX_CHARS
        ):
            return True
        # Date and separator tokens do not count toward the limits: "Title | Lab, University · City | 2021 – 2024".
        for r in reversed(dates):
            text = text[: r.span[0]] + text[r.span[1] :]
    if len(text) > HEADER_MAX_CHARS:
        return False
    words = sum(1 for w in text.split() if _HAS_LETTER.search(w))
    if words > HEADER_MAX_WORDS:
        return False
    # A sentence ends with a period; "Ingeniero de ML Sr." and "Acme Inc." end with an abbreviation,
    # and "Director, Company 1, City, Country." is a list of short pieces, not a sentence.
    end = text.rstrip()
    if _listed(end):
        return True
    return not (end.endswith(".") and words > SENTENCE_MIN_WORDS and not _ABBREVIATION_END.search(end))


def _listed(text: str) -> bool:
    """'Director, Company 1, City, Country.': short comma-separated pieces, a header's fields."""
    pieces = [p for p in text.strip().rstrip(".").split(", ") if p]
    return len(pieces) >= LISTED_MIN_PIECES and all(len(p.split()) <= LISTED_PIECE_WORDS for p in pieces)


def parse_roles(sections: list[Section], body_size: float) -> list[Role]:
    roles: list[Role] = []
    for section in sections:
        kind = ROLE_KINDS.get(section.kind)
        if kind is None:
            continue
        roles.extend(_section_roles(section, kind, body_size))
    return roles


def continuations(lines: list[Line]) -> set[int]:
    """Indices of lines that carry on the bullet above them (wrapped text, not a new header)."""
    out: set[int] = set()
    for i in range(1, len(lines)):
        prev, line = lines[i - 1], lines[i]
        if line.bullet or line.page != prev.page or not (prev.bullet or i - 1 in out):
            continue
        if (line.x0 > prev.x0 + WRAP_INDENT or line.text[:1].islower()) and not dates_in(line):
            out.add(i)
    return out


def _section_roles(section: Section, kind: RoleKind, body: float) -> list[Role]:
    lines = lift_column_dates(join_stacked_dates(join_split_dates(section.lines)))
    if not lines:
        return []
    wrapped = continuations(lines)
    dated = {i: dates_in(ln) for i, ln in enumerate(lines)}
    slots = {i for i, ln in enumerate(lines) if not dated[i] and placeholder_dates(ln)}  # "year–year", "Month 20XX"
    anchors = [
        i for i, found in dated.items() if (found or i in slots) and i not in wrapped and _is_headerish(lines[i], body)
    ]
    if not anchors:
        # An undated entry is not a work role: it adds no months and dates no tool.
        return _undated_roles(section, "other" if kind == "work" else kind, body)
    heads = _heads(lines, anchors, wrapped, dated, body)
    roles: list[Role] = []
    company: str = ""  # a company line above several dated titles (a promotion)
    for k, head in enumerate(heads):
        nxt = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        header_lines = [lines[i] for i in head]
        bullets = [lines[i] for i in range(max(head) + 1, nxt)]
        found = [r for i in head for r in dated.get(i, [])]
        # A real range beats a lone date on the same header ("(expected May 2027) ... 2020 – 2027").
        date = next((r for r in found if not r.single), found[0]) if found else None
        # A template's unfilled dates make an entry, but an undated one: no work role.
        role = role_from_header(header_lines, date, section, kind if date else "other")
        company_lines = [
            ln for ln in header_lines
            if not dates_in(ln) and not placeholder_dates(ln) and not TITLE_WORDS.search(ln.text)
        ]
        if company_lines and role.organization:
            company = role.organization
        elif not role.organization and company:
            role.organization = company
        cut = _undated_entry(lines, max(head) + 1, nxt, wrapped, body)
        role.bullets = bullets[: cut - max(head) - 1]
        roles.append(role)
        if cut < nxt:
            roles.extend(_undated_roles(Section(section.kind, section.heading, lines[cut:nxt]), "other", body))
    return roles


def _undated_entry(lines: list[Line], start: int, end: int, wrapped: set[int], body: float) -> int:
    """Where an undated entry starts below a dated role's bullets: a title-and-organisation line
    ('Volunteer IT Coordinator, Riverside Food Bank') between two bullet lists is its own entry,
    not more of the role above (its tools are never dated by that role)."""
    for i in range(start + 1, end - 1):
        ln = lines[i]
        if (
            not ln.bullet and lines[i - 1].bullet and lines[i + 1].bullet and i not in wrapped
            and ln.x0 <= lines[i - 1].x0 and _is_headerish(ln, body) and not ln.text.rstrip().endswith(".")
            and _self_contained(ln)
        ):
            return i
    return end


def _heads(
    lines: list[Line], anchors: list[int], wrapped: set[int], dated: dict[int, list[DateRange]], body: float
) -> list[list[int]]:
    """Each entry's header: the indices of its date line and the header lines around it."""
    claimed: set[int] = set()
    heads: list[list[int]] = []
    for a in anchors:
        head = [a]
        claimed.add(a)
        # Up to two header lines just above the date line (title, company) — unless the date
        # line already names both, in which case the lines above belong to the previous entry.
        j = a - 1 if not _self_contained(lines[a]) else -1
        while (
            j >= 0
            and len(head) < HEADER_MAX_LINES_UP
            and j not in claimed
            and j not in wrapped
            and _is_headerish(lines[j], body)
        ):
            if heads and j <= max(heads[-1]) or _looks_like_body(lines[j], lines[a]) or _sentence_tail(lines[j]):
                break
            head.insert(0, j)
            claimed.add(j)
            j -= 1
        heads.append(head)
    # Lines just below a date line that still look like header (company, location) join it.
    for k, head in enumerate(heads):
        nxt = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        j = max(head) + 1
        while (
            j < nxt
            and len(head) < HEADER_MAX_LINES
            and j not in wrapped
            and _is_headerish(lines[j], body)
            and not lines[j].bullet
        ):
            if _looks_like_body(lines[j], lines[head[-1]]) or dated.get(j) or j in anchors:
                break
            head.append(j)
            j += 1
    return heads


def _self_contained(line: Line) -> bool:
    """A date line that holds a title and an organisation by itself ("AI Engineer, Acme  2023 – 2024")."""
    units, _ = header_units([line])
    titled = [u for u, _ in units if TITLE_WORDS.search(u)]
    if not titled:
        return False
    return len(units) >= 2 or comma_split(titled[0]) is not None


def _looks_like_body(line: Line, anchor: Line) -> bool:
    """A description sentence, not a header: long, ends in a period, smaller than headers."""
    text = line.text
    if _listed(text):
        return False
    return (text.endswith(".") and len(text.split()) > BODY_SENTENCE_WORDS) or len(text.split()) > BODY_MIN_WORDS


def _sentence_tail(line: Line) -> bool:
    """The last words of a wrapped description ("environments."), not a header above the next dates."""
    text = line.text.strip()
    return text[:1].islower() and text.endswith(".")


def _undated_roles(section: Section, kind: RoleKind, body: float) -> list[Role]:
    """Entries without dates (projects, often): a header-looking line followed by bullets."""
    roles: list[Role] = []
    cur: Role | None = None
    for ln in section.lines:
        starts_entry = (
            not ln.bullet
            and (ln.bold or ln.size > body + LARGER_TYPE or cur is None or cur.bullets)
            and len(ln.text.split()) <= HEADER_MAX_WORDS
        )
        if starts_entry and (cur is None or cur.bullets or ln.bold):
            title, org, loc = split_header(ln.text)
            cur = Role(
                title=title,
                organization=org,
                location=loc,
                dates=None,
                section=section.kind,
                kind=kind,
                header_lines=[ln],
                bullets=[],
            )
            roles.append(cur)
        elif cur is not None:
            cur.bullets.append(ln)
    return roles


_PLACEHOLDER_TITLE = re.compile(rf"(?i)^(?:{alternation('title-placeholder')})$")


def drop_name_titles(roles: list[Role], name: str) -> None:
    """A header that repeats the candidate's name is not a job title (one-line CV headers), nor is
    a template's placeholder ("Company Name" on an anonymised resume)."""
    for role in roles:
        if (name and role.title.casefold() == name.casefold()) or _PLACEHOLDER_TITLE.match(role.title.strip()):
            role.title = ""


def note_problems(roles: list[Role], present: int) -> None:
    for role in roles:
        if role.dates is not None:
            problem = range_problem(role.dates, present)
            if problem:
                role.problems.append(problem)


_RESEARCHY = re.compile(rf"(?i)\b({alternation('research-word')})\b")


def mark_academic(roles: list[Role], titles: tuple[str, ...], orgs: tuple[str, ...]) -> None:
    """Academic = an academic title, or research work at a university or lab.

    An IT specialist or a software engineer employed by a university is not academic.
    """
    title_re = _phrases(titles)
    org_re = _phrases(orgs)
    for role in roles:
        head = " ".join(ln.text for ln in role.header_lines)
        by_title = bool(title_re and title_re.search(role.title or head))
        by_org = bool(org_re and org_re.search(role.organization or head)) and bool(
            _RESEARCHY.search(role.title or head)
        )
        role.academic = by_title or by_org


@lru_cache(maxsize=PHRASE_LISTS_CACHED)
def _phrases(words: tuple[str, ...]) -> Finder | None:
    """One pattern per phrase list (the taxonomy's lists are tuples), built once per process."""
    if not words:
        return None
    return Finder.of(
        re.compile(
            r"(?i)(?<![\w])(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?![\w])"
        ),
        words,
    )
