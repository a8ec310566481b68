"""Ranking: the records of a run in rank order, the same candidate in several files ranked once.

`rank` and `mark_duplicates` are pure functions over records. Finding the files is discover.py's
and inventory.py's (re-exported here), screening them plan.py's.
"""

from __future__ import annotations

import os  # noqa: F401 - tests simulate an unreadable file by patching runner.os.open
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from screener.codes import COLUMN_A, COLUMN_B, COLUMN_PROFILE
from screener.model import Screening
from screener.record import Record
from screener.run.discover import discover, display_name
from screener.run.errors import UsageError
from screener.run.inventory import Found, fingerprint

__all__ = ["Entry", "Found", "Rankable", "UsageError", "discover", "display_name", "duplicate_notes", "fingerprint",
           "mark_duplicates", "rank", "rank_key"]


# --------------------------------------------------------------------------- ranking


@dataclass(frozen=True)
class Entry:
    """One file's record (rank unset) and what ranking needs beyond it."""

    record: Record
    mtime: float = 0.0
    kind: str = ""  # what the file's bytes are (screener.read.sniff), for the run's accounting


def _as_entry(item: Entry | Screening) -> Entry:
    return item if isinstance(item, Entry) else Entry(Record.from_screening(item))


def _candidate_keys(rec: Rankable) -> list[tuple[str, str]]:
    keys = []
    email = rec.email.strip().lower()
    if email:
        keys.append(("email:" + email, "same email"))
    name = " ".join(rec.candidate.casefold().split())
    phone = rec.phone
    if name and phone:
        keys.append((f"name+phone:{name}|{phone}", "same name and phone"))
    return keys


class Rankable(Protocol):
    """What ranking reads of a file's result: a Record, or a run's compact row (rows.Row)."""

    @property
    def file(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def candidate(self) -> str: ...
    @property
    def phone(self) -> str: ...
    @property
    def resume_date(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def fit_score(self) -> float | None: ...
    @property
    def column_a(self) -> float: ...
    @property
    def column_b(self) -> float: ...


def mark_duplicates(entries: Sequence[Entry]) -> list[Entry]:
    """The same candidate in several files is ranked once: the newest file (see `duplicate_notes`)."""
    notes = duplicate_notes([e.record for e in entries], [e.mtime for e in entries])
    out = list(entries)
    for i, note in notes.items():
        out[i] = replace(entries[i], record=entries[i].record.as_duplicate(note))
    return out


def duplicate_notes(recs: Sequence[Rankable], mtimes: Sequence[float]) -> dict[int, str]:
    """Which files are duplicates of another, by index, with the note naming the ranked file.

    Same candidate = the same email (any letter case) or the same name and phone,
    transitively. Newest = latest resume date, then latest file mtime, then the
    first path, so the choice is deterministic. The others get status `duplicate`
    and a note naming the ranked file.
    """
    parent = list(range(len(recs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_seen: dict[str, int] = {}
    why: dict[int, str] = {}
    # In path order, not the order results arrived in (completion order with several workers),
    # so that which reason a note gives is the same on every run.
    for i in sorted(range(len(recs)), key=lambda i: recs[i].file):
        r = recs[i]
        if r.status != "ok":
            continue
        for key, reason in _candidate_keys(r):
            j = first_seen.setdefault(key, i)
            if j != i:
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
                why.setdefault(i, reason)
                why.setdefault(j, reason)
    groups: dict[int, list[int]] = {}
    for i in why:
        groups.setdefault(find(i), []).append(i)
    notes: dict[int, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda i: recs[i].file)
        members.sort(key=lambda i: (recs[i].resume_date, mtimes[i]), reverse=True)
        winner = recs[members[0]].file
        for i in members[1:]:
            notes[i] = f"Duplicate of {winner} ({why[i]}), which is ranked instead."
    return notes


# The evidence column each target role wants (codes.COLUMN_PROFILE read backwards): a tie in fit score
# goes to the stronger evidence for the role screened for.
_TARGET_COLUMN = {profile: column for column, profile in COLUMN_PROFILE.items()}


def rank_key(r: Rankable) -> tuple[float, float, float, bool, str, str]:
    """Fit score; then the weight in the target role's column; then the weight in both; then the name
    (a file without one after those with); the path only last, so equal candidates keep one order."""
    column = _TARGET_COLUMN.get(r.role)
    target = r.column_a if column == COLUMN_A else r.column_b if column == COLUMN_B else 0.0
    name = " ".join(r.candidate.casefold().split())
    return (-(r.fit_score or 0.0), -target, -(r.column_a + r.column_b), not name, name, r.file)


def rank(items: Sequence[Entry | Screening]) -> list[Record]:
    """Records in rank order: readable resumes by fit score (ties by evidence, then name), then duplicates,
    then the rest."""
    entries = mark_duplicates([_as_entry(x) for x in items])
    recs = [e.record for e in entries]
    ok = sorted((r for r in recs if r.status == "ok"), key=rank_key)
    dup = sorted((r for r in recs if r.status == "duplicate"), key=lambda r: r.file)
    bad = sorted((r for r in recs if r.status not in ("ok", "duplicate")), key=lambda r: r.file)
    return [r.with_rank(i + 1) for i, r in enumerate(ok)] + [r.with_rank(None) for r in dup + bad]
