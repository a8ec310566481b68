"""Shared test helpers: paths, the bundled taxonomy, and one screen of the fixtures per session."""

from __future__ import annotations

import os
import tomllib
from typing import Any

import pytest
from support.paths import AS_OF, FIXTURE_PDFS, FIXTURES, ROOT, SHARED, shared_path  # noqa: F401 - re-exported

# The tests see screener's built-in defaults: no config file, no SCREENER_* variable of the person running them
# (but SCREENER_NO_ACCEL, which chooses the code under test: the suite runs with and without the C accelerators).
for _name in [n for n in os.environ if n.startswith("SCREENER_") and n != "SCREENER_NO_ACCEL"]:
    del os.environ[_name]
os.environ["SCREENER_CONFIG"] = ""


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
