"""What a run produced: its ranked records, its counts and, when asked, what changed since the last run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from screener.codes import Status
from screener.record import Record

if TYPE_CHECKING:
    from screener.run.accounting import Accounting
    from screener.run.history import Diff
    from screener.run.rows import Row
    from screener.run.state import RunRow


@dataclass(frozen=True)
class Counts:
    """The run's counts, as the `runs` table keeps them."""

    found: int = 0  # rows in the outputs
    screened: int = 0  # screened in this run
    reused: int = 0  # taken from the state database
    ranked: int = 0
    duplicates: int = 0
    failed: int = 0  # could not be screened (duplicates are not failures)

    @classmethod
    def of(cls, records: Sequence[Row | Record], screened: int, reused: int) -> Counts:
        status = Counter(r.status for r in records)
        ok, dup = status[Status.OK], status[Status.DUPLICATE]
        return cls(len(records), screened, reused, ok, dup, len(records) - ok - dup)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass(frozen=True)
class Comparison:
    """This run against the previous completed run for the same role (`--diff`)."""

    now: RunRow
    previous: RunRow | None = None  # None: no earlier completed run
    dropped: bool = False  # the previous run's ranked list is no longer kept (--keep-runs)
    diff: Diff | None = None  # set when there is a previous list to compare with


@dataclass(frozen=True)
class RunResult:
    paths: tuple[str, ...]  # as given
    output: Path | None  # the first output asked for (the -o file)
    records: list[Row]  # in rank order: each file's summary (run/rows.py), not its full record
    counts: Counts
    role: str
    as_of: str
    taxonomy_version: str
    stateful: bool = False  # a state database was used
    rescreen: bool = False  # every file was screened again on purpose
    run_id: int = 0  # its row in the state database (0: none)
    written: tuple[Path, ...] = ()
    comparison: Comparison | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)  # done, but something the user should know
    accounting: Accounting | None = None  # every file: read, unsupported, failed or skipped, per kind
