"""The fast engine: PDFium through pypdfium2, read glyph by glyph."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from screener.extract.base import MAX_PAGES, ExtractError, RawChar, RawPage, RawPdf, metadata_date
from screener.extract.visibility import Background, hidden_reason, is_bold_font

_ERRORS = {
    raw.FPDF_ERR_PASSWORD: ("encrypted", "the PDF is protected by a password"),
    raw.FPDF_ERR_SECURITY: ("encrypted", "the PDF uses an unsupported security handler"),
    raw.FPDF_ERR_FORMAT: ("corrupt", "the PDF is damaged and cannot be parsed"),
    raw.FPDF_ERR_FILE: ("corrupt", "the PDF cannot be opened"),
    raw.FPDF_ERR_PAGE: ("corrupt", "a page of the PDF is damaged"),
}
_RENDER_INVISIBLE = 3
_FORCE_BOLD = 0x40000


def read(data: bytes) -> RawPdf:
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        status, reason = _ERRORS.get(getattr(exc, "err_code", -1), ("corrupt", f"PDFium: {exc}"))
        raise ExtractError(status, reason) from exc
    try:
        count = len(doc)
        if count == 0:
            raise ExtractError("no-text", "the PDF has no pages")
        if count > MAX_PAGES:
            raise ExtractError("too-large", f"the PDF has {count} pages; a resume over {MAX_PAGES} is refused")
        try:
            meta = doc.get_metadata_dict()
        except pdfium.PdfiumError:
            meta = {}
        pages = [_read_page(doc, i) for i in range(count)]
        return RawPdf(pages=pages, metadata_date=metadata_date(meta), engine="pdfium", page_count=count)
    except pdfium.PdfiumError as exc:
        raise ExtractError("corrupt", f"PDFium could not read a page: {exc}") from exc
    finally:
        doc.close()


def _read_page(doc: pdfium.PdfDocument, index: int) -> RawPage:
    page = doc[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            chars = _read_chars(page, textpage, width, height)
        finally:
            textpage.close()
        images = _count_images(page) if not chars or any(c.hidden == "ocr?" for c in chars) else 0
        if images:
            # Invisible text over an image is an OCR layer: that is what a reader sees.
            for c in chars:
                if c.hidden == "ocr?":
                    c.hidden = ""
        else:
            for c in chars:
                if c.hidden == "ocr?":
                    c.hidden = "invisible-render-mode"
        return RawPage(number=index + 1, width=width, height=height, chars=chars, images=images)
    finally:
        page.close()


class _ObjInfo:
    __slots__ = ("size", "bold", "rgb", "alpha", "invisible")

    def __init__(self, size: float, bold: bool, rgb: tuple[float, float, float], alpha: float, invisible: bool):
        self.size = size
        self.bold = bold
        self.rgb = rgb
        self.alpha = alpha
        self.invisible = invisible


def _read_chars(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, width: float, height: float) -> list[RawChar]:
    tp = textpage.raw
    n = raw.FPDFText_CountChars(tp)
    if n <= 0:
        return []
    text = textpage.get_text_range(0, n)
    if len(text) != n:  # surrogate pairs shift indices; fall back to per-glyph reads
        text = "".join(chr(raw.FPDFText_GetUnicode(tp, i)) for i in range(n))
    rect = raw.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    get_box = raw.FPDFText_GetLooseCharBox
    get_obj = raw.FPDFText_GetTextObject
    infos: dict[int, _ObjInfo] = {}
    background: Background | None = None
    out: list[RawChar] = []
    space = newline = False
    for i, ch in enumerate(text):
        if ch in " \u00a0\t":
            space = True
            continue
        if ch in "\r\n":
            newline = True
            continue
        if "\ud800" <= ch <= "\udfff":
            continue  # half of an astral-plane glyph (icon fonts, emoji): not text
        obj = get_obj(tp, i)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        info = infos.get(key)
        if info is None:
            info = _object_info(tp, i, obj)
            infos[key] = info
        if not get_box(tp, i, rect_ref):
            continue
        x0, x1 = rect.left, rect.right
        top, bottom = height - rect.top, height - rect.bottom
        if info.invisible:
            why = "ocr?"
        else:
            if background is None and max(info.rgb) > 0.55:
                background = Background.from_page(page, height)
            why = hidden_reason(info.size, info.rgb, info.alpha, (x0, top, x1, bottom), width, height, background)
        out.append(RawChar(ch, x0, top, x1, bottom, info.size, info.bold, why, space, newline))
        space = newline = False
    return out


def _object_info(tp: object, i: int, obj: object) -> _ObjInfo:
    size = float(raw.FPDFText_GetFontSize(tp, i))
    # The font size excludes the text matrix; TeX often draws 10-pt fonts scaled up.
    matrix = raw.FS_MATRIX()
    if raw.FPDFText_GetMatrix(tp, i, ctypes.byref(matrix)):
        scale = (matrix.c**2 + matrix.d**2) ** 0.5
        if 0.05 < scale < 50:
            size *= scale
    weight = raw.FPDFText_GetFontWeight(tp, i)
    flags = ctypes.c_int(0)
    need = raw.FPDFText_GetFontInfo(tp, i, None, 0, ctypes.byref(flags))
    name = ""
    if need > 0:
        buf = ctypes.create_string_buffer(need)
        raw.FPDFText_GetFontInfo(tp, i, buf, need, ctypes.byref(flags))
        name = buf.value.decode("utf-8", "replace")
    bold = weight >= 600 or bool(flags.value & _FORCE_BOLD) or is_bold_font(name)
    r, g, b, a = ctypes.c_uint(0), ctypes.c_uint(0), ctypes.c_uint(0), ctypes.c_uint(255)
    if not raw.FPDFText_GetFillColor(tp, i, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        r.value = g.value = b.value = 0
        a.value = 255
    if a.value < 26:
        # Some producers (Chromium + pdf-lib) report a transparent fill on text that is plainly
        # drawn; only a transparent stroke as well makes it invisible.
        sr, sg, sb, sa = ctypes.c_uint(0), ctypes.c_uint(0), ctypes.c_uint(0), ctypes.c_uint(0)
        if raw.FPDFText_GetStrokeColor(tp, i, ctypes.byref(sr), ctypes.byref(sg), ctypes.byref(sb), ctypes.byref(sa)):
            a.value = max(a.value, sa.value)
    invisible = bool(obj) and raw.FPDFTextObj_GetTextRenderMode(obj) == _RENDER_INVISIBLE
    return _ObjInfo(size, bold, (r.value / 255, g.value / 255, b.value / 255), a.value / 255, invisible)


def _count_images(page: pdfium.PdfPage) -> int:
    return sum(1 for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=3))
