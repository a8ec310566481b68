"""Files dropped on the page, screened at once with live progress; a job description to rank against."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from screener.web import uploads
from screener.web.context import AppState, page
from screener.web.jobs import Jobs
from screener.web.security import check_csrf

# The whole request, all files together (the form parser's own limits are per part).
MAX_REQUEST_BYTES = uploads.MAX_FILES * 4 * 1024 * 1024
HEARTBEAT_SECONDS = 15.0


def _app(request: Request) -> AppState:
    app: AppState = request.app.state.screener
    return app


def _jobs(app: AppState) -> Jobs:
    if app.jobs is None:
        c = app.config

        def make_screen() -> Any:
            from screener.codes import DEFAULT_ROLE
            from screener.settings import Screen

            return Screen.of(app.taxonomy(), role=c.role or DEFAULT_ROLE, as_of=app.as_of())

        def make_executor() -> Any:
            from screener.run.executors import make_executor as make

            return make(c.executor, c.jobs)

        app.jobs = Jobs(c.inbox, c.state_path, make_screen, make_executor, app.choices.clear, c.blind)
    jobs: Jobs = app.jobs
    return jobs


async def upload(request: Request) -> Response:
    """Save the dropped files into the inbox (names made safe, limits kept) and start screening them."""
    check_csrf(request)
    size = int(request.headers.get("content-length") or 0)
    if size > MAX_REQUEST_BYTES:
        raise HTTPException(413, f"Too much at once: drop at most {uploads.MAX_FILES} files.")
    form = await request.form(max_files=uploads.MAX_FILES + 1, max_part_size=uploads.MAX_FILE_BYTES + 1)
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
    if len(files) > uploads.MAX_FILES:
        raise HTTPException(413, f"Too many files at once: at most {uploads.MAX_FILES}.")
    app = _app(request)
    folder = app.config.inbox / uploads.UPLOAD_FOLDER
    saved, refused = [], []
    for f in files:
        data = await f.read(uploads.MAX_FILE_BYTES + 1)
        name = uploads.safe_name(f.filename or "")
        reason = uploads.check(name, len(data))
        if reason:
            refused.append({"name": f.filename or "", "reason": reason})
        else:  # a zip too: the run reads its members as rows, as the nightly run does
            path = await run_in_threadpool(uploads.save, folder, name, data)
            saved.append(path.name)
    job = _jobs(app).start() if saved else None
    return JSONResponse({"saved": saved, "refused": refused, "job": job.id if job else None})


async def events(request: Request) -> Response:
    """A run's progress as server-sent events, from its first message to its last."""
    jobs = _jobs(_app(request))
    job = jobs.jobs.get(request.path_params["job"])
    if job is None:
        raise HTTPException(404, "No such screening job.")

    async def stream() -> AsyncIterator[str]:
        seen = 0
        while True:
            fresh = await asyncio.to_thread(job.wait, seen, HEARTBEAT_SECONDS)
            if not fresh:
                yield ": still working\n\n"
            for m in fresh:
                yield f"event: {m['kind']}\ndata: {json.dumps(m, ensure_ascii=False)}\n\n"
            seen += len(fresh)
            if job.done and seen >= len(job.messages):
                return
            if await request.is_disconnected():
                return

    return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})


async def job_form(request: Request) -> Response:
    return page(request, "job.html.j2", analysis=None, fits=[], error="")


def _rank_against(app: AppState, data: bytes, name: str) -> dict[str, Any]:
    """Analyse a job description and fit every ranked candidate of the run to it, from stored Records."""
    from screener.job.analyze import analyze_job
    from screener.job.context import FitRules
    from screener.job.fit import match_job
    from screener.job.rules import job_rules
    from screener.job.source import read_job_bytes
    from screener.match import Matcher
    from screener.output.blind import blind_record
    from screener.web.data import latest_run, record_at

    taxonomy = app.taxonomy()
    analysis = analyze_job(read_job_bytes(data, name), name, data, Matcher(taxonomy), taxonomy,
                           job_rules(str(taxonomy.path)), app.as_of())
    state, run = app.state(), latest_run(app.state())
    fits = []
    if run is not None:
        rules = FitRules.of(taxonomy)
        ranked = state.db.execute("SELECT position FROM run_files WHERE run_id = ? AND rank IS NOT NULL",
                                  (run["id"],)).fetchall()
        for (position,) in ranked:
            rec = record_at(state, run, position)
            if rec is not None:
                fits.append((match_job(analysis, rec, rules), blind_record(rec) if app.config.blind else rec, position))
    fits.sort(key=lambda f: (-f[0].score, f[1].rank or 0))
    return {"analysis": analysis, "fits": fits}


async def job_post(request: Request) -> Response:
    """Rank the run's candidates against a pasted or uploaded job description (no resume is read again)."""
    form = await request.form(max_files=1, max_part_size=uploads.MAX_FILE_BYTES)
    check_csrf(request, form)
    data, name = str(form.get("text") or "").encode("utf-8"), "pasted job description.txt"
    upload_file = form.get("file")
    if isinstance(upload_file, UploadFile) and upload_file.filename:
        name = uploads.safe_name(upload_file.filename) or "job description.txt"
        data = await upload_file.read(uploads.MAX_FILE_BYTES)
    if not data.strip():
        return page(request, "job.html.j2", status=400, analysis=None, fits=[],
                    error="Paste a job description or choose its file.")
    try:
        values = await run_in_threadpool(_rank_against, _app(request), data, Path(name).name)
    except Exception as exc:  # noqa: BLE001 - the page says what could not be read
        return page(request, "job.html.j2", status=400, analysis=None, fits=[],
                    error=f"The job description could not be read: {exc}")
    return page(request, "job.html.j2", error="", **values)
