"""Lines -> lines whose dates are whole: the date ranges templates print over several lines or cells.

A narrow date column wraps "April 2015" / "to" / "Current" over three lines; some templates stack
an entry's end date over its start (simple-resume) or put the dates in the right column of its first
bullet (RenderCV). These are put back on one line before roles are read, and `dates_in` says which
ranges on a line date an entry.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from screener.model import DateRange, Line
from screener.parse.dates import FIND_CACHE_SIZE, find_date_ranges
from screener.parse.words import alternation

LARGER_TYPE = 0.4  # points: a line this much above another's size is set in a larger type
STACKED_X_TOLERANCE = 4  # points: two rows of a left date column start at the same x
SPLIT_DATE_MAX_WORDS = 3  # 'April 2015' / 'to' / 'Current': each piece of a date split over lines
_OPEN_LEAD = re.compile(r"^\s*((?:[A-Za-z]{3,9}\.?\s+)?(?:19|20)\d\d)\s*[–—-]\s+(?=[A-Z])")


def dates_in(line: Line) -> list[DateRange]:
    return list(_dates_in(line.text))


@lru_cache(maxsize=FIND_CACHE_SIZE)
def _dates_in(text: str) -> tuple[DateRange, ...]:
    """`dates_in` of a line's text, remembered: roles ask about each line several times (DateRange is immutable)."""
    found = [r for r in find_date_ranges(text) if not r.single or _standalone_year(text, r)]
    if not any(not r.single for r in found):
        # "2021 – Machine Learning Engineer, OpenAI": a margin date left open, then the title.
        m = _OPEN_LEAD.match(text)
        if m:
            lead = find_date_ranges(m.group(1) + " – Present")
            if lead and not lead[0].single:
                found = [replace(lead[0], raw=text[: m.end()].strip(), span=(m.start(1), m.end()))]
    return tuple(found)


_YEAR_SLOT = rf"(?:(?:{alternation('placeholder-month')})\s+)?(?:{alternation('placeholder-year')})"
PLACEHOLDER = re.compile(
    rf"(?i)(?<![\w]){_YEAR_SLOT}\s*(?:--|[–—-])\s*(?:{_YEAR_SLOT}|{alternation('open-end')})(?![\w])"
)


def may_hold_placeholder(text: str) -> bool:
    """Every placeholder has a dash between its slots: most lines are ruled out without the pattern."""
    return "-" in text or "–" in text or "—" in text


def placeholder_dates(line: Line) -> bool:
    """A template's unfilled dates ("year–year", "Month 20XX – Present"): an entry, with no dates yet."""
    return may_hold_placeholder(line.text) and bool(PLACEHOLDER.search(line.text))


def _standalone_year(text: str, r: DateRange) -> bool:
    """A single date counts as a role date when it sits apart (right margin, own line)."""
    rest = (text[: r.span[0]] + text[r.span[1] :]).strip(" \t,|()–—-")
    return "\t" in text or not rest or r.start is not None and r.start.precision in ("season", "month")


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
        if len(ranges) != 1 or dates_in(head):
            continue
        above = out[i - 2] if i >= 2 else None
        if above is not None and not above.bullet and dates_in(above):
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
