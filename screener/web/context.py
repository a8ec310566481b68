"""What every page of the app shares: its configuration, its per-thread state connection, the templates.

The app itself (routes, middleware) is in app.py.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from screener.codes import DECISION_REASONS, DECISIONS
from screener.output.report.labels import FLAG_MEANINGS, PROFILE_LABELS
from screener.run.state import RunRow, State
from screener.web import listing
from screener.web.data import latest_run
from screener.web.security import CSRF_FIELD, Access

PACKAGE = "screener.web"
CACHE_KIB = 128 * 1024
MMAP_BYTES = 512 * 1024 * 1024
MAX_KEPT_COUNTS = 1000
SYNC_BUILD_FILES = 20_000  # a run this small gets its list index within the request (under a second)


@dataclass
class AppConfig:
    """What `screener serve` was given."""

    inbox: Path
    state_path: Path
    access: Access
    role: str = ""  # the run settings of the app's own screens ("" = the default role)
    as_of: str | None = None  # None: today
    taxonomy_dir: str | None = None
    executor: str = "local"
    jobs: int | None = None
    blind: bool = False  # `serve --blind`: candidate ids instead of who they are (output/blind.py)


@dataclass
class AppState:
    config: AppConfig
    local: threading.local = field(default_factory=threading.local)
    choices: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    counts: dict[tuple[Any, ...], int] = field(default_factory=dict)  # a run's list never changes: totals kept
    jobs: Any = None  # screener.web.jobs.Jobs, made on the first drop
    building: set[int] = field(default_factory=set)  # runs whose list index is being built
    lock: threading.Lock = field(default_factory=threading.Lock)

    def taxonomy(self) -> Any:
        from screener.taxonomy import load_taxonomy

        return load_taxonomy(Path(self.config.taxonomy_dir) if self.config.taxonomy_dir else None)

    def as_of(self) -> str:
        """The app's 'today' (checked by the command before the app started)."""
        from screener.settings import today

        return self.config.as_of or today()

    def state(self) -> State:
        """This thread's connection to the state database (sqlite3 connections stay in their thread)."""
        db = getattr(self.local, "state", None)
        if db is None:
            db = self.local.state = State(self.config.state_path)
            listing.attach(db)
            # The list's scans (a search, a rare sort) read the run's rows: keep them in memory.
            db.db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            db.db.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        return db

    def run(self) -> RunRow | None:
        """The run the app shows: the latest completed, once its list index is built.

        A small run's index is built at once; a large one's (about 30 s for 100,000 files) in the
        background, while the previous run's list is shown, or a page that says so and reloads itself.
        """
        state = self.state()
        run = latest_run(state)
        if run is None or listing.built(state, run["id"]):
            return run
        if (run["found"] or 0) <= SYNC_BUILD_FILES:
            listing.build(self.config.state_path, run)
            return run
        with self.lock:
            if run["id"] not in self.building:
                self.building.add(run["id"])
                threading.Thread(target=self._build, args=(run,), name=f"list-{run['id']}", daemon=True).start()
        shown = listing.built_run(state)
        if shown is not None and (previous := state.run(shown)) is not None:
            return previous
        raise HTTPException(503, f"Preparing the list of run {run['id']} ({run['found']:,} files; once per run, "
                                 "about a second per 3,000 files). This page reloads itself.")

    def _build(self, run: RunRow) -> None:
        try:
            listing.build(self.config.state_path, run)
        finally:
            with self.lock:
                self.building.discard(run["id"])

    def total(self, run_id: int, q: listing.Query) -> int | None:
        return None if q.decision else self.counts.get(_count_key(run_id, q))

    def keep_total(self, run_id: int, q: listing.Query, total: int) -> None:
        if not q.decision:  # decisions change; a run's rows and their filters do not
            if len(self.counts) >= MAX_KEPT_COUNTS:
                self.counts.clear()
            self.counts[_count_key(run_id, q)] = total

    def filter_choices(self, run_id: int) -> dict[str, list[str]]:
        if run_id not in self.choices:
            self.choices[run_id] = listing.choices(self.state(), run_id)
        return self.choices[run_id]


def _count_key(run_id: int, q: listing.Query) -> tuple[Any, ...]:
    return (run_id, q.profile, q.specialty, q.flag, q.status, q.search)


def templates() -> Environment:
    env = Environment(loader=PackageLoader(PACKAGE, "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(PROFILE_LABELS=PROFILE_LABELS, FLAG_MEANINGS=FLAG_MEANINGS, DECISIONS=DECISIONS,
                       DECISION_REASONS=DECISION_REASONS, CSRF_FIELD=CSRF_FIELD)
    env.filters["score"] = lambda v: "" if v is None else f"{v:.1f}"
    env.filters["share"] = lambda v: "" if v is None else f"{v:.2f}"
    env.filters["name"] = lambda p: Path(str(p)).name
    return env


ENV = templates()


def page(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    app: AppState = request.app.state.screener
    body = ENV.get_template(template).render(request=request, csrf=request.state.csrf,
                                              inbox=str(app.config.inbox), blind=app.config.blind, **values)
    return HTMLResponse(body, status_code=status)


async def http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "Something went wrong."
    if not hasattr(request.state, "csrf"):
        request.state.csrf = ""
    return page(request, "error.html.j2", status=status, status_code=status, detail=detail, refresh=status == 503)


