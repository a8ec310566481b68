"""Both text engines give the same screen on every bundled fixture.

PDFium is the first engine and pdfplumber the fallback and second engine (see the README); a
resume must not be judged differently because of which one read it. On every PDF in fixtures/pdf/
the two must agree on: status; and for readable files the profile, the LLM-applied tenure, the
total experience, the red flags, the name, the e-mail and the phone.
"""

from __future__ import annotations

from typing import Any

import pytest
from support import FIXTURE_PDFS

from screener.model import Screening

FILES = sorted(p.name for p in FIXTURE_PDFS.glob("*.pdf"))
# Known disagreements, each a strict xfail that an implementation must remove when it fixes it.
DISAGREE: dict[str, str] = {}


def summary(s: Screening) -> dict[str, Any]:
    if s.status != "ok":
        return {"status": s.status}
    return {
        "status": s.status,
        "profile": s.profile,
        "llm_tenure_months": s.llm_tenure_months,
        "total_experience_months": s.total_experience_months,
        "red_flags": sorted(f.code for f in s.flags),
        "name": s.contact.name,
        "email": s.contact.email,
        "phone": s.contact.phone,
    }


@pytest.fixture(scope="module")
def by_engine(config: Any) -> dict[str, dict[str, Screening]]:
    from screener.pipeline import screen_file

    out: dict[str, dict[str, Screening]] = {}
    for engine in ("pdfium", "pdfplumber"):
        cfg = config.replace(engine=engine, timings=None)
        out[engine] = {name: screen_file(FIXTURE_PDFS / name, cfg) for name in FILES}
    return out


def test_there_are_fixtures() -> None:
    assert len(FILES) >= 30


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=DISAGREE[n])) if n in DISAGREE else n
             for n in FILES])
def test_engines_agree(name: str, by_engine: dict[str, dict[str, Screening]]) -> None:
    a = summary(by_engine["pdfium"][name])
    b = summary(by_engine["pdfplumber"][name])
    diff = {k: (a.get(k), b.get(k)) for k in a.keys() | b.keys() if a.get(k) != b.get(k)}
    assert not diff, f"pdfium vs pdfplumber differ on {name}: {diff}"


def test_engines_are_really_different_engines(by_engine: dict[str, dict[str, Screening]]) -> None:
    # A scan is read by OCR whatever the PDF engine: both engines only see its images.
    readable = [n for n in FILES if by_engine["pdfium"][n].status == "ok" and by_engine["pdfium"][n].source != "ocr"]
    assert readable
    for n in readable:
        assert by_engine["pdfium"][n].document.engine != by_engine["pdfplumber"][n].document.engine, n
