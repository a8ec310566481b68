#!/usr/bin/env python3
"""Benchmark screener against the floor (PDFium reading the text) and the peer (pdfplumber), in one run.

    python scripts/bench.py              # 500 PDFs, the full run (about 6 minutes on 2 cores)
    python scripts/bench.py --quick      # 100 PDFs, fewer memory passes (about 2 minutes)
    python scripts/bench.py --no-append  # print the results, leave BENCHMARKS.md alone
    python scripts/bench.py --producers [--ref-src DIR] [--rounds N]
                                         # the representative corpus, per producer group, in CPU time
                                         # (scripts/bench_producers.py; LiveCareer, real, fixtures)

Everything is measured on the same corpus of PDFs, built in a temporary folder:
the readable fixtures, rendered variants of them (other names, other lengths;
needs reportlab, else byte-distinct copies) and ../shared/corpus/real/*.pdf
when that folder exists. BENCHMARKS.md says what every figure means.

Plain Python: it needs only screener installed (`pip install .`) and runs from
any working directory.
"""

from __future__ import annotations

import argparse
import copy
import csv
import datetime as dt
import gc
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "pdf"
SPECS = ROOT / "fixtures" / "specs"
REAL = ROOT.parent / "shared" / "corpus" / "real"
BENCHMARKS = ROOT / "BENCHMARKS.md"
AS_OF = "2026-11-01"
ONE_FILE = FIXTURES / "01_ai_strong.pdf"

# The page-count mix of the corpus: most resumes are 1-3 pages, a few CVs are long.
PAGE_MIX: dict[int | str, float] = {1: 0.48, 2: 0.32, 3: 0.11, 4: 0.04, "5-8": 0.05}
LONG_PAGES = (5, 6, 7, 8)

# Targets (a printed verdict each, not a test).
T_FLOOR_RATIO = 5.0  # screener --jobs 1 ms/page <= 5x PDFium get_text_range
T_PEER_RATIO = 0.25  # ... and <= a quarter of pdfplumber extract_text
T_SCALING = 1.7  # --jobs 2 throughput >= 1.7x --jobs 1
T_HELP = 0.3  # s
T_ONE_FILE = 1.5  # s, including start-up
T_WORKER_MB = 300.0
T_GROWTH_MB = 20.0  # RSS after the last pass minus RSS after the first: "flat"
# (a), (c) and (d) are measured in rounds, one of each per round, and each keeps its best: this
# machine's speed drifts by 10-30% over minutes, and a ratio of two figures taken minutes apart
# measured the drift as much as the code.
ROUNDS = 5


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- corpus


@dataclass
class Corpus:
    folder: Path
    files: list[Path]
    pages: dict[Path, int] = field(default_factory=dict)
    origin: Counter[str] = field(default_factory=Counter)
    method: str = ""

    @property
    def total_pages(self) -> int:
        return sum(self.pages[f] for f in self.files)


def page_count(path: Path) -> int:
    """Pages of a PDF per PDFium; 0 when it cannot be opened."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception:  # noqa: BLE001
        return 0
    try:
        return len(pdf)
    finally:
        pdf.close()


def has_text(path: Path) -> bool:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception:  # noqa: BLE001
        return False
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            text = tp.get_text_range()
            tp.close()
            page.close()
            if text.strip():
                return True
        return False
    finally:
        pdf.close()


def bucket(pages: int) -> int | str:
    return pages if pages <= 4 else "5-8"


def quotas(n: int) -> dict[int | str, int]:
    """How many files of each page bucket a corpus of n should hold (largest remainder)."""
    raw = {k: v * n for k, v in PAGE_MIX.items()}
    out = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: raw[k] - out[k], reverse=True)[: n - sum(out.values())]:
        out[k] += 1
    return out


def fixed_sources(limit: int) -> list[tuple[str, Path]]:
    """The readable fixtures and the real corpus (without odd_*), at most `limit`, by stride."""
    found: list[tuple[str, Path]] = []
    for p in sorted(FIXTURES.glob("*.pdf")):
        if has_text(p):
            found.append(("fixture", p))
    if REAL.is_dir():
        for p in sorted(REAL.glob("*.pdf")):
            if not p.name.startswith("odd_"):
                found.append(("real", p))
    if len(found) > limit:
        step = len(found) / limit
        found = [found[int(i * step)] for i in range(limit)]
    return found


def build_corpus(folder: Path, n: int, seed: int = 2026) -> Corpus:
    folder.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(folder, [])
    # Fixed files take at most 3/5 of a small corpus, so that variants still set the page mix.
    for kind, src in fixed_sources(max(1, n * 3 // 5) if n < 200 else n):
        dst = folder / (("fx_" if kind == "fixture" else "real_") + src.name)
        shutil.copyfile(src, dst)
        corpus.files.append(dst)
        corpus.pages[dst] = page_count(dst)
        corpus.origin[kind] += 1
    want = quotas(n)
    have = Counter(bucket(corpus.pages[f]) for f in corpus.files)
    targets: list[int] = []
    for b in want:
        missing = max(0, want[b] - have[b])
        if b == "5-8":
            targets += [LONG_PAGES[i % len(LONG_PAGES)] for i in range(missing)]
        else:
            targets += [int(b)] * missing
    targets = targets[: max(0, n - len(corpus.files))]
    while len(targets) < n - len(corpus.files):  # fixed files overfilled some buckets: pad with 1-2 pages
        targets.append(1 + len(targets) % 2)
    rng = random.Random(seed)
    rng.shuffle(targets)
    try:
        variants = Variants(seed)
        corpus.method = "reportlab variants"
    except ImportError as exc:
        log(f"reportlab is not importable ({exc}); the variants are byte-distinct copies instead")
        variants = None
        corpus.method = "byte-distinct copies (reportlab missing)"
    for i, pages in enumerate(targets):
        if variants is not None:
            try:
                dst = variants.render(i, pages, folder)
                corpus.origin["rendered variant"] += 1
            except Exception as exc:  # noqa: BLE001 - a spec that will not lay out: copy instead
                log(f"variant {i} ({pages} pages) could not be rendered: {exc}; copying instead")
                dst = copy_variant(i, pages, corpus, folder)
                corpus.origin["byte-distinct copy"] += 1
        else:
            dst = copy_variant(i, pages, corpus, folder)
            corpus.origin["byte-distinct copy"] += 1
        corpus.files.append(dst)
        corpus.pages[dst] = page_count(dst)
        if (i + 1) % 100 == 0:
            log(f"  {i + 1}/{len(targets)} variants")
    corpus.files.sort()
    return corpus


def copy_variant(i: int, pages: int, corpus: Corpus, folder: Path) -> Path:
    """A byte-distinct copy (a PDF comment after %%EOF) of a fixed file, as close to `pages` as there is."""
    fixed = [f for f in corpus.files if f.name.startswith(("fx_", "real_"))]
    best = min(abs(corpus.pages[f] - pages) for f in fixed)
    pool = [f for f in fixed if abs(corpus.pages[f] - pages) == best]
    src = pool[i % len(pool)]
    dst = folder / f"copy{i:04d}_{src.name.split('_', 1)[1]}"
    dst.write_bytes(src.read_bytes() + f"\n%bench-copy {i}\n".encode())
    return dst


def _split(names: str) -> list[str]:
    return names.split("|")


FIRST = _split(
    "Ana|Ben|Chiara|Dmitri|Elif|Farah|Gustavo|Hana|Ibrahim|Jonas|Keiko|Lucas|Mariam|Nikhil|Olga|"
    "Pedro|Quinn|Rosa|Sanjay|Tomasz|Uma|Victor|Wen|Ximena|Yusuf|Zofia|Alexandra|Bartholomew|"
    "Christopher|Esperanza|Li|Jo|Maximilian|Oluwaseun|Priyanka|Sebastián|Thandiwe|Wilhelmina"
)
LAST = _split(
    "Abara|Berg|Castellanos|Duarte|Eriksen|Fontaine|Gallagher|Haddad|Iwasaki|Jovanovic|Kowalczyk|"
    "Lindqvist|Moreau|Nakamura|Okafor|Petrova|Quintero|Rahman|Silva|Tanaka|Ueda|Vasquez|Wojcik|Xu|"
    "Yilmaz|Zimmermann|Ng|Van der Westhuizen|Montgomery-Hughes|O'Brien|Ruiz|Schwarzenberger"
)
TITLES = _split(
    "Software Engineer|Data Engineer|Backend Engineer|Data Scientist|Analytics Engineer|"
    "Platform Engineer|Senior Software Engineer|Data Analyst|Machine Learning Engineer|"
    "Site Reliability Engineer|Research Engineer|Technical Lead"
)
ORGS = _split(
    "Northwind Logistics|Bluepeak Health|Copperline Bank|Atlas Retail Group|Quillstone Media|"
    "Harborview Insurance|Tidewater Energy|Granite Labs|Juniper Mobility|Orchard Analytics|"
    "Meridian Telecom|Foxglove Games|Silverleaf Travel|Kestrel Robotics|Lakeshore Foods"
)
PLACES = _split("Chicago, IL|Austin, TX|Toronto, ON|London, UK|Berlin, Germany|Remote|Denver, CO")
MONTHS = _split("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
BULLETS = [
    "Built ETL jobs in Python and SQL that load 40 GB of sales data a day into the warehouse, "
    "cutting report latency from 6 hours to 45 minutes.",
    "Trained gradient-boosted churn models with scikit-learn and XGBoost; the retention campaign they "
    "target saved $1.2M a year.",
    "Ran Hadoop and Spark batch jobs over 3 years of clickstream logs for the marketing analytics team.",
    "Designed a REST API in Java and PostgreSQL serving 2,500 requests per second at p99 under 120 ms.",
    "Moved nightly reporting from cron scripts to Airflow, with alerting and retries; on-call for the pipeline.",
    "Wrote the A/B testing library used by 14 product teams; cut experiment setup from days to an hour.",
    "Mentored four junior engineers and ran the weekly code review rotation.",
    "Migrated 120 services from virtual machines to Docker and Kubernetes on AWS with no customer downtime.",
    "Built dashboards in Tableau for operations managers across 38 warehouses.",
    "Reduced cloud spend by 27% by right-sizing clusters and moving cold data to object storage.",
    "Implemented fraud rules and a logistic-regression risk score reviewed by the compliance team.",
    "Maintained the search service on Elasticsearch, improving click-through on results by 9%.",
]
PROJECTS = _split(
    "Open-source contributor|Weekend hackathon winner|Community data portal|Course project|"
    "Conference workshop|Volunteer tutoring platform|Home energy monitor"
)
PUBS = [
    "{a}, et al. Scalable feature pipelines for retail demand forecasting. Workshop on Data Systems, {y}.",
    "{a} and coauthors. Lessons from running streaming analytics at scale. Industry track, {y}.",
    "{a}. A practical guide to testing data pipelines. Invited talk, regional PyData meetup, {y}.",
    "{a}, J. Smith. Robust anomaly detection for sensor networks. Journal of Applied Computing, {y}.",
]


class Variants:
    """Rendered variants of the fixture specs: new names and contact details, other lengths."""

    def __init__(self, seed: int) -> None:
        sys.path.insert(0, str(ROOT / "scripts"))
        import make_fixtures as mf  # needs reportlab

        self.mf = mf
        mf.register_fonts()
        self.seed = seed
        self.bases: list[tuple[dict[str, Any], int]] = []
        for p in sorted(SPECS.glob("*.toml")):
            spec = mf.load_spec(p)
            meta = spec.get("pdf", {})
            if meta.get("render", "vector") != "vector" or meta.get("password"):
                continue
            self.bases.append((spec, self._pages(spec)))

    def _layout(self, spec: dict[str, Any]) -> Any:
        mf = self.mf
        layout = mf.Layout(spec, mf.Style.from_spec(spec.get("style", {})))
        ops = layout.run()
        return layout, ops

    def _pages(self, spec: dict[str, Any]) -> int:
        return int(self._layout(spec)[0].pages)

    def render(self, i: int, pages: int, folder: Path) -> Path:
        try:
            return self._render(i, pages, folder, vary_font=True)
        except self.mf.LayoutError:  # e.g. a long title that only fits in the base font
            return self._render(i, pages, folder, vary_font=False)

    def _render(self, i: int, pages: int, folder: Path, vary_font: bool) -> Path:
        rng = random.Random(self.seed * 100_003 + i)
        fitting = [b for b in self.bases if b[1] <= pages]
        base, base_pages = fitting[i % len(fitting)]
        spec = copy.deepcopy(base)
        first, last = rng.choice(FIRST), rng.choice(LAST)
        name = f"{first} {last}"
        stem = f"v{i:04d}_{_slug(first)}_{_slug(last)}"
        spec = _replace_identity(
            spec, name, f"{_slug(first)}.{_slug(last)}{i}@example.com", f"(415) 555-01{i % 100:02d}"
        )
        spec["_stem"] = stem
        style = spec.setdefault("style", {})
        if rng.random() < 0.5 and vary_font:
            style["font"] = rng.choice(["Helvetica", "Times", "Vera"])
        if pages == 1 and base_pages == 1:
            _trim(spec, rng)
        elif pages > base_pages:
            spec = self._grow(spec, pages, rng, name)
        if self._pages(spec) > pages:  # a different font can spill over: fall back to the base style
            spec["style"] = copy.deepcopy(base.get("style", {}))
        layout, ops = self._layout(spec)
        out = folder / f"{stem}.pdf"
        self.mf.draw(ops, layout, out, spec.get("pdf", {}), stem)
        return out

    def _grow(self, spec: dict[str, Any], pages: int, rng: random.Random, name: str) -> dict[str, Any]:
        """The smallest amount of added work, projects and publications that reaches `pages`."""
        plan = _extra_plan(rng, name)
        lo, hi = 0, 4
        while self._pages(_with_extra(spec, plan, hi)) < pages and hi < 400:
            lo, hi = hi, hi * 2
        while lo < hi:
            mid = (lo + hi) // 2
            if self._pages(_with_extra(spec, plan, mid)) >= pages:
                hi = mid
            else:
                lo = mid + 1
        return _with_extra(spec, plan, lo)


def _slug(s: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return "".join(ch for ch in s.lower() if ch.isalnum())


def _replace_identity(spec: dict[str, Any], name: str, email: str, phone: str) -> dict[str, Any]:
    header = spec.get("header", {})
    old_name = header.get("name", "")
    old_email = next((c for c in header.get("contact", []) if "@" in c), None)
    old_phone = next(
        (
            c
            for c in header.get("contact", [])
            if sum(ch.isdigit() for ch in c) >= 7 and set(c) <= set("+()-. 0123456789")
        ),
        None,
    )
    subs = [(old_name, name)] if old_name else []
    if old_email:
        subs.append((old_email, email))
    if old_phone:
        subs.append((old_phone, phone))

    def walk(x: Any) -> Any:
        if isinstance(x, str):
            for a, b in subs:
                x = x.replace(a, b)
            return x
        if isinstance(x, list):
            return [walk(v) for v in x]
        if isinstance(x, dict):
            return {k: walk(v) for k, v in x.items()}
        return x

    out: dict[str, Any] = walk(spec)
    return out


def _trim(spec: dict[str, Any], rng: random.Random) -> None:
    """Shorter one-page variants: drop some bullets (every entry keeps one)."""
    for sec in spec.get("section", []):
        for e in sec.get("entry", []):
            bullets = e.get("bullets", [])
            if len(bullets) > 1:
                e["bullets"] = [b for j, b in enumerate(bullets) if j == 0 or rng.random() > 0.35]


def _extra_plan(rng: random.Random, name: str) -> list[tuple[str, Any]]:
    """An ordered list of additions: older work roles first, then projects and publications."""
    plan: list[tuple[str, Any]] = []
    end = (2015, rng.randrange(12))
    for _ in range(8):
        months = rng.randrange(10, 30)
        start_i = end[0] * 12 + end[1] - months
        start = (start_i // 12, start_i % 12)
        plan.append(
            (
                "work",
                {
                    "title": rng.choice(TITLES),
                    "org": rng.choice(ORGS),
                    "location": rng.choice(PLACES),
                    "dates": f"{MONTHS[start[1]]} {start[0]} – {MONTHS[end[1]]} {end[0]}",
                    "bullets": rng.sample(BULLETS, rng.randrange(2, 5)),
                },
            )
        )
        end_i = start_i - rng.randrange(1, 4)
        end = (end_i // 12, end_i % 12)
    initial = name.split()[-1] + ", " + name[0]
    for j in range(400):
        if j % 2 == 0:
            plan.append(("project", {"title": rng.choice(PROJECTS), "bullets": rng.sample(BULLETS, 2)}))
        else:
            plan.append(("pub", rng.choice(PUBS).format(a=initial, y=2010 + rng.randrange(15))))
    return plan


def _with_extra(spec: dict[str, Any], plan: list[tuple[str, Any]], k: int) -> dict[str, Any]:
    out = copy.deepcopy(spec)
    sections = out.setdefault("section", [])
    main = [s for s in sections if s.get("column") != "side"]
    dated = [s for s in main if any(e.get("dates") for e in s.get("entry", []))]
    work = max(dated, key=lambda s: len(s.get("entry", [])), default=None)
    projects: dict[str, Any] | None = None
    pubs: dict[str, Any] | None = None
    for kind, item in plan[:k]:
        if kind == "work" and work is not None:
            work.setdefault("entry", []).append(copy.deepcopy(item))
        elif kind in ("work", "project"):
            if projects is None:
                projects = {"heading": "Projects", "entry": []}
                sections.append(projects)
            projects["entry"].append(
                copy.deepcopy(item if kind == "project" else {"title": item["title"], "bullets": item["bullets"]})
            )
        else:
            if pubs is None:
                pubs = {"heading": "Publications", "lines": []}
                sections.append(pubs)
            pubs["lines"].append(item)
    return out


# --------------------------------------------------------------------------- the floor and the peer


@dataclass
class Rate:
    seconds: float
    files: int
    pages: int
    failures: int = 0
    note: str = ""

    @property
    def files_per_s(self) -> float:
        return self.files / self.seconds if self.seconds else 0.0

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.seconds / self.pages if self.pages else 0.0


def time_floor(files: Sequence[Path], pages: dict[Path, int]) -> Rate:
    """PDFium: open each file, get_text_range() on every page, close."""
    import pypdfium2 as pdfium

    failures = 0
    t = time.perf_counter()
    for f in files:
        try:
            pdf = pdfium.PdfDocument(str(f))
        except Exception:  # noqa: BLE001
            failures += 1
            continue
        read_all_text(pdf)
    return Rate(time.perf_counter() - t, len(files), sum(pages[f] for f in files), failures)


def read_all_text(pdf: Any) -> None:
    """The floor's work on one open PDFium document: every page's text, then close (bench_producers.py too)."""
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        tp.get_text_range()
        tp.close()
        page.close()
    pdf.close()


def time_peer(files: Sequence[Path], pages: dict[Path, int], sample: int) -> tuple[Rate, Rate]:
    """pdfplumber extract_text() on every page of a deterministic sample; scaled per page to all files.

    Returns (the sample as measured, the projection to every file).
    """
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # "Could not get FontBBox..." on some real PDFs
    chosen = list(files)
    if 0 < sample < len(files):
        step = len(files) / sample
        chosen = [files[int(i * step)] for i in range(sample)]
    failures = 0
    t = time.perf_counter()
    for f in chosen:
        try:
            with pdfplumber.open(str(f)) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    page.close()
        except Exception:  # noqa: BLE001
            failures += 1
    measured = Rate(time.perf_counter() - t, len(chosen), sum(pages[f] for f in chosen), failures)
    total_pages = sum(pages[f] for f in files)
    projected = Rate(
        measured.ms_per_page * total_pages / 1000,
        len(files),
        total_pages,
        failures,
        note=f"{len(chosen)}-file sample ({measured.pages} pages), scaled per page",
    )
    return measured, projected


# --------------------------------------------------------------------------- the command line


def screener_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "screener"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("screener")
    return [found] if found else [sys.executable, "-m", "screener"]


@dataclass
class Run:
    seconds: float
    code: int
    maxrss_mb: float  # the largest process of the run (the command or one of its workers)
    stderr: str
    stdout: str = ""


# Runs a command and reports its wall time and, from wait4, the peak RSS of its largest process.
# A small process of its own, because on Linux ru_maxrss survives fork and exec: a command
# forked straight from this (large) benchmark process would report the benchmark's own peak.
LAUNCHER = """
import json, os, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
t = time.perf_counter()
p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
_, status, ru = os.wait4(p.pid, 0)
seconds = time.perf_counter() - t
p.returncode = code = os.waitstatus_to_exitcode(status)
with open(out, "w") as fh:
    json.dump({"seconds": seconds, "code": code, "maxrss_kb": ru.ru_maxrss}, fh)
"""


def run_cmd(args: list[str], cwd: Path) -> Run:
    """Run a command through LAUNCHER: its wall time (without the launcher's) and peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as tmp:
        res = Path(tmp) / "run.json"
        subprocess.run([sys.executable, "-S", "-c", LAUNCHER, str(res), *args], cwd=cwd, stdout=out, stderr=err)
        err.seek(0)
        out.seek(0)
        stderr, stdout = err.read().decode(errors="replace"), out.read().decode(errors="replace")
        if not res.exists():
            return Run(0.0, -1, 0.0, "the launcher failed: " + stderr, stdout)
        r = json.loads(res.read_text())
        return Run(r["seconds"], r["code"], r["maxrss_kb"] / 1024, stderr, stdout)


_NO_STATE: list[str] | None = None


def no_state_flag() -> list[str]:
    """`--no-state` when this screener has it (a stateless run screens every file)."""
    global _NO_STATE
    if _NO_STATE is None:
        r = subprocess.run(screener_cmd() + ["screen", "--help"], capture_output=True, text=True)
        _NO_STATE = ["--no-state"] if "--no-state" in r.stdout else []
    return _NO_STATE


def screen_cmd(paths: list[str], out: Path, jobs: int, engine: str | None = None) -> list[str]:
    cmd = screener_cmd() + ["screen", *paths, "-o", str(out), "--as-of", AS_OF, "--jobs", str(jobs), "--quiet"]
    if engine:
        cmd += ["--engine", engine]
    return cmd + no_state_flag()


def time_cli(corpus: Corpus, jobs: int, work: Path, round_: int = 0) -> tuple[Rate, Run, Path]:
    out = work / f"jobs{jobs}-{round_}" / "ranked.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    run = run_cmd(screen_cmd([str(corpus.folder)], out, jobs), work)
    if run.code != 0:
        log(f"screener --jobs {jobs} exited {run.code}:\n{run.stderr[-2000:]}")
    return Rate(run.seconds, len(corpus.files), corpus.total_pages), run, out


def median_wall(args: list[str], cwd: Path, n: int = 5) -> tuple[float, list[float], int]:
    runs = [run_cmd(args, cwd) for _ in range(n)]
    walls = [r.seconds for r in runs]
    return statistics.median(walls), walls, max(r.code for r in runs)


# --------------------------------------------------------------------------- in-process breakdown


STAGE_ROWS = (
    ("extract", "open+extract+layout (the reader)"),
    ("sections", "sections"),
    ("matching", "matching"),
    ("judgement", "judgement"),
)


def breakdown(files: Sequence[Path]) -> dict[str, Any]:
    """Screen every file in this process with Screen.of(..., timings={}); time the output step too."""
    t0 = time.perf_counter()
    from screener.pipeline import Screen, screen_file
    from screener.taxonomy import load_taxonomy

    config = Screen.of(load_taxonomy(None), as_of=AS_OF, timings={})
    config.matcher  # noqa: B018 - built once, as each worker inherits it
    setup = time.perf_counter() - t0
    results = []
    t = time.perf_counter()
    for f in files:
        r = screen_file(f, config, str(f))
        r.document = None
        results.append(r)
    screening = time.perf_counter() - t
    output_s: float | None = None
    output_note = ""
    try:
        from screener.output.csv import render_csv
        from screener.run.runner import rank

        t = time.perf_counter()
        render_csv(rank(results))  # rank() turns each Screening into its record first
        output_s = time.perf_counter() - t
    except Exception as exc:  # noqa: BLE001 - the output API moved: report, do not fail the bench
        output_note = f"output step not measured: {type(exc).__name__}: {exc}"
    timings = dict(config.runtime.timings or {})
    return {
        "setup": setup,
        "screening": screening,
        "stages": timings,
        "output": output_s,
        "output_note": output_note,
        "status": Counter(r.status for r in results),
    }


# --------------------------------------------------------------------------- a worker's memory


def worker_memory(files: Sequence[Path], passes: int, work: Path) -> dict[str, Any]:
    """Screen the corpus `passes` times in a fresh process, as a worker does; RSS along the way."""
    listing = work / "memory-files.json"
    listing.write_text(json.dumps([str(f) for f in files]))
    args = [sys.executable, str(Path(__file__).resolve()), "--worker-memory", str(listing), "--passes", str(passes)]
    r = run_cmd(args, work)
    if r.code != 0:
        raise RuntimeError(f"the memory worker failed ({r.code}):\n{r.stderr[-2000:]}")
    out: dict[str, Any] = json.loads(r.stdout.strip().splitlines()[-1])
    out["wait4_maxrss_mb"] = r.maxrss_mb
    return out


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _hwm_mb() -> float:
    """VmHWM: this process's own peak RSS since its last exec."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _maxrss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_memory_main(listing: Path, passes: int) -> None:
    """The worker-equivalent: what a worker holds (pipeline, taxonomy, matcher) plus screening N files."""
    t0 = time.perf_counter()
    from screener.pipeline import Screen, screen_file
    from screener.taxonomy import load_taxonomy

    t_import = time.perf_counter() - t0
    config = Screen.of(load_taxonomy(None), as_of=AS_OF)
    t1 = time.perf_counter()
    config.matcher  # noqa: B018
    t_matcher = time.perf_counter() - t1
    t_taxonomy = t1 - t0 - t_import
    files = [Path(p) for p in json.loads(listing.read_text())]
    gc.collect()
    rss_setup, maxrss_setup = _rss_mb(), _maxrss_mb()
    per_pass = []
    screened = 0
    for _ in range(passes):
        for f in files:
            r = screen_file(f, config, str(f))
            r.document = None  # as the worker does before returning the result
            del r
            screened += 1
        gc.collect()
        per_pass.append(_rss_mb())
    print(
        json.dumps(
            {
                "import_s": t_import,
                "taxonomy_s": t_taxonomy,
                "matcher_s": t_matcher,
                "rss_setup_mb": rss_setup,
                "maxrss_setup_mb": maxrss_setup,
                "rss_per_pass_mb": per_pass,
                "files_per_pass": len(files),
                "screened": screened,
                "maxrss_mb": _maxrss_mb(),
                "hwm_mb": _hwm_mb(),
            }
        )
    )


# --------------------------------------------------------------------------- agreement


FIELDS = ("profile", "llm_tenure_months", "red_flags")


def read_csv(path: Path) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as fh:
        return {row["file"]: row for row in csv.DictReader(fh)}


def compare(a: Path, b: Path) -> tuple[int, int, list[str]]:
    """(files compared, files whose profile, tenure or flags differ, examples)."""
    ra, rb = read_csv(a), read_csv(b)
    keys = sorted(ra.keys() | rb.keys())
    diffs = []
    for k in keys:
        x, y = ra.get(k), rb.get(k)
        if x is None or y is None:
            diffs.append(f"{Path(k).name}: only in {'the second' if x is None else 'the first'}")
            continue
        bad = [f"{fld} {x.get(fld)!r} vs {y.get(fld)!r}" for fld in FIELDS if x.get(fld) != y.get(fld)]
        if bad:
            diffs.append(f"{Path(k).name}: " + "; ".join(bad))
    return len(keys), len(diffs), diffs


def engines_agree(folder: Path, work: Path, tag: str) -> tuple[int, int, list[str], str]:
    outs = {}
    problems = []
    for engine in ("pdfium", "pdfplumber"):
        outs[engine] = work / f"engine-{tag}-{engine}.csv"
        r = run_cmd(screen_cmd([str(folder)], outs[engine], 2, engine), work)
        if r.code != 0:
            problems.append(f"--engine {engine} exited {r.code}: {r.stderr.strip()[-300:]}")
    n, d, ex = compare(outs["pdfium"], outs["pdfplumber"])
    return n, d, ex, "; ".join(problems)


# --------------------------------------------------------------------------- report


def git_rev() -> str:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    try:
        rev = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "uncommitted"
    try:
        dirty = subprocess.run(
            [
                "git",
                "-C",
                str(ROOT),
                "--no-optional-locks",
                "status",
                "--porcelain",
                "--untracked-files=no",
                "--",
                "screener",
                "skill_taxonomy",
                "pyproject.toml",
            ],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        dirty = ""
    return f"{rev} + uncommitted changes" if dirty else rev


def busy_cpu_s() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (/proc/stat), or None off Linux."""
    try:
        with open("/proc/stat") as fh:
            f = [int(x) for x in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (f + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_cpu_s() -> float:
    """CPU seconds of this process and of every process it has waited for (the runs, the workers)."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def nproc() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def fmt_rate(r: Rate) -> str:
    return f"{r.files_per_s:,.1f} files/s | {r.ms_per_page:,.2f} ms/page"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--producers" in argv:  # the representative benchmark: per producer group, in CPU time
        sys.path.insert(0, str(ROOT / "scripts"))
        import bench_producers

        return int(bench_producers.main([a for a in argv if a != "--producers"]))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=None, help="corpus size (default 500; --quick 100)")
    ap.add_argument("--quick", action="store_true", help="100 files and 3 memory passes: a fast check")
    ap.add_argument("--no-append", action="store_true", help="do not append the results to BENCHMARKS.md")
    ap.add_argument(
        "--peer-sample",
        type=int,
        default=100,
        help="time pdfplumber on this many files (a fixed stride through the corpus) and scale "
        "per page; 0 = every file (default 100)",
    )
    ap.add_argument(
        "--mem-passes",
        type=int,
        default=None,
        help="passes over the corpus in the memory run (default: enough for 5,000 files; --quick 3)",
    )
    ap.add_argument(
        "--corpus-dir",
        type=Path,
        default=None,
        help="build the corpus here and keep it (default: a temporary folder, removed at the end)",
    )
    ap.add_argument("--worker-memory", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--passes", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker_memory:
        worker_memory_main(args.worker_memory, args.passes)
        return 0
    n = args.files or (100 if args.quick else 500)
    passes = args.mem_passes or (3 if args.quick else max(2, math.ceil(5000 / n)))
    with tempfile.TemporaryDirectory(prefix="screener-bench-") as tmp:
        work = Path(tmp)
        folder = args.corpus_dir.resolve() if args.corpus_dir else work / "corpus"
        if folder.exists() and any(folder.iterdir()):
            ap.error(f"--corpus-dir {folder} is not empty")
        return bench(n, passes, args, folder, work)


def bench(n: int, passes: int, args: argparse.Namespace, folder: Path, work: Path) -> int:
    started = time.perf_counter()
    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    load0 = os.getloadavg()
    rev = git_rev()  # at the start: the code measured, even if someone commits during the run
    busy0, own0 = busy_cpu_s(), own_cpu_s()
    log(f"building a corpus of {n} PDFs in {folder}")
    t = time.perf_counter()
    corpus = build_corpus(folder, n)
    build_s = time.perf_counter() - t
    files, pages = corpus.files, corpus.pages
    hist = Counter(bucket(pages[f]) for f in files)
    log(f"  {len(files)} files, {corpus.total_pages} pages in {build_s:.0f} s ({dict(corpus.origin)})")
    for f in files:  # warm the page cache: every measurement reads from memory
        f.read_bytes()

    log(f"(b) peer: pdfplumber extract_text on {args.peer_sample or 'every'} file(s)")
    peer_sample, peer = time_peer(files, pages, args.peer_sample)
    log(f"    {fmt_rate(peer)} ({peer.note})")
    time_floor(files[: min(20, len(files))], pages)  # warm-up
    floors: list[Rate] = []
    cs, ds = [], []
    for round_ in range(ROUNDS):  # one of each per round, so that a slow spell hits all three alike
        log(f"(a) floor: PDFium get_text_range, round {round_ + 1} of {ROUNDS}")
        floors.append(time_floor(files, pages))
        log(f"    {fmt_rate(floors[-1])}")
        log(f"(c) screener screen --jobs 1, round {round_ + 1} of {ROUNDS}")
        cs.append(time_cli(corpus, 1, work, round_))
        log(f"    {fmt_rate(cs[-1][0])} in {cs[-1][0].seconds:.1f} s")
        log(f"(d) screener screen --jobs 2, round {round_ + 1} of {ROUNDS}")
        ds.append(time_cli(corpus, 2, work, round_))
        log(f"    {fmt_rate(ds[-1][0])} in {ds[-1][0].seconds:.1f} s")
    floor = min(floors, key=lambda r: r.seconds)
    c, c_run, c_csv = min(cs, key=lambda x: x[0].seconds)
    d, d_run, d_csv = min(ds, key=lambda x: x[0].seconds)
    log("per-stage breakdown (in-process)")
    bd = breakdown(files)
    log(f"memory: a worker-equivalent process screens the corpus {passes} times")
    mem = worker_memory(files, passes, work)
    log("start-up: screener --help and a one-file screen, 5 runs each")
    help_s, help_all, help_code = median_wall(screener_cmd() + ["--help"], work)
    one_out = work / "one" / "one.csv"
    one_out.parent.mkdir()
    one_s, one_all, one_code = median_wall(screen_cmd([str(ONE_FILE)], one_out, 1), work)
    log("agreement: --jobs 1 vs --jobs 2, pdfium vs pdfplumber")
    # Every --jobs 2 CSV, and the other --jobs 1 CSVs, against the first --jobs 1 CSV.
    ref = cs[0][2]
    others = [x[2] for x in cs[1:] + ds]
    pairs = [compare(ref, o) for o in others]
    jn, jd, jex = max(pairs, key=lambda p: p[1])
    byte_same = ref.exists() and all(o.exists() and o.read_bytes() == ref.read_bytes() for o in others)
    en, ed, eex, eprob = engines_agree(FIXTURES, work, "fixtures")
    real_line = ""
    if REAL.is_dir():
        rn, rd, rex, _ = engines_agree(REAL, work, "real")
        real_line = (
            f"- Not a target: on ../shared/corpus/real ({rn} files, odd_* included) pdfium and "
            f"pdfplumber differ in profile, tenure or flags on {rd}" + (f" ({'; '.join(rex[:3])})." if rex else ".")
        )
    load1 = os.getloadavg()
    total_s = time.perf_counter() - started
    busy1, own1 = busy_cpu_s(), own_cpu_s()
    other_cpu: float | None = None  # the share of the machine's CPU that other processes took during the run
    if busy0 is not None and busy1 is not None:
        other_cpu = max(0.0, (busy1 - busy0) - (own1 - own0)) / (total_s * nproc())

    # ---- figures
    c_over_a = c.ms_per_page / floor.ms_per_page if floor.ms_per_page else math.inf
    c_over_b = c.ms_per_page / peer.ms_per_page if peer.ms_per_page else math.inf
    scaling = d.files_per_s / c.files_per_s if c.files_per_s else 0.0
    rss = mem["rss_per_pass_mb"]
    first_n, last_n = mem["files_per_pass"], mem["screened"]
    growth = rss[-1] - rss[0]
    cli_ok = c_run.code == 0 and d_run.code == 0
    rows = [
        (
            "c/a: screener --jobs 1 vs the floor (ms/page)",
            f"{c_over_a:.2f}x",
            f"<= {T_FLOOR_RATIO:g}x",
            verdict(c_over_a <= T_FLOOR_RATIO if cli_ok else None),
        ),
        (
            "c/b: screener --jobs 1 vs pdfplumber (ms/page)",
            f"{c_over_b:.3f}x",
            f"<= {T_PEER_RATIO:g}x",
            verdict(c_over_b <= T_PEER_RATIO if cli_ok else None),
        ),
        (
            "--jobs 2 throughput / --jobs 1",
            f"{scaling:.2f}x",
            f">= {T_SCALING:g}x",
            verdict(scaling >= T_SCALING if cli_ok else None),
        ),
        (
            "`screener --help` wall (median of 5)",
            f"{help_s:.3f} s",
            f"< {T_HELP:g} s",
            verdict(help_s < T_HELP and help_code == 0),
        ),
        (
            "one-file `screener screen` wall (median of 5)",
            f"{one_s:.2f} s",
            f"< {T_ONE_FILE:g} s",
            verdict(one_s < T_ONE_FILE and one_code == 0),
        ),
        (
            "peak RSS of a worker (ru_maxrss)",
            f"{mem['maxrss_mb']:.0f} MB",
            f"< {T_WORKER_MB:g} MB",
            verdict(mem["maxrss_mb"] < T_WORKER_MB),
        ),
        (
            f"RSS after {last_n:,} files minus after {first_n:,}",
            f"{growth:+.1f} MB",
            f"flat (< {T_GROWTH_MB:g} MB)",
            verdict(growth < T_GROWTH_MB),
        ),
        (
            "--jobs 1 vs --jobs 2: files with other profile/tenure/flags",
            f"{jd} of {jn}",
            "0",
            verdict(jd == 0 and jn > 0),
        ),
        (
            "pdfium vs pdfplumber on fixtures/pdf: files that differ",
            f"{ed} of {en}",
            "0",
            verdict(ed == 0 and en > 0 and not eprob),
        ),
    ]

    lines: list[str] = []
    add = lines.append
    add(f"### {when} — {rev} — nproc {nproc()} — {len(files)} files{' (--quick)' if args.quick else ''}")
    add("")
    add(
        f"Corpus: {len(files)} PDFs, {corpus.total_pages} pages "
        f"({', '.join(f'{k}: {v}' for k, v in sorted(corpus.origin.items()))}; variants by {corpus.method}). "
        f"Pages per file: " + ", ".join(f"{k} p: {hist[k]}" for k in (1, 2, 3, 4, "5-8") if hist[k]) + ". "
        f"Python {sys.version.split()[0]}; load average {load0[0]:.2f} at the start, {load1[0]:.2f} at the end"
        + (
            f"; other processes took {100 * other_cpu:.0f}% of the CPU during the run; "
            if other_cpu is not None
            else "; "
        )
        + f"the run took {total_s / 60:.1f} min (corpus built in {build_s:.0f} s)."
    )
    add("")
    add("| measurement | files/s | ms/page | wall |")
    add("|---|---:|---:|---:|")
    add(
        f"| (a) floor: PDFium open + `get_text_range()` per page | {floor.files_per_s:,.1f} | "
        f"{floor.ms_per_page:.2f} | {floor.seconds:.2f} s (best of {', '.join(f'{x.seconds:.2f}' for x in floors)}) |"
    )
    add(
        f"| (b) peer: pdfplumber `extract_text()` per page ({peer.note}) | {peer.files_per_s:,.1f} | "
        f"{peer.ms_per_page:.2f} | {peer_sample.seconds:.1f} s measured, {peer.seconds:.0f} s projected |"
    )
    add(
        f"| (c) `screener screen --jobs 1`, end to end | {c.files_per_s:,.1f} | {c.ms_per_page:.2f} | "
        f"{c.seconds:.1f} s (best of {', '.join(f'{x[0].seconds:.1f}' for x in cs)}) |"
    )
    add(
        f"| (d) `screener screen --jobs 2`, end to end | {d.files_per_s:,.1f} | {d.ms_per_page:.2f} | "
        f"{d.seconds:.1f} s (best of {', '.join(f'{x[0].seconds:.1f}' for x in ds)}) |"
    )
    add("")
    add("| target | measured | target | verdict |")
    add("|---|---:|---:|:---:|")
    for r in rows:
        add(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} |")
    add("")
    add(
        f"Per-stage breakdown of (c), measured in-process (`Screen.of(..., timings={{}})`, one process, same "
        f"{len(files)} files; statuses: {', '.join(f'{k} {v}' for k, v in sorted(bd['status'].items()))}):"
    )
    add("")
    add("| stage | ms/file | ms/page | share | vs floor |")
    add("|---|---:|---:|---:|---:|")
    stages = bd["stages"]
    staged = sum(stages.get(k, 0.0) for k, _ in STAGE_ROWS)
    other = max(0.0, bd["screening"] - staged)
    total_in = bd["screening"] + (bd["output"] or 0.0)
    tp = corpus.total_pages

    def stage_row(label: str, secs: float) -> None:
        add(
            f"| {label} | {1000 * secs / len(files):.2f} | {1000 * secs / tp:.2f} | {100 * secs / total_in:.1f}% | "
            f"{(1000 * secs / tp) / floor.ms_per_page:.2f}x |"
        )

    for key, label in STAGE_ROWS:
        stage_row(label, stages.get(key, 0.0))
    stage_row("hashing + untimed rest of `screen_file`", other)
    if bd["output"] is not None:
        stage_row("output (records, rank, CSV)", bd["output"])
    stage_row("**total in-process**", total_in)
    add("")
    add(
        f"In-process total {total_in:.1f} s vs (c) {c.seconds:.1f} s end to end ({c.seconds - total_in:+.1f} s): "
        f"(c) adds start-up, discovery and hashing in the runner, the worker fork and the pipe, and takes "
        f"off what the head-start reader did on the second core while spaCy loaded (the first files' "
        f"extraction and layout). Start-up in a fresh process: imports {mem['import_s']:.2f} s, taxonomy "
        f"{mem['taxonomy_s']:.2f} s, matcher {mem['matcher_s']:.2f} s."
        + (f" {bd['output_note']}." if bd["output_note"] else "")
    )
    add("")
    add(
        f"Memory: the worker-equivalent process holds {mem['rss_setup_mb']:.0f} MB after start-up; RSS after "
        f"each pass of {first_n} files: {', '.join(f'{x:.0f}' for x in rss)} MB; ru_maxrss "
        f"{mem['maxrss_mb']:.0f} MB ({mem['maxrss_setup_mb']:.0f} MB of it reached before the first file; VmHWM "
        f"{mem['hwm_mb']:.0f} MB). "
        f"Largest process of the real runs (wait4): --jobs 1 "
        f"{c_run.maxrss_mb:.0f} MB, --jobs 2 {d_run.maxrss_mb:.0f} MB."
    )
    add(
        f"Start-up: `screener --help` {', '.join(f'{x:.3f}' for x in help_all)} s; one-file screen "
        f"{', '.join(f'{x:.2f}' for x in one_all)} s."
    )
    add(
        f"Agreement: the {len(others) + 1} CSVs of (c) and (d) are "
        f"{'byte-identical' if byte_same else 'NOT byte-identical'}."
    )
    for ex in jex[:5]:
        add(f"- jobs 1 vs 2: {ex}")
    for ex in eex[:8]:
        add(f"- pdfium vs pdfplumber: {ex}")
    if eprob:
        add(f"- engine runs: {eprob}")
    if real_line:
        add(real_line)
    for label, run in (("--jobs 1", c_run), ("--jobs 2", d_run)):
        if run.code != 0:
            add(f"- `screener screen {label}` exited {run.code}: {run.stderr.strip()[-300:]!r}")
    if other_cpu is not None and other_cpu > 0.10:
        add(
            f"- Note: the machine was not idle: other processes used {100 * other_cpu:.0f}% of its CPU during the "
            "run; times and the --jobs 2 scaling are pessimistic."
        )
    add("")
    report = "\n".join(lines)
    print(report)
    if not args.no_append:
        append(report)
        log(f"appended to {BENCHMARKS}")
    return 0


def append(report: str) -> None:
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n\n## Results\n"
    if not text.endswith("\n"):
        text += "\n"
    BENCHMARKS.write_text(text + "\n" + report, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
