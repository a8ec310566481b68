"""Legacy Word `.doc` (OLE2 binary) files, read through a converter found on the machine.

Python has no maintained reader for Word 97-2003 files, so the text comes from antiword or
catdoc (small, fast, in every Linux distribution) or LibreOffice headless, in that order. Each
runs as a subprocess with a timeout, on a copy of the bytes in a private temporary directory,
with no shell. The text becomes lines the way a plain-text file's do (read/text.py): no positions
or styles survive a text converter, so headings are found by their words and capitals.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from screener.model import Document
from screener.read import flow
from screener.read.base import ExtractError
from screener.read.limits import ReadLimits
from screener.read.text import text_items

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONVERT_TIMEOUT_S = 20.0  # antiword takes milliseconds; LibreOffice's first start takes seconds
MAX_TEXT_CHARS = 500_000  # a resume is a few thousand characters; more is not a resume

INSTALL_HINT = (
    "a legacy Word .doc: install antiword (apt-get install antiword) or LibreOffice to read it, "
    "or save it as .docx or PDF"
)

SOURCE = "word-doc"
READER_NAME = "doc"
KINDS = ("ole2",)  # what sniff calls a legacy Word file


@dataclass(frozen=True)
class Converter:
    name: str  # the program, as found on PATH
    argv: Callable[[str, Path, Path], list[str]]  # (program path, input file, output dir) -> argv
    output: str  # 'stdout', or the file name the converter writes into the output dir


def _antiword(exe: str, src: Path, out: Path) -> list[str]:
    return [exe, "-w", "0", "-m", "UTF-8.txt", str(src)]  # -w 0: a paragraph per line, unwrapped


def _catdoc(exe: str, src: Path, out: Path) -> list[str]:
    return [exe, "-w", "-d", "utf-8", str(src)]


def _soffice(exe: str, src: Path, out: Path) -> list[str]:
    # A profile of its own: a user's running LibreOffice would otherwise take the conversion (or lock it).
    profile = (out / "profile").as_uri()
    return [
        exe, f"-env:UserInstallation={profile}", "--headless", "--norestore",
        "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(out), str(src),
    ]  # fmt: skip


CONVERTERS = (
    Converter("antiword", _antiword, "stdout"),
    Converter("catdoc", _catdoc, "stdout"),
    Converter("soffice", _soffice, "resume.txt"),
    Converter("libreoffice", _soffice, "resume.txt"),
)


def find_converter() -> tuple[Converter, str] | None:
    """The first converter on PATH, with its path."""
    for conv in CONVERTERS:
        exe = shutil.which(conv.name)
        if exe:
            return conv, exe
    return None


def read(data: bytes, limits: ReadLimits | None = None) -> Document:
    """A .doc file's text as lines; `unsupported` (naming what to install) when no converter is found."""
    if not data:
        raise ExtractError("empty", "the file is empty (0 bytes)")
    if not data.startswith(OLE2_MAGIC):
        raise ExtractError("corrupt", "not a legacy Word document (no OLE2 header)")
    found = find_converter()
    if found is None:
        raise ExtractError("unsupported", INSTALL_HINT)
    conv, exe = found
    # The converter's text is read as a plain-text file is: a line per paragraph, capitals as headings.
    doc = flow.document(text_items(convert(data, conv, exe)), READER_NAME, SOURCE)
    if not doc.lines:
        raise ExtractError("no-text", "the Word document has no text")
    doc.engine = conv.name
    return doc


def convert(data: bytes, conv: Converter, exe: str) -> str:
    """Run one converter on the bytes; its text, or the error its failure stands for."""
    with tempfile.TemporaryDirectory(prefix="screener-doc-") as tmp:
        out = Path(tmp)
        src = out / "resume.doc"  # a fixed name: the user's file name never reaches a command line
        src.write_bytes(data)
        env = {**os.environ, "HOME": tmp, "LC_ALL": "C.UTF-8"}
        try:
            done = subprocess.run(
                conv.argv(exe, src, out), capture_output=True, timeout=CONVERT_TIMEOUT_S, check=False, env=env, cwd=tmp
            )
        except subprocess.TimeoutExpired as exc:
            raise ExtractError(
                "timeout", f"{conv.name} took over {CONVERT_TIMEOUT_S:.0f} s on the Word document"
            ) from exc
        except OSError as exc:
            raise ExtractError("error", f"{conv.name} could not be run: {exc.strerror or exc}") from exc
        message = done.stderr.decode("utf-8", "replace").strip().replace(str(src), "the file")
        if conv.output == "stdout":
            raw = done.stdout
        else:
            target = out / conv.output
            raw = target.read_bytes() if target.is_file() else b""
        if done.returncode != 0 or not raw.strip():
            raise _failure(conv.name, message, done.returncode)
    return raw[: MAX_TEXT_CHARS * 4].decode("utf-8", "replace")[:MAX_TEXT_CHARS]


def _failure(name: str, message: str, code: int) -> ExtractError:
    low = message.lower()
    if "encrypt" in low or "password" in low:
        return ExtractError("encrypted", "the Word document is protected by a password")
    if "not a word document" in low or "is not a" in low or "corrupt" in low or "damaged" in low:
        return ExtractError("corrupt", f"the Word document is damaged or not Word: {name}: {message[:200]}")
    if code == 0:
        return ExtractError("no-text", "the Word document has no text")
    return ExtractError("corrupt", f"{name} could not read the Word document (exit {code}): {message[:200]}")
