"""The glyph accelerator (screener/read/_glyphs.c) reads what the Python reader reads, byte for byte.

The C module only gathers PDFium's answers (each glyph's text object and box, each object's style
inputs, the space-only objects of a glyph-per-object page); Python still decides everything. So the
reader's output must be the same with it and without it, on every kind of PDF: a glyph, a box, a
weight or a word gap that differs would change what a screen finds.
"""

from __future__ import annotations

import ctypes
import struct
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from support import FIXTURE_PDFS, ROOT, shared_path
from support.accel import required

from screener.read import accel, pdfium_fast, pdfium_spaces, render_check
from screener.read import pdfium as reader
from screener.read.base import ExtractError, RawChar
from screener.read.pdfium_spaces import _SPACE_FUNCTIONS
from screener.read.pdfium_style import GLYPH_FUNCTIONS, STYLE_FUNCTIONS

sys.path.insert(0, str(ROOT / "scripts"))
from dump_reader import canonical  # noqa: E402 - the script's canonical text of the reader's output


@pytest.fixture
def fast() -> object:
    return required(accel.glyphs, "the glyph accelerator")


def _same_both_ways(files: list[Path], fast: object, monkeypatch: pytest.MonkeyPatch) -> int:
    """Read each file with the accelerator and without; the number of glyphs compared."""
    compared = 0
    for f in files:
        data = f.read_bytes()
        with_c = canonical(data)
        monkeypatch.setattr(accel, "glyphs", None)
        python = canonical(data)
        monkeypatch.setattr(accel, "glyphs", fast)
        assert with_c == python, f.name
        compared += with_c.count("\n")
    return compared


def test_fixture_pdfs_read_the_same(fast: object, monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted(FIXTURE_PDFS.glob("*.pdf"))
    assert len(files) > 60
    assert _same_both_ways(files, fast, monkeypatch) > 4_500  # pages, glyphs and words: 4,652 today


def test_real_resumes_read_the_same(fast: object, monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted(shared_path("corpus", "real").glob("*.pdf"))[::3]  # LaTeX, Word, Chromium, Typst...
    assert _same_both_ways(files, fast, monkeypatch) > 9_000  # 9,209 today


def test_livecareer_glyph_per_object_pages_read_the_same(fast: object, monkeypatch: pytest.MonkeyPatch) -> None:
    # wkhtmltopdf: a text object per glyph and a space-only object per word gap (the C replay of
    # FPDFTextObj_GetText); every 25th of the 451 files.
    files = sorted(shared_path("corpus", "livecareer", "pdfs").glob("*/*.pdf"))[::25]
    assert _same_both_ways(files, fast, monkeypatch) > 94_000  # 94,518 today


def test_space_objects_found_in_c_are_pythons(fast: object, monkeypatch: pytest.MonkeyPatch) -> None:
    # The word gaps of wkhtmltopdf pages (space-only objects, or a glyph with its trailing space): the
    # C replay of FPDFTextObj_GetText must find the same ones, at the same float positions.
    found_gaps = 0
    for f in sorted(shared_path("corpus", "livecareer", "pdfs").glob("*/*.pdf"))[5::60]:
        doc = pdfium.PdfDocument(str(f))
        try:
            for k in range(len(doc)):
                page = doc[k]
                textpage = page.get_textpage()
                text, height, scan = reader._page_text(textpage), page.get_size()[1], render_check.scan(page)
                addresses = [-1] * len(text)
                with_c = pdfium_spaces.space_objects(textpage, text, addresses, height, scan)
                monkeypatch.setattr(accel, "glyphs", None)
                python = pdfium_spaces.space_objects(textpage, text, addresses, height, scan)
                monkeypatch.setattr(accel, "glyphs", fast)
                assert with_c == python, (f.name, k + 1)
                found_gaps += len(python[0])
                textpage.close()
                page.close()
        finally:
            doc.close()
    assert found_gaps > 8_000  # 8,399 in these 6 files today: a word gap every few glyphs


def _open(name: str) -> tuple[pdfium.PdfDocument, pdfium.PdfPage, pdfium.PdfTextPage, int, str]:
    doc = pdfium.PdfDocument(str(FIXTURE_PDFS / name))
    page = doc[0]
    textpage = page.get_textpage()
    text = reader._page_text(textpage)
    return doc, page, textpage, ctypes.cast(textpage.raw, ctypes.c_void_p).value or 0, text


def test_glyphs_skip_spaces_and_line_breaks(fast: object) -> None:
    doc, page, textpage, tp, text = _open("01_ai_strong.pdf")
    try:
        addresses, kept, boxes, spaces, newlines, object_of, objects, firsts = fast.glyphs(  # type: ignore[attr-defined]
            GLYPH_FUNCTIONS, tp, text
        )
        asked = [i for i, ch in enumerate(text) if ch not in " \u00a0\t\r\n"]
        assert len(addresses) == 8 * len(text)
        assert 0 < len(kept) // 4 <= len(asked)  # a glyph PDFium gives no box for is dropped
        assert len(boxes) == 16 * (len(kept) // 4) and len(spaces) == len(newlines) == len(kept) // 4
        assert any(spaces) and any(newlines)  # a word gap and a line break come before some glyph
        assert 0 < len(objects) // 8 == len(firsts) // 4 <= len(asked)
    finally:
        textpage.close()
        page.close()
        doc.close()


def test_bad_arguments_raise_instead_of_crashing(fast: object) -> None:
    doc, page, textpage, tp, text = _open("01_ai_strong.pdf")
    f = fast
    try:
        with pytest.raises(ValueError):
            f.glyphs((0, GLYPH_FUNCTIONS[1]), tp, text)  # type: ignore[attr-defined]
        with pytest.raises(TypeError):
            f.glyphs(GLYPH_FUNCTIONS[:1], tp, text)  # type: ignore[attr-defined]
        with pytest.raises(ValueError):
            f.glyphs(GLYPH_FUNCTIONS, 0, text)  # type: ignore[attr-defined]
        with pytest.raises(TypeError):
            f.glyphs(GLYPH_FUNCTIONS, tp, b"text")  # type: ignore[attr-defined]
        with pytest.raises(ValueError):  # objects (int64) and firsts (int32) of different lengths
            f.styles(STYLE_FUNCTIONS, tp, bytes(16), bytes(4))  # type: ignore[attr-defined]
        with pytest.raises(ValueError):
            f.styles(STYLE_FUNCTIONS, tp, bytes(8), (-1).to_bytes(4, "little", signed=True))  # type: ignore[attr-defined]
        with pytest.raises(TypeError):
            f.spaces(_SPACE_FUNCTIONS, tp, text, [(1, (0.0, 0.0))], 792.0)  # type: ignore[attr-defined]
        with pytest.raises(TypeError):
            f.spaces(_SPACE_FUNCTIONS, tp, text, [("obj", (0.0, 0.0, 1.0, 1.0))], 792.0)  # type: ignore[attr-defined]
        # An object the text page does not know says nothing: a space-only object, its gap at its left.
        ys, xs = f.spaces(_SPACE_FUNCTIONS, tp, text, [(1, (10.0, 20.0, 30.0, 40.0))], 100.0)  # type: ignore[attr-defined]
        assert (ys, xs) == (bytes(ctypes.c_double(100.0 - 30.0)), bytes(ctypes.c_double(10.0)))
    finally:
        textpage.close()
        page.close()
        doc.close()


def test_rawchars_fills_the_same_glyphs_as_the_class_would(fast: object) -> None:
    # Two glyphs of text "ab": boxes as float32 (1.5 is exact), flipped against a 100-pt page.
    boxes = struct.pack("8f", 1.5, 90.0, 7.5, 80.0, 8.0, 90.0, 14.25, 80.0)
    made = fast.rawchars(  # type: ignore[attr-defined]
        RawChar, pdfium_fast._SLOTS, "ab", struct.pack("2i", 0, 1), boxes, 100.0, struct.pack("2i", 0, 0),
        [9.5], [True], [""], {1: "off-page"}, b"\x00\x01", b"\x01\x00",
    )
    assert made == [
        RawChar("a", 1.5, 10.0, 7.5, 20.0, 9.5, True, "", False, True),
        RawChar("b", 8.0, 10.0, 14.25, 20.0, 9.5, True, "off-page", True, False),
    ]
    made[0].text += " c"  # an ordinary, writable RawChar
    assert made[0].text == "a c" and made[0].units == 1


class _NotSlots:
    __slots__ = pdfium_fast._SLOTS[1:]
    text = property(lambda self: "")


def test_rawchars_refuses_what_it_cannot_fill(fast: object) -> None:
    ok = ("a", struct.pack("i", 0), bytes(16), 100.0, struct.pack("i", 0), [9.5], [True], [""], {}, b"\x00", b"\x00")
    with pytest.raises(IndexError):  # a glyph index past the text
        fast.rawchars(RawChar, pdfium_fast._SLOTS, "a", struct.pack("i", 5), *ok[2:])  # type: ignore[attr-defined]
    with pytest.raises(IndexError):  # an object index past the per-object columns
        fast.rawchars(RawChar, pdfium_fast._SLOTS, *ok[:4], struct.pack("i", 3), *ok[5:])  # type: ignore[attr-defined]
    with pytest.raises(ValueError):  # columns of different lengths
        fast.rawchars(RawChar, pdfium_fast._SLOTS, *ok[:2], bytes(8), *ok[3:])  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):  # a class without these fields
        fast.rawchars(ExtractError, pdfium_fast._SLOTS, *ok)  # type: ignore[attr-defined]
    with pytest.raises(TypeError):  # fields that are not plain object slots (a property here)
        fast.rawchars(_NotSlots, pdfium_fast._SLOTS, *ok)  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        fast.rawchars(RawChar, pdfium_fast._SLOTS[:5], *ok)  # type: ignore[attr-defined]


def test_functions_are_pypdfium2s_own() -> None:
    # The C module calls the library pypdfium2 loaded, never a copy of its own.
    assert GLYPH_FUNCTIONS[0] == accel.address(raw.FPDFText_GetTextObject)
    assert all(GLYPH_FUNCTIONS + STYLE_FUNCTIONS + _SPACE_FUNCTIONS)
