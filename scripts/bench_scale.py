#!/usr/bin/env python3
"""Nightly runs at scale: an inbox of N distinct PDFs, the nights a recruiter's cron job runs.

    python scripts/bench_scale.py --sizes 20000,100000          # the issue's figures (an hour or more)
    python scripts/bench_scale.py --sizes 2000 --new 20          # a quick look
    python scripts/bench_scale.py --scaling 2000                 # --jobs 1 vs --jobs 2 first run (an idle machine)

The inbox: real resumes from ../shared/corpus (real/ and livecareer/pdfs/), copied N times over,
each copy made distinct by a unique comment after its last %%EOF (`%screener-bench N`), which no
reader shows: every file has its own sha256 and the same text as its source. Files go in folders of
1,000 (`inbox/d000/...`); the inbox of N files is the first N/1000 folders of the largest one.

The first night is too long to run at 100,000 files here (hours), so it is measured on a sample and
extrapolated, and the state is seeded:

1. sample: the first K files (one per source resume) are screened for real into the state, wall and
   CPU timed: the first run's cost per file, times N, is the extrapolated first night (printed as such);
2. seed: every other file's result is its source's stored record with the file's own sha256, saved
   under the very key the sample run used (State.save_many, one transaction per 5,000). This is what
   a real run stores for such a file: its text is its source's, so its record is too, but for the hash.
   `--check-seed V` screens V more files for real and compares their records with the seeded ones.

Then each night is `screener screen` on the inbox with the state, `--as-of` fixed (undated resumes
would otherwise be screened again every night: see BENCHMARKS.md), timed, its parent's peak resident
memory (VmHWM) read from /proc while it runs:

- n1 first night after seeding: every file is read and hashed once (as a touched-everything night);
- n2 no change, CSV only; n3 no change, CSV + JSONL + the report (the parent's peak, the report's size);
- n4 1% new files; n5 every file touched (mtime changed, bytes not); n6-n10 no change (CSV);
- after n10: the state's size;
- n11 the as-of a day later (the undated resumes re-dated from the state, nothing read); with --next-month,
  n12 a month later (they are judged again from their stored Documents, no file read).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SOURCES = (CORPUS / "real", CORPUS / "livecareer" / "pdfs")
AS_OF = "2026-11-01"
AS_OF_NEXT_DAY = "2026-11-02"
AS_OF_NEXT_MONTH = "2026-12-01"
PER_FOLDER = 1000
SEED_BATCH = 5000
# Targets (printed verdicts, not tests).
T_NO_CHANGE_S = 15.0
T_PARENT_MB = 300.0
T_STATE_MB = 1500.0
T_SCALING = 1.8


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def sources() -> list[Path]:
    found = sorted(p for folder in SOURCES if folder.is_dir() for p in folder.rglob("*.pdf"))
    if not found:
        raise SystemExit(f"no source PDFs under {CORPUS}")
    return found


def file_path(inbox: Path, i: int) -> Path:
    return inbox / f"d{i // PER_FOLDER:03d}" / f"cv{i:06d}.pdf"


def build_inbox(inbox: Path, n: int, srcs: list[Path], start: int = 0) -> list[Path]:
    """Files start..n-1 (kept when already there): file i is source i % len(srcs) plus a unique comment."""
    data = [p.read_bytes() for p in srcs]
    made = 0
    paths = []
    for i in range(start, n):
        path = file_path(inbox, i)
        paths.append(path)
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        body = data[i % len(data)]
        path.write_bytes(body + (b"" if body.endswith(b"\n") else b"\n") + f"%screener-bench {i}\n".encode())
        made += 1
    if made:
        log(f"built {made} files in {inbox}")
    return paths


def folders(inbox: Path, n: int) -> list[str]:
    return [str(inbox / f"d{k:03d}") for k in range(-(-n // PER_FOLDER))]


# --------------------------------------------------------------------------- one run, measured


@dataclass
class Night:
    name: str
    wall: float
    cpu: float  # the parent's and its workers' CPU seconds
    peak_mb: float  # the parent's VmHWM
    code: int
    summary: str
    outputs: dict[str, int]


def _hwm_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def screen(name: str, paths: list[str], out: Path, state: Path | None, jobs: int, extra: tuple[str, ...] = (),
           outputs: tuple[str, ...] = ("csv",), as_of: str = AS_OF) -> Night:
    out.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "screener", "screen", *paths, "-o", str(out / "ranked.csv"), "--as-of", as_of,
           "--jobs", str(jobs), *extra]
    if "jsonl" in outputs:
        cmd += ["--jsonl", str(out / "ranked.jsonl")]
    if "html" in outputs:
        cmd += ["--html", str(out / "report.html")]
    cmd += ["--state", str(state)] if state is not None else ["--no-state"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # Its output goes to files, not pipes: a summary listing thousands of files would fill a pipe
    # nobody reads while the parent is polled, and the run would wait on it for ever.
    with tempfile.TemporaryFile("w+") as out_f, tempfile.TemporaryFile("w+") as err_f:
        proc = subprocess.Popen(cmd, stdout=out_f, stderr=err_f, text=True, cwd=ROOT,
                                env={**os.environ, "PYTHONPATH": str(ROOT), "SCREENER_CONFIG": ""})
        peak = 0.0
        while proc.poll() is None:
            got = _hwm_mb(proc.pid)
            peak = max(peak, got or 0.0)
            time.sleep(0.05)
        wall = time.perf_counter() - start
        out_f.seek(0)
        err_f.seek(0)
        stdout, stderr = out_f.read(), err_f.read()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    sizes = {p.name: p.stat().st_size for p in out.iterdir() if p.is_file() and not p.name.startswith(".")}
    night = Night(name, wall, cpu, peak, proc.returncode, (stdout + stderr).strip().splitlines()[0][:160]
                  if (stdout + stderr).strip() else "", sizes)
    log(f"{name}: {wall:.1f} s wall, {cpu:.1f} s CPU, parent peak {peak:.0f} MB, exit {proc.returncode}"
        f" - {night.summary}")
    if proc.returncode not in (0, 1):
        log(stderr[-2000:])
    return night


# --------------------------------------------------------------------------- seeding


def _dated(st: Any, rid: int) -> Any:
    """What the sample stored to re-judge a result dated by --as-of (run/redate.py), or None."""
    from screener.run.redate import Dated

    row = st.db.execute("SELECT r.pdf_date, d.document FROM results r JOIN documents d ON d.id = r.id"
                        " WHERE r.id = ? AND r.pdf_date IS NOT NULL", (rid,)).fetchone()
    return Dated(row[0], row[1]) if row else None


def seed(state_path: Path, paths: list[Path], sample: int) -> float:
    """Save every file after the first `sample` as its source's record with its own hash (and, for a source dated
    by --as-of, its PDF date and Document); seconds taken."""
    sys.path.insert(0, str(ROOT))
    from screener.pipeline import file_sha256
    from screener.record import Record
    from screener.run.state import Key, State

    start = time.perf_counter()
    st = State(state_path)
    try:
        run = next(r for r in st.runs() if r["status"] == "completed")
        key = Key(run["role"], run["engine"], run["taxonomy_version"], run["screener_version"], run["as_of"])
        ids = st.stored_ids([file_sha256(p) for p in paths[:sample]], key)
        base = [Record.from_json(st.lookup(file_sha256(p), key) or {}) for p in paths[:sample]]
        if any(not r.sha256 for r in base):
            raise SystemExit("the sample run did not store every sample file's result")
        dated = [_dated(st, ids[r.sha256]) for r in base]
        seed_run = st.start_run(key, {"bench_scale_seed": len(paths)}, os.getpid())
        todo = paths[sample:]
        for i in range(0, len(todo), SEED_BATCH):
            chunk = todo[i:i + SEED_BATCH]
            st.save_many(seed_run, key, [replace(base[(sample + i + j) % sample], sha256=file_sha256(p),
                                                 file=str(p)) for j, p in enumerate(chunk)],
                         [dated[(sample + i + j) % sample] for j in range(len(chunk))])
        st.finish_run(seed_run, {"found": len(todo), "screened": len(todo)}, [])
    finally:
        st.close()
    return time.perf_counter() - start


def check_seed(work: Path, state_path: Path, sample: list[Path], extra: list[tuple[int, Path]], jobs: int) -> str:
    """Screen the `extra` files (index, path) for real, without the state, and compare each record with
    what seeding stores for it: its source's record (sample[index % len(sample)]), but for file and hash."""
    from screener.pipeline import file_sha256
    from screener.run.state import Key, State

    out = work / "check"
    screen("check-seed", [str(p) for _, p in extra], out, None, jobs, outputs=("csv", "jsonl"))
    st = State(state_path)
    try:
        run = next(r for r in st.runs() if r["status"] == "completed")
        key = Key(run["role"], run["engine"], run["taxonomy_version"], run["screener_version"], run["as_of"])
        by_hash = {file_sha256(p): st.lookup(file_sha256(sample[i % len(sample)]), key) or {} for i, p in extra}
    finally:
        st.close()
    skip = ("file", "rank", "decision", "sha256", "status", "notes", "reason")  # the last three: duplicates
    differ = []
    for line in (out / "ranked.jsonl").read_text().splitlines():
        real = json.loads(line)
        stored = by_hash.get(real["sha256"], {})
        if any(stored.get(k) != v for k, v in real.items() if k not in skip):
            differ.append(Path(real["file"]).name)
    which = ": differ " + ", ".join(differ) if differ else ""
    return (f"{len(extra) - len(differ)}/{len(extra)} files screened for real gave the record seeding stores "
            f"(compared but for file, hash, rank and duplicate status){which}")


# --------------------------------------------------------------------------- the nights


def touch_all(paths: list[Path]) -> None:
    now = time.time()
    for p in paths:
        os.utime(p, (now, now))


def _documents_mb(state: Path) -> str:
    """The stored Documents (run/redate.py): how many, and their size."""
    import sqlite3

    db = sqlite3.connect(state)
    try:
        count, size = db.execute("SELECT count(*), coalesce(sum(length(document)), 0) FROM documents").fetchone()
    finally:
        db.close()
    return f"{count:,} Documents kept for resumes dated by --as-of, {size / 1e6:.1f} MB"


def nights(work: Path, inbox: Path, n: int, srcs: list[Path], jobs: int, new: int, check: int,
           next_month: bool = False) -> dict[str, Any]:
    """Sample, seed and ten nights for an inbox of n files; the figures."""
    base = work / f"n{n}"
    state = base / "state.db"
    if base.exists():
        subprocess.run(["rm", "-rf", str(base)], check=True)
    paths = build_inbox(inbox, n, srcs)
    k = min(len(srcs), n)
    sample_dir = base / "sample"
    sample_dir.mkdir(parents=True)
    for p in paths[:k]:
        os.link(p, sample_dir / p.name)  # the same inode: the sample's fingerprints serve the nights
    kept = work / f"sample-{k}.db"  # the sample's state, screened once for every size (the same k files)
    if kept.exists():
        shutil.copy(kept, state)
        first = Night(**json.loads((work / f"sample-{k}.json").read_text()))
        log(f"sample state of {k} files taken from {kept} (screened by an earlier size)")
    else:
        first = screen("sample (first run)", [str(sample_dir)], base / "out-sample", state, jobs)
        shutil.copy(state, kept)
        (work / f"sample-{k}.json").write_text(json.dumps(first.__dict__))
    seconds = seed(state, paths, k)
    log(f"seeded {n - k} results in {seconds:.0f} s")
    res: dict[str, Any] = {"n": n, "sample": k, "first": first, "seed_s": seconds,
                           "first_extrapolated_s": first.wall / k * n}
    if check:
        extra = build_inbox(work / "check", n + check, srcs, start=n)  # files beyond the inbox
        res["check"] = check_seed(base, state, paths[:k], list(enumerate(extra, n)), jobs)
    run = [str(f) for f in folders(inbox, n)]
    out = base / "out"
    got = [screen("n1 first night after seeding (reads every file)", run, out, state, jobs)]
    got.append(screen("n2 no change (CSV)", run, out, state, jobs))
    got.append(screen("n3 no change (CSV, JSONL, report)", run, out, state, jobs, outputs=("csv", "jsonl", "html")))
    fresh = build_inbox(work / "new", n + new, srcs, start=n) if new else []
    newdir = base / "new"
    newdir.mkdir()
    for p in fresh:
        os.link(p, newdir / p.name)
    run_new = [*run, str(newdir)]
    got.append(screen(f"n4 {new} new files (1%)", run_new, out, state, jobs))
    touch_all(paths)
    got.append(screen("n5 every file touched", run_new, out, state, jobs))
    for night in range(6, 11):
        got.append(screen(f"n{night} no change (CSV)", run_new, out, state, jobs))
    res["state_mb_10"] = sum(p.stat().st_size for p in base.glob("state.db*")) / 1e6
    # The as-of moves: a day later in the same month, the undated resumes are re-dated, nothing read
    # (run/redate.py); with --next-month, a month later, they are judged again from their stored Documents.
    got.append(screen("n11 as-of a day later (CSV)", run_new, out, state, jobs, as_of=AS_OF_NEXT_DAY))
    if next_month:
        got.append(screen("n12 as-of a month later (CSV)", run_new, out, state, jobs, as_of=AS_OF_NEXT_MONTH))
    res["nights"] = got
    res["state_mb"] = res["state_mb_10"]
    res["documents_mb"] = _documents_mb(state)
    res["report_mb"] = got[2].outputs.get("report.html", 0) / 1e6
    res["jsonl_mb"] = got[2].outputs.get("ranked.jsonl", 0) / 1e6
    return res


def scaling(work: Path, inbox: Path, n: int, srcs: list[Path]) -> dict[str, Any]:
    """A first run (no state) of n files with --jobs 1 and with --jobs 2: files per second each."""
    paths = build_inbox(inbox, n, srcs)
    run = folders(inbox, n) if n % PER_FOLDER == 0 else None
    listing = run or [str(p) for p in paths]
    one = screen("first run --jobs 1", listing, work / "scale1", None, 1)
    two = screen("first run --jobs 2", listing, work / "scale2", None, 2)
    return {"n": n, "one": one, "two": two, "ratio": one.wall / two.wall}


# --------------------------------------------------------------------------- the report


def machine() -> str:
    load = os.getloadavg()
    cpus = len(os.sched_getaffinity(0))
    model = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as fh:
        model = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), "")
    return (f"{platform.node()}, {cpus} cores ({model}), Python {platform.python_version()}, "
            f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")


def verdict(ok: bool) -> str:
    return "yes" if ok else "NO"


def render(results: list[dict[str, Any]], scale: dict[str, Any] | None, started: str, load: str) -> str:
    lines = [f"### Nightly at scale (scripts/bench_scale.py, {started})", "", f"Machine: {load}.", ""]
    for r in results:
        n, first = r["n"], r["first"]
        lines += [f"**{n:,} files** (sample {r['sample']} screened for real, the rest seeded in {r['seed_s']:.0f} s):",
                  "", "| night | wall s | CPU s | parent peak MB |", "|---|---:|---:|---:|",
                  f"| first run, sample of {r['sample']} | {first.wall:.1f} | {first.cpu:.1f} | {first.peak_mb:.0f} |"]
        lines += [f"| {x.name} | {x.wall:.1f} | {x.cpu:.1f} | {x.peak_mb:.0f} |" for x in r["nights"]]
        no_change = [x.wall for x in r["nights"] if "no change (CSV)" in x.name]
        no_change_cpu = [x.cpu for x in r["nights"] if "no change (CSV)" in x.name]
        peak = max(x.peak_mb for x in r["nights"])
        lines += ["", f"- first night extrapolated from the sample: {r['first_extrapolated_s'] / 3600:.1f} h "
                  f"({first.wall / r['sample'] * 1000:.0f} ms a file, wall, --jobs as run)",
                  f"- no-change night (CSV): best {min(no_change):.1f} s, worst {max(no_change):.1f} s "
                  f"(target < {T_NO_CHANGE_S:.0f} s: {verdict(max(no_change) < T_NO_CHANGE_S)}); CPU "
                  f"{min(no_change_cpu):.1f}-{max(no_change_cpu):.1f} s",
                  f"- parent's peak over the nights: {peak:.0f} MB (target < {T_PARENT_MB:.0f} MB: "
                  f"{verdict(peak < T_PARENT_MB)})",
                  f"- state after 10 nights: {r['state_mb']:.0f} MB (target < {T_STATE_MB:.0f} MB: "
                  f"{verdict(r['state_mb'] < T_STATE_MB)})",
                  f"- report {r['report_mb']:.1f} MB, JSONL {r['jsonl_mb']:.0f} MB",
                  f"- {r['documents_mb']}"]
        if r.get("check"):
            lines.append(f"- seed check: {r['check']}")
        lines.append("")
    if scale:
        lines += [f"**--jobs 1 vs --jobs 2**, first run of {scale['n']:,} files, no state: "
                  f"{scale['one'].wall:.1f} s vs {scale['two'].wall:.1f} s = {scale['ratio']:.2f}x "
                  f"(target >= {T_SCALING}x: {verdict(scale['ratio'] >= T_SCALING)})", ""]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="20000,100000", help="inbox sizes, comma-separated ('' for none)")
    ap.add_argument("--new", type=int, default=0, help="new files on the 1%% night (default: 1%% of the size)")
    ap.add_argument("--jobs", type=int, default=2, help="--jobs of every night")
    ap.add_argument("--scaling", type=int, default=0, help="also time a first run of this many files, "
                    "--jobs 1 vs --jobs 2 (the issue: 2000, on an idle machine)")
    ap.add_argument("--check-seed", type=int, default=0, help="screen this many extra files for real and "
                    "compare with what seeding would store")
    ap.add_argument("--next-month", action="store_true", help="also run a night a month later (the undated "
                    "resumes judged again from their stored Documents)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "screener-bench-scale")
    ap.add_argument("--append", action="store_true", help="append the results to BENCHMARKS.md")
    args = ap.parse_args()
    srcs = sources()
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = machine()
    log(f"{len(srcs)} source PDFs; {load}")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    inbox = args.work / f"inbox-{len(srcs)}"  # file i is source i % len(srcs): another source count, another inbox
    results = [nights(args.work, inbox, n, srcs, args.jobs, args.new or max(1, n // 100), args.check_seed,
                      args.next_month) for n in sizes]
    scale = scaling(args.work, inbox, args.scaling, srcs) if args.scaling else None
    text = render(results, scale, started, load + f" at the start, {machine().split('load average ')[1]} at the end")
    print(text)
    if args.append:
        with (ROOT / "BENCHMARKS.md").open("a", encoding="utf-8") as fh:
            fh.write("\n" + text + "\n")


if __name__ == "__main__":
    main()
