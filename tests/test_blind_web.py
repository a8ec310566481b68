"""`screener serve --blind` (issue 22): the list and every candidate page show ids, never who the candidate is."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner
from support.paths import AS_OF, FIXTURE_PDFS
from test_blind import _schools as schools

from screener.cli import main
from screener.output.blind import candidate_id
from screener.web.app import AppConfig, create_app
from screener.web.security import Access

pytestmark = pytest.mark.filterwarnings("ignore:.*httpx.*")

if TYPE_CHECKING:
    from starlette.testclient import TestClient

FILES = ("01_ai_strong.pdf", "08_ml_strong.pdf", "13_research_only.pdf", "35_bilingual_heading.pdf")


@pytest.fixture(scope="module")
def screened(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("web")
    inbox = base / "inbox"
    inbox.mkdir()
    for name in FILES:
        (inbox / name).write_bytes((FIXTURE_PDFS / name).read_bytes())
    state = base / "state.db"
    out = base / "r.jsonl"
    result = CliRunner().invoke(main, ["screen", str(inbox), "-o", str(out), "--state", str(state), "--as-of", AS_OF,
                                       "-q", "--executor", "serial"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {"inbox": inbox, "state": state, "records": records}


def _client(s: dict[str, Any], blind: bool) -> TestClient:
    from starlette.testclient import TestClient  # imported in a test, under the filter: its httpx warning is noise

    config = AppConfig(s["inbox"], s["state"], Access.for_host("127.0.0.1"), as_of=AS_OF, executor="serial",
                       blind=blind)
    return TestClient(create_app(config), base_url="http://127.0.0.1:8023", follow_redirects=False)


def _who(records: list[dict[str, Any]]) -> list[str]:
    values = []
    for r in records:
        values += [r["candidate"], r["email"], r["phone"], *r["links"], Path(r["file"]).name, r["location"]]
        values += [s for role in r["roles"] if role["kind"] == "education" for s in schools(role["title"],
                                                                                           role["organization"])]
    return [v for v in values if v and len(v) > 3]


def _leaks(text: str, records: list[dict[str, Any]]) -> list[str]:
    return [v for v in _who(records) if v.casefold() in text.casefold()]


def test_the_app_names_candidates_without_blind(screened: dict[str, Any]) -> None:
    page = _client(screened, blind=False).get("/").text
    assert "Maya Chen" in page  # the control: the same page names them when not blind


def test_the_list_and_every_candidate_page_show_ids_only(screened: dict[str, Any]) -> None:
    c = _client(screened, blind=True)
    records = screened["records"]
    ids = [candidate_id(r["sha256"]) for r in records]
    listing = c.get("/")
    assert listing.status_code == 200 and _leaks(listing.text, records) == []
    assert all(i in listing.text for i in ids)
    for position, ident in enumerate(ids):
        page = c.get(f"/c/{position}")
        assert page.status_code == 200
        assert _leaks(page.text, records) == [], position
        assert re.search(rf'<h1 id="name">{ident}</h1>', page.text)
        assert 'id="original"' not in page.text
        assert c.get(f"/file/{position}").status_code == 404
    compare = c.get("/compare?p=0&p=1&p=2")
    assert compare.status_code == 200 and _leaks(compare.text, records) == []
    csv = c.get("/ranked.csv")
    assert csv.status_code == 200 and _leaks(csv.text, records) == [] and ids[0] in csv.text


def test_no_search_finds_a_name_and_decisions_follow_the_id(screened: dict[str, Any]) -> None:
    c = _client(screened, blind=True)
    records = screened["records"]
    assert 'data-total="0"' in c.get("/?q=Maya").text
    assert 'data-total="1"' in c.get("/?q=Braintrust").text
    token = re.search(r'<meta name="csrf" content="([^"]+)">', c.get("/").text)
    assert token is not None
    form = {"csrf": token.group(1), "decision": "shortlist", "reason": "strong-evidence",
            "note": "Maya Chen (maya.chen@example.com) was great", "reviewer": "Sam"}
    posted = c.post("/decide/0", data=form)
    assert posted.status_code == 303, posted.text
    page = c.get("/c/0").text
    assert "shortlist" in page and _leaks(page, records) == []
    export = c.get("/decisions.csv").text
    assert candidate_id(records[0]["sha256"]) in export and _leaks(export, records) == []
    assert "Maya Chen" in _client(screened, blind=False).get("/decisions.csv").text  # kept, only not shown
