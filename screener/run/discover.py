"""Which files a run screens: every file under the given folders, whatever its name, but the clutter.

Clutter is what operating systems, editors and screener itself leave beside the resumes: hidden
files and folders (`.DS_Store`, `.git/`, AppleDouble `._*` files, write_atomic's temporary files),
`__MACOSX/`, `Thumbs.db`, `desktop.ini`, Word's `~$` lock files, and this run's own outputs and
state database. It is skipped and counted, never silently: the summary and the report list it.
A file named on the command line is taken whatever it is (screening says what is wrong with it),
unless it is one of this run's own files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from screener.run.errors import UsageError

MACOS_FOLDER = "__MACOSX"


@dataclass(frozen=True)
class Skipped:
    """A file (or folder) not screened, and why."""

    name: str  # as shown: the path, or archive.zip/member
    why: str


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)  # in path order
    skipped: list[Skipped] = field(default_factory=list)


def display_name(path: Path | str) -> str:
    """The path as text for the outputs; bytes that are not UTF-8 show as U+FFFD, never crash a writer."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def clutter_reason(name: str) -> str:
    """Why a file (its path inside a folder or an archive, '/'-separated) is clutter; '' when it is not."""
    parts = [p for p in name.replace("\\", "/").split("/") if p]
    if not parts:
        return ""
    for part in parts[:-1]:
        why = _folder_clutter(part)
        if why:
            return why if part == MACOS_FOLDER else "in a hidden folder"
    return _file_clutter(parts[-1])


def _file_clutter(base: str) -> str:
    lowered = base.lower()
    if base.startswith("._"):
        return "a macOS resource fork (._)"
    if lowered == ".ds_store":
        return "Finder metadata (.DS_Store)"
    if base.startswith("~$"):
        return "a Word lock file (~$)"
    if lowered == "thumbs.db":
        return "a Windows thumbnail cache"
    if lowered == "desktop.ini":
        return "Windows folder settings"
    if base.startswith("."):
        return "a hidden file"
    return ""


def discover(paths: Iterable[str], own: Mapping[Path, str] | None = None) -> Discovery:
    """Every file under the given folders (recursively) and the files given, in path order.

    `own` maps this run's own files (outputs, state) to why they are skipped. Symlinked folders
    are not followed (no loops); a missing path is a usage error.
    """
    own_files = {_real(p): why for p, why in (own or {}).items()}
    found: dict[str, Path] = {}
    skipped: dict[str, Skipped] = {}
    for given in paths:
        p = Path(given)
        if not p.exists() and not p.is_symlink():
            raise UsageError(f"path does not exist: {given}")
        if p.is_dir():
            _walk(p, own_files, found, skipped)
        elif _real(p) in own_files:
            skipped.setdefault(str(p), Skipped(display_name(p), own_files[_real(p)]))
        else:
            found.setdefault(str(p), p)
    return Discovery([found[k] for k in sorted(found)], [skipped[k] for k in sorted(skipped)])


def _walk(top: Path, own: Mapping[str, str], found: dict[str, Path], skipped: dict[str, Skipped]) -> None:
    """os.walk's top-down walk (symbolic links to folders not followed, unreadable folders passed over) with
    os.scandir, whose entries say what they are without a stat: 100,000 files are listed, not stat-ed."""
    # A file is one of the run's own only if its real path is: that needs realpath (a stat of every
    # folder above it) only for a file named like one of them, or a symbolic link (which may point at
    # one under any name). 100,000 files are not resolved one by one.
    names = {os.path.basename(p) for p in own}
    todo = [str(top)]
    while todo:
        root = todo.pop()
        try:
            with os.scandir(root) as it:
                entries = list(it)
        except OSError:
            continue
        folders = []
        for entry in sorted(entries, key=lambda e: e.name):
            name = entry.name
            if _is_dir(entry):
                why = own.get(_real(entry.path)) or _folder_clutter(name)
                if why:  # not walked: a .git folder holds thousands of files
                    skipped.setdefault(entry.path, Skipped(display_name(entry.path) + "/", why))
                elif not entry.is_symlink():
                    folders.append(entry.path)
                continue
            mine = own.get(_real(entry.path)) if name in names or entry.is_symlink() else None
            why = mine or _file_clutter(name)
            if why:
                skipped.setdefault(entry.path, Skipped(display_name(entry.path), why))
            else:
                found.setdefault(entry.path, Path(entry.path))
        todo += reversed(folders)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _folder_clutter(name: str) -> str:
    if name == MACOS_FOLDER:
        return "macOS archive metadata (__MACOSX)"
    if name.startswith("."):
        return "a hidden folder"
    return ""


def _real(path: Path | str) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return os.path.abspath(path)
