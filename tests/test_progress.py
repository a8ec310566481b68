"""The progress bar (issue 23), drawn by rich on a pseudo-terminal and read back through a small terminal
emulator: what a person sees after each redraw, with nothing left of a longer line; a rate and time left
from recent files; nothing at all when standard error is not a terminal, or with -q."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import AS_OF, FIXTURE_PDFS

from screener.run.events import Planned, Screened
from screener.run.progress import ProgressBar, progress_bar

ESCAPE = re.compile(r"\x1b\[(\??)([0-9;]*)([A-Za-z])")
WIDTH = 100


def screen_of(data: str, width: int = WIDTH) -> list[str]:
    """The lines a terminal shows after `data`: carriage return, newline, erase-line, cursor moves, colours.
    An escape it does not know fails the test: the bar must use no other."""
    rows: list[list[str]] = [[]]
    row = col = 0
    i = 0
    while i < len(data):
        m = ESCAPE.match(data, i)
        if m:
            private, args, cmd = m.groups()
            n = int(args) if args.isdigit() else None
            if private or cmd == "m":
                pass  # cursor shown or hidden; colours
            elif cmd == "K":
                line = rows[row]
                rows[row] = {0: line[:col], 1: [" "] * col + line[col:], 2: []}[n or 0]
            elif cmd == "A":
                row = max(0, row - (n or 1))
            elif cmd == "G":
                col = (n or 1) - 1
            else:
                raise AssertionError(f"unexpected escape {m.group()!r}")
            i = m.end()
            continue
        c = data[i]
        if c == "\r":
            col = 0
        elif c == "\n":
            row, col = row + 1, 0
            while len(rows) <= row:
                rows.append([])
        else:
            line = rows[row]
            line.extend(" " * (col - len(line)))
            line[col:col + 1] = [c]
            col = min(col + 1, width)
        i += 1
    return ["".join(r).rstrip() for r in rows]


def read_all(fd: int) -> str:
    out = b""
    while select.select([fd], [], [], 0.2)[0]:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the other side closed (Linux reports EIO)
            break
        if not chunk:
            break
        out += chunk
    return out.decode("utf-8", errors="replace")


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[io.TextIOWrapper, int]]:
    """A pseudo-terminal: (its slave side as a text stream, its master's fd to read what was drawn)."""
    for name in ("NO_COLOR", "TERM", "COLUMNS", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    master, slave = pty.openpty()
    stream = os.fdopen(slave, "w", encoding="utf-8")
    yield stream, master
    stream.close()
    os.close(master)


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_a_shorter_line_leaves_nothing_of_the_longer_one(terminal: tuple[io.TextIOWrapper, int]) -> None:
    stream, master = terminal
    clock = Clock(100.0)
    bar = ProgressBar(stream=stream, clock=clock, width=WIDTH)
    seen = ""
    shown = []
    for done, at in ((1, 100.0), (2, 101.0), (90, 102.0), (91, 102.5)):
        clock.now = at
        bar(Screened(done, 100, None))  # type: ignore[arg-type]  # the bar reads no record
        stream.flush()
        seen += read_all(master)
        shown.append(screen_of(seen)[-1])
    # what is on the line after each redraw: the bar, then exactly the new text, nothing after it
    assert shown[0].endswith(" 1/100 files estimating")
    assert shown[1].endswith(" 2/100 files 1.0/s  1m38s left")
    assert shown[2].endswith(" 90/100 files 44.5/s  0s left")  # 88 files in the last 2 s: a shorter line
    assert shown[3].endswith(" 91/100 files 36.0/s  0s left")
    assert all(len(s) < WIDTH for s in shown)
    bar.close()
    stream.flush()
    seen += read_all(master)
    assert "\x1b[?25h" in seen  # the cursor is shown again


def test_the_rate_forgets_a_slow_start(terminal: tuple[io.TextIOWrapper, int]) -> None:
    stream, master = terminal
    clock = Clock(60.0)  # the first file after a minute of start-up
    bar = ProgressBar(stream=stream, clock=clock, width=WIDTH)
    bar(Screened(1, 200, None))  # type: ignore[arg-type]
    for i in range(2, 41):
        clock.now = 60.0 + i * 0.5  # then two files a second
        bar(Screened(i, 200, None))  # type: ignore[arg-type]
    stream.flush()
    last = screen_of(read_all(master))[-1]
    assert last.endswith(" 40/200 files 2.0/s  1m20s left")  # 160 files at 2 a second, not at 40 in 80 s
    bar.close()


def test_files_slower_than_the_window_still_get_a_rate(terminal: tuple[io.TextIOWrapper, int]) -> None:
    stream, master = terminal
    clock = Clock(0.0)
    bar = ProgressBar(stream=stream, clock=clock, width=WIDTH)
    for i in range(1, 4):
        clock.now = i * 20.0  # a file every 20 s (scans read by OCR): no two in one 10 s window
        bar(Screened(i, 10, None))  # type: ignore[arg-type]
    stream.flush()
    assert screen_of(read_all(master))[-1].endswith(" 3/10 files 3.0/min  2m20s left")  # 2 files in 40 s
    bar.close()


def test_the_bar_draws_only_on_a_terminal_and_not_when_quiet(monkeypatch: pytest.MonkeyPatch,
                                                             terminal: tuple[io.TextIOWrapper, int]) -> None:
    monkeypatch.setattr("sys.stderr", terminal[0])
    assert progress_bar(quiet=True) is None
    assert isinstance(progress_bar(quiet=False), ProgressBar)
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert progress_bar(quiet=False) is None


def test_a_reused_count_is_said_once_above_the_bar(terminal: tuple[io.TextIOWrapper, int]) -> None:
    stream, master = terminal
    bar = ProgressBar(stream=stream, clock=Clock(5.0), width=WIDTH)
    bar(Planned(to_screen=2, reused=7))
    bar(Screened(1, 2, None))  # type: ignore[arg-type]
    bar(Screened(2, 2, None))  # type: ignore[arg-type]
    stream.flush()
    lines = screen_of(read_all(master))
    assert lines[0] == "7 file(s) unchanged since they were last screened; screening 2."
    assert lines[1].endswith(" 2/2 files estimating") and lines[2] == ""


def screen_command(tmp_path: Path) -> list[str]:
    pdfs = [str(FIXTURE_PDFS / n) for n in ("01_ai_strong.pdf", "02_ai_agents_sidebar.pdf", "05_frontend.pdf")]
    return [sys.executable, "-m", "screener", "screen", *pdfs, "-o", str(tmp_path / "r.csv"), "--no-state",
            "--as-of", AS_OF, "-j", "1"]


def test_a_real_screen_on_a_terminal_ends_with_a_clean_bar_and_the_summary(tmp_path: Path) -> None:
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(WIDTH)}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(screen_command(tmp_path), stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    seen = ""
    while proc.poll() is None:
        seen += read_all(master)
    seen += read_all(master)
    os.close(master)
    assert proc.returncode == 0, seen
    lines = screen_of(seen)
    bar = next(i for i, line in enumerate(lines) if "3/3 files" in line)
    assert re.fullmatch(r"\S+ 3/3 files (estimating|\d+\.\d/(s|min)  0s left)", lines[bar]), lines[bar]
    assert lines[bar + 1].startswith("Screened 3 file(s) for ai-engineer")
    assert "\x1b[?25h" in seen[seen.rindex("3/3 files"):]  # the cursor is back before the summary


def test_a_screen_off_a_terminal_draws_no_bar(tmp_path: Path) -> None:
    proc = subprocess.run(screen_command(tmp_path), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # the summary is on standard output; no bar, no escape, no carriage return
    assert "\r" not in proc.stdout and "\x1b" not in proc.stdout and "files " not in proc.stdout
    assert proc.stdout.startswith("Screened 3 file(s) for ai-engineer")
