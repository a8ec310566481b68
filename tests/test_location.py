"""The candidate's location from a header: a "Town, Region" field, never a title, a list or a placeholder."""

from __future__ import annotations

import pytest

from screener.model import Line
from screener.parse.location import find_location


def _lines(*texts: str) -> list[Line]:
    return [Line(t, 1, 0.0, 12.0 * i, 300.0, 12.0 * i + 10, 10.0, False, number=i) for i, t in enumerate(texts, 1)]


@pytest.mark.parametrize(("text", "where"), [
    ("jane@x.com | (303) 555-0171 | Denver, CO", "Denver, CO"),  # CO is Colorado, not "company"
    ("Leeds, UK", "Leeds, UK"),
    ("São Paulo, SP, Brasil", "São Paulo, SP"),
    ("Mapo-gu, Seoul, Republic of Korea", "Mapo-gu, Seoul"),
    ("priya@natarajan.dev | +1 (206) 555-0121 | Seattle, WA (remote)", "Seattle, WA"),
    ("john.doe@email.com +1 (415) 555-0142 San Francisco, CA linkedin.com/in/johndoe", "San Francisco, CA"),
    ("555 La Verne Way, La Verne, CA", "La Verne, CA"),
    ("Location: Austin, TX 78701", "Austin, TX"),
    ("Kansas City, MO", "Kansas City, MO"),
])
def test_a_town_and_region_field_is_the_location(text: str, where: str) -> None:
    assert find_location(_lines("Jane Doe", text), {1}) == where


@pytest.mark.parametrize("text", [
    "Senior AI Engineer, Parcel Loop",  # a role line
    "PhD Candidate, Machine Learning",
    "BUSINESS DEVELOPMENT MANAGER, VP",
    "City , State",  # a template's placeholder
    "Company Name - City , State",
    "Lakeland College Kirtland, OH",  # a school's town, not the candidate's
    "Computer Information Systems, Emphasis",
    "I live in Freeburg, Illinois",  # prose, not a field
    "Built agents with Python, Java and Go",
    "LangGraph, LangChain",
    "B.S. Statistics, Texas A&M",
    "Thank you for your time and consideration. Sincerely, Lorena Pino",
])
def test_titles_lists_schools_and_placeholders_are_no_location(text: str) -> None:
    assert find_location(_lines("Jane Doe", text), {1}) == ""


def test_the_name_and_headline_lines_are_not_read() -> None:
    assert find_location(_lines("Jane Doe", "Staff Engineer, ML"), {1, 2}) == ""
    assert find_location(_lines("Jane Doe", "Data Science, AI", "Boston, MA"), {1, 2}) == "Boston, MA"
