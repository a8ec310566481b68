"""The second engine: pdfplumber (pdfminer.six). Slower, but reads some files PDFium cannot."""

from __future__ import annotations

import io
from typing import Any

from screener.read.base import MAX_PAGES, ExtractError, RawChar, RawPage, RawPdf, metadata_date
from screener.read.visibility import Background, Shape, apply_visibility, hidden_reason, is_bold_font


def read(data: bytes, max_pages: int = MAX_PAGES) -> RawPdf:
    import logging

    import pdfplumber

    # pdfminer logs every font quirk ("Could not get FontBBox"); the status and reason say what matters.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect as exc:
        raise ExtractError("encrypted", "the PDF is protected by a password") from exc
    except MemoryError as exc:
        raise ExtractError("too-large", "the PDF inflates beyond the memory limit") from exc
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many unrelated types on damage
        if _caused_by_memory(exc):
            raise ExtractError("too-large", "the PDF inflates beyond the memory limit") from exc
        if "password" in str(exc).lower() or type(exc).__name__ == "PdfminerException" and _is_password(exc):
            raise ExtractError("encrypted", "the PDF is protected by a password") from exc
        raise ExtractError("corrupt", f"the PDF is damaged and cannot be parsed ({type(exc).__name__})") from exc
    try:
        count = len(pdf.pages)
        if count == 0:
            raise ExtractError("no-text", "the PDF has no pages")
        if count > max_pages:
            raise ExtractError("too-large", f"the PDF has {count} pages; a resume over {max_pages} is refused")
        meta = {k: str(v) for k, v in (pdf.metadata or {}).items() if isinstance(v, str | bytes)}
        pages = [_read_page(p, i + 1) for i, p in enumerate(pdf.pages)]
        _same_visibility_as_pdfium(data, pages, max_pages)
        return RawPdf(pages=pages, metadata_date=metadata_date(meta), engine="pdfplumber", page_count=count)
    except ExtractError:
        raise
    except MemoryError as exc:
        raise ExtractError("too-large", "the PDF inflates beyond the memory limit") from exc
    except Exception as exc:  # noqa: BLE001
        if _caused_by_memory(exc):
            raise ExtractError("too-large", "the PDF inflates beyond the memory limit") from exc
        if _is_password(exc):
            raise ExtractError("encrypted", "the PDF is protected by a password") from exc
        raise ExtractError("corrupt", f"pdfplumber could not read the PDF ({type(exc).__name__})") from exc
    finally:
        _close(pdf)


def _close(pdf: Any) -> None:
    """Close quietly: pdfplumber's close walks the page list again, which raises on the damage just reported."""
    import contextlib

    with contextlib.suppress(Exception):  # the file's status is already decided; closing must not replace it
        pdf.close()


def _same_visibility_as_pdfium(data: bytes, pages: list[RawPage], max_pages: int) -> None:
    """What a reader sees is decided once, by rendering (render_check through PDFium); pdfplumber's glyphs
    take the decision of the PDFium glyph at the same place. Its own colour rules stand only where PDFium
    cannot read the file or has no glyph there."""
    from screener.read import pdfium

    try:
        seen = pdfium.read(data, max_pages)
    except ExtractError:
        return
    for mine, theirs in zip(pages, seen.pages, strict=False):
        apply_visibility(mine.chars, theirs.chars)


def _caused_by_memory(exc: BaseException) -> bool:
    """pdfminer wraps a MemoryError (a decompression bomb) in its own exception types."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, MemoryError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _is_password(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if "Password" in type(seen).__name__ or "password" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _rgb(colour: Any) -> tuple[float, float, float]:
    """pdfminer colours come as gray, RGB or CMYK tuples (or a pattern name)."""
    if isinstance(colour, int | float):
        return (float(colour), float(colour), float(colour))
    if isinstance(colour, tuple | list):
        vals = [float(v) for v in colour if isinstance(v, int | float)]
        if len(vals) == 1:
            return (vals[0], vals[0], vals[0])
        if len(vals) == 3:
            return (vals[0], vals[1], vals[2])
        if len(vals) == 4:
            c, m, y, k = vals
            return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return (0.0, 0.0, 0.0)


def _read_page(page: Any, number: int) -> RawPage:
    width, height = float(page.width), float(page.height)
    shapes = [
        Shape(r["x0"], r["top"], r["x1"], r["bottom"], _rgb(r.get("non_stroking_color")))
        for r in page.rects
        if r.get("fill") and (r["x1"] - r["x0"]) * (r["bottom"] - r["top"]) >= 50
    ]
    shapes += [Shape(i["x0"], i["top"], i["x1"], i["bottom"], None) for i in page.images]
    background = Background(shapes)
    chars: list[RawChar] = []
    prev: RawChar | None = None
    pending_space = False
    invisible_any = False
    for c in page.chars:
        text = c.get("text", "")
        if not text or text.isspace():
            pending_space = True
            continue
        size = float(c.get("size") or 0.0)
        rgb = _rgb(c.get("non_stroking_color"))
        box = (float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"]))
        if c.get("render_mode", 0) == 3:
            why = "ocr?"
            invisible_any = True
        else:
            why = hidden_reason(size, rgb, 1.0, box, width, height, background)
        rc = RawChar(text, box[0], box[1], box[2], box[3], size, is_bold_font(str(c.get("fontname", ""))), why)
        rc.space_before = pending_space
        if prev is not None and (abs(rc.top - prev.top) > max(prev.size, 1) * 0.5 or rc.x0 < prev.x0 - 1):
            rc.newline_before = True
        chars.append(rc)
        prev = rc
        pending_space = False
    images = len(page.images)
    if invisible_any:
        for c in chars:
            if c.hidden == "ocr?":
                c.hidden = "" if images else "invisible-render-mode"
    return RawPage(number=number, width=width, height=height, chars=chars, images=images)
