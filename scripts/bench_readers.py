"""Throughput of each reader: CPU milliseconds a document (Word, OpenDocument, RTF, text, HTML) and
CPU seconds a page (OCR), on the bundled inbox fixtures and the real Word resumes in ../shared.

    python scripts/bench_readers.py [--repeat 5] [--no-append]

CPU time of this process (time.process_time), so the figures hold on a busy machine too; each file
is read `--repeat` times after one warm-up read and the median is kept. Only the reader is timed
(sniffing, reading and layout to a Document), not the judgement, which is the same for every kind.
Results are printed as Markdown and appended to BENCHMARKS.md unless --no-append.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screener.read import read_bytes  # noqa: E402
from screener.read.base import ExtractError  # noqa: E402
from screener.read.sniff import sniff  # noqa: E402

SOURCES = (ROOT / "fixtures" / "inbox", ROOT.parent / "shared" / "corpus" / "docx")
SCAN_PDFS = (ROOT / "fixtures" / "pdf" / "90_scanned.pdf", ROOT / "fixtures" / "inbox" / "13_research_only-scan.pdf")
SKIP_KINDS = {"zip", "eml", "empty", "unknown", "pages", "ole2"}  # containers and failures: not a reader's speed


def _files() -> list[Path]:
    files = [f for d in SOURCES if d.is_dir() for f in sorted(d.iterdir())
             if f.is_file() and not f.name.startswith((".", "~$", "_")) and f.suffix not in (".toml", ".md")]
    md = ROOT / "fixtures" / "inbox" / "23_title_ai_work_ml.md"
    return files + ([md] if md.exists() else []) + [p for p in SCAN_PDFS if p.exists()]


def _time(data: bytes, name: str, repeat: int) -> tuple[float, int, str]:
    """Median CPU seconds of one read, the pages read, and the reader's name."""
    doc = read_bytes(data, name)  # warm-up: imports, caches
    runs = []
    for _ in range(repeat):
        t = time.process_time()
        read_bytes(data, name)
        runs.append(time.process_time() - t)
    pages = max((ln.page for ln in doc.lines), default=1)
    return statistics.median(runs), pages, doc.reader


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-append", action="store_true")
    args = ap.parse_args()
    by_reader: dict[str, list[tuple[str, float, int]]] = defaultdict(list)
    for f in _files():
        data = f.read_bytes()
        kind = sniff(data, f.name).kind
        if kind in SKIP_KINDS:
            continue
        try:
            seconds, pages, reader = _time(data, f.name, 1 if reader_is_slow(kind, f) else args.repeat)
        except ExtractError as exc:
            print(f"{f.name}: {exc.status} ({exc.reason})", file=sys.stderr)
            continue
        by_reader[reader].append((f.name, seconds, pages))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    lines = [f"### Readers, {dt.date.today().isoformat()} (commit {commit.stdout.strip() or '?'}, "
             f"{os.cpu_count()} cores; CPU time, median of {args.repeat} reads after a warm-up)", "",
             "| reader | files | pages | ms a document (median, max) | CPU-s a page |", "|---|---|---|---|---|"]
    for reader, rows in sorted(by_reader.items()):
        per_doc = [s * 1000 for _, s, _ in rows]
        pages = sum(p for _, _, p in rows)
        per_page = sum(s for _, s, _ in rows) / max(pages, 1)
        lines.append(f"| {reader} | {len(rows)} | {pages} | {statistics.median(per_doc):.1f}, {max(per_doc):.1f} "
                     f"| {per_page:.3f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_append:
        with (ROOT / "BENCHMARKS.md").open("a", encoding="utf-8") as fh:
            fh.write("\n" + text)
    return 0


def reader_is_slow(kind: str, f: Path) -> bool:
    """OCR takes seconds a page: one timed read is enough."""
    return kind in ("png", "jpeg", "tiff", "webp") or f in SCAN_PDFS


if __name__ == "__main__":
    raise SystemExit(main())
