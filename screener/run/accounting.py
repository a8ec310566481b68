"""Every file of a run accounted for: per kind, how many were read, unsupported or failed; what was skipped.

Nothing disappears silently: a row is read (ranked, or a duplicate), unsupported (no reader reads
its kind, or it holds data or code) or failed (any other status); a container is counted as opened
with the rows it gave; clutter and screener's own files are listed as skipped, with why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from screener.codes import Status
from screener.run.discover import Skipped
from screener.run.inventory import Found
from screener.run.kinds import LABELS, label


class Counted(Protocol):
    """A run's file as the accounting counts it (rows.Row)."""

    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> str: ...


READ = frozenset({Status.OK, Status.DUPLICATE})


@dataclass(frozen=True)
class KindCount:
    kind: str  # as sniffed (screener.read.sniff)
    read: int = 0
    unsupported: int = 0
    failed: int = 0
    opened: int = 0  # containers of this kind opened into rows of their own
    members: int = 0  # the rows they gave

    @property
    def label(self) -> str:
        return label(self.kind)

    def describe(self) -> str:
        """'8 read, 1 failed', '1 opened (2 files in it)'."""
        said = [f"{n} {what}" for n, what in ((self.read, "read"), (self.unsupported, "unsupported"),
                                               (self.failed, "failed")) if n]
        if self.opened:
            said.append(f"{self.opened} opened ({self.members} file(s) in {'it' if self.opened == 1 else 'them'})")
        return ", ".join(said)

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "label": self.label, "read": self.read, "unsupported": self.unsupported,
                "failed": self.failed, "opened": self.opened, "members": self.members, "text": self.describe()}


@dataclass(frozen=True)
class Accounting:
    kinds: tuple[KindCount, ...] = ()  # in the order of kinds.LABELS
    skipped: tuple[Skipped, ...] = ()
    unsupported: int = 0
    failed: int = 0

    @classmethod
    def of(cls, entries: Sequence[Counted], containers: Sequence[tuple[Found, int]] = (),
           skipped: Sequence[Skipped] = ()) -> Accounting:
        counts: dict[str, KindCount] = {}
        for e in entries:
            k = counts.get(e.kind) or KindCount(e.kind)
            status = e.status
            if status in READ:
                k = replace(k, read=k.read + 1)
            elif status == Status.UNSUPPORTED:
                k = replace(k, unsupported=k.unsupported + 1)
            else:
                k = replace(k, failed=k.failed + 1)
            counts[e.kind] = k
        for found, rows in containers:
            k = counts.get(found.kind) or KindCount(found.kind)
            counts[found.kind] = replace(k, opened=k.opened + 1, members=k.members + rows)
        order = {kind: i for i, kind in enumerate(LABELS)}
        kinds = tuple(sorted(counts.values(), key=lambda k: (order.get(k.kind, len(order)), k.kind)))
        return cls(kinds, tuple(skipped), sum(k.unsupported for k in kinds), sum(k.failed for k in kinds))

    def as_json(self) -> dict[str, Any]:
        """For the report's run info: the counts per kind and the skipped files with why."""
        return {"kinds": [k.as_json() for k in self.kinds],
                "skipped": [{"name": s.name, "why": s.why} for s in self.skipped]}
