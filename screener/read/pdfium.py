"""The fast engine: PDFium through pypdfium2, read glyph by glyph."""

from __future__ import annotations

import ctypes
import re
import struct
from itertools import repeat
from operator import attrgetter

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from screener.read import accel, alpha_text, render_check
from screener.read.base import MAX_PAGES, ExtractError, RawChar, RawPage, RawPdf, metadata_date
from screener.read.pdfium_fast import all_glyphs
from screener.read.pdfium_spaces import Columns, restore_spaces
from screener.read.pdfium_style import (
    BOLD_BY_HANDLE,
    GLYPH_FUNCTIONS,
    LOOSE_BOX,
    TEXT_OBJECT_ADDRESS,
    Style,
    object_style,
)
from screener.read.visibility import (
    MIN_VISIBLE_SIZE,
    MIN_WIDTH_PER_CHAR,
    SAME_COLOUR,
    Background,
    hidden_reason,
    read_whole_past_edge,
    squeezed,
)

_ERRORS = {
    raw.FPDF_ERR_PASSWORD: ("encrypted", "the PDF is protected by a password"),
    raw.FPDF_ERR_SECURITY: ("encrypted", "the PDF uses an unsupported security handler"),
    raw.FPDF_ERR_FORMAT: ("corrupt", "the PDF is damaged and cannot be parsed"),
    raw.FPDF_ERR_FILE: ("corrupt", "the PDF cannot be opened"),
    raw.FPDF_ERR_PAGE: ("corrupt", "a page of the PDF is damaged"),
}


def read(data: bytes, max_pages: int = MAX_PAGES) -> RawPdf:
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        status, reason = _ERRORS.get(getattr(exc, "err_code", -1), ("corrupt", f"PDFium: {exc}"))
        raise ExtractError(status, reason) from exc
    try:
        count = len(doc)
        if count == 0:
            raise ExtractError("no-text", "the PDF has no pages")
        if count > max_pages:
            raise ExtractError("too-large", f"the PDF has {count} pages; a resume over {max_pages} is refused")
        meta = _metadata(doc)
        producer = f"{meta.get('Producer', '')} {meta.get('Creator', '')}".lower()
        # wkhtmltopdf (Qt) writes every space as a text object of its own, which PDFium drops.
        drops_spaces = "wkhtmltopdf" in producer or "qt " in producer + " "
        translucent = render_check.see_through(data)
        pages = [_read_page(doc, i, drops_spaces, translucent) for i in range(count)]
        return RawPdf(pages=pages, metadata_date=metadata_date(meta), engine="pdfium", page_count=count)
    except pdfium.PdfiumError as exc:
        raise ExtractError("corrupt", f"PDFium could not read a page: {exc}") from exc
    finally:
        BOLD_BY_HANDLE.clear()  # font handles are only valid while their document is open
        doc.close()


# The metadata screener reads: who made the file (their quirks) and its date. Asked for by name into
# one reused buffer: pypdfium2's get_metadata_dict reads all eight keys, each into a new buffer type.
_META_KEYS = tuple((key, key.encode() + b"\0") for key in ("Producer", "Creator", "ModDate", "CreationDate"))
_META_BUFFER = ctypes.create_string_buffer(1024)


def _metadata(doc: pdfium.PdfDocument) -> dict[str, str]:
    meta: dict[str, str] = {}
    for key, encoded in _META_KEYS:
        buf = _META_BUFFER
        n = raw.FPDF_GetMetaText(doc.raw, encoded, buf, len(buf))  # bytes needed, UTF-16 terminator included
        if n > len(buf):
            buf = ctypes.create_string_buffer(n)
            n = raw.FPDF_GetMetaText(doc.raw, encoded, buf, n)
        meta[key] = buf.raw[: max(n - 2, 0)].decode("utf-16-le", "replace")
    return meta


def _read_page(doc: pdfium.PdfDocument, index: int, drops_spaces: bool = False, translucent: bool = False) -> RawPage:
    page = doc[index]
    try:
        width, height = page.get_size()
        found = render_check.scan(page)
        # The scan saw every text object's own transparency (a graphics state's /ca, inherited into forms,
        # is FPDFPageObj_HasTransparency): only text in forms nested past the scan's depth needs the
        # file-wide rule that makes every text object a render suspect.
        found.translucent = translucent and found.deep
        if found.text_table is not None:  # see-through text: compositing settles what it can exactly
            alpha_text.settle(doc, index, page, found)
        textpage = page.get_textpage()
        try:
            glyph_count = raw.FPDFText_CountChars(textpage.raw)
            if raw.FPDFPage_CountObjects(page.raw) > 0.5 * glyph_count > 25:
                text = _page_text(textpage)
                chars, objects, reader = _read_chars(page, textpage, text, width, height, found)
                if drops_spaces and objects > 0.6 * len(chars):
                    # One glyph per text object (wkhtmltopdf/Qt): PDFium drops the space-only objects,
                    # so word gaps vanish ("ofInformation"). Put them back from the page objects.
                    restore_spaces(textpage, text, reader.addresses, chars, height, found, reader.columns)
            else:
                chars = _read_words(page, textpage, width, height, found)
        finally:
            textpage.close()
        render_check.to_crop_box(page, chars, width, height)
        if any(map(str.startswith, map(_HIDDEN, chars), repeat("?"))):  # a suspect (C-speed iteration)
            render_check.resolve(page, chars, found)
        read_whole_past_edge(chars, width)
        texts = found.text_objects if not chars else -1
        return RawPage(
            number=index + 1, width=width, height=height, chars=chars, images=found.images, text_objects=texts
        )
    finally:
        page.close()


class _ObjInfo:
    """What is shared by every glyph of one text object: size, weight, colour, visibility."""

    __slots__ = (
        "size",
        "bold",
        "rgb",
        "alpha",
        "invisible",
        "base",
        "light",
        "same_line",
        "unit",
        "run_gap",
        "fill_alpha",
        "blended",
    )

    def __init__(
        self, size: float, bold: bool, rgb: tuple[float, float, float], alpha: float, invisible: bool, fill_alpha: int
    ):
        self.fill_alpha = fill_alpha  # as the text page reports it (0-255), before the stroke's correction
        self.blended = False  # see-through text that alpha_text settled by compositing
        self.size = size
        self.bold = bold
        self.rgb = rgb
        self.alpha = alpha
        self.invisible = invisible
        # Reasons that hold for the whole object; only position and background vary per glyph.
        # Invisible render modes are decided by the reader (render_check: an OCR layer may be kept).
        self.base = "tiny-font" if 0 < size < MIN_VISIBLE_SIZE else ("transparent" if alpha < 0.1 else "")
        r, g, b = rgb
        self.light = r > 0.55 or g > 0.55 or b > 0.55  # only light text can vanish into a (white) background
        # Per-word thresholds of _read_words, computed once per object instead of once per word.
        unit = size or 1.0
        self.same_line = 0.45 * unit  # how far a word's last glyph may sit from its first's top
        self.unit = unit
        self.run_gap = 1.5 * (size if size > 1.0 else 1.0)  # the widest word gap a run may span


class _Reader:
    """Reads glyphs or whole words of one text page; object properties are cached per text object."""

    def __init__(
        self,
        page: pdfium.PdfPage,
        textpage: pdfium.PdfTextPage,
        width: float,
        height: float,
        found: render_check.PageScan,
        count: int = 0,
    ) -> None:
        self.page = page
        self.addresses = [-1] * count  # each glyph's text object, where glyphs() asked (-1: not asked)
        self.tp = textpage.raw
        self.handle = ctypes.cast(self.tp, ctypes.c_void_p)  # what the _bare calls take
        self.width = width
        self.height = height
        self.rect = raw.FS_RECTF()
        self.rect_ref = ctypes.byref(self.rect)
        self.infos: dict[int, _ObjInfo] = {}  # by text object address
        self.shared: dict[tuple[Style, str], _ObjInfo] = {}  # by style and suspect marker
        self.background: Background | None = None
        self.found = found
        self.columns: Columns | None = None  # the glyphs' boxes and flags as arrays, where all_glyphs made them

    def object_at(self, i: int) -> int:
        """Glyph i's text object, asked of PDFium (the C reader asks its own)."""
        return TEXT_OBJECT_ADDRESS(self.handle, i) or 0  # an int either way: one cache entry per object

    def box_at(self, i: int) -> tuple[float, float, float, float] | None:
        """Glyph i's loose box (left, top, right, bottom), or None where PDFium gives none."""
        return _RECT.unpack_from(self.rect) if LOOSE_BOX(self.handle, i, self.rect_ref) else None

    def info(self, i: int, key: int) -> _ObjInfo:
        """A text object's style and visibility, read once; a render suspect carries '?why' until resolved.

        Objects of one style share one _ObjInfo (a page that draws a glyph per object has a few
        dozen styles and thousands of objects)."""
        style = object_style(self.handle, i, key, None if self.found.deep else self.found.invisible)
        found = self.found
        marker = render_check.suspect_reason(found, key, style[4]) if found.suspects or found.blended else ""
        info = self.infos[key] = self.shared_info(style, marker)
        return info

    def _new_info(self, style: Style, marker: str) -> _ObjInfo:
        info = _ObjInfo(*style)
        if marker == alpha_text.BLENDED:
            info.blended = True  # see-through, settled by compositing: hidden() scales its contrast by alpha
            return info
        if self.found.suspects and info.base != "tiny-font":
            if marker:
                info.base = marker
            elif info.invisible:
                info.base = "invisible-render-mode"
        elif info.invisible:
            info.base = "invisible-render-mode"
        if not info.base and (info.fill_alpha < render_check.OPAQUE or self.found.translucent):
            info.base = "?transparent"  # see-through fill: the render decides (some producers' text is drawn)
        return info

    def hidden(self, info: _ObjInfo, x0: float, top: float, x1: float, bottom: float) -> str:
        why = info.base
        if not why:
            if x1 < 0 or x0 > self.width or bottom < 0 or top > self.height:
                return "off-page"
            if info.light:
                if self.background is None:
                    self.background = Background.from_page(self.page, self.height)
                box = (x0, top, x1, bottom)
                why = hidden_reason(
                    info.size, info.rgb, info.alpha, box, self.width, self.height, self.background, info.blended
                )
                if why == SAME_COLOUR and info.blended:
                    return "?transparent"  # too faint to call by compositing: the render decides
                return why
        return why

    def glyphs(self, text: str, start: int, end: int, space: bool, newline: bool, out: list[RawChar]) -> None:
        """One RawChar per glyph of text[start:end].

        Whole pages of some producers (Chromium, pdf-lib: a text object per glyph) come this
        way, so the calls and lookups are bound to locals as in _read_words.
        """
        infos, addresses, object_at, box_at = self.infos, self.addresses, self.object_at, self.box_at
        width, height, append = self.width, self.height, out.append
        for i in range(start, end):
            ch = text[i]
            if ch in " \u00a0\t":
                space = True
                continue
            if ch in "\r\n":
                newline = True
                continue
            if "\ud800" <= ch <= "\udfff":
                continue  # half of an astral-plane glyph (icon fonts, emoji): not text
            key = addresses[i] = object_at(i)
            info = infos.get(key)
            if info is None:
                info = self.info(i, key)
            got = box_at(i)
            if got is None:
                continue
            x0, r_top, x1, r_bottom = got
            top, bottom = height - r_top, height - r_bottom
            why = info.base
            if not why and (info.light or x1 < 0 or x0 > width or bottom < 0 or top > height):
                why = self.hidden(info, x0, top, x1, bottom)
            append(RawChar(ch, x0, top, x1, bottom, info.size, info.bold, why, space, newline))
            space = newline = False

    def shared_info(self, style: Style, marker: str) -> _ObjInfo:
        info = self.shared.get((style, marker))
        if info is None:
            info = self.shared[(style, marker)] = self._new_info(style, marker)
        return info


_HIDDEN = attrgetter("hidden")
_RECT = struct.Struct("4f")  # FS_RECTF: left, top, right, bottom
_WORD = re.compile("[^\\s\u00a0\ud800-\udfff]+")


def _page_text(textpage: pdfium.PdfTextPage) -> str:
    tp = textpage.raw
    n = raw.FPDFText_CountChars(tp)
    if n <= 0:
        return ""
    text = textpage.get_text_range(0, n)
    if len(text) != n:  # surrogate pairs shift indices; fall back to per-glyph reads
        text = "".join(chr(raw.FPDFText_GetUnicode(tp, i)) for i in range(n))
    return text


def _read_chars(
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage,
    text: str,
    width: float,
    height: float,
    found: render_check.PageScan,
) -> tuple[list[RawChar], int, _Reader]:
    """The page's glyphs one by one (`text`: the text page's), how many distinct text objects they came
    from, and the reader: its `addresses` hold each glyph's text object (-1 where it was not asked:
    spaces, line breaks), its `columns` the glyphs' boxes as arrays where C read them."""
    reader = _Reader(page, textpage, width, height, found, len(text))
    out: list[RawChar] = []
    if accel.glyphs is not None:
        return out, all_glyphs(reader, accel.glyphs, text, out), reader
    reader.glyphs(text, 0, len(text), False, False, out)
    return out, len(reader.infos), reader


# long: the hot loop of every page, once per word; split into calls it would cost a call per word
def _read_words(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, width: float, height: float, found: render_check.PageScan
) -> list[RawChar]:
    """The page's words as multi-glyph RawChars: four PDFium calls a word instead of two a glyph.

    A word is a run between the spaces and line breaks PDFium reports. It is read glyph by
    glyph when its ends disagree (two text objects of different kinds, two lines) or it is far
    wider than its letters allow (a gap PDFium did not turn into a space).
    """
    text = _page_text(textpage)
    reader = _Reader(page, textpage, width, height, found, len(text))
    out: list[RawChar] = []
    if accel.glyphs is not None:  # the loop below, in C: the same calls and tests, in the same order
        handle = ctypes.cast(textpage.raw, ctypes.c_void_p).value or 0
        accel.glyphs.words(
            GLYPH_FUNCTIONS, handle, text, width, height, reader.infos, reader.info, reader.hidden, reader.glyphs,
            RawChar, MIN_WIDTH_PER_CHAR, out,
        )
        return out
    append = out.append
    # The loop runs once per word on every page: its calls and lookups are bound to locals.
    infos, object_at, box_at = reader.infos, reader.object_at, reader.box_at
    last = 0
    # Plain words of one style on one baseline, a word space apart, become one item (a run): layout
    # would put them in one fragment anyway (it splits only at gaps over 1.6 type sizes), and a
    # third as many items makes every later step cheaper. Single letters stay apart, so that
    # letter-spaced headings ("S K I L L S") are still seen as such.
    run: RawChar | None = None
    for m in _WORD.finditer(text):
        i, k = m.span()
        if i - last == 1 and text[last] == " ":
            space, newline = True, False
        elif i > last:
            gap = text[last:i]
            newline = "\r" in gap or "\n" in gap
            space = not newline
        else:
            space = newline = False
        last = k
        key = object_at(i)
        info = infos.get(key)
        if info is None:
            info = reader.info(i, key)
        got = box_at(i)  # (left, top, right, bottom)
        if got is None:
            reader.glyphs(text, i, k, space, newline, out)
            continue
        x0, r_top, x1, r_bottom = got
        top, bottom = height - r_top, height - r_bottom
        j = k - 1
        if j > i:
            key_j = object_at(j)
            if key_j != key:
                info_j = infos.get(key_j)
                if info_j is None:
                    info_j = reader.info(j, key_j)
                if (
                    info_j.base != info.base
                    or info_j.light != info.light
                    or info_j.bold != info.bold
                    or abs(info_j.size - info.size) > 0.5
                ):
                    reader.glyphs(text, i, k, space, newline, out)
                    continue
            got = box_at(j)
            if got is None:
                reader.glyphs(text, i, k, space, newline, out)
                continue
            end_x0, r_top, end_x1, r_bottom = got
            end_top = height - r_top
            if abs(end_top - top) > info.same_line or end_x1 - x0 > (k - i) * info.unit * 1.1 or end_x0 < x0:
                reader.glyphs(text, i, k, space, newline, out)
                continue
            if end_x1 > x1:
                x1 = end_x1
            if end_top < top:
                top = end_top
            end_bottom = height - r_bottom
            if end_bottom > bottom:
                bottom = end_bottom
        why = info.base
        if not why and (info.light or x1 < 0 or x0 > width or bottom < 0 or top > height):
            why = reader.hidden(info, x0, top, x1, bottom)
        if not why and k - i > 2 and squeezed(x1 - x0, info.unit, k - i):
            why = "?squeezed"  # a text layer over print of its own (a link's text) or over nothing: render
        if (
            run is not None
            and space
            and not why
            and k - i > 1
            and run.size == info.size
            and run.bold == info.bold
            and run.top == top
            and run.bottom == bottom
            and 0 <= x0 - run.x1 <= info.run_gap
            and out[-1] is run
        ):
            run.text += " " + text[i:k]
            run.x1 = x1
            run.units += 1
            continue
        c = RawChar(text[i:k], x0, top, x1, bottom, info.size, info.bold, why, space, newline)
        append(c)
        run = c if not why and k - i > 1 else None
    return out


