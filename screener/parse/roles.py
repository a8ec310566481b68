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
from dataclasses import replace
from functools import lru_cache

from screener.model import DateRange, Line, Role, RoleKind, Section
from screener.parse.dates import find_date_ranges, range_problem
from screener.parse.words import alternation

# Typography: how much larger or more indented a line must be to count as set apart.
LARGER_TYPE = 0.4  # points: a line this much above another's size is set in a larger type
WRAP_INDENT = 1.5  # points: a line indented this much under a bullet carries on its text
STACKED_X_TOLERANCE = 4  # points: two rows of a left date column start at the same x
# A header line (title, company, dates) is short; a description is not.
HEADER_MAX_CHARS = 110
HEADER_MAX_WORDS = 14
SENTENCE_MIN_WORDS = 3  # a line ending in a period is a sentence only past this many words
# A date line may run long: the dates cover half of it, or start near its beginning.
DATE_LINE_COVERED = 0.5  # share of the line's characters the date ranges cover
DATE_LINE_LEAD_CHARS = 60  # the first date starts within this many characters ...
DATE_LINE_MAX_CHARS = 220  # ... of a line no longer than this
SPLIT_DATE_MAX_WORDS = 3  # 'April 2015' / 'to' / 'Current': each piece of a date split over lines
# How many lines an entry's header takes: the date line, up to two above (title, company), one more below.
HEADER_MAX_LINES_UP = 3
HEADER_MAX_LINES = 4
BODY_SENTENCE_WORDS = 5  # a line ending in a period with more words is a description ...
BODY_MIN_WORDS = 12  # ... and so is any line with more words than this
TITLE_MAX_WORDS = 6  # a job title with a job word is short ("Lucena Research" is a company)
LOCATION_MAX_WORDS = 3  # a short piece under a comma-split title is the location ("São Paulo")
FIELD_MAX_CHARS = 120  # a title or an organisation is cut here (a run-on header line is no title)
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

# The words (job words, organisation words, places, labels...) are data: skill_taxonomy/words.csv.
TITLE_WORDS = re.compile(rf"(?i)\b({alternation('job-word')})\b")
_SPLIT = re.compile(r"\t|\s*\|\s*|\s+[•·]\s+|\s+[–—-]\s+|\s+@\s+|\s+at\s+|\s+em\s+|\s+en\s+(?=[A-Z])")
_LOCATION = re.compile(
    rf"^({alternation('work-mode')}|[A-Z][\w .'-]+,\s*([A-Z]{{2}}|[A-Z][a-z]+( [A-Z][a-z]+)*)"
    rf"|[A-Z][a-z]+( [A-Z][a-z]+)?,? ?({alternation('country')}))$"
)
_ORG_WORDS = re.compile(rf"(?i)\b({alternation('org-word')})\b\.?")
_EMPTY = re.compile(r"^[\s,;:|()\[\]–—-]*$")


_ABBREVIATION_END = re.compile(r"\b[A-Z][a-z]{0,3}\.$")


def _is_headerish(line: Line, body: float) -> bool:
    """Short, not a bullet, not a sentence: could be a title, company or date line."""
    text = line.text
    if line.bullet and not line.size > body + LARGER_TYPE:
        return False  # a bullet in a larger type is an entry's heading (sb2nov's company lines)
    dates = _dates_in(line)
    if dates:
        # A date line may run long ("Title , 01/2009 to Current Company Name – City , State")
        # or end with a period ("January 2020 - till date."): the date at its start decides.
        covered = sum(r.span[1] - r.span[0] for r in dates)
        if covered >= DATE_LINE_COVERED * len(text.strip()) or (
            dates[0].span[0] <= DATE_LINE_LEAD_CHARS and len(text) <= DATE_LINE_MAX_CHARS
        ):
            return True
    if len(text) > HEADER_MAX_CHARS:
        return False
    words = len(text.split())
    if words > HEADER_MAX_WORDS:
        return False
    # A sentence ends with a period; "Ingeniero de ML Sr." and "Acme Inc." end with an abbreviation.
    end = text.rstrip()
    return not (end.endswith(".") and words > SENTENCE_MIN_WORDS and not _ABBREVIATION_END.search(end))


_OPEN_LEAD = re.compile(r"^\s*((?:[A-Za-z]{3,9}\.?\s+)?(?:19|20)\d\d)\s*[–—-]\s+(?=[A-Z])")


def _dates_in(line: Line) -> list[DateRange]:
    found = [r for r in find_date_ranges(line.text) if not r.single or _standalone_year(line.text, r)]
    if not any(not r.single for r in found):
        # "2021 – Machine Learning Engineer, OpenAI": a margin date left open, then the title.
        m = _OPEN_LEAD.match(line.text)
        if m:
            lead = find_date_ranges(m.group(1) + " – Present")
            if lead and not lead[0].single:
                found = [replace(lead[0], raw=line.text[: m.end()].strip(), span=(m.start(1), m.end()))]
    return found


def _standalone_year(text: str, r: DateRange) -> bool:
    """A single date counts as a role date when it sits apart (right margin, own line)."""
    rest = (text[: r.span[0]] + text[r.span[1] :]).strip(" \t,|()–—-")
    return "\t" in text or not rest or r.start is not None and r.start.precision in ("season", "month")


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
        if (line.x0 > prev.x0 + WRAP_INDENT or line.text[:1].islower()) and not _dates_in(line):
            out.add(i)
    return out


_CONNECTOR = re.compile(rf"(?i)^({alternation('date-connector')}|[-–—~])$")


def join_split_dates(lines: list[Line]) -> list[Line]:
    """'April 2015' / 'to' / 'Current' on three lines (narrow date columns) become one line."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        after = lines[i + 2] if i + 2 < len(lines) else None
        single = [r for r in find_date_ranges(ln.text) if r.single]
        short = SPLIT_DATE_MAX_WORDS
        if single and len(ln.text.split()) <= short and nxt is not None:
            if _CONNECTOR.match(nxt.text.strip()) and after is not None and len(after.text.split()) <= short:
                joined = f"{ln.text} {nxt.text.strip()} {after.text}"
                if any(not r.single for r in find_date_ranges(joined)):
                    out.append(Line(**{**ln.__dict__, "text": joined}))
                    i += 3
                    continue
            if ln.text.rstrip().endswith(("-", "–", "—", " to")) and len(nxt.text.split()) <= short:
                joined = f"{ln.text} {nxt.text}"
                if any(not r.single for r in find_date_ranges(joined)):
                    out.append(Line(**{**ln.__dict__, "text": joined}))
                    i += 2
                    continue
        out.append(ln)
        i += 1
    return out


def lift_column_dates(lines: list[Line]) -> list[Line]:
    """A date range alone in the right column of an entry's first bullet dates the header above.

    Some templates (RenderCV's classic theme) stack the header's right column (place, then
    dates, then a duration) beside the header and its first bullets, so the dates share a row
    with a bullet. They belong to the header just above when that header has no dates of its
    own and the cell after the bullet's last column gap holds the date range and nothing else.
    """
    out = list(lines)
    moved: list[tuple[int, Line]] = []
    for i in range(1, len(out)):
        ln, head = out[i], out[i - 1]
        if not ln.bullet or head.bullet or "\t" not in ln.text or ln.page != head.page:
            continue
        body, _, cell = ln.text.rpartition("\t")
        ranges = [r for r in find_date_ranges(cell) if not r.single]
        if len(ranges) != 1 or _dates_in(head):
            continue
        above = out[i - 2] if i >= 2 else None
        if above is not None and not above.bullet and _dates_in(above):
            continue  # the header's own dates are on the line above it: the bullet's range is its own
        a, b = ranges[0].span
        if len((cell[:a] + cell[b:]).strip(" ,;:|()")) > 0:
            continue
        # The dates become a line of their own under the header, keeping the number of the line
        # they are printed on, so that `explain` points at it; the bullet keeps its text.
        moved.append((i, Line(**{**ln.__dict__, "text": cell.strip(), "bullet": False})))
        out[i] = Line(**{**ln.__dict__, "text": body.rstrip()})
    for i, dates in reversed(moved):
        out.insert(i, dates)
    return out


def join_stacked_dates(lines: list[Line]) -> list[Line]:
    """'12/2018' above '09/2018' at the left of an entry: the end printed over the start.

    Some templates (simple-resume) put an entry's dates in a left column, the end (or "Actual")
    on the header's row and the start on the next, smaller row beside the description. The two
    become one range on the header's line; the row below keeps the rest of its text. Only when
    the lower row is in a smaller type (or the header is bold and it is not), so that a list of
    dated one-liners (awards, certificates) is never read as ranges.
    """
    out: list[Line] = []
    i = 0
    while i < len(lines):
        top = lines[i]
        low = lines[i + 1] if i + 1 < len(lines) else None
        joined = _stacked(top, low) if low is not None else None
        if joined is None:
            out.append(top)
            i += 1
            continue
        out.append(joined[0])
        if joined[1].text:
            out.append(joined[1])
        i += 2
    return out


def _stacked(top: Line, low: Line) -> tuple[Line, Line] | None:
    if top.page != low.page or abs(top.x0 - low.x0) > STACKED_X_TOLERANCE or top.bullet or low.bullet:
        return None
    if not (low.size < top.size - LARGER_TYPE or top.bold and not low.bold):
        return None
    lows = find_date_ranges(low.text)
    if not lows or not lows[0].single or lows[0].span[0] != len(low.text) - len(low.text.lstrip()):
        return None
    start = lows[0]
    tops = find_date_ranges(top.text)
    first = top.text.split(maxsplit=1)[0] if top.text.strip() else ""
    if tops and tops[0].single and tops[0].span[0] == len(top.text) - len(top.text.lstrip()):
        end_raw, end_at = tops[0].raw, tops[0].span[1]
        if start.start is None or tops[0].start is None or start.start.first_index() > tops[0].start.first_index():
            return None
    elif not tops and first:
        end_raw, end_at = first, top.text.index(first) + len(first)  # "Actual": the date grammar decides
    else:
        return None
    joined = f"{start.raw} – {end_raw}"
    ranges = find_date_ranges(joined)
    if len(ranges) != 1 or ranges[0].single or ranges[0].raw != joined:
        return None
    return (
        Line(**{**top.__dict__, "text": joined + top.text[end_at:]}),
        Line(**{**low.__dict__, "text": low.text[start.span[1] :].strip()}),
    )


def _section_roles(section: Section, kind: RoleKind, body: float) -> list[Role]:
    lines = lift_column_dates(join_stacked_dates(join_split_dates(section.lines)))
    if not lines:
        return []
    wrapped = continuations(lines)
    dated = {i: _dates_in(ln) for i, ln in enumerate(lines)}
    anchors = [i for i, found in dated.items() if found and i not in wrapped and _is_headerish(lines[i], body)]
    if not anchors:
        return _undated_roles(section, kind, body)
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
            if _looks_like_body(lines[j], lines[head[-1]]) or dated.get(j):
                break
            head.append(j)
            j += 1
    roles: list[Role] = []
    company: str = ""  # a company line above several dated titles (a promotion)
    for k, head in enumerate(heads):
        nxt = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        header_lines = [lines[i] for i in head]
        bullets = [lines[i] for i in range(max(head) + 1, nxt)]
        found = [r for i in head for r in dated.get(i, [])]
        # A real range beats a lone date on the same header ("(expected May 2027) ... 2020 – 2027").
        date = next((r for r in found if not r.single), found[0])
        role = _role_from_header(header_lines, date, section, kind)
        company_lines = [ln for ln in header_lines if not _dates_in(ln) and not TITLE_WORDS.search(ln.text)]
        if company_lines and role.organization:
            company = role.organization
        elif not role.organization and company:
            role.organization = company
        role.bullets = bullets
        roles.append(role)
    return roles


def _self_contained(line: Line) -> bool:
    """A date line that holds a title and an organisation by itself ("AI Engineer, Acme  2023 – 2024")."""
    units, _ = header_units([line])
    titled = [u for u, _ in units if TITLE_WORDS.search(u)]
    if not titled:
        return False
    return len(units) >= 2 or _comma_split(titled[0]) is not None


def _looks_like_body(line: Line, anchor: Line) -> bool:
    """A description sentence, not a header: long, ends in a period, smaller than headers."""
    text = line.text
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
            title, org, loc = _split_header(ln.text)
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


_TRAILING_PLACE = re.compile(
    r"^(?P<org>.+?),\s*(?P<loc>[A-Z][\w .'-]+,\s*(?:[A-Z]{2}|[A-Z][a-z]+(?: [A-Z][a-z]+)?)|Remote)$"
)


def _split_header(text: str) -> tuple[str, str, str]:
    parts = [p.strip(" ,;:|") for p in _SPLIT.split(text) if p and not _EMPTY.match(p)]
    location = ""
    rest: list[str] = []
    for p in parts:
        if not location and _is_place(p):
            location = p
            continue
        m = _TRAILING_PLACE.match(p)
        if not location and m and _is_place(m.group("loc")):
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
_LABELS = re.compile(rf"(?i)\b({alternation('header-label')})\s*:")


def _is_place(text: str) -> bool:
    return bool(_LOCATION.match(text)) and not TITLE_WORDS.search(text) and not _ORG_WORDS.search(text)


def header_units(lines: list[Line]) -> tuple[list[tuple[str, int]], str]:
    """The pieces of an entry's header lines (dates removed) with their line index, and the location."""
    units: list[tuple[str, int]] = []
    location = ""
    for li, ln in enumerate(lines):
        text = ln.text
        for r in reversed(find_date_ranges(text)):
            text = text[: r.span[0]] + "\t" + text[r.span[1] :]
        text = _LABELS.sub("\t", text)
        for piece in _STRONG_SPLIT.split(text):
            piece = piece.strip(" ,;:|()–—-")
            if not piece or _EMPTY.match(piece):
                continue
            if not location and _is_place(piece):
                location = piece
                continue
            m = _TRAILING_PLACE.match(piece)
            if not location and m and _is_place(m.group("loc")) and len(lines) > 1:
                location = m.group("loc")  # "Lumenfold, San Francisco, CA"
                piece = m.group("org")
            units.append((piece, li))
    return units, location


def _comma_split(unit: str) -> tuple[str, str] | None:
    """'Data Scientist, Acme Bank' -> (title, organisation) when only one side reads as a title."""
    if ", " not in unit:
        return None
    a, b = unit.split(", ", 1)
    if TITLE_WORDS.search(a) and not TITLE_WORDS.search(b):
        return a, b
    if TITLE_WORDS.search(b) and not TITLE_WORDS.search(a):
        return b, a
    return None


_ENDS_RESEARCH = re.compile(r"(?i)\bresearch$")  # "Lucena Research", "Microsoft Research"


def _role_from_header(lines: list[Line], date: DateRange, section: Section, kind: RoleKind) -> Role:
    """Title and organisation from the header's pieces.

    The title is the first piece with a job word (in a work entry, when several have one, the
    first that is short and not named like a company: "Lucena Research"). The organisation is a piece on or above
    the date line; failing that, the title piece split at its comma ("Data Scientist, Acme");
    failing that, a piece below the date line. A short piece below the date line next to a
    comma-split title is the location ("Engenheira de IA, Banco Horizonte" / "São Paulo").
    """
    units, location = header_units(lines)
    anchor = next((i for i, ln in enumerate(lines) if _dates_in(ln)), 0)
    title = org = ""
    if units:
        titled = [u for u in units if TITLE_WORDS.search(u[0])]
        # "Lucena Research" / "Data Scientist": both have a job word; the one named like a
        # company is not the title.
        plain = [
            u for u in titled
            if len(u[0].split()) <= TITLE_MAX_WORDS and not _ORG_WORDS.search(u[0]) and not _ENDS_RESEARCH.search(u[0])
        ]
        title_unit = plain[0] if plain and len(titled) > 1 and kind == "work" else titled[0] if titled else units[0]
        title = title_unit[0]
        rest = [u for u in units if u is not title_unit]
        primary = [u for u in rest if u[1] <= anchor]
        below = [u for u in rest if u[1] > anchor]
        split = _comma_split(title)
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
    if not _HAS_LETTER.search(title) or _is_place(title) or _ADDRESS.search(title):
        title = ""  # "." or "555 La Verne Way, La Verne, CA" is no job title
    if org and not title and TITLE_WORDS.search(org):
        title, org = org, ""
    lead = _LEADING_PLACE.match(title)
    if lead and _is_place(lead.group(1)):
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


def drop_name_titles(roles: list[Role], name: str) -> None:
    """A header that repeats the candidate's name is not a job title (one-line CV headers)."""
    if not name:
        return
    for role in roles:
        if role.title.casefold() == name.casefold():
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
def _phrases(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern per phrase list (the taxonomy's lists are tuples), built once per process."""
    if not words:
        return None
    return re.compile(
        r"(?i)(?<![\w])(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?![\w])"
    )
