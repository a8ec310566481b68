"""The progress bar (issue 23): clean redraws, a rate and time left from recent files, silence off a terminal."""

from __future__ import annotations

import io

import pytest

from screener.run.progress import ProgressBar, progress_bar


def drawn(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    buf = io.StringIO()
    buf.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stderr", buf)
    return buf


def test_a_shorter_line_is_padded_over_the_longer_one(monkeypatch: pytest.MonkeyPatch) -> None:
    buf = drawn(monkeypatch)
    bar = ProgressBar()
    bar.show(1, 100, now=100.0)
    bar.show(2, 100, now=101.0)  # 1 file/s: 1m38s left
    bar.show(90, 100, now=102.0)  # 88 files in the last 2 s: 0s left, a shorter line
    frames = buf.getvalue().split("\r")[1:]
    assert "estimating" in frames[0] and "1.0/s  1m38s left" in frames[1] and "44.5/s  0s left" in frames[2]
    assert len(frames[2]) >= len(frames[1].rstrip())  # nothing of the longer line is left showing


def test_the_rate_forgets_a_slow_start(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn(monkeypatch)
    bar = ProgressBar()
    bar.show(1, 200, now=60.0)  # the first file after a minute of start-up
    for i in range(2, 41):
        bar.show(i, 200, now=60.0 + i * 0.5)  # then two files a second
    rate = bar.rate(60.0 + 41 * 0.5, 41)
    assert rate == pytest.approx(2.0, rel=0.05)


def test_nothing_is_drawn_off_a_terminal_or_when_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn(monkeypatch)
    assert progress_bar(quiet=True) is None
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert progress_bar(quiet=False) is None
