"""The inbox fixtures (fixtures/inbox) against their generator and their hand-written expectations.

These test the fixtures themselves, not screener: the committed files are what
scripts/make_inbox_fixtures.py makes, fixtures/inbox/expected.toml lists exactly the files present
and is consistent with fixtures/expected.toml, each `kind` agrees with the file's first bytes, and
the Word, OpenDocument, RTF and text renderings hold their spec's name and email (read with
python-docx and odfpy directly). Whether screener reads them is tested where the readers are.
"""

from __future__ import annotations

import email
import email.policy
import importlib
import importlib.util
import io
import os
import re
import sys
import tomllib
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from support import FIXTURES, ROOT

INBOX = FIXTURES / "inbox"
with (INBOX / "expected.toml").open("rb") as _fh:
    EXPECTED: dict[str, Any] = tomllib.load(_fh)
with (FIXTURES / "expected.toml").open("rb") as _fh:
    PDF_EXPECTED: dict[str, Any] = tomllib.load(_fh)

STATUSES = {"ok", "unsupported", "corrupt", "empty", "encrypted", "skipped"}
KINDS = {"pdf", "docx", "odt", "rtf", "text", "html", "png", "jpeg", "zip", "eml", "ole2", "pages", "empty"}
FIELDS = {
    "status", "name", "email", "phone", "resume_date", "profile", "llm_tenure_months",
    "total_experience_months", "latest_title", "red_flags", "column_a_tools_include",
    "column_b_tools_include", "tools_exclude", "sections", "roles", "role_dates",
}
KEYS = {"spec", "kind", "detail", "status", "status_without_converter", "fields", "tolerance_months",
        "override", "members", "skipped_members"}
MAGIC = {
    "pdf": (b"%PDF-",), "docx": (b"PK\x03\x04",), "odt": (b"PK\x03\x04",), "zip": (b"PK\x03\x04",),
    "pages": (b"PK\x03\x04",), "ole2": (bytes.fromhex("D0CF11E0A1B11AE1"),), "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",), "rtf": (b"{\\rtf",), "html": (b"<!DOCTYPE html", b"<html"),
}
FILES: dict[str, dict[str, Any]] = EXPECTED["files"]


def _need(module: str) -> ModuleType:
    """Import an optional dev dependency: skip without it, fail when CI is set."""
    try:
        return importlib.import_module(module)
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {module} is not installed (pip install python-docx odfpy reportlab)")
        pytest.skip(f"{module} not installed")


def _rows() -> dict[str, dict[str, Any]]:
    """Every file and container member row of expected.toml, by its name."""
    rows = dict(FILES)
    for want in FILES.values():
        rows.update(want.get("members", {}))
    return rows


def _member_bytes(container: str) -> dict[str, bytes]:
    """The members of a zip or the attachments of an email, named "<container>/<member>"."""
    data = (INBOX / container).read_bytes()
    if FILES[container]["kind"] == "eml":
        msg = email.message_from_bytes(data, policy=email.policy.default)
        out: dict[str, bytes] = {}
        for part in msg.walk():
            payload = part.get_payload(decode=True)
            if part.get_filename() and isinstance(payload, bytes):
                out[f"{container}/{part.get_filename()}"] = payload
        return out
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {f"{container}/{i.filename}": zf.read(i) for i in zf.infolist() if not i.is_dir()}


# --------------------------------------------------------------------------- (a) the generator


def test_committed_files_are_what_the_generator_makes() -> None:
    for module in ("docx", "odf", "reportlab", "pypdfium2", "PIL"):
        _need(module)
    spec = importlib.util.spec_from_file_location("make_inbox_fixtures", ROOT / "scripts" / "make_inbox_fixtures.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = gen  # its dataclasses look their module up while being defined
    spec.loader.exec_module(gen)
    problems = gen.check(gen.SPEC_DIR, gen.PDF_DIR, INBOX)
    assert problems == [], "run python scripts/make_inbox_fixtures.py and commit:\n" + "\n".join(problems)


# --------------------------------------------------------------------------- (b) expected.toml against the files


def test_every_file_is_listed_and_every_listed_file_exists() -> None:
    present = sorted(p.relative_to(INBOX).as_posix() for p in INBOX.rglob("*") if p.is_file())
    present.remove("expected.toml")
    assert present == sorted(FILES)


@pytest.mark.parametrize("name", sorted(_rows()))
def test_row_is_well_formed(name: str) -> None:
    want = _rows()[name]
    assert set(want) <= KEYS, f"unknown keys {set(want) - KEYS}"
    assert want["status"] in STATUSES
    if want["status"] == "skipped":
        assert "kind" not in want and "spec" not in want
        return
    assert want["kind"] in KINDS
    if "spec" not in want:
        assert want["status"] != "ok" or "members" in want, "an ok file needs a spec, or members"
        return
    block = PDF_EXPECTED["files"][f"{want['spec']}.pdf"]
    assert block["status"] == "ok" == want["status"]
    fields = want["fields"]
    assert fields == "all" or (isinstance(fields, list) and set(fields) <= FIELDS), fields
    for key in want.get("override", {}):
        assert key in block and key != "roles", f"override of {key}: not a field of {want['spec']}"


@pytest.mark.parametrize("name", sorted(n for n, w in FILES.items() if "kind" in w))
def test_kind_matches_the_first_bytes(name: str) -> None:
    data = (INBOX / name).read_bytes()
    kind = FILES[name]["kind"]
    if kind == "empty":
        assert data == b""
    elif kind == "text":
        text = data.decode("utf-8")
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text), "control characters in a text file"
        assert not text.lstrip().startswith(("<", "{\\rtf", "%PDF"))
    elif kind == "eml":
        assert re.search(rb"^MIME-Version: 1\.0\r?$", data, re.M) and data.startswith(b"From: ")
    else:
        assert data.startswith(MAGIC[kind]), f"{name}: {data[:16]!r} is not {kind}"


@pytest.mark.parametrize("name", sorted(n for n, w in FILES.items() if "members" in w))
def test_container_members_are_all_accounted_for(name: str) -> None:
    want = FILES[name]
    members = _member_bytes(name)
    assert sorted(members) == sorted([*want["members"], *want["skipped_members"]])
    for member, row in want["members"].items():
        if row["kind"] == "pdf":  # a resume PDF inside is the rendered fixture, byte for byte
            assert members[member] == (FIXTURES / "pdf" / f"{row['spec']}.pdf").read_bytes()


WHOLE_PDFS = sorted(n for n, w in FILES.items() if w.get("kind") == "pdf" and w.get("fields") == "all")


@pytest.mark.parametrize("name", WHOLE_PDFS)
def test_mislabelled_pdf_is_the_fixture(name: str) -> None:
    assert (INBOX / name).read_bytes() == (FIXTURES / "pdf" / f"{FILES[name]['spec']}.pdf").read_bytes()


def test_mixed_inbox_is_the_issues_fifteen_files() -> None:
    mixed = EXPECTED["mixed_inbox"]
    paths = [FIXTURES / p for p in mixed["files"]]
    assert len(paths) == 15 and all(p.is_file() for p in paths)
    assert len({p.name for p in paths}) == 15, "base names must be unique: the files are copied flat"
    exts = sorted(p.suffix for p in paths if p.suffix != ".pdf")
    assert exts == sorted([".docx", ".DOCX", ".odt", ".doc", ".rtf", ".txt", ".jpg", ".png", ".zip"])
    rows: list[dict[str, Any]] = []
    skipped = 0
    for p in paths:
        if p.parent.name == "pdf":
            rows.append({"spec": p.stem, "status": PDF_EXPECTED["files"][p.name]["status"]})
            continue
        want = FILES[p.name]
        rows.extend(want["members"].values() if "members" in want else [want])
        skipped += len(want.get("skipped_members", []))
    ok = [r for r in rows if r["status"] == "ok"]
    assert (len(rows), len(ok), skipped) == (mixed["rows"], mixed["ok_rows"], mixed["skipped"])
    assert len({r["spec"] for r in ok}) == len(ok), "two rows of one candidate would be duplicates"


# --------------------------------------------------------------------------- (c) the renderings hold their spec


def _docx_text(data: bytes) -> str:
    docx = _need("docx")
    from docx.oxml.ns import qn

    doc = docx.Document(io.BytesIO(data))
    parts = [doc.element.body, *(s.header._element for s in doc.sections)]
    return "\n".join(t.text or "" for part in parts for t in part.iter(qn("w:t")))


def _odt_text(data: bytes) -> str:
    _need("odf")
    from odf import teletype
    from odf.opendocument import load

    return teletype.extractText(load(io.BytesIO(data)).text)


def _rtf_text(data: bytes) -> str:
    """Enough RTF to read plain text: \\uN? escapes decoded, other control words dropped."""
    text = re.sub(rb"\\u(-?\d+)\?", lambda m: chr(int(m[1]) % 65536).encode("utf-8"), data)
    return re.sub(r"\\[a-z]+-?\d* ?|[{}]", "", text.decode("utf-8"))


READ_TEXT = {
    "docx": _docx_text,
    "odt": _odt_text,
    "rtf": _rtf_text,
    "text": lambda data: data.decode("utf-8"),
    "html": lambda data: data.decode("utf-8"),
}


def _text_rows() -> list[tuple[str, str, str]]:
    """(row name, kind, spec) of every Word/ODF/RTF/text/HTML rendering, members included."""
    out = [(n, w["kind"], w["spec"]) for n, w in FILES.items() if w.get("kind") in READ_TEXT and "spec" in w]
    for want in FILES.values():
        out += [(m, r["kind"], r["spec"]) for m, r in want.get("members", {}).items() if r["kind"] in READ_TEXT]
    return sorted(out)


@pytest.mark.parametrize(("name", "kind", "spec"), _text_rows())
def test_rendering_holds_the_name_and_email(name: str, kind: str, spec: str) -> None:
    container = name.split("/", 1)[0]
    in_container = name != container and "members" in FILES.get(container, {})
    data = _member_bytes(container)[name] if in_container else (INBOX / name).read_bytes()
    text = READ_TEXT[kind](data)
    block = PDF_EXPECTED["files"][f"{spec}.pdf"]
    assert block["name"] in text
    assert block["email"] in text
    for heading in block["sections"]:
        assert heading in text


def test_text_box_sidebar_is_written_twice_as_word_does() -> None:
    """The text box holds the sidebar once as DrawingML and once as the VML fallback (the trap)."""
    text = _docx_text((INBOX / "19_anachronism_edge_ok-textbox.docx").read_bytes())
    assert text.count("julia.novak@example.com") == 2


def test_docx_dates_are_the_specs_pdf_dates() -> None:
    docx = _need("docx")
    for name in ("01_ai_strong-flow.docx", "06_accountant-header.docx"):
        spec = FILES[name]["spec"]
        modified = docx.Document(str(INBOX / name)).core_properties.modified
        assert modified.date().isoformat() == PDF_EXPECTED["files"][f"{spec}.pdf"]["resume_date"]


def test_inbox_stays_small() -> None:
    total = sum(p.stat().st_size for p in Path(INBOX).rglob("*") if p.is_file())
    assert total < 5_000_000
