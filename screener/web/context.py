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


@dataclass
class AppState:
    config: AppConfig
    local: threading.local = field(default_factory=threading.local)
    choices: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    jobs: Any = None  # screener.web.jobs.Jobs, made on the first drop
    job_descriptions: dict[int, Any] = field(default_factory=dict)

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
        return db

    def run(self) -> RunRow | None:
        """The run the app shows (the latest completed), its list index built."""
        state = self.state()
        run = latest_run(state)
        if run is not None:
            listing.build(state, run)
        return run

    def filter_choices(self, run_id: int) -> dict[str, list[str]]:
        if run_id not in self.choices:
            self.choices[run_id] = listing.choices(self.state(), run_id)
        return self.choices[run_id]


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
                                              inbox=str(app.config.inbox), **values)
    return HTMLResponse(body, status_code=status)


async def http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "Something went wrong."
    if not hasattr(request.state, "csrf"):
        request.state.csrf = ""
    return page(request, "error.html.j2", status=status, status_code=status, detail=detail)


