"""`-` on the command line: standard input as a list of paths, standard output as the -o file."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TextIO

STDIO = "-"  # a path of "-": standard input (a list of paths) or standard output (-o -)


def read_paths(paths: tuple[str, ...], nul: bool, stream: TextIO) -> tuple[str, ...]:
    """PATHS with each "-" replaced by the paths read from `stream`, one a line (NUL-separated with `nul`)."""
    if STDIO not in paths:
        return paths
    text = stream.read()
    listed = [p for p in (text.split("\0") if nul else text.splitlines()) if p.strip()]
    out: list[str] = []
    for p in paths:
        out.extend(listed if p == STDIO else [p])
    return tuple(out)


def spool_dir() -> Path:
    """A private folder for the -o - output, removed at exit; the bytes go to standard output once written whole."""
    folder = Path(tempfile.mkdtemp(prefix="screener-stdout-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def write_stdout(data: bytes) -> bool:
    """Bytes to standard output; False when the reader closed the pipe early (`| head`), which is no error."""
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's own flush at exit does not fail again
        return False
    return True
