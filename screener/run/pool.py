"""Worker processes with a time and memory limit per file.

A PDF bomb, a 2,000-page file or a parser hang costs that one file a status
(`timeout`, `too-large`, `error`), never the run: a worker that overruns is
killed and replaced, and a worker that dies has its file reported.

Workers are forked from the parent after it has built the Config (taxonomy,
spaCy matcher), so each inherits it copy-on-write instead of spending half a
second building its own; a replacement worker is forked from the same parent
and is ready at once.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import multiprocessing as mp
import os
import pickle
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from screener.model import Screening
from screener.record import Record

FILE_TIMEOUT = 60.0  # seconds of wall time per file
MEMORY_LIMIT = 1024**3  # bytes of address space a worker may add to what it inherits
# Files per worker before it is replaced, so leaks and fragmentation stay bounded. Not lower: a new
# worker learns the resumes' vocabulary again (spaCy lexemes, the matcher's word cache).
MAX_TASKS = 1000
PIPELINE_DEPTH = 2  # files handed to a worker at once

_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Task:
    index: int
    path: Path
    name: str  # the path as shown in the outputs
    prepared: bytes | None = None  # (Screening, Document) read and laid out ahead (head_start), pickled


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


def _too_large(task: Task, sha256: str = "") -> Screening:
    return Screening(file=task.name, sha256=sha256, status="too-large",
                     reason="reading the file needed more memory than the per-file limit")


def screen_one(task: Task, config: Any) -> tuple[Screening, bool]:
    """Screen one file inside a worker; the flag asks for the worker to be replaced.

    screen_file never raises for a bad file, but running out of memory can
    surface anywhere, and after it the worker's heap is not to be trusted.
    """
    from screener.pipeline import file_sha256, finish, screen_file

    try:
        if task.prepared is not None:
            read, doc = pickle.loads(task.prepared)
            result = finish(read, doc, config)
        else:
            result = screen_file(task.path, config, task.name)
    except MemoryError:
        return _too_large(task, file_sha256(task.path)), True
    except Exception as exc:  # noqa: BLE001 - one file's failure, never the worker's
        return Screening(file=task.name, sha256=file_sha256(task.path), status="error",
                         reason=f"unexpected {type(exc).__name__}: {exc}"[:300]), True
    result.document = None  # the lines stay here; the records do not need them
    # The engines catch broad exceptions and report "error"/"corrupt (MemoryError)":
    # under the cap that means the file needed too much memory, not that it is damaged.
    if result.status != "ok" and "MemoryError" in result.reason:
        return _too_large(task, result.sha256), True
    return result, False


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
        result, retire = screen_one(task, config)
        try:
            # The record, not the Screening: a third of the bytes and a tenth of the pickling.
            conn.send((task.index, Record.from_screening(result), retire))
        except (BrokenPipeError, ConnectionResetError):
            return
        except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
            failed = Screening(file=task.name, sha256=result.sha256, status="error",
                               reason=f"the result could not be returned: {exc}"[:300])
            conn.send((task.index, Record.from_screening(failed), True))
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
    from screener.pipeline import file_sha256

    sha = file_sha256(task.path)
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if -exitcode in _OUT_OF_MEMORY_SIGNALS:
            return Screening(file=task.name, sha256=sha, status="too-large",
                             reason=f"reading the file needed more memory than the per-file limit "
                                    f"(the worker ended with {name})")
        return Screening(file=task.name, sha256=sha, status="error",
                         reason=f"the PDF parser crashed ({name}) while reading the file")
    return Screening(file=task.name, sha256=sha, status="error",
                     reason=f"the worker stopped (exit code {exitcode}) while reading the file")


def _timed_out(task: Task, timeout: float) -> Screening:
    from screener.pipeline import file_sha256

    return Screening(file=task.name, sha256=file_sha256(task.path), status="timeout",
                     reason=f"screening took longer than {timeout:g} s and was stopped")


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
    progress: Callable[[int, int], None] | None = None,
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
    done = 0
    try:
        while queue or any(w.tasks for w in workers):
            _feed(workers, queue, new_worker)
            busy = [w for w in workers if w.tasks]
            next_deadline = min(w.started + timeout for w in busy) - time.monotonic()
            ready = wait([w.conn for w in busy], timeout=max(0.01, min(0.25, next_deadline)))
            for i, w in enumerate(workers):
                if not w.tasks:
                    continue
                task = w.tasks[0]
                result: Record | None = None
                replace = False
                if w.conn in ready:
                    try:
                        _, result, replace = w.conn.recv()
                    except (EOFError, OSError):
                        w.proc.join(timeout=2)
                        result, replace = Record.from_screening(_death_report(task, w.proc.exitcode)), True
                elif time.monotonic() - w.started > timeout:
                    result, replace = Record.from_screening(_timed_out(task, timeout)), True
                if result is None:
                    continue
                w.tasks.popleft()
                w.started = time.monotonic()  # it has begun the next file it holds, if any
                if replace:
                    # Gone or retiring: the files it had not begun go back to the front of the queue.
                    queue.extendleft(reversed(w.tasks))
                    w.tasks.clear()
                    w.stop(kill=True)
                    workers[i] = new_worker() if queue else w
                done += 1
                if progress:
                    progress(done, len(tasks))
                yield task, result
    finally:
        for w in workers:
            if w.proc.is_alive() or w.proc.exitcode is None:
                w.stop(kill=bool(w.tasks))
            else:
                w.conn.close()
