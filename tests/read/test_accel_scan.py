"""The visibility scan in C (screener/read/_scan.c) against the Python walk it replaces.

A user notices nothing but speed: every page's PageScan (which text objects need the render test
and why, the page's own text boxes, the render-mode-3 objects, images, nesting) must be the same
from both walks, on the fixtures, the hidden-text gaming suite, a hand-made page of each technique
the scan itself sees, and a sample of the real corpora. Bad arguments raise, never crash.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from conftest import FIXTURE_PDFS, shared_path
from support.accel import required
from support.pdfs import pdf_of

from screener.read import page_scan, page_scan_c


@pytest.fixture(scope="module")
def c_scan() -> Any:
    return required(page_scan_c.MODULE, "the C scan")


def _pages(path: Path) -> Iterator[Any]:
    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return  # a file PDFium refuses (a password, damage): no page to compare
    try:
        for i in range(len(doc)):
            page = doc[i]
            try:
                yield page
            finally:
                page.close()
    finally:
        doc.close()


def _assert_same(path: Path) -> int:
    pages = 0
    for page in _pages(path):
        python, c = page_scan.scan(page), page_scan_c.scan(page)
        assert list(c.suspects.items()) == list(python.suspects.items()), path  # the same reasons, in order
        assert c == python, path
        for table in ("text_table", "drawing_table"):  # what alpha_text reads of the walk: the same rows
            mine, theirs = getattr(c, table), getattr(python, table)
            assert (mine is None) == (theirs is None), (path, table)
            if mine is not None:
                assert mine.dtype == theirs.dtype, (path, table)
                for name in mine.dtype.names:
                    nan_ok = mine[name].dtype.kind == "f"
                    assert np.array_equal(mine[name], theirs[name], equal_nan=nan_ok), (path, table, name)
        pages += 1
    return pages


def _stream(head: bytes, content: bytes) -> bytes:
    return b"<< " + head + b" /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
LEVELS = 6  # forms nested in each other, each drawing a word: deeper than page_scan.FORM_DEPTH


def _techniques_pdf() -> bytes:
    """One page: a plain word, a word cut away by a clip, one in render mode 3, one a later fill covers,
    and forms nested LEVELS deep with a word in each."""
    page = (
        b"BT /F1 12 Tf 10 280 Td (plain) Tj ET "
        b"q 0 0 300 100 re W n BT /F1 12 Tf 10 150 Td (clipped) Tj ET Q "
        b"q BT 3 Tr /F1 12 Tf 10 200 Td (ghost) Tj ET Q "
        b"BT /F1 12 Tf 10 50 Td (covered) Tj ET 1 1 1 rg 5 45 100 20 re f "
        b"/X0 Do"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 5 0 R"
        b" /Resources << /Font << /F1 4 0 R >> /XObject << /X0 6 0 R >> >> >>",
        FONT,
        _stream(b"", page),
    ]
    for level in range(LEVELS):
        inner = b" /XObject << /X%d %d 0 R >>" % (level + 1, 7 + level) if level + 1 < LEVELS else b""
        content = b"BT /F1 10 Tf 150 %d Td (level%d) Tj ET" % (250 - 20 * level, level)
        if level + 1 < LEVELS:
            content += b" /X%d Do" % (level + 1)
        head = b"/Type /XObject /Subtype /Form /BBox [0 0 300 300] /Resources << /Font << /F1 4 0 R >>%s >>" % inner
        objects.append(_stream(head, content))
    return pdf_of(objects)


@pytest.fixture(scope="module")
def techniques(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scan") / "techniques.pdf"
    path.write_bytes(_techniques_pdf())
    return path


@pytest.mark.parametrize("walk", ["python", "c"])
def test_each_technique_the_scan_sees(walk: str, techniques: Path, request: pytest.FixtureRequest) -> None:
    if walk == "c":
        request.getfixturevalue("c_scan")
    scan = page_scan.scan if walk == "python" else page_scan_c.scan
    (found,) = [scan(page) for page in _pages(techniques)]
    # The page's 4 words, and the words of the forms at depths 1..FORM_DEPTH (forms X0..X3 are opened;
    # X4, at depth 4, is not, so the words of X4 and X5 are not scanned).
    assert found.text_objects == 4 + page_scan.FORM_DEPTH
    assert found.deep
    assert len(found.top_texts) == 4  # the page's own words only
    assert sorted(found.suspects.values()) == ["clipped", "covered", "render-mode"]
    ghost = [address for address, why in found.suspects.items() if why == "render-mode"]
    assert found.invisible == set(ghost)
    assert found.images == 0


def test_the_same_scan_on_the_fixtures_and_the_hand_made_page(c_scan: Any, techniques: Path) -> None:
    pages = sum(_assert_same(p) for p in sorted(FIXTURE_PDFS.glob("*.pdf")))
    assert pages >= 60
    assert _assert_same(techniques) == 1


def test_the_same_scan_on_the_gaming_suite(c_scan: Any, tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from test_gaming import GEN

    GEN.make(tmp_path)
    files = sorted(tmp_path.glob("*.pdf"))
    assert len(files) >= 30
    for path in files:
        _assert_same(path)


@pytest.mark.parametrize(("parts", "every"), [(("corpus", "real"), 3), (("corpus", "livecareer", "pdfs"), 25)])
def test_the_same_scan_on_a_sample_of_the_real_corpora(c_scan: Any, parts: tuple[str, ...], every: int) -> None:
    files = sorted(shared_path(*parts).rglob("*.pdf"))[::every]
    assert len(files) >= 12
    pages = sum(_assert_same(path) for path in files)
    assert pages >= len(files)


def test_bad_arguments_raise(c_scan: Any, techniques: Path) -> None:
    functions = page_scan_c._FNS
    doc = pdfium.PdfDocument(techniques)
    page = doc[0]
    try:
        import ctypes

        handle = ctypes.cast(page.raw, ctypes.c_void_p).value
        with pytest.raises(ValueError):
            c_scan.scan(functions[:-1], handle, 4)  # a function missing
        with pytest.raises(ValueError):
            c_scan.scan((0, *functions[1:]), handle, 4)  # a null function
        with pytest.raises(ValueError):
            c_scan.scan(functions, 0, 4)  # no page
        with pytest.raises(ValueError):
            c_scan.scan(functions, handle, -1)
        with pytest.raises(ValueError):
            c_scan.scan(functions, handle, 1000)  # a recursion the C stack should not take
        with pytest.raises(TypeError):
            c_scan.scan(list(functions), handle, 4)
        with pytest.raises(TypeError):
            c_scan.scan(functions, "page", 4)
        records = c_scan.scan(functions, handle, 4)[6]
        size = c_scan.TEXT_RECORD_SIZE
        tones = bytes(8 * (len(records) // size))
        with pytest.raises(ValueError):
            c_scan.relate(records[:-1], tones, b"", b"", 0.25, 0.5, 0.35)  # not whole records
        with pytest.raises(ValueError):
            c_scan.relate(records, tones[:-8], b"", b"", 0.25, 0.5, 0.35)  # a tone missing
        with pytest.raises(TypeError):
            c_scan.relate(records, "tones", b"", b"", 0.25, 0.5, 0.35)
        assert c_scan.relate(records, tones, b"", b"", 0.25, 0.5, 0.35) == bytes(len(records) // size)
    finally:
        page.close()
        doc.close()
