"""Month arithmetic over roles: spans, unions, the resume's 'Present'."""

from __future__ import annotations

from screener.model import Role
from screener.parse.dates import month_span


def role_span(role: Role, present: int) -> tuple[int, int] | None:
    """Inclusive month indices of a dated role; None when undated or impossible."""
    if role.dates is None:
        return None
    span = month_span(role.dates, present)
    if span is None or span[1] < span[0] or span[0] > present:
        return None
    return span[0], min(span[1], present)


def union_size(spans: list[tuple[int, int]]) -> int:
    """How many distinct months the spans cover (overlaps counted once)."""
    total = 0
    end = -1
    for a, b in sorted(spans):
        if b <= end:
            continue
        total += b - max(a, end + 1) + 1
        end = b
    return total
