"""Contact details from a PDF's clickable links, where the printed text has none (awesome-cv's icon line)."""

from __future__ import annotations

from typing import Any

from support import shared_path
from support.pdfs import pdf_of

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


def _pdf_with_link(uri_key: bytes) -> bytes:
    """A one-page PDF whose only link's action spells its URI key `uri_key` (a PDF name)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R] >>",
        b"<< /Type /Annot /Subtype /Link /Rect [10 10 100 30] /A << /S /URI " + uri_key + b" (mailto:a@b.org) >> >>",
    ]
    return pdf_of(objs, header=b"%PDF-1.4\n")


def test_a_link_is_read_however_its_names_are_spelled() -> None:
    # The file is opened only when the name /URI (or an object stream) may be in it, escapes included.
    assert link_uris(_pdf_with_link(b"/URI")) == ["mailto:a@b.org"]
    assert link_uris(_pdf_with_link(b"/UR#49")) == ["mailto:a@b.org"]
    assert link_uris(_pdf_with_link(b"/Other")) == []
