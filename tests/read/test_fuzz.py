"""Damaged PDFs end in a documented status with either engine, never `error` or a traceback (issue 18).

scripts/fuzz_pdfs.py makes seeded mutants of the fixtures (byte flips, truncations, chunks duplicated
or deleted, cross-reference damage, stream lengths that lie, swapped object numbers, huge /Count
and /Length, deep arrays, broken filters, page trees that loop). The suite screens a fixed sample of
40 with both engines, as a user would (a subprocess, --no-state, a per-file --timeout), plus the
mutants that once ended in `error` or a stall; the full 600 are a script run (README, Reliability).
"""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURE_PDFS, ROOT

ENGINES = ("pdfium", "pdfplumber")
SAMPLE = 40


def _fuzzer() -> Any:
    spec = importlib.util.spec_from_file_location("fuzz_pdfs", ROOT / "scripts" / "fuzz_pdfs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("fuzz_pdfs", module)
    spec.loader.exec_module(module)
    return module


FUZZ = _fuzzer()


def test_the_mutants_are_the_same_for_the_same_seed(tmp_path: Path) -> None:
    srcs = FUZZ.sources(corpus=False)
    a = FUZZ.make_mutants(srcs, 24, 18, tmp_path / "a")
    b = FUZZ.make_mutants(srcs, 24, 18, tmp_path / "b")
    assert [p.name for p in a] == [p.name for p in b]
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b, strict=True))
    assert {p.name.split("-", 1)[1].rsplit("-", 1)[0] for p in a} >= set(FUZZ.MUTATORS) - {"huge-length"}
    src = {s.stem[:24]: s.read_bytes() for s in srcs}
    assert all(p.read_bytes() != src[p.stem.split("-", 2)[2]] for p in a if p.stem.split("-", 2)[2] in src)


def _regressions(out: Path) -> list[Path]:
    """Mutants of the kinds that once ended in `error` or stalled, made directly."""
    good = (FIXTURE_PDFS / "01_ai_strong.pdf").read_bytes()
    deep = b"[" * 5000 + b"0" + b"]" * 5000
    made = {
        # pdfminer fails on the page tree; pdfplumber's close() walked it again and raised past the reader.
        "deep-mediabox": good.replace(b"/MediaBox [", b"/MediaBox [" + deep + b" ", 1),
        "deep-kids": good.replace(b"/Kids [", b"/Kids [" + b"[" * 20000, 1),
        # A /Length that points before the stream: pdfminer seeks to a negative offset.
        "negative-length": re.sub(rb"/Length (\d+)", rb"/Length -\1", good, count=1),
        # The page tree listing itself as a kid.
        "page-tree-loop": FUZZ.page_tree_loop(good, random.Random(0)),
        "huge-count": good.replace(b"/Count 1", b"/Count 2147483647", 1),
    }
    paths = []
    for name, data in made.items():
        path = out / f"r-{name}.pdf"
        path.write_bytes(data)
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("fuzz")
    folder = out / "mutants"
    mutants = FUZZ.make_mutants(FUZZ.sources(corpus=False), SAMPLE, 18, folder) + _regressions(folder)
    return {e: FUZZ.screen(folder, mutants, e, timeout=20.0) for e in ENGINES}


@pytest.mark.parametrize("engine", ENGINES)
def test_every_mutant_gets_a_documented_status_and_no_traceback(engine: str, runs: dict[str, Any]) -> None:
    run = runs[engine]
    assert run.exit_code == 0, run.problems
    assert not run.problems  # no `error` row, no traceback on stderr, one row per mutant
    assert sum(run.statuses.values()) == SAMPLE + 5
    assert run.statuses["error"] == 0
    assert run.statuses["corrupt"] >= 3  # the damage is seen (the deep arrays at least), not read as nothing
    assert run.statuses["ok"] + run.statuses["duplicate"] >= SAMPLE // 4  # mild damage still reads


def test_the_files_that_once_ended_in_error_with_pdfplumber_are_corrupt(runs: dict[str, Any]) -> None:
    rows = runs["pdfplumber"].rows
    assert rows["r-deep-mediabox.pdf"] == rows["r-negative-length.pdf"] == "corrupt"
    assert runs["pdfium"].rows["r-deep-kids.pdf"] == "corrupt"


def test_a_first_page_pdfium_cannot_load_has_no_links() -> None:
    """pdfplumber reads this page tree, PDFium cannot load its page: the link lookup once raised past the reader."""
    from screener.read.pdf_links import link_uris

    good = (FIXTURE_PDFS / "01_ai_strong.pdf").read_bytes()
    assert link_uris(good.replace(b"/Kids [", b"/Kids [" + b"[" * 20000, 1)) == []


def test_a_glyph_box_of_a_trillion_points_does_not_stall_the_visibility_lookup() -> None:
    """A damaged file made PDFium report a glyph 10^13 points tall: the grid lookup walked every cell of it."""
    import time

    from screener.read.base import RawChar
    from screener.read.visibility import apply_visibility

    decided = [RawChar("v", -1.1e8, -7.7e12, 2.5e10, 3.4e10, 10, False, "off-page"),
               RawChar("x", 10, 10, 20, 20, 10, False, ""), RawChar("y", float("nan"), 0, 1, 1, 10, False, "")]
    mine = [RawChar("x", 12, 12, 18, 18, 10, False), RawChar("z", 500, 500, 506, 506, 10, False, "tiny-font")]
    started = time.monotonic()
    apply_visibility(mine, decided)
    assert time.monotonic() - started < 1
    assert [c.hidden for c in mine] == ["", "off-page"]  # x: its own glyph; z: only the huge one holds it
