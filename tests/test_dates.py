"""Date ranges in resume lines: what a reader would compute from each one.

Most tests go through `month_span` + `ym`, i.e. they check the months a range
covers (first, last, count) rather than internal structure.
"""

from __future__ import annotations

import time

import pytest

from screener.model import DatePoint, DateRange, month_index, ym
from screener.parse.dates import find_date_ranges, month_span, parse_date_range, parse_month_name, range_problem

PRESENT = month_index(2024, 6)  # the resume was written in June 2024


def months(text: str, present: int = PRESENT) -> tuple[str, str, int]:
    """(first 'YYYY-MM', last 'YYYY-MM', month count) of the first range in `text`."""
    r = parse_date_range(text)
    assert r is not None, f"no date found in {text!r}"
    span = month_span(r, present)
    assert span is not None, f"no month span for {r}"
    first, last = span
    return ym(first), ym(last), last - first + 1


def only(text: str) -> DateRange:
    found = find_date_ranges(text)
    assert len(found) == 1, f"{text!r} -> {[r.raw for r in found]}"
    return found[0]


# --------------------------------------------------------------------------- month names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("January 2020 – March 2021", ("2020-01", "2021-03", 15)),
        ("Jun 2018 to Aug 2019", ("2018-06", "2019-08", 15)),
        ("Sept. 2019 — Present", ("2019-09", "2024-06", 58)),
        ("Aug 2007 to Current", ("2007-08", "2024-06", 203)),
        ("Mar. 2010 \u00ad Aug. 2017", ("2010-03", "2017-08", 90)),  # LaTeX soft hyphen as the dash
        ("MAY 2019 - JULY 2019", ("2019-05", "2019-07", 3)),
        ("Jan2020-Mar2020", ("2020-01", "2020-03", 3)),
        ("Jan-2020 - Feb-2021", ("2020-01", "2021-02", 14)),
        ("January 01, 1984", ("1984-01", "1984-01", 1)),
        ("Software Engineer (May 2024 – Aug 2024)", ("2024-05", "2024-08", 4)),
        ("Researcher   Mar. 2016 \u00ad Exp. Jun. 2017", ("2016-03", "2017-06", 16)),
        ("Last updated on 21st January 2015", ("2015-01", "2015-01", 1)),
        ("LastUpdatedon21stJanuary2015", ("2015-01", "2015-01", 1)),  # extraction dropped the spaces
        ("Period: 06th June 2017 to 20th Aug 2018.", ("2017-06", "2018-08", 15)),  # days before months
        ("10-12 May 2020", ("2020-05", "2020-05", 1)),
    ],
)
def test_month_name_forms(text: str, expected: tuple[str, str, int]) -> None:
    assert months(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jan – Mar 2021", ("2021-01", "2021-03", 3)),
        ("June to August 2019", ("2019-06", "2019-08", 3)),
        ("Dec - Feb 2020", ("2019-12", "2020-02", 3)),  # wraps into the previous year
    ],
)
def test_two_months_sharing_one_year(text: str, expected: tuple[str, str, int]) -> None:
    assert months(text) == expected


# --------------------------------------------------------------------------- numeric


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/2021", ("2021-03", "2021-03", 1)),
        ("3/2021", ("2021-03", "2021-03", 1)),
        ("03-2021", ("2021-03", "2021-03", 1)),
        ("03.2021", ("2021-03", "2021-03", 1)),
        ("2021-03", ("2021-03", "2021-03", 1)),
        ("2021/03", ("2021-03", "2021-03", 1)),
        ("2021.03", ("2021-03", "2021-03", 1)),
        ("Getoq Consulting, 2011 / 11", ("2011-11", "2011-11", 1)),
        ("2023-10-10", ("2023-10", "2023-10", 1)),
        ("2023\u201010\u201010", ("2023-10", "2023-10", 1)),  # U+2010 hyphens
        ("9/30/2020", ("2020-09", "2020-09", 1)),  # slash: month first unless that cannot be
        ("30/09/2020", ("2020-09", "2020-09", 1)),
        ("11.05.2024", ("2024-05", "2024-05", 1)),  # dots: day first
        ("11/2012 to Current", ("2012-11", "2024-06", 140)),
        ("09/2014 to 10/2016", ("2014-09", "2016-10", 26)),
        ("02/2018 - 03/2018", ("2018-02", "2018-03", 2)),
        ("01.2020 - present", ("2020-01", "2024-06", 54)),
        ("2013-09 — Present", ("2013-09", "2024-06", 130)),
        ("2021-03 – 2021-09", ("2021-03", "2021-09", 7)),
        ("University of Bremen, 2016/09 - now", ("2016-09", "2024-06", 94)),
    ],
)
def test_numeric_forms(text: str, expected: tuple[str, str, int]) -> None:
    assert months(text) == expected


@pytest.mark.parametrize(
    ("text", "expected", "single"),
    [
        # hyphen/slash/dot without spaces + 01..12 = ISO year-month
        ("2021-03", ("2021-03", "2021-03", 1), True),
        ("2010-11", ("2010-11", "2010-11", 1), True),
        ("2019/12", ("2019-12", "2019-12", 1), True),
        # dashes, spaces, or two digits that are no month = two-digit end year
        ("2021–23", ("2021-01", "2023-12", 36), False),
        ("2021-23", ("2021-01", "2023-12", 36), False),
        ("2019-21", ("2019-01", "2021-12", 36), False),
        ("2010–11", ("2010-01", "2011-12", 24), False),
        ("2010 - 11", ("2010-01", "2011-12", 24), False),
        ("2019/20", ("2019-01", "2020-12", 24), False),
        ("1999-00", ("1999-01", "2000-12", 24), False),
        ("1998–02", ("1998-01", "2002-12", 60), False),
        ("2021-2023", ("2021-01", "2023-12", 36), False),
    ],
)
def test_year_month_or_two_digit_year(text: str, expected: tuple[str, str, int], single: bool) -> None:
    assert months(text) == expected
    assert only(text).single is single


# --------------------------------------------------------------------------- years


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019", ("2019-01", "2019-12", 12)),
        ("2020 to 2022", ("2020-01", "2022-12", 36)),
        ("2020 - 2022", ("2020-01", "2022-12", 36)),
        ("2016—2019", ("2016-01", "2019-12", 48)),
        ("2019/2020", ("2019-01", "2020-12", 24)),
        ("Degree 2 (1996 - 2000), School 2, City.", ("1996-01", "2000-12", 60)),
        ("Alpha Kappa Alpha Sorority- 1979 - Present", ("1979-01", "2024-06", 546)),
        ("American School Counselors Association – 2000-Present", ("2000-01", "2024-06", 294)),
    ],
)
def test_year_only(text: str, expected: tuple[str, str, int]) -> None:
    assert months(text) == expected


def test_year_only_point_is_not_january() -> None:
    r = only("2019")
    assert r.single and r.start == DatePoint(2019, 1, 12, "year") and r.end == r.start


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare year start takes January when the end is a month of the same year ...
        ("2021 – Jun 2021", ("2021-01", "2021-06", 6)),
        # ... and a bare year end takes December when the start is a month of that year
        ("Mar 2021 – 2021", ("2021-03", "2021-12", 10)),
        ("Mar 2019 - 2021", ("2019-03", "2021-12", 34)),
        # a bare year end that contains the resume date stops at the resume date
        ("2023 – 2024", ("2023-01", "2024-06", 18)),
        ("Sep 2023 - 2024", ("2023-09", "2024-06", 10)),
        ("2024", ("2024-01", "2024-06", 6)),
        ("Q2 2024", ("2024-04", "2024-06", 3)),
        ("Summer 2024", ("2024-06", "2024-06", 1)),
    ],
)
def test_year_only_takes_what_its_neighbour_allows(text: str, expected: tuple[str, str, int]) -> None:
    assert months(text) == expected


def test_month_end_after_resume_date_is_kept() -> None:
    # an expected graduation is a real month, not a coarse guess: no capping
    assert months("Sep 2022 – Dec 2024") == ("2022-09", "2024-12", 28)


# --------------------------------------------------------------------------- seasons, quarters


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("Summer 2023", ("2023-06", "2023-08", 3), "season"),
        ("Spring 2023", ("2023-03", "2023-05", 3), "season"),
        ("Fall 2021", ("2021-09", "2021-11", 3), "season"),
        ("Autumn 2021", ("2021-09", "2021-11", 3), "season"),
        ("Winter 2022", ("2022-01", "2022-02", 2), "season"),
        ("verão de 2022", ("2022-06", "2022-08", 3), "season"),
        ("verano 2022", ("2022-06", "2022-08", 3), "season"),
        ("invierno 2021", ("2021-01", "2021-02", 2), "season"),
        ("inverno 2021", ("2021-01", "2021-02", 2), "season"),
        ("primavera 2019", ("2019-03", "2019-05", 3), "season"),
        ("otoño 2020", ("2020-09", "2020-11", 3), "season"),
        ("outono 2020", ("2020-09", "2020-11", 3), "season"),
        ("Summer '22", ("2022-06", "2022-08", 3), "season"),
        ("Q1 2022", ("2022-01", "2022-03", 3), "quarter"),
        ("2022 Q3", ("2022-07", "2022-09", 3), "quarter"),
        ("Q4'21", ("2021-10", "2021-12", 3), "quarter"),
    ],
)
def test_season_or_quarter_alone(text: str, expected: tuple[str, str, int], precision: str) -> None:
    r = only(text)
    assert r.single and not r.open_end and r.start == r.end
    assert r.start is not None and r.start.precision == precision
    assert months(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fall 2013 – Spring 2014", ("2013-09", "2014-05", 9)),
        ("Summer 2021 - Present", ("2021-06", "2024-06", 37)),
        ("Q3 2022 – Q1 2023", ("2022-07", "2023-03", 9)),
        ("Q1 2022 to Jun 2022", ("2022-01", "2022-06", 6)),
    ],
)
def test_season_and_quarter_ranges(text: str, expected: tuple[str, str, int]) -> None:
    assert months(text) == expected


# --------------------------------------------------------------------------- two-digit years


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jan '21 – Mar '23", ("2021-01", "2023-03", 27)),
        ("Jan ’21 – Mar ’23", ("2021-01", "2023-03", 27)),  # typographic apostrophe
        ("'19 – '21", ("2019-01", "2021-12", 36)),
        ("Class of '98", ("1998-01", "1998-12", 12)),
    ],
)
def test_apostrophe_years(text: str, expected: tuple[str, str, int]) -> None:
    assert months(text) == expected


# --------------------------------------------------------------------------- open ends


@pytest.mark.parametrize(
    "end",
    [
        "Present", "PRESENT", "Current", "Currently", "Now", "Today", "Ongoing", "to date", "till date",
        "the present", "atual", "Atualmente", "actualidad", "la actualidad", "actual", "presente", "hoy",
        "o momento", "至今",
    ],
)  # fmt: skip
def test_open_end_words(end: str) -> None:
    r = only(f"Mar 2020 – {end}")
    assert r.open_end and r.end is None and not r.single
    assert r.raw == f"Mar 2020 – {end}"
    assert months(r.raw) == ("2020-03", "2024-06", 52)


@pytest.mark.parametrize(
    ("text", "raw", "expected"),
    [
        ("Since 2024", "Since 2024", ("2024-01", "2024-06", 6)),
        ("Desde 2024", "Desde 2024", ("2024-01", "2024-06", 6)),
        ("desde março de 2022", "desde março de 2022", ("2022-03", "2024-06", 28)),
        ("Consultant since January 2016.", "since January 2016", ("2016-01", "2024-06", 102)),
        ("2024 –", "2024 –", ("2024-01", "2024-06", 6)),
        ("Lead Engineer, 2022 -", "2022 -", ("2022-01", "2024-06", 30)),
        ("(2020 – )", "2020 –", ("2020-01", "2024-06", 54)),
        ("January 2020 - till date.", "January 2020 - till date", ("2020-01", "2024-06", 54)),
        ("Jan 2020 to date", "Jan 2020 to date", ("2020-01", "2024-06", 54)),
        ("Jan 2023 ➔ today • 1 year 5 months", "Jan 2023 ➔ today", ("2023-01", "2024-06", 18)),
    ],
)
def test_open_ranges(text: str, raw: str, expected: tuple[str, str, int]) -> None:
    r = only(text)
    assert r.open_end and r.end is None and r.raw == raw
    assert months(text) == expected


def test_dash_followed_by_text_is_not_open() -> None:
    r = only("2014 - Lead over 250 employees")
    assert r.single and not r.open_end


# --------------------------------------------------------------------------- separators


SEPARATORS = [
    "-", "–", "—", "\u2010", "\u00ad", "~", "➔", "/",  # hyphen, en/em dash, U+2010, soft hyphen, ...
    "to", "till", "until", "through", "a", "al", "até", "hasta",
]  # fmt: skip


@pytest.mark.parametrize("sep", SEPARATORS)
def test_separators(sep: str) -> None:
    r = only(f"Jan 2019 {sep} Mar 2020")
    assert not r.single and not r.open_end
    assert months(r.raw) == ("2019-01", "2020-03", 15)


@pytest.mark.parametrize("sep", ["-", "–", "—", "\u2010"])
def test_unspaced_year_separators(sep: str) -> None:
    assert months(f"2016{sep}2019") == ("2016-01", "2019-12", 48)


# --------------------------------------------------------------------------- Spanish / Portuguese


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ene. 2020 – dic. 2021", ("2020-01", "2021-12", 24)),
        ("enero de 2019 a marzo de 2021", ("2019-01", "2021-03", 27)),
        ("del 2015 al 2018", ("2015-01", "2018-12", 48)),
        ("septiembre 2017 hasta agosto 2019", ("2017-09", "2019-08", 24)),
        ("setiembre 2017 - abril 2018", ("2017-09", "2018-04", 8)),
        ("02/2018 – actualidad", ("2018-02", "2024-06", 77)),
        ("mayo 2020 - hoy", ("2020-05", "2024-06", 50)),
        ("março de 2019 - atual", ("2019-03", "2024-06", 64)),
        ("Jan/2020 - Atual", ("2020-01", "2024-06", 54)),
        ("Janeiro de 2020 até o momento", ("2020-01", "2024-06", 54)),
        ("1 de março de 2020 - atual", ("2020-03", "2024-06", 52)),
        ("fev 2018 até dez 2019", ("2018-02", "2019-12", 23)),
        ("Fevereiro/2018 a Setembro/2019", ("2018-02", "2019-09", 20)),
        ("out. 2020 – mai. 2021", ("2020-10", "2021-05", 8)),
        ("junho 2019 - julho 2019", ("2019-06", "2019-07", 2)),
        ("Desde 2024", ("2024-01", "2024-06", 6)),
    ],
)
def test_spanish_and_portuguese(text: str, expected: tuple[str, str, int]) -> None:
    assert months(text) == expected


# --------------------------------------------------------------------------- other scripts/languages


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gennaio 2005 - alla data attuale", ("2005-01", "2024-06", 234)),
        ("settembre 2001 - agosto 2004", ("2001-09", "2004-08", 36)),
        ("2015 年 3 月 – 2015 年 5 月", ("2015-03", "2015-05", 3)),
        ("2013 – 至今", ("2013-01", "2024-06", 138)),
        ("Jan 2019 â€“ Present", ("2019-01", "2024-06", 66)),  # unrepaired cp1252 mojibake dash
        ("Representative , 09/2014 \uff0d 10/2016", ("2014-09", "2016-10", 26)),  # fullwidth hyphen
    ],
)
def test_other_languages_and_dashes(text: str, expected: tuple[str, str, int]) -> None:
    assert months(text) == expected


# --------------------------------------------------------------------------- not dates


@pytest.mark.parametrize(
    "text",
    [
        "+1 415-555-0123",
        "+55 11 2020-1234",
        "Call 415-555-2019 or (415) 555-2020",
        "Python 3.11, GPT-4, v2.0, Llama 3.1 70B",
        "Served 2,000 users; 1000+ requests per second",
        "2000+ users",
        "over 2000 users",
        "processed 2048 tokens per request",
        "Improved recall by 20.19% and 95%",
        "Standup at 12:30 daily",
        "You may want to contact me. May is a month.",
        "San Francisco, CA 94105",
        "Philadelphia, PA 20151",
        "Order #2019 shipped; ID 120195; build 20191231",
        "https://github.com/jdoe/2019/05/post",
        "see example.com/archive/2020",
        "jdoe2020@gmail.com",
        "10.1234/neurips.2023.1234",
        "server at 192.168.2019.1",
        "SQL Server 2019, Visual Studio 2022, Microsoft Office 2016",
        "MS SQL Server 2016/2014/2012/2008 R2/ 2008.",  # a product's versions, not a range
        "Microsoft Office 2010, 2007 & 2003; Windows Server 2000 and 2003",
        "GPA 3.97/4.00",
        "Page 2 / 3",
        "the 1990s and 2000s",
        "Price $2019 or €2020",
        "ISO 9001:2015 certified, ISO/IEC 27001:2013",
        "trained on a data set 2017 release",  # "set" is a Portuguese month only when it looks like one
        "that was 2 years ago 2019",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_date_ranges(text) == []
    assert parse_date_range(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("set 2019 – dez 2020", ("2019-09", "2020-12", 16)),
        ("Set 2019", ("2019-09", "2019-09", 1)),
        ("set. 2019", ("2019-09", "2019-09", 1)),
        ("set/2019 - atual", ("2019-09", "2024-06", 58)),
        ("desde ago 2021", ("2021-08", "2024-06", 35)),
    ],
)
def test_english_looking_abbreviations_count_where_they_read_as_months(
    text: str, expected: tuple[str, str, int]
) -> None:
    assert months(text) == expected


def test_slash_joins_two_years_but_not_a_list() -> None:
    assert [(r.raw, r.single) for r in find_date_ranges("2019/2020")] == [("2019/2020", False)]
    found = find_date_ranges("Tools: 2008/2010/2012")
    assert [(r.raw, r.single) for r in found] == [("2008", True), ("2010", True), ("2012", True)]


def test_a_real_year_survives_next_to_non_dates() -> None:
    found = find_date_ranges("Python 3.11, 2,000 users, +1 415-555-0123 — NeurIPS 2023")
    assert [r.raw for r in found] == ["2023"]


# --------------------------------------------------------------------------- several in a line


def test_several_dates_in_order_with_offsets() -> None:
    text = "Freelance Tester   Sep. 2013, Mar. 2011 – Oct. 2011 | 2015 - Present"
    found = find_date_ranges(text)
    assert [r.raw for r in found] == ["Sep. 2013", "Mar. 2011 – Oct. 2011", "2015 - Present"]
    assert [(r.single, r.open_end) for r in found] == [(True, False), (False, False), (False, True)]
    for r in found:
        assert text[r.span[0] : r.span[1]] == r.raw
    assert [r.span[0] for r in found] == sorted(r.span[0] for r in found)
    assert all(a.span[1] <= b.span[0] for a, b in zip(found, found[1:], strict=False))


def test_the_same_season_in_a_later_year_is_one_date_the_latest_season() -> None:
    # Two summers are six months of work, not the fifteen from the first to the last: the phrase
    # stands for the latest season (recency right, earlier summer undercounted) and is taken whole,
    # so that "and 2013" does not become the organisation.
    for text, raw, year in (
        ("YMCA, Pomona, CA    Summer 2013, 2014", "Summer 2013, 2014", 2014),
        ("Data Scientist\tSummer 2012 and 2013", "Summer 2012 and 2013", 2013),
        ("Teaching Assistant, Fall 2019 & 2020", "Fall 2019 & 2020", 2020),
    ):
        (found,) = find_date_ranges(text)
        assert (found.raw, found.single) == (raw, True)
        assert found.start == found.end == DatePoint(year, found.start.first_month, found.start.last_month, "season")
    # Years far apart, or a year of something else, stay apart.
    assert [r.raw for r in find_date_ranges("Summer 2012, 2016")] == ["Summer 2012", "2016"]
    assert [r.raw for r in find_date_ranges("Summer 2013, 15 students")] == ["Summer 2013"]


def test_parse_date_range_prefers_a_real_range() -> None:
    r = parse_date_range("Promoted in 2019 | Jan 2018 – Mar 2021")
    assert r is not None and r.raw == "Jan 2018 – Mar 2021" and not r.single
    lone = parse_date_range("Graduated 2019")
    assert lone is not None and lone.single and lone.raw == "2019"
    assert parse_date_range("no dates here") is None
    assert parse_date_range("") is None


# --------------------------------------------------------------------------- problems


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Jun 2021 – Mar 2021", "end before start"),
        ("2021 – 2019", "end before start"),
        ("Q3 2022 – Q1 2022", "end before start"),
        ("Jan 2025 – Present", "starts after the resume date"),
        ("Fall 2024", "starts after the resume date"),
        ("Since 2025", "starts after the resume date"),
        ("Jan 2020 – Mar 2021", None),
        ("Mar 2021 – 2021", None),
        ("2024 – Present", None),
        ("Jun 2024 – Present", None),
    ],
)
def test_range_problem(text: str, problem: str | None) -> None:
    r = parse_date_range(text)
    assert r is not None, "impossible ranges are still returned"
    assert range_problem(r, PRESENT) == problem


def test_impossible_ranges_have_no_month_span() -> None:
    for text in ("Jun 2021 – Mar 2021", "Jan 2025 – Present"):
        r = parse_date_range(text)
        assert r is not None and month_span(r, PRESENT) is None


def test_month_span_without_start() -> None:
    r = DateRange(start=None, end=None, open_end=True, raw="Present")
    assert month_span(r, PRESENT) is None
    assert range_problem(r, PRESENT) is None


def test_open_end_follows_present() -> None:
    r = parse_date_range("Jan 2020 – Present")
    assert r is not None
    assert month_span(r, month_index(2021, 12)) == (month_index(2020, 1), month_index(2021, 12))


# --------------------------------------------------------------------------- month names


@pytest.mark.parametrize(
    ("word", "month"),
    [
        ("jan", 1), ("January", 1), ("ENE.", 1), ("janeiro", 1), ("enero", 1),
        ("fev", 2), ("Fevereiro", 2), ("febrero", 2),
        ("março", 3), ("MARÇO", 3), ("marzo", 3),
        ("abr", 4), ("abril", 4),
        ("may", 5), ("mai", 5), ("maio", 5), ("mayo", 5),
        ("junho", 6), ("junio", 6), ("julho", 7), ("julio", 7),
        ("ago", 8), ("agosto", 8),
        ("Sept.", 9), ("set", 9), ("setembro", 9), ("septiembre", 9), ("setiembre", 9),
        ("out", 10), ("outubro", 10), ("octubre", 10),
        ("novembro", 11), ("noviembre", 11),
        ("dez", 12), ("dezembro", 12), ("dic.", 12), ("diciembre", 12),
        (" Dec ", 12), ("Monday", None), ("Ma", None), ("", None), ("2020", None),
    ],
)  # fmt: skip
def test_parse_month_name(word: str, month: int | None) -> None:
    assert parse_month_name(word) == month


# --------------------------------------------------------------------------- speed


def test_long_and_hostile_lines_stay_fast() -> None:
    lines = [
        "2019 " * 400,
        "Jan " * 1000 + "2020",
        "- " * 2000 + "2020",
        "1" * 5000,
        "Jan 2020 – Present | " * 100,
        "a" * 10000,
    ]
    start = time.perf_counter()
    for line in lines:
        find_date_ranges(line)
    assert time.perf_counter() - start < 1.0
    assert len(find_date_ranges("Jan 2020 – Present | " * 100)) == 100


def test_a_range_after_a_product_like_word_is_still_a_range() -> None:
    # "Studio" before a year usually means a product version ("Visual Studio 2019"), but not
    # when the year opens a range: a company called "Pixel & Pine Studio".
    found = find_date_ranges("Pixel & Pine Studio\t2017 – 2021")
    assert [r.raw for r in found] == ["2017 – 2021"]
    assert [r.raw for r in find_date_ranges("Built add-ins for Visual Studio 2019")] == []
