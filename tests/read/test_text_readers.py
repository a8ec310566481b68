"""Plain text, Markdown, HTML, RTF and OpenDocument readers, and what the registry says when no reader reads a kind."""

from __future__ import annotations

import pytest
from read_samples import ODT_MIME, ole2, zip_of

from screener.model import Document
from screener.read import ExtractError, read_bytes
from screener.read.registry import choose, readers_for


def lines(doc: Document) -> list[tuple[str, bool, bool]]:
    """(text, bold, bullet) of each line."""
    return [(ln.text, ln.bold, ln.bullet) for ln in doc.lines]


# --------------------------------------------------------------------------- text and Markdown


def test_plain_text_in_any_common_encoding() -> None:
    text = "JOSÉ NÚÑEZ\nIngeniero de IA — Madrid\n\nEXPERIENCE\n• Built agents\n    indented line\n"
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "cp1252"):
        doc = read_bytes(text.encode(encoding), "cv.txt")
        assert lines(doc) == [
            ("JOSÉ NÚÑEZ", True, False),  # a short line in capitals is a typed heading: bold
            ("Ingeniero de IA — Madrid", False, False),
            ("EXPERIENCE", True, False),
            ("Built agents", False, True),
            ("indented line", False, False),
        ], encoding
        assert doc.lines[4].x0 > doc.lines[3].x0
        assert doc.reader == "text" and doc.source == "text"


def test_markdown_headings_bold_lines_bullets_and_links() -> None:
    md = (
        "# Jane Doe\n"
        "[jane@example.com](mailto:jane@example.com) | [GitHub](https://github.com/jane)\n\n"
        "## Experience\n"
        "**AI Engineer, Acme** \n"
        "- Built **RAG** with `LangChain`\n"
        "+ Shipped evals\n"
        "***\n"
        "Skills\n"
        "------\n"
        "Python\n"
    )
    doc = read_bytes(md.encode(), "README.md")
    assert lines(doc) == [
        ("Jane Doe", True, False),
        ("jane@example.com | GitHub (https://github.com/jane)", False, False),
        ("Experience", True, False),
        ("AI Engineer, Acme", True, False),
        ("Built RAG with LangChain", False, True),
        ("Shipped evals", False, True),
        ("Skills", True, False),  # a setext heading; the *** rule above it is dropped
        ("Python", False, False),
    ]
    sizes = [ln.size for ln in doc.lines]
    assert sizes[0] > sizes[2] > sizes[3] == sizes[7]


def test_long_text_runs_onto_pages_of_fifty_lines() -> None:
    doc = read_bytes("\n".join(f"line {i}" for i in range(120)).encode(), "cv.txt")
    assert [ln.page for ln in doc.lines][::50] == [1, 2, 3] and doc.pages == 3


def test_blank_text_has_no_text() -> None:
    with pytest.raises(ExtractError) as err:
        read_bytes(b"\n\n   \n", "cv.txt")
    assert err.value.status == "no-text"


# --------------------------------------------------------------------------- HTML

HTML = b"""<!DOCTYPE html><html><head><title>CV</title><style>h1 {color: red}</style>
<script>var keywords = "PyTorch";</script></head><body>
<h1>Jane Doe</h1><p>jane@example.com &middot; Berlin</p>
<h2>Experience</h2>
<p><strong>AI Engineer</strong>, Acme &ndash; 2021&ndash;Present</p>
<ul><li>Built <b>RAG</b> pipelines</li><li>Evals for agents</li></ul>
<div style="display: none">LangChain LlamaIndex Pinecone</div>
<p hidden>secret words here</p>
<table><tr><th>Python</th><td>5 years</td></tr></table>
</body></html>"""


def test_html_headings_bold_bullets_and_hidden_elements() -> None:
    doc = read_bytes(HTML, "cv.html")
    assert lines(doc) == [
        ("Jane Doe", True, False),
        ("jane@example.com · Berlin", False, False),
        ("Experience", True, False),
        ("AI Engineer, Acme – 2021–Present", False, False),
        ("Built RAG pipelines", False, True),
        ("Evals for agents", False, True),
        ("Python\t5 years", False, False),
    ]
    assert doc.lines[0].size > doc.lines[2].size > doc.lines[1].size
    assert [(h.reason, h.text) for h in doc.hidden] == [
        ("hidden-in-html", "LangChain LlamaIndex Pinecone secret words here")
    ]
    assert doc.reader == "html" and doc.source == "html"


# --------------------------------------------------------------------------- RTF

RTF = (
    rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Calibri;}}"
    rb"{\info{\creatim\yr2023\mo1\dy5}{\revtim\yr2024\mo7\dy2}}"
    rb"{\*\pict\pngblip 89504e470d0a1a0a0000}"
    rb"\b JOS\'c9 N\'da\'d1EZ\b0\par "
    rb"jose@example.com\par\par "
    rb"\b EXPERIENCE\b0\par "
    rb"Data Scientist, Acme\tab 2019 \endash  2022\par "
    rb"}"
)


def test_rtf_text_codepage_and_revision_date() -> None:
    doc = read_bytes(RTF, "cv.rtf")
    assert [ln.text for ln in doc.lines] == [
        "JOSÉ NÚÑEZ",
        "jose@example.com",
        "EXPERIENCE",
        "Data Scientist, Acme\t2019 – 2022",
    ]
    assert doc.metadata_date == "2024-07-02" and doc.reader == "rtf" and doc.source == "rtf"


# --------------------------------------------------------------------------- OpenDocument

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)
CONTENT = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {NS}>
<office:automatic-styles>
  <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
  <style:style style:name="Big" style:family="paragraph">
    <style:text-properties fo:font-size="22pt" fo:font-weight="bold"/></style:style>
</office:automatic-styles>
<office:body><office:text>
  <text:p text:style-name="Big">Jane Doe</text:p>
  <text:p><draw:frame><draw:text-box><text:p>Python<text:s/>and<text:tab/>Go</text:p></draw:text-box></draw:frame></text:p>
  <text:h text:outline-level="1">Experience</text:h>
  <text:p><text:span text:style-name="T1">AI Engineer, Acme</text:span></text:p>
  <text:list><text:list-item><text:p>Built agents</text:p></text:list-item></text:list>
  <table:table><table:table-row>
    <table:table-cell><text:p>Berlin</text:p></table:table-cell>
    <table:table-cell><text:p>2021 – Present</text:p></table:table-cell>
  </table:table-row></table:table>
  <text:soft-page-break/>
  <text:h text:outline-level="1">Education</text:h>
</office:text></office:body></office:document-content>"""
STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {NS}><office:master-styles><style:master-page style:name="Standard">
  <style:header><text:p>jane@example.com</text:p></style:header>
  <style:footer><text:p>Page 1</text:p></style:footer>
</style:master-page></office:master-styles></office:document-styles>"""
META = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta {NS}><office:meta><meta:creation-date>2023-02-01T10:00:00</meta:creation-date>
<dc:date>2024-05-06T11:00:00</dc:date></office:meta></office:document-meta>"""


def odt_bytes() -> bytes:
    members = {"content.xml": CONTENT.encode(), "styles.xml": STYLES.encode(), "meta.xml": META.encode()}
    return zip_of(members, first=("mimetype", ODT_MIME.encode()))


def test_odt_styles_lists_tables_frames_header_and_pages() -> None:
    doc = read_bytes(odt_bytes(), "cv.odt")
    assert lines(doc) == [
        ("jane@example.com", False, False),
        ("Jane Doe", True, False),
        ("Python and\tGo", False, False),
        ("Experience", True, False),
        ("AI Engineer, Acme", True, False),
        ("Built agents", False, True),
        ("Berlin\t2021 – Present", False, False),
        ("Education", True, False),
    ]
    assert doc.lines[1].size == 22.0 and doc.lines[3].size > doc.lines[2].size
    assert [ln.page for ln in doc.lines][-1] == 2 and doc.pages == 2
    assert [ln.text for ln in doc.furniture] == ["Page 1"]
    assert doc.metadata_date == "2024-05-06" and doc.reader == "odt" and doc.source == "odt"


def test_a_truncated_odt_is_corrupt() -> None:
    data = odt_bytes()
    with pytest.raises(ExtractError) as err:
        read_bytes(data[: len(data) - 40], "cv.odt")
    assert err.value.status == "corrupt"


# --------------------------------------------------------------------------- the registry


def test_each_text_kind_has_its_reader_and_pdf_has_both_engines() -> None:
    for kind in ("docx", "odt", "rtf", "text", "html"):
        reader = choose(kind)
        assert reader is not None and reader.name == kind
    assert [r.name for r in readers_for("pdf")] == ["pdfium", "pdfplumber"]
    auto, named = choose("pdf"), choose("pdf", "pdfplumber")
    assert auto is not None and auto.name == "auto" and named is not None and named.name == "pdfplumber"
    docx_reader = choose("docx", "pdfplumber")  # --engine names a PDF engine: other kinds keep their reader
    assert docx_reader is not None and docx_reader.name == "docx"


@pytest.mark.parametrize(
    ("data", "name", "status", "reason"),
    [
        (zip_of({"Index/Document.iwa": b"\0"}), "cv.pages", "unsupported", "export it to PDF or Word"),
        (zip_of({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}), "cv.xlsx", "unsupported", "Excel"),
        (ole2(["EncryptionInfo", "EncryptedPackage"]), "cv.docx", "encrypted", "password"),
        (b"", "cv.docx", "empty", "0 bytes"),
        (bytes(range(256)) * 4, "cv.bin", "unsupported", "binary data of an unknown type"),
        (b"This is not a PDF at all.\n", "cv.pdf", "not-a-pdf", "no %PDF header (the file holds text)"),
        (bytes(range(256)) * 4, "cv.pdf", "not-a-pdf", "no %PDF header (the file holds binary data)"),
    ],
)
def test_what_no_reader_reads_says_why_and_what_would(data: bytes, name: str, status: str, reason: str) -> None:
    with pytest.raises(ExtractError) as err:
        read_bytes(data, name)
    assert err.value.status == status and reason in err.value.reason
