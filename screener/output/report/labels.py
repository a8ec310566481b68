"""What the report calls things, and how it shows a record's figures (as the CSV writes them)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import PureWindowsPath
from typing import Any

from screener.codes import FLAG_MEANINGS, PROFILE_LABELS
from screener.codes import PROFILES as PROFILE_NAMES
from screener.output.report.coerce import num, whole

__all__ = ["FLAG_MEANINGS", "PROFILE_LABELS", "PROFILES"]

PROFILES = PROFILE_NAMES
ROLE_LABELS = {"ai-engineer": "AI engineer (LLM-applied)", "ml-engineer": "ML engineer (production ML)"}

# The CSS class of each profile's colour; any other profile is drawn in grey.
PROFILE_CLASSES = {"ai-engineer": "p-ai", "ml-engineer": "p-ml", "hybrid": "p-hy", "none": "p-no"}
OTHER_PROFILE_CLASS = "p-x"

def profile_class(profile: str) -> str:
    return PROFILE_CLASSES.get(profile, OTHER_PROFILE_CLASS)


def profiles_in_order(profiles: Iterable[str]) -> list[str]:
    """The four known profiles first, always, then any other seen, sorted."""
    return [*PROFILES, *sorted(p for p in set(profiles) if p not in PROFILES)]


def flags_in_order(codes: Iterable[str]) -> list[str]:
    """Flag codes as the README lists them, then unknown ones sorted."""
    seen = set(codes)
    return [c for c in FLAG_MEANINGS if c in seen] + sorted(c for c in seen if c not in FLAG_MEANINGS)


def g(value: float) -> str:
    """A weight as `explain` prints it (%g)."""
    return f"{value:g}"


def fmt_score(value: Any) -> str:
    """The fit score as the CSV writes it (one decimal)."""
    n = num(value)
    return "" if n is None else f"{n:.1f}"


def fmt_share(value: Any) -> str:
    """Column A's share as the CSV writes it (two decimals)."""
    n = num(value)
    return "" if n is None else f"{n:.2f}"


def fmt_int(value: Any) -> str:
    n = whole(value)
    return "" if n is None else str(n)


def _basename(path: str) -> str:
    return PureWindowsPath(path).name or path


def display_name(rec: dict[str, Any]) -> str:
    """The candidate's name, else the file's name (a scan or an unreadable file has no name)."""
    return str(rec.get("candidate") or _basename(str(rec.get("file") or "")) or "(unnamed)")


def is_ranked(rec: dict[str, Any]) -> bool:
    return rec.get("status") == "ok"


def is_duplicate(rec: dict[str, Any]) -> bool:
    return rec.get("status") == "duplicate"


def is_unreadable(rec: dict[str, Any]) -> bool:
    return rec.get("status") not in ("ok", "duplicate")


def most_common(values: Iterable[Any]) -> str | None:
    counts = Counter(str(v) for v in values if v)
    return counts.most_common(1)[0][0] if counts else None
