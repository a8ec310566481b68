"""The glyph accelerator (screener/read/_glyphs.c) reads what the Python reader reads, byte for byte.

The C module gathers PDFium's answers (each glyph's text object and box, each object's style
inputs, the space-only objects of a glyph-per-object page) and runs the word reader's loop with
the same float operations, asking Python for each object's style and for what is hidden. So the
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
from support.gaming import generator

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


def test_gaming_suite_reads_the_same(fast: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Hidden text of every kind: the C word loop asks Python's hidden() where the Python loop does,
    # and reads a word glyph by glyph where its ends disagree (white over a dark box, see-through...).
    pytest.importorskip("reportlab")
    files = generator().make(tmp_path)
    assert len(files) == 43  # 34 techniques, 8 controls and the weak resume itself
    assert _same_both_ways(files, fast, monkeypatch) == 2_455  # lines of the canonical text today


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


class _Info:
    """A stand-in _ObjInfo: what the C word loop reads of one."""

    def __init__(self, base: object = "", light: bool = False, unit: float = 10.0) -> None:
        self.base, self.light, self.size, self.bold = base, light, 10.0, False
        self.same_line, self.unit, self.run_gap = 4.5, unit, 15.0


def _words(fast: object, info: object, hidden: object = None, glyphs: object = None) -> list[RawChar]:
    doc, page, textpage, tp, text = _open("01_ai_strong.pdf")
    out: list[RawChar] = []
    try:
        fast.words(  # type: ignore[attr-defined]
            GLYPH_FUNCTIONS, tp, text, 612.0, 792.0, info.__self__ if hasattr(info, "__self__") else {}, info,
            hidden or (lambda *a: ""), glyphs or (lambda *a: None), RawChar, 0.1, out,
        )
    finally:
        textpage.close()
        page.close()
        doc.close()
    return out


def _keeping(make: object) -> object:
    """An info(i, key) callback that keeps what `make` gives in its own dict (as _Reader.info does)."""

    class Keeper(dict):  # type: ignore[type-arg]
        def info(self, i: int, key: int) -> object:
            self[key] = made = make()  # type: ignore[operator]
            return made

    return Keeper().info


def test_words_groups_the_page_into_words_and_runs(fast: object) -> None:
    by_glyph: list[str] = []

    def glyphs(text: str, i: int, k: int, space: bool, newline: bool, out: list[RawChar]) -> None:
        by_glyph.append(text[i:k])

    out = _words(fast, _keeping(_Info), glyphs=glyphs)
    doc, page, textpage, tp, text = _open("01_ai_strong.pdf")
    textpage.close(), page.close(), doc.close()
    read = [w for c in out for w in c.text.split(" ")]
    assert sorted(read + by_glyph) == sorted(reader._WORD.findall(text))  # every word once, whole
    assert len(read) > 100 and len(by_glyph) < 10
    assert any(c.units > 1 for c in out) and all(c.units == len(c.text.split(" ")) for c in out)
    assert not any(c.hidden for c in out)
    # A light style: every word is asked of hidden(), and what it says is the word's reason.
    asked: list[tuple[float, ...]] = []

    def hidden(info: object, *box: float) -> str:
        asked.append(box)
        return "same-colour"

    light = _words(fast, _keeping(lambda: _Info(light=True)), hidden, glyphs)
    assert light and all(c.hidden == "same-colour" and c.units == 1 for c in light) and len(asked) == len(light)


def test_words_reads_a_word_glyph_by_glyph_where_its_ends_disagree(fast: object) -> None:
    # A type size so small that every word of two glyphs or more is far wider than its letters allow.
    calls: list[tuple[int, int]] = []

    def glyphs(text: str, i: int, k: int, space: bool, newline: bool, out: list[RawChar]) -> None:
        calls.append((i, k))

    out = _words(fast, _keeping(lambda: _Info(unit=0.01)), glyphs=glyphs)
    assert len(calls) > 100 and all(k - i >= 2 for i, k in calls)
    assert out and all(len(c.text) == 1 for c in out)  # only one-glyph words are left to it


def test_words_passes_callback_errors_on_instead_of_crashing(fast: object) -> None:
    def boom(*args: object) -> object:
        raise ZeroDivisionError("from Python")

    with pytest.raises(ZeroDivisionError):
        _words(fast, boom)  # info() fails
    with pytest.raises(RuntimeError):  # info() that does not keep the object where the loop looks
        _words(fast, lambda i, key: _Info())
    with pytest.raises(TypeError):
        _words(fast, _keeping(lambda: _Info(base=3)))  # a reason that is not text
    with pytest.raises(TypeError):
        _words(fast, _keeping(lambda: _Info(light=True)), lambda *a: 5)  # hidden() says no text
    with pytest.raises(ZeroDivisionError):
        _words(fast, _keeping(lambda: _Info(unit=0.01)), glyphs=boom)  # the glyph reader fails
    with pytest.raises(TypeError):
        fast.words(GLYPH_FUNCTIONS, 1, "text", 612.0, 792.0, [], boom, boom, boom, RawChar, 0.1, [])  # type: ignore[attr-defined]

