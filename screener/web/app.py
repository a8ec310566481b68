"""`screener serve`: the recruiter's app over the state database (Starlette; pages in templates/).

The ranked list first, a candidate's evidence, two or three side by side, a decision, files dropped
on the page and screened at once. Everything is read from the state database the nightly run keeps;
the app writes only decisions (an append-only table), its list index, and the runs it starts itself
(through `screen_inbox`, under the state's lock like any run).
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from screener.run.state import State
from screener.web import listing, pages, runs
from screener.web.context import PACKAGE, AppConfig, AppState, http_error
from screener.web.security import Guard

__all__ = ["AppConfig", "create_app"]


def create_app(config: AppConfig) -> Starlette:
    routes = [
        Route("/", pages.ranked),
        Route("/c/{position:int}", pages.candidate),
        Route("/file/{position:int}", pages.original),
        Route("/compare", pages.compare),
        Route("/decide/{position:int}", pages.decide, methods=["POST"]),
        Route("/decisions.{fmt:str}", pages.export_decisions),
        Route("/ranked.csv", pages.ranked_csv),
        Route("/upload", runs.upload, methods=["POST"]),
        Route("/events/{job:int}", runs.events),
        Route("/job", runs.job_form),
        Route("/job", runs.job_post, methods=["POST"]),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Mount("/static", StaticFiles(packages=[(PACKAGE, "static")]), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(Guard, access=config.access)],
                    exception_handlers={HTTPException: http_error, Exception: http_error})
    app.state.screener = AppState(config)
    _prepare(config.state_path)

    return app


def _prepare(path: Path) -> None:
    """Create the state database if need be (StateError if it is not a screener database) and the app's tables."""
    from screener.run.decisions import ensure_table

    state = State(path)
    try:
        with state.transaction() as db:
            ensure_table(db)
        listing.attach(state)
    finally:
        state.close()
