#!/usr/bin/env python3
"""Eyeball what the parser finds in a folder of resumes, and score it against hand labels.

    python scripts/parse_report.py                       # ../shared/corpus/real, one block per file
    python scripts/parse_report.py some.pdf other/       # files and folders
    python scripts/parse_report.py --labels tests/data/real_corpus.json

Per file it prints the status, the name, the e-mail, the section headings and the roles with their
dates. With `--labels` each file also shows what it missed, and a summary gives the accuracy:

- name: casefold equal (whitespace collapsed), over the labelled `ok` files;
- email: equal (a label of null means no e-mail may be found), over the `ok` files;
- headings: recall of the labelled headings, compared with `screener.parse.sections.heading_key`
  (case, punctuation and "&"/"and" folded); a heading that appears twice must be found twice;
  plus the share of files whose labelled headings were all found;
- roles: a labelled role is found when one parsed role (each parsed role used once) has the same
  start and end (see `date_matches`; a date standing alone, "Nov 2011", has end None, while
  "Summer 2022" or "2021" alone may also be labelled start = end), which is not an education
  entry, and its title is the labelled title, or the title and the
  organisation printed together ("Head Code Ninja, Area 52"). "dates" counts the labelled roles
  whose start and end were found on some parsed role, whatever its title.

The comparison functions are also used by tests/test_real_corpus.py and scripts/livecareer_report.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from screener.model import DatePoint, Role, Screening  # noqa: E402
from screener.parse.sections import heading_key  # noqa: E402
from screener.record import record  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "real"
AS_OF = "2026-11-01"


# --------------------------------------------------------------------------- screening


def pdfs_under(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() == ".pdf"))
        else:
            out.append(p)
    return out


def make_config(engine: str = "auto", as_of: str = AS_OF) -> Any:
    from screener.settings import Screen
    from screener.taxonomy import load_taxonomy

    return Screen.of(load_taxonomy(), as_of=as_of, engine=engine)


def screen_many(paths: list[Path], config: Any) -> dict[str, Screening]:
    """Screen each file once; keyed by file name (the labels are keyed the same way)."""
    from screener.pipeline import screen_file

    return {p.name: screen_file(p, config) for p in paths}


# --------------------------------------------------------------------------- comparisons


def norm_name(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def date_matches(label: str | None, parsed: str | None, point: DatePoint | None) -> bool:
    """One end of a range: the label ('YYYY-MM', 'YYYY', 'present'/'current' or None) vs ours.

    `parsed` is the record's value ('YYYY-MM', 'present' or None) and `point` the parsed DatePoint
    behind it (None for 'present' or when unknown).
    - None matches only None (no date was written, none may be invented);
    - 'present' / 'current' matches only an open end;
    - a bare year 'YYYY' matches a parsed date in that year written without a month (a year,
      season or quarter) -- the record turns a bare year into YYYY-01 / YYYY-12, so the string
      alone cannot tell;
    - 'YYYY-MM' matches the same month, written with a month.
    """
    if label is None:
        return parsed is None
    if label in ("present", "current"):
        return parsed == "present"
    if parsed is None or parsed == "present":
        return False
    if len(label) == 4:
        return parsed[:4] == label and (point is None or point.precision != "month")
    return parsed == label and (point is None or point.precision != "year")


def parsed_range(rec: dict[str, Any], role: Role) -> tuple[str | None, str | None]:
    """(start, end) of a parsed role as the record gives them, except that a range with no end
    written ("Nov 2011" alone) has end None, as in the labels (the record closes it on its start)."""
    d = role.dates
    if d is None:
        return None, None
    end = rec["end"] if (d.open_end or (d.end is not None and not d.single)) else None
    return rec["start"], end


def role_dates_match(label_start: str | None, label_end: str | None, rec: dict[str, Any], role: Role) -> bool:
    d = role.dates
    start_pt = d.start if d is not None else None
    end_pt = d.end if d is not None and not d.open_end and not d.single else None
    start, end = parsed_range(rec, role)
    if not date_matches(label_start, start, start_pt):
        return False
    if d is not None and d.single and label_end is not None:
        # a date standing alone ("Summer 2022", "2021") was labelled start = end = that date
        return date_matches(label_end, rec["end"], d.start)
    return date_matches(label_end, end, end_pt)


def title_matches(label_title: str | None, label_org: str | None, parsed_title: str) -> bool:
    """The labelled title, or title and organisation printed together on one line."""
    got = heading_key(parsed_title)
    t = heading_key(label_title or "")
    o = heading_key(label_org or "")
    if not t:
        return False
    return got in {t, f"{t} {o}".strip(), f"{o} {t}".strip()}


def headings_recall(labelled: list[str], found: list[str]) -> tuple[int, list[str]]:
    """(how many labelled headings were found, the ones missed); repeats must be found as often."""
    have = Counter(heading_key(h) for h in found)
    hit = 0
    missed: list[str] = []
    for h in labelled:
        k = heading_key(h)
        if have[k] > 0:
            have[k] -= 1
            hit += 1
        else:
            missed.append(h)
    return hit, missed


def extra_headings(labelled: list[str], found: list[str]) -> list[str]:
    want = Counter(heading_key(h) for h in labelled)
    out = []
    for h in found:
        k = heading_key(h)
        if want[k] > 0:
            want[k] -= 1
        else:
            out.append(h)
    return out


def why_role_missed(lr: dict[str, Any], recs: list[dict[str, Any]], roles: list[Role]) -> str:
    """What the nearest parsed role got wrong: the title, the dates, or there is no such role."""
    pairs = [(r, role) for r, role in zip(recs, roles, strict=True) if r["kind"] != "education"]
    for r, role in pairs:
        if role_dates_match(lr["start"], lr["end"], r, role):
            return f"dates found, title {r['title']!r} org {r['organization']!r} ({r['kind']})"
    for r, role in pairs:
        if title_matches(lr["title"], lr.get("organization"), r["title"]):
            start, end = parsed_range(r, role)
            return f"title found, dates {start}..{end} from {r['dates_text']!r} ({r['kind']})"
    want = heading_key(lr["title"] or "")
    for r, _role in pairs:
        if want and (want in heading_key(r["title"]) or want == heading_key(r["organization"])):
            start, end = parsed_range(r, _role)
            return f"title inside {r['title']!r} / org {r['organization']!r}, dates {start}..{end} ({r['kind']})"
    return "no parsed role with these dates or this title"


@dataclass
class FileResult:
    file: str
    status_ok: bool
    ok: bool  # labelled status is ok
    name_ok: bool = False
    email_ok: bool = False
    headings: int = 0
    headings_hit: int = 0
    headings_missed: list[str] = field(default_factory=list)
    headings_extra: list[str] = field(default_factory=list)
    roles: int = 0
    roles_hit: int = 0
    roles_dates_hit: int = 0
    roles_missed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def compare_real(label: dict[str, Any], s: Screening) -> FileResult:
    """One file of tests/data/real_corpus.json against its screening."""
    res = FileResult(file=Path(s.file).name, status_ok=(s.status == label["status"]), ok=label["status"] == "ok")
    if not res.status_ok:
        res.problems.append(f"status {s.status!r}, label {label['status']!r} ({s.reason})")
    if not res.ok:
        return res
    rec = record(s, None).to_json()
    res.name_ok = norm_name(s.contact.name) == norm_name(label.get("name"))
    if not res.name_ok:
        res.problems.append(f"name {s.contact.name!r}, label {label.get('name')!r}")
    res.email_ok = (s.contact.email or None) == (label.get("email") or None)
    if not res.email_ok:
        res.problems.append(f"email {s.contact.email!r}, label {label.get('email')!r}")
    want = label.get("sections") or []
    res.headings = len(want)
    res.headings_hit, res.headings_missed = headings_recall(want, rec["sections"])
    res.headings_extra = extra_headings(want, rec["sections"])
    labelled_roles = label.get("roles") or []
    res.roles = len(labelled_roles)
    used: set[int] = set()
    used_dates: set[int] = set()
    for lr in labelled_roles:
        hit = None
        for i, (r, role) in enumerate(zip(rec["roles"], s.roles, strict=True)):
            if (i not in used and r["kind"] != "education"
                    and role_dates_match(lr["start"], lr["end"], r, role)
                    and title_matches(lr["title"], lr.get("organization"), r["title"])):
                hit = i
                break
        if hit is not None:
            used.add(hit)
            res.roles_hit += 1
        else:
            res.roles_missed.append(f"{lr['title']} @ {lr.get('organization')} {lr['start']}..{lr['end']}"
                                    f" [{why_role_missed(lr, rec['roles'], s.roles)}]")
        for i, (r, role) in enumerate(zip(rec["roles"], s.roles, strict=True)):
            if i not in used_dates and r["kind"] != "education" and role_dates_match(lr["start"], lr["end"], r, role):
                used_dates.add(i)
                res.roles_dates_hit += 1
                break
    return res


@dataclass
class Totals:
    files: int = 0
    ok_files: int = 0
    status_ok: int = 0
    names: int = 0
    emails: int = 0
    headings: int = 0
    headings_hit: int = 0
    headings_extra: int = 0
    files_all_headings: int = 0
    roles: int = 0
    roles_hit: int = 0
    roles_dates_hit: int = 0

    def ratio(self, a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def name_accuracy(self) -> float:
        return self.ratio(self.names, self.ok_files)

    @property
    def email_accuracy(self) -> float:
        return self.ratio(self.emails, self.ok_files)

    @property
    def headings_recall(self) -> float:
        return self.ratio(self.headings_hit, self.headings)

    @property
    def headings_precision(self) -> float:
        return self.ratio(self.headings_hit, self.headings_hit + self.headings_extra)

    @property
    def all_headings_share(self) -> float:
        return self.ratio(self.files_all_headings, self.ok_files)

    @property
    def roles_recall(self) -> float:
        return self.ratio(self.roles_hit, self.roles)

    @property
    def role_dates_recall(self) -> float:
        return self.ratio(self.roles_dates_hit, self.roles)


def totals(results: list[FileResult]) -> Totals:
    t = Totals()
    for r in results:
        t.files += 1
        t.status_ok += r.status_ok
        if not r.ok:
            continue
        t.ok_files += 1
        t.names += r.name_ok
        t.emails += r.email_ok
        t.headings += r.headings
        t.headings_hit += r.headings_hit
        t.headings_extra += len(r.headings_extra)
        t.files_all_headings += r.headings_hit == r.headings
        t.roles += r.roles
        t.roles_hit += r.roles_hit
        t.roles_dates_hit += r.roles_dates_hit
    return t


# --------------------------------------------------------------------------- printing


def _clip(text: str, width: int) -> str:
    return text if width <= 0 or len(text) <= width else text[: width - 1] + "…"


def describe(s: Screening, width: int) -> list[str]:
    rec = record(s, None).to_json()
    head = f"{Path(s.file).name}  [{s.status}]"
    if s.status != "ok":
        return [_clip(f"{head}  {s.reason}", width)]
    head += f"  {s.contact.name or '-'!s}  <{s.contact.email or '-'}>"
    if s.contact.phone:
        head += f"  {s.contact.phone}"
    out = [_clip(head, width)]
    out.append(_clip("    sections: " + " | ".join(rec["sections"]), width))
    roles = []
    for r in rec["roles"]:
        if r["kind"] not in ("work", "other", "project"):
            continue
        t = r["title"] or "?"
        if r["organization"]:
            t += f" @ {r['organization']}"
        roles.append(f"{t} {r['start'] or '?'}..{r['end'] or '?'}" + ("" if r["kind"] == "work" else f" ({r['kind']})"))
    out.append(_clip("    roles: " + ("; ".join(roles) or "-"), width))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", type=Path, help=f"PDFs or folders (default {DEFAULT_CORPUS})")
    ap.add_argument("--labels", type=Path, help="hand labels (tests/data/real_corpus.json) to score against")
    ap.add_argument("--engine", default="auto", choices=["auto", "pdfium", "pdfplumber"])
    ap.add_argument("--as-of", default=AS_OF)
    ap.add_argument("--width", type=int, default=160, help="clip lines to this width (0: never)")
    ap.add_argument("--misses-only", action="store_true", help="with --labels: only files with a miss")
    ap.add_argument("--json", action="store_true", help="with --labels: print the summary as JSON")
    args = ap.parse_args(argv)

    files = pdfs_under(args.paths or [DEFAULT_CORPUS])
    labels: dict[str, Any] = {}
    if args.labels:
        labels = json.loads(args.labels.read_text(encoding="utf-8"))
        if not args.paths:
            files = [f for f in files if f.name in labels]
    t0 = time.perf_counter()
    screens = screen_many(files, make_config(args.engine, args.as_of))
    elapsed = time.perf_counter() - t0

    results: list[FileResult] = []
    for name, s in screens.items():
        res = compare_real(labels[name], s) if name in labels else None
        if res is not None:
            results.append(res)
        missed = res is not None and (res.problems or res.headings_missed or res.roles_missed)
        if args.misses_only and not missed:
            continue
        if args.json:
            continue
        for line in describe(s, args.width):
            print(line)
        if res is not None:
            for p in res.problems:
                print(f"    ✗ {p}")
            if res.headings_missed:
                print(_clip("    ✗ headings missed: " + " | ".join(res.headings_missed)
                            + ("   (extra: " + " | ".join(res.headings_extra) + ")" if res.headings_extra else ""),
                            args.width))
            if res.roles_missed:
                print(_clip(f"    ✗ roles missed {len(res.roles_missed)}/{res.roles}: " + "; ".join(res.roles_missed),
                            args.width))
    if labels:
        unl = [n for n in screens if n not in labels]
        t = totals(results)
        summary = {
            "files": t.files, "ok_files": t.ok_files, "status": f"{t.status_ok}/{t.files}",
            "name": round(t.name_accuracy, 3), "email": round(t.email_accuracy, 3),
            "headings_recall": round(t.headings_recall, 3),
            "files_with_all_headings": round(t.all_headings_share, 3),
            "headings_precision": round(t.headings_precision, 3),
            "roles_found": round(t.roles_recall, 3), "role_dates_found": round(t.role_dates_recall, 3),
            "seconds": round(elapsed, 2), "unlabelled": unl,
        }
        if args.json:
            print(json.dumps(summary, indent=2))
        else:
            print()
            print(f"{t.files} labelled files ({t.ok_files} ok) screened in {elapsed:.1f}s; "
                  f"status right {t.status_ok}/{t.files}")
            print(f"name      {t.names}/{t.ok_files} = {t.name_accuracy:.3f}")
            print(f"email     {t.emails}/{t.ok_files} = {t.email_accuracy:.3f}")
            print(f"headings  {t.headings_hit}/{t.headings} = {t.headings_recall:.3f} recall; "
                  f"all headings found in {t.files_all_headings}/{t.ok_files} files = {t.all_headings_share:.3f}; "
                  f"precision {t.headings_hit}/{t.headings_hit + t.headings_extra} = {t.headings_precision:.3f}")
            print(f"roles     {t.roles_hit}/{t.roles} = {t.roles_recall:.3f} (title+start+end); "
                  f"dates alone {t.roles_dates_hit}/{t.roles} = {t.role_dates_recall:.3f}")
            if unl:
                print(f"not labelled: {', '.join(unl)}")
    else:
        print(f"\n{len(screens)} files in {elapsed:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
