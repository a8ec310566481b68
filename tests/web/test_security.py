"""The app as a web app on a recruiter's laptop must be: localhost or a token, CSRF on every POST, no file
from outside the inbox, resume text never markup, upload names that cannot escape the inbox."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient
from support.paths import FIXTURE_PDFS

from screener.web.app import AppConfig, create_app
from screener.web.security import Access
from tests.web.conftest import HOSTILE

LOCAL = "http://127.0.0.1:8023"


def client(made: dict[str, Any], host: str = "127.0.0.1", base: str = LOCAL) -> TestClient:
    config = AppConfig(made["inbox"], made["state"], Access.for_host(host), as_of="2026-11-01", executor="serial")
    return TestClient(create_app(config), base_url=base, follow_redirects=False)


def csrf(c: TestClient) -> str:
    """The token the app writes into its pages (another site cannot read them)."""
    found = re.search(r'<meta name="csrf" content="([^"]+)">', c.get("/").text)
    assert found
    return found.group(1)


def test_every_answer_carries_the_policy(made: dict[str, Any]) -> None:
    r = client(made).get("/")
    assert r.status_code == 200
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/file/..%2F..%2Fsecret.pdf", "/file/-1", "/file/99", "/file/0%2F..%2F..",
                                  "/static/..%2F..%2F..%2Fstate.db", "/static/../app.py"])
def test_the_file_route_cannot_leave_the_inbox(made: dict[str, Any], path: str) -> None:
    r = client(made).get(path)
    assert r.status_code == 404
    assert b"secret" not in r.content


def test_originals_come_from_the_inbox_only(made: dict[str, Any]) -> None:
    c = client(made)
    pdf = c.get("/file/0")
    assert (pdf.status_code, pdf.headers["content-type"]) == (200, "application/pdf")
    assert pdf.headers["content-disposition"].startswith("inline")
    docx = c.get("/file/1")  # any other type is a download, never rendered
    assert docx.status_code == 200 and docx.headers["content-disposition"].startswith("attachment")
    # A run's path outside the inbox, a symlink out of it, a path with '..': refused.
    for position in (2, 3, 4):
        r = c.get(f"/file/{position}")
        assert r.status_code == 404 and b"secret" not in r.content
    page = c.get("/c/2").text
    assert "the original is not in the inbox" in page


def test_a_hostile_resume_is_text_everywhere(made: dict[str, Any]) -> None:
    c = client(made)
    pages = [c.get("/").text, c.get("/c/0").text, c.get("/compare?p=0&p=1").text]
    for text in pages:
        assert HOSTILE not in text
        assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in pages[1]
    assert 'href="javascript:' not in pages[1]  # a link that is not http(s) is shown as text


def test_a_post_without_the_csrf_token_is_refused(made: dict[str, Any]) -> None:
    c = client(made)
    token = csrf(c)
    form = {"decision": "shortlist", "reason": "strong-evidence", "reviewer": "Kim", "note": ""}
    assert c.post("/decide/1", data=form).status_code == 403
    assert c.post("/decide/1", data={**form, "csrf": "forged"}).status_code == 403
    pdf = {"files": ("a.pdf", b"%PDF-1.4", "application/pdf")}
    assert c.post("/upload", files=pdf).status_code == 403
    assert c.post("/job", data={"text": "AI engineer"}).status_code == 403
    # With the token but from another site: refused too.
    evil = {"Origin": "https://evil.example"}
    assert c.post("/decide/1", data={**form, "csrf": token}, headers=evil).status_code == 403
    assert c.get("/decisions.json").json() == []
    ok = c.post("/decide/1", data={**form, "csrf": token})
    assert ok.status_code == 303
    assert [d["decision"] for d in c.get("/decisions.json").json()] == ["shortlist"]


def test_localhost_answers_only_to_localhost_names(made: dict[str, Any]) -> None:
    c = client(made)
    assert c.get("/", headers={"Host": "rebind.evil.example:8023"}).status_code == 400
    assert c.get("/", headers={"Host": "localhost:8023"}).status_code == 200


def test_beyond_localhost_every_request_needs_the_token(made: dict[str, Any]) -> None:
    c = client(made, host="0.0.0.0", base="http://192.0.2.7:8023")
    token = c.app.state.screener.config.access.token  # type: ignore[attr-defined]
    assert token and len(token) >= 24
    for path in ("/", "/c/0", "/file/0", "/decisions.csv", "/static/app.js"):
        assert c.get(path).status_code == 401, path
    assert c.get("/?token=wrong").status_code == 401
    assert c.get("/", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    first = c.get(f"/c/0?token={token}")
    assert first.status_code == 303 and first.headers["location"] == "/c/0"  # the token leaves the address bar
    assert c.get("/c/0").status_code == 200  # now by its HttpOnly cookie


def _wait(c: TestClient, job: int) -> list[dict[str, Any]]:
    with c.stream("GET", f"/events/{job}") as r:
        text = "".join(r.iter_text())
    return [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]


def test_upload_names_cannot_escape_the_inbox(made: dict[str, Any]) -> None:
    c = client(made)
    token = csrf(c)
    pdf = (FIXTURE_PDFS / "05_frontend.pdf").read_bytes()
    files = [("files", ("../../escape.pdf", pdf, "application/pdf")),
             ("files", ("..\\..\\win.pdf", pdf, "application/pdf")),
             ("files", ("/etc/cron.d/x.pdf", pdf, "application/pdf")),
             ("files", ("run.sh", b"#!/bin/sh\nrm -rf /", "text/x-sh")),
             ("files", ("empty.pdf", b"", "application/pdf"))]
    r = c.post("/upload", files=files, headers={"X-CSRF-Token": token})
    assert r.status_code == 200
    body = r.json()
    assert body["saved"] == ["escape.pdf", "win.pdf", "x.pdf"]
    assert {x["name"] for x in body["refused"]} == {"run.sh", "empty.pdf"}
    uploads = made["inbox"] / "uploads"
    assert sorted(p.name for p in uploads.iterdir()) == ["escape.pdf", "win.pdf", "x.pdf"]
    assert not (made["tmp"] / "escape.pdf").exists() and not (made["inbox"].parent.parent / "escape.pdf").exists()
    assert all(not p.stat().st_mode & 0o111 for p in uploads.iterdir())
    messages = _wait(c, body["job"])
    assert messages[-1]["kind"] == "finished", messages
    time.sleep(0)


def test_a_file_dropped_twice_keeps_both(made: dict[str, Any]) -> None:
    from screener.web.uploads import save

    folder: Path = made["tmp"] / "drops"
    assert save(folder, "cv.pdf", b"1").name == "cv.pdf"
    assert save(folder, "cv.pdf", b"2").name == "cv (2).pdf"
    assert (folder / "cv.pdf").read_bytes() == b"1"


def test_a_nightly_run_holding_the_lock_makes_the_app_wait_and_say_so(made: dict[str, Any]) -> None:
    from screener.run.lock import acquire, lock_path_for
    from screener.web.runs import _jobs

    c = client(made)
    lock = acquire(lock_path_for(made["state"]))
    try:
        job = _jobs(c.app.state.screener).start()  # type: ignore[attr-defined]
        deadline = time.monotonic() + 60
        while not any(m["kind"] == "waiting" for m in job.messages):
            assert time.monotonic() < deadline, job.messages
            time.sleep(0.05)
        waiting = next(m for m in job.messages if m["kind"] == "waiting")
        assert "another screener run" in waiting["message"] and "Waiting" in waiting["message"]
        assert not job.done
    finally:
        lock.release()
    deadline = time.monotonic() + 120
    while not job.done:
        assert time.monotonic() < deadline, job.messages
        time.sleep(0.1)
    assert job.messages[-1]["kind"] == "finished", job.messages
