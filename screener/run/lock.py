"""One run at a time per state database: an exclusive flock on a lock file.

flock is released by the kernel when the holder dies, so a lock left by a
killed run is never stale: the next run simply takes it. The file's content
(pid, start time) only serves the refusal message.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import time
from dataclasses import dataclass
from pathlib import Path

from screener.run.errors import RunError

# Descriptors held by this process. Worker processes are forked while the lock
# is held; a forked child shares the lock (same open file description), so an
# orphaned or hung worker could keep it after the run was killed. Children close
# their copies right after the fork.
_HELD: set[int] = set()


def _close_in_child() -> None:
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_in_child)


class LockBusy(RunError):
    """Another live process holds the lock; the message says who."""


@dataclass
class RunLock:
    path: Path
    fd: int

    def release(self) -> None:
        if self.fd in _HELD:
            _HELD.discard(self.fd)
            try:
                fcntl.flock(self.fd, fcntl.LOCK_UN)
            finally:
                os.close(self.fd)

    def __enter__(self) -> RunLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def lock_path_for(state_path: Path) -> Path:
    return state_path.with_name(state_path.name + ".lock")


# How long a run waits for the lock before it is refused. `screener history` takes the lock for an
# instant to see whether a run is live; a run starting in that instant must not be refused for it.
GRACE = 0.5


def acquire(path: Path, wait: float = GRACE) -> RunLock:
    """Take the lock at `path`, waiting up to `wait` seconds, or raise LockBusy naming the holder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() < deadline:
                time.sleep(0.02)
                continue
            holder = _read_holder(fd)
            os.close(fd)
            raise LockBusy(f"another screener run{holder} is using {path.with_suffix('')}; "
                           f"try again when it has finished") from None
        except OSError:
            os.close(fd)
            raise
    # The lock is ours; whatever a dead holder wrote is replaced.
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"pid={os.getpid()} started={stamp}\n".encode(), 0)
    _HELD.add(fd)
    return RunLock(path, fd)


def _read_holder(fd: int) -> str:
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        return ""
    fields = dict(part.split("=", 1) for part in text.split() if "=" in part)
    if "pid" not in fields:
        return ""
    return f" (pid {fields['pid']}, started {fields.get('started', '?')})"
