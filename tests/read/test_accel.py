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
