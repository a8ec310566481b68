"""The progress bar: a watcher of a run's events that draws files done, rate and time left on stderr.

rich draws it (`rich>=13.7,<16`): each redraw erases the line before writing it, so a shorter line
leaves nothing of the longer one behind. The rate is measured over a moving window of the last
WINDOW seconds of completions (rich's `speed_estimate_period`), counted from the first file done, so
the start-up (workers and spaCy loading) does not make the first estimate absurd. Nothing is drawn
when standard error is not a terminal, or with -q. rich is imported only when a bar is drawn.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

from screener.run.events import Event, OnEvent, Planned, Screened, ignore

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

BAR_WIDTH = 30  # characters
REDRAW_EVERY = 0.1  # seconds: at most ten redraws a second (the last file is always drawn)
WINDOW = 10.0  # seconds of recent completions the rate is measured over


def progress_bar(quiet: bool) -> ProgressBar | None:
    """The bar, only on a terminal and when not quiet; None otherwise."""
    if quiet or not sys.stderr.isatty():
        return None
    return ProgressBar()


@contextmanager
def watching(quiet: bool) -> Iterator[OnEvent]:
    """The run's watcher: the bar (closed on the way out, even on Ctrl-C, so the cursor comes back) or nothing."""
    bar = progress_bar(quiet)
    try:
        yield bar or ignore
    finally:
        if bar is not None:
            bar.close()


class ProgressBar:
    """Draws on `stream` (standard error); `clock` and `width` are for tests."""

    def __init__(self, stream: TextIO | None = None, clock: Callable[[], float] | None = None,
                 width: int | None = None) -> None:
        from rich.console import Console

        self.console = Console(file=stream or sys.stderr, width=width, highlight=False)
        self.clock = clock or time.monotonic
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        self.first: tuple[float, int] | None = None  # (when, done) of the first file done
        self.last = -REDRAW_EVERY

    def __call__(self, event: Event) -> None:
        if isinstance(event, Planned):
            if event.to_screen and event.reused:
                self.console.print(f"{event.reused} file(s) unchanged since they were last screened; "
                                   f"screening {event.to_screen}.", markup=False)
        elif isinstance(event, Screened):
            self.show(event.done, event.total)
            if event.done == event.total:
                self.close()

    def show(self, done: int, total: int) -> None:
        if self.progress is None:
            self.start(total)
        assert self.progress is not None and self.task is not None
        now = self.clock()
        if self.first is None:
            self.first = (now, done)
        self.progress.update(self.task, completed=done)
        if done >= total or now - self.last >= REDRAW_EVERY:
            self.last = now
            self.progress.refresh()

    def start(self, total: int) -> None:
        from rich.progress import BarColumn, Progress, TextColumn

        # No refresh thread: the bar is redrawn as files finish, and nothing runs behind the run's back.
        self.progress = Progress(
            BarColumn(bar_width=BAR_WIDTH), TextColumn("{task.completed}/{task.total} files"), rate_column(self),
            console=self.console, auto_refresh=False, speed_estimate_period=WINDOW, get_time=self.clock,
            redirect_stdout=False,  # standard output may be the data (-o -)
        )
        self.task = self.progress.add_task("screen", total=total)
        self.progress.start()

    def rate(self, task: Any) -> float | None:
        """Files a second over the last WINDOW seconds; once files come slower than that, since the first one."""
        speed: float | None = task.speed
        if speed is None and self.first is not None:
            (then, before) = self.first
            now = self.clock()
            speed = (task.completed - before) / (now - then) if now > then and task.completed > before else None
        return speed

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def rate_column(bar: ProgressBar) -> Any:
    """'3.2/s  27s left' (under a file a second: '12.0/min'), or 'estimating' until two files are done."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Any) -> Text:
            rate = bar.rate(task)
            if not rate:
                return Text("estimating")
            left = (task.total or 0) - task.completed
            speed = f"{rate:.1f}/s" if rate >= 1 else f"{rate * 60:.1f}/min"
            return Text(f"{speed}  {duration(left / rate)} left")

    return RateColumn()


def duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
