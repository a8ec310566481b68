"""The nightly-run benchmark: 1,000 PDFs screened once, then 10 new ones, timed.

    python scripts/bench_incremental.py [--files 1000]

Target (issue "Batch and nightly operation"): the second run screens only the 10 new files
and takes under a tenth of the first run's time. Prints the figures and a verdict; a timing
belongs here, not in a unit test (tests/test_batch.py checks that only the new files are read).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "pdf"


def replicate(dest: Path, count: int, start: int = 0) -> None:
    """Distinct copies of the readable fixtures: a trailing comment changes the hash, not the text."""
    sources = sorted(p for p in FIXTURES.glob("*.pdf") if p.name[:1] != "9")
    dest.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + count):
        src = sources[i % len(sources)]
        (dest / f"{i:05d}_{src.name}").write_bytes(src.read_bytes() + f"\n% copy {i}\n".encode())


def timed(*args: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "screener", *args], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        sys.exit(f"screener failed: {proc.stderr}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    count = parser.parse_args().files
    with tempfile.TemporaryDirectory() as tmp:
        inbox, out, db = Path(tmp) / "inbox", Path(tmp) / "ranked.csv", Path(tmp) / "state.db"
        replicate(inbox, count)
        args = ("screen", str(inbox), "-o", str(out), "--state", str(db), "--as-of", "2026-11-01", "-q")
        first = timed(*args)
        replicate(inbox, 10, start=count)
        second = timed(*args)
        with sqlite3.connect(db) as conn:
            found, screened, reused = conn.execute(
                "SELECT found, screened, reused FROM runs ORDER BY id DESC LIMIT 1"
            ).fetchone()
        quiet = timed(*args)
    spacy_start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import spacy; spacy.blank('en')"], check=True)
    spacy_load = time.perf_counter() - spacy_start
    ratio = second / first
    print(f"cores {os.cpu_count()}; {count} files first run {first:.1f} s")
    print(f"second run: {found} found, {screened} screened, {reused} reused, {second:.2f} s = {ratio:.1%} of the first")
    print(f"a night with nothing new: {quiet:.2f} s; importing spaCy and a blank pipeline alone: {spacy_load:.2f} s")
    print(f"verdict: only the new files screened: {'PASS' if screened == 10 else 'FAIL'}; "
          f"under a tenth of the first run: {'PASS' if ratio < 0.1 else 'FAIL'}")


if __name__ == "__main__":
    main()
