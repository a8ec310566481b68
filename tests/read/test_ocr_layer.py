"""An OCR text layer counts only where the image under it shows the same words (issue 18).

A scanned resume is made here the way OCR tools make one: the resume rendered to an image, the
image as the page, and its words as invisible text (render mode 3) at their places. Its real
words must count; keywords added to the invisible layer that the image does not show (over a
blank part of the page, laid over other printed words, or a line whose layer was rewritten)
must gain nothing and raise `hidden-text`. Both PDF engines.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from support.gaming import generator

pytest.importorskip("reportlab")
pytest.importorskip("tesserocr")

ENGINES = ("pdfium", "pdfplumber")
SCAN_DPI = 150
KEYWORDS = ["LangChain", "LangGraph", "LlamaIndex", "Pinecone", "LangSmith", "Braintrust", "Helicone"]


GEN = generator()
Word = tuple[str, float, float, float, float]  # text, x0, top, x1, bottom (top-down points)


def _words(pdf: Path) -> tuple[list[Word], tuple[float, float]]:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        words = [(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in page.extract_words()]
        return words, (float(page.width), float(page.height))


def _scan(src: Path, out: Path, layer: list[Word]) -> Path:
    """`src`'s first page as an image, with `layer` as invisible text over it (what OCR software writes)."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    doc = pdfium.PdfDocument(str(src))
    image = doc[0].render(scale=SCAN_DPI / 72, grayscale=True).to_pil()
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    doc.close()
    _, (width, height) = _words(src)
    c = Canvas(str(out), pagesize=(width, height), invariant=1)
    GEN._date(c)
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, width, height)
    for text, x0, top, x1, bottom in layer:
        size = bottom - top
        t = c.beginText(x0, height - bottom + 0.207 * size)  # Helvetica's descent below the baseline
        t.setTextRenderMode(3)
        t.setFont("Helvetica", size)
        natural = stringWidth(text, "Helvetica", size)
        if natural > 0:
            t.setHorizScale(100 * (x1 - x0) / natural)
        t.textOut(text)
        c.drawText(t)
    c.showPage()
    c.save()
    return out


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("ocr-layer")
    made = GEN.make(out / "gaming")
    base, visible = out / "gaming" / "base.pdf", out / "gaming" / "control-visible.pdf"
    assert base in made and visible in made
    words, _ = _words(base)
    skills = next(w for w in words if w[0].startswith("Java,"))  # the Skills line: "Java, Python, ..."
    order = next(w for w in words if w[0] == "Order")
    line = [w for w in words if abs(w[2] - skills[2]) < 1]
    # Over a blank part of the first role (where the gaming suite stuffs its lines).
    blank = [(k, GEN.STUFF_X + 62 * i, 792 - GEN.STUFF_Y - 8, GEN.STUFF_X + 62 * i + 55, 792 - GEN.STUFF_Y + 2)
             for i, k in enumerate(KEYWORDS)]
    # Laid over printed words: each keyword on top of a word of the Skills line and the "Order service" line.
    over = [(k, w[1], w[2], w[3], w[4]) for k, w in zip(KEYWORDS, line + [order], strict=False)]
    # The Skills line's layer rewritten: the image says Java, Python...; the layer says LangChain, LangGraph...
    swapped = [w for w in words if w not in line] + [(k + ",", w[1], w[2], w[3], w[4])
                                                     for k, w in zip(KEYWORDS, line, strict=False)]
    visible_words, _ = _words(visible)
    return {
        "base": base,
        "visible": visible,
        "scan": _scan(base, out / "scan.pdf", words),
        "scan-visible": _scan(visible, out / "scan-visible.pdf", visible_words),
        "stuffed-blank": _scan(base, out / "stuffed-blank.pdf", words + blank),
        "stuffed-over-print": _scan(base, out / "stuffed-over-print.pdf", words + over),
        "stuffed-swapped": _scan(base, out / "stuffed-swapped.pdf", swapped),
    }


@pytest.fixture(scope="module")
def screens(files: dict[str, Path], config: Any) -> dict[tuple[str, str], Any]:
    from screener.pipeline import screen_file

    return {(engine, name): screen_file(path, config.replace(engine=engine))
            for engine in ENGINES for name, path in files.items()}


def _words_read(s: Any) -> set[str]:
    return {w.strip(",.|()") for line in s.document.lines for w in line.text.split()}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_genuine_ocr_scan_keeps_its_words(engine: str, screens: dict[tuple[str, str], Any]) -> None:
    base, scan = screens[(engine, "base")], screens[(engine, "scan")]
    assert scan.status == "ok"
    assert (scan.fit_score, scan.profile) == (base.fit_score, base.profile) == (0.0, "none")
    assert scan.contact.name == "Dana Whitfield"
    assert not scan.flags and not scan.document.hidden
    missing = _words_read(base) - _words_read(scan)
    assert not missing


@pytest.mark.parametrize("engine", ENGINES)
def test_ocr_layer_words_the_image_shows_count(engine: str, screens: dict[tuple[str, str], Any]) -> None:
    """The stuffed resume's keywords printed visibly, then scanned: the image shows them, so they count."""
    visible, scan = screens[(engine, "visible")], screens[(engine, "scan-visible")]
    assert scan.profile == visible.profile == "ai-engineer"
    assert scan.fit_score == visible.fit_score > 50
    assert {"LangChain", "Pinecone", "Helicone"} <= {e.name for e in scan.evidence if e.column == "A"}
    assert "hidden-text" not in [f.code for f in scan.flags]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("variant", ["stuffed-blank", "stuffed-over-print", "stuffed-swapped"])
def test_ocr_layer_words_the_image_does_not_show_are_hidden(variant: str, engine: str,
                                                            screens: dict[tuple[str, str], Any]) -> None:
    base, s = screens[(engine, "base")], screens[(engine, variant)]
    assert s.status == "ok"
    assert (s.fit_score, s.profile) == (base.fit_score, base.profile) == (0.0, "none"), variant
    assert not [e for e in s.evidence if e.column == "A"], variant
    assert [f.code for f in s.flags] == ["hidden-text"], variant
    hidden = " ".join(h.text for h in s.document.hidden)
    assert "LangChain" in hidden and "Pinecone" in hidden
    assert s.contact.name == "Dana Whitfield"
    kept = _words_read(s)
    if variant != "stuffed-swapped":  # the swapped line's real words have no layer left to read them by
        assert not _words_read(base) - kept
