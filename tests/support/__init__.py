"""Shared test helpers: paths (`support.paths`), resume lines without a PDF (`support.lines`),
batch and hostile-input builders (`support.batch`). Tests import these, never conftest."""

from support.paths import AS_OF, FIXTURE_PDFS, FIXTURES, ROOT, SHARED, shared_path

__all__ = ["AS_OF", "FIXTURES", "FIXTURE_PDFS", "ROOT", "SHARED", "shared_path"]
