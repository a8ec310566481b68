"""Reading values from JSON whose shape is untrusted (a stored record, a saved run).

Each reader returns the value when it has the right type, a coerced value when one is obvious, else
the default. Numbers keep int/float as stored, so a record read back writes the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar


def as_str(v: object, default: str = "") -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, int | float) and not isinstance(v, bool):
        return str(v)
    return default


def opt_str(v: object) -> str | None:
    return None if v is None else as_str(v)


def as_int(v: object, default: int = 0) -> int:
    if isinstance(v, bool):
        return default
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return default


def opt_int(v: object) -> int | None:
    return None if v is None or isinstance(v, bool) or not isinstance(v, int | float) else as_int(v)


def as_float(v: object, default: float = 0.0) -> float:
    if isinstance(v, int | float) and not isinstance(v, bool):
        return v
    return default


def opt_float(v: object) -> float | None:
    return v if isinstance(v, int | float) and not isinstance(v, bool) else None


def as_bool(v: object) -> bool:
    return v if isinstance(v, bool) else bool(v) if isinstance(v, int | float) else False


def as_strs(v: object) -> tuple[str, ...]:
    return tuple(as_str(x) for x in v) if isinstance(v, list | tuple) else ()


def as_ints(v: object) -> tuple[int, ...]:
    return tuple(as_int(x) for x in v) if isinstance(v, list | tuple) else ()


_T = TypeVar("_T")


def each(v: object, read: Callable[[Mapping[str, Any]], _T]) -> tuple[_T, ...]:
    """The objects of a JSON list; anything in it that is not an object is skipped."""
    if not isinstance(v, list | tuple):
        return ()
    return tuple(read(x) for x in v if isinstance(x, Mapping))
