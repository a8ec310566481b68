"""Fuzz the PDF readers: seeded mutants of good PDFs, screened with both engines.

    python scripts/fuzz_pdfs.py OUT_DIR [--count 600] [--seed 18] [--timeout 20] [--no-corpus]
                                [--engines pdfium,pdfplumber] [--json summary.json]

writes OUT_DIR/mutants/*.pdf (the same bytes for the same seed, count and sources), screens the
folder once per engine (`screener screen --engine E --no-state --timeout S`, in a subprocess as a
user would) and checks what issue 18 promises: no `error` status, no traceback on stderr, and one
row per mutant whose status is one of the documented ones. It prints the counts per status per
engine and exits 1 when a check fails (the failing rows are listed).

Sources: the bundled fixtures (fixtures/pdf) and, unless --no-corpus, the real PDFs in
../shared/corpus/real. Each mutant applies one operator, chosen in turn: byte flips, truncation,
a chunk duplicated or deleted, cross-reference damage, a stream /Length that lies, object numbers
swapped, a huge /Count or /Length, deeply nested arrays, broken filters, a page tree that loops.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_PDFS = ROOT / "fixtures" / "pdf"
CORPUS_PDFS = ROOT.parent / "shared" / "corpus" / "real"
# The statuses a damaged PDF may end in (README "The CSV"); `error` means a bug, and is not one of them.
# `duplicate`: a mutant still read as the same candidate as another mutant of its source.
DOCUMENTED = ("ok", "duplicate", "no-text", "encrypted", "corrupt", "not-a-pdf", "unsupported", "empty", "too-large",
              "timeout")
Mutator = Callable[[bytes, random.Random], bytes]


def _span(data: bytes, rng: random.Random, most: int = 4096) -> tuple[int, int]:
    start = rng.randrange(len(data))
    return start, min(len(data), start + rng.randint(1, most))


def byte_flips(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 4, 16, 64))):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncation(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randint(8, max(9, len(data) - 1))]


def chunk_duplication(data: bytes, rng: random.Random) -> bytes:
    start, end = _span(data, rng)
    at = rng.randrange(len(data))
    return data[:at] + data[start:end] + data[at:]


def chunk_deletion(data: bytes, rng: random.Random) -> bytes:
    start, end = _span(data, rng)
    return data[:start] + data[end:]


def _replace_one(data: bytes, pattern: bytes, make: Callable[[re.Match[bytes]], bytes], rng: random.Random) -> bytes:
    """Replace one match of `pattern` (chosen by rng); without a match, fall back to byte flips."""
    matches = list(re.finditer(pattern, data))
    if not matches:
        return byte_flips(data, rng)
    m = rng.choice(matches)
    return data[: m.start()] + make(m) + data[m.end() :]


def xref_damage(data: bytes, rng: random.Random) -> bytes:
    how = rng.randrange(4)
    if how == 0:  # startxref points elsewhere
        return _replace_one(data, rb"startxref\s+\d+", lambda m: b"startxref\n%d" % rng.randrange(10**7), rng)
    if how == 1:  # the table's offsets scrambled
        return re.sub(rb"\d{10} \d{5} n", lambda m: b"%010d 00000 n" % rng.randrange(len(data) * 2), data)
    if how == 2:  # the table's header claims more entries than it has
        return _replace_one(data, rb"xref\s+0 \d+", lambda m: b"xref\n0 %d" % rng.choice((0, 10**6, 2**31)), rng)
    return data.replace(b"xref", b"xreF").replace(b"trailer", b"trai1er")  # neither table nor trailer found


def stream_length_lie(data: bytes, rng: random.Random) -> bytes:
    def lie(m: re.Match[bytes]) -> bytes:
        n = int(m.group(1))
        return b"/Length %d" % rng.choice((0, 1, max(0, n - rng.randint(1, 50)), n + rng.randint(1, 5000), -n))

    return _replace_one(data, rb"/Length (\d+)", lie, rng)


def object_number_swap(data: bytes, rng: random.Random) -> bytes:
    numbers = sorted({int(n) for n in re.findall(rb"(?m)^(\d+) 0 obj", data)})
    if len(numbers) < 2:
        return byte_flips(data, rng)
    a, b = rng.sample(numbers, 2)
    mark = b"\x00SWAP\x00"
    how = rng.randrange(2)
    pattern = rb"\b%d 0 (obj|R)\b" if how == 0 else rb"(?m)^%d 0 (obj)\b"  # every use, or the headers only
    data = re.sub(pattern % a, lambda m: mark + b" 0 " + m.group(1), data)
    data = re.sub(pattern % b, lambda m: b"%d 0 " % a + m.group(1), data)
    return data.replace(mark, b"%d" % b)


def huge_count(data: bytes, rng: random.Random) -> bytes:
    value = rng.choice((2**31 - 1, 2**31, 2**63, 10**100, -1, 0))
    return _replace_one(data, rb"/Count \d+", lambda m: b"/Count %d" % value, rng)


def huge_length(data: bytes, rng: random.Random) -> bytes:
    value = rng.choice((2**31 - 1, 2**32 + 7, 2**63, 10**40))
    return _replace_one(data, rb"/Length \d+", lambda m: b"/Length %d" % value, rng)


def nested_arrays(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice((100, 1000, 10_000, 100_000))
    deep = b"[" * depth + b"0" + b"]" * depth
    how = rng.randrange(3)
    if how == 0:
        return _replace_one(data, rb"/MediaBox\s*\[[^\]]*\]", lambda m: b"/MediaBox " + deep, rng)
    if how == 1:
        return _replace_one(data, rb"/Type\s*/Page\b", lambda m: m.group(0) + b" /Junk " + deep, rng)
    return _replace_one(data, rb"/Kids\s*\[", lambda m: m.group(0) + b"[" * depth, rng)  # unbalanced


def broken_filters(data: bytes, rng: random.Random) -> bytes:
    how = rng.randrange(4)
    if how == 0:
        other = rng.choice((b"/LZWDecode", b"/DCTDecode", b"/JBIG2Decode", b"/NoSuchDecode", b"/RunLengthDecode"))
        return _replace_one(data, rb"/FlateDecode", lambda m: other, rng)
    if how == 1:
        return _replace_one(data, rb"/Filter\s*/FlateDecode", lambda m: b"/Filter [/FlateDecode /FlateDecode]", rng)
    if how == 2:
        chain = b"/Filter [" + b"/ASCIIHexDecode " * 64 + b"]"
        return _replace_one(data, rb"/Filter\s*(/\w+|\[[^\]]*\])", lambda m: chain, rng)
    streams = [m.end() for m in re.finditer(rb"stream\r?\n", data)]  # garbage inside a compressed stream
    if not streams:
        return byte_flips(data, rng)
    at = rng.choice(streams) + rng.randint(2, 40)
    return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 64))) + data[at + 8 :]


def page_tree_loop(data: bytes, rng: random.Random) -> bytes:
    pages = re.search(rb"(?m)^(\d+) 0 obj\s*<<[^>]*?/Type\s*/Pages", data)
    if not pages:
        return byte_flips(data, rng)
    ref = pages.group(1) + b" 0 R"
    return _replace_one(data, rb"/Kids\s*\[", lambda m: m.group(0) + ref + b" " + ref + b" ", rng)


MUTATORS: dict[str, Mutator] = {
    "flip": byte_flips,
    "truncate": truncation,
    "dup": chunk_duplication,
    "delete": chunk_deletion,
    "xref": xref_damage,
    "length-lie": stream_length_lie,
    "swap": object_number_swap,
    "count": huge_count,
    "huge-length": huge_length,
    "nested": nested_arrays,
    "filter": broken_filters,
    "loop": page_tree_loop,
}


def sources(corpus: bool = True) -> list[Path]:
    found = sorted(FIXTURE_PDFS.glob("*.pdf"))
    if corpus and CORPUS_PDFS.is_dir():
        found += sorted(CORPUS_PDFS.glob("*.pdf"))
    return [p for p in found if p.read_bytes()[:5] == b"%PDF-"]


def make_mutants(srcs: list[Path], count: int, seed: int, out: Path) -> list[Path]:
    """`count` mutants in `out`, operators in turn, sources drawn by a generator seeded with `seed`."""
    out.mkdir(parents=True, exist_ok=True)
    names = list(MUTATORS)
    made = []
    for i in range(count):
        rng = random.Random(f"{seed}:{i}")
        src = srcs[rng.randrange(len(srcs))]
        op = names[i % len(names)]
        path = out / f"m{i:04d}-{op}-{src.stem[:24]}.pdf"
        path.write_bytes(MUTATORS[op](src.read_bytes(), rng))
        made.append(path)
    return made


@dataclass
class EngineRun:
    engine: str
    exit_code: int
    statuses: Counter[str] = field(default_factory=Counter)
    rows: dict[str, str] = field(default_factory=dict)  # file name -> status
    problems: list[str] = field(default_factory=list)


def screen(folder: Path, mutants: list[Path], engine: str, timeout: float, jobs: int | None = None) -> EngineRun:
    """Screen the folder with one engine in a subprocess; every mutant must get one documented status."""
    out = folder.parent / f"fuzz-{engine}.csv"
    cmd = [sys.executable, "-m", "screener", "screen", str(folder), "-o", str(out), "--no-state", "-q",
           "--engine", engine, "--timeout", str(timeout)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), "SCREENER_CONFIG": ""}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    run = EngineRun(engine, proc.returncode)
    if proc.returncode != 0:
        run.problems.append(f"exit {proc.returncode}")
    if "Traceback" in proc.stderr or "Traceback" in proc.stdout:
        run.problems.append("a traceback: " + proc.stderr[-4000:] + proc.stdout[-1000:])
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))) if out.exists() else []
    seen = Counter(Path(r["file"]).name for r in rows)
    for r in rows:
        run.statuses[r["status"]] += 1
        run.rows[Path(r["file"]).name] = r["status"]
        if r["status"] not in DOCUMENTED:
            run.problems.append(f"{Path(r['file']).name}: {r['status']}: {r['notes'][:200]}")
    for m in mutants:
        if seen[m.name] != 1:
            run.problems.append(f"{m.name}: {seen[m.name]} rows")
    return run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="a folder for the mutants and the outputs")
    ap.add_argument("--count", type=int, default=600, help="how many mutants (600)")
    ap.add_argument("--seed", type=int, default=18, help="the seed (18): the same seed makes the same mutants")
    ap.add_argument("--timeout", type=float, default=20.0, help="screener's per-file --timeout in seconds (20)")
    ap.add_argument("--engines", default="pdfium,pdfplumber", help="engines to screen with (pdfium,pdfplumber)")
    ap.add_argument("--jobs", type=int, default=None, help="screener's --jobs (its default)")
    ap.add_argument("--no-corpus", action="store_true", help="mutate the bundled fixtures only")
    ap.add_argument("--json", type=Path, help="write the counts and problems here")
    args = ap.parse_args(argv)
    folder = args.out / "mutants"
    for old in folder.glob("*.pdf") if folder.is_dir() else []:
        old.unlink()
    mutants = make_mutants(sources(not args.no_corpus), args.count, args.seed, folder)
    runs = [screen(folder, mutants, e, args.timeout, args.jobs) for e in args.engines.split(",")]
    for run in runs:
        counts = ", ".join(f"{s} {n}" for s, n in sorted(run.statuses.items(), key=lambda kv: (-kv[1], kv[0])))
        print(f"{run.engine}: exit {run.exit_code}; {sum(run.statuses.values())} rows: {counts}")
        for p in run.problems[:50]:
            print("  PROBLEM", p)
    if args.json:
        args.json.write_text(json.dumps({"count": args.count, "seed": args.seed, "timeout": args.timeout,
                                         "runs": [{"engine": r.engine, "exit": r.exit_code,
                                                   "statuses": dict(sorted(r.statuses.items())),
                                                   "problems": r.problems} for r in runs]}, indent=1))
    return 1 if any(r.problems for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
