"""The HTML report: escaping, offline, size, counts, the saved-screen loaders, and a real browser.

The browser tests drive headless Chromium over the DevTools protocol with a small
WebSocket client written here (standard library only): no network, no driver download.
They skip when Chromium is not installed, and fail when the CI variable is set and it is
missing. Set SCREENER_CHROMIUM to use another binary.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import csv
import hashlib
import html
import io
import json
import os
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from support import AS_OF, FIXTURE_PDFS

from screener.output.csv import render_csv
from screener.output.jsonl import render_jsonl
from screener.output.report import FLAG_MEANINGS, render_html, run_info, script_json
from screener.output.report.labels import display_name
from screener.record import Record
from screener.run.saved import ReportError, load_records

HOSTILE_NAME = "<script>window.__pwned=1</script>Eve \"Mallory\" O'Hack"
HOSTILE_LINE = ("Built </script><script>window.__pwned=2</script> RAG with LangChain "
                "<img src=x onerror=\"window.__pwned=3\">")
HOSTILE_TITLE = "<img src=x onerror=window.__pwned=4> Staff AI Engineer \u2028 & more"


# --------------------------------------------------------------------------- records to draw


def _found(line: int, text: str, place: str = "role", role: int | None = 0, alias: str = "") -> dict[str, Any]:
    return {"alias": alias, "place": place, "section": "experience" if place == "role" else place, "role": role,
            "line": line, "text": text, "fuzzy": False}


_WORDS = ("built", "shipped", "owned", "designed", "migrated", "reduced", "improved", "scaled", "launched", "led",
          "automated", "evaluated", "retrieval", "agents", "pipeline", "service", "platform", "latency", "cost",
          "accuracy", "recall", "precision", "throughput", "users", "requests", "documents", "tickets",
          "customers", "support", "search", "ranking", "recommendations", "fraud", "forecasting", "embeddings",
          "vector", "index", "prompts", "evals", "guardrails", "tracing", "observability", "monitoring", "drift",
          "retraining", "features", "training", "inference", "serving", "batch", "streaming", "kubernetes",
          "terraform", "python", "typescript", "postgres", "redis", "kafka", "airflow", "spark", "dashboards",
          "experiments", "rollout", "on-call", "incidents", "reliability", "compliance", "healthcare", "fintech",
          "logistics", "marketplace", "insurance", "legal", "contracts", "invoices", "claims", "chat", "voice",
          "copilot", "summaries", "extraction", "classification", "routing", "caching", "distillation",
          "finetuning", "quantization", "gpu", "team", "mentored", "hired", "roadmap", "stakeholders", "product",
          "design", "reviews", "quarterly", "weekly", "daily", "global")
_TOOLS_A = ("LangChain", "LangGraph", "LlamaIndex", "Pinecone", "LangSmith", "Braintrust", "OpenAI API", "Claude",
            "Helicone", "Weaviate", "pgvector", "DSPy", "RAG", "LLM evals", "Guardrails", "vLLM")
_TOOLS_B = ("PyTorch", "MLflow", "Ray", "XGBoost", "Triton", "Tecton", "Feast", "Kubeflow", "Evidently",
            "LightGBM", "TensorFlow", "SageMaker")
_CATEGORIES = ("agent-framework", "vector-db", "eval", "observability", "llm-provider", "practice", "training",
               "serving", "feature-store", "monitoring")


def synthetic(i: int) -> dict[str, Any]:
    """A record shaped like a real one of a busy resume, with varied text (it compresses like prose).

    4 dated roles, 10-16 tools, about 10 cited lines of 80-120 characters, a flag in one of three.
    """
    rnd = random.Random(i)

    def sentence(lo: int, hi: int, *must: str) -> str:
        words = [rnd.choice(_WORDS) for _ in range(rnd.randint(lo, hi))]
        for w in must:
            words.insert(rnd.randrange(len(words) + 1), w)
        words.insert(rnd.randrange(len(words) + 1), f"{rnd.randint(2, 95)}%")
        return " ".join(words).capitalize()

    col_a = rnd.sample(_TOOLS_A, rnd.randint(6, 10))
    col_b = rnd.sample(_TOOLS_B, rnd.randint(3, 6))
    line_of = {}
    lines = {}
    for k, name in enumerate(col_a + col_b):
        ln = 10 + k % 10
        line_of[name] = ln
        lines.setdefault(ln, []).append(name)
    texts = {ln: sentence(10, 15, *names[:2]) for ln, names in lines.items()}
    skills = "Skills: " + ", ".join(col_a + col_b)
    tools = []
    for k, name in enumerate(col_a + col_b):
        ln = line_of[name]
        found = [_found(ln, texts[ln], alias=name)]
        if k % 2 == 0:
            found.append(_found(40, skills, place="skills", role=None, alias=name))
        tools.append({"name": name, "kind": "tool", "column": "A" if name in col_a else "B",
                      "category": rnd.choice(_CATEGORIES), "weight": rnd.choice((0.5, 1.0, 2.0, 3.0)),
                      "months": rnd.randint(0, 60), "last_used": f"2026-{rnd.randint(1, 10):02d}", "found": found})
    flags = []
    if i % 3 == 0:
        quoted = [texts[ln] for ln in sorted(texts)[:2]]
        flags.append({"code": "no-measured-outcomes", "reason": "no LLM-applied role states a measured result",
                      "lines": sorted(texts)[:2], "quote": quoted})
    profile = ("ai-engineer", "ml-engineer", "hybrid", "none")[i % 4]
    first, last = rnd.choice(_FIRST), rnd.choice(_LAST)
    roles = []
    end_year = 2026
    for k, (kind, months) in enumerate((("work", rnd.randint(12, 40)), ("work", rnd.randint(12, 40)),
                                        ("work", rnd.randint(12, 40)), ("education", 48))):
        start_year = end_year - months // 12 - 1
        roles.append({"title": sentence(1, 3).title(), "organization": f"{rnd.choice(_LAST)} {rnd.choice(_ORGS)}",
                      "location": "San Francisco, CA", "section": "experience" if kind == "work" else "education",
                      "kind": kind, "start": f"{start_year}-{rnd.randint(1, 12):02d}",
                      "end": "present" if k == 0 else f"{end_year}-{rnd.randint(1, 12):02d}",
                      "dates_text": f"{start_year} – {'Present' if k == 0 else end_year}", "months": months,
                      "llm_applied": k < 2, "academic": False, "line": 8 + 8 * k, "problems": []})
        end_year = start_year - 1
    return {
        "rank": i + 1, "fit_score": round(95 - i * 0.17, 1), "candidate": f"{first} {last}",
        "email": f"{first}.{last}{i}@example.com".lower(), "phone": f"+1415555{i:04d}",
        "links": [f"https://linkedin.com/in/{first}{last}{i}".lower(), f"https://github.com/{last}{i}".lower()],
        "file": f"resumes/batch-2026-11/{last}_{first}_{i:03d}.pdf".lower(), "profile": profile,
        "column_a_share": 0.67, "column_a_tools": col_a, "column_b_tools": col_b,
        "llm_tenure_months": rnd.randint(0, 60), "total_experience_months": rnd.randint(24, 180),
        "resume_date": f"2026-{rnd.randint(1, 10):02d}-{rnd.randint(1, 28):02d}",
        "latest_title": roles[0]["title"], "red_flags": [f["code"] for f in flags],
        "notes": f"LLM-applied work with {col_a[0]}, {col_a[1]} and {col_a[2]} in production over "
                 f"{rnd.randint(6, 60)} months of dated roles. " + sentence(6, 12) + ".",
        "status": "ok", "sha256": hashlib.sha256(str(i).encode()).hexdigest(),
        "taxonomy_version": "2026.11.1+21bee0fd", "role": "ai-engineer", "reason": "",
        "column_a": float(rnd.randint(0, 60)), "column_b": float(rnd.randint(0, 40)),
        "profile_reason": f"column A (LLM-applied) holds {rnd.randint(60, 100)}% of the evidence (>= 60%)",
        "location": "San Francisco, CA", "headline": sentence(4, 8),
        "sections": ["Summary", "Experience", "Projects", "Skills", "Education"],
        "roles": roles,
        "tools": tools,
        "tenure": [{"role": 0, "start": roles[0]["start"], "end": "2026-10", "months": 30,
                    "reason": "the role's start"},
                   {"role": 1, "start": roles[1]["start"], "end": roles[1]["end"], "months": 17,
                    "reason": f"{col_a[0]} was first released 2022-10"}],
        "flags": flags,
        "score_parts": [
            {"name": "column A depth", "points": 35.0,
             "why": f"LLM-applied evidence inside roles/projects weighs {rnd.randint(5, 40)} (full at 15)"},
            {"name": "production", "points": 10.0, "why": f"shipped LLM work: '{texts[min(texts)][:80]}'"},
            {"name": "evals", "points": 10.0, "why": f"evaluates LLM output ({rnd.choice(_TOOLS_A)})"},
            {"name": "measured outcomes", "points": 10.0,
             "why": f"{rnd.randint(1, 6)} quantified line(s) in LLM-applied roles"},
            {"name": "strong plus", "points": 5.0, "why": "cost/multi-model work (LLM cost optimisation)"},
            {"name": "LLM tenure", "points": 20.0,
             "why": f"{rnd.randint(6, 60)} months of LLM-applied roles (full at 18)"},
        ],
    }


_FIRST = ("Maya", "Aarav", "Daniel", "Farah", "Ines", "Mariana", "Brandon", "Nadia", "Chloe", "Grace", "Julia",
          "Samuel", "Tariq", "Owen", "Marcus", "Noah", "Aisha", "Kevin", "Olivia", "Robert", "Zoe", "Ethan",
          "Priya", "Jose", "Hannah", "Kwame", "Rachel", "Peter", "Ingrid", "Leah", "Wei", "Yuki", "Amara")
_LAST = ("Chen", "Mehta", "Okoro", "Haddad", "Moreau", "Goncalves", "Hale", "Rahman", "Dubois", "Liu", "Novak",
         "Adeyemi", "Hassan", "Fletcher", "Bell", "Whitaker", "Bello", "Tran", "Brandt", "Castellano", "Celik",
         "Park", "Raman", "Alvarez", "Okafor", "Mensah", "Kim", "Lindqvist", "Solberg", "Goldberg", "Zhang",
         "Tanaka", "Nwosu")
_ORGS = ("Labs", "Health", "Payments", "Logistics", "Analytics", "Robotics", "Software", "Bank", "Insurance")


def hostile(rank: int = 1) -> dict[str, Any]:
    """A record whose every resume-sourced field tries to break out of the page."""
    rec = synthetic(0)
    rec.update(rank=rank, candidate=HOSTILE_NAME, latest_title=HOSTILE_TITLE, headline=HOSTILE_LINE,
               email="x@example.com\"><script>window.__pwned=5</script>", location="</td></tr></table><b>x",
               links=["javascript:window.__pwned=6", "https://evil.example/</script>"],
               notes="Notes </script><!-- <script>window.__pwned=7</script>",
               file="resumes/<svg onload=window.__pwned=8>.pdf", red_flags=["title-mismatch"],
               column_a_tools=["<b>LangChain</b>", "Lang</script>Graph"], sections=["<h1>Experience</h1>"])
    for t in rec["tools"]:
        for f in t["found"]:
            f["text"] = HOSTILE_LINE
    rec["tools"][0]["name"] = "<img src=x onerror=window.__pwned=9>"
    rec["roles"][0]["title"] = "<iframe src=javascript:window.__pwned=10>"
    rec["roles"][0]["organization"] = "\u2029</script><script>window.__pwned=11</script>"
    rec["flags"] = [{"code": "title-mismatch", "reason": "the title says '<script>window.__pwned=12</script>'",
                     "lines": [3], "quote": ["<img src=x onerror=window.__pwned=13>"]}]
    rec["score_parts"][0]["why"] = "<a href=\"https://evil.example\">click</a> onerror=window.__pwned=14"
    return rec


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse(page: str) -> _Tags:
    p = _Tags()
    p.feed(page)
    p.close()
    return p


RUN = {"role": "ai-engineer", "as_of": AS_OF, "taxonomy_version": "2026.11.1+21bee0fd", "source": "resumes/"}


# --------------------------------------------------------------------------- unit tests


def test_script_json_cannot_break_out_of_its_script() -> None:
    value = {"a": "</script><script>alert(1)</script>", "b": "<!-- x -->", "c": "a & b", "d": "x\u2028y\u2029z"}
    text = script_json(value)
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text
    assert json.loads(text) == value


def test_resume_text_is_escaped_everywhere() -> None:
    page = render_html([hostile(), synthetic(1)], RUN)
    parsed = parse(page)
    # Only the report's own two scripts exist; nothing from the resume became a tag or a handler.
    assert [t for t, _ in parsed.tags].count("script") == 2
    assert not any(t in ("img", "iframe") or (t == "svg" and a.get("onload")) for t, a in parsed.tags)
    assert [t for t, _ in parsed.tags].count("h1") == 1  # the report's title, not the resume's heading
    assert not [(t, k) for t, a in parsed.tags for k in a if k.startswith("on")]
    assert not [a for _, a in parsed.tags if str(a.get("href") or "").lower().startswith(("javascript:", "http"))]
    for raw in ("<script>window", "<img", "<iframe", "<svg onload", "<b>LangChain</b>", "</td></tr></table><b>"):
        assert raw not in page
    # The text is still there, shown as text: escaped in the markup...
    assert html.escape(HOSTILE_NAME) in page
    assert html.escape(HOSTILE_TITLE) in page
    # ...and intact in the data the script reads.
    data = json.loads(parsed.scripts[0])
    cand = data["c"][0]
    assert cand["n"] == HOSTILE_NAME and cand["title"] == HOSTILE_TITLE
    assert HOSTILE_LINE in cand["lines"].values()
    assert cand["roles"][0][1] == "\u2029</script><script>window.__pwned=11</script>"


def test_the_script_builds_evidence_without_markup_strings() -> None:
    page = render_html([synthetic(0)], RUN)
    code = parse(page).scripts[1]
    assert "innerHTML" not in code and "outerHTML" not in code and "insertAdjacentHTML" not in code
    assert "document.write" not in code and "eval(" not in code


def test_the_page_fetches_nothing() -> None:
    page = render_html([synthetic(i) for i in range(5)] + [hostile(6)], RUN)
    parsed = parse(page)
    for tag, attrs in parsed.tags:
        for name in ("src", "href", "xlink:href", "action", "data", "poster", "srcset"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//", "ftp:")), (tag, name, value)
        assert tag not in ("link", "iframe", "object", "embed", "img", "base")
    # No reference in the markup or the style at all: resume links live only in the escaped data.
    outside_data = page.replace(parsed.scripts[0], "")
    assert not re.search(r"(?:src|href|action)\s*=\s*[\"']?\s*(?:https?:)?//", outside_data, re.I)
    assert not re.search(r"url\(|@import|@font-face", outside_data, re.I)
    # The policy forbids fetching and lets only the report's own script run.
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp is not None and "default-src 'none'" in csp
    digest = base64.b64encode(hashlib.sha256(parsed.scripts[1].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


REPORT_PACKAGE = Path(__file__).resolve().parents[1] / "screener" / "output" / "report"
ATTACK = "<script>alert(1)</script>\"onmouseover=alert(2) x='"


def test_the_style_and_script_are_the_package_files_inlined_verbatim() -> None:
    css = (REPORT_PACKAGE / "static" / "report.css").read_text(encoding="utf-8")
    js = (REPORT_PACKAGE / "static" / "report.js").read_text(encoding="utf-8")
    assert css.strip() and js.strip()
    page = render_html([synthetic(0)], RUN)
    assert f"<style>\n{css}</style>" in page and page.count("<style>") == 1
    assert f"<script>\n{js}</script>" in page
    assert parse(page).scripts[1] == "\n" + js


def test_the_policy_hashes_the_inlined_script_exactly() -> None:
    page = render_html([synthetic(0), hostile(2)], RUN)
    parsed = parse(page)
    inlined = parsed.scripts[1]
    digest = base64.b64encode(hashlib.sha256(inlined.encode("utf-8")).digest()).decode("ascii")
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp == (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
                   "base-uri 'none'; form-action 'none'")
    # The meta tag writes it escaped as the report always has (quotes as &#x27;).
    assert f"content=\"{html.escape(csp)}\"" in page


def test_an_attack_in_any_field_is_escaped_wherever_it_is_shown() -> None:
    rec = synthetic(0)
    rec.update(candidate=ATTACK, latest_title=ATTACK, profile=ATTACK, red_flags=[ATTACK], column_a_tools=[ATTACK],
               file=f"resumes/{ATTACK}.pdf")
    bad = {**synthetic(1), "status": ATTACK, "reason": ATTACK, "rank": None, "candidate": ""}
    page = render_html([rec, bad], {**RUN, "source": ATTACK, "title": ATTACK})
    parsed = parse(page)
    island = parsed.scripts[0]
    outside = page.replace(island, "")
    assert ATTACK not in page and "<script>alert" not in page and "\"onmouseover" not in outside
    assert "\\\"onmouseover" in island  # a quote inside a JSON string, where it cannot end anything
    assert [t for t, _ in parsed.tags].count("script") == 2
    assert not [(t, k) for t, a in parsed.tags for k in a if k.startswith("on")]
    shown = html.escape(ATTACK)
    assert f"<span class=\"name\">{shown}</span>" in page  # the table
    assert f"<span class=\"sub\">{shown}</span>" in page  # the line under the name
    assert f"<span class=\"chip p-x\">{shown}</span>" in page  # an unknown profile
    assert f"<span class=\"chip p-bad\">{shown}</span>" in page  # an unknown status
    assert f"data-profile=\"{shown}\"" in page and f"data-status=\"{shown}\"" in page
    assert f"<option value=\"{shown}\">{shown} (1)</option>" in page  # both filters
    assert f"<span class=\"flag\" title=\"\">{shown}</span>" in page  # the row's flag
    assert f"<li><span class=\"flag\">{shown}</span> <b>1</b>" in page  # the summary's flag count
    assert f"<span class=\"pl\">{shown}</span>" in page  # the summary's profile count
    assert f"<span class=\"status\">{shown}</span> — {shown}</li>" in page  # could not be read
    assert f"<title>1. {shown} — " in page  # the chart point's label
    assert f"<h1>{shown} — as of {AS_OF}</h1>" in page and f"<title>{shown} — as of {AS_OF}</title>" in page
    assert f" from {shown}, taxonomy" in page  # the footer
    # The details are drawn by the script from the JSON island, which holds the text intact.
    assert "<" not in island and ">" not in island
    cand = json.loads(island)["c"]
    assert cand[0]["n"] == cand[0]["title"] == cand[0]["p"] == ATTACK and cand[0]["fl"] == [ATTACK]
    assert cand[1]["st"] == cand[1]["reason"] == ATTACK


def test_quotes_are_escaped_as_the_report_always_wrote_them() -> None:
    page = render_html([{**synthetic(0), "candidate": "O'Hara \"Kim\" & co"}], RUN)
    assert "<span class=\"name\">O&#x27;Hara &quot;Kim&quot; &amp; co</span>" in page
    assert "&#39;" not in page and "&#34;" not in page


def test_chart_geometry_spreads_crowded_points_deterministically() -> None:
    from screener.output.report import chart

    assert chart.axis_max([], 6.0) == 20.0 and chart.axis_max([11.9], 1.0) == 16.0
    assert chart.axis_max([5000.0], 6.0) == 5200.0
    assert chart.ticks(20.0) == [0.0, 1.0, 2.0, 4.0, 6.0, 10.0, 15.0, 20.0]
    assert chart.diamond_path(8, 8, 7) == "M8.0 1.0L15.0 8.0L8.0 15.0L1.0 8.0Z"
    coords = [(5.0, 5.0)] * 30
    first, again = chart.layout(coords, 6.0, 0.6), chart.layout(coords, 6.0, 0.6)
    assert first == again and len(first.spots) == 30
    gap = 2 * first.radius + 1
    for k, (x, y) in enumerate(first.spots):
        assert chart.MARGIN_LEFT <= x <= chart.WIDTH - chart.MARGIN_RIGHT
        assert all((x - a) ** 2 + (y - b) ** 2 >= gap * gap - 1e-9 for a, b in first.spots[:k])


def test_500_candidates_stay_under_2_mb() -> None:
    records = [synthetic(i) for i in range(500)]
    size = len(render_html(records, RUN).encode("utf-8"))
    assert size < 2_000_000, size


def test_500_fixture_resumes_stay_under_2_mb(fixture_records: list[dict[str, Any]]) -> None:
    records = []
    for k in range(500):
        rec = copy.deepcopy(fixture_records[k % len(fixture_records)])
        rec["candidate"] = f"{rec['candidate']} {k}".strip()
        rec["file"] = f"batch/{k:03d}_{Path(rec['file']).name}"
        records.append(rec)
    size = len(render_html(records, RUN).encode("utf-8"))
    assert size < 2_000_000, size


# --------------------------------------------------------------------------- big screens (issue 20)


def _light(i: int, a: float, b: float, profile: str = "ai-engineer", flags: tuple[str, ...] = ()) -> dict[str, Any]:
    """A ranked record with only what the chart and the summary count (as html.counted writes it)."""
    return {"rank": i + 1, "fit_score": 50.0, "candidate": f"C {i}", "file": f"f{i}.pdf", "profile": profile,
            "red_flags": list(flags), "notes": "", "status": "ok", "taxonomy_version": "t", "role": "ai-engineer",
            "reason": "", "column_a": a, "column_b": b}


def test_a_big_chart_counts_candidates_in_cells_in_linear_time() -> None:
    from screener.output.report import cells as cells_module
    from screener.output.report import chart as geometry

    rnd = random.Random(7)
    records = [_light(i, rnd.choice((0.0, 1.0, 3.0, 8.0, 20.0)), rnd.choice((0.0, 2.0, 5.0)),
                      ("ai-engineer", "ml-engineer", "hybrid", "none")[i % 4], ("job-hopping",) if i % 5 == 0 else ())
               for i in range(100_000)]
    start = time.perf_counter()
    layout, drawn, counted = cells_module.cells(records, 6.0, 0.6)
    elapsed = time.perf_counter() - start
    assert elapsed < 15.0, elapsed  # one pass (about 1 s on an idle core); placing points would take hours
    assert counted == 100_000 and layout.spots == ()
    # Every candidate is counted once: the counts in the tooltips add up, and 5 x 3 distinct spots
    # fall in at most 15 cells.
    assert sum(int(c.tip.split(" ", 1)[0]) for c in drawn) == 100_000 and len(drawn) <= 15
    assert cells_module.cells(records, 6.0, 0.6) == (layout, drawn, counted)  # deterministic
    assert all(c.x >= geometry.MARGIN_LEFT and c.x + c.width <= geometry.WIDTH - geometry.MARGIN_RIGHT for c in drawn)
    # A cell is coloured by its commonest profile and darkest where most candidates are.
    origin = next(c for c in drawn if c.tip.startswith(str(max(int(d.tip.split()[0]) for d in drawn))))
    assert origin.opacity == "1.00" and "with a red flag" in origin.tip


def test_up_to_500_ranked_candidates_are_points_and_more_are_cells() -> None:
    from screener.output.report import chart as geometry

    assert geometry.POINT_LIMIT == 500
    at = render_html([synthetic(i) for i in range(500)], RUN)
    assert at.count('<a href="#c-') == 500 and 'class="cell ' not in at
    past = render_html([synthetic(i % 500) | {"rank": i + 1} for i in range(501)], RUN)
    assert '<a href="#c-' not in past and 'class="cell ' in past
    assert "501 ranked candidates counted in" in past and "hover a square for its counts" in past


def test_the_page_carries_the_top_n_and_counts_the_rest() -> None:
    records = [synthetic(i) for i in range(60)] + [_light(60 + i, 2.0, 1.0) for i in range(40)]
    records.append({"file": "bad/broken.pdf", "status": "unreadable", "reason": "not a PDF", "rank": None})
    page = render_html(records, RUN, top=50)
    tags = parse(page)
    assert page.count('<tbody id="c-') == 50
    data = json.loads(zlib_json(page))
    assert [c["i"] for c in data["c"]] == list(range(50))
    # The summary counts every file, the page says what it carries, and the chart counts everyone.
    assert '<span class="big">101</span><span>Files</span>' in page
    assert "This page carries the top 50 of 101 files in full" in page and "The other 51 are counted" in page
    assert "The table lists the top 50 of 101 files" in page and "bad/broken.pdf" in page
    assert "100 ranked candidates counted in" in page and '<a href="#c-' not in page
    assert "Showing 50 of 50" in page and tags.scripts
    # top=0 carries everything; a page that carries everything says nothing about a top.
    every = render_html(records, RUN, top=0)
    assert every.count('<tbody id="c-') == 101 and "This page carries the top" not in every


def test_the_summary_names_the_first_unreadable_files_and_counts_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    from screener.output.report import views

    monkeypatch.setattr(views, "UNREADABLE_SHOWN", 3)
    bad = [{"file": f"bad/{k}.pdf", "status": "unreadable", "reason": "not a PDF"} for k in range(5)]
    page = render_html([synthetic(0), *bad], RUN).split('aria-labelledby="h-chart"')[0]  # the summary
    assert "bad/2.pdf" in page and "bad/3.pdf" not in page
    assert "… and 2 more that could not be read (the CSV lists them all)." in page


def zlib_json(page: str) -> str:
    """The data island's JSON, inflated when it is packed."""
    import zlib

    island = parse(page).scripts[0]
    if 'data-encoding="deflate-base64"' not in page:
        return island
    return zlib.decompress(base64.b64decode("".join(island.split()))).decode("utf-8")


def test_a_long_table_gets_the_pager_and_its_script_is_hashed_too() -> None:
    from screener.output.report.render import PAGE_ROWS, PAGER_FROM

    assert PAGER_FROM == 500  # the bench corpus (500 files) and LiveCareer's (347) draw as they always did
    small = render_html([synthetic(i) for i in range(PAGER_FROM)], RUN)
    assert "screenerPager" not in small
    big = render_html([synthetic(i % 500) | {"rank": i + 1} for i in range(PAGER_FROM + 1)], RUN)
    script = parse(big).scripts[1]
    pager = (REPORT_PACKAGE / "static" / "pager.js").read_text(encoding="utf-8")
    assert script == "\n" + (REPORT_PACKAGE / "static" / "report.js").read_text(encoding="utf-8") + pager.replace(
        "PAGE_ROWS = 0", f"PAGE_ROWS = {PAGE_ROWS}")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    assert f"script-src &#x27;sha256-{digest}&#x27;" in big
    assert "innerHTML" not in pager and "outerHTML" not in pager and "insertAdjacentHTML" not in pager


def test_hostile_values_are_escaped_in_a_big_page() -> None:
    records = [hostile(i + 1) for i in range(3)] + [synthetic(i) | {"rank": i + 4} for i in range(600)]
    records += [_light(603 + i, 1.0, 1.0, profile=ATTACK) for i in range(5)]
    page = render_html(records, RUN, top=250)
    assert ATTACK not in page and "<script>window.__pwned" not in page and HOSTILE_NAME not in page
    assert html.escape(ATTACK) in page  # the hostile profile, shown in a cell's tooltip as text
    assert len(parse(page).scripts) == 2


def test_report_top_on_the_command_line(tmp_path: Path, fixture_records: list[dict[str, Any]]) -> None:
    from screener.cli import main

    saved = tmp_path / "ranked.jsonl"
    saved.write_text(render_jsonl(_typed(fixture_records)), encoding="utf-8")
    out = tmp_path / "top.html"
    result = CliRunner().invoke(main, ["report", str(saved), "-o", str(out), "--report-top", "5"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count('<tbody id="c-') == 5
    assert f"This page carries the top 5 of {len(fixture_records)} files in full" in page
    result = CliRunner().invoke(main, ["report", str(saved), "-o", str(out), "--report-top", "-1"])
    assert result.exit_code == 2
    # `screen` passes it to the html writer.
    pdfs = [str(FIXTURE_PDFS / n) for n in ("01_ai_strong.pdf", "08_ml_strong.pdf", "92_empty.pdf")]
    result = CliRunner().invoke(main, ["screen", *pdfs, "-o", str(tmp_path / "r.csv"), "--as-of", AS_OF, "--jobs", "1",
                                       "--html", str(out), "--no-state", "--report-top", "2", "--quiet"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count('<tbody id="c-') == 2 and "This page carries the top 2 of 3 files in full" in page


def _header_counts(page: str) -> tuple[dict[str, int], dict[str, int]]:
    profiles = dict((k, int(v)) for k, v in re.findall(r'<span class="pl">([^<]*)</span> <b>(\d+)</b>', page))
    flags = dict((k, int(v)) for k, v in re.findall(r'<li><span class="flag">([^<]*)</span> <b>(\d+)</b>', page))
    return profiles, flags


def test_counts_match_the_records(fixture_records: list[dict[str, Any]]) -> None:
    page = render_html(fixture_records, RUN)
    profiles, flags = _header_counts(page)
    ok = [r for r in fixture_records if r["status"] == "ok"]
    want = Counter(r["profile"] for r in ok)
    assert profiles == {p: want.get(p, 0) for p in ("ai-engineer", "ml-engineer", "hybrid", "none")}
    assert flags == Counter(c for r in fixture_records for c in r["red_flags"])
    bad = [r for r in fixture_records if r["status"] not in ("ok", "duplicate")]
    cards = dict((k, int(n)) for n, k in re.findall(r'<span class="big">(\d+)</span><span>([^<]*)</span>', page))
    assert cards["Files"] == len(fixture_records) and cards["Ranked"] == len(ok)
    assert cards["Could not be read"] == len(bad)
    for r in bad:
        assert f"{html.escape(r['file'])}</span> <span class=\"status\">{r['status']}</span>" in page
    assert f"As of</dt><dd>{AS_OF}" in page
    # One point per ranked candidate, one row per file.
    assert page.count('class="pt ') == len(ok)
    assert page.count("<tbody id=\"c-") == len(fixture_records)


def test_the_table_shows_the_csv_figures(fixture_records: list[dict[str, Any]]) -> None:
    page = render_html(fixture_records, RUN)
    rows = re.findall(r'<td class="num rank">([^<]*)</td><td class="num score">([^<]*)</td>.*?'
                      r'<span class="name">([^<]*)</span>.*?<td class="num share">([^<]*)</td>'
                      r'<td class="num llm">([^<]*)</td><td class="num exp">([^<]*)</td>', page)
    want = list(csv.DictReader(io.StringIO(render_csv(_typed(fixture_records)))))
    assert len(rows) == len(want)
    for (rank, score, name, share, llm, exp), w in zip(rows, want, strict=True):
        assert (rank.replace("–", ""), score.replace("–", "")) == (w["rank"], w["fit_score"])
        assert html.unescape(name) == (_uncell(w["candidate"]) or Path(w["file"]).name)
        assert (share, llm, exp) == (w["column_a_share"], w["llm_tenure_months"], w["total_experience_months"])


def test_the_page_is_deterministic_and_dated_by_the_run(fixture_records: list[dict[str, Any]]) -> None:
    a = render_html(fixture_records, RUN)
    assert a == render_html(copy.deepcopy(fixture_records), dict(RUN))
    assert f"Generated</dt><dd>{AS_OF}" in a
    assert time.strftime("%Y-%m-%d") not in a or time.strftime("%Y-%m-%d") == AS_OF


def test_an_empty_screen_still_draws() -> None:
    page = render_html([], RUN)
    assert "nothing to plot" in page and "Showing 0 of 0" in page


def test_run_info_fills_role_and_taxonomy_from_the_records() -> None:
    run = run_info([synthetic(0), synthetic(1)])
    assert run["role"] == "ai-engineer" and run["taxonomy_version"] == "2026.11.1+21bee0fd"
    assert run["as_of"] is None and run["generated"] is None
    page = render_html([synthetic(0)], run)
    assert "not recorded (resume dates only)" in page


def test_load_records_reads_back_a_jsonl_screen(tmp_path: Path, fixture_records: list[dict[str, Any]]) -> None:
    path = tmp_path / "ranked.jsonl"
    path.write_text(render_jsonl(_typed(fixture_records)), encoding="utf-8")
    records, run = load_records(path)
    assert records == json.loads("[" + ",".join(render_jsonl(_typed(fixture_records)).splitlines()) + "]")
    assert run["role"] == "ai-engineer" and run["taxonomy_version"] == fixture_records[0]["taxonomy_version"]
    assert run["as_of"] is None and run["source"] == "ranked.jsonl"
    assert render_html(records, run).count("<tbody id=\"c-") == len(fixture_records)


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    ("rank,fit_score,candidate\n1,90.0,Maya\n", "a CSV holds too little"),
    ("", "holds no records"),
    ("{\"a\": 1}\n", "not a screener record"),
])
def test_load_records_explains_what_it_cannot_read(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "in.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ReportError, match=message):
        load_records(path)
    with pytest.raises(ReportError, match="without a state database"):
        load_records(tmp_path)


def test_load_records_reads_the_state_database(tmp_path: Path, fixture_records: list[dict[str, Any]]) -> None:
    from screener.run.state import Key, State

    db_path = tmp_path / ".screener" / "state.db"
    state = State(db_path)
    key = Key("ai-engineer", "auto", fixture_records[0]["taxonomy_version"], "test", AS_OF)
    run_id = state.start_run(key, {}, os.getpid())
    for r in _typed(fixture_records):
        state.save(run_id, key, r.with_rank(None))
    state.finish_run(run_id, {"found": len(fixture_records)}, _typed(fixture_records))
    state.close()
    for source in (db_path, tmp_path):
        records, run = load_records(source)
        assert [(r["file"], r["rank"], r["status"]) for r in records] == \
            [(r["file"], r["rank"], r["status"]) for r in fixture_records]
        assert records[0]["tools"] == fixture_records[0]["tools"]
        assert run["as_of"] == AS_OF and run["role"] == "ai-engineer"
        assert run["source"].startswith(f"state.db, run {run_id}")
    with pytest.raises(ReportError, match="no run 99"):
        load_records(db_path, run_id=99)


def test_screen_writes_html_and_report_redraws_it(tmp_path: Path) -> None:
    from screener.cli import main

    pdfs = [str(FIXTURE_PDFS / n) for n in ("01_ai_strong.pdf", "08_ml_strong.pdf", "20_skills_without_evidence.pdf",
                                            "92_empty.pdf")]
    out, page = tmp_path / "ranked.jsonl", tmp_path / "report.html"
    result = CliRunner().invoke(main, ["screen", *pdfs, "-o", str(out), "--format", "jsonl", "--as-of", AS_OF,
                                       "--jobs", "1", "--html", str(page), "--no-state"])
    assert result.exit_code == 0, result.output
    first = page.read_text(encoding="utf-8")
    assert "Maya Chen" in first and f"As of</dt><dd>{AS_OF}" in first and "92_empty.pdf" in first
    again = tmp_path / "again.html"
    result = CliRunner().invoke(main, ["report", str(out), "-o", str(again)])
    assert result.exit_code == 0, result.output
    redrawn = again.read_text(encoding="utf-8")
    assert redrawn.count("<tbody id=\"c-") == first.count("<tbody id=\"c-") == 4
    assert parse(redrawn).scripts[0] == parse(first).scripts[0].replace(
        f"\"as_of\":\"{AS_OF}\"", "\"as_of\":null")
    result = CliRunner().invoke(main, ["report", str(tmp_path / "missing.jsonl"), "-o", str(again)])
    assert result.exit_code == 2 and "no such file" in result.output


def _uncell(value: str) -> str:
    """A CSV cell as the record had it: the spreadsheet guard's leading ' removed."""
    return value[1:] if value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r") else value


@pytest.fixture(scope="module")
def fixture_records(fixture_screens: dict[str, Any]) -> list[dict[str, Any]]:
    """The ranked fixture screen as JSON: the report reads records as dicts."""
    from screener.run.runner import rank

    return [r.to_json() for r in rank(list(fixture_screens.values()))]


def _typed(records: list[dict[str, Any]]) -> list[Record]:
    """The records as the other writers and the state take them."""
    return [Record.from_json(r) for r in records]


# --------------------------------------------------------------------------- a real browser


def chromium_path() -> str:
    """The Chromium binary: skip when absent, fail when CI is set and it is missing."""
    found = os.environ.get("SCREENER_CHROMIUM") or next(
        (p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None)
    if not found:
        if os.environ.get("CI"):
            pytest.fail("CI is set but Chromium is not installed (apt-get install -y chromium)")
        pytest.skip("Chromium is not installed")
    return found


class DevTools:
    """A minimal Chrome DevTools Protocol client over one WebSocket (RFC 6455), standard library only."""

    # 120 s: printing the whole fixture report with every candidate expanded takes a while on a busy machine.
    def __init__(self, ws_url: str, timeout: float = 120.0) -> None:
        u = urllib.parse.urlparse(ws_url)
        self.sock = socket.create_connection((u.hostname or "127.0.0.1", u.port or 80), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {u.path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
                          .encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("DevTools closed the connection during the handshake")
            data += chunk
        head, self.buf = data.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectionError(f"WebSocket handshake refused: {head[:200]!r}")
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._send(0x8, b"")
        self.sock.close()

    def _send(self, opcode: int, payload: bytes) -> None:
        n = len(payload)
        head = bytes([0x80 | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 1 << 16:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        keys = (mask * (n // 4 + 1))[:n]
        masked = (int.from_bytes(payload, "big") ^ int.from_bytes(keys, "big")).to_bytes(n, "big") if n else b""
        self.sock.sendall(head + mask + masked)

    def _exact(self, n: int) -> bytes:
        while len(self.buf) < n:
            chunk = self.sock.recv(max(1 << 16, n - len(self.buf)))
            if not chunk:
                raise ConnectionError("DevTools closed the connection")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _message(self) -> dict[str, Any]:
        parts: list[bytes] = []
        while True:
            b1, b2 = self._exact(2)
            n = b2 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._exact(8))[0]
            mask = self._exact(4) if b2 & 0x80 else b""
            payload = self._exact(n)
            if mask:
                payload = bytes(b ^ mask[k % 4] for k, b in enumerate(payload))
            opcode = b1 & 0x0F
            if opcode == 0x9:
                self._send(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            if opcode == 0x8:
                raise ConnectionError("DevTools closed the WebSocket")
            parts.append(payload)
            if b1 & 0x80:
                msg: dict[str, Any] = json.loads(b"".join(parts))
                return msg

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        mid = self.next_id
        self._send(0x1, json.dumps({"id": mid, "method": method, "params": params}).encode())
        while True:
            msg = self._message()
            if msg.get("id") == mid:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                result: dict[str, Any] = msg.get("result", {})
                return result
            self.events.append(msg)


class Page:
    """One tab: open a URL, run JavaScript, click and type like a user, take screenshots."""

    def __init__(self, devtools: DevTools) -> None:
        self.dt = devtools

    def js(self, expression: str) -> Any:
        r = self.dt.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise AssertionError(f"JavaScript failed: {r['exceptionDetails']}\n{expression}")
        return r["result"].get("value")

    def open(self, url: str) -> None:
        self.dt.call("Page.navigate", url="about:blank")
        self.dt.events.clear()
        self.dt.call("Page.navigate", url=url)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            # The report marks itself ready once its script has read the data and wired the controls.
            if self.js("document.documentElement && document.documentElement.getAttribute('data-ready') === 'true'"
                       " ? location.href : null") == url:
                return
            time.sleep(0.05)
        raise AssertionError(f"{url} did not become ready: {self.errors()}")

    def errors(self) -> list[str]:
        """Console errors and exceptions since the page was opened (a CSP block shows here)."""
        self.js("0")  # flush pending events
        out = []
        for e in self.dt.events:
            if e.get("method") == "Runtime.exceptionThrown":
                out.append(str(e["params"]["exceptionDetails"]))
            elif e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error":
                out.append(e["params"]["entry"]["text"])
            elif e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] == "error":
                out.append(str(e["params"]["args"]))
        return out

    def center(self, selector: str) -> tuple[float, float]:
        box = self.js(f"(function(){{var e=document.querySelector({json.dumps(selector)});"
                      "e.scrollIntoView({block:'center'});var r=e.getBoundingClientRect();"
                      "return [r.left + r.width / 2, r.top + r.height / 2, r.width * r.height];})()")
        assert box[2] > 0, f"{selector} is not visible"
        return box[0], box[1]

    def click(self, selector: str) -> None:
        """A real mouse click at the element's centre (what the user does, not element.click())."""
        x, y = self.center(selector)
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.dt.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def press(self, key: str) -> None:
        codes = {"Enter": (13, "\r"), "Tab": (9, ""), " ": (32, " ")}
        vk, text = codes[key]
        self.dt.call("Input.dispatchKeyEvent", type="keyDown", key=key, code="Space" if key == " " else key,
                     windowsVirtualKeyCode=vk, text=text)
        self.dt.call("Input.dispatchKeyEvent", type="keyUp", key=key, code="Space" if key == " " else key,
                     windowsVirtualKeyCode=vk)

    def type(self, text: str) -> None:
        self.dt.call("Input.insertText", text=text)

    def screenshot(self, path: Path) -> Path:
        size = self.dt.call("Page.getLayoutMetrics")["cssContentSize"]
        shot = self.dt.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                            clip={"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 16000),
                                  "scale": 1})
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


def _http_json(port: int, path: str) -> Any:
    """GET a DevTools HTTP endpoint on localhost (the body is sized by Content-Length)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        raw = b""
        while b"\r\n\r\n" not in raw:
            raw += s.recv(65536)
        head, body = raw.split(b"\r\n\r\n", 1)
        size = int(re.search(rb"content-length:\s*(\d+)", head, re.I).group(1))  # type: ignore[union-attr]
        while len(body) < size:
            body += s.recv(65536)
    return json.loads(body[:size])


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    binary = chromium_path()
    profile = tmp_path_factory.mktemp("chromium-profile")
    proc = subprocess.Popen(
        [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions",
         "--disable-default-apps", "--no-default-browser-check", "--mute-audio", "--hide-scrollbars",
         f"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
         "--window-size=1280,900", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    devtools = None
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().count("\n") >= 1):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Chromium did not start its DevTools endpoint ({binary})")
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        pages: list[dict[str, Any]] = []
        while not pages:
            pages = [t for t in _http_json(port, "/json/list") if t.get("type") == "page"]
            if not pages and time.monotonic() > deadline:
                pytest.fail("Chromium opened no page")
            time.sleep(0.05)
        devtools = DevTools(pages[0]["webSocketDebuggerUrl"])
        for domain in ("Page.enable", "Runtime.enable", "Log.enable"):
            devtools.call(domain)
        devtools.call("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1,
                      mobile=False)
        yield Page(devtools)
    finally:
        if devtools is not None:
            devtools.close()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def fixture_report(tmp_path_factory: pytest.TempPathFactory,
                   fixture_records: list[dict[str, Any]]) -> tuple[str, list[dict[str, str]]]:
    """The fixture screen's report and CSV, written as `screener screen` writes them."""
    folder = tmp_path_factory.mktemp("report")
    run = run_info(fixture_records, role="ai-engineer", as_of=AS_OF, source=str(FIXTURE_PDFS))
    (folder / "report.html").write_text(render_html(fixture_records, run), encoding="utf-8")
    (folder / "ranked.csv").write_text(render_csv(_typed(fixture_records)), encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO((folder / "ranked.csv").read_text(encoding="utf-8"))))
    return (folder / "report.html").as_uri(), rows


_ROWS_JS = """Array.from(document.querySelectorAll('#ranked tbody')).filter(b => !b.hidden).map(b => ({
  i: b.dataset.i, status: b.dataset.status, profile: b.dataset.profile,
  rank: b.querySelector('td.rank').textContent, score: b.querySelector('td.score').textContent,
  name: b.querySelector('.name').textContent, share: b.querySelector('td.share').textContent,
  llm: b.querySelector('td.llm').textContent, exp: b.querySelector('td.exp').textContent,
  flags: Array.from(b.querySelectorAll('td.flags .flag')).map(f => f.textContent),
  tools: b.querySelector('td.tools').textContent}))"""


def test_browser_page_equals_the_csv(browser: Page, fixture_report: tuple[str, list[dict[str, str]]],
                                     tmp_path: Path) -> None:
    url, rows = fixture_report
    browser.open(url)
    assert browser.js("typeof window.screenerReport") == "object", browser.errors()
    assert browser.errors() == []
    shown = browser.js(_ROWS_JS)
    assert len(shown) == len(rows)
    for got, want in zip(shown, rows, strict=True):
        assert got["name"] == (_uncell(want["candidate"]) or Path(want["file"]).name)
        assert got["status"] == want["status"] and got["profile"] == want["profile"]
        assert got["rank"].replace("–", "") == want["rank"]
        assert got["score"].replace("–", "") == want["fit_score"]
        assert (got["share"], got["llm"], got["exp"]) == \
            (want["column_a_share"], want["llm_tenure_months"], want["total_experience_months"])
        assert ";".join(got["flags"]) == want["red_flags"]
    # The run's counts at the top agree with the CSV too.
    profiles = browser.js("Object.fromEntries(Array.from(document.querySelectorAll('.plist li')).map("
                          "li => [li.querySelector('.pl').textContent, +li.querySelector('b').textContent]))")
    ok = [r for r in rows if r["status"] == "ok"]
    assert profiles == {p: sum(r["profile"] == p for r in ok) for p in ("ai-engineer", "ml-engineer", "hybrid", "none")}
    flags = browser.js("Object.fromEntries(Array.from(document.querySelectorAll('.flist li')).map("
                       "li => [li.querySelector('.flag').textContent, +li.querySelector('b').textContent]))")
    assert flags == Counter(c for r in rows for c in r["red_flags"].split(";") if c)
    unread = browser.js("Array.from(document.querySelectorAll('.unread li .file')).map(e => e.textContent)")
    assert unread == [r["file"] for r in rows if r["status"] not in ("ok", "duplicate")]
    browser.screenshot(tmp_path / "report.png")
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_browser_sorting(browser: Page, fixture_report: tuple[str, list[dict[str, str]]], tmp_path: Path) -> None:
    url, rows = fixture_report
    browser.open(url)
    browser.click("th[data-k=score] button")
    shown = browser.js(_ROWS_JS)
    scores = [float(r["score"]) for r in shown if r["score"] != "–"]
    assert scores == sorted(scores, reverse=True) and len(scores) == sum(r["status"] == "ok" for r in rows)
    assert shown[-1]["score"] == "–"  # files without a score stay last either way
    assert browser.js("document.querySelector('th[data-k=score]').getAttribute('aria-sort')") == "descending"
    assert browser.js("document.querySelector('th[data-k=rank]').hasAttribute('aria-sort')") is False
    browser.click("th[data-k=score] button")
    scores = [float(r["score"]) for r in browser.js(_ROWS_JS) if r["score"] != "–"]
    assert scores == sorted(scores)
    browser.click("th[data-k=name] button")
    names = [r["name"] for r in browser.js(_ROWS_JS)]
    assert names == sorted(names, key=str.lower)
    browser.click("th[data-k=llm] button")
    months = [int(r["llm"]) for r in browser.js(_ROWS_JS) if r["llm"]]
    assert months == sorted(months, reverse=True)
    # Each candidate's evidence row travels with it.
    assert browser.js("Array.from(document.querySelectorAll('#ranked tbody')).every("
                      "b => b.children.length === 2 && b.children[1].id === 'ev-' + b.dataset.i)")
    browser.screenshot(tmp_path / "sorted.png")
    browser.click("#reset")
    assert [r["rank"] for r in browser.js(_ROWS_JS)] == [r["rank"] or "–" for r in rows]


def test_browser_filtering_and_search(browser: Page, fixture_report: tuple[str, list[dict[str, str]]],
                                      fixture_records: list[dict[str, Any]], tmp_path: Path) -> None:
    url, rows = fixture_report
    browser.open(url)
    browser.js("var s = document.getElementById('fp'); s.value = 'ml-engineer'; "
               "s.dispatchEvent(new Event('change'))")
    shown = browser.js(_ROWS_JS)
    # display_name: a fixture whose name is not read yet (54, issue 17) shows its file name
    assert [r["name"] for r in shown] == [display_name(r) for r in rows if r["profile"] == "ml-engineer"]
    assert browser.js("document.getElementById('shown').textContent") == f"Showing {len(shown)} of {len(rows)}"
    dimmed = browser.js("Array.from(document.querySelectorAll('#chart .pt')).filter("
                        "p => !p.classList.contains('dim')).length")
    assert dimmed == len(shown)
    browser.js("var s = document.getElementById('fp'); s.value = ''; s.dispatchEvent(new Event('change'));"
               "s = document.getElementById('ff'); s.value = 'tool-anachronism'; s.dispatchEvent(new Event('change'))")
    shown = browser.js(_ROWS_JS)
    assert shown and all("tool-anachronism" in r["flags"] for r in shown)
    assert len(shown) == sum("tool-anachronism" in r["red_flags"].split(";") for r in rows)
    browser.js("var s = document.getElementById('ff'); s.value = ''; s.dispatchEvent(new Event('change'))")
    # Search by tool: typed into the box like a user.
    browser.click("#q")
    browser.type("LangGraph")
    want = [display_name(r) for r in fixture_records if any(t["name"] == "LangGraph" for t in r["tools"])]
    got = [r["name"] for r in browser.js(_ROWS_JS)]
    assert got == want and got
    browser.screenshot(tmp_path / "search.png")
    browser.js("var q = document.getElementById('q'); q.value = 'maya chen'; q.dispatchEvent(new Event('input'))")
    assert [r["name"] for r in browser.js(_ROWS_JS)] == ["Maya Chen"]
    browser.js("var q = document.getElementById('q'); q.value = 'no such person or tool';"
               "q.dispatchEvent(new Event('input'))")
    assert browser.js(_ROWS_JS) == []


def test_browser_expanding_a_candidate_shows_the_evidence(browser: Page, fixture_report: tuple[str, Any],
                                                          fixture_records: list[dict[str, Any]],
                                                          tmp_path: Path) -> None:
    url, _ = fixture_report
    browser.open(url)
    i, rec = next((i, r) for i, r in enumerate(fixture_records) if r["red_flags"] and r["status"] == "ok")
    button = f"#c-{i} button.open"
    assert browser.js(f"document.getElementById('ev-{i}').hidden") is True
    # Keyboard: focus the candidate's button and press Enter.
    browser.js(f"document.querySelector('{button}').focus()")
    browser.press("Enter")
    assert browser.js(f"document.querySelector('{button}').getAttribute('aria-expanded')") == "true"
    assert browser.js(f"document.getElementById('ev-{i}').hidden") is False
    panel = f"document.getElementById('ev-{i}')"
    text = browser.js(f"{panel}.textContent")
    # Timeline: every dated role, LLM-applied ones shaded.
    dated = [r for r in rec["roles"] if r["start"] and r["end"]]
    assert browser.js(f"{panel}.querySelectorAll('.tl-row').length") == len(dated)
    shaded = browser.js(f"{panel}.querySelectorAll('.tl-llm').length")
    assert shaded == len([p for p in rec["tenure"] if rec["roles"][p["role"]]["start"]]) and shaded > 0
    assert browser.js(f"Array.from({panel}.querySelectorAll('.tl-llm')).every("
                      "s => s.getBoundingClientRect().width > 0)")
    # Every tool with its column and the line it came from.
    tool_rows = browser.js(f"Array.from({panel}.querySelectorAll('table.tooltab tbody tr')).map(tr => "
                           "[tr.cells[0].textContent, tr.cells[1].querySelector('b').textContent, "
                           "tr.cells[5].textContent])")
    assert [(c, n) for c, n, _ in tool_rows] == [(t["column"], t["name"]) for t in rec["tools"]]
    for (_, _, where), t in zip(tool_rows, rec["tools"], strict=True):
        first = t["found"][0]
        assert f"line {first['line']}" in where and first["text"] in where
    # Each flag with its reason; the score's parts adding up to the score.
    for f in rec["flags"]:
        assert f["code"] in text and f["reason"] in text
    parts = browser.js(f"Array.from({panel}.querySelectorAll('table.parts tbody tr')).map(tr => "
                       "[tr.cells[0].textContent, tr.cells[1].textContent])")
    assert [p for p, _ in parts] == [p["name"] for p in rec["score_parts"]]
    assert round(sum(float(v) for _, v in parts), 1) == pytest.approx(rec["fit_score"], abs=0.1 * len(parts))
    assert rec["notes"] in text and rec["profile_reason"] in text
    browser.screenshot(tmp_path / "expanded.png")
    browser.click(button)
    assert browser.js(f"document.getElementById('ev-{i}').hidden") is True


def test_browser_chart_points(browser: Page, fixture_report: tuple[str, Any], fixture_records: list[dict[str, Any]],
                              tmp_path: Path) -> None:
    url, _ = fixture_report
    browser.open(url)
    pts = browser.js("Array.from(document.querySelectorAll('#chart .pt')).map(p => ({i: +p.dataset.i, "
                     "cls: p.getAttribute('class'), title: p.querySelector('title').textContent, "
                     "href: p.getAttribute('href'), fill: getComputedStyle(p.querySelector('circle, path')).fill, "
                     "box: (r => [r.x, r.y, r.width])(p.getBoundingClientRect())}))")
    ranked = {i: r for i, r in enumerate(fixture_records) if r["status"] == "ok"}
    assert sorted(p["i"] for p in pts) == sorted(ranked)
    fills: dict[str, set[str]] = {}
    for p in pts:
        r = ranked[p["i"]]
        assert f"{r['candidate']} — {r['fit_score']:.1f}" in p["title"]
        assert ("flagged" in p["cls"].split()) == bool(r["red_flags"])
        assert p["href"] == f"#c-{p['i']}" and p["box"][2] > 0
        fills.setdefault(r["profile"], set()).add(p["fill"])
    assert all(len(f) == 1 for f in fills.values())  # one colour per profile...
    assert len({next(iter(f)) for f in fills.values()}) == len(fills)  # ...each its own
    # A stronger A column sits further right, a stronger B column higher up.
    by_a = sorted(pts, key=lambda p: ranked[p["i"]]["column_a"])
    assert by_a[0]["box"][0] < by_a[-1]["box"][0]
    by_b = sorted(pts, key=lambda p: ranked[p["i"]]["column_b"])
    assert by_b[0]["box"][1] > by_b[-1]["box"][1]
    # Clicking a point opens that candidate.
    target = next(p["i"] for p in pts if ranked[p["i"]]["profile"] == "hybrid")
    browser.click(f"#chart .pt[data-i='{target}']")
    assert browser.js(f"document.getElementById('ev-{target}').hidden") is False
    assert browser.js("location.hash") == f"#c-{target}"
    assert browser.js("document.activeElement.closest('tbody').id") == f"c-{target}"
    browser.screenshot(tmp_path / "chart-click.png")


def test_browser_print_expands_everything_and_hides_controls(browser: Page, fixture_report: tuple[str, Any],
                                                             tmp_path: Path) -> None:
    url, rows = fixture_report
    browser.open(url)
    pdf = browser.dt.call("Page.printToPDF", printBackground=True)
    (tmp_path / "report.pdf").write_bytes(base64.b64decode(pdf["data"]))
    browser.dt.call("Emulation.setEmulatedMedia", media="print")
    try:
        hidden_controls = browser.js("['.controls', '#expand-all', '#q', '#shown'].every("
                                     "s => document.querySelector(s).getClientRects().length === 0)")
        assert hidden_controls
        opened = browser.js("Array.from(document.querySelectorAll('tr.ev')).filter(tr => "
                            "getComputedStyle(tr).display !== 'none' && tr.querySelector('.evg')).length")
        assert opened == len(rows)
        browser.screenshot(tmp_path / "print.png")
    finally:
        browser.dt.call("Emulation.setEmulatedMedia", media="")
    assert (tmp_path / "report.pdf").stat().st_size > 10_000


def test_browser_hostile_resume_runs_nothing(browser: Page, tmp_path: Path) -> None:
    path = tmp_path / "hostile.html"
    path.write_text(render_html([hostile(1), synthetic(1)], RUN), encoding="utf-8")
    browser.open(path.as_uri())
    browser.click("#c-0 button.open")
    browser.js("document.getElementById('expand-all').click()")
    assert browser.js("typeof window.__pwned") == "undefined"
    assert browser.js("document.querySelector('#c-0 .name').textContent") == HOSTILE_NAME
    assert browser.js("document.querySelector('#c-0 .sub').textContent") == HOSTILE_TITLE
    assert browser.js("document.querySelectorAll('img, iframe, h1 + h1, #ranked h1').length") == 0
    assert browser.js("document.querySelectorAll('script').length") == 2
    text = browser.js("document.getElementById('ev-0').textContent")
    assert HOSTILE_LINE in text and "window.__pwned=12" in text
    assert browser.js("Array.from(document.querySelectorAll('*')).some(e => Array.from(e.attributes).some("
                      "a => a.name.startsWith('on')))") is False
    browser.screenshot(tmp_path / "hostile.png")
    assert browser.js("typeof window.__pwned") == "undefined"


def test_browser_500_candidates_packed_evidence(browser: Page, tmp_path: Path) -> None:
    """A big screen's evidence is deflated; the browser unpacks it and every control still works."""
    records = [synthetic(i) for i in range(500)]
    page = render_html(records, RUN)
    assert 'data-encoding="deflate-base64"' in page and len(page.encode()) < 2_000_000
    path = tmp_path / "big.html"
    path.write_text(page, encoding="utf-8")
    browser.open(path.as_uri())
    assert browser.errors() == []
    assert browser.js("document.querySelectorAll('#chart .pt').length") == 500
    assert len(browser.js(_ROWS_JS)) == 500
    who = records[321]
    browser.js(f"var q = document.getElementById('q'); q.value = {json.dumps(who['file'].split('/')[-1])};"
               "q.dispatchEvent(new Event('input'))")
    assert [r["name"] for r in browser.js(_ROWS_JS)] == [who["candidate"]]
    browser.click("#c-321 button.open")
    text = browser.js("document.getElementById('ev-321').textContent")
    assert who["notes"] in text and who["tools"][0]["found"][0]["text"] in text
    assert browser.js("document.querySelectorAll('#ev-321 table.tooltab tbody tr').length") == len(who["tools"])
    browser.screenshot(tmp_path / "big.png")


_DRAWN_JS = """Array.from(document.querySelectorAll('#ranked > tbody')).filter(b => b.getClientRects().length)
  .map(b => +b.querySelector('td.rank').textContent)"""


def test_browser_5000_candidates_page_and_open(browser: Page, tmp_path: Path) -> None:
    """5,000 candidates: the page carries the top 1,000, draws 200 rows at a time, and every control works."""
    from screener.output.report.render import DEFAULT_TOP, PAGE_ROWS

    records = [synthetic(i % 700) | {"rank": i + 1, "candidate": f"Cand {i:04d}"} for i in range(5000)]
    path = tmp_path / "5000.html"
    path.write_text(render_html(records, RUN), encoding="utf-8")
    start = time.monotonic()
    browser.open(path.as_uri())
    assert time.monotonic() - start < 20 and browser.errors() == []
    assert DEFAULT_TOP == 1000 and PAGE_ROWS == 200
    assert f"top {DEFAULT_TOP} of 5000 files" in browser.js("document.getElementById('scope').textContent")
    assert browser.js("document.querySelectorAll('#ranked tbody').length") == 1000
    assert browser.js(_DRAWN_JS) == list(range(1, 201))
    status = "document.querySelector('.pager .page-status').textContent"
    assert browser.js(status) == "Rows 1\u2013200 of 1000, page 1 of 5"
    assert browser.js("document.querySelector('.pager .page-status').getAttribute('role')") == "status"
    browser.click(".pager .page-next")  # a real click
    assert browser.js(_DRAWN_JS) == list(range(201, 401))
    browser.js("document.querySelector('.pager .page-last').focus()")
    browser.press("Enter")  # the keyboard
    assert browser.js(_DRAWN_JS) == list(range(801, 1001)) and "page 5 of 5" in browser.js(status)
    assert browser.js("document.querySelector('.pager .page-next').disabled") is True
    # "Expand all" opens this page's rows only.
    assert browser.js("document.getElementById('expand-all').textContent") == "Expand this page"
    browser.click("#expand-all")
    assert browser.js("Array.from(document.querySelectorAll('#ranked > tbody tr.ev')).filter(t => !t.hidden)"
                      ".map(t => +t.id.slice(3))") == list(range(800, 1000))
    browser.click("#collapse-all")
    # A candidate on the last page opens with its evidence.
    browser.click("#c-950 button.open")
    text = browser.js("document.getElementById('ev-950').textContent")
    assert records[950]["notes"] in text and records[950]["tools"][0]["found"][0]["text"] in text
    # Search runs over all 1,000 rows, not the page, and starts again at page 1.
    browser.js("var q = document.getElementById('q'); q.value = 'Cand 0420'; q.dispatchEvent(new Event('input'))")
    assert browser.js(_DRAWN_JS) == [421] and browser.js(status) == "Rows 1\u20131 of 1, page 1 of 1"
    browser.js("var q = document.getElementById('q'); q.value = ''; q.dispatchEvent(new Event('input'))")
    browser.click("#ranked th[data-k=rank] button.sort")  # descending
    assert browser.js(_DRAWN_JS) == list(range(1000, 800, -1))
    # A link to a candidate off the page brings its page and opens it.
    browser.open(path.as_uri() + "#c-650")
    assert browser.js(_DRAWN_JS) == list(range(601, 801))
    assert browser.js("document.getElementById('ev-650').hidden") is False
    # The chart counts all 5,000 in cells; no point links to a row the page does not carry.
    assert browser.js("document.querySelectorAll('#chart .pt').length") == 0
    assert browser.js("document.querySelectorAll('#chart rect.cell').length") > 0
    browser.screenshot(tmp_path / "5000.png")


def test_flag_meanings_cover_the_readme_flags() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    codes = set(re.findall(r"^\| `([a-z-]+)` \| ", readme.split("### Red flags", 1)[1], re.M))
    assert codes and codes <= set(FLAG_MEANINGS)
