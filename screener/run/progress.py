"""The progress bar: a watcher of a run's events that draws files done, rate and time left on stderr.

The rate is measured over a moving window of recent completions, so the start-up (workers and
spaCy loading) does not make the first estimate absurd; each redraw pads over what the previous,
longer line left behind.
"""

from __future__ import annotations

import sys
import time
from collections import deque

from screener.run.events import Event, OnEvent, Planned, Screened

BAR_WIDTH = 30  # characters
REDRAW_EVERY = 0.1  # seconds: at most ten redraws a second
WINDOW = 10.0  # seconds of recent completions the rate is measured over
MIN_SAMPLES = 2  # completions before a rate is shown


def progress_bar(quiet: bool) -> OnEvent | None:
    """The bar, only on a terminal and when not quiet; None otherwise."""
    if quiet or not sys.stderr.isatty():
        return None
    return ProgressBar()


class ProgressBar:
    def __init__(self) -> None:
        self.last = 0.0
        self.width = 0  # characters of the line drawn last
        self.samples: deque[tuple[float, int]] = deque()  # (when, files done)

    def __call__(self, event: Event) -> None:
        if isinstance(event, Planned):
            if event.to_screen and event.reused:
                sys.stderr.write(f"{event.reused} file(s) unchanged since they were last screened; "
                                 f"screening {event.to_screen}.\n")
        elif isinstance(event, Screened):
            self.show(event.done, event.total)
            if event.done == event.total:
                sys.stderr.write("\n")

    def rate(self, now: float, done: int) -> float | None:
        """Files a second over the last WINDOW seconds; None until there are MIN_SAMPLES completions."""
        self.samples.append((now, done))
        while len(self.samples) > MIN_SAMPLES and now - self.samples[0][0] > WINDOW:
            self.samples.popleft()
        (then, before) = self.samples[0]
        if len(self.samples) < MIN_SAMPLES or now <= then:
            return None
        return (done - before) / (now - then)

    def show(self, done: int, total: int, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        rate = self.rate(now, done)
        if done < total and now - self.last < REDRAW_EVERY:
            return
        self.last = now
        filled = int(BAR_WIDTH * done / max(total, 1))
        left = duration((total - done) / rate) if rate else "?"
        speed = "estimating" if rate is None else f"{rate:.1f}/s  {left} left"
        line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} files  {speed}"
        sys.stderr.write("\r" + line.ljust(self.width))
        self.width = len(line)
        sys.stderr.flush()


def duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
