"""See-through text settled by compositing (screener/read/alpha_text.py), not by the render test.

A user notices two things: Material Design resumes (text at 54-87% opacity) are read at the speed of
any other page, and see-through text is judged exactly as the render judges it. Compositing may only
ever find text visible, and only where its alpha is its one transparency over a backdrop of known
tone: a soft mask, a blend mode, a backdrop cut by a clip, or one of the text's own tone stays with the
render (the gaming suite holds the hidden cases end to end; here, which path decided).
"""

from __future__ import annotations

import ctypes
from collections import Counter
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from conftest import shared_path
from support.accel import required
from support.gaming import generator

from screener.read import alpha_text, page_scan, page_scan_c, render_check
from screener.read import pdfium as pdfium_reader

pytest.importorskip("reportlab")


GEN = generator()
STUFFED = "Pinecone"  # one of the stuffed keywords (make_gaming_pdfs.STUFF)


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("see-through")
    GEN.make(out)
    for name, draw in GEN.PROBES.items():
        GEN.write(out / f"{name}.pdf", draw, out / "_images")
    return out


def _settled(path: Path) -> tuple[dict[int, float], Counter[str]]:
    """(found.blended, the reasons left in found.suspects) of the file's first page after settle()."""
    doc = pdfium.PdfDocument(path)
    page = doc[0]
    try:
        found = render_check.scan(page)
        alpha_text.settle(doc, 0, page, found)
        return dict(found.blended), Counter(found.suspects.values())
    finally:
        page.close()
        doc.close()


def _stuffed_hidden(path: Path) -> set[str]:
    """The hidden reasons the reader gives the stuffed keyword's glyphs or words."""
    read = pdfium_reader.read(path.read_bytes())
    text = [(c.text, c.hidden) for p in read.pages for c in p.chars]
    joined = "".join(t for t, _ in text)
    assert STUFFED in joined.replace(" ", "")
    return {h for t, h in text if t and t in STUFFED or STUFFED in t}


@pytest.mark.parametrize("control", ["see-through", "see-through-white-on-dark"])
def test_plain_see_through_text_is_settled_without_a_render(
    control: str, suite: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = suite / f"control-{control}.pdf"
    blended, left = _settled(path)
    assert len(blended) == 2 and "transparent" not in left  # both stuffed lines, one text object each
    assert all(0.5 <= a < 1 for a in blended.values())
    rendered: list[str] = []
    real_resolve = render_check.resolve

    def resolve(page: Any, chars: list[Any], found: Any) -> None:
        rendered.extend(c.text for c in chars if c.hidden.startswith("?"))
        real_resolve(page, chars, found)

    monkeypatch.setattr(pdfium_reader.render_check, "resolve", resolve)
    assert _stuffed_hidden(path) == {""}  # read, and visible
    assert not [t for t in rendered if t in STUFFED or STUFFED in t]  # decided without the render


@pytest.mark.parametrize(
    "technique",
    [
        "see-through-soft-mask",  # the alpha is not its one transparency
        "see-through-on-own-tone",  # too close to its backdrop's tone to call
        "see-through-white-on-white-box",
        "see-through-over-clipped-dark-box",  # the dark box a clip cuts away is not its backdrop
    ],
)
def test_what_compositing_cannot_know_goes_to_the_render(technique: str, suite: Path) -> None:
    blended, left = _settled(suite / f"{technique}.pdf")
    assert blended == {}
    assert left["transparent"] == 2
    assert _stuffed_hidden(suite / f"{technique}.pdf") == {"transparent"}  # and the render hides it


def test_a_blend_mode_goes_to_the_render_which_draws_it(suite: Path) -> None:
    """Black text in the Screen blend mode: white on white by the PDF specification, but PDFium, and so
    Chrome's viewer, draws it grey and readable. Compositing leaves it alone; the render's verdict holds."""
    path = suite / "see-through-screen-blend.pdf"
    blended, left = _settled(path)
    assert blended == {} and left["transparent"] == 2
    assert _stuffed_hidden(path) == {""}


def test_an_opaque_white_word_over_a_box_cut_away_by_a_clip_is_hidden(suite: Path) -> None:
    """The fast path of opaque light text looks for the shape under it; a clipped shape may not be there."""
    assert _stuffed_hidden(suite / "white-over-clipped-dark-box.pdf") == {"same-colour-as-background"}


def _fills(page: Any) -> list[tuple[int, ...]]:
    out = []
    rgba = [ctypes.c_uint(0) for _ in range(4)]
    for obj in page.get_objects(max_depth=4):
        raw.FPDFPageObj_GetFillColor(obj.raw, *(ctypes.byref(v) for v in rgba))
        out.append((*(v.value for v in rgba), raw.FPDFPageObj_HasTransparency(obj.raw)))
    return out


def test_the_page_that_is_read_is_never_changed(suite: Path) -> None:
    doc = pdfium.PdfDocument(suite / "control-see-through.pdf")
    page = doc[0]
    try:
        before = _fills(page)
        found = render_check.scan(page)
        alpha_text.settle(doc, 0, page, found)
        assert found.blended  # the copy's objects were changed to ask; the page's were not
        assert _fills(page) == before
    finally:
        page.close()
        doc.close()


def _both_walks(path: Path) -> int:
    """settle() with the C walk and with the Python walk on each page: the same objects settled."""
    compared = 0
    doc = pdfium.PdfDocument(path)
    try:
        for i in range(len(doc)):
            page = doc[i]
            try:
                c_found, py_found = render_check.scan(page), render_check.scan(page)
                if c_found.text_table is None:
                    continue
                alpha_text.settle(doc, i, page, c_found)
                module = page_scan_c.MODULE
                page_scan_c.MODULE = None
                try:
                    alpha_text.settle(doc, i, page, py_found)
                finally:
                    page_scan_c.MODULE = module
                assert c_found.blended == py_found.blended, (path, i)
                assert c_found.suspects == py_found.suspects, (path, i)
                compared += 1
            finally:
                page.close()
    finally:
        doc.close()
    return compared


def test_the_c_and_python_walks_settle_alike(suite: Path) -> None:
    required(page_scan_c.MODULE, "the C scan")
    pages = sum(_both_walks(p) for p in sorted(suite.glob("*.pdf")))
    # alpha-0, alpha-low, alpha-0-around-form, the four see-through techniques, the two see-through
    # controls and the Screen probe (alpha-0-deep-forms' text lies deeper than the scan looks).
    assert pages == 10


@pytest.mark.parametrize(
    ("name", "settled", "left"),
    [
        # Material Design: 1,020 see-through text objects (measured 2026-12-07): 31 are drawn in forms
        # (at 80%), 27 sit on the sidebar's soft-masked shadows or its translucent bars; the rest settle.
        ("best-resume-ever_material-dark", 962, {"transparent": 58, "background": 22}),
        # Chromium + pdf-lib and latexcv draw see-through layers over outlines or images: all rendered.
        ("reactive-resume_onyx", 0, {"transparent": 360}),
        ("best-resume-ever_side-bar", 0, {"transparent": 15}),
    ],
)
def test_real_see_through_pages(name: str, settled: int, left: dict[str, int]) -> None:
    path = shared_path("corpus", "real", f"{name}.pdf")
    if page_scan_c.MODULE is not None:
        assert _both_walks(path) >= 1
    blended, remaining = _settled(path)
    assert len(blended) == settled
    assert dict(remaining) == left


def test_material_dark_reads_its_punctuation() -> None:
    """The render test looks at the middle of each glyph's box, where a full stop or an apostrophe has no
    ink: on see-through text it used to hide them ("Node js"). Compositing judges the glyph's colour."""
    path = shared_path("corpus", "real", "best-resume-ever_material-dark.pdf")
    read = pdfium_reader.read(path.read_bytes())
    chars = [c for p in read.pages for c in p.chars]
    text = "".join(c.text for c in chars)
    assert "Node.js" in text
    assert [c.text for c in chars if c.hidden] == []


def test_bad_arguments_raise(suite: Path) -> None:
    module = required(page_scan_c.MODULE, "the C scan")
    import numpy as np

    doc = pdfium.PdfDocument(suite / "control-see-through.pdf")
    page, copy = doc[0], doc[0]
    try:
        handle = ctypes.cast(page.raw, ctypes.c_void_p).value
        twin = ctypes.cast(copy.raw, ctypes.c_void_p).value
        fns = page_scan_c._FNS
        wanted = np.array([2, 1], dtype=np.uint64)
        with pytest.raises(ValueError):
            module.alpha_candidates(fns, handle, wanted, 128)  # not in order
        with pytest.raises(ValueError):
            module.alpha_candidates(fns, handle, b"1234567", 128)  # not whole addresses
        with pytest.raises(ValueError):
            module.alpha_candidates(fns, 0, wanted[::-1].copy(), 128)  # no page
        with pytest.raises(ValueError):
            module.alpha_candidates(fns[:-1], handle, wanted[::-1].copy(), 128)  # a function missing
        records, top = module.alpha_candidates(fns, handle, np.array([], dtype=np.uint64), 128)
        assert records == b"" and len(top) == 8 * raw.FPDFPage_CountObjects(page.raw)
        with pytest.raises(ValueError):
            module.alpha_only(fns, 0, np.array([0], dtype=np.int32))  # no copy
        with pytest.raises(ValueError):
            module.alpha_only(fns, twin, b"123")  # not whole positions
        # Positions off the page, or not a text object, are never "alpha only".
        assert module.alpha_only(fns, twin, np.array([-1, 10**6, 0], dtype=np.int32))[:2] == b"\x00\x00"
    finally:
        copy.close()
        page.close()
        doc.close()


def test_drawing_tables_name_their_objects(suite: Path) -> None:
    """alpha_text asks PDFium about the drawings under a candidate by address: the table's are real."""
    doc = pdfium.PdfDocument(suite / "see-through-on-own-tone.pdf")
    page = doc[0]
    try:
        found = page_scan.scan(page)
        assert found.drawing_table is not None
        table = found.drawing_table
        kinds = {int(a): int(k) for a, k in zip(table["address"], table["kind"], strict=True)}
        assert kinds and all(page_scan._TYPE(a) == k for a, k in kinds.items())
    finally:
        page.close()
        doc.close()
