"""An entry's header lines -> its title, organisation and location.

The header (the date line and the short lines around it) is cut into pieces at tabs, bars, dashes
and "at"; places and labels are set aside; the piece with a job word is the title and a piece on or
above the date line the organisation (`role_from_header` says which, when several qualify).
"""

from __future__ import annotations

import re
from functools import lru_cache

from screener.model import DateRange, Line, Role, RoleKind, Section
from screener.parse.date_lines import PLACEHOLDER, dates_in, may_hold_placeholder, placeholder_dates
from screener.parse.dates import find_date_ranges
from screener.parse.words import alternation, literals
from screener.phrase_finder import Finder

TITLE_MAX_WORDS = 6  # a job title with a job word is short ("Lucena Research" is a company)
LOCATION_MAX_WORDS = 3  # a short piece under a comma-split title is the location ("São Paulo")
FIELD_MAX_CHARS = 120  # a title or an organisation is cut here (a run-on header line is no title)
PIECES_CACHE = 4096  # header lines whose pieces are remembered (a few hundred bytes each)

# The words (job words, organisation words, places, labels...) are data: skill_taxonomy/words.csv.
# Searched through a Finder: most pieces and lines hold no job word, and its anchors say so cheaply.
TITLE_WORDS = Finder.of(re.compile(rf"(?i)\b({alternation('job-word')})\b"), literals("job-word"))
_SPLIT = re.compile(r"\t|\s*\|\s*|\s+[•·]\s+|\s+[–—-]\s+|\s+@\s+|\s+at\s+|\s+em\s+|\s+en\s+(?=[A-Z])")
_LOCATION = re.compile(
    rf"^({alternation('work-mode')}|[A-Z][\w .'-]+,\s*([A-Z]{{2}}|[A-Z][a-z]+( [A-Z][a-z]+)*)"
    rf"|[A-Z][a-z]+( [A-Z][a-z]+)?,? ?({alternation('country')}))$"
)
_ORG_WORDS = re.compile(rf"(?i)\b({alternation('org-word')})\b\.?")  # most pieces hold one: no Finder
_EMPTY = re.compile(r"^[\s,;:|()\[\]–—-]*$")
_TRAILING_PLACE = re.compile(
    r"^(?P<org>.+?),\s*(?P<loc>[A-Z][\w .'-]+,\s*(?:[A-Z]{2}|[A-Z][a-z]+(?: [A-Z][a-z]+)?)|Remote)$"
)


def split_header(text: str) -> tuple[str, str, str]:
    parts = [p.strip(" ,;:|") for p in _SPLIT.split(text) if p and not _EMPTY.match(p)]
    location = ""
    rest: list[str] = []
    for p in parts:
        if not location and is_place(p):
            location = p
            continue
        m = _TRAILING_PLACE.match(p)
        if not location and m and is_place(m.group("loc")):
            # "Lumenfold, San Francisco, CA": the organisation, then where it is.
            location = m.group("loc")
            p = m.group("org")
        rest.append(p)
    if not rest:
        return "", "", location
    if len(rest) == 1 and ", " in rest[0]:
        a, b = rest[0].split(", ", 1)
        if TITLE_WORDS.search(a) and not TITLE_WORDS.search(b):
            return a, b, location
        if TITLE_WORDS.search(b) and not TITLE_WORDS.search(a):
            return b, a, location
    titled = [p for p in rest if TITLE_WORDS.search(p)]
    title = titled[0] if titled else rest[0]
    others = [p for p in rest if p is not title]
    return title, (others[0] if others else ""), location


_HAS_LETTER = re.compile(r"[^\W\d_]")
_ADDRESS = re.compile(rf"^\d+\s+\w+.*\b({alternation('street-word')})\b", re.I)
_LEADING_PLACE = re.compile(r"^([A-Z][\w .'-]+,\s*[A-Z]{2}),\s*(.+)$")
_STRONG_SPLIT = re.compile(r"\t|\s*\|\s*|\s+[•·]\s+|\s+[–—]\s+|\s+-\s+|\s+@\s+|\s+at\s+(?=[A-Z])|\s+em\s+(?=[A-Z])")
_TITLE_LABEL = re.compile(rf"(?i)^\s*(?:{alternation('title-label')})\s*(?:\t|:\s)\s*(\S.*)$")
_SENTENCE_AFTER = re.compile(r"^\.\s+[A-Z]")
_LABELS = re.compile(rf"(?i)\b({alternation('header-label')})\s*:|^\s*({alternation('header-label')})\s+-\s")


def is_place(text: str) -> bool:
    return bool(_LOCATION.match(text)) and not TITLE_WORDS.search(text) and not _ORG_WORDS.search(text)


def header_units(lines: list[Line]) -> tuple[list[tuple[str, int]], str]:
    """The pieces of an entry's header lines (dates removed) with their line index, and the location."""
    units: list[tuple[str, int]] = []
    location = ""
    pieces = [(piece, li) for li, ln in enumerate(lines) for piece in _line_pieces(ln.text)]
    places = [k for k, (p, _) in enumerate(pieces) if is_place(p)]
    place_at = places[0] if places else -1
    if len(places) > 1 and pieces[places[-1]][1] == pieces[place_at][1]:
        place_at = places[-1]  # "Mobile World Apps, Platform Team · Barcelona, Spain": the last is the place
    for k, (piece, li) in enumerate(pieces):
        if k == place_at:
            location = piece
            continue
        m = _TRAILING_PLACE.match(piece)
        if not location and place_at < k and m and is_place(m.group("loc")) and len(lines) > 1:
            location = m.group("loc")  # "Lumenfold, San Francisco, CA"
            piece = m.group("org")
        units.append((piece, li))
    return units, location


@lru_cache(maxsize=PIECES_CACHE)
def _line_pieces(text: str) -> tuple[str, ...]:
    """One header line's pieces, dates and labels removed. A date line is asked twice (is it a
    whole header by itself, then as part of its header): remembered by its text."""
    pieces: list[str] = []
    text = PLACEHOLDER.sub("\t", text) if may_hold_placeholder(text) else text
    for r in reversed(find_date_ranges(text)):
        rest = text[r.span[1] :]
        if _SENTENCE_AFTER.match(rest):
            rest = ""  # "Title, January 2022 to Present. Built ...": the description starts after the dates
        text = text[: r.span[0]] + "\t" + rest
    text = _LABELS.sub("\t", text)
    for piece in _STRONG_SPLIT.split(text):
        piece = _balanced(piece.strip(" ,;:|–—-"))
        if piece and not _EMPTY.match(piece) and _HAS_LETTER.search(piece):
            pieces.append(piece)
    return tuple(pieces)


def _balanced(piece: str) -> str:
    """Brackets stripped from the ends, except a pair the piece closes: "AI Engineer (contract)"."""
    while piece and (piece[0] in "()" or (piece[-1] in "()" and piece.count("(") != piece.count(")"))):
        piece = piece[1:] if piece[0] in "()" else piece[:-1]
        piece = piece.strip(" ,;:|–—-")
    return piece


def comma_split(unit: str) -> tuple[str, str] | None:
    """'Data Scientist, Acme Bank' -> (title, organisation) when only one side reads as a title."""
    if ", " not in unit:
        return None
    a, b = unit.split(", ", 1)
    if TITLE_WORDS.search(a) and not _titleish(b):
        return a, b
    if TITLE_WORDS.search(b) and not _titleish(a):
        return b, a
    return None


def _titleish(text: str) -> bool:
    """A job word that is not part of an organisation's name ("Zalando Research" is a company)."""
    return bool(TITLE_WORDS.search(text)) and not _ENDS_RESEARCH.search(text)


_ENDS_RESEARCH = re.compile(r"(?i)\bresearch$")  # "Lucena Research", "Microsoft Research"


def role_from_header(lines: list[Line], date: DateRange | None, section: Section, kind: RoleKind) -> Role:
    """Title and organisation from the header's pieces.

    The title is the first piece with a job word (in a work entry, when several have one, the
    first that is short and not named like a company: "Lucena Research"). The organisation is a piece on or above
    the date line; failing that, the title piece split at its comma ("Data Scientist, Acme");
    failing that, a piece below the date line. A short piece below the date line next to a
    comma-split title is the location ("Engenheira de IA, Banco Horizonte" / "São Paulo").
    """
    units, location = header_units(lines)
    anchor = next((i for i, ln in enumerate(lines) if dates_in(ln) or placeholder_dates(ln)), 0)
    title = org = ""
    if units:
        title_unit = _title_unit(units, kind)
        title = title_unit[0]
        rest = [u for u in units if u is not title_unit]
        primary = [u for u in rest if u[1] <= anchor]
        below = [u for u in rest if u[1] > anchor]
        split = comma_split(title)
        if primary:
            org = primary[0][0]
        elif split and len(below) >= 2:
            # "ML Engineer, Recommendations" / "Kirana Commerce" / "Bengaluru": a team, then the company.
            org = below[0][0]
            if not location:
                location = below[1][0]
        elif split:
            title, org = split
            if below and not location and len(below[0][0].split()) <= LOCATION_MAX_WORDS:
                location = below[0][0]
        elif below:
            org = below[0][0]
        m = _TRAILING_PLACE.match(org) if org and split else None
        if m and not location:
            org, location = m.group("org"), m.group("loc")
    labelled = next((m.group(1).strip() for ln in lines for m in [_TITLE_LABEL.match(ln.text)] if m), "")
    if labelled:
        title = labelled  # "Main role<TAB>Something": the label says which piece is the title
    listed = _listed_header(units, anchor)
    if listed:
        title, org, location = listed
    if not _HAS_LETTER.search(title) or is_place(title) or _ADDRESS.search(title):
        title = ""  # "." or "555 La Verne Way, La Verne, CA" is no job title
    if org and not title and TITLE_WORDS.search(org):
        title, org = org, ""
    lead = _LEADING_PLACE.match(title)
    if lead and is_place(lead.group(1)):
        # "Gilmore Financial, New Orleans, LA, Certified Public Accountant": the place sat between.
        title = lead.group(2)
        location = location or lead.group(1)
    return Role(
        title=title[:FIELD_MAX_CHARS],
        organization=org[:FIELD_MAX_CHARS],
        location=location,
        dates=date,
        section=section.kind,
        kind=kind,
        header_lines=lines,
        bullets=[],
    )


def _listed_header(units: list[tuple[str, int]], anchor: int) -> tuple[str, str, str] | None:
    """'year–year Job title, Employer, City.' (moderncv): with no job word anywhere in the header, a date
    line listing three comma-separated pieces gives the title, the organisation and the place, in order."""
    if any(TITLE_WORDS.search(u) for u, _ in units):
        return None
    for unit, li in units:
        parts = [p.strip(" .") for p in unit.split(", ")]
        if li == anchor and len(parts) >= 3 and all(parts):
            return parts[0], parts[1], parts[2]
    return None


def _title_unit(units: list[tuple[str, int]], kind: RoleKind) -> tuple[str, int]:
    """The header piece that is the title: the first with a job word, else the first piece."""
    titled = [u for u in units if TITLE_WORDS.search(u[0])]
    # "Lucena Research" / "Data Scientist": both have a job word; the one named like a
    # company is not the title.
    plain = [
        u for u in titled
        if len(u[0].split()) <= TITLE_MAX_WORDS and not _ORG_WORDS.search(u[0]) and not _ENDS_RESEARCH.search(u[0])
    ]
    return plain[0] if plain and len(titled) > 1 and kind == "work" else titled[0] if titled else units[0]
