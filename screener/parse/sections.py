"""Lines -> sections, found by vocabulary first and typography second.

A heading is a short standalone line. A line whose words are a known heading
("Work Experience", "Experiência Profissional", "TOOLBOX") is one at once; the
style those headings share (size, weight, capitals) then admits unknown
headings set the same way, so they are kept rather than folded into the
section above.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from screener.model import Line, Section
from screener.parse.date_lines import placeholder_dates
from screener.parse.dates import find_date_ranges
from screener.parse.role_header import TITLE_WORDS
from screener.parse.words import entries

# A heading is a short line: longer ones are sentences or content, whatever their words say.
HEADING_MAX_CHARS = 48  # a known heading's words ("Professional Experience & Internships")
SHORT_HEADING_CHARS = 40  # a heading found by its style alone (and a known one that need not look like one)
SHORT_HEADING_MIN_CHARS = 3  # "AI" or "Ω" alone is a label or an icon, not a heading
SHORT_HEADING_MAX_WORDS = 6
HEAD_WORDS_TRIED = (3, 2)  # "Professional Experience & Internships": its first 3, then 2 words
HEAD_HEADING_MAX_WORDS = 5  # ... only in a short line, not a sentence that starts like a heading
TAIL_HEADING_MAX_WORDS = 4  # "Relevant Projects": a known last word in a line this short
HEADING_SIZE_STEP = 1  # points above the body size that set a heading apart without bold or capitals
BODY_SIZE_LINE_CAP = 80  # characters a line adds to the body-size vote: one long paragraph does not decide
DEFAULT_BODY_SIZE = 10.0  # points, for a document without text

HEADING_KEY_CACHE = 4096  # texts whose heading key is remembered per process
_BILINGUAL = re.compile(r"\s+[/|]\s+")  # one heading in two languages, joined on one line
_STRIP = re.compile(r"[\s:：.·•|_\-–—/&,]+")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_NOT_HEADING = re.compile(r"@|https?:|www\.|\d{3}")


@lru_cache(maxsize=HEADING_KEY_CACHE)
def heading_key(text: str) -> str:
    """'WORK  EXPERIENCE:' -> 'work experience'; accents kept, punctuation folded (remembered: a
    pure function of the text, asked of every short line, twice, and of the same headings in every file)."""
    text = unicodedata.normalize("NFKC", text).lower().replace("&", " and ")
    text = re.sub(r"\(.*?\)", " ", text)  # "Publications (selected)" is "publications"
    return " ".join(p for p in _STRIP.split(text) if p)


class Style(NamedTuple):
    """How a line is set (a tuple: one is made for every line, and compared and hashed often)."""

    size: float
    bold: bool
    caps: bool


def style_of(line: Line) -> Style:
    # Capitals: cased letters and none of them lower-case (a C loop: this runs for every line, twice).
    return Style(round(line.size, 0), line.bold, line.text.isupper())


def body_size(lines: list[Line]) -> float:
    """The size most text is set in: the median over characters (capped per line)."""
    weights: dict[float, int] = {}
    for ln in lines:
        weights[ln.size] = weights.get(ln.size, 0) + min(len(ln.text), BODY_SIZE_LINE_CAP)
    total = sum(weights.values())
    if not total:
        return DEFAULT_BODY_SIZE
    seen = 0
    for size in sorted(weights):
        seen += weights[size]
        if seen * 2 >= total:
            return size
    return DEFAULT_BODY_SIZE


def _known_kind(line: Line, headings: dict[str, str]) -> str | None:
    text = line.text.strip()
    if "\t" in text:
        # "EXPERIENCE\t2019 – 2024" is not a heading; "Skills\t" alone might be.
        parts = [p for p in text.split("\t") if p.strip()]
        if len(parts) != 1:
            return None
        text = parts[0]
    if line.bullet or not _HAS_LETTER.search(text):
        return None
    halves = _BILINGUAL.split(text)
    if len(halves) == 2 and all(SHORT_HEADING_MIN_CHARS <= len(h) <= SHORT_HEADING_CHARS for h in halves):
        # "EXPERIENCIA LABORAL / PROFESSIONAL EXPERIENCE": either half names the kind.
        kinds = [headings.get(heading_key(h)) for h in halves]
        found = [k for k in kinds if k is not None]
        if found and len(set(found)) == 1:
            return found[0]
    if len(text) > HEADING_MAX_CHARS:
        return None
    if text.rstrip().endswith(".") or text[:1].islower():
        return None  # "activities." closing a wrapped sentence is not the Activities heading
    key = heading_key(text)
    if key in headings:
        return headings[key]
    # "Professional Experience & Internships", "Skills and Tools": the head words decide;
    # "Clinical Experience", "Relevant Projects": so does a known last word.
    words = key.split()
    set_apart = line.bold or style_of(line).caps
    if not (set_apart or text.istitle()) or text.rstrip().endswith((".", ",", ";")):
        return None  # inferring a heading from part of its words needs a line that looks like one
    for n in HEAD_WORDS_TRIED:
        if set_apart and len(words) > n and " ".join(words[:n]) in headings and len(words) <= HEAD_HEADING_MAX_WORDS:
            return headings[" ".join(words[:n])]
    if 1 < len(words) <= TAIL_HEADING_MAX_WORDS and words[-1] in _TAIL_KINDS:
        return _TAIL_KINDS[words[-1]]
    return None


# A heading's last word that names its kind ("Clinical Experience"): data, skill_taxonomy/words.csv.
_TAIL_KINDS = dict(entries("heading-last-word"))


def _is_bilingual(text: str) -> bool:
    halves = _BILINGUAL.split(text.strip())
    return len(halves) == 2 and all(len(h) <= SHORT_HEADING_CHARS for h in halves)


def _looks_like_heading(line: Line, body: float) -> bool:
    text = line.text.strip()
    if "\t" in text or line.bullet or len(text) > SHORT_HEADING_CHARS or len(text) < SHORT_HEADING_MIN_CHARS:
        return False
    if _NOT_HEADING.search(text) or text.endswith((".", ",", ";")) or not _HAS_LETTER.search(text):
        return False
    return len(text.split()) <= SHORT_HEADING_MAX_WORDS


_CAPS_LEAD = re.compile(r"^((?:[^\W\d_a-z]+[ &/,-]*){1,5}?)\s+(?=[^\W\d_][^\W\d_]*[a-z])")


def _split_caps_lead(line: Line, headings: dict[str, str]) -> tuple[str, str, str] | None:
    """'OCCUPAZIONE DESIDERATA Getione risorse umane' (a Europass label row): heading, kind, rest."""
    m = _CAPS_LEAD.match(line.text)
    if not m:
        return None
    lead = m.group(1).strip()
    kind = headings.get(heading_key(lead))
    if kind is None or not any(c.isupper() for c in lead):
        return None
    return lead, kind, line.text[m.end() :].strip()


def find_sections(lines: list[Line], headings: dict[str, str], name_line: int = 0) -> list[Section]:
    """Split the document into sections; lines above the first heading form 'header'."""
    body = body_size(lines)
    style = {ln.number: style_of(ln) for ln in lines}
    known: dict[int, str] = {}
    heading_texts: dict[int, str] = {}
    inline: dict[int, Line] = {}  # a heading's line that also carries content after it
    skip: set[int] = set()
    for i, ln in enumerate(lines):
        if ln.number == name_line or ln.number in skip:
            continue
        kind = _known_kind(ln, headings)
        if kind is not None and (
            _looks_like_heading(ln, body) or len(ln.text) <= SHORT_HEADING_CHARS or _is_bilingual(ln.text)
        ):
            known[ln.number] = kind
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is not None and style[ln.number].caps and style[nxt.number].caps and not ln.bullet and not nxt.bullet:
            # A heading set in capitals and wrapped over two lines.
            joined = Line(**{**ln.__dict__, "text": f"{ln.text} {nxt.text}"})
            kind = _known_kind(joined, headings)
            if kind is not None:
                known[ln.number] = kind
                heading_texts[ln.number] = joined.text
                skip.add(nxt.number)
                continue
        split = _split_caps_lead(ln, headings)
        if split is not None:
            lead, kind, rest = split
            known[ln.number] = kind
            heading_texts[ln.number] = lead
            if rest:
                inline[ln.number] = Line(**{**ln.__dict__, "text": rest})
    styles = {style[ln.number] for ln in lines if ln.number in known and ln.number not in inline}
    # A style is a heading style only when it sets headings apart from body text.
    styles = {s for s in styles if s.bold or s.caps or s.size >= body + HEADING_SIZE_STEP}
    unknown: set[int] = set()
    if styles:
        under = ""  # the kind of the known heading above
        for i, ln in enumerate(lines):
            under = known.get(ln.number, under)
            if ln.number in known or ln.number in skip or ln.number == name_line or not _looks_like_heading(ln, body):
                continue
            if style[ln.number] in styles and not _dated_next(lines, i, under):
                unknown.add(ln.number)
    found = _Found(known, unknown, skip, heading_texts, inline)
    return _assemble(lines, found, headings)


class _Found(NamedTuple):
    """What the heading passes found, by line number."""

    known: dict[int, str]
    unknown: set[int]
    skip: set[int]
    heading_texts: dict[int, str]
    inline: dict[int, Line]


def _assemble(lines: list[Line], found: _Found, headings: dict[str, str]) -> list[Section]:
    """The sections, in reading order, from the headings found; lines above the first form 'header'."""
    known, unknown, skip, heading_texts, inline = found
    sections: list[Section] = [Section(kind="header", heading="", lines=[])]
    for ln in lines:
        if ln.number in skip:
            continue
        if ln.number in known or ln.number in unknown:
            kind = known.get(ln.number, "other")
            text = heading_texts.get(ln.number, ln.text)
            sections.append(Section(kind=kind, heading=_heading_text(text), lines=[], heading_line=ln.number))
            if ln.number in inline:
                sections[-1].lines.append(inline[ln.number])
        elif (glued := _glued_heading(ln, headings)) is not None:
            head, kind, tail = glued
            sections[-1].lines.append(Line(**{**ln.__dict__, "text": head}))
            sections.append(Section(kind=kind, heading=tail, lines=[], heading_line=ln.number))
        else:
            sections[-1].lines.append(ln)
    if not sections[0].lines:
        sections.pop(0)
    _inherit_subsections(sections)
    return sections


ENTRY_LINE_MAX_WORDS = 14  # a role's header line (dates and all) is no longer than this
_PARENT_KINDS = {"experience", "research", "internships"}


def _inherit_subsections(sections: list[Section]) -> None:
    """A work heading with nothing under it but headings of unknown wording ("Experience" / "Vocational" /
    "Miscellaneous", moderncv): those are its subsections, and their entries are work."""
    parent = ""
    for k, sec in enumerate(sections):
        if sec.kind in _PARENT_KINDS and not sec.lines and k + 1 < len(sections) and sections[k + 1].kind == "other":
            parent = sec.kind
        elif sec.kind == "other" and parent:
            sec.kind = parent
        elif sec.kind == "other" and k and sections[k - 1].kind in _PARENT_KINDS and _opens_with_entry(sec):
            sec.kind = sections[k - 1].kind  # "其他" right after the work section, opening on a dated entry
        else:
            parent = ""


def _opens_with_entry(sec: Section) -> bool:
    """The section's first line is a short dated entry line ("year–year Job title, Employer, City.")."""
    if not sec.lines:
        return False
    first = sec.lines[0]
    if len(first.text.split()) > ENTRY_LINE_MAX_WORDS:
        return False
    return placeholder_dates(first) or any(not r.single for r in find_date_ranges(first.text))


_ENTRY_KINDS = {"experience", "research", "internships", "education"}


_GLUED_TAIL = re.compile(r"^(.*[a-z0-9.)])((?:[A-Z][a-z]+ ){1,2}[A-Z][a-z]+)\s*$")


def _glued_heading(line: Line, headings: dict[str, str]) -> tuple[str, str, str] | None:
    """'Python- Experience - 24 monthsCompany Details' (Kaggle's texts): a heading of two or three
    words glued to the end of the line above it. The content, the heading's kind, the heading."""
    m = _GLUED_TAIL.match(line.text)
    if not m:
        return None
    kind = headings.get(heading_key(m.group(2)))
    return (m.group(1), kind, m.group(2)) if kind else None


def _dated_next(lines: list[Line], i: int, under: str) -> bool:
    """A bold title whose next line carries a date range is an entry's title, not a heading (sidebar layouts)."""
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if nxt is None or nxt.bullet or not any(not r.single for r in find_date_ranges(nxt.text)):
        return False
    # "WHERE I'VE WORKED" over "AI Engineer, Atlas Telecom  2023 – now" is a heading: the title is below it.
    if TITLE_WORDS.search(lines[i].text):
        return True
    return under in _ENTRY_KINDS and not TITLE_WORDS.search(nxt.text)


def with_name_line(
    rough: list[Section], lines: list[Line], headings: dict[str, str], name_line: int
) -> list[Section]:
    """The sections again, now that the name's line is known: it is never a heading.

    When the first pass already kept that line as plain content, the second pass would
    make the same decisions line for line, so the first pass's sections are returned.
    """
    if not name_line:
        return rough
    content = {ln.number for sec in rough for ln in sec.lines}
    if name_line in content and all(sec.heading_line != name_line for sec in rough):
        return rough
    return find_sections(lines, headings, name_line)


def _heading_text(text: str) -> str:
    """The heading as written, without a trailing colon."""
    return text.split("\t")[0].strip().rstrip(":：").strip()
