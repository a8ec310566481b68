"""Counting the resume reads a run makes: what "no file is read" is tested with."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest


@contextmanager
def counted_reads() -> Iterator[list[str]]:
    """The names of the pipeline's readers (`read_file`, `read_bytes`) called meanwhile, in order.

    A JD or a state database is not read through them: only resumes are."""
    import screener.pipeline as pipeline

    calls: list[str] = []

    def counted(real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls.append(real.__name__)
            return real(*args, **kwargs)
        return wrapper

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "read_file", counted(pipeline.read_file))
        mp.setattr(pipeline, "read_bytes", counted(pipeline.read_bytes))
        yield calls
