"""Issue 18: runs that end, limits that hold, outputs that cannot collide, faults that end in messages."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
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

def hang(*args, **kwargs):
    Path(sys.argv[1]).write_text("screening")
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
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert "Traceback" not in err
    with sqlite3.connect(db) as con:
        status, options = con.execute("SELECT status, options FROM runs").fetchone()
    assert status == "interrupted"
    assert json.loads(options)["reason"] == reason
    assert not (tmp_path / "r.csv").exists()
