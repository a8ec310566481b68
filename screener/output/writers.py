"""The writers, by name: what `-o` with `--format`, `--jsonl`, `--parquet` and `--html` ask for.

A writer declares its name, the file suffixes it owns and `write(path, records, run)`, which
writes through `files.write_atomic` (or `atomic_path`) so that a killed run leaves the old file
whole. `records` is a list of records or a `RecordStream` (a run's records read one at a time from
the state, run/stream.py): a writer takes `as_stream(records)` and reads `summaries()` when the CSV
columns are all it writes, `records()` when it needs the evidence, never holding more than it must.
Adding one is a module in this folder plus one line in `WRITERS`; its module is imported
only when its output is asked for, so a writer needing a heavy library (polars) costs nothing
otherwise.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, runtime_checkable

if TYPE_CHECKING:  # not at run time: `screener --help` imports this registry for --format's names
    from screener.record import Record


@dataclass(frozen=True)
class RunInfo:
    """What a writer may say about the run besides its records (the report's header)."""

    role: str
    as_of: str
    taxonomy_version: str
    source: str  # the paths screened, as given
    profile_rule: Mapping[str, Any] | None = None  # scoring.toml [profile], for the report's chart guides
    extra: Mapping[str, Any] = field(default_factory=dict)  # anything else a writer may show


@runtime_checkable
class RecordStream(Protocol):
    """A run's records in rank order, read on demand (run/stream.RankedRecords; ListStream for a list)."""

    def __len__(self) -> int: ...

    def records(self, start: int = 0, stop: int | None = None) -> Iterator[Record]:
        """Full records (sections, roles, tools, evidence), records[start:stop]."""
        ...

    def summaries(self, start: int = 0, stop: int | None = None) -> Iterator[Record]:
        """Records holding at least their CSV columns and role, reason, column_a, column_b."""
        ...


@dataclass(frozen=True)
class ListStream:
    """A list of records as a RecordStream."""

    items: Sequence[Record]

    def __len__(self) -> int:
        return len(self.items)

    def records(self, start: int = 0, stop: int | None = None) -> Iterator[Record]:
        return iter(self.items[start:stop])

    def summaries(self, start: int = 0, stop: int | None = None) -> Iterator[Record]:
        return iter(self.items[start:stop])


Records: TypeAlias = "Sequence[Record] | RecordStream"  # a string: Record is imported for type checking only


def as_stream(records: Records) -> RecordStream:
    return records if isinstance(records, RecordStream) else ListStream(records)


class Writer(Protocol):
    @property
    def name(self) -> str: ...  # what --format calls it

    @property
    def suffixes(self) -> tuple[str, ...]: ...  # the file suffixes it owns, lower case, first the usual one

    def write(self, path: Path, records: Records, run: RunInfo) -> None: ...


@dataclass(frozen=True)
class LazyWriter:
    """A writer whose function ('module:function', `write` by default) is imported when first called."""

    name: str
    suffixes: tuple[str, ...]
    target: str

    def write(self, path: Path, records: Records, run: RunInfo) -> None:
        module, _, function = self.target.partition(":")
        getattr(importlib.import_module(module), function or "write")(path, records, run)


WRITERS: tuple[Writer, ...] = (
    LazyWriter("csv", (".csv",), "screener.output.csv:write"),
    LazyWriter("jsonl", (".jsonl", ".ndjson"), "screener.output.jsonl:write"),
    LazyWriter("parquet", (".parquet",), "screener.output.parquet:write"),
    LazyWriter("html", (".html", ".htm"), "screener.output.html:write"),
)


def names() -> tuple[str, ...]:
    return tuple(w.name for w in WRITERS)


def writer(name: str) -> Writer:
    for w in WRITERS:
        if w.name == name:
            return w
    raise KeyError(f"no writer {name!r} (known: {', '.join(names())})")


def for_suffix(path: Path) -> Writer | None:
    """The writer that owns a file's suffix (`.jsonl` -> jsonl), if any."""
    suffix = path.suffix.lower()
    return next((w for w in WRITERS if suffix in w.suffixes), None)


@dataclass(frozen=True)
class OutputRequest:
    """One output of a run: the registered writer's name, where it writes, and options for that writer only
    (the CSV's `bom`), which it finds in `RunInfo.extra`."""

    writer: str
    path: Path
    options: tuple[tuple[str, Any], ...] = ()

    def info(self, run: RunInfo) -> RunInfo:
        """The run as this output's writer sees it: its own options added to `extra`."""
        return replace(run, extra={**run.extra, **dict(self.options)}) if self.options else run
