"""Bad inputs: every hostile or broken file gets a status and a reason, and the run goes on.

All files are made at test time: one folder holds the whole matrix and is
screened once, like a real inbox; each test then checks its file's row.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import AS_OF, FIXTURE_PDFS
from support.batch import blank_pages_pdf, bomb_pdf, image_only_pdf, make_resume, raw_pdf, run_cli

from screener.cli import main

NAMES = {
    "spaces": "cv with spaces.pdf",
    "accents": "Inês Moreau – currículo.pdf",
    "newline": "line\nbreak.pdf",
    "dash": "-rf.pdf",
}


def _broken_xref(good: bytes) -> bytes:
    """The same file with every cross-reference offset wrong: PDFium rebuilds the table."""
    head, tail = good.split(b"\nxref\n", 1)
    count = int(tail.split(b"\n", 2)[0].split()[1])
    table = b"0 %d\n0000000000 65535 f \n" % count + b"".join(b"%010d 00000 n \n" % (7 + i) for i in range(1, count))
    return head + b"\nxref\n" + table + b"trailer" + tail.split(b"trailer", 1)[1]


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("bad") / "inbox"
    d.mkdir()
    (d / "zero.pdf").write_bytes(b"")
    (d / "plain_text.pdf").write_bytes(b"Dear hiring manager,\nplease find my CV attached.\n")
    shutil.copy(FIXTURE_PDFS / "93_not_a_pdf.pdf", d / "fixture_not_a_pdf.pdf")
    good = make_resume(d / "good.pdf", "Grace Good", "grace@example.com").read_bytes()
    (d / "truncated.pdf").write_bytes(good[: len(good) // 3])
    make_resume(d / "enc_empty.pdf", "Evan Empty", "evan@example.com", encrypt="")
    make_resume(d / "enc_password.pdf", "Paula Password", "paula@example.com", encrypt="s3cret")
    (d / "image_only.pdf").write_bytes(image_only_pdf())
    (d / "pages2000.pdf").write_bytes(blank_pages_pdf(2000))
    (d / "bomb.pdf").write_bytes(bomb_pdf())
    broken = make_resume(d / "tmp.pdf", "Xavier Xref", "xavier@example.com").read_bytes()
    (d / "tmp.pdf").unlink()
    (d / "broken_xref.pdf").write_bytes(_broken_xref(broken))
    (d / "no_xref.pdf").write_bytes(raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                             b"<< /Type /Pages /Kids [] /Count 0 >>"], xref=False))
    for i, (key, name) in enumerate(NAMES.items()):
        make_resume(d / name, f"Name Case{'abcd'[i]}", f"{key}@example.com")
    make_resume(d / os.fsdecode(b"latin1-\xe9t\xe9.pdf"), "Byte Name", "bytes@example.com")
    os.symlink("self_loop.pdf", d / "self_loop.pdf")
    os.symlink("loop_b.pdf", d / "loop_a.pdf")
    os.symlink("loop_a.pdf", d / "loop_b.pdf")
    os.symlink("nowhere.pdf", d / "dangling.pdf")
    os.symlink(".", d / "dir_loop")  # a folder symlinked to itself is not followed
    os.mkfifo(d / "fifo.pdf")
    return d


@pytest.fixture(scope="module")
def screened(inbox: Path) -> tuple[dict[str, dict[str, str]], str, float]:
    out = inbox.parent / "out.csv"
    start = time.monotonic()
    result = CliRunner().invoke(main, ["screen", str(inbox), "-o", str(out), "--as-of", AS_OF, "--no-state",
                                       "--timeout", "30", "--memory", "256"], catch_exceptions=False)
    took = time.monotonic() - start
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    return {Path(r["file"]).name: r for r in rows}, result.output, took


def row(screened: tuple[dict[str, dict[str, str]], str, float], name: str) -> dict[str, str]:
    r = screened[0][name]
    if r["status"] not in ("ok", "duplicate"):
        assert r["rank"] == "" and r["notes"], r  # the reason is in the CSV
    return r


def test_the_whole_matrix_is_one_completed_run(screened: tuple[dict[str, dict[str, str]], str, float]) -> None:
    rows, output, took = screened
    assert len(rows) == 22 and "Wrote" in output
    assert took < 60  # the bomb and the 2,000 pages cost seconds, not the run


def test_zero_byte_file(screened: tuple[dict[str, dict[str, str]], str, float]) -> None:
    assert row(screened, "zero.pdf")["status"] == "empty"


def test_not_a_pdf_named_pdf(screened: tuple[dict[str, dict[str, str]], str, float]) -> None:
    for name in ("plain_text.pdf", "fixture_not_a_pdf.pdf"):
        r = row(screened, name)
        assert r["status"] == "not-a-pdf" and "no %PDF header" in r["notes"]


def test_truncated_pdf(screened: tuple[dict[str, dict[str, str]], str, float]) -> None:
    r = row(screened, "truncated.pdf")
    assert r["status"] in ("corrupt", "no-text"), r


def test_encrypted_with_an_empty_password_is_screened(screened: tuple[dict[str, dict[str, str]], str, float]) -> None:
    r = row(screened, "enc_empty.pdf")
    assert r["status"] == "ok" and r["candidate"] == "Evan Empty" and r["rank"]


def test_encrypted_with_a_real_password(screened: tuple[dict[str, dict[str, str]], str, float]) -> None:
    r = row(screened, "enc_password.pdf")
    assert r["status"] == "encrypted" and "password" in r["notes"]


def test_image_only_pdf(screened: tuple[dict[str, dict[str, str]], str, float]) -> None:
    r = row(screened, "image_only.pdf")
    assert r["status"] == "no-text" and r["red_flags"] == "no-text-layer"


def test_two_thousand_pages(screened: tuple[dict[str, dict[str, str]], str, float]) -> None:
    r = row(screened, "pages2000.pdf")
    assert r["status"] == "too-large" and "2000 pages" in r["notes"]


def test_decompression_bomb(screened: tuple[dict[str, dict[str, str]], str, float]) -> None:
    r = row(screened, "bomb.pdf")
    assert r["status"] in ("too-large", "timeout"), r
    assert r["sha256"]


def test_decompression_bomb_with_the_python_engine(inbox: Path, tmp_path: Path) -> None:
    # pdfplumber inflates in Python: the memory cap surfaces as a MemoryError inside pdfminer,
    # which pdfplumber wraps, so the engine may only be able to call it damaged. The run goes on.
    out = tmp_path / "r.csv"
    start = time.monotonic()
    result = CliRunner().invoke(main, ["screen", str(inbox / "bomb.pdf"), "-o", str(out), "--as-of", AS_OF,
                                       "--no-state", "--engine", "pdfplumber", "--memory", "256"])
    assert result.exit_code == 0, result.output
    assert time.monotonic() - start < 30
    r = next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert r["status"] in ("too-large", "timeout", "corrupt"), r


def test_broken_cross_reference_table_still_screens(screened: tuple[dict[str, dict[str, str]], str, float]) -> None:
    r = row(screened, "broken_xref.pdf")
    assert r["status"] == "ok" and r["candidate"] == "Xavier Xref"


def test_no_pages_and_no_xref(screened: tuple[dict[str, dict[str, str]], str, float]) -> None:
    assert row(screened, "no_xref.pdf")["status"] in ("no-text", "corrupt")


def test_awkward_file_names(screened: tuple[dict[str, dict[str, str]], str, float], inbox: Path) -> None:
    for name in NAMES.values():
        r = row(screened, name)
        assert r["status"] == "ok" and r["file"] == str(inbox / name), r
    odd = row(screened, "latin1-\ufffdt\ufffd.pdf")  # not UTF-8: shown with U+FFFD, still screened
    assert odd["status"] == "ok" and odd["candidate"] == "Byte Name"


def test_a_leading_dash_given_on_the_command_line(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    proc = run_cli("screen", "-o", str(out), "--as-of", AS_OF, "--no-state", "--", "-rf.pdf", cwd=inbox)
    assert proc.returncode == 0, proc.stderr
    r = next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert r["file"] == "'-rf.pdf" and r["status"] == "ok"  # quoted so a spreadsheet keeps it text


def test_symlink_loops_and_dangling_links(screened: tuple[dict[str, dict[str, str]], str, float]) -> None:
    for name in ("self_loop.pdf", "loop_a.pdf", "loop_b.pdf"):
        r = row(screened, name)
        assert r["status"] == "error" and "symbolic link loop" in r["notes"], r
    assert "vanished" in row(screened, "dangling.pdf")["notes"]
    assert not any("dir_loop" in r["file"] for r in screened[0].values())


def test_a_fifo_named_pdf_does_not_hang_the_run(screened: tuple[dict[str, dict[str, str]], str, float]) -> None:
    r = row(screened, "fifo.pdf")
    assert r["status"] == "error" and "not a regular file" in r["notes"]


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: chmod 000 does not stop root from reading")
def test_unreadable_permissions(tmp_path: Path) -> None:
    locked = make_resume(tmp_path / "locked.pdf", "Lock Ed", "lock@example.com")
    locked.chmod(0)
    out = tmp_path / "r.csv"
    result = CliRunner().invoke(main, ["screen", str(locked), "-o", str(out), "--as-of", AS_OF, "--no-state"])
    assert result.exit_code == 0
    r = next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert r["status"] == "error" and "permission denied" in r["notes"]


def test_unreadable_permissions_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root reads anything, so the refusal is simulated where the runner opens the file.
    import screener.run.runner as runner

    locked = make_resume(tmp_path / "locked.pdf", "Lock Ed", "lock@example.com")
    real_open = os.open

    def refuse(path: object, *args: object, **kw: object) -> int:
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(runner.os, "open", refuse)
    found = runner.fingerprint(locked)
    assert found.problem == "cannot read the file: permission denied" and found.sha256 == ""
    out = tmp_path / "r.csv"
    result = CliRunner().invoke(main, ["screen", str(locked), "-o", str(out), "--as-of", AS_OF, "--no-state",
                                       "--strict"])
    assert result.exit_code == 1  # --strict: a file failed
    r = next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert r["status"] == "error" and r["notes"] == "cannot read the file: permission denied"


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["screen", str(tmp_path / "missing"), "-o", str(tmp_path / "r.csv")])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_strict_turns_failures_into_exit_1(inbox: Path, tmp_path: Path) -> None:
    args = ["screen", str(inbox / "zero.pdf"), str(inbox / "good.pdf"), "-o", str(tmp_path / "r.csv"),
            "--as-of", AS_OF, "--no-state"]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert CliRunner().invoke(main, [*args, "--strict"]).exit_code == 1
