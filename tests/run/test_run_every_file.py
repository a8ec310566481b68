"""Every file in the inbox is read or accounted for (issue 16): discovery by content, containers, clutter,
unsupported kinds, the summary's and the report's counts per kind, --strict, explain on every kind."""

from __future__ import annotations

import csv
import io
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from support import AS_OF, FIXTURE_PDFS, FIXTURES

from screener.cli import main

INBOX = FIXTURES / "inbox"


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    with (INBOX / "expected.toml").open("rb") as fh:
        return tomllib.load(fh)


def screen(*args: str) -> Result:
    return CliRunner().invoke(main, ["screen", *args, "--as-of", AS_OF], catch_exceptions=False)


def rows(path: Path, inbox: Path) -> dict[str, dict[str, str]]:
    """The CSV's rows by their name inside the inbox ('cv.pdf', 'two_resumes.zip/cv.pdf')."""
    return {r["file"].removeprefix(f"{inbox}/"): r for r in csv.DictReader(io.StringIO(path.read_text("utf-8")))}


def copy(names: list[str], folder: Path, base: Path = INBOX) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in names:
        shutil.copy(base / n, folder / Path(n).name)
    return folder


def legacy_doc_status(expected: dict[str, Any]) -> str:
    from screener.read.legacy_doc import find_converter

    spec = expected["files"]["legacy.doc"]
    return spec["status"] if find_converter() else spec["status_without_converter"]


def test_the_mixed_inbox_of_the_issue(expected: dict[str, Any], tmp_path: Path) -> None:
    """15 files (6 PDFs, Word, OpenDocument, .doc, RTF, text, two photos, a zip of two PDFs): 16 rows."""
    mixed = expected["mixed_inbox"]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for f in mixed["files"]:
        shutil.copy(FIXTURES / f, inbox / Path(f).name)
    out, page = tmp_path / "r.csv", tmp_path / "r.html"
    result = screen(str(inbox), "-o", str(out), "--html", str(page), "--no-state")
    assert result.exit_code == 0, result.output
    got = rows(out, inbox)
    assert len(got) == mixed["rows"] == 16
    assert sum(r["status"] == "ok" for r in got.values()) == mixed["ok_rows"] == 15
    assert got["legacy.doc"]["status"] == legacy_doc_status(expected)
    for name, r in got.items():
        if name == "legacy.doc":
            continue
        if "/" in name:
            want = expected["files"]["two_resumes.zip"]["members"][name]
        else:
            want = expected["files"].get(name, {"status": "ok"})  # the PDFs of fixtures/pdf read as they always did
        assert r["status"] == want["status"], (name, r["notes"])
    # the zip's two PDFs are two candidates, each under the zip's name
    members = {n: r for n, r in got.items() if n.startswith("two_resumes.zip/")}
    assert sorted(members) == ["two_resumes.zip/11_hybrid_platform.pdf", "two_resumes.zip/16_claim_ok_edge.pdf"]
    assert len({r["candidate"] for r in members.values()}) == 2 and all(r["rank"] for r in members.values())
    assert len({r["candidate"] for r in got.values() if r["status"] == "ok"}) == 15  # nobody is a duplicate
    # the summary and the report say what each kind gave, and what was skipped
    out_text = result.output
    assert "Screened 16 file(s)" in out_text and "15 ranked, 1 could not be read" in out_text
    assert "Files: PDF 8 read; Word 2 read;" in out_text and "zip 1 opened (2 file(s) in it)" in out_text
    assert "two_resumes.zip/__MACOSX/._11_hybrid_platform.pdf: macOS archive metadata" in out_text
    assert "; 1 skipped" in out_text and mixed["skipped"] == 1
    html = page.read_text(encoding="utf-8")
    assert "Files by type" in html and "<b>PDF</b> 8 read" in html and "__MACOSX/._11_hybrid_platform.pdf" in html


def test_a_stored_zip_named_on_the_command_line_is_a_zip(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    zipped = str(INBOX / "two_resumes_stored.zip")
    result = screen(zipped, "-o", str(out), "--no-state")
    assert result.exit_code == 0, result.output
    got = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert sorted(r["file"] for r in got) == [f"{zipped}/11_hybrid_platform.pdf", f"{zipped}/16_claim_ok_edge.pdf"]
    assert all(r["status"] == "ok" for r in got) and got[0]["candidate"] != got[1]["candidate"]


def test_a_resume_sent_as_a_pdf_and_inside_a_zip_is_one_candidate(tmp_path: Path) -> None:
    inbox = copy(["two_resumes.zip"], tmp_path / "inbox")
    shutil.copy(FIXTURE_PDFS / "11_hybrid_platform.pdf", inbox / "11_hybrid_platform.pdf")
    out, db = tmp_path / "r.csv", tmp_path / "s.db"
    assert screen(str(inbox), "-o", str(out), "--state", str(db)).exit_code == 0
    got = rows(out, inbox)
    statuses = sorted(r["status"] for r in got.values())
    assert statuses == ["duplicate", "ok", "ok"]
    pdf, member = got["11_hybrid_platform.pdf"], got["two_resumes.zip/11_hybrid_platform.pdf"]
    assert pdf["sha256"] == member["sha256"]  # keyed by the member's own bytes
    # the next run takes the members from the state like any file
    again = screen(str(inbox), "-o", str(out), "--state", str(db))
    assert again.exit_code == 0 and again.output.startswith("Nothing new to screen: 3 file(s) unchanged")


def test_clutter_and_screeners_own_files_are_skipped_and_counted(tmp_path: Path) -> None:
    inbox = copy([".DS_Store", "Thumbs.db", "~$lock.docx", "._resume.pdf"], tmp_path / "inbox")
    copy(["__MACOSX/._resume.pdf"], inbox / "__MACOSX")
    (inbox / ".git").mkdir()
    (inbox / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    shutil.copy(FIXTURE_PDFS / "01_ai_strong.pdf", inbox / "cv.pdf")
    out, db = inbox / "ranked.csv", inbox / "state.db"
    for _ in range(2):  # the second run finds the first one's output and state in the inbox
        result = screen(str(inbox), "-o", str(out), "--state", str(db), "--rescreen")
        assert result.exit_code == 0, result.output
    assert list(rows(out, inbox)) == ["cv.pdf"]
    text = result.output
    for name, why in ((".DS_Store", "Finder metadata"), ("Thumbs.db", "thumbnail cache"), ("~$lock.docx", "lock file"),
                      ("._resume.pdf", "resource fork"), ("__MACOSX/", "macOS archive metadata"),
                      (".git/", "hidden folder"), ("ranked.csv", "this run's output"),
                      ("state.db", "screener's state database")):
        line = next((ln for ln in text.splitlines() if ln.startswith(f"  {inbox}/{name}: ")), "")
        assert why in line, (name, text)
    assert "Files: PDF 1 read; 9 skipped" in text


def test_unsupported_and_failed_files_have_rows_and_strict_exits_1(tmp_path: Path) -> None:
    inbox = copy(["resume.pages", "empty.png"], tmp_path / "inbox")
    (inbox / "candidates.csv").write_text("name,email\nAda,ada@example.com\n", encoding="utf-8")
    shutil.copy(FIXTURE_PDFS / "01_ai_strong.pdf", inbox / "cv.pdf")
    out = tmp_path / "r.csv"
    result = screen(str(inbox), "-o", str(out), "--no-state")
    assert result.exit_code == 0, result.output
    got = rows(out, inbox)
    assert got["resume.pages"]["status"] == "unsupported" and "export it to PDF or Word" in got["resume.pages"]["notes"]
    assert got["candidates.csv"]["status"] == "unsupported" and "holds data" in got["candidates.csv"]["notes"]
    assert got["empty.png"]["status"] == "empty" and got["cv.pdf"]["status"] == "ok"
    assert "1 ranked, 1 could not be read, 2 unsupported" in result.output
    assert "iWork 1 unsupported" in result.output and "text 1 unsupported" in result.output
    strict = screen(str(inbox / "resume.pages"), str(inbox / "cv.pdf"), "-o", str(out), "--no-state", "--strict")
    assert strict.exit_code == 1  # an unsupported file counts as not screened


def test_an_inbox_of_only_word_files_screens_them(tmp_path: Path) -> None:
    inbox = copy(["01_ai_strong-flow.docx", "06_accountant-header-copy.DOCX", "02_ai_agents_sidebar-table.docx"],
                 tmp_path / "inbox")
    out = tmp_path / "r.csv"
    result = screen(str(inbox), "-o", str(out), "--no-state", "--strict")
    assert result.exit_code == 0, result.output
    got = rows(out, inbox)
    assert len(got) == 3 and all(r["status"] == "ok" and r["candidate"] for r in got.values())
    assert "Screened 3 file(s)" in result.output and "Files: Word 3 read" in result.output


def test_content_wins_over_the_extension_with_a_note(tmp_path: Path) -> None:
    inbox = copy(["really_a_docx.pdf", "really_a_pdf.docx"], tmp_path / "inbox")
    out = tmp_path / "r.csv"
    assert screen(str(inbox), "-o", str(out), "--no-state").exit_code == 0
    got = rows(out, inbox)
    assert got["really_a_docx.pdf"]["status"] == "ok"
    assert got["really_a_docx.pdf"]["notes"].endswith("Named .pdf but is a Word document.")
    assert got["really_a_pdf.docx"]["notes"].endswith("Named .docx but is a PDF.")


def test_the_serial_executor_reads_members_too(tmp_path: Path) -> None:
    inbox = copy(["application.eml", "two_resumes.zip"], tmp_path / "inbox")
    local, serial = tmp_path / "local.csv", tmp_path / "serial.csv"
    assert screen(str(inbox), "-o", str(local), "--no-state").exit_code == 0
    assert screen(str(inbox), "-o", str(serial), "--no-state", "--executor", "serial").exit_code == 0
    assert local.read_bytes() == serial.read_bytes()
    assert sorted(rows(local, inbox)) == [
        "application.eml/Farah_Haddad_Resume.pdf", "application.eml/Ines_Moreau_CV.docx",
        "two_resumes.zip/11_hybrid_platform.pdf", "two_resumes.zip/16_claim_ok_edge.pdf"]


def test_a_large_member_is_taken_out_again_in_the_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         config: Any) -> None:
    import screener.run.inventory as inventory
    from screener.run.executors import make_executor
    from screener.run.plan import execute, plan

    monkeypatch.setattr(inventory, "INLINE_MEMBER_BYTES", 10)  # every member is "large"
    todo = plan([INBOX / "two_resumes.zip"], config.settings)
    assert [t.data for t in todo.tasks] == [None, None] and all(t.member and t.sha256 for t in todo.tasks)
    batch = execute(todo, make_executor("local", jobs=2), config)
    assert sorted(r.status for r in batch.rows) == ["ok", "ok"]
    assert {r.sha256 for r in batch.rows} == {t.sha256 for t in todo.tasks}


@pytest.mark.parametrize(("name", "wanted"), [
    ("01_ai_strong-flow.docx", ["type: a Word document", "read by: docx, text from word", "Maya Chen"]),
    ("22_no_measured_outcomes.png", ["read by: ocr (tesseract), text from ocr", "note: read by OCR"]),
    ("resume.pages", ["status: unsupported", "next: save or export the resume as PDF or Word"]),
    ("empty.png", ["status: empty", "next: the file is empty"]),
    ("two_resumes.zip", ["Files in it (2)", "two_resumes.zip/11_hybrid_platform.pdf: a PDF",
                         "next: screener explain"]),
    ("two_resumes.zip/16_claim_ok_edge.pdf", ["status: ok", "read by: pdfium", "Grace Liu"]),
])
def test_explain_works_on_every_kind(name: str, wanted: list[str]) -> None:
    result = CliRunner().invoke(main, ["explain", str(INBOX / name), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    for w in wanted:
        assert w in result.output, (w, result.output)
    assert "resume date:  (from )" not in result.output  # no empty fields for an unreadable file


def test_explain_names_a_missing_member(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["explain", str(INBOX / "two_resumes.zip" / "nope.pdf")])
    assert result.exit_code == 2 and "holds no 'nope.pdf'" in result.output
    missing = CliRunner().invoke(main, ["explain", str(tmp_path / "missing.pdf")])
    assert missing.exit_code == 2 and "no such file" in missing.output
