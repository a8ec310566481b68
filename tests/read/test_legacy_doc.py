"""Legacy .doc: read through a converter on PATH, else `unsupported` naming what to install."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from screener.read import legacy_doc
from screener.read.base import ExtractError

DOC = legacy_doc.OLE2_MAGIC + b"\x00" * 1024  # converters are faked below: only the header is checked here


def _fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, script: str) -> None:
    """A converter called `name` on an otherwise empty PATH."""
    exe = tmp_path / name
    exe.write_text("#!/bin/sh\n" + script)
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(tmp_path))


def test_no_converter_is_unsupported_and_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ExtractError) as err:
        legacy_doc.read(DOC)
    assert err.value.status == "unsupported"
    assert "apt-get install antiword" in err.value.reason and "LibreOffice" in err.value.reason


def test_antiword_text_becomes_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Maya Chen\\nmaya.chen@example.com\\n\\nEXPERIENCE\\n\\n• Built a RAG pipeline\\n"
    _fake(tmp_path, monkeypatch, "antiword", f'test "$1" = -w || exit 9\nprintf "{text}"\n')
    doc = legacy_doc.read(DOC)
    assert [ln.text for ln in doc.lines] == ["Maya Chen", "maya.chen@example.com", "EXPERIENCE", "Built a RAG pipeline"]
    assert doc.lines[-1].bullet and doc.engine == "antiword"
    assert [ln.number for ln in doc.lines] == [1, 2, 3, 4]
    assert doc.lines[0].top < doc.lines[1].top


def test_catdoc_is_the_second_choice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(tmp_path, monkeypatch, "catdoc", 'printf "Jane Doe\\n"\n')
    assert legacy_doc.read(DOC).engine == "catdoc"


def test_encrypted_and_damaged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(tmp_path, monkeypatch, "antiword", 'echo "$1 is encrypted" >&2; exit 1\n')
    with pytest.raises(ExtractError) as err:
        legacy_doc.read(DOC)
    assert err.value.status == "encrypted"
    _fake(tmp_path, monkeypatch, "antiword", 'echo "$5 is not a Word Document." >&2; exit 0\n')
    with pytest.raises(ExtractError) as err:
        legacy_doc.read(DOC)
    assert err.value.status == "corrupt" and "/tmp" not in err.value.reason  # the temp path is not shown


def test_a_hanging_converter_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake(tmp_path, monkeypatch, "antiword", "exec /bin/sleep 5\n")
    monkeypatch.setattr(legacy_doc, "CONVERT_TIMEOUT_S", 0.3)
    with pytest.raises(ExtractError) as err:
        legacy_doc.read(DOC)
    assert err.value.status == "timeout"


def test_not_ole2_and_empty() -> None:
    with pytest.raises(ExtractError) as err:
        legacy_doc.read(b"")
    assert err.value.status == "empty"
    with pytest.raises(ExtractError) as err:
        legacy_doc.read(b"PK\x03\x04 not a doc")
    assert err.value.status == "corrupt"


@pytest.mark.skipif(not os.environ.get("SCREENER_DOC_SAMPLE"), reason="set SCREENER_DOC_SAMPLE to a real .doc")
def test_real_antiword_on_a_sample() -> None:
    doc = legacy_doc.read(Path(os.environ["SCREENER_DOC_SAMPLE"]).read_bytes())
    assert doc.lines
