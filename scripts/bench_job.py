"""Re-ranking a screened inbox against a new job description, timed.

    python scripts/bench_job.py [--files 1000]

Screens `--files` distinct fixture copies once against one JD (the state stores every record), then
ranks the same inbox against a second JD of the same target profile: that run reads no resume (its
`reused` count says so), and its time is the state lookup, the job scoring and the outputs; then the
same inbox with no job, for comparison (a night with nothing new). Then, in
this process, the judgement alone: every stored record fitted to the second JD and ranked, per
thousand records. BENCHMARKS.md ("Ranking against a job") keeps the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from bench_incremental import replicate, timed  # noqa: E402

JOBS = ROOT / "fixtures" / "jobs"
FIRST_JD, SECOND_JD = JOBS / "01_ai_engineer.md", JOBS / "13_ai_agents.docx"
AS_OF = "2026-11-01"
PER = 1000


def judgement(db: Path, jd: Path) -> tuple[int, float, float]:
    """(records, seconds to fit them all to `jd` and rank them, seconds to load them from the state)."""
    from screener.job.ranking import JobRanking
    from screener.record import Record
    from screener.run.runner import Entry, rank
    from screener.taxonomy import load_taxonomy

    start = time.perf_counter()
    with sqlite3.connect(db) as conn:
        records = [Record.from_json(json.loads(text)) for (text,) in conn.execute("SELECT record FROM results")]
    loaded = time.perf_counter() - start
    job = JobRanking.load(jd, load_taxonomy(), AS_OF)
    start = time.perf_counter()
    entries, _ = job.rescore_all([Entry(r) for r in records])
    rank(entries)
    return len(records), time.perf_counter() - start, loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    count = parser.parse_args().files
    with tempfile.TemporaryDirectory() as tmp:
        inbox, out, db = Path(tmp) / "inbox", Path(tmp) / "ranked.csv", Path(tmp) / "state.db"
        replicate(inbox, count)
        args = ("screen", str(inbox), "-o", str(out), "--state", str(db), "--as-of", AS_OF, "-q")
        first = timed(*args, "--job", str(FIRST_JD))
        again = timed(*args, "--job", str(SECOND_JD))
        plain = timed(*args)  # the same state, no job: what a night with nothing new costs anyway
        with sqlite3.connect(db) as conn:
            found, screened, reused = conn.execute(
                "SELECT found, screened, reused FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        n, judged, loaded = judgement(db, SECOND_JD)
    print(f"cores {os.cpu_count()}; {count} files screened against {FIRST_JD.name}: {first:.1f} s")
    print(f"the same inbox against {SECOND_JD.name}: {found} found, {screened} screened, {reused} reused, "
          f"{again:.2f} s (the whole command: start-up, reading the JD, state lookup, job scoring, CSV); "
          f"the same without --job: {plain:.2f} s")
    print(f"judgement alone: {n} stored records fitted to {SECOND_JD.name} and ranked in {judged:.3f} s "
          f"= {judged * PER / max(n, 1):.3f} s per thousand (loading them from the state: {loaded:.3f} s)")
    print(f"verdict: no file read: {'PASS' if screened == 0 else 'FAIL'}; under a second of judgement per "
          f"thousand: {'PASS' if judged * PER / max(n, 1) < 1 else 'FAIL'}")


if __name__ == "__main__":
    main()
