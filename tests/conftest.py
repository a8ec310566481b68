"""Shared test helpers: paths, the bundled taxonomy, and one screen of the fixtures per session."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
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


@pytest.fixture(scope="session")
def taxonomy() -> Any:
    from screener.taxonomy import load_taxonomy

    return load_taxonomy()


@pytest.fixture(scope="session")
def config(taxonomy: Any) -> Any:
    from screener.settings import Screen

    return Screen.of(taxonomy, role="ai-engineer", as_of=AS_OF)


@pytest.fixture(scope="session")
def expected() -> dict[str, Any]:
    with (FIXTURES / "expected.toml").open("rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="session")
def fixture_screens(config: Any) -> dict[str, Any]:
    """Every fixture PDF screened once (ai-engineer, as of 2026-11-01), keyed by file name."""
    from screener.pipeline import screen_file

    return {p.name: screen_file(p, config) for p in sorted(FIXTURE_PDFS.glob("*.pdf"))}
