"""Worker processes with a time and memory limit per file.

A PDF bomb, a 2,000-page file or a parser hang costs that one file a status
(`timeout`, `too-large`, `error`), never the run: a worker that overruns is
killed and replaced, and a worker that dies has its file reported.

Workers are forked from the parent after it has built the Screen (taxonomy,
spaCy matcher), so each inherits it copy-on-write instead of spending half a
second building its own; a replacement worker is forked from the same parent
and is ready at once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import faulthandler
import gc
import multiprocessing as mp
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from screener.codes import Status
from screener.model import Screening
from screener.record import Record
from screener.run.executors.base import FILE_TIMEOUT, MEMORY_LIMIT, Task, screen_one, timed_out

__all__ = ["FILE_TIMEOUT", "MEMORY_LIMIT", "MAX_TASKS", "Task", "pool_screen", "preload", "screen_one"]

# Files per worker before it is replaced, so leaks and fragmentation stay bounded. Not lower: a new
# worker learns the resumes' vocabulary again (spaCy lexemes, the matcher's word cache).
MAX_TASKS = 1000
PIPELINE_DEPTH = 2  # files handed to a worker at once

_PR_SET_PDEATHSIG = 1


# --------------------------------------------------------------------------- in the worker


def die_with_parent(parent: int) -> None:
    """A worker must not outlive a killed run: it would hold files open and burn CPU."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # not Linux: the worker still ends when its pipe closes
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(0)


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def limit_memory(budget: int) -> None:
    """Cap the address space at what the worker holds now plus `budget`.

    Relative, not absolute: the inherited spaCy pipeline and libraries already
    take a few hundred MB of address space, and that varies by machine.
    """
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = _address_space() + budget
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform: the time limit still holds


def _serve(conn: Connection, config: Any, budget: int, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    faulthandler.disable()  # a crash becomes the file's status, not a dump on stderr
    die_with_parent(parent)
    limit_memory(budget)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        task: Task = msg
        result, retire, dated = screen_one(task, config)
        try:
            # The record, not the Screening: a third of the bytes and a tenth of the pickling.
            conn.send((task.index, Record.from_screening(result), retire, dated))
        except (BrokenPipeError, ConnectionResetError):
            return
        except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
            failed = Screening(file=task.name, sha256=result.sha256, status=Status.ERROR,
                               reason=f"the result could not be returned: {exc}"[:300])
            conn.send((task.index, Record.from_screening(failed), True, None))
        if retire:
            return


# --------------------------------------------------------------------------- in the parent


class _Worker:
    def __init__(self, ctx: Any, config: Any, budget: int) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, config, budget, os.getpid()), daemon=True)
        self.proc.start()
        child.close()
        self.tasks: deque[Task] = deque()  # given and not yet answered; it works on the first
        self.started = 0.0  # when it began the first
        self.given = 0

    def give(self, task: Task) -> bool:
        try:
            self.conn.send(task)
        except (BrokenPipeError, ConnectionResetError, OSError):
            return False  # it died; the caller replaces it
        if not self.tasks:
            self.started = time.monotonic()
        self.tasks.append(task)
        self.given += 1
        return True

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            with contextlib.suppress(BrokenPipeError, OSError):
                self.conn.send(None)
        self.proc.join(timeout=2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(timeout=2)
        self.conn.close()


# A C/C++ parser that cannot allocate under the address-space cap aborts (PDFium's
# out-of-memory handler calls abort()); the kernel's OOM killer sends SIGKILL.
# Either way the file needed more memory than it may have.
_OUT_OF_MEMORY_SIGNALS = (signal.SIGKILL, signal.SIGABRT)


def _death_report(task: Task, exitcode: int | None) -> Screening:
    """Why a worker vanished in the middle of a file, as a status for that file."""
    sha = task.digest
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if -exitcode in _OUT_OF_MEMORY_SIGNALS:
            return Screening(file=task.name, sha256=sha, status=Status.TOO_LARGE,
                             reason=f"reading the file needed more memory than the per-file limit "
                                    f"(the worker ended with {name})")
        return Screening(file=task.name, sha256=sha, status=Status.ERROR,
                         reason=f"the reader crashed ({name}) while reading the file")
    return Screening(file=task.name, sha256=sha, status=Status.ERROR,
                     reason=f"the worker stopped (exit code {exitcode}) while reading the file")


def preload() -> None:
    """Import what every worker needs once, in the parent, so that every fork shares it."""
    with contextlib.suppress(Exception):
        import phonenumbers  # noqa: F401
        import rapidfuzz.fuzz  # noqa: F401
        import rapidfuzz.process  # noqa: F401

        import screener.read.pdfium  # noqa: F401


def _feed(workers: list[_Worker], queue: deque[Task], new_worker: Callable[[], _Worker]) -> None:
    """Give every idle worker a file, then a second one to those that will want it.

    The second file waits in the worker's pipe, so the worker starts it the moment it
    sends a result, while the parent stores that result: with one worker the two no
    longer take turns. Near the end of the queue files go only to idle workers, so no
    file waits behind a slow one while another worker has nothing to do.
    """
    for depth in (1, PIPELINE_DEPTH):
        for i in range(len(workers)):
            w = workers[i]
            while len(w.tasks) < depth and queue and (depth == 1 or len(queue) >= len(workers)):
                if w.given >= MAX_TASKS or not w.proc.is_alive():
                    if w.tasks:
                        break  # replaced once it has answered what it holds
                    w.stop(kill=not w.proc.is_alive())
                    w = workers[i] = new_worker()
                if not w.give(queue[0]):
                    if w.tasks:
                        break  # it died with files in hand: the wait below reports them
                    w.stop(kill=True)
                    w = workers[i] = new_worker()
                    continue
                queue.popleft()


def pool_screen(
    tasks: list[Task],
    config: Any,
    jobs: int,
    timeout: float = FILE_TIMEOUT,
    memory: int = MEMORY_LIMIT,
) -> Iterator[tuple[Task, Record]]:
    """Screen tasks in `jobs` forked workers; (task, record) pairs come in order of completion.

    `config` must be fully built (matcher included) before this is called: the
    workers inherit it.
    """
    if not tasks:
        return
    preload()
    # Everything built so far (taxonomy, spaCy, PDFium bindings) lives as long as the run: out of
    # the collector's sight, the workers neither scan it nor copy the pages it sits on.
    gc.freeze()
    ctx = mp.get_context("fork")

    def new_worker() -> _Worker:
        return _Worker(ctx, config, memory)

    queue = deque(tasks)
    workers = [new_worker() for _ in range(min(jobs, len(tasks)))]
    try:
        while queue or any(w.tasks for w in workers):
            _feed(workers, queue, new_worker)
            ready = _wait(workers, timeout)
            for i, w in enumerate(workers):
                answer = _answer(w, ready, timeout)
                if answer is None:
                    continue
                task, result, replace = answer
                if replace:
                    # Gone or retiring: the files it had not begun go back to the front of the queue.
                    queue.extendleft(reversed(w.tasks))
                    w.tasks.clear()
                    w.stop(kill=True)
                    workers[i] = new_worker() if queue else w
                yield task, result
    finally:
        for w in workers:
            if w.proc.is_alive() or w.proc.exitcode is None:
                w.stop(kill=bool(w.tasks))
            else:
                w.conn.close()


def _wait(workers: list[_Worker], timeout: float) -> list[Any]:
    """The pipes of busy workers with an answer, waiting at most until the next deadline (and 0.25 s)."""
    busy = [w for w in workers if w.tasks]
    next_deadline = min(w.started + timeout for w in busy) - time.monotonic()
    return wait([w.conn for w in busy], timeout=max(0.01, min(0.25, next_deadline)))


def _answer(w: _Worker, ready: list[Any], timeout: float) -> tuple[Task, Record, bool] | None:
    """The file a worker finished (or died on, or overran), with whether to replace it; None while it works."""
    if not w.tasks:
        return None
    task = w.tasks[0]
    result: Record | None = None
    replace = False
    if w.conn in ready:
        try:
            _, result, replace, dated = w.conn.recv()
            if dated is not None:
                task = dataclasses.replace(task, dated=dated)  # what the state keeps to re-judge it (redate.py)
        except (EOFError, OSError):
            w.proc.join(timeout=2)
            result, replace = Record.from_screening(_death_report(task, w.proc.exitcode)), True
    elif time.monotonic() - w.started > timeout:
        result, replace = Record.from_screening(timed_out(task, timeout)), True
    if result is None:
        return None
    w.tasks.popleft()
    w.started = time.monotonic()  # it has begun the next file it holds, if any
    return task, result, replace
