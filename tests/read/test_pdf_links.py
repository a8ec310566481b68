"""Contact details from a PDF's clickable links, where the printed text has none (awesome-cv's icon line)."""

from __future__ import annotations

from typing import Any

from support import shared_path

from screener.model import Contact
from screener.parse.contact import fill_from_links
from screener.pipeline import screen_file
from screener.read.pdf_links import link_uris

URIS = ["tel:+1 (415) 555-0123", "mailto:Ada.Lovelace@Example.com?subject=Hello", "https://github.com/ada"]


def test_missing_contact_details_come_from_the_links() -> None:
    c = Contact(name="Ada Lovelace")
    assert fill_from_links(c, URIS) == ["email", "phone", "links"]
    assert (c.email, c.phone, c.links) == ("ada.lovelace@example.com", "+14155550123", ["https://github.com/ada"])


def test_what_the_text_says_always_wins() -> None:
    c = Contact(email="ada@text.org", phone="+442071234567", links=["https://linkedin.com/in/ada"])
    assert fill_from_links(c, URIS) == []
    assert (c.email, c.phone, c.links) == ("ada@text.org", "+442071234567", ["https://linkedin.com/in/ada"])


def test_a_broken_pdf_has_no_links() -> None:
    assert link_uris(b"%PDF-1.7 not really") == []


def test_awesome_cv_contact_line_of_icons(config: Any) -> None:
    # Its contact line is glyphs without Unicode; the visible text has no email, the links do.
    pdf = shared_path("corpus", "real", "awesome-cv_cv.pdf")
    s = screen_file(pdf, config)
    assert (s.contact.email, s.contact.phone) == ("posquit0.bj@gmail.com", "+821090301843")
    assert "taken from the page's links" in s.notes
