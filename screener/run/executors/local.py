"""The `local` executor: forked worker processes on this machine, each file under a time and memory limit.

The pool (pool.py) holds the limits; the head start (head_start.py) reads the first files on a
second core while this process builds the matcher that every worker then inherits.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from screener.run.executors import head_start
from screener.run.executors.base import Limits, Task, default_jobs
from screener.run.executors.pool import pool_screen, preload

if TYPE_CHECKING:
    from screener.record import Record
    from screener.settings import Screen


class LocalExecutor:
    name = "local"

    def __init__(self, jobs: int | None = None, limits: Limits | None = None) -> None:
        self.jobs = jobs or default_jobs()
        self.limits = limits or Limits()

    def screen(self, tasks: Sequence[Task], screen: Screen) -> Iterator[tuple[Task, Record]]:
        if not tasks:
            return
        todo = list(tasks)
        # Not the tasks judged from a stored Document (run/redate.py): their files are not read at all.
        reader = head_start.start([t for t in todo if t.prepared is None], screen, default_jobs(), self.limits.memory)
        try:
            # While the reader works: what every worker will need (PDFium's bindings, phone numbers,
            # rapidfuzz), then spaCy and the matcher, built once here so that every forked worker
            # inherits them. Imported later, the bindings kept both cores waiting after the reader stopped.
            preload()
            screen.matcher  # noqa: B018
        finally:
            if reader is not None:
                todo = reader.collect(todo)
        yield from pool_screen(todo, screen, self.jobs, self.limits.timeout, self.limits.memory)
