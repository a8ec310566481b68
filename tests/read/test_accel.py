"""The C accelerators of the PDFium reader: built where the README's install builds them."""

from __future__ import annotations

import os

import pytest

from screener.read import accel


def test_ci_runs_the_compiled_readers() -> None:
    # `pip install -e '.[test]'` compiles them; under CI a missing one means the suite tested only the
    # Python fallback, not what users run.
    if not os.environ.get("CI"):
        pytest.skip("only CI insists that the accelerators were built")
    if os.environ.get(accel.NO_ACCEL):
        pytest.skip(f"{accel.NO_ACCEL} is set")
    assert accel.available() == {"scan": True, "glyphs": True}


def test_version_says_whether_the_accelerators_were_built() -> None:
    import importlib.util

    from click.testing import CliRunner

    from screener.cli import main

    compiled = all(importlib.util.find_spec(f"screener.read.{m}") is not None for m in ("_scan", "_glyphs"))
    out = CliRunner().invoke(main, ["--version"]).output
    assert f"PDF reader accelerators: {'built' if compiled else 'NOT built'}" in out
