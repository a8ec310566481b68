#!/usr/bin/env python3
"""Instructions, not seconds: one producer group's per-file pipeline counted under valgrind's callgrind.

    python scripts/bench_instructions.py reportlab                      # this tree, and the floor
    python scripts/bench_instructions.py reportlab --ref-src DIR        # also a baseline tree
    python scripts/bench_instructions.py reportlab other --ref-src DIR  # several groups

This machine's speed drifts by 10-30% from minute to minute, so a change worth 10% can hide in the
CPU-time benchmark (`bench.py --producers`). Instructions executed do not drift: the same code on the
same files counts the same to a fraction of a percent (PYTHONHASHSEED is fixed). They are not time
(the pipeline's Python runs at about half the instructions per cycle of PDFium's C, so the ratio to
the floor in instructions is about half the ratio in CPU time), but they say whether a change made
the work smaller, and by how much.

What is counted: in a fresh process, start-up done and the start-up objects frozen (as a worker is),
the other groups of the representative corpus but wkhtmltopdf screened first (so that caches hold
what a run would have put in them, as in `bench.py --producers`), then `screen_file` once on each
file of the group, the only part callgrind collects (it is toggled on inside functools.reduce, which
only the measuring loop calls). The floor is counted the same way: PDFium opening each file and
reading every page's text. Each count takes a minute or two; the sides run two at a time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARM_GROUPS = ("latex", "office", "typst", "chromium", "other", "reportlab")  # not wkhtmltopdf: 350 files

_SCREEN = """
import functools, gc, json, sys
from pathlib import Path
listing = json.loads(Path(sys.argv[1]).read_text())
from screener.pipeline import Screen, screen_file
from screener.taxonomy import load_taxonomy
config = Screen.of(load_taxonomy(None), as_of="2026-11-01")
config.matcher
gc.freeze()
for f in listing["warm"]:
    screen_file(Path(f), config, f)
functools.reduce(lambda acc, f: (screen_file(Path(f), config, f), acc)[1], listing["files"], 0)
"""

_FLOOR = """
import functools, json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
import pypdfium2 as pdfium
from bench import read_all_text
listing = json.loads(Path(sys.argv[1]).read_text())
datas = [Path(f).read_bytes() for f in listing["files"]]
for d in datas:
    read_all_text(pdfium.PdfDocument(d))
functools.reduce(lambda acc, d: (read_all_text(pdfium.PdfDocument(d)), acc)[1], datas, 0)
"""


def count(code: str, args: list[str], src: Path, work: Path) -> int:
    """Instructions callgrind collected inside functools.reduce for `code` run from `src`."""
    out = work / f"callgrind.{os.getpid()}.{abs(hash((code, str(src), *args)))}"
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONHASHSEED": "0"}
    cmd = ["valgrind", "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=functools_reduce",
           f"--callgrind-out-file={out}", sys.executable, "-c", code, *args]
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=src)
    for line in r.stderr.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1].strip())
    raise SystemExit(f"callgrind gave no count ({r.returncode}):\n{r.stderr[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("groups", nargs="+", help="producer groups (bench_producers.GROUPS)")
    ap.add_argument("--ref-src", type=Path, help="a baseline source tree, counted the same way")
    args = ap.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_producers

    items = bench_producers.corpus()
    by_group: dict[str, list[str]] = {}
    pages: dict[str, int] = {}
    for f, g, n in items:
        by_group.setdefault(g, []).append(str(f))
        pages[g] = pages.get(g, 0) + n
    unknown = [g for g in args.groups if g not in by_group]
    if unknown:
        print(f"no such group in the corpus: {', '.join(unknown)}", file=sys.stderr)
        return 2
    sides = {"now": ROOT} | ({"ref": args.ref_src.resolve()} if args.ref_src else {})
    with tempfile.TemporaryDirectory(prefix="screener-instr-") as tmp:
        work = Path(tmp)
        jobs = []
        for g in args.groups:
            listing = work / f"{g}.json"
            warm = [f for w in WARM_GROUPS if w != g for f in by_group.get(w, [])]
            listing.write_text(json.dumps({"files": by_group[g], "warm": warm}))
            jobs.append((g, "floor", _FLOOR, [str(listing), str(ROOT / "scripts")], ROOT))
            jobs += [(g, side, _SCREEN, [str(listing)], src) for side, src in sides.items()]
        with ThreadPoolExecutor(max_workers=2) as pool:
            counts = list(pool.map(lambda j: count(j[2], j[3], j[4], work), jobs))
    found = {(j[0], j[1]): c for j, c in zip(jobs, counts, strict=True)}
    print("| group | files | pages | floor Mi/page | " + " | ".join(f"{s} Mi/page | {s} x floor" for s in sides) + " |")
    print("|---|---:|---:|---:|" + "---:|---:|" * len(sides))
    for g in args.groups:
        fl = found[(g, "floor")] / pages[g] / 1e6
        floor = found[(g, "floor")]
        cells = " | ".join(f"{found[(g, s)] / pages[g] / 1e6:.1f} | {found[(g, s)] / floor:.2f}x" for s in sides)
        print(f"| {g} | {len(by_group[g])} | {pages[g]} | {fl:.1f} | {cells} |")
    if "ref" in sides:
        for g in args.groups:
            change = found[(g, "now")] / found[(g, "ref")] - 1
            print(f"- {g}: now {100 * change:+.1f}% instructions against ref")
    return 0


if __name__ == "__main__":
    sys.exit(main())
