"""Issue 18: runs that end, limits that hold, outputs that cannot collide, faults that end in messages."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import FIXTURE_PDFS

from screener.cli import main

ROOT = Path(__file__).resolve().parents[2]
PDF = FIXTURE_PDFS / "01_ai_strong.pdf"


def _inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "cv.pdf").write_bytes(PDF.read_bytes())
    return inbox


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "0", "1e12"])
def test_a_timeout_that_is_not_a_finite_positive_number_is_a_usage_error(tmp_path: Path, value: str) -> None:
    out = CliRunner().invoke(main, ["screen", str(_inbox(tmp_path)), "-o", str(tmp_path / "r.csv"),
                                    f"--timeout={value}"])
    assert out.exit_code == 2, out.output
    assert not (tmp_path / "r.csv").exists()


@pytest.mark.parametrize("value", ["-5", "0", "10", "99999999999", "nan"])
def test_an_absurd_memory_limit_is_a_usage_error(tmp_path: Path, value: str) -> None:
    out = CliRunner().invoke(main, ["screen", str(_inbox(tmp_path)), "-o", str(tmp_path / "r.csv"),
                                    f"--memory={value}"])
    assert out.exit_code == 2, out.output


# The run is made to hang in its screening step; the test then signals it as a user or a scheduler would.
_HANGING_RUN = """
import sys, time
from pathlib import Path
import screener.run.inbox as inbox

MARKER = Path(sys.argv[1])

def hang(*args, **kwargs):
    MARKER.write_text("screening")
    time.sleep(120)

inbox.execute = hang
from screener.cli import main
sys.argv = ["screener", *sys.argv[2:]]
main()
"""


@pytest.mark.parametrize(("sig", "code", "reason"), [(signal.SIGINT, 130, "interrupted by Ctrl-C"),
                                                     (signal.SIGTERM, 143, "stopped by SIGTERM")])
def test_ctrl_c_and_sigterm_end_the_run_with_their_codes_and_record_it(tmp_path: Path, sig: int, code: int,
                                                                       reason: str) -> None:
    marker, db = tmp_path / "started", tmp_path / "state.db"
    args = [sys.executable, "-c", _HANGING_RUN, str(marker), "screen", str(_inbox(tmp_path)), "-q",
            "-o", str(tmp_path / "r.csv"), "--state", str(db), "--executor", "serial"]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    deadline = time.monotonic() + 120
    while not marker.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert marker.exists(), "the run never reached its screening step"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert "Traceback" not in err
    with sqlite3.connect(db) as con:
        status, options = con.execute("SELECT status, options FROM runs").fetchone()
    assert status == "interrupted"
    assert json.loads(options)["reason"] == reason
    assert not (tmp_path / "r.csv").exists()


def test_two_outputs_on_one_path_are_refused_before_any_work(tmp_path: Path) -> None:
    inbox, out = _inbox(tmp_path), tmp_path / "c.csv"
    out.write_text("keep me")
    result = CliRunner().invoke(main, ["screen", str(inbox), "--jsonl", str(out), "-o", str(out)])
    assert result.exit_code == 2
    assert "give each its own path" in result.output
    assert out.read_text() == "keep me"
    assert not (tmp_path / ".screener").exists()  # no state made: refused before any work


def test_an_output_on_a_resume_in_the_inbox_is_refused_and_the_resume_kept(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path)
    victim = inbox / "victim.pdf"
    victim.write_bytes(PDF.read_bytes())
    for given in (str(inbox), str(victim)):
        result = CliRunner().invoke(main, ["screen", given, "-o", str(victim), "--no-state"])
        assert result.exit_code == 2, result.output
        assert victim.read_bytes() == PDF.read_bytes()


def test_an_output_on_the_state_database_or_its_lock_is_refused(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path)
    same = tmp_path / "same.csv"
    same.write_text("keep me")
    result = CliRunner().invoke(main, ["screen", str(inbox), "--state", str(same), "-o", str(same)])
    assert result.exit_code == 2 and same.read_text() == "keep me"
    d = tmp_path / "d"
    result = CliRunner().invoke(main, ["screen", str(inbox), "-o", str(d / "r.csv"),
                                       "--html", str(d / ".screener" / "state.db")])
    assert result.exit_code == 2 and "state database" in result.output
    result = CliRunner().invoke(main, ["screen", str(inbox), "-o", str(d / "r.csv"), "--jsonl",
                                       str(d / ".screener" / "state.db.lock")])
    assert result.exit_code == 2 and "lock" in result.output


def test_outputs_and_state_inside_the_screened_folder_are_fine_when_they_are_screeners(tmp_path: Path,
                                                                                     ) -> None:
    inbox = _inbox(tmp_path)
    for _ in range(2):  # the second night finds last night's outputs in place: they are its own
        result = CliRunner().invoke(main, ["screen", str(inbox), "-q", "-o", str(inbox / "ranked.csv"),
                                           "--jsonl", str(inbox / "ranked.jsonl"), "--executor", "serial"])
        assert result.exit_code == 0, result.output
    rows = (inbox / "ranked.csv").read_text().splitlines()
    assert len(rows) == 2  # the header and cv.pdf: neither output nor the state was screened


@pytest.mark.parametrize("size", [10 * 10**9, 100 * 10**9])
def test_a_huge_sparse_file_is_too_large_without_being_read(tmp_path: Path, size: int) -> None:
    inbox = _inbox(tmp_path)
    with open(inbox / "huge.pdf", "wb") as fh:
        fh.truncate(size)  # 10 GB of nothing took 32 s to hash and came out `timeout`; 100 GB never ended
    started = time.monotonic()
    result = CliRunner().invoke(main, ["screen", str(inbox), "-q", "-o", str(tmp_path / "r.csv"), "--no-state",
                                       "--executor", "serial"])
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 20
    huge = next(r for r in (tmp_path / "r.csv").read_text().splitlines() if "huge.pdf" in r)
    assert "too-large" in huge


def test_a_file_swapped_for_a_fifo_after_a_timeout_does_not_block_the_parent(tmp_path: Path) -> None:
    from screener.run.executors.base import Task

    fifo = tmp_path / "cv.pdf"
    os.mkfifo(fifo)  # what the parent finds when it comes back to a file that timed out
    started = time.monotonic()
    assert Task(0, fifo, "cv.pdf").digest == ""
    assert Task(0, fifo, "cv.pdf", sha256="ab" * 32).digest == "ab" * 32  # the plan's hash, not a new read
    assert time.monotonic() - started < 1


def test_the_parent_hashes_nothing_over_the_size_limit(tmp_path: Path) -> None:
    from screener.pipeline import file_sha256
    from screener.read.base import MAX_BYTES

    big = tmp_path / "big.pdf"
    with open(big, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    assert file_sha256(big) == ""
    assert file_sha256(PDF) != ""


def test_an_unwritable_output_is_found_before_screening(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path)
    # A legal name (255 bytes) whose temporary sibling is not: the write would fail after the screen.
    too_long = tmp_path / ("x" * 250 + ".html")
    result = CliRunner().invoke(main, ["screen", str(inbox), "-o", str(tmp_path / "r.csv"), "--html", str(too_long),
                                       "--state", str(tmp_path / "state.db")])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "cannot write" in result.output
    assert not (tmp_path / "state.db").exists() or _runs(tmp_path / "state.db") == []


def _runs(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT status, options FROM runs ORDER BY id").fetchall()
    con.close()
    return [(status, json.loads(options).get("reason", "")) for status, options in rows]


def test_a_full_disk_during_the_final_write_keeps_the_old_outputs_and_records_a_failed_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import screener.output.html as html

    inbox, out, report, db = _inbox(tmp_path), tmp_path / "r.csv", tmp_path / "r.html", tmp_path / "state.db"
    args = ["screen", str(inbox), "-q", "-o", str(out), "--html", str(report), "--state", str(db),
            "--executor", "serial"]
    assert CliRunner().invoke(main, args).exit_code == 0
    before = out.read_bytes(), report.read_bytes()
    (inbox / "cv2.pdf").write_bytes((FIXTURE_PDFS / "08_ml_strong.pdf").read_bytes())

    def full(path: Path, *args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(html, "write", full)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 4, result.output
    assert "Traceback" not in result.output and "No space left on device" in result.output
    assert (out.read_bytes(), report.read_bytes()) == before  # the CSV, written first, was not replaced either
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []
    status, reason = _runs(db)[-1]
    assert status == "failed" and "No space left on device" in reason


def test_control_characters_in_file_names_are_escaped_in_the_csv_and_the_summary(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path)
    (inbox / "cv.pdf").rename(inbox / "evil\x1b[2J\x07.pdf")
    result = CliRunner().invoke(main, ["screen", str(inbox), "-o", str(tmp_path / "r.csv"), "--no-state",
                                       "--executor", "serial"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "r.csv").read_text()
    assert "\x1b" not in text and "\x07" not in text
    assert "evil\\x1b[2J\\x07.pdf" in text
    assert "\x1b" not in result.output


# A screen that overruns its time, and meanwhile the file is swapped for a FIFO: the parent, recording the
# timeout, must not open the FIFO for reading (that blocks until a writer comes, for ever at night).
# A sitecustomize module patches the reading in every process of the run, workers included.
_SWAP_AND_HANG = """
import os, time
from pathlib import Path
import screener.pipeline as pipeline

def swap_and_hang(path, *args, **kwargs):
    path = Path(path)
    if path.is_file():
        path.unlink()
        os.mkfifo(path)
    time.sleep(120)

pipeline.screen_file = pipeline.read_document = swap_and_hang
"""


@pytest.mark.parametrize("executor", ["serial", "local"])
def test_a_file_swapped_for_a_fifo_during_its_timeout_does_not_hang_the_run(tmp_path: Path, executor: str) -> None:
    inbox, out, hook = _inbox(tmp_path), tmp_path / "r.csv", tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(_SWAP_AND_HANG)
    args = [sys.executable, "-m", "screener", "screen", str(inbox), "-q", "-o", str(out), "--no-state",
            "--timeout", "2", "--executor", executor, "--jobs", "1"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hook), str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        _, err = proc.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("the run hung on the FIFO that replaced a file which had timed out")
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert (inbox / "cv.pdf").is_fifo()  # the swap happened
    row = out.read_text().splitlines()[1]
    assert "cv.pdf" in row and ",timeout," in row


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KB tmpfs: a disk that really fills up (needs the right to mount, as root in a container)."""
    where = tmp_path / "disk"
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(where)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here: " + done.stderr.decode(errors="replace").strip())
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], capture_output=True, check=False)


def test_a_really_full_disk_during_the_final_write_keeps_the_old_outputs(tmp_path: Path, small_disk: Path) -> None:
    inbox, db = _inbox(tmp_path), tmp_path / "state.db"
    out, report = small_disk / "r.csv", small_disk / "r.html"
    args = [sys.executable, "-m", "screener", "screen", str(inbox), "-q", "-o", str(out), "--html", str(report),
            "--state", str(db), "--executor", "serial"]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    first = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    assert first.returncode == 0, first.stderr
    before = out.read_bytes(), report.read_bytes()
    (inbox / "cv2.pdf").write_bytes((FIXTURE_PDFS / "08_ml_strong.pdf").read_bytes())
    filler = small_disk / "filler"
    with open(filler, "wb") as fh:  # fill what is left, less a little: the checks before the screen pass
        free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
        fh.write(b"x" * max(free - 8192, 0))
    second = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    assert second.returncode == 4, second.stderr
    assert "Traceback" not in second.stderr and "No space left on device" in second.stderr
    assert (out.read_bytes(), report.read_bytes()) == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "r.csv", "r.html"]  # no temporary left
    status, reason = _runs(db)[-1]
    assert status == "failed" and "No space left on device" in reason
