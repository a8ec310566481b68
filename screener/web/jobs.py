"""Screening the inbox from the app: one run at a time, in a thread, its events kept for the page.

`screen_inbox` does the run (the same library call as `screener screen`); its `on_event` events
become small JSON messages the page reads by server-sent events. When another screener run (a
nightly one) holds the state's lock, the job says so and waits for it, trying again every few
seconds, rather than writing beside it.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screener.codes import Status
from screener.run.events import Event, Finished, Planned, Screened
from screener.run.inbox import LockBusy, RunError, RunOptions, screen_inbox
from screener.web.uploads import inbox_paths

LOCK_RETRY_SECONDS = 3.0
LOCK_WAIT_LIMIT = 30 * 60.0  # give up after half an hour behind another run
_OK = {Status.OK, Status.DUPLICATE}


@dataclass
class Job:
    id: int
    messages: list[dict[str, Any]] = field(default_factory=list)
    done: bool = False
    cond: threading.Condition = field(default_factory=threading.Condition)

    def say(self, kind: str, **data: Any) -> None:
        with self.cond:
            self.messages.append({"kind": kind, **data})
            if kind in ("finished", "error"):
                self.done = True
            self.cond.notify_all()

    def wait(self, seen: int, timeout: float) -> list[dict[str, Any]]:
        """Messages after the first `seen`, waiting up to `timeout` seconds for one."""
        with self.cond:
            if len(self.messages) <= seen and not self.done:
                self.cond.wait(timeout)
            return self.messages[seen:]


def message(event: Event, blind: bool = False) -> tuple[str, dict[str, Any]]:
    """One run event as the page reads it (under `serve --blind`, a file is named by its candidate id)."""
    from screener.output.blind import record_id

    def name(r: Any) -> str:
        return record_id(r) if blind else Path(r.file).name

    if isinstance(event, Planned):
        return "planned", {"to_screen": event.to_screen, "reused": event.reused}
    if isinstance(event, Screened):
        r = event.record
        return "screened", {"done": event.done, "total": event.total, "file": name(r),
                            "status": r.status, "reason": r.reason if r.status not in _OK else ""}
    if isinstance(event, Finished):
        res = event.result
        failed = [{"file": name(r), "status": r.status, "reason": r.reason or r.notes}
                  for r in res.records if r.status not in _OK]
        return "finished", {"run": res.run_id, "counts": res.counts.as_dict(), "failed": failed}
    return "written", {}


class Jobs:
    """The app's runs: started one after another in a thread, each with its messages."""

    def __init__(self, inbox: Path, state_path: Path, make_screen: Callable[[], Any],
                 make_executor: Callable[[], Any], on_done: Callable[[], None], blind: bool = False) -> None:
        self.inbox, self.state_path, self.blind = inbox, state_path, blind
        self.make_screen, self.make_executor, self.on_done = make_screen, make_executor, on_done
        self.jobs: dict[int, Job] = {}
        self.ids = itertools.count(1)
        self.one_at_a_time = threading.Lock()

    def start(self) -> Job:
        job = Job(next(self.ids))
        self.jobs[job.id] = job
        threading.Thread(target=self._run, args=(job,), name=f"screen-{job.id}", daemon=True).start()
        return job

    def _run(self, job: Job) -> None:
        with self.one_at_a_time:
            try:
                self._screen(job)
            except Exception as exc:  # noqa: BLE001 - the page shows whatever stopped the run
                job.say("error", message=str(exc) or type(exc).__name__)
            finally:
                self.on_done()

    def _screen(self, job: Job) -> None:
        job.say("started", message="Loading the screener…")
        screen = self.make_screen()
        waited = 0.0
        while True:
            try:
                screen_inbox(inbox_paths(self.inbox), screen, self.state_path, self.make_executor(),
                             lambda e: _tell(job, e, self.blind),
                             RunOptions(invocation={"via": "screener serve", "blind": self.blind}, blind=self.blind))
                return
            except LockBusy as exc:
                if waited >= LOCK_WAIT_LIMIT:
                    raise RunError(f"{exc} (waited {int(waited // 60)} minutes)") from exc
                job.say("waiting", message=f"{exc}. Waiting for it to finish…")
                time.sleep(LOCK_RETRY_SECONDS)
                waited += LOCK_RETRY_SECONDS


def _tell(job: Job, event: Event, blind: bool = False) -> None:
    kind, data = message(event, blind)
    job.say(kind, **data)
