"""A head start: the first files are read while the parent loads spaCy.

Before any worker can be forked the parent spends about half a second importing spaCy and
building the matcher (the workers inherit it instead of each building its own), on one core. When
the machine has a second core, a forked reader uses it meanwhile: it runs the stages that need no
spaCy (read, hash, extract, lay out) on the first files, and the workers judge those files from
the Documents it made. This holds for any `--jobs`: the reader screens files only while no worker
exists yet, so at most `--jobs` processes screen files at any moment, and the parent's start-up,
like its bookkeeping during the run, is not one of them. On a single core nothing runs beside the
parent.

The reader is a helper, never the judge of a file. It keeps only files it read cleanly; any file
it did not finish, or could not read, goes to a worker as usual, under the worker's time and
memory limits, and gets its status there. The parent takes what is ready once the matcher is
built and kills the reader, whatever it is doing.
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing as mp
import os
import pickle
import signal
from collections.abc import Sequence
from dataclasses import replace
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from screener.run.executors.base import Task, read_task
from screener.run.executors.pool import die_with_parent, limit_memory

if TYPE_CHECKING:
    from screener.settings import Screen

# Room in the pipe for the Documents of about a second's reading (10-30 KB each), so that the
# reader is not held up by a parent that reads nothing until spaCy is loaded. Linux only.
_PIPE_BYTES = 1 << 20


def _read_ahead(conn: Connection, tasks: Sequence[Task], config: Screen, budget: int, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    faulthandler.disable()
    die_with_parent(parent)
    limit_memory(budget)
    for task in tasks:
        try:
            result, doc = read_task(task, config)
        except BaseException:  # noqa: BLE001 - out of memory, say: the workers will read it under their limits
            return
        if doc is None or result.status != "ok":
            continue  # a worker reads it again and reports why it failed
        try:
            payload = pickle.dumps((result, doc), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - e.g. too deeply nested: a worker reads this one itself
            continue
        try:
            conn.send((task.index, payload))
        except OSError:
            return  # the parent has stopped listening


class HeadStart:
    """The reader, forked from the parent before spaCy is imported."""

    def __init__(self, tasks: Sequence[Task], config: Screen, memory: int) -> None:
        ctx = mp.get_context("fork")
        self.conn, child = ctx.Pipe(duplex=False)
        with contextlib.suppress(ImportError, AttributeError, OSError):
            import fcntl

            fcntl.fcntl(child.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
        self.proc = ctx.Process(target=_read_ahead, args=(child, tasks, config, memory, os.getpid()), daemon=True)
        self.proc.start()
        child.close()

    def collect(self, tasks: list[Task]) -> list[Task]:
        """Stop the reader; `tasks` with the Documents it finished attached."""
        ready: dict[int, bytes] = {}
        try:
            while self.conn.poll(0):
                index, payload = self.conn.recv()
                ready[index] = payload
        except (EOFError, OSError):
            pass  # it died (a file it could not read): what it finished before still counts
        finally:
            self.proc.kill()
            self.proc.join(timeout=2)
            self.conn.close()
        return [replace(t, prepared=ready[t.index]) if t.index in ready else t for t in tasks]


def start(tasks: Sequence[Task], config: Screen, cores: int, memory: int) -> HeadStart | None:
    """A reader when this process may use a second core and there is a matcher still to build."""
    if cores < 2 or not tasks or config.runtime.matcher_built:
        return None
    try:
        return HeadStart(tasks, config, memory)
    except (OSError, ValueError):
        return None  # no process to spare (or no fork here): the workers read every file themselves
