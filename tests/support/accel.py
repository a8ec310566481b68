"""The C accelerators in tests: required under CI (a build that silently failed must not pass as the
Python fallback), skipped elsewhere when not built or switched off."""

from __future__ import annotations

import os
from typing import Any

import pytest

from screener.read import accel


def required(module: Any, what: str) -> Any:
    """`module` (a loaded accelerator), or fail under CI / skip elsewhere when it is None."""
    if module is None:
        if os.environ.get("CI") and not os.environ.get(accel.NO_ACCEL):
            pytest.fail(f"CI is set but {what} was not built (or is out of date)")
        pytest.skip(f"{what} is not built or {accel.NO_ACCEL} is set")
    return module
