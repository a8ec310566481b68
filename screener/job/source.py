"""A JD file -> its lines (text, bold), whatever it was written in.

PDF and Word go through the resume readers (`screener.read.read_bytes`), so a JD is read exactly as
a resume is. Plain text and Markdown are decoded here: their lines are already the JD's lines, and
a reader that lays text out as a page would wrap long bullets into several. Until the Word reader
is registered, a .docx is read with python-docx directly (paragraphs, then table cells).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from screener.read.base import ExtractError

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"{\\rtf")
# A wrapped visual line continues the one above when that one does not end a sentence or a heading
# and ran (nearly) to the right margin: at least this share of the longest line's width.
_ENDS = re.compile(r"[.:;!?)]\s*$")
WRAPPED_WIDTH = 0.6


@dataclass(frozen=True)
class SourceLine:
    text: str
    bold: bool = False
    bullet: bool = False
    width: float = 0.0  # the line's width on the page (0: not laid out)


class JobReadError(ValueError):
    """The JD could not be read (the message says why)."""


def _is_text(data: bytes, name: str) -> bool:
    if name.lower().endswith(TEXT_SUFFIXES):
        return True
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data[:4096]:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _text_lines(data: bytes) -> list[SourceLine]:
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    return [SourceLine(ln.rstrip()) for ln in text.split("\n")]


def _docx_lines(data: bytes) -> list[SourceLine]:
    import docx  # python-docx: only when a Word JD comes and no Word reader is registered

    document = docx.Document(io.BytesIO(data))
    out = []
    for p in document.paragraphs:
        style = p.style.name if p.style is not None else ""
        bold = bool(p.runs) and all(r.bold for r in p.runs if r.text.strip()) or style.startswith("Heading")
        out.append(SourceLine(p.text, bold))
    for table in document.tables:
        for row in table.rows:
            out.extend(SourceLine(cell.text) for cell in row.cells)
    return out


def _joined(lines: list[SourceLine]) -> list[SourceLine]:
    """Visual lines -> logical lines: a lower-case continuation of a line that ran to the margin joins it."""
    widest = max((ln.width for ln in lines), default=0.0)
    out: list[SourceLine] = []
    last_width = 0.0
    for ln in lines:
        text = ln.text.strip()
        wrapped = bool(out) and last_width >= WRAPPED_WIDTH * widest and not _ENDS.search(out[-1].text)
        if wrapped and text[:1].islower() and not ln.bullet:
            out[-1] = SourceLine(f"{out[-1].text} {text}", out[-1].bold, out[-1].bullet)
        else:
            out.append(SourceLine(text, ln.bold, ln.bullet))
        last_width = ln.width
    return out


def read_job_bytes(data: bytes, name: str = "") -> list[SourceLine]:
    if _is_text(data, name):
        return _text_lines(data)
    from screener.read import read_bytes

    try:
        doc = read_bytes(data, name)
    except ExtractError as exc:
        if name.lower().endswith((".docx", ".docm")) or data.startswith(b"PK\x03\x04"):
            try:
                return _docx_lines(data)
            except Exception as docx_exc:  # noqa: BLE001 - any failure of a foreign package is "cannot read"
                raise JobReadError(f"{name}: {docx_exc}") from docx_exc
        raise JobReadError(f"{name}: {exc.reason}") from exc
    return _joined([SourceLine(ln.text, ln.bold, ln.bullet, ln.x1 - ln.x0) for ln in doc.lines])


def read_job_file(path: Path) -> tuple[list[SourceLine], bytes]:
    """The JD's lines and its bytes (for its hash)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise JobReadError(f"{path}: {exc}") from exc
    return read_job_bytes(data, path.name), data
