"""Reading loosely-typed record values: the report takes records as dicts (parsed JSONL, stored state).

These four helpers are the only place the report guesses a value's type; when records arrive
typed, they go.
"""

from __future__ import annotations

import math
from typing import Any

# Cited lines and quotes are cut to this many characters (the page stays small).
DEFAULT_TEXT_LIMIT = 600


def num(value: Any) -> float | None:
    """A finite number as a float; None for anything else (booleans, strings, NaN, infinities)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):  # a tuple: faster than a union
        return None
    return float(value) if math.isfinite(value) else None


def whole(value: Any) -> int | None:
    """A finite number truncated to an int, else None."""
    n = num(value)
    return None if n is None else int(n)


def items(value: Any) -> list[Any]:
    """A list or tuple as a list; anything else is empty."""
    return list(value) if isinstance(value, list | tuple) else []


def clip(value: Any, limit: int = DEFAULT_TEXT_LIMIT) -> str:
    """Text cut to `limit` characters, the last one an ellipsis when cut; None is empty."""
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
