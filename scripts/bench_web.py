"""How fast `screener serve` answers its list page over a large state database (a benchmark, not a test).

Builds a state with one completed run of N synthetic candidates (default 100,000: records shaped like
real ones, with tools, flags and roles), then times the list page through the app (Starlette's test
client, the whole request: middleware, SQL, template): the first page, a later page, each sort, each
filter, a search by tool and by name. The first request also builds the list index (once per run);
its time is reported apart. Prints a Markdown table; `--append BENCHMARKS.md` adds it as a dated section.

    python scripts/bench_web.py [--rows 100000] [--repeat 5] [--db /tmp/bench-web.db] [--append BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
warnings.filterwarnings("ignore")

from screener.record import FlagRecord, FoundRecord, Record, RoleRecord, ScorePartRecord, ToolRecord  # noqa: E402
from screener.run.state import Key, State, identity  # noqa: E402

KEY = Key("ai-engineer", "auto", "bench", "bench", "2026-11-01")
TOOLS_A = ["LangChain", "LangGraph", "LlamaIndex", "Pinecone", "Braintrust", "LangSmith", "Helicone", "Claude"]
TOOLS_B = ["PyTorch", "MLflow", "Ray", "Triton", "Tecton", "Evidently", "XGBoost", "Spark"]
FLAGS = ["research-only", "no-measured-outcomes", "skills-without-evidence", "title-mismatch"]
PROFILES = ["ai-engineer", "ml-engineer", "hybrid", "none"]
FIRST = ["Maya", "Aarav", "Grace", "Samuel", "Ethan", "Hannah", "Lucia", "Kenji", "Amara", "Noah"]
LAST = ["Chen", "Mehta", "Liu", "Adeyemi", "Park", "Okafor", "Silva", "Tanaka", "Diallo", "Berg"]


def record(i: int, rng: random.Random) -> Record:
    a = rng.sample(TOOLS_A, rng.randint(0, 5))
    b = rng.sample(TOOLS_B, rng.randint(0, 5))
    found = tuple(FoundRecord(t, "role", "Experience", 0, 10 + k, f"Built things with {t} at scale", False)
                  for k, t in enumerate(a + b))
    tools = tuple(ToolRecord(t, "tool", "A" if t in a else "B", "framework", 3.0, 24, "2026-10", (f,))
                  for t, f in zip(a + b, found, strict=True))
    flags = rng.sample(FLAGS, rng.choice([0, 0, 0, 1, 2]))
    roles = (RoleRecord("Senior AI Engineer", "Acme", "", "Experience", "work", "2022-01", "present", "2022 - now",
                        46, True, False, 10, ()),
             RoleRecord("Engineer", "Beta", "", "Experience", "work", "2018-06", "2021-12", "2018 - 2021", 43, False,
                        False, 20, ()))
    return Record(
        fit_score=round(rng.uniform(0, 100), 1), candidate=f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
        email=f"c{i}@example.org", file=f"inbox/cv-{i:06d}.pdf", profile=rng.choice(PROFILES),
        column_a_share=round(len(a) / max(len(a) + len(b), 1), 2), column_a_tools=tuple(a), column_b_tools=tuple(b),
        llm_tenure_months=rng.randint(0, 48), total_experience_months=rng.randint(12, 200), resume_date="2026-10-01",
        latest_title="Senior AI Engineer", red_flags=tuple(flags), notes="LLM-applied work in production.",
        status="ok", sha256=f"{i:064x}", taxonomy_version="bench", role="ai-engineer", roles=roles, tools=tools,
        flags=tuple(FlagRecord(f, "because", (3,), ("a line",)) for f in flags),
        score_parts=(ScorePartRecord("column A depth", 35.0, "why"),),
    )


def make_state(path: Path, rows: int) -> None:
    """One completed run of `rows` candidates, written in a few big transactions (not a run's per-file commits)."""
    rng = random.Random(7)
    records = sorted((record(i, rng) for i in range(rows)), key=lambda r: -(r.fit_score or 0))
    records = [r.with_rank(n) for n, r in enumerate(records, 1)]
    state = State(path)
    run = state.start_run(KEY, {}, os.getpid())
    state.save_many(run, KEY, records)
    assert all(identity(r) for r in records[:1])
    state.finish_run(run, {"found": rows, "ranked": rows}, records)
    state.close()


PAGES = [
    ("first page (by rank)", "/"),
    ("page 1,000 (by rank)", "/?page=1000"),
    ("sort by score, descending", "/?sort=score&desc=1"),
    ("sort by candidate", "/?sort=candidate"),
    ("sort by LLM months", "/?sort=llm&desc=1"),
    ("sort by decision", "/?sort=decision"),
    ("filter: profile hybrid", "/?profile=hybrid"),
    ("filter: flag research-only", "/?flag=research-only"),
    ("filter: not decided", "/?decision=none"),
    ("search a tool (LangGraph)", "/?q=LangGraph"),
    ("search a name (Okafor 4242)", "/?q=Okafor+4242"),
    ("a candidate page", "/c/4242"),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--db", type=Path, default=None, help="Reuse (or create) this state database.")
    ap.add_argument("--append", type=Path, default=None, help="Append the results to this Markdown file.")
    args = ap.parse_args()
    from starlette.testclient import TestClient

    from screener.web.app import AppConfig, create_app
    from screener.web.security import Access

    db = args.db or Path(tempfile.mkdtemp()) / "state.db"
    if not db.exists():
        t = time.perf_counter()
        make_state(db, args.rows)
        print(f"state with {args.rows:,} rows made in {time.perf_counter() - t:.1f} s ({db.stat().st_size >> 20} MB)")
    inbox = db.parent / "inbox"
    inbox.mkdir(exist_ok=True)
    client = TestClient(create_app(AppConfig(inbox, db, Access.for_host("127.0.0.1"))),
                        base_url="http://127.0.0.1:8023")
    t = time.perf_counter()
    while (status := client.get("/").status_code) == 503:  # the index is built in the background
        time.sleep(0.5)
    assert status == 200, status
    first = time.perf_counter() - t
    lines = ["| request | median ms | max ms |", "|---|---:|---:|"]
    for label, url in PAGES:
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            r = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, (url, r.status_code)
        lines.append(f"| {label} | {statistics.median(times):.0f} | {max(times):.0f} |")
    table = "\n".join(lines)
    head = (f"First request (builds the list index for the run, once): {first:.2f} s. "
            f"Then {args.repeat} requests each, through the whole app (middleware, SQL, template):")
    print(head + "\n\n" + table)
    if args.append:
        machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        section = (f"\n## {dt.date.today().isoformat()}: `screener serve` list page over {args.rows:,} candidates\n\n"
                   f"`python scripts/bench_web.py --rows {args.rows}` ({machine}; a synthetic state database). "
                   f"{head}\n\n{table}\n")
        with args.append.open("a", encoding="utf-8") as fh:
            fh.write(section)


if __name__ == "__main__":
    main()
