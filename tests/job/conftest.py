"""Shared fixtures of the JD tests: the job data, the fit rules, the JD analyses and the fixture records."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

JOBS = Path(__file__).resolve().parents[2] / "fixtures" / "jobs"
AS_OF = "2026-11-01"


@pytest.fixture(scope="session")
def job_expected() -> dict[str, Any]:
    with (JOBS / "expected.toml").open("rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="session")
def analyses(taxonomy: Any, job_expected: dict[str, Any]) -> dict[str, Any]:
    """Every JD fixture the expectations name, analysed once."""
    from screener.job import analyze_file

    return {name: analyze_file(JOBS / name, taxonomy, AS_OF) for name in job_expected["jobs"]}


@pytest.fixture(scope="session")
def fit_rules(taxonomy: Any) -> Any:
    from screener.job.context import FitRules

    return FitRules.of(taxonomy)


@pytest.fixture(scope="session")
def fixture_records(fixture_screens: dict[str, Any]) -> dict[str, Any]:
    """The fixture PDFs' Records, as stored: through their JSON and back."""
    from screener.record import Record, record

    return {name: Record.from_json(record(s).to_json()) for name, s in fixture_screens.items()}
