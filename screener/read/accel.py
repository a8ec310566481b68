"""PDFium's per-object and per-glyph calls batched in C, where the build compiled them.

A page printed from HTML draws each glyph as a text object of its own (~3,300 a page); reading
them through ctypes one call at a time cost ten times PDFium's own text extraction. The C modules
(`_scan.c`, `_glyphs.c`, built by `pip install`) make the same PDFium calls as the Python code
beside them, through the same function pointers of the library pypdfium2 loaded, and return their
answers in flat buffers. The C code decides little: `_scan.c` also makes the visibility scan's two
geometric tests (whether a clip cuts a text object's box, which drawings cover text or lie under it)
with the same double operations, in the same order, as the Python code; every other decision stays in
Python, so the two paths give the same outputs (tests/read/test_accel*.py compare them).

The build treats them as optional: without a C compiler it goes on and the Python code runs alone,
slower. `SCREENER_NO_ACCEL=1` in the environment runs the Python code even where they were built.
"""

from __future__ import annotations

import ctypes
import importlib
import os
from types import ModuleType

NO_ACCEL = "SCREENER_NO_ACCEL"


def _load(name: str) -> ModuleType | None:
    if os.environ.get(NO_ACCEL):
        return None
    try:
        return importlib.import_module(f"screener.read.{name}")
    except ImportError:
        return None


scan = _load("_scan")
glyphs = _load("_glyphs")


def address(function: object) -> int:
    """The C address of a pypdfium2 raw function: what the C modules call through."""
    value = ctypes.cast(function, ctypes.c_void_p).value  # type: ignore[arg-type]
    return int(value or 0)


def available() -> dict[str, bool]:
    """Which accelerators this process runs (for `screener --version`-style reports and the tests)."""
    return {"scan": scan is not None, "glyphs": glyphs is not None}
