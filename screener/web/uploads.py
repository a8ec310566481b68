"""Files dropped on the page: names made safe, limits kept, saved into the inbox, never executed or served.

A name is reduced to its last part (a folder dropped on the page sends `folder/file.pdf`; `..`, `/`
and `\\` never reach the disk), to letters, digits and `._- `, and a name already in the inbox gets
a number (`cv (2).pdf`) rather than replacing the file. Only the types screener reads are kept.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path, PurePosixPath

# The types the readers take (screener/read/sniff.py), zip included.
ACCEPTED = frozenset({
    ".pdf", ".docx", ".docm", ".doc", ".odt", ".rtf", ".txt", ".md", ".html", ".htm", ".zip", ".png", ".jpg",
    ".jpeg", ".tif", ".tiff", ".webp", ".eml", ".pages", ".epub",
})
MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_FILES = 500  # per drop
MAX_NAME = 120
UPLOAD_FOLDER = "uploads"  # under the inbox: the app's files apart from the nightly ones


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
    """What the app's runs screen: the inbox folder, every file in it (discovery reads by content)."""
    return [str(inbox)]
