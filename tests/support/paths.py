"""Where the tests find the project, its fixtures and the shared corpus, and the date every screen uses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
FIXTURE_PDFS = FIXTURES / "pdf"
SHARED = (ROOT.parent / "shared").resolve()
AS_OF = "2026-11-01"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skip when absent outside CI, fail when CI is set and it is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but the shared corpus is missing: {path}")
        pytest.skip(f"shared corpus not present: {path}")
    return path


def fixture_inbox(folder: Path, names: tuple[str, ...]) -> Path:
    """A fresh inbox folder holding copies of the named fixture PDFs."""
    import shutil

    folder.mkdir()
    for name in names:
        shutil.copy(FIXTURE_PDFS / name, folder / name)
    return folder
