#!/usr/bin/env python3
"""Prove that the screener's outputs did not change: screen the same inputs at a git ref and now, compare bytes.

    python scripts/compare_outputs.py                          # all four sets, against c666325
    python scripts/compare_outputs.py --sets fixtures          # only the repo's fixtures (seconds)
    python scripts/compare_outputs.py --refresh-ref            # screen the REF side again instead of its cache
    python scripts/compare_outputs.py --determinism --sets fixtures   # also screen REF twice and compare

Run it with the project's virtualenv active (`. .venv/bin/activate`): both sides run
`sys.executable -m screener`, so they share one interpreter and one set of dependencies.

Input sets (absolute paths, identical on both sides, so the `file` columns match):

- fixtures:   fixtures/pdf of this repo
- real:       ../shared/corpus/real
- livecareer: ../shared/corpus/livecareer/pdfs
- bench:      the corpus scripts/bench.py builds (its build_corpus(), --bench-files PDFs), built once into
              WORK/bench-corpus and kept (rebuilt only when --bench-files changes)

A set whose folder is missing is skipped with a message; with CI set in the environment that is a setup error.

Each set is screened with

    python -m screener screen SET -o OUT/ranked.csv --jsonl OUT/ranked.jsonl --html OUT/report.html \\
        --as-of 2026-11-01 --no-state --quiet --jobs N

- REF side: `git archive REF` is extracted once into WORK/ref-src (re-extracted if --ref names another
  commit) and the command runs with cwd = WORK/ref-src (and PYTHONPATH = it), so its own `screener` and
  `skill_taxonomy` are imported, not the editable install; before screening the script checks that
  screener.__file__ and the taxonomy folder it reads are under WORK/ref-src. (The editable install's finder
  stays on sys.meta_path, after the cwd: it only answers for a screener.* module the ref lacks, which the
  ref's own code never imports.) Outputs are cached in WORK/ref-out/SET/ (run.json holds the exit code,
  stderr, time and a key: the commit, the input files' hashes, Python and dependency versions); a cache
  with another key, or --refresh-ref, screens again.
- NOW side: the working tree, cwd = the repo root (PYTHONPATH = it); WORK/now-out/SET/ is always regenerated.

ranked.csv and ranked.jsonl are compared byte for byte, with no normalisation at all. report.html is compared
after one normalisation: each side's exact screener_version() string (`0.1.0+<12 hex>`, a hash of the
source, which a refactor changes by design) is replaced by a placeholder. At c666325 the report embeds no
such string and no wall-clock time (its "Generated" field is the --as-of date), so this is a no-op there; the
script prints how often it replaced anything. Nothing else is normalised.

For every difference it prints the set, the file, the first differing line (and column, with an excerpt:
the report has one very long line of embedded data) and a unified diff of at most 40 lines; when the exit
codes differ, both codes and both stderr tails. Then a summary table.

Exit codes: 0 every compared output identical; 1 some differ (or an exit code, or --determinism failed);
2 setup error (git, the ref export, the import check, a missing option, the bench corpus, or a missing
shared corpus when CI is set).
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
AS_OF = "2026-11-01"
OUTPUTS = ("ranked.csv", "ranked.jsonl", "report.html")
SETS = ("fixtures", "real", "livecareer", "bench")
# The option names the command needs, checked in `screen --help` on both sides.
NEEDED_OPTIONS = ("--output", "--jsonl", "--html", "--as-of", "--no-state", "--quiet", "--jobs")
DEPS = ("spacy", "pdfplumber", "pypdfium2", "rapidfuzz", "polars", "click", "phonenumbers", "reportlab")
MAX_DIFF_LINES = 40
MAX_SHOWN_CHARS = 160  # of one diff line
VERSION_PLACEHOLDER = "<screener-version>"
REF_MARKER = ".compare-ref"

# Run in each side's cwd: where screener and the taxonomy it uses come from, and its own screener_version().
# The editable install's finder still resolves a module the side lacks (e.g. the ref's missing screener.run)
# from the working tree, so a module only counts when its file is inside the side's own screener package.
PROBE = """
import importlib, importlib.util, json, pathlib, screener
pkg = pathlib.Path(screener.__file__).resolve().parent
out = {"screener": screener.__file__, "taxonomy": "", "screener_version": ""}
try:
    tax = importlib.import_module("screener.taxonomy")
    if pathlib.Path(tax.__file__).resolve().is_relative_to(pkg):
        out["taxonomy"] = str(tax.default_taxonomy_dir())
except Exception:
    pass
if not out["taxonomy"]:
    spec = importlib.util.find_spec("skill_taxonomy")
    paths = (spec.submodule_search_locations or []) if spec else []
    found = [p for p in paths if (pathlib.Path(p) / "tools.csv").exists()]
    out["taxonomy"] = found[0] if found else ""
for name in ("screener.state", "screener.run.state"):
    try:
        mod = importlib.import_module(name)
    except Exception:
        continue
    if pathlib.Path(mod.__file__).resolve().is_relative_to(pkg):
        out["screener_version"] = mod.screener_version()
        break
print(json.dumps(out))
"""


class SetupError(Exception):
    """Something other than the outputs is wrong: exit 2."""


@dataclass
class Side:
    name: str  # "ref" or "now"
    src: Path  # the cwd; its screener package must be the one imported
    env: dict[str, str]
    version: str = ""  # this side's screener_version(), "" if not found


@dataclass
class Run:
    code: int
    seconds: float
    stderr: str
    stdout: str
    key: dict[str, Any] = field(default_factory=dict)
    jobs: int = 0
    cached: bool = False


@dataclass
class Result:
    name: str
    files: str = "-"
    ref_s: str = "-"
    now_s: str = "-"
    verdicts: dict[str, str] = field(default_factory=dict)
    codes: str = "-"
    note: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.verdicts) and all(v == "yes" for v in self.verdicts.values()) and not self.note


def say(msg: str) -> None:
    print(msg, flush=True)


# --------------------------------------------------------------------------- the two sides


def git(*args: str) -> str:
    proc = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SetupError(f"git {' '.join(args)} failed: {proc.stderr.strip()}")
    return proc.stdout.strip()


def export_ref(ref: str, dest: Path) -> str:
    """`git archive REF` extracted into dest (kept; redone only for another commit); the full commit id."""
    sha = git("rev-parse", "--verify", f"{ref}^{{commit}}")
    marker = dest / REF_MARKER
    if marker.is_file() and marker.read_text().strip() == sha:
        say(f"ref {ref} = {sha[:12]}: reusing {dest}")
        return sha
    say(f"ref {ref} = {sha[:12]}: exporting to {dest}")
    tmp = dest.with_name(dest.name + ".tmp")
    for old in (tmp, dest):
        if old.exists():
            shutil.rmtree(old)
    proc = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", sha], capture_output=True)
    if proc.returncode != 0:
        raise SetupError(f"git archive {sha} failed: {proc.stderr.decode(errors='replace').strip()}")
    tmp.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
        tar.extractall(tmp, filter="data")
    (tmp / REF_MARKER).write_text(sha + "\n")
    tmp.rename(dest)
    return sha


def side_env(src: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONSAFEPATH", None)  # it would drop the cwd from sys.path
    env["PYTHONPATH"] = str(src)
    return env


def under(path: str | Path, folder: Path) -> bool:
    return Path(path).resolve().is_relative_to(folder.resolve())


def probe(side: Side, ref_src: Path) -> None:
    """Check, in the side's cwd, which screener is imported; note its screener_version()."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=side.src, env=side.env, capture_output=True, text=True, timeout=120
    )
    if proc.returncode != 0:
        raise SetupError(f"{side.name}: cannot import screener from {side.src}:\n{proc.stderr.strip()[-2000:]}")
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    say(f"{side.name}: screener.__file__ = {info['screener']}; taxonomy = {info['taxonomy']}")
    say(f"{side.name}: screener_version() = {info['screener_version'] or '(not found)'}")
    if side.name == "ref":
        if not under(info["screener"], ref_src):
            raise SetupError(f"ref: screener is imported from {info['screener']}, not from under {ref_src}")
        if not info["taxonomy"] or not under(info["taxonomy"], ref_src):
            raise SetupError(f"ref: the taxonomy is read from {info['taxonomy']}, not from under {ref_src}")
    elif not under(info["screener"], ROOT) or under(info["screener"], ref_src):
        raise SetupError(f"now: screener is imported from {info['screener']}, not from the working tree {ROOT}")
    side.version = info["screener_version"]
    helptext = subprocess.run(
        [sys.executable, "-m", "screener", "screen", "--help"],
        cwd=side.src,
        env=side.env,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    missing = [o for o in NEEDED_OPTIONS if not re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", helptext)]
    if missing:
        raise SetupError(f"{side.name}: `screener screen --help` lacks {', '.join(missing)}")


def screen(side: Side, target: Path, out: Path, jobs: int) -> Run:
    cmd = [sys.executable, "-m", "screener", "screen", str(target), "-o", str(out / "ranked.csv")]
    cmd += ["--jsonl", str(out / "ranked.jsonl"), "--html", str(out / "report.html")]
    cmd += ["--as-of", AS_OF, "--no-state", "--quiet", "--jobs", str(jobs)]
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=side.src, env=side.env, capture_output=True, text=True)
    run = Run(proc.returncode, time.perf_counter() - t, proc.stderr, proc.stdout, jobs=jobs)
    return run


def save_run(run: Run, out: Path) -> None:
    (out / "run.json").write_text(json.dumps(asdict(run), indent=1) + "\n")


def load_run(out: Path) -> Run | None:
    try:
        data = json.loads((out / "run.json").read_text())
        return Run(**data)
    except (OSError, ValueError, TypeError):
        return None


# --------------------------------------------------------------------------- inputs


def fingerprint(folder: Path) -> str:
    """A hash of every file under folder: relative path and content."""
    h = hashlib.sha256()
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(f.relative_to(folder).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def deps() -> dict[str, str]:
    found: dict[str, str] = {}
    for name in DEPS:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = ""
    return found


def bench_corpus(work: Path, n: int) -> Path:
    """scripts/bench.py's corpus of n PDFs in WORK/bench-corpus, built once and kept."""
    folder = work / "bench-corpus"
    marker = work / "bench-corpus.json"
    if folder.is_dir() and marker.is_file():
        meta = json.loads(marker.read_text())
        count = sum(1 for _ in folder.glob("*.pdf"))
        if meta.get("files") == n and meta.get("count") == count:
            say(f"bench: reusing the corpus in {folder} ({count} PDFs)")
            return folder
        say(f"bench: {folder} was built for {meta.get('files')} files, not {n}: rebuilding")
    bench_py = ROOT / "scripts" / "bench.py"
    spec = importlib.util.spec_from_file_location("screener_bench", bench_py)
    if spec is None or spec.loader is None:
        raise SetupError(f"cannot load {bench_py}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # noqa: BLE001 - any failure to import it is a setup error
        raise SetupError(f"cannot import {bench_py}: {exc}") from exc
    build: Callable[[Path, int], Any] | None = getattr(module, "build_corpus", None)
    if not callable(build):
        raise SetupError(f"{bench_py} has no build_corpus(folder, n)")
    tmp = work / "bench-corpus.tmp"
    for old in (tmp, folder):
        if old.exists():
            shutil.rmtree(old)
    say(f"bench: building a corpus of {n} PDFs with {bench_py.name}'s build_corpus (kept in {folder})")
    t = time.perf_counter()
    try:
        corpus = build(tmp, n)
    except Exception as exc:  # noqa: BLE001
        raise SetupError(f"bench: build_corpus failed: {exc}") from exc
    tmp.rename(folder)
    count = sum(1 for _ in folder.glob("*.pdf"))
    meta = {"files": n, "count": count, "method": getattr(corpus, "method", ""), "built_s": time.perf_counter() - t}
    marker.write_text(json.dumps(meta, indent=1) + "\n")
    say(f"bench: {count} PDFs in {meta['built_s']:.0f} s ({meta['method']})")
    return folder


def input_folder(name: str, work: Path, bench_files: int) -> Path | None:
    """The set's folder, or None (with a message) when it does not exist."""
    if name == "bench":
        return bench_corpus(work, bench_files).resolve()
    folder = {
        "fixtures": ROOT / "fixtures" / "pdf",
        "real": SHARED / "real",
        "livecareer": SHARED / "livecareer" / "pdfs",
    }[name]
    if not folder.is_dir():
        say(f"[{name}] skipped: {folder} does not exist")
        return None
    return folder.resolve()


# --------------------------------------------------------------------------- comparing


def normalise_html(data: bytes, version: str) -> tuple[bytes, int]:
    """The report with this side's exact screener_version() string replaced; and how often it occurred."""
    if not version:
        return data, 0
    needle = version.encode()
    return data.replace(needle, VERSION_PLACEHOLDER.encode()), data.count(needle)


def clip(line: str) -> str:
    line = line.rstrip("\n")
    if len(line) <= MAX_SHOWN_CHARS:
        return line
    return line[:MAX_SHOWN_CHARS] + f"... [+{len(line) - MAX_SHOWN_CHARS} chars]"


def show_diff(set_name: str, fname: str, ref: bytes, now: bytes) -> None:
    a = ref.decode("utf-8", "replace").splitlines(keepends=True)
    b = now.decode("utf-8", "replace").splitlines(keepends=True)
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    say(
        f"[{set_name}] {fname} DIFFERS: first differing line {i + 1} (ref {len(a)} lines/{len(ref)} bytes, "
        f"now {len(b)} lines/{len(now)} bytes)"
    )
    if i < len(a) and i < len(b):
        x, y = a[i], b[i]
        col = next((k for k, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y)))
        if len(x) > MAX_SHOWN_CHARS or len(y) > MAX_SHOWN_CHARS:
            lo = max(0, col - 60)
            say(f"  line {i + 1}, column {col + 1}:")
            say(f"  ref: ...{x[lo : col + 60]!r}...")
            say(f"  now: ...{y[lo : col + 60]!r}...")
    start = max(0, i - 3)
    window = 200  # lines of each side handed to difflib: enough for the first hunks, cheap on big files
    diff = difflib.unified_diff(
        a[start : start + window], b[start : start + window], f"ref/{set_name}/{fname}", f"now/{set_name}/{fname}", n=3
    )
    for shown, line in enumerate(diff):
        if shown >= MAX_DIFF_LINES:
            say(f"  ... (diff cut at {MAX_DIFF_LINES} lines)")
            break
        m = re.match(r"@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@", line)
        if m:  # difflib counts from the window's start
            line = f"@@ -{int(m[1]) + start}{m[2] or ''} +{int(m[3]) + start}{m[4] or ''} @@\n"
        say("  " + clip(line))


def count_records(out: Path) -> int | None:
    try:
        return sum(1 for line in (out / "ranked.jsonl").read_bytes().splitlines() if line.strip())
    except OSError:
        return None


def compare_set(name: str, ref_out: Path, now_out: Path, ref: Side, now: Side) -> dict[str, str]:
    verdicts: dict[str, str] = {}
    for fname in OUTPUTS:
        pa, pb = ref_out / fname, now_out / fname
        if not pa.is_file() or not pb.is_file():
            missing = " and ".join(s for s, p in (("ref", pa), ("now", pb)) if not p.is_file())
            say(f"[{name}] {fname}: missing on the {missing} side")
            verdicts[fname] = "missing"
            continue
        da, db = pa.read_bytes(), pb.read_bytes()
        if fname == "report.html":
            da, na = normalise_html(da, ref.version)
            db, nb = normalise_html(db, now.version)
            if na or nb:
                say(f"[{name}] report.html: screener version replaced {na} time(s) in ref, {nb} in now")
        if da == db:
            verdicts[fname] = "yes"
        else:
            verdicts[fname] = "NO"
            show_diff(name, fname, da, db)
    return verdicts


def same_outputs(a: Path, b: Path) -> list[str]:
    """The outputs that are not byte-identical (no normalisation) between two output folders."""
    bad = []
    for fname in OUTPUTS:
        pa, pb = a / fname, b / fname
        if not (pa.is_file() and pb.is_file() and pa.read_bytes() == pb.read_bytes()):
            bad.append(fname)
    return bad


# --------------------------------------------------------------------------- main


def ref_outputs(name: str, target: Path, ref: Side, key: dict[str, Any], work: Path, args: argparse.Namespace) -> Run:
    out = work / "ref-out" / name
    cached = load_run(out)
    if not args.refresh_ref and cached is not None and cached.key == key and all((out / f).is_file() for f in OUTPUTS):
        cached.cached = True
        say(f"[{name}] ref: cached in {out} (screened in {cached.seconds:.1f} s, exit {cached.code})")
        return cached
    tmp = out.with_name(name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    say(f"[{name}] ref: screening {target} ...")
    run = screen(ref, target, tmp, args.jobs)
    run.key = key
    save_run(run, tmp)
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)
    say(f"[{name}] ref: {count_records(out)} records in {run.seconds:.1f} s, exit {run.code}")
    return run


def tail(text: str, n: int = 1500) -> str:
    text = text.strip()
    return ("..." + text[-n:]) if len(text) > n else (text or "(empty)")


def run_set(name: str, target: Path, ref: Side, now: Side, sha: str, work: Path, args: argparse.Namespace) -> Result:
    res = Result(name)
    key = {
        "ref": sha,
        "input": str(target),
        "inputs_sha256": fingerprint(target),
        "as_of": AS_OF,
        "python": sys.version,
        "deps": deps(),
    }
    rrun = ref_outputs(name, target, ref, key, work, args)
    ref_out = work / "ref-out" / name
    now_out = work / "now-out" / name
    if now_out.exists():
        shutil.rmtree(now_out)
    now_out.mkdir(parents=True)
    say(f"[{name}] now: screening {target} ...")
    nrun = screen(now, target, now_out, args.jobs)
    save_run(nrun, now_out)
    say(f"[{name}] now: {count_records(now_out)} records in {nrun.seconds:.1f} s, exit {nrun.code}")
    rc, nc = count_records(ref_out), count_records(now_out)
    res.files = str(rc) if rc == nc else f"{rc}/{nc}"
    res.ref_s = f"{rrun.seconds:.1f}" + (" (cached)" if rrun.cached else "")
    res.now_s = f"{nrun.seconds:.1f}"
    res.codes = f"{rrun.code}/{nrun.code}"
    if rrun.code != nrun.code:
        res.note = "exit codes differ"
        say(f"[{name}] EXIT CODES DIFFER: ref {rrun.code}, now {nrun.code}")
        say(f"  ref stderr: {tail(rrun.stderr)}")
        say(f"  now stderr: {tail(nrun.stderr)}")
    elif rrun.code != 0:
        say(f"[{name}] both sides exited {rrun.code}; now stderr: {tail(nrun.stderr)}")
    res.verdicts = compare_set(name, ref_out, now_out, ref, now)
    if args.determinism:
        again = work / "ref-rerun" / name
        if again.exists():
            shutil.rmtree(again)
        again.mkdir(parents=True)
        say(f"[{name}] determinism: screening the ref side again into {again} ...")
        rerun = screen(ref, target, again, args.jobs)
        bad = same_outputs(ref_out, again)
        if rerun.code != rrun.code:
            bad.append(f"exit code {rrun.code} then {rerun.code}")
        say(f"[{name}] determinism: " + ("two ref runs byte-identical" if not bad else f"DIFFER: {', '.join(bad)}"))
        if bad:
            res.note = (res.note + "; " if res.note else "") + "ref not deterministic"
    return res


def table(results: list[Result]) -> None:
    head = ["set", "files", "ref s", "now s", "exit ref/now", *OUTPUTS, "note"]
    rows = [head] + [
        [r.name, r.files, r.ref_s, r.now_s, r.codes, *(r.verdicts.get(f, "-") for f in OUTPUTS), r.note]
        for r in results
    ]
    widths = [max(len(row[k]) for row in rows) for k in range(len(head))]
    say("")
    for j, row in enumerate(rows):
        say("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if j == 0:
            say("  ".join("-" * w for w in widths))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ref", default="c666325", help="the git ref of the baseline (default: c666325)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/screener-compare"), help="work folder")
    ap.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, of {', '.join(SETS)}")
    ap.add_argument("--bench-files", type=int, default=500, help="PDFs in the bench corpus (default 500)")
    ap.add_argument("--jobs", type=int, default=2, help="screener --jobs on both sides (default 2)")
    ap.add_argument("--refresh-ref", action="store_true", help="screen the ref side again, ignoring its cache")
    ap.add_argument("--determinism", action="store_true", help="also screen the ref side a second time and compare")
    args = ap.parse_args(argv)
    names = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [s for s in names if s not in SETS]
    if unknown or not names:
        ap.error(f"--sets: unknown {', '.join(unknown) or '(none given)'}; choose from {', '.join(SETS)}")
    if args.jobs < 1 or args.bench_files < 1:
        ap.error("--jobs and --bench-files must be at least 1")
    work: Path = args.work.resolve()
    started = time.perf_counter()
    results: list[Result] = []
    skipped: list[str] = []
    try:
        work.mkdir(parents=True, exist_ok=True)
        ref_src = work / "ref-src"
        sha = export_ref(args.ref, ref_src)
        ref = Side("ref", ref_src, side_env(ref_src))
        now = Side("now", ROOT, side_env(ROOT))
        probe(ref, ref_src)
        probe(now, ref_src)
        for name in names:
            target = input_folder(name, work, args.bench_files)
            if target is None:
                skipped.append(name)
                continue
            results.append(run_set(name, target, ref, now, sha, work, args))
    except SetupError as exc:
        say(f"setup error: {exc}")
        return 2
    table(results)
    say(
        f"\nref {args.ref} ({sha[:12]}) vs the working tree; outputs in {work}/ref-out and {work}/now-out; "
        f"{time.perf_counter() - started:.0f} s"
    )
    if skipped:
        say(f"skipped (input missing): {', '.join(skipped)}")
        if os.environ.get("CI"):
            say("CI is set: a missing input set is a setup error")
            return 2
    ok = all(r.ok for r in results)
    say("ALL IDENTICAL" if ok else "DIFFERENCES FOUND")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
