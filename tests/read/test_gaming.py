"""The hidden-text gaming suite (issue 18): stuffed keywords a reader cannot see gain nothing.

scripts/make_gaming_pdfs.py writes one weak resume (a backend engineer: no AI evidence, score 0,
profile none) and, per technique, the same resume with seven column-A tools hidden in its first
role. Each must screen exactly like the unstuffed resume (score, profile, rank among the others)
and raise `hidden-text`; the visible controls (the same words printed so that a reader sees them)
must count, so that the check cannot pass by ignoring text. Both PDF engines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.gaming import generator

pytest.importorskip("reportlab")

ENGINES = ("pdfium", "pdfplumber")


GEN = generator()
TECHNIQUES = sorted(GEN.TECHNIQUES)
CONTROLS = sorted(GEN.CONTROLS)


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gaming")
    GEN.make(out)
    return out


@pytest.fixture(scope="module")
def screens(suite: Path, config: Any) -> dict[tuple[str, str], Any]:
    from screener.pipeline import screen_file

    return {
        (engine, p.stem): screen_file(p, config.replace(engine=engine))
        for engine in ENGINES
        for p in sorted(suite.glob("*.pdf"))
    }


def test_the_suite_covers_the_issue() -> None:
    assert len(TECHNIQUES) >= 26  # issue 18: the 26 techniques (21 named there, plus variants of them)
    assert len(CONTROLS) >= 3


@pytest.mark.parametrize("engine", ENGINES)
def test_the_weak_resume_has_no_ai_evidence(engine: str, screens: dict[tuple[str, str], Any]) -> None:
    base = screens[(engine, "base")]
    assert (base.status, base.fit_score, base.profile) == ("ok", 0.0, "none")
    assert not base.flags


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("technique", TECHNIQUES)
def test_hidden_keywords_gain_nothing(technique: str, engine: str, screens: dict[tuple[str, str], Any]) -> None:
    base = screens[(engine, "base")]
    s = screens[(engine, technique)]
    assert s.status == "ok"
    assert s.profile == base.profile == "none", technique
    assert s.fit_score == base.fit_score == 0.0, technique
    assert not [e for e in s.evidence if e.column == "A"], technique
    assert [f.code for f in s.flags] == ["hidden-text"], technique
    assert s.contact.name == "Dana Whitfield"  # the visible resume is still read
    hidden = " ".join(h.text for h in s.document.hidden)
    assert "Pinecone" in hidden and "Helicone" in hidden  # the stuffed words are reported, not lost


@pytest.mark.parametrize("engine", ENGINES)
def test_hidden_keywords_do_not_change_the_rank(engine: str, screens: dict[tuple[str, str], Any]) -> None:
    """Ranked together with one visible control, every stuffed file sits tied with the unstuffed one, below it."""
    control = screens[(engine, "control-visible")]
    for t in TECHNIQUES:
        s = screens[(engine, t)]
        assert s.fit_score < control.fit_score, t
        assert s.fit_score == screens[(engine, "base")].fit_score, t


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("control", CONTROLS)
def test_visible_keywords_count(control: str, engine: str, screens: dict[tuple[str, str], Any]) -> None:
    s = screens[(engine, f"control-{control}")]
    assert s.profile == "ai-engineer", control
    assert s.fit_score > 50, control
    names = {e.name for e in s.evidence if e.column == "A"}
    assert {"LangChain", "Pinecone", "Helicone", "Braintrust"} <= names, control
    assert "hidden-text" not in [f.code for f in s.flags], control
