"""Files dropped on the page: names made safe, limits kept, saved into the inbox, never executed or served.

A name is reduced to its last part (a folder dropped on the page sends `folder/file.pdf`; `..`, `/`
and `\\` never reach the disk), to letters, digits and `._- `, and a name already in the inbox gets
a number (`cv (2).pdf`) rather than replacing the file. Only the types screener reads are kept.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# The types the readers take (screener/read/sniff.py), zip included.
ACCEPTED = frozenset({
    ".pdf", ".docx", ".docm", ".doc", ".odt", ".rtf", ".txt", ".md", ".html", ".htm", ".zip", ".png", ".jpg",
    ".jpeg", ".tif", ".tiff", ".webp", ".eml", ".pages", ".epub",
})
MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_FILES = 500  # per drop
MAX_NAME = 120
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # all the files of one zip together (a zip bomb stops here)
UPLOAD_FOLDER = "uploads"  # under the inbox: the app's files apart from the nightly ones


@dataclass(frozen=True)
class Refused:
    name: str
    reason: str


def safe_name(name: str) -> str:
    """A file name that is safe to create in one folder: last part only, plain characters; '' if none left."""
    last = PurePosixPath(name.replace("\\", "/")).name
    last = unicodedata.normalize("NFKC", last)
    last = re.sub(r"[^\w.\- ]+", "_", last).strip(" .")
    stem, dot, ext = last.rpartition(".")
    if not dot:
        stem, ext = last, ""
    stem = stem[:MAX_NAME].strip(" .") or ("file" if ext else "")
    return f"{stem}.{ext.lower()}" if ext else stem


def check(name: str, size: int) -> str | None:
    """Why a dropped file is refused, or None."""
    ext = os.path.splitext(name)[1].lower()
    if not name:
        return "no usable file name"
    if ext not in ACCEPTED:
        return f"not a type screener reads ({ext or 'no extension'}); it takes {', '.join(sorted(ACCEPTED))}"
    if size > MAX_FILE_BYTES:
        return f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"
    if size == 0:
        return "an empty file"
    return None


def free_path(folder: Path, name: str) -> Path:
    """`folder/name`, or `folder/stem (n).ext` when that is taken."""
    target = folder / name
    stem, ext = os.path.splitext(name)
    n = 2
    while target.exists():
        target = folder / f"{stem} ({n}){ext}"
        n += 1
    return target


def save(folder: Path, name: str, data: bytes) -> Path:
    """Write a new file (never over another one), readable, not executable."""
    folder.mkdir(parents=True, exist_ok=True)
    target = free_path(folder, name)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return target


def inbox_paths(inbox: Path) -> list[str]:
    """What the app's runs screen: the inbox folder (its PDFs), plus each other file a reader takes.

    A run over a folder picks up its PDFs only; the other types dropped on the page are named one by one.
    """
    extra = []
    for root, dirs, files in os.walk(inbox, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            ext = os.path.splitext(name)[1].lower()
            if ext in ACCEPTED and ext != ".pdf":
                extra.append(str(Path(root) / name))
    return [str(inbox), *extra]


def unpack(folder: Path, name: str, data: bytes) -> tuple[list[Path], list[Refused]]:
    """A dropped zip's files saved into `folder/<zip name>/` (names made safe, each checked); what was refused.

    The readers do not open archives themselves, so the app unpacks them. A zip inside the zip, an
    encrypted member, and anything past MAX_FILES files or MAX_UNPACKED_BYTES bytes is refused.
    """
    saved: list[Path] = []
    refused: list[Refused] = []
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return [], [Refused(name, "not a readable zip archive")]
    target = folder / (safe_name(os.path.splitext(name)[0]) or "zip")
    budget = MAX_UNPACKED_BYTES
    with archive:
        for info in archive.infolist():
            label = f"{name}: {info.filename}"
            member = safe_name(info.filename)
            if info.is_dir() or info.filename.startswith("__MACOSX/") or PurePosixPath(info.filename).name[:1] in ".~":
                continue
            reason = _member_problem(info, member, budget, len(saved))
            if reason:
                refused.append(Refused(label, reason))
                continue
            try:
                with archive.open(info) as fh:
                    content = fh.read(min(info.file_size, MAX_FILE_BYTES) + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError) as exc:
                refused.append(Refused(label, f"cannot be unpacked: {exc}"))
                continue
            budget -= len(content)
            reason = check(member, len(content))
            if reason:
                refused.append(Refused(label, reason))
                continue
            saved.append(save(target, member, content))
    return saved, refused


def _member_problem(info: zipfile.ZipInfo, member: str, budget: int, count: int) -> str | None:
    if info.flag_bits & 0x1:
        return "encrypted"
    if member.lower().endswith(".zip"):
        return "a zip inside the zip: unpack it first"
    if count >= MAX_FILES:
        return f"more than {MAX_FILES} files in one zip"
    if info.file_size > budget:
        return f"the zip unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB"
    return check(member, info.file_size)
