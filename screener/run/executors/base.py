"""What every executor shares: the task it is given, the per-file limits, and screening one task.

An executor takes tasks (files to screen) and yields each one's record as it is done, in any
order, under the per-file time and memory limits as far as it can hold them. `local` (forked
worker processes) holds both; `serial` (this process) holds the time limit on the main thread and
turns running out of memory into `too-large`. The parent keeps the bookkeeping (the state, the
progress, the ranking), so an executor never sees more than the tasks and the `Screen`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from screener.codes import Status
from screener.model import Document, Screening
from screener.read.base import ExtractError

if TYPE_CHECKING:
    from screener.record import Record
    from screener.run.redate import Dated
    from screener.settings import Screen

FILE_TIMEOUT = 60.0  # seconds of wall time per file
MEMORY_LIMIT = 1024**3  # bytes of address space a worker may add to what it inherits


@dataclass(frozen=True)
class Limits:
    """What one file may cost before it is stopped: `timeout` seconds, `memory` bytes."""

    timeout: float = FILE_TIMEOUT
    memory: int = MEMORY_LIMIT


@dataclass(frozen=True)
class Task:
    index: int
    path: Path  # the file; for a member, its container
    name: str  # the path as shown in the outputs ('archive.zip/cv.pdf' for a member)
    prepared: bytes | None = None  # (Screening, Document) read and laid out ahead (head_start), pickled
    member: str = ""  # the member's name inside the container at `path`; '' for a file
    sha256: str = ""  # the hash the plan took (the parent never reads a file again after a timeout)
    data: bytes | None = field(default=None, repr=False)  # a small member's bytes; else taken out again
    # On the way back: what the state keeps to re-judge a result dated by --as-of on another day (redate.py).
    dated: Dated | None = field(default=None, repr=False)

    @property
    def digest(self) -> str:
        """The content hash for a row that failed before the pipeline hashed it."""
        from screener.pipeline import file_sha256

        return self.sha256 or file_sha256(self.path)


class Executor(Protocol):
    @property
    def name(self) -> str: ...  # what --executor calls it

    def screen(self, tasks: Sequence[Task], screen: Screen) -> Iterator[tuple[Task, Record]]:
        """Each task's record as it is done (any order); every task is answered exactly once."""
        ...


def default_jobs() -> int:
    """The cores this process may use (a container's CPU set, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# --------------------------------------------------------------------------- one task


def too_large(task: Task, sha256: str = "") -> Screening:
    return Screening(file=task.name, sha256=sha256, status=Status.TOO_LARGE,
                     reason="reading the file needed more memory than the per-file limit")


def timed_out(task: Task, timeout: float) -> Screening:
    return Screening(file=task.name, sha256=task.digest, status=Status.TIMEOUT,
                     reason=f"screening took longer than {timeout:g} s and was stopped")


def read_task(task: Task, config: Screen) -> tuple[Screening, Document | None]:
    """The stages that need no spaCy, for a file or a container's member (the head start's part)."""
    from screener.pipeline import read_document, read_document_bytes

    if not task.member:
        return read_document(task.path, config, task.name)
    return read_document_bytes(_member_data(task), task.name, config)


def _member_data(task: Task) -> bytes:
    from screener.run.inventory import member_bytes

    return task.data if task.data is not None else member_bytes(task.path, task.member, task.sha256)


def _screen(task: Task, config: Screen) -> tuple[Screening, Dated | None]:
    """The task's Screening; and, for a document dated by --as-of, what re-judges it another day."""
    from screener.pipeline import finish
    from screener.run.redate import dated, prepared

    doc: Document | None
    if task.prepared is not None:  # read ahead (head_start), or stored (a result re-judged for another day)
        read, doc = prepared(task.prepared, task.name, task.sha256)
    else:
        try:
            read, doc = read_task(task, config)
        except ExtractError as exc:  # a member that could not be taken out again
            return Screening(file=task.name, sha256=task.sha256, status=exc.status, reason=exc.reason), None
    if doc is None:
        return read, None
    keep = dated(read, doc, config.settings.as_of)  # before judging: the Document as read
    return finish(read, doc, config), keep


def screen_one(task: Task, config: Screen) -> tuple[Screening, bool, Dated | None]:
    """Screen one file; the flag asks for the process that did it to be replaced.

    screen_file never raises for a bad file, but running out of memory can
    surface anywhere, and after it the worker's heap is not to be trusted.
    """
    try:
        result, keep = _screen(task, config)
    except MemoryError:
        return too_large(task, task.digest), True, None
    except Exception as exc:  # noqa: BLE001 - one file's failure, never the worker's
        return Screening(file=task.name, sha256=task.digest, status=Status.ERROR,
                         reason=f"unexpected {type(exc).__name__}: {exc}"[:300]), True, None
    result.document = None  # the lines stay here; the records do not need them
    # The engines catch broad exceptions and report "error"/"corrupt (MemoryError)":
    # under the cap that means the file needed too much memory, not that it is damaged.
    if result.status != Status.OK and "MemoryError" in result.reason:
        return too_large(task, result.sha256), True, None
    return result, False, keep
