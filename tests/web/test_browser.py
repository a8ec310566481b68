"""The app in a real browser: headless Chromium driven through the DevTools protocol (no browser download).

`screener serve` runs in a subprocess on a free localhost port, as a recruiter starts it. The test does
what the recruiter does: drops three resumes and a zip, waits for the screen, reads the ranking (it must
be the CSV's), opens a candidate and the original PDF, compares two, shortlists one with a reason,
declines another, reloads, finds the decisions kept, exports them. A screenshot of each step is saved
under the test's temporary folder.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from support.paths import AS_OF, FIXTURE_PDFS, FIXTURES, ROOT
from test_report import Page
from test_report import browser as browser  # noqa: F401 - the module's Chromium, reused

from screener.cli import main

DROPPED = [FIXTURE_PDFS / n for n in ("01_ai_strong.pdf", "08_ml_strong.pdf", "13_research_only.pdf")]
ZIP = FIXTURES / "inbox" / "two_resumes.zip"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[dict[str, Any]]:
    inbox, state, port = tmp_path / "inbox", tmp_path / "state.db", _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "screener", "serve", str(inbox), "--state", str(state), "--port", str(port),
         "--as-of", AS_OF, "-q"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode() if proc.stdout else ""
                pytest.fail(f"screener serve did not start: {out}")
            time.sleep(0.1)
        yield {"url": f"http://127.0.0.1:{port}", "inbox": inbox, "state": state}
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def wait_for(page: Page, expression: str, seconds: float = 120) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = page.js(expression)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {expression}: {page.errors()}")


def settle(page: Page, path_start: str) -> None:
    """After a click that navigates: wait for the new page to be ready."""
    wait_for(page, f"location.pathname.startsWith({json.dumps(path_start)}) && document.readyState === 'complete'"
                   " && document.documentElement.getAttribute('data-ready') === 'true'")


def drop_files(page: Page, files: list[Path]) -> None:
    """Choose files in the page's file input, as a recruiter does from the file dialog."""
    dt = page.dt
    root = dt.call("DOM.getDocument")["root"]["nodeId"]
    node = dt.call("DOM.querySelector", nodeId=root, selector="#pick-files")["nodeId"]
    dt.call("DOM.setFileInputFiles", nodeId=node, files=[str(f) for f in files])


ROWS_JS = """Array.from(document.querySelectorAll('#ranked tbody tr[data-position]')).map(r => ({
  rank: r.querySelector('.rank').textContent.trim(), score: r.querySelector('.score').textContent.trim(),
  name: r.querySelector('.name a').textContent.trim(), status: r.dataset.status,
  decision: r.querySelector('.decision').textContent.trim(), position: r.dataset.position}))"""


def the_csv(server: dict[str, Any], tmp_path: Path) -> list[dict[str, str]]:
    """What `screener screen` writes for the same files, without the app's state."""
    from screener.web.uploads import inbox_paths

    out = tmp_path / "ranked.csv"
    res = CliRunner().invoke(main, ["screen", *inbox_paths(server["inbox"]), "-o", str(out), "--no-state",
                                    "--as-of", AS_OF, "-q"])
    assert res.exit_code == 0, res.output
    return list(csv.DictReader(out.open(encoding="utf-8")))


def decide(page: Page, decision: str, reason: str, note: str, shots: Path, name: str) -> None:
    page.click(f"input[name=decision][value={decision}]")
    page.js(f"(function(){{var s=document.querySelector('select[name=reason]');s.value={json.dumps(reason)};"
            "s.dispatchEvent(new Event('change'));})()")
    page.click("input[name=note]")
    page.type(note)
    page.js("document.querySelector('input[name=reviewer]').value = ''")
    page.click("input[name=reviewer]")
    page.type("Kim Recruiter")
    page.screenshot(shots / f"{name}-form.png")
    page.click("#decide-form button[type=submit]")
    wait_for(page, f"document.querySelector('#history') && document.querySelector('#history').textContent"
                   f".includes({json.dumps(decision)})")


# long: one recruiter's session from the first drop to the export, step by step, each with its screenshot
def test_a_recruiters_session(browser: Page, server: dict[str, Any], tmp_path: Path) -> None:  # noqa: F811
    shots = tmp_path / "shots"
    shots.mkdir()
    url = server["url"]
    browser.open(url + "/")
    browser.screenshot(shots / "01-empty.png")
    # 1. Drop three resumes and a zip; wait for the live progress to finish.
    browser.click("label.add")
    drop_files(browser, [*DROPPED, ZIP])
    wait_for(browser, "document.documentElement.getAttribute('data-upload') === 'done'", 240)
    progress = browser.js("document.getElementById('progress-text').textContent")
    assert progress.startswith("Done:"), progress
    browser.screenshot(shots / "02-screened.png")
    # 2. The list is the CSV's ranking.
    browser.click("#reload")
    settle(browser, "/")
    rows = browser.js(ROWS_JS)
    expected = the_csv(server, tmp_path)
    assert len(rows) == len(expected) >= 5
    ranked = [(r["rank"], r["fit_score"], r["candidate"] or Path(r["file"]).name) for r in expected if r["rank"]]
    assert [(r["rank"], r["score"], r["name"]) for r in rows[:len(ranked)]] == ranked
    assert browser.js("document.getElementById('ranked').getBoundingClientRect().top") < 250  # the list first
    browser.screenshot(shots / "03-list.png")
    # 3. A candidate's evidence.
    browser.click("#ranked tbody tr[data-position] .name a")
    settle(browser, "/c/")
    assert browser.js("document.getElementById('name').textContent") == ranked[0][2]
    assert browser.js("document.querySelectorAll('.toollist li').length") > 3
    assert browser.js("document.querySelectorAll('.timeline .barfill.llm').length") >= 1
    browser.screenshot(shots / "04-candidate.png")
    # 4. The original PDF, inline.
    href = browser.js("document.getElementById('original').getAttribute('href')")
    head = browser.js(f"fetch({json.dumps(href)}).then(r => r.arrayBuffer().then(b => [r.status, "
                      "r.headers.get('content-type'), r.headers.get('content-disposition'), "
                      "String.fromCharCode.apply(null, new Uint8Array(b.slice(0, 5)))]))")
    assert head[0] == 200 and head[1] == "application/pdf" and head[2].startswith("inline") and head[3] == "%PDF-"
    # 5. Shortlist it with a reason.
    decide(browser, "shortlist", "strong-evidence", "Shipped RAG with evals", shots, "05-shortlist")
    browser.screenshot(shots / "05-shortlisted.png")
    # 6. Compare the first two.
    browser.open(url + "/")
    browser.click("#ranked tbody tr:nth-child(1) input[type=checkbox]")
    browser.click("#ranked tbody tr:nth-child(2) input[type=checkbox]")
    browser.click("#compare-button")
    settle(browser, "/compare")
    heads = browser.js("Array.from(document.querySelectorAll('#compare thead th a')).map(a => a.textContent)")
    assert heads == [rows[0]["name"], rows[1]["name"]]
    browser.screenshot(shots / "06-compare.png")
    # 7. Decline the second.
    browser.open(f"{url}/c/{rows[1]['position']}")
    decide(browser, "decline", "stack-mismatch", "Production ML, not LLM-applied", shots, "07-decline")
    # 8. Reload the list: the decisions are kept.
    browser.open(url + "/")
    after = browser.js(ROWS_JS)
    assert [r["decision"] for r in after[:2]] == ["shortlist", "decline"]
    assert {r["decision"] for r in after[2:]} == {""}
    browser.screenshot(shots / "08-decided.png")
    # 9. Export them: the human-oversight record.
    text = browser.js("fetch('/decisions.csv').then(r => r.text())")
    exported = list(csv.DictReader(io.StringIO(text)))
    assert [(d["candidate"], d["decision"], d["reason"], d["reviewer"], d["rank"]) for d in exported] == [
        (rows[0]["name"], "shortlist", "strong-evidence", "Kim Recruiter", "1"),
        (rows[1]["name"], "decline", "stack-mismatch", "Kim Recruiter", "2")]
    res = CliRunner().invoke(main, ["decisions", "--state", str(server["state"])])
    assert res.output == text
    # The original PDF opened in the browser, last (Chromium's viewer replaces the page).
    browser.dt.call("Page.navigate", url=url + href)
    time.sleep(1.0)
    browser.screenshot(shots / "09-original.png")
    assert sorted(p.name for p in shots.iterdir()) == [
        "01-empty.png", "02-screened.png", "03-list.png", "04-candidate.png", "05-shortlist-form.png",
        "05-shortlisted.png", "06-compare.png", "07-decline-form.png", "08-decided.png", "09-original.png"]
