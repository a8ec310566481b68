"""Why a run could not be done, as types: the command line maps each to its exit code, a web app to a reply.

Every error a run raises on purpose is a `RunError`; its message is the sentence to show. The state's
and the lock's own errors (`state.StateError`, `lock.LockBusy`) are RunErrors too.
"""

from __future__ import annotations


class RunError(Exception):
    """A run refused or stopped for a reason the user can fix; str(error) says which."""


class UsageError(RunError):
    """What was asked cannot be done as asked (a path that does not exist...)."""


class OutputError(RunError):
    """An output cannot be written (a folder where a file should go, no permission...)."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread like Ctrl-C's KeyboardInterrupt so the same clean-up runs."""


def on_sigterm(signum: int, frame: object) -> None:
    """A SIGTERM handler: stop the run as Ctrl-C does."""
    raise Terminated


class WriteFailed(OutputError):
    """An output could not be written after the screen (a full disk...): the old outputs are left in place."""
