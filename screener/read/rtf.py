"""RTF documents: striprtf turns the markup into text, read then as plain text (one line per paragraph).

Bold and size are not kept (striprtf gives text only); headings are found by their words and
capitals, as in a typed resume. Embedded pictures are cut out first: their hex data is most of
a large RTF file and costs striprtf's regular expressions seconds.
"""

from __future__ import annotations

import re

from screener.model import Document
from screener.read import flow
from screener.read.base import ExtractError
from screener.read.limits import ReadLimits
from screener.read.text import MAX_TEXT_CHARS, text_items

NAME = "rtf"
_PICTURE = re.compile(  # a group of binary data, with at most one level of groups inside
    rb"\{\\\*?\\(?:pict|objdata|datastore|themedata|colorschememapping)\b[^{}]*(?:\{[^{}]*\}[^{}]*)*\}"
)
_DATE = re.compile(rb"\{\\(revtim|creatim)\\yr(\d{4})\\mo(\d{1,2})\\dy(\d{1,2})")
_CODEPAGE = re.compile(rb"\\ansicpg(\d{3,5})")


def read(data: bytes, limits: ReadLimits) -> Document:
    from striprtf.striprtf import rtf_to_text

    cleaned = _PICTURE.sub(b"", data)
    codepage = _CODEPAGE.search(cleaned[:4096])
    encoding = f"cp{int(codepage.group(1))}" if codepage else "cp1252"
    try:
        source = cleaned.decode("latin-1")  # RTF is 7-bit: other characters come as escapes
        text = rtf_to_text(source, encoding=encoding, errors="replace")
    except LookupError:
        text = rtf_to_text(cleaned.decode("latin-1"), encoding="cp1252", errors="replace")
    except (ValueError, IndexError, RecursionError) as exc:
        raise ExtractError("corrupt", f"the RTF file is damaged ({type(exc).__name__})") from exc
    if len(text) > MAX_TEXT_CHARS:
        raise ExtractError("too-large", f"the text has {len(text):,} characters; over {MAX_TEXT_CHARS:,} is refused")
    doc = flow.document(text_items(text), NAME, "rtf", metadata_date=_date(cleaned))
    if not doc.lines:
        raise ExtractError("no-text", "the RTF document has no text")
    return doc


def _date(data: bytes) -> str | None:
    """The \\revtim (revised), else \\creatim (created) date of the document's \\info group."""
    found = {m.group(1): m for m in _DATE.finditer(data[:65536])}
    for key in (b"revtim", b"creatim"):
        m = found.get(key)
        if m:
            year, month, day = int(m.group(2)), int(m.group(3)), int(m.group(4))
            if 1990 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None
