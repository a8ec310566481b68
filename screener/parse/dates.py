"""Find and interpret dates and date ranges in one line of resume text.

Pure functions, no I/O. This runs on every line of every resume, so the regexes
are compiled once at import, lines without a year-like number ("19xx", "20xx",
"'21") are skipped outright, and the big regex only runs in windows around
those numbers (every date form understood here carries a year in digits).

How a line is read:

1. International phone numbers, e-mail addresses and URLs are blanked out
   (same length, so offsets survive): they are full of year-like digit runs.
2. One big regex finds date *points*: "Mar 2021", "03/2021", "2021-03",
   "2021", "Summer 2023", "Q3 2022", "Jan '21", "março de 2019", ... A few
   forms are whole ranges on their own: "2021–23" and "Jan – Mar 2021".
3. A point that starts or ends with a digit must account for every digit of
   the run of digits and date punctuation (dashes . / :) it is glued to;
   otherwise it is part of a phone number, IP address, DOI, standard number
   ("ISO 9001:2015") or version string and is dropped.
4. Neighbouring points joined by a separator ("–", "to", "a", "até", ...)
   become a range; a point followed by "– Present" / "até o momento" or by a
   dash at the end of the line is an open range; "Since 2024" / "Desde 2024"
   is an open range too; anything else is a single date.

Steps 1-3 and the forms understood are in date_points.py; step 4 is here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from screener.model import DatePoint, DateRange
from screener.parse.date_points import (
    DANGLING_RE,
    GAP_RE,
    OPEN_AFTER_RE,
    SINCE_RE,
    SLASH_LIST_RE,
    YEAR_HINT_RE,
    Tok,
    mask,
    parse_month_name,
    points,
)
from screener.parse.words import alternation

__all__ = ["find_date_ranges", "month_span", "parse_date_range", "parse_month_name", "range_problem"]

# --------------------------------------------------------------------------- thresholds

SINCE_LOOKBACK = 30  # characters before a date searched for "since" / "desde" (an open range)
SEASON_REPEAT_MAX_YEARS = 2  # "Summer 2012 and 2013" is one season repeated; years farther apart are a list
FIND_CACHE_SIZE = 2048  # lines remembered: roles ask about the same header lines several times

# --------------------------------------------------------------------------- ranges


def _make(
    text: str,
    lo: int,
    hi: int,
    start: DatePoint,
    end: DatePoint | None,
    *,
    open_end: bool = False,
    single: bool = False,
) -> DateRange:
    """A DateRange whose span and raw text are trimmed of surrounding whitespace."""
    raw = text[lo:hi]
    lead = len(raw) - len(raw.lstrip())
    raw = raw.strip()
    return DateRange(start, end, open_end, raw, (lo + lead, lo + lead + len(raw)), single)


def _joins(scan: str, tok: Tok, nxt: Tok) -> bool:
    """Whether two neighbouring points are the two ends of one range."""
    if nxt.end_point is not None or not GAP_RE.fullmatch(scan, tok.end, nxt.start):
        return False
    if scan[tok.end : nxt.start].strip() != "/":
        return True
    # a slash joins two dates ("2019/2020") but not a chain of them ("2008/2010/2012")
    return not (scan[tok.start - 1 : tok.start] == "/" or SLASH_LIST_RE.match(scan, nxt.end))


_LIST_GAP_RE = re.compile(rf"\s*(?:,|&|{alternation('list-word')})\s*", re.IGNORECASE)


def _same_season_later(scan: str, tok: Tok, nxt: Tok) -> DatePoint | None:
    """'Summer 2012 and 2013', 'Summer 2013, 2014': the same season again a year or two later.

    The phrase stands for the latest season alone. Two summers are not the fifteen months from the
    first to the last (a range would credit an intern with a year of work), and the latest keeps
    the role's recency and cannot date a tool before its release; it undercounts the earlier
    season, which is the safer error. Farther apart, the years are a list of other things.
    """
    p, q = tok.point, nxt.point
    if p.precision != "season" or q.precision != "year" or nxt.end_point is not None:
        return None
    if not 0 < q.year - p.year <= SEASON_REPEAT_MAX_YEARS or not _LIST_GAP_RE.fullmatch(scan, tok.end, nxt.start):
        return None
    return DatePoint(q.year, p.first_month, p.last_month, "season")


def _assemble(text: str, scan: str, toks: list[Tok]) -> list[DateRange]:
    out: list[DateRange] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if tok.end_point is not None:  # "2021–23", "Jan – Mar 2021"
            out.append(_make(text, tok.start, tok.end, tok.point, tok.end_point))
        elif nxt is not None and (last := _same_season_later(scan, tok, nxt)) is not None:
            out.append(_make(text, tok.start, nxt.end, last, last, single=True))
            i += 1
        elif nxt is not None and _joins(scan, tok, nxt):
            out.append(_make(text, tok.start, nxt.end, tok.point, nxt.point))
            i += 1
        elif (m := OPEN_AFTER_RE.match(scan, tok.end)) or (m := DANGLING_RE.match(scan, tok.end)):
            out.append(_make(text, tok.start, m.end(), tok.point, None, open_end=True))
        elif since := SINCE_RE.search(scan, max(0, tok.start - SINCE_LOOKBACK), tok.start):
            out.append(_make(text, since.start(), tok.end, tok.point, None, open_end=True))
        elif not tok.weak:
            out.append(_make(text, tok.start, tok.end, tok.point, tok.point, single=True))
        i += 1
    return out


def find_date_ranges(text: str) -> list[DateRange]:
    """Every range or single date in one line of text, left to right, non-overlapping.

    `span` holds character offsets into `text` and `raw` the text at those offsets.
    Impossible ranges ("2021 – 2019") are returned; `range_problem` reports them.
    """
    if not YEAR_HINT_RE.search(text):  # every form needs a year written in digits
        return []
    return list(_find_cached(text))


@lru_cache(maxsize=FIND_CACHE_SIZE)
def _find_cached(text: str) -> tuple[DateRange, ...]:
    """Roles ask about the same header lines several times; DateRange is immutable."""
    scan = mask(text)
    return tuple(_assemble(text, scan, points(scan)))


def parse_date_range(text: str) -> DateRange | None:
    """The first range in the line, preferring a real (closed or open) range over a lone date."""
    found = find_date_ranges(text)
    return next((r for r in found if not r.single), found[0] if found else None)


# --------------------------------------------------------------------------- arithmetic


def month_span(r: DateRange, present: int) -> tuple[int, int] | None:
    """Inclusive (first, last) month indices of a range; an open end runs to `present`.

    A coarse point (year, season, quarter) spans all its months: the start counts from
    its first month and the end to its last, so "2019 – Mar 2019" starts in January and
    "Mar 2021 – 2021" ends in December. A coarse end that contains `present` stops at
    `present` ("2023 – 2024" read in March 2024 ends in March 2024). None when there is
    no start or the span would be empty (an impossible or future range).
    """
    if r.start is None:
        return None
    first = r.start.first_index()
    if r.open_end or r.end is None:
        last = present
    else:
        last = r.end.last_index()
        if r.end.precision != "month" and r.end.first_index() <= present < last:
            last = present  # the resume cannot claim months after it was written
    if last < first:
        return None
    return first, last


def range_problem(r: DateRange, present: int) -> str | None:
    """'end before start', 'starts after the resume date', or None for a plausible range."""
    if r.start is None:
        return None
    if not r.open_end and r.end is not None and r.end.last_index() < r.start.first_index():
        return "end before start"
    if r.start.first_index() > present:
        return "starts after the resume date"
    return None
