"""The progress bar: a watcher of a run's events that draws files done, rate and time left on stderr."""

from __future__ import annotations

import sys
import time

from screener.run.events import Event, OnEvent, Planned, Screened

BAR_WIDTH = 30  # characters
REDRAW_EVERY = 0.1  # seconds: at most ten redraws a second


def progress_bar(quiet: bool) -> OnEvent | None:
    """The bar, only on a terminal and when not quiet; None otherwise."""
    if quiet or not sys.stderr.isatty():
        return None
    return ProgressBar()


class ProgressBar:
    def __init__(self) -> None:
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, event: Event) -> None:
        if isinstance(event, Planned):
            if event.to_screen and event.reused:
                sys.stderr.write(f"{event.reused} file(s) unchanged since they were last screened; "
                                 f"screening {event.to_screen}.\n")
        elif isinstance(event, Screened):
            self.show(event.done, event.total)
            if event.done == event.total:
                sys.stderr.write("\n")

    def show(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < REDRAW_EVERY:
            return
        self.last = now
        elapsed = now - self.start
        rate = done / elapsed if elapsed > 0 else 0.0
        left = (total - done) / rate if rate > 0 else 0.0
        filled = int(BAR_WIDTH * done / max(total, 1))
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} files "
                         f"{rate:6.1f}/s  {duration(left)} left ")
        sys.stderr.flush()


def duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
