"""Discovery, screening of many files, ranking: the batch edge of the pipeline."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from screener.model import Screening
from screener.output.records import record


class UsageError(Exception):
    pass


def discover(paths: Iterable[str]) -> list[Path]:
    """PDFs under the given folders (recursively, any letter case) and the files given.

    Symlinked folders are not followed (no loops); a missing path is a usage error.
    """
    found: dict[str, Path] = {}
    for given in paths:
        p = Path(given)
        if not p.exists() and not p.is_symlink():
            raise UsageError(f"path does not exist: {given}")
        if p.is_dir():
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    if name.lower().endswith(".pdf"):
                        f = Path(root) / name
                        found.setdefault(str(f), f)
        else:
            found.setdefault(str(p), p)
    return [found[k] for k in sorted(found)]


def rank(screenings: list[Screening]) -> list[dict[str, Any]]:
    """Records in rank order: readable resumes by fit score (ties by file), then the rest."""
    ok = sorted((s for s in screenings if s.ok), key=lambda s: (-s.fit_score, s.file))
    bad = sorted((s for s in screenings if not s.ok), key=lambda s: s.file)
    return [record(s, i + 1) for i, s in enumerate(ok)] + [record(s, None) for s in bad]


def screen_all(
    files: list[Path],
    make_config: Callable[[], Any],
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[Screening]:
    """Screen files in order of completion; with jobs > 1, in worker processes."""
    from screener.pipeline import screen_file

    if jobs <= 1 or len(files) <= 1:
        config = make_config()
        for i, f in enumerate(files, 1):
            yield screen_file(f, config)
            if progress:
                progress(i, len(files))
        return
    from screener.workers import pool_screen

    yield from pool_screen(files, make_config, jobs, progress)
