"""The pages over the state database: the ranked list, a candidate, the original file, compare, decide."""

from __future__ import annotations

import mimetypes
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from screener.output.blind import blind_decision, blind_list_row, blind_record, blind_records
from screener.record import Record
from screener.run.decisions import all_decisions, decision_for, export, record_decision, with_decisions
from screener.run.errors import UsageError
from screener.run.state import RunRow
from screener.web import listing
from screener.web.context import AppState, page
from screener.web.data import decisions_of, inside, record_at
from screener.web.evidence import evidence
from screener.web.security import check_csrf

MAX_COMPARE = 3
REVIEWER_COOKIE = "screener_reviewer"


def _app(request: Request) -> AppState:
    app: AppState = request.app.state.screener
    return app


def _run_or_404(app: AppState) -> RunRow:
    run = app.run()
    if run is None:
        raise HTTPException(404, "Nothing has been screened yet: drop resumes on the list page.")
    return run


def _list_page(app: AppState, params: Any) -> dict[str, Any]:
    run = app.run()
    q = listing.Query.from_params(params)
    if app.config.blind:  # no search or sort by who they are: a search for a name would say who is here
        q = replace(q, names=False, sort="rank" if q.sort in ("candidate", "file") else q.sort)
    if run is None:
        return {"run": None, "page": listing.Page([], 0, q), "choices": {}}
    result = listing.query(app.state(), run["id"], q, app.total(run["id"], q))
    app.keep_total(run["id"], q, result.total)
    if app.config.blind:
        result.rows = [blind_list_row(r) for r in result.rows]
    return {"run": run, "page": result, "choices": app.filter_choices(run["id"]), "preparing": bool(app.building)}


async def ranked(request: Request) -> Response:
    app = _app(request)
    values = await run_in_threadpool(_list_page, app, request.query_params)
    q: listing.Query = values["page"].query

    def link(**changes: Any) -> str:
        params = {"profile": q.profile, "specialty": q.specialty, "flag": q.flag, "status": q.status,
                  "decision": q.decision, "q": q.search, "sort": q.sort, "desc": "1" if q.desc else "",
                  "page": q.page, "size": q.size}
        params.update(changes)
        return "/?" + urlencode({k: v for k, v in params.items() if v not in ("", None)})

    return page(request, "list.html.j2", link=link, sorts=listing.SORTS, sizes=listing.PAGE_SIZES, **values)


def _candidate(app: AppState, position: int) -> dict[str, Any]:
    state = app.state()
    run = _run_or_404(app)
    rec = record_at(state, run, position)
    if rec is None:
        raise HTTPException(404, "No such candidate in the latest run.")
    row = listing.row_of(state, run["id"], position) or {}
    original = inside(app.config.inbox, rec.file) is not None and not app.config.blind
    history = decisions_of(state, rec)
    if app.config.blind:
        rec, row, history = blind_record(rec), blind_list_row(row), [blind_decision(d) for d in history]
    return {"run": run, "rec": rec, "position": position, "row": row, "ev": evidence(rec, run["as_of"]),
            "history": history, "original": original}


async def candidate(request: Request) -> Response:
    values = await run_in_threadpool(_candidate, _app(request), request.path_params["position"])
    return page(request, "candidate.html.j2", reviewer=request.cookies.get(REVIEWER_COOKIE, ""), **values)


def _original_path(app: AppState, position: int) -> Path:
    if app.config.blind:
        raise HTTPException(404, "Original files are not shown in blind mode.")
    run = _run_or_404(app)
    row = app.state().db.execute("SELECT path FROM run_files WHERE run_id = ? AND position = ?",
                                 (run["id"], position)).fetchone()
    found = inside(app.config.inbox, row["path"]) if row else None
    if found is None:
        raise HTTPException(404, "The original file is not in the inbox.")
    return found


async def original(request: Request) -> Response:
    """The original resume, from the inbox only: a PDF shown inline, every other type downloaded."""
    path = await run_in_threadpool(_original_path, _app(request), request.path_params["position"])
    if path.suffix.lower() == ".pdf":
        return FileResponse(path, media_type="application/pdf", content_disposition_type="inline",
                            filename=path.name)
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or "html" in kind or "xml" in kind or "svg" in kind:
        kind = "application/octet-stream"  # never rendered by the browser
    return FileResponse(path, media_type=kind, filename=path.name, content_disposition_type="attachment")


def _compare(app: AppState, positions: list[int]) -> dict[str, Any]:
    state = app.state()
    run = _run_or_404(app)
    shown: list[dict[str, Any]] = []
    for p in positions[:MAX_COMPARE]:
        rec = record_at(state, run, p)
        if rec is not None and app.config.blind:
            rec = blind_record(rec)
        if rec is not None:
            shown.append({"position": p, "rec": rec, "ev": evidence(rec, run["as_of"]),
                          "row": listing.row_of(state, run["id"], p) or {}})
    tools = sorted({t.name for c in shown for t in c["rec"].tools if t.column in ("A", "B")},
                   key=lambda n: (min(_column(c["rec"], n) for c in shown), n.casefold()))
    parts = list(dict.fromkeys(p.name for c in shown for p in c["rec"].score_parts))
    return {"run": run, "shown": shown, "tools": tools, "parts": parts}


def _column(rec: Record, name: str) -> str:
    return next((t.column for t in rec.tools if t.name == name), "Z")


async def compare(request: Request) -> Response:
    try:
        positions = [int(p) for p in request.query_params.getlist("p")]
    except ValueError as exc:
        raise HTTPException(400, "Choose candidates from the list to compare.") from exc
    if len(positions) < 2:
        raise HTTPException(400, "Choose two or three candidates from the list to compare (tick their boxes).")
    values = await run_in_threadpool(_compare, _app(request), positions)
    return page(request, "compare.html.j2", **values)


def _decide(app: AppState, position: int, form: dict[str, str]) -> None:
    state = app.state()
    run = _run_or_404(app)
    rec = record_at(state, run, position)
    if rec is None:
        raise HTTPException(404, "No such candidate in the latest run.")
    try:
        row = decision_for(rec, form.get("decision", ""), form.get("reason", ""), form.get("note", ""),
                           form.get("reviewer", ""), run["id"])
    except UsageError as exc:
        raise HTTPException(400, str(exc)) from exc
    record_decision(state, row)


async def decide(request: Request) -> Response:
    form = await request.form()
    check_csrf(request, form)
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    position = request.path_params["position"]
    await run_in_threadpool(_decide, _app(request), position, values)
    back = values.get("back", "")
    target = back if back.startswith("/") and not back.startswith("//") else f"/c/{position}"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(REVIEWER_COOKIE, values.get("reviewer", "")[:200], samesite="strict", httponly=True)
    return response


async def export_decisions(request: Request) -> Response:
    fmt = request.path_params["fmt"]
    if fmt not in ("csv", "json"):
        raise HTTPException(404, "The decisions export is decisions.csv or decisions.json.")
    app = _app(request)
    rows = all_decisions(app.state())
    text = await run_in_threadpool(export, [blind_decision(r) for r in rows] if app.config.blind else rows, fmt)
    kind = "text/csv" if fmt == "csv" else "application/json"
    return Response(text, media_type=f"{kind}; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="decisions.{fmt}"'})


def _ranked_csv(app: AppState) -> str:
    from screener.output.csv import render_csv

    state = app.state()
    run = _run_or_404(app)
    count = state.db.execute("SELECT count(*) FROM run_files WHERE run_id = ?", (run["id"],)).fetchone()[0]
    records = with_decisions(state, [r for p in range(count) if (r := record_at(state, run, p)) is not None])
    return render_csv(blind_records(records) if app.config.blind else records)


async def ranked_csv(request: Request) -> Response:
    text = await run_in_threadpool(_ranked_csv, _app(request))
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="ranked.csv"'})
