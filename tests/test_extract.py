"""PDFium extraction on small PDFs written here byte by byte (no PDF library needed to run the tests)."""

from __future__ import annotations

from screener.read import pdfium
from screener.read.layout import build_document


def pdf_with(content: str) -> bytes:
    """A one-page Letter PDF drawing `content` (a content stream): Helvetica is /F1, Helvetica-Bold /F2."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def text_at(x: float, y: float, text: str, size: float = 10, rgb: str = "0 0 0", font: str = "F1") -> str:
    return f"BT {rgb} rg /{font} {size} Tf {x} {y} Td ({text}) Tj ET"


def test_a_plain_sentence_is_read_as_one_run_with_its_word_count() -> None:
    raw = pdfium.read(pdf_with(text_at(40, 700, "Built retrieval services for support teams")))
    chars = raw.pages[0].chars
    assert [(c.text, c.units) for c in chars] == [("Built retrieval services for support teams", 6)]
    assert chars[0].x1 - chars[0].x0 > 150  # the run's box spans all six words


def test_runs_keep_what_layout_needs_apart() -> None:
    content = "\n".join(
        [
            text_at(40, 700, "S K I L L S", size=14),  # letter-spaced heading: single letters are never merged
            text_at(40, 660, "Python and"),
            text_at(96, 660, "LangChain", rgb="1 1 1"),  # white on white: hidden, never part of a visible run
            text_at(40, 620, "Senior Engineer"),
            text_at(400, 620, "2021 - 2023"),  # a separate object far to the right: a tab stop, not a run
        ]
    )
    raw = pdfium.read(pdf_with(content))
    doc = build_document(raw)
    assert [ln.text for ln in doc.lines] == ["SKILLS", "Python and", "Senior Engineer\t2021 - 2023"]
    assert [h.text for h in doc.hidden] == ["LangChain"]
    runs = {c.text: c.units for c in raw.pages[0].chars}
    assert runs["Python and"] == 2 and "LangChain" in runs
    assert runs["Senior Engineer"] == 2 and runs["2021"] == 1


def test_a_run_weighs_as_its_words_in_the_line_style() -> None:
    # Three plain words and one bold word: by word count the line is not bold (1 of 4), as before runs.
    content = "\n".join([text_at(40, 700, "Built data pipelines"), text_at(127, 700, "Spark", font="F2")])
    doc = build_document(pdfium.read(pdf_with(content)))
    assert [ln.text for ln in doc.lines] == ["Built data pipelines Spark"]
    assert doc.lines[0].bold is False
    content = "\n".join([text_at(40, 700, "Built", font="F2"), text_at(70, 700, "data pipelines with Spark")])
    doc = build_document(pdfium.read(pdf_with(content)))
    assert doc.lines[0].text == "Built data pipelines with Spark" and doc.lines[0].bold is False
    content = "\n".join([text_at(40, 700, "Senior Machine Learning", font="F2"), text_at(170, 700, "Engineer")])
    doc = build_document(pdfium.read(pdf_with(content)))
    assert doc.lines[0].bold is True  # 3 bold words of 4
