"""The Word reader: documents built here with python-docx, bad packages, and the real Word resumes with PDF twins."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from read_samples import claim_size, ole2
from support import FIXTURE_PDFS, shared_path

from screener.model import Document, month_index, ym
from screener.parse.dates import month_span
from screener.read import DEFAULT_LIMITS, ExtractError, read_bytes
from screener.read import docx as docx_reader

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT_BOX_RUN = f"""
<w:r xmlns:w="{W_NS}"
     xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
     xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
     xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
     xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
     xmlns:v="urn:schemas-microsoft-com:vml">
  <mc:AlternateContent>
    <mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp>
      <wps:spPr><a:solidFill><a:srgbClr val="1F3864"/></a:solidFill></wps:spPr>
      <wps:txbx><w:txbxContent>
        <w:p><w:r><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr><w:t>SKILLS</w:t></w:r></w:p>
        <w:p><w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>Python, PyTorch, LangChain</w:t></w:r></w:p>
      </w:txbxContent></wps:txbx>
    </wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
    <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>
        <w:p><w:r><w:t>SKILLS</w:t></w:r></w:p>
        <w:p><w:r><w:t>Python, PyTorch, LangChain</w:t></w:r></w:p>
    </w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
  </mc:AlternateContent>
</w:r>"""


def build_resume() -> bytes:
    import docx
    from docx.enum.text import WD_COLOR_INDEX
    from docx.oxml import parse_xml
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "jane.doe@example.com | +1 415 555 0100"
    name = document.add_paragraph().add_run("Jane Doe")
    name.bold = True
    name.font.size = Pt(24)
    anchor = document.add_paragraph()
    anchor._p.append(parse_xml(TEXT_BOX_RUN))
    document.add_heading("Experience", level=1)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "AI Engineer, Acme"
    table.rows[0].cells[1].text = "Jan 2021 – Present"
    document.add_paragraph("Built a RAG assistant on LangChain", style="List Bullet")
    document.add_paragraph("Shipped evals for LLM agents", style="List Bullet")
    layout = document.add_table(rows=1, cols=2)
    left, right = layout.rows[0].cells
    left.text = "CONTACT"
    left.add_paragraph("Berlin, Germany")
    right.text = "Projects"
    right.add_paragraph("Agent framework")
    hidden = document.add_paragraph().add_run("keyword keyword keyword")
    hidden.font.hidden = True
    white = document.add_paragraph().add_run("OpenAI Anthropic Gemini")
    white.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    marked = document.add_paragraph().add_run("highlighted white text is seen")
    marked.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    marked.font.highlight_color = WD_COLOR_INDEX.BLUE
    document.add_page_break()
    document.add_heading("Education", level=1)
    document.add_paragraph("MSc Computer Science, TU Berlin\t2018 – 2020")
    document.core_properties.created = dt.datetime(2024, 3, 1)
    document.core_properties.modified = dt.datetime(2025, 6, 16, 9, 30)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def resume() -> Document:
    return read_bytes(build_resume(), "jane.docx")


def texts(doc: Document) -> list[str]:
    return [ln.text for ln in doc.lines]


def test_reading_order_header_first_then_body_tables_and_text_boxes(resume: Document) -> None:
    assert texts(resume) == [
        "jane.doe@example.com | +1 415 555 0100",
        "Jane Doe",
        "SKILLS",  # the text box, read where it is anchored, once (not again from its VML fallback)
        "Python, PyTorch, LangChain",
        "Experience",
        "AI Engineer, Acme\tJan 2021 – Present",  # a row of one-line cells is one line
        "Built a RAG assistant on LangChain",
        "Shipped evals for LLM agents",
        "CONTACT",  # a row of taller cells is read cell by cell, left first
        "Berlin, Germany",
        "Projects",
        "Agent framework",
        "highlighted white text is seen",
        "Education",
        "MSc Computer Science, TU Berlin\t2018 – 2020",
    ]
    assert [ln.number for ln in resume.lines] == list(range(1, 16))
    assert resume.reader == "docx" and resume.source == "word" and resume.engine == "docx"


def test_bold_size_and_bullets_come_from_runs_and_styles(resume: Document) -> None:
    by_text = {ln.text: ln for ln in resume.lines}
    assert by_text["Jane Doe"].bold and by_text["Jane Doe"].size == 24.0
    heading = by_text["Experience"]  # Heading 1: bold and larger through the style chain, not the run
    body = by_text["Berlin, Germany"]
    assert heading.bold and heading.size > body.size and not body.bold
    assert by_text["SKILLS"].bold
    assert by_text["Built a RAG assistant on LangChain"].bullet  # List Bullet's numbering is in the style
    assert not by_text["Agent framework"].bullet


def test_table_cells_have_their_own_columns_and_x(resume: Document) -> None:
    by_text = {ln.text: ln for ln in resume.lines}
    left, right = by_text["CONTACT"], by_text["Projects"]
    assert (left.column, right.column) == (1, 2)
    assert right.x0 > left.x1 - 1 and right.top == left.top  # side by side, from the row's top
    assert by_text["Agent framework"].top > right.top


def test_pages_dates_and_hidden_text(resume: Document) -> None:
    by_text = {ln.text: ln for ln in resume.lines}
    assert by_text["Jane Doe"].page == 1 and by_text["Education"].page == 2 and resume.pages == 2
    assert resume.metadata_date == "2025-06-16"  # modified, not created
    assert {(h.reason, h.text) for h in resume.hidden} == {
        ("hidden-in-word", "keyword keyword keyword"),
        ("same-colour-as-background", "OpenAI Anthropic Gemini"),
    }


def test_screening_a_word_resume_finds_name_contact_sections_and_roles(config: Any, tmp_path: Path) -> None:
    from screener.pipeline import screen_file

    path = tmp_path / "jane.docx"
    path.write_bytes(build_resume())
    s = screen_file(path, config)
    assert s.status == "ok", s.reason
    assert s.contact.name == "Jane Doe" and s.contact.email == "jane.doe@example.com"
    assert [(r.title, r.organization) for r in s.roles if r.section == "experience"] == [("AI Engineer", "Acme")]


# --------------------------------------------------------------------------- bad packages


def test_a_truncated_word_file_is_corrupt() -> None:
    data = build_resume()
    with pytest.raises(ExtractError) as err:
        read_bytes(data[: len(data) // 2], "cv.docx")
    assert err.value.status == "corrupt"


def test_a_member_claiming_10_gb_is_refused_before_inflating() -> None:
    bomb = claim_size(build_resume(), "word/document.xml", 10 * 1024**3)
    with pytest.raises(ExtractError) as err:
        read_bytes(bomb, "cv.docx")
    assert err.value.status == "too-large" and "MB" in err.value.reason


def test_a_password_protected_word_file_is_encrypted() -> None:
    with pytest.raises(ExtractError) as err:
        read_bytes(ole2(["EncryptionInfo", "EncryptedPackage"]), "cv.docx")
    assert err.value.status == "encrypted"


def test_a_docx_that_is_really_a_pdf_is_read_as_a_pdf_with_a_note() -> None:
    data = (FIXTURE_PDFS / "01_ai_strong.pdf").read_bytes()
    doc = read_bytes(data, "01_ai_strong.docx")
    assert doc.reader == "pdfium" and doc.lines
    assert doc.notes[0] == "named .docx but is a PDF"


def test_an_empty_word_document_has_no_text() -> None:
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    with pytest.raises(ExtractError) as err:
        docx_reader.read(buf.getvalue(), DEFAULT_LIMITS)
    assert err.value.status == "no-text"


# --------------------------------------------------------------------------- the real twins

# Word resumes in ../shared/corpus/docx whose Word-exported PDFs are in ../shared/corpus/real (SOURCES.md).
TWINS = {
    "soupboss_01-accountant.docx": "soupboss_accountant-01.pdf",
    "soupboss_01-desktop-support.docx": "soupboss_desktop-support-01.pdf",
    "soupboss_02-office-coordinator.docx": "soupboss_office-coordinator-02.pdf",
}
# What both readers found, as measured (2026-12): the DOCX and its PDF agree on every field below.
MEASURED = {
    "soupboss_01-accountant.docx": (
        "Ebony Moore",
        "emoore@email.com",
        ["Summary", "Education", "Experience", "Certifications", "Skills"],
        [("2021-10", "2025-09"), ("2020-08", "2021-10"), ("2019-05", "2020-08")],
    ),
    "soupboss_01-desktop-support.docx": (
        "Ivy Haddington",
        "ihaddington@email.com",
        ["Summary", "Education", "Experience", "Certifications", "Skills"],
        [("2021-01", "2025-09"), ("2019-08", "2021-01"), ("2018-08", "2019-08")],
    ),
    "soupboss_02-office-coordinator.docx": (
        "Cody Fredrickson",
        "cfredrickson@email.com",
        ["Summary", "Education", "Experience", "Skills"],
        [("2019-08", "2025-09"), ("2015-09", "2019-08")],
    ),
}


def _facts(screening: Any) -> tuple[str, str, list[str], list[tuple[str, str]]]:
    present = month_index(int(screening.resume_date[:4]), int(screening.resume_date[5:7]))
    spans = []
    for role in screening.roles:
        if role.dates is not None:
            first, last = month_span(role.dates, present)
            spans.append((ym(first), ym(last)))
    headings = [s.heading for s in screening.sections if s.heading]
    return screening.contact.name, screening.contact.email, headings, spans


@pytest.mark.parametrize("word", sorted(TWINS))
def test_a_word_resume_and_its_pdf_twin_agree(word: str, config: Any) -> None:
    from screener.pipeline import screen_file

    docx_path = shared_path("corpus", "docx", word)
    pdf_path = shared_path("corpus", "real", TWINS[word])
    from_word, from_pdf = screen_file(docx_path, config), screen_file(pdf_path, config)
    assert from_word.status == from_pdf.status == "ok"
    assert from_word.resume_date == from_pdf.resume_date == "2025-09-15"  # docProps modified; the PDF's ModDate
    assert _facts(from_word) == _facts(from_pdf) == MEASURED[word]


def test_every_real_word_resume_is_read_quickly() -> None:
    import time

    folder = shared_path("corpus", "docx")
    for path in sorted(folder.glob("*.docx")):
        data = path.read_bytes()
        start = time.perf_counter()
        doc = read_bytes(data, path.name)
        took = time.perf_counter() - start
        assert doc.lines and doc.reader == "docx", path.name
        assert took < 2.0, (path.name, took)  # 3-40 ms measured when the machine is quiet; 2 s is a hang
