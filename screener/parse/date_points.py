"""The date grammar: the words and regexes that find date *points* in a line (steps 1-3 of dates.py).

The YYYY-NN rule (ISO year-month against a two-digit end year):
* "2021-03", "2021/3", "2021.03": a hyphen, slash or dot with no spaces
  followed by 01..12 is a year-month (ISO style), alone or in
  "2021-03 – 2021-09".
* "2021–23", "2021 - 23", "2019-21", "2019/20", "1999-00": an en/em dash,
  spaced punctuation, or two digits that cannot be a month (00, 13..99) make
  a range of years with a two-digit end year.
So "2010-11" is November 2010 while "2010–11" is 2010 to 2011. The
academic-year spelling "2010-11" (hyphen, end year 00..12) is therefore
read as a month: a known, documented limit that only affects 2000-01..2011-12.

Seasons (northern-hemisphere academic calendar, the same for every language,
because one year number cannot describe a season that straddles New Year):
Spring = Mar–May, Summer = Jun–Aug, Fall/Autumn = Sep–Nov, Winter = Jan–Feb.

Numeric day-month-year dates keep only the month: "/" is read month-first
(US, "9/30/2020"), "." and "-" day-first (European, "11.05.2024"), unless one
of the two numbers is over 12, which settles it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from screener.model import DatePoint
from screener.parse.words import alternation, entries, pattern, words

# --------------------------------------------------------------------------- thresholds

LAST_YEAR = 2099  # the year regex reads 1950..2099; a two-digit end year past it is no range
APOSTROPHE_YEAR_PIVOT = 50  # "'49" is 2049 and "'50" is 1950, inside the 1950..2099 window
COUNT_WORDS_LOOKBACK = 50  # characters before a bare year searched for "over", "SQL Server 2008 R2/"...

# --------------------------------------------------------------------------- vocabulary

# The words themselves (month names, 'present' words, range words...) are data in
# skill_taxonomy/words.csv, one list each; the comments say what the code does with them.
_MONTHS: dict[str, int] = {w: int(m) for w, m in entries("month")}
# Portuguese/Spanish abbreviations that are everyday English words: lower-case and
# followed by a plain space ("data set 2017", "years ago 2019") they only count as
# months inside a range ("set 2019 – dez 2020"); "Set 2019", "set. 2019", "set/2019" always count.
_HOMOGRAPHS = frozenset(words("month-homograph"))

# Seasons: the months each stands for (see the module docstring).
_SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "winter": (1, 2)}
_SEASONS: dict[str, tuple[int, int]] = {w: _SEASON_MONTHS[season] for w, season in entries("season")}

# Words that end a range at the resume date. Optional article first ("the present",
# "o momento", "la actualidad"); "to date"/"till date" also parse as separator + "date".
_OPEN_WORDS = words("open-end")
_ARTICLES = words("open-article")

# Separators between the two ends of a range. Dashes of every kind (incl. the soft
# hyphen that LaTeX templates emit, fullwidth forms and arrows) plus words.
_DASH = "[\\-\u2010\u2011\u2012\u2013\u2014\u2212\u00ad~\uff5e\uff0d\u301c\u2192\u2794\u279d\u27f6]"
_SEP_WORDS = words("range-word")

# Bare years right after these words are product versions ("SQL Server 2019").
_PRODUCTS = words("product-before-year")
# ... and bare years next to these are counts ("over 2000 users").
_COUNT_BEFORE = words("count-before-year")
_COUNT_AFTER = words("count-after-year")


def _alt(words: Iterable[str]) -> str:
    """A regex alternation that tries longer words first (so 'june' beats 'jun')."""
    return "|".join(re.escape(w).replace("\\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


def _trie(words: Iterable[str]) -> str:
    """A case-folded alternation shaped as a trie ("jan(?:uary)?|...").

    Python's regex engine tries a flat alternation one word at a time at every
    position; a trie fails after one character for most positions, which makes
    the month names about five times cheaper.
    """
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word.casefold():
            node = node.setdefault(ch, {})
        node[""] = {}  # end of a word

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer word is tried first

    return emit(root)


# --------------------------------------------------------------------------- regex pieces

_Y4 = r"(?:19[5-9]\d|20\d\d)"  # years 1950..2099 only
_YEAR = rf"(?:{_Y4}|['’‘`´]\d\d)(?!\d)"  # ... or "'21"
_NUM_LEFT = r"(?<![\w$€£#@+])"  # a number glued to a word or currency is not a date
_WORD_LEFT = r"(?:(?<![^\W\d_])|(?-i:(?<=[a-z])(?=[A-Z])))"  # word start, or camelCase ("on21stJanuary2015")
_WORD_END = r"(?![^\W\d_])"  # not followed by a letter; a digit may follow ("Jan2020")
_MONTH = rf"(?:{_trie(_MONTHS)}){_WORD_END}\.?"
# Between a month and its year: a day ("January 01, 1984"), "de"/"del", or light punctuation.
_JOIN = r"(?:\s+\d{1,2}(?:st|nd|rd|th)?(?:\s*,\s*|\s+)|\s+del?\s+|\s*[-\u2010/.,]?\s*)"
_SEP = rf"(?:{_DASH}{{1,2}}|->|=>|â€“|â€”|/|(?<![^\W\d_])(?:{_alt(_SEP_WORDS)}){_WORD_END})"
_OPEN = rf"(?:(?:{_alt(_ARTICLES)})\s+)?(?:{_alt(_OPEN_WORDS)})"

_POINT_RE = re.compile(
    # Gate: every form starts at a word start (or a camelCase hump), so the many
    # mid-word positions fail here at once instead of in each alternative.
    r"(?:(?<!\w)|(?-i:(?<=[a-z])(?=[A-Z])))(?:"
    + "|".join(
        (
            # 2023-10-10 (day dropped; the same separator twice)
            rf"(?P<iso>{_NUM_LEFT}(?P<iso_y>{_Y4})(?P<iso_s>[-\u2010/.])(?P<iso_m>1[0-2]|0?[1-9])"
            rf"(?P=iso_s)(?:3[01]|[12]\d|0?[1-9])(?!\d))",
            # 2022 Q3
            rf"(?P<yq>{_NUM_LEFT}(?P<yq_y>{_Y4})\s*[-/]?\s*Q(?P<yq_q>[1-4])(?!\w))",
            # 2021-03, 2021/3, 2021.03, 2016 / 09 (ISO-ish year-month, see the module docstring)
            rf"(?P<ym>{_NUM_LEFT}(?P<ym_y>{_Y4})(?P<ym_s>[-\u2010.]|\s*/\s*)(?P<ym_m>1[0-2]|0?[1-9])(?!\d))",
            # 2021–23, 2019-21, 2019/20 (two-digit end year)
            rf"(?P<r2>{_NUM_LEFT}(?P<r2_y>{_Y4})\s*(?:{_DASH}|/)\s*(?P<r2_e>\d\d)(?![\d%+]))",
            # 2015 年 3 月
            rf"(?P<cjk>{_NUM_LEFT}(?P<cjk_y>{_Y4})\s*年\s*(?P<cjk_m>1[0-2]|0?[1-9])\s*月)",
            # 2019 (a slash before it only after a digit: "2019/2020" yes, "posts/2019" no)
            rf"(?P<y>{_NUM_LEFT}(?<![^\d\s]/)(?P<y_y>{_Y4})(?![\w%+]))",
            # 30/09/2020, 11.05.2024
            rf"(?P<dmy>{_NUM_LEFT}(?P<dmy_a>\d{{1,2}})(?P<dmy_s>[-\u2010/.])(?P<dmy_b>\d{{1,2}})(?P=dmy_s)"
            rf"(?P<dmy_y>{_Y4})(?!\d))",
            # 03/2021, 3/2021, 03-2021, 03.2021
            rf"(?P<my>{_NUM_LEFT}(?P<my_m>1[0-2]|0?[1-9])(?P<my_s>[-\u2010.]|\s*/\s*)(?P<my_y>{_Y4})(?!\d))",
            # Jan – Mar 2021 (both months in the year written once)
            rf"(?P<mm>{_WORD_LEFT}(?P<mm_a>{_MONTH})\s*(?:{_DASH}{{1,2}}|/|(?:{alternation('month-range-word')})"
            rf"{_WORD_END})\s*(?P<mm_b>{_MONTH}){_JOIN}(?P<mm_y>{_YEAR}))",
            # Jan 2020, Sept. 2019, January 01, 1984, 06th June 2017, 1 de março de 2019, Jan/2020, Jan '21
            rf"(?P<mn>(?:{_NUM_LEFT}\d{{1,2}}(?:st|nd|rd|th|º|°)?\.?\s*(?:de\s+|of\s+)?)?"
            rf"{_WORD_LEFT}(?P<mn_m>{_MONTH}){_JOIN}(?P<mn_y>{_YEAR}))",
            # Summer 2023, verão de 2022
            rf"(?P<sn>{_WORD_LEFT}(?P<sn_s>{_trie(_SEASONS)}){_WORD_END}(?:\s+del?\s+|\s*[-\u2010/,]?\s*)"
            rf"(?P<sn_y>{_YEAR}))",
            # Q1 2022, Q3'22
            rf"(?P<q>(?<!\w)Q(?P<q_q>[1-4])\s*[-/]?\s*(?P<q_y>{_YEAR}))",
            # '21 on its own ("Class of '21", "'19 – '21")
            r"(?P<ap>(?<![\w'’])(?P<ap_y>['’‘`´]\d\d)(?![\w%+'’]))",
        )
    )
    + ")",
    re.IGNORECASE,
)

# The text between two points that makes them one range.
GAP_RE = re.compile(
    rf"\s*{_SEP}\s*(?:(?:{_alt(words('expected-word'))})\s*:?\s*)?",
    re.IGNORECASE,
)
OPEN_AFTER_RE = re.compile(rf"\s*{_SEP}\s*{_OPEN}{_WORD_END}", re.IGNORECASE)
DANGLING_RE = re.compile(rf"\s*{_DASH}{{1,2}}(?=\s*[)\]]?\s*[.,;:|]?\s*$)")  # "2024 –" ends the line
SINCE_RE = re.compile(
    rf"(?<![^\W\d_])(?:{_alt(words('since-word'))})\s*:?\s*$", re.IGNORECASE
)
_COUNT_BEFORE_RE = re.compile(
    rf"(?<![^\W\d_])(?:(?:{_alt(_COUNT_BEFORE)})|(?:{_alt(_PRODUCTS)})\s+"
    # a product's list of versions: "Server 2008 R2/ 2008", "Office 2010, 2007 & 2003"
    rf"(?:{_Y4}(?:\s*R2)?\s*(?:[/,&]|and)\s*)*)\s*$",
    re.IGNORECASE,
)
SLASH_LIST_RE = re.compile(r"\s*/\s*\d")  # "2008/2010/2012" is a list, not a range
_COUNT_AFTER_RE = re.compile(rf"\s*\+|\s+(?:{_alt(_COUNT_AFTER)}){_WORD_END}", re.IGNORECASE)

# Blanked before matching: digit-heavy things that are never dates.
_MASK_RE = re.compile(
    r"(?<![^\s(\[<])(?:"  # whole tokens only, so the scan stays linear
    r"\S*@\S+"  # e-mail, @handle
    r"|\S*://\S+|www\.\S+"  # URLs
    r"|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|dev|ai|edu|gov|co|me|app|info|br|es|pt|uk|de)/\S*)"
    r"|\+\d[\d\s().\-\u2010]{6,}\d",  # international phone numbers
    re.IGNORECASE,
)
_MASK_HINT_RE = re.compile(r"[@+]|://|www\.|\.\w+/", re.IGNORECASE)
YEAR_HINT_RE = re.compile(r"19[5-9]\d|20\d\d|['’‘`´]\d\d")  # every date form has one
# A date form starts at most this many characters before its year ("September – December 2020")
# and ends at most this many after it ("2015 年 3 月"): the big regex only runs in that window.
YEAR_WINDOW_BEFORE = 40
YEAR_WINDOW_AFTER = 16
_RUN_CHARS = frozenset("0123456789-\u2010\u2011\u2012\u2013\u2014\u2212./:")  # no spaces: one "word"
_DIGITS = frozenset("0123456789")


# --------------------------------------------------------------------------- points


class Tok(NamedTuple):
    """A date point found in the text; `end_point` is set when the token is a whole range."""

    start: int
    end: int
    point: DatePoint
    end_point: DatePoint | None = None
    bare: bool = False  # a year written alone: the count/product guards apply
    weak: bool = False  # an English-looking month word ("set 2017"): only counts inside a range
    day_first: bool = False  # "10-12 May 2020": the digits before the month are days, not a number


def parse_month_name(word: str) -> int | None:
    """1..12 for a month name or abbreviation (en/es/pt, plus it/fr/de), any case, optional dot."""
    return _MONTHS.get(word.strip().rstrip(".").casefold())


def _year(text: str) -> int:
    """A year as written: 4 digits, or an apostrophe year ("'21" -> 2021, "'98" -> 1998)."""
    if text[0].isdigit():
        return int(text)
    yy = int(text[1:])
    return 2000 + yy if yy < APOSTROPHE_YEAR_PIVOT else 1900 + yy


def month_point(year: int, month: int) -> DatePoint:
    return DatePoint(year, month, month, "month")


def _year_point(year: int) -> DatePoint:
    return DatePoint(year, 1, 12, "year")


def _quarter_point(year: int, quarter: int) -> DatePoint:
    return DatePoint(year, 3 * quarter - 2, 3 * quarter, "quarter")


def _month_of(word: str) -> int:
    return _MONTHS[word.rstrip(".").casefold()]  # the regex only matches known names


def _tok_iso(m: re.Match[str]) -> Tok | None:
    return Tok(m.start(), m.end(), month_point(int(m["iso_y"]), int(m["iso_m"])))


def _tok_yq(m: re.Match[str]) -> Tok | None:
    return Tok(m.start(), m.end(), _quarter_point(int(m["yq_y"]), int(m["yq_q"])))


def _tok_ym(m: re.Match[str]) -> Tok | None:
    if m["ym_s"] == "." and len(m["ym_m"]) == 1:
        return None  # "2021.3" reads like a version number
    return Tok(m.start(), m.end(), month_point(int(m["ym_y"]), int(m["ym_m"])))


def _tok_r2(m: re.Match[str]) -> Tok | None:
    start = int(m["r2_y"])
    end = start // 100 * 100 + int(m["r2_e"])
    if end < start:
        end += 100  # "1998-02" crosses the century
    if end > LAST_YEAR:  # "2019–05" is no range of years: keep the year alone
        return Tok(m.start("r2_y"), m.end("r2_y"), _year_point(start), bare=True)
    return Tok(m.start(), m.end(), _year_point(start), _year_point(end))


def _tok_cjk(m: re.Match[str]) -> Tok | None:
    return Tok(m.start(), m.end(), month_point(int(m["cjk_y"]), int(m["cjk_m"])))


def _tok_y(m: re.Match[str]) -> Tok | None:
    return Tok(m.start(), m.end(), _year_point(int(m["y_y"])), bare=True)


def _tok_dmy(m: re.Match[str]) -> Tok | None:
    a, b = int(m["dmy_a"]), int(m["dmy_b"])
    month_first = m["dmy_s"] == "/"  # US slashes; European dots and hyphens
    if a > 12:
        month_first = False
    elif b > 12:
        month_first = True
    month, day = (a, b) if month_first else (b, a)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return Tok(m.start(), m.end(), month_point(int(m["dmy_y"]), month))


def _tok_my(m: re.Match[str]) -> Tok | None:
    if m["my_s"] == "." and len(m["my_m"]) == 1:
        return None  # "3.2021" reads like a version number
    return Tok(m.start(), m.end(), month_point(int(m["my_y"]), int(m["my_m"])))


def _tok_mm(m: re.Match[str]) -> Tok | None:
    year = _year(m["mm_y"])
    first, last = _month_of(m["mm_a"]), _month_of(m["mm_b"])
    start_year = year - 1 if first > last else year  # "Dec – Feb 2020" starts in 2019
    return Tok(m.start(), m.end(), month_point(start_year, first), month_point(year, last))


def _tok_mn(m: re.Match[str]) -> Tok | None:
    word = m["mn_m"]
    weak = word in _HOMOGRAPHS and m.end("mn_m") < len(m.string) and m.string[m.end("mn_m")] == " "
    point = month_point(_year(m["mn_y"]), _month_of(word))
    return Tok(m.start(), m.end(), point, weak=weak, day_first=m.start() < m.start("mn_m"))


def _tok_sn(m: re.Match[str]) -> Tok | None:
    first, last = _SEASONS[m["sn_s"].casefold()]
    return Tok(m.start(), m.end(), DatePoint(_year(m["sn_y"]), first, last, "season"))


def _tok_q(m: re.Match[str]) -> Tok | None:
    return Tok(m.start(), m.end(), _quarter_point(_year(m["q_y"]), int(m["q_q"])))


def _tok_ap(m: re.Match[str]) -> Tok | None:
    return Tok(m.start(), m.end(), _year_point(_year(m["ap_y"])))


_BUILDERS: dict[str, Callable[[re.Match[str]], Tok | None]] = {
    "iso": _tok_iso, "yq": _tok_yq, "ym": _tok_ym, "r2": _tok_r2, "cjk": _tok_cjk, "y": _tok_y,
    "dmy": _tok_dmy, "my": _tok_my, "mm": _tok_mm, "mn": _tok_mn, "sn": _tok_sn, "q": _tok_q, "ap": _tok_ap,
}  # fmt: skip


def mask(text: str) -> str:
    """Blank e-mails, URLs and phone numbers, keeping every other offset in place."""
    if not _MASK_HINT_RE.search(text):
        return text
    return _MASK_RE.sub(lambda m: " " * len(m.group()), text)


def _windows(scan: str) -> list[tuple[int, int]]:
    """Stretches of the line that can hold a date: around each year-like number.

    Every point form has a year, and none starts more than YEAR_WINDOW_BEFORE characters
    before its year or ends more than YEAR_WINDOW_AFTER after it ("September – December
    2020", "2015 年 3 月"), so the expensive regex only looks there. A window ends
    at whitespace so that lookaheads at its edge see what they would have seen.
    """
    spans: list[tuple[int, int]] = []
    for m in YEAR_HINT_RE.finditer(scan):
        lo, hi = max(0, m.start() - YEAR_WINDOW_BEFORE), min(len(scan), m.end() + YEAR_WINDOW_AFTER)
        while hi < len(scan) and not scan[hi].isspace():
            hi += 1
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans


def _candidates(scan: str) -> list[Tok]:
    toks: list[Tok] = []
    for lo, hi in _windows(scan):
        for m in _POINT_RE.finditer(scan, lo, hi):
            kind = m.lastgroup
            tok = _BUILDERS[kind](m) if kind else None
            if tok is not None:
                toks.append(tok)
    return toks


def _digit_run_covered(scan: str, tok: Tok, toks: list[Tok]) -> bool:
    """Every digit in the run of digits/date punctuation around `tok` belongs to some date.

    "2018-2020" and "03/2018-05/2020" pass; "415-555-2019", "10.1234/x.2022.9012",
    "192.168.2019.1" and "2020-1234" do not.
    """
    lo, hi = tok.start, tok.end
    if scan[lo] in _DIGITS and not tok.day_first:  # "Q3 2022" after "Q1-" is not glued to that "1"
        while lo > 0 and scan[lo - 1] in _RUN_CHARS:
            lo -= 1
    if scan[hi - 1] in _DIGITS:
        while hi < len(scan) and scan[hi] in _RUN_CHARS:
            hi += 1
    if lo == tok.start and hi == tok.end:
        return True
    return all(scan[i] not in _DIGITS or any(t.start <= i < t.end for t in toks) for i in range(lo, hi))


def _is_count_or_product(scan: str, tok: Tok) -> bool:
    """A bare year that is a quantity ("over 2000 users") or a product version ("SQL Server 2019")."""
    # "$" anchors at tok.start
    before = _COUNT_BEFORE_RE.search(scan, max(0, tok.start - COUNT_WORDS_LOOKBACK), tok.start)
    return bool(before or _COUNT_AFTER_RE.match(scan, tok.end))


# A bare year that opens a range is a date even after a product-like word ("Pine Studio 2017 – 2021").
_FOLLOWS_WORDS = "".join(f"|{pattern(w)}\\b" for w in words("range-follows-word"))  # "|to\b|until\b"
_RANGE_FOLLOWS_RE = re.compile(r"\s*(?:" + _DASH + _FOLLOWS_WORDS + r")\s*(?:\d{2,4}\b|[^\W\d_]{3,})", re.I)


def points(scan: str) -> list[Tok]:
    toks = _candidates(scan)
    return [
        t
        for t in toks
        if _digit_run_covered(scan, t, toks)
        and not (t.bare and _is_count_or_product(scan, t) and not _RANGE_FOLLOWS_RE.match(scan, t.end))
    ]
