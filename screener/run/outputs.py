"""A run's outputs: checked before screening, written by their registered writers after it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from screener.output.writers import OutputRequest, Records, RunInfo, writer
from screener.run.errors import OutputError, WriteFailed
from screener.run.events import OnEvent, Written


def check_writable(outputs: Sequence[OutputRequest]) -> None:
    """Raise OutputError when an output cannot be written: found before an hour of screening, not after."""
    for out in outputs:
        target = out.path
        if target.is_dir():
            raise OutputError(f"{target} is a folder, not a file")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create the folder for {target}: {exc.strerror or exc}") from exc
        try:  # a real attempt: os.access says yes to root on a read-only mount or a too-long name
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            os.close(fd)
            os.unlink(tmp)
        except OSError as exc:
            raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc


def remove_leftovers(outputs: Sequence[OutputRequest]) -> None:
    """Temporary files of a run killed while it wrote its outputs (write_atomic's `.NAME.*.tmp`).

    Only under the lock: another run's temporary file is never in flight then.
    """
    for out in outputs:
        if not out.path.parent.is_dir():
            continue
        for tmp in out.path.parent.glob(f".{glob_escape(out.path.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                tmp.unlink()


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def write_outputs(outputs: Sequence[OutputRequest], records: Records, run: RunInfo,
                  on_event: OnEvent) -> tuple[Path, ...]:
    """Every output, all or none: each is written to a temporary file beside its place, and only when all
    are written are they renamed into place. A full disk midway leaves every previous output as it was."""
    staged: list[tuple[Path, OutputRequest]] = []
    try:
        for out in outputs:
            fd, name = tempfile.mkstemp(prefix=f".{out.path.name}.", suffix=".tmp", dir=out.path.parent)
            os.close(fd)
            staged.append((Path(name), out))
            writer(out.writer).write(Path(name), records, out.info(run))
        for tmp, out in staged:
            os.replace(tmp, out.path)
    except OSError as exc:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
        failed = staged[-1][1].path if staged else outputs[0].path
        raise WriteFailed(f"cannot write {failed}: {exc.strerror or exc}; every previous output is left "
                          "in place") from exc
    for out in outputs:
        on_event(Written(out.path, out.writer))
    return tuple(out.path for out in outputs)
