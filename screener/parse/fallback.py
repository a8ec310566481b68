"""Sections -> sections whose dated blocks can be read as roles when no work section was found.

Most resumes name their work section; some do not (no headings at all, a wording no vocabulary
holds, one dense paragraph holding a whole career). Rather than read no roles, the dated blocks
outside Education are read as candidate roles: the header keeps only its top lines (name, title,
contact, summary) up to the first entry, and an unnamed or unknown section that carries dated
entries is read as experience. A paragraph that runs several "Title, Organisation (dates): ..."
entries together is cut into one header line and one body line per entry.
"""

from __future__ import annotations

import re
from dataclasses import replace

from screener.model import Line, Section
from screener.parse.dates import find_date_ranges

WORK_KINDS = {"experience", "research", "internships"}
READ_AS_WORK = {"header", "other"}  # sections whose dated entries are read as roles when no work section exists
TOP_LINES = 3  # name, title, contact: the header keeps at least these
ENTRY_TITLE_MAX_WORDS = 8  # a line just above the first dated line, this short, is that entry's title
PARAGRAPH_MIN_RANGES = 2  # a paragraph holding this many parenthesised ranges is a whole career
# "Senior AI Engineer, Parcel Loop (Apr 2024 – Present):" inside running text: the entry starts after
# the previous sentence or label ends.
_BOUNDARY = re.compile(r"(?:^|(?<=[.;:!?])\s+)(?=[A-Z])")
_LABEL = re.compile(r"(?:^|(?<=[.;!?])\s+)([A-Z][\w ]{2,30}):\s")


def _range_lines(lines: list[Line]) -> list[int]:
    return [i for i, ln in enumerate(lines) if any(not r.single for r in find_date_ranges(ln.text))]


def read_dated_blocks(sections: list[Section], headings: dict[str, str]) -> list[Section]:
    """The sections, with dated blocks read as experience when no work section was found."""
    if any(s.kind in WORK_KINDS for s in sections):
        return sections
    out: list[Section] = []
    for sec in sections:
        if sec.kind not in READ_AS_WORK or not _range_lines(sec.lines):
            out.append(sec)
            continue
        if sec.kind == "other":
            out.extend(_split_paragraphs(replace(sec, kind="experience"), headings))
            continue
        cut = _header_end(sec.lines)
        if cut:
            out.append(replace(sec, lines=sec.lines[:cut]))
        rest = Section(kind="experience", heading="", lines=sec.lines[cut:], heading_line=0)
        out.extend(_split_paragraphs(rest, headings))
    return out


def _header_end(lines: list[Line]) -> int:
    """Where the header's top lines end: at the first dated entry (its title line above, if short)."""
    first = _range_lines(lines)[0]
    cut = first
    prev = lines[first - 1] if first else None
    if (
        prev is not None
        and first > TOP_LINES
        and not prev.bullet
        and len(prev.text.split()) <= ENTRY_TITLE_MAX_WORDS
        and not prev.text.rstrip().endswith(".")
        and "@" not in prev.text
    ):
        cut = first - 1
    return max(cut, min(TOP_LINES, first))


def _split_paragraphs(sec: Section, headings: dict[str, str]) -> list[Section]:
    """Each dense paragraph holding a whole career, cut into an entry header and body per role;
    a label inside it ("Education: ...") starts an unnamed section of that kind."""
    out = [replace(sec, lines=[])]
    lines = sec.lines
    i = 0
    while i < len(lines):
        j = i + 1
        while j < len(lines) and not lines[j].bullet and lines[j].page == lines[i].page and not lines[j - 1].bullet:
            j += 1
        block = lines[i:j]
        text = " ".join(ln.text.strip() for ln in block)
        ranges = [r for r in find_date_ranges(text) if not r.single and "(" in text[max(0, r.span[0] - 2) : r.span[0]]]
        if len(block) > 1 and len(ranges) >= PARAGRAPH_MIN_RANGES:
            _entries(block, text, headings, out)
        else:
            out[-1].lines.extend(block)
        i = j
    return [s for s in out if s.lines]


def _entries(block: list[Line], text: str, headings: dict[str, str], out: list[Section]) -> None:
    """'A, Org (2019 – 2021): did x. B, Org (2021 – now): did y.' -> header, body, header, body.

    `text` is the block's lines, stripped and joined by one space. Each piece is a Line of its own
    that keeps where it stands in the block's lines (`Line.pieces`), so that a tool named in it
    belongs to its entry, not to whichever entry shares the visual line."""
    labels = {m.start(1): headings[m.group(1).lower()] for m in _LABEL.finditer(text) if m.group(1).lower() in headings}
    cuts = set(labels) | {0}
    for r in find_date_ranges(text):
        if r.single:
            continue
        starts = [m.start() for m in _BOUNDARY.finditer(text, 0, r.span[0]) if m.start() < r.span[0]]
        if starts and not any(starts[-1] < at < r.span[0] for at in labels):
            cuts.add(starts[-1])
        close = text.find(")", r.span[1])
        if close != -1 and close - r.span[1] <= 2:
            cuts.add(close + 1)
    bounds = sorted(cuts) + [len(text)]
    for a, b in zip(bounds, bounds[1:], strict=False):
        if a in labels:
            out.append(Section(kind=labels[a], heading="", lines=[], heading_line=0))
            colon = text.find(":", a, b)
            a = colon + 1 if colon != -1 else a
        a, b = _trimmed(text, a, b)
        if a < b:
            out[-1].lines.append(_piece(block, text, a, b))


_TRIM = " :;"


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    """text[a:b] without the spaces and separators at its ends, as offsets."""
    while a < b and text[a] in _TRIM:
        a += 1
    while b > a and text[b - 1] in _TRIM:
        b -= 1
    return a, b


def _piece(block: list[Line], text: str, a: int, b: int) -> Line:
    """text[a:b] as a Line laid out as the block's first line, numbered as the line it starts on,
    with its parts."""
    parts: list[tuple[int, int, int]] = []
    at = 0  # where each line's stripped text starts in `text`
    first: Line | None = None
    for ln in block:
        body = ln.text.strip()
        lead = len(ln.text) - len(ln.text.lstrip())
        lo, hi = max(a, at), min(b, at + len(body))
        if lo < hi:
            parts.append((ln.number, lead + lo - at, lead + hi - at))
            first = first or ln
        at += len(body) + 1
    number = first.number if first is not None else block[0].number
    return replace(block[0], text=text[a:b], number=number, pieces=tuple(parts))
