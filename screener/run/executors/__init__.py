"""Executors: how the files of a run get screened, chosen by name (`--executor`).

An executor takes the tasks and the Screen and yields each task's record as it is done (the
protocol is in base.py). Adding one is a module in this folder plus one line in `EXECUTORS`;
its module is imported only when it is chosen.
"""

from __future__ import annotations

import importlib

from screener.run.executors.base import FILE_TIMEOUT, MEMORY_LIMIT, Executor, Limits, Task, default_jobs

# name -> "module:class"; the class takes (jobs, limits).
EXECUTORS: dict[str, str] = {
    "local": "screener.run.executors.local:LocalExecutor",  # forked workers, time and memory limit per file
    "serial": "screener.run.executors.serial:SerialExecutor",  # this process, one file after another
}
DEFAULT_EXECUTOR = "local"

__all__ = ["DEFAULT_EXECUTOR", "EXECUTORS", "FILE_TIMEOUT", "MEMORY_LIMIT", "Executor", "Limits", "Task",
           "default_jobs", "make_executor"]


def make_executor(name: str = DEFAULT_EXECUTOR, jobs: int | None = None, limits: Limits | None = None) -> Executor:
    """The executor registered under `name`, for `jobs` parallel files (None: the machine's cores)."""
    try:
        target = EXECUTORS[name]
    except KeyError:
        raise ValueError(f"no executor {name!r} (known: {', '.join(sorted(EXECUTORS))})") from None
    module, _, cls = target.partition(":")
    executor: Executor = getattr(importlib.import_module(module), cls)(jobs, limits)
    return executor
