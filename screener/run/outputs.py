"""A run's outputs: checked before screening, written by their registered writers after it."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path

from screener.output.writers import OutputRequest, RunInfo, writer
from screener.record import Record
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
        if not os.access(target.parent, os.W_OK):
            raise OutputError(f"cannot write to {target.parent}")


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


def write_outputs(outputs: Sequence[OutputRequest], records: list[Record], run: RunInfo,
                  on_event: OnEvent) -> tuple[Path, ...]:
    """Every output in the order asked, each written whole or not at all."""
    written: list[Path] = []
    for out in outputs:
        try:
            writer(out.writer).write(out.path, records, run)
        except OSError as exc:
            raise WriteFailed(f"cannot write {out.path}: {exc.strerror or exc}; the previous file is left in place"
                              + (f" ({', '.join(map(str, written))} already written)" if written else "")) from exc
        written.append(out.path)
        on_event(Written(out.path, out.writer))
    return tuple(written)
