"""The word gaps of one-glyph-per-object PDFs (wkhtmltopdf) are read from the text page in one pass.

PDFium's own FPDFTextObj_GetText walks the whole text page once per object (quadratic on pages of
thousands of objects); `_object_texts` replays that walk for every object at once. Whatever PDFium
says of an object, the replay must say the same, or word gaps ("of Information") would come and go.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from support import FIXTURE_PDFS, shared_path

from screener.read import pdfium as reader
from screener.read import pdfium_spaces as spaces
from screener.read import render_check


def _pdfium_says(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> dict[int, str]:
    """FPDFTextObj_GetText of every top-level text object, by address."""
    out = {}
    for i in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, i)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_TEXT:
            continue
        n = raw.FPDFTextObj_GetText(obj, textpage.raw, None, 0)
        buf = (ctypes.c_ushort * max(n // 2, 1))()
        raw.FPDFTextObj_GetText(obj, textpage.raw, buf, n)
        text = bytes(buf)[: max(n - 2, 0)].decode("utf-16-le", "replace")
        out[ctypes.cast(obj, ctypes.c_void_p).value or 0] = text
    return out


def _check(path: Path) -> int:
    """Compare replay and PDFium on every page; the number of objects compared."""
    doc = pdfium.PdfDocument(str(path))
    compared = 0
    try:
        for k in range(len(doc)):
            page = doc[k]
            textpage = page.get_textpage()
            text = reader._page_text(textpage)
            replay = spaces._object_texts(textpage, text, [-1] * len(text))
            for obj, said in _pdfium_says(page, textpage).items():
                mine = replay.get(obj, "")
                if len(said) <= spaces._SAID_MAX:
                    assert mine == said, (path.name, k + 1, obj)
                else:
                    assert len(mine) > spaces._SAID_MAX, (path.name, k + 1, obj)
                compared += 1
            textpage.close()
            page.close()
    finally:
        doc.close()
    return compared


@pytest.mark.parametrize("name", ["29_no_metadata_date.pdf", "65_kaggle_style.pdf", "01_ai_strong.pdf"])
def test_replay_matches_pdfium_on_fixtures(name: str) -> None:
    assert _check(FIXTURE_PDFS / name) > 10  # 19 to 45 objects each, most of them whole lines


def test_replay_matches_pdfium_on_livecareer() -> None:
    folder = shared_path("corpus", "livecareer", "pdfs")
    files = sorted(folder.glob("*/*.pdf"))[::40]  # a spread of the 347: every page is thousands of objects
    assert sum(_check(f) for f in files) > 10_000


def test_scan_lists_the_page_objects_the_spaces_come_from() -> None:
    doc = pdfium.PdfDocument(str(FIXTURE_PDFS / "65_kaggle_style.pdf"))
    try:
        page = doc[0]
        found = render_check.scan(page)
        tops = [obj for obj, _ in found.top_texts]
        assert tops and set(tops) <= set(found.texts)
        assert found.text_objects == len(found.texts)
        page.close()
    finally:
        doc.close()
