"""Worker processes with a time and memory limit per file.

A PDF bomb, a 2,000-page file or a parser hang costs that one file a status
(`timeout`, `too-large`, `error`), never the run: a worker that overruns is
killed and replaced, and a worker that dies has its file reported.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from screener.model import Screening

FILE_TIMEOUT = 60.0  # seconds per file
MEMORY_LIMIT = 2 * 1024**3  # bytes of address space per worker


def _limit_memory(limit: int) -> None:
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform: the time limit still holds


def _serve(conn: Connection, make_config: Callable[[], Any], memory: int) -> None:
    from screener.pipeline import screen_file

    _limit_memory(memory)
    config = make_config()
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        index, path = msg
        result = screen_file(Path(path), config)
        result.document = None  # the lines stay in the worker; records do not need them
        try:
            conn.send((index, result))
        except (BrokenPipeError, OSError):
            return


class _Worker:
    def __init__(self, ctx: Any, make_config: Callable[[], Any], memory: int) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, make_config, memory), daemon=True)
        self.proc.start()
        child.close()
        self.task: tuple[int, Path, float] | None = None

    def give(self, index: int, path: Path) -> None:
        self.task = (index, path, time.monotonic())
        self.conn.send((index, str(path)))

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        self.proc.join(timeout=2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(timeout=2)
        self.conn.close()


def _failed(path: Path, status: str, reason: str) -> Screening:
    from screener.pipeline import file_sha256

    return Screening(file=str(path), sha256=file_sha256(path), status=status, reason=reason)


def pool_screen(
    files: list[Path],
    make_config: Callable[[], Any],
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
    timeout: float = FILE_TIMEOUT,
    memory: int = MEMORY_LIMIT,
) -> Iterator[Screening]:
    ctx = mp.get_context("fork")
    queue = deque(enumerate(files))
    workers = [_Worker(ctx, make_config, memory) for _ in range(min(jobs, len(files)))]
    done = 0
    try:
        while queue or any(w.task for w in workers):
            for w in workers:
                if w.task is None and queue:
                    w.give(*queue.popleft())
            ready = wait([w.conn for w in workers if w.task], timeout=0.25)
            for i, w in enumerate(workers):
                if w.task is None:
                    continue
                index, path, started = w.task
                result: Screening | None = None
                if w.conn in ready:
                    try:
                        _, result = w.conn.recv()
                    except (EOFError, OSError):
                        code = w.proc.exitcode
                        why = "the worker ran out of memory" if code in (-9, 137) else f"the worker died (exit {code})"
                        result = _failed(path, "too-large" if code in (-9, 137) else "error", why)
                        w.stop(kill=True)
                        workers[i] = _Worker(ctx, make_config, memory)
                        w = workers[i]
                elif time.monotonic() - started > timeout:
                    result = _failed(path, "timeout", f"screening took longer than {timeout:g} s and was stopped")
                    w.stop(kill=True)
                    workers[i] = _Worker(ctx, make_config, memory)
                    w = workers[i]
                if result is not None:
                    w.task = None
                    done += 1
                    if progress:
                        progress(done, len(files))
                    yield result
    finally:
        for w in workers:
            w.stop(kill=w.task is not None)
