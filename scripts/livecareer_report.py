#!/usr/bin/env python3
"""Section and job-date recovery on the labelled LiveCareer resumes (../shared/corpus/livecareer).

    python scripts/livecareer_report.py              # summary + every miss with a likely cause
    python scripts/livecareer_report.py --summary    # figures only
    python scripts/livecareer_report.py --ids 13405733 24913648

The labels (labels.jsonl, 117 IT resumes, see the corpus README) come from the HTML the PDFs were
rendered from. What is measured:

- sections: recall of the labelled section titles among the headings we found, compared with
  `screener.parse.sections.heading_key`; a title that appears twice must be found twice.
- date ranges: the labelled jobs with both a start and an end ("current" counts as an end). Such a
  job is *recovered exactly* when one parsed **work** role (each parsed role used once, labels
  taken in order) has the same start and the same end: "YYYY-MM" equals our "YYYY-MM" written with
  a month; "current" equals our "present"; a bare-year label "YYYY" (one job) equals a parsed date
  in that year written without a month. Jobs with only one date or none are reported apart.
- mojibake: no extracted line may contain "â€" (the parser repairs UTF-8 read as cp1252).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from parse_report import (  # noqa: E402
    ROOT,
    date_matches,
    headings_recall,
    make_config,
    parsed_range,
    role_dates_match,
    screen_many,
)

from screener.model import Screening  # noqa: E402
from screener.parse.sections import heading_key  # noqa: E402
from screener.record import record  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "livecareer"
MOJIBAKE = ("â€", "Ã", "Â", "ï¼")


def load_labels(corpus: Path = CORPUS) -> list[dict[str, Any]]:
    with (corpus / "labels.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def screen_labelled(labels: list[dict[str, Any]], corpus: Path = CORPUS, config: Any = None) -> dict[str, Screening]:
    """Screen every labelled PDF once, keyed by the label id."""
    config = config or make_config()
    paths = [corpus / lab["file"] for lab in labels]
    by_name = screen_many(paths, config)
    return {lab["id"]: by_name[Path(lab["file"]).name] for lab in labels}


def has_range(job: dict[str, Any]) -> bool:
    return job.get("start") is not None and job.get("end") is not None


@dataclass
class JobMiss:
    id: str
    job: dict[str, Any]
    cause: str
    detail: str


@dataclass
class Result:
    resumes: int = 0
    errors: list[str] = field(default_factory=list)
    headings: int = 0
    headings_hit: int = 0
    resumes_all_headings: int = 0
    headings_missed: list[tuple[str, list[str], list[str]]] = field(default_factory=list)  # id, missed, found
    ranges: int = 0
    ranges_hit: int = 0
    titles_on_hit: int = 0
    single_dates: int = 0
    single_dates_hit: int = 0
    misses: list[JobMiss] = field(default_factory=list)
    mojibake: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # marker -> (id, line)

    @property
    def headings_recall(self) -> float:
        return self.headings_hit / self.headings if self.headings else 1.0

    @property
    def ranges_recall(self) -> float:
        return self.ranges_hit / self.ranges if self.ranges else 1.0


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def _pt(p: Any) -> str:
    if p is None:
        return "None"
    return f"{p.year}" if p.precision == "year" else f"{p.year}-{p.first_month:02d}"


def diagnose(job: dict[str, Any], s: Screening, rec: dict[str, Any], used: set[int]) -> tuple[str, str]:
    """A likely cause for an unrecovered job range: (cause code, detail)."""
    roles = list(zip(rec["roles"], s.roles, strict=True))
    want = f"label {job['raw_dates']!r} ({job['start']}..{job['end']})"
    for i, (r, role) in enumerate(roles):
        if role_dates_match(job["start"], job["end"], r, role):
            if i in used:
                return "dates-taken-by-other-label", (f"{want}: the only parsed role with these dates "
                                                      f"(line {r['line']}) already matched an earlier label")
            return f"role-kind-{r['kind']}", (f"{want}: found on a {r['kind']} role in section {r['section']!r} "
                                             f"(title {r['title']!r}, line {r['line']})")
    raw = job.get("raw_dates") or ""
    start_raw = job.get("start_raw") or ""
    # a parsed role that starts right but ends wrong, or the reverse
    for r, role in roles:
        d = role.dates
        start, end = parsed_range(r, role)
        spt = d.start if d else None
        ept = d.end if d and not d.open_end else None
        got = f"parsed start {start} end {end} from {r['dates_text']!r} (line {r['line']}, title {r['title']!r})"
        if date_matches(job["start"], start, spt):
            return "end-wrong", f"{want}: {got}"
        if date_matches(job["end"], end, ept):
            return "start-wrong", f"{want}: {got}"
    lines = s.document.lines if s.document else []
    line = next((ln for ln in lines if raw and _squash(raw) in _squash(ln.text)), None)
    if line is None and start_raw:
        line = next((ln for ln in lines if _squash(start_raw) in _squash(ln.text)), None)
    if line is None:
        return "date-text-not-in-lines", f"{want}: neither the range nor {start_raw!r} appears in any extracted line"
    sec = next((x for x in s.sections if line in x.lines), None)
    sec_desc = f"section {sec.kind!r} ({sec.heading!r})" if sec else "no section"
    from screener.parse.dates import find_date_ranges

    found = find_date_ranges(line.text)
    if not found:
        return "date-not-parsed", f"{want}: line {line.number} {line.text!r} in {sec_desc}: " \
                                  "dates.find_date_ranges finds nothing"
    got = "; ".join(f"{f.raw!r} -> {_pt(f.start)}..{'present' if f.open_end else _pt(f.end)}"
                    + (" (single)" if f.single else "") for f in found)
    in_role = [r for r, role in roles if any(ln is line for ln in role.lines)]
    if in_role:
        r = in_role[0]
        return "date-line-inside-other-role", f"{want}: line {line.number} {line.text!r} in {sec_desc} sits in role " \
                                              f"{r['title']!r} (line {r['line']}, dates {r['dates_text']!r}); " \
                                              f"dates parse as {got}"
    return "date-line-not-a-role", f"{want}: line {line.number} {line.text!r} in {sec_desc} starts no role; " \
                                   f"dates parse as {got}"


def measure(labels: list[dict[str, Any]], screens: dict[str, Screening]) -> Result:
    res = Result()
    for lab in labels:
        s = screens[lab["id"]]
        res.resumes += 1
        if s.status != "ok":
            res.errors.append(f"{lab['id']}: status {s.status} ({s.reason})")
        rec = record(s, None).to_json()
        hit, missed = headings_recall(lab["sections"], rec["sections"])
        res.headings += len(lab["sections"])
        res.headings_hit += hit
        res.resumes_all_headings += not missed
        if missed:
            res.headings_missed.append((lab["id"], missed, rec["sections"]))
        for ln in s.document.lines if s.document else []:
            for m in MOJIBAKE:
                if m in ln.text:
                    res.mojibake.setdefault(m, []).append((lab["id"], ln.text))
        roles = list(zip(rec["roles"], s.roles, strict=True))
        used: set[int] = set()
        for job in lab["jobs"]:
            if job.get("start") is None and job.get("end") is None:
                continue
            ranged = has_range(job)
            if ranged:
                res.ranges += 1
            else:
                res.single_dates += 1
            hit_i = None
            for i, (r, role) in enumerate(roles):
                if i not in used and r["kind"] == "work" and role_dates_match(job["start"], job["end"], r, role):
                    hit_i = i
                    break
            if hit_i is not None:
                used.add(hit_i)
                if ranged:
                    res.ranges_hit += 1
                    if heading_key(roles[hit_i][0]["title"]) == heading_key(job.get("title") or ""):
                        res.titles_on_hit += 1
                else:
                    res.single_dates_hit += 1
            elif ranged:
                cause, detail = diagnose(job, s, rec, used)
                res.misses.append(JobMiss(lab["id"], job, cause, detail))
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--ids", nargs="*", help="only these resume ids")
    ap.add_argument("--engine", default="auto", choices=["auto", "pdfium", "pdfplumber"])
    ap.add_argument("--summary", action="store_true", help="figures only, no list of misses")
    ap.add_argument("--examples", type=int, default=0, help="misses shown per cause (0: all)")
    args = ap.parse_args(argv)

    labels = load_labels(args.corpus)
    if args.ids:
        labels = [lab for lab in labels if lab["id"] in set(args.ids)]
    t0 = time.perf_counter()
    screens = screen_labelled(labels, args.corpus, make_config(args.engine))
    elapsed = time.perf_counter() - t0
    res = measure(labels, screens)

    if not args.summary:
        by_cause: dict[str, list[JobMiss]] = defaultdict(list)
        for m in res.misses:
            by_cause[m.cause].append(m)
        for cause, ms in sorted(by_cause.items(), key=lambda kv: -len(kv[1])):
            print(f"== {cause}: {len(ms)}")
            for m in ms[: args.examples or None]:
                print(f"  {m.id}: {m.detail}")
        if res.headings_missed:
            missed_count = Counter(h for _, miss, _ in res.headings_missed for h in miss)
            print(f"== headings missed ({sum(missed_count.values())}): "
                  + ", ".join(f"{h!r}×{n}" for h, n in missed_count.most_common()))
            for rid, miss, found in res.headings_missed[: args.examples or None]:
                print(f"  {rid}: missed {miss}; found {found}")
        for marker, hits in res.mojibake.items():
            print(f"== mojibake {marker!r} left in {len(hits)} lines, e.g. " + "; ".join(
                f"{i}: {t[:60]!r}" for i, t in hits[:3]))
        print()
    print(f"{res.resumes} labelled resumes screened in {elapsed:.1f}s; not ok: {len(res.errors)} {res.errors[:3]}")
    print(f"sections    {res.headings_hit}/{res.headings} = {res.headings_recall:.3f} recall; "
          f"all found in {res.resumes_all_headings}/{res.resumes}")
    print(f"date ranges {res.ranges_hit}/{res.ranges} = {res.ranges_recall:.3f} recovered exactly "
          f"(title also equal on {res.titles_on_hit} of them)")
    print(f"one date    {res.single_dates_hit}/{res.single_dates} (start-only or end-only jobs)")
    print("mojibake    " + (", ".join(f"{m!r} in {len(h)} lines" for m, h in res.mojibake.items()) or "none"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
