"""The typed record: JSON in and out without a byte changing, old records read back, the documented key order."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from typing import Any

import pytest
from support import ROOT

from screener.model import Screening
from screener.record import CSV_COLUMNS, RECORD_SCHEMA_VERSION, Record, RoleRecord, ToolRecord
from screener.run.runner import rank


def _dumps(d: dict[str, Any]) -> str:
    return json.dumps(d, ensure_ascii=False)


def test_every_fixture_screen_goes_through_json_and_back_unchanged(fixture_screens: dict[str, Screening]) -> None:
    for name, s in fixture_screens.items():
        rec = Record.from_screening(s)
        text = _dumps(rec.to_json())
        back = Record.from_json(json.loads(text))
        assert back == rec, name
        assert _dumps(back.to_json()) == text, name  # the same bytes: int stays int, float stays float


def test_ranked_records_keep_their_rank_and_duplicates_their_note(fixture_screens: dict[str, Screening]) -> None:
    ranked = rank(list(fixture_screens.values()))
    assert [r.rank for r in ranked if r.status == "ok"] == list(range(1, 1 + sum(r.status == "ok" for r in ranked)))
    for r in ranked:
        assert Record.from_json(json.loads(_dumps(r.to_json()))) == r
    dup = ranked[0].as_duplicate("Duplicate of x.pdf (same email), which is ranked instead.")
    assert (dup.status, dup.rank, dup.notes, dup.reason) == ("duplicate", None, dup.notes, dup.notes)


def test_the_csv_cells_are_the_csv_columns_of_the_json(fixture_screens: dict[str, Screening]) -> None:
    for s in fixture_screens.values():
        rec = Record.from_screening(s, rank=3)
        d = rec.to_json()
        assert [list(v) if isinstance(v, tuple) else v for v in rec.cells()] == [d[c] for c in CSV_COLUMNS]


def test_a_record_stored_by_an_older_version_loads_with_defaults() -> None:
    old = {"file": "a.pdf", "status": "ok", "fit_score": 61, "red_flags": ["title-mismatch"],
           "roles": [{"title": "Engineer", "start": "2024-01"}], "tools": [{"name": "LangChain", "found": [{}]}]}
    rec = Record.from_json(old)
    assert (rec.file, rec.status, rec.fit_score, rec.red_flags) == ("a.pdf", "ok", 61, ("title-mismatch",))
    assert rec.rank is None and rec.links == () and rec.column_a == 0.0 and rec.flags == ()
    assert rec.roles[0] == RoleRecord("Engineer", "", "", "", "", "2024-01", None, "", 0, False, False, 0, ())
    assert isinstance(rec.tools[0], ToolRecord) and rec.tools[0].found[0].role is None
    assert list(rec.to_json()) == list(Record().to_json())  # every key present again, in order


def test_null_and_mistyped_values_take_defaults_never_an_exception() -> None:
    keys = list(Record().to_json())
    nulls = Record.from_json(dict.fromkeys(keys))
    assert nulls.rank is None and nulls.candidate == "" and nulls.roles == () and nulls.status == "error"
    odd = Record.from_json({"rank": "1", "fit_score": "high", "links": "https://x", "llm_tenure_months": 12.0,
                            "column_a_share": True, "candidate": 7, "roles": ["not an object", {"months": "3"}],
                            "flags": {"code": "x"}, "tools": [{"weight": None, "found": None}]})
    assert (odd.rank, odd.fit_score, odd.links, odd.llm_tenure_months) == (None, None, (), 12)
    assert odd.column_a_share is None and odd.candidate == "7" and odd.flags == ()
    assert len(odd.roles) == 1 and odd.roles[0].months == 0
    assert odd.tools[0].weight == 0.0 and odd.tools[0].found == ()
    assert Record.from_json({}) == Record(status="error")


def test_the_schema_version_is_set_and_the_fields_are_the_json_keys() -> None:
    assert RECORD_SCHEMA_VERSION == 1
    assert [f.name for f in fields(Record)] == list(Record().to_json())


# --------------------------------------------------------------------------- the README's "The JSONL form"


def _readme_jsonl() -> tuple[list[str], list[str]]:
    """The CSV column table's names in order, and the JSONL section's bullets."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## The JSONL form", 1)[1].split("\n## ", 1)[0]
    table = text.split("## The JSONL form", 1)[0]
    columns: list[str] = []
    for line in table.splitlines():
        m = re.match(r"\| (`[a-z_0-9]+`(?:, `[a-z_0-9]+`)*) \|", line)
        if m:
            columns += re.findall(r"`([a-z_0-9]+)`", m.group(1))
    bullets = re.findall(r"^- (.*?)(?=^- |^\n|\Z)", section, flags=re.S | re.M)
    return columns, bullets


def _documented(bullet: str, keys: list[str]) -> list[str]:
    """The names of `keys` that a bullet mentions, in the order it first mentions them."""
    seen: list[str] = []
    for name in re.findall(r"`([a-z_0-9]+)`", bullet):
        if name in keys and name not in seen:
            seen.append(name)
    return seen


def test_the_json_keys_are_in_the_order_the_readme_documents(fixture_screens: dict[str, Screening]) -> None:
    columns, bullets = _readme_jsonl()
    d = Record.from_screening(fixture_screens["01_ai_strong.pdf"]).to_json()
    keys = list(d)
    assert columns == list(CSV_COLUMNS) == keys[:len(CSV_COLUMNS)]
    documented = list(columns)
    for b in bullets:
        names = re.findall(r"`([a-z_0-9]+)`", b)
        # "- `role`, `reason`, ...": a list of keys; "- `roles`: each role (...)": one key and its parts
        documented += names if ":" not in b.split("`", 3)[2][:2] else names[:1]
    assert documented == keys
    by_key = {re.findall(r"`([a-z_0-9]+)`", b)[0]: b for b in bullets}
    role, tool = d["roles"][0], d["tools"][0]
    assert _documented(by_key["roles"], list(role)) == list(role)
    assert _documented(by_key["tools"], list(tool)) == list(tool)
    assert _documented(by_key["tools"], list(tool["found"][0])) == list(tool["found"][0])
    flag_keys = list(Record.from_screening(fixture_screens["13_research_only.pdf"]).to_json()["flags"][0])
    assert _documented(by_key["flags"], flag_keys) == [k for k in flag_keys if k != "code"]


@pytest.mark.parametrize("name", ["92_empty.pdf", "93_not_a_pdf.pdf"])
def test_an_unread_file_has_no_figures(name: str, fixture_screens: dict[str, Screening]) -> None:
    d = Record.from_screening(fixture_screens[name]).to_json()
    assert d["fit_score"] is None and d["llm_tenure_months"] is None and d["notes"] == d["reason"] != ""
