"""Outputs that cannot collide: every path a run will write, checked against the others and its inputs
before any work (issue 18). A collision is an OutputError (exit 2) naming both sides."""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from screener.output.writers import OutputRequest
from screener.record import CSV_COLUMNS
from screener.run.errors import OutputError

STATE_COMPANIONS = ("", "-wal", "-shm", "-journal", ".lock")
# How screener's own outputs begin: an existing file at an output path inside the inbox that does not
# begin so is someone's file (a resume), never replaced.
_SIGNATURES = {"csv": (CSV_COLUMNS[0].encode() + b",",), "jsonl": (b"{",), "parquet": (b"PAR1",),
               "html": (b"<!doctype html",), "reveal-map": (b"id,candidate,",)}
_HEAD = 64


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def check_collisions(outputs: Sequence[OutputRequest], store: Path | None, inputs: Sequence[str]) -> None:
    """Raise OutputError when two outputs share a path, an output is the state database (or one of its
    companions) or an input file, or would replace a file in a screened folder that is not screener's."""
    seen: dict[Path, str] = {}
    if store is not None:
        for companion in STATE_COMPANIONS:
            seen[_real(store.with_name(store.name + companion))] = f"the state database's {_what(companion)}"
    roots = [_real(Path(p)) for p in inputs]
    for out in outputs:
        where = _real(out.path)
        if where in seen:
            raise OutputError(f"--{out.writer} output {out.path} is also {seen[where]}: give each its own path")
        seen[where] = f"the {out.writer} output"
        if where in roots:
            raise OutputError(f"output {out.path} is one of the files to screen: it would be destroyed")
        if any(root in where.parents for root in roots) and not _ours(where, out.writer):
            raise OutputError(f"output {out.path} would replace a file in the screened folder that screener "
                              "did not write: choose another path")


def _what(companion: str) -> str:
    return {"": "file", ".lock": "lock"}.get(companion, f"{companion} file")


def _ours(path: Path, writer: str) -> bool:
    """Whether the file at an output path is absent, or begins as screener's own output of that form does."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return True
    except OSError:
        return False
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            return False
        if st.st_size == 0:
            return True
        head = fh.read(_HEAD)
    head = head.lstrip().lower()
    return any(head.startswith(s) for s in _SIGNATURES.get(writer, ()))
