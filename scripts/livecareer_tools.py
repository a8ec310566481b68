#!/usr/bin/env python3
"""Every column-A tool or practice found in the LiveCareer resumes, with its line (issue 17).

    python scripts/livecareer_tools.py                 # all 347 PDFs under ../shared/corpus/livecareer/pdfs
    python scripts/livecareer_tools.py --category TEACHER FITNESS

The LiveCareer resumes (accountants, teachers, chefs, IT staff... written before 2019) hold no
LLM-applied work: a column-A item found there comes from an ordinary word ("Inspect",
"Instructor", "Confident", "tool use"). Each line printed is one mention to check by eye;
tests/test_livecareer.py pins what remains on the labelled resumes and on the files below.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from parse_report import ROOT, make_config  # noqa: E402

from screener.model import Screening  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "livecareer"


def column_a(s: Screening) -> list[tuple[str, int, str]]:
    """(name, line, line text) of every column-A mention of a screen."""
    return [(m.name, m.line, m.text) for m in s.mentions if m.column == "A"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--category", nargs="*", default=None, help="only these folders under pdfs/")
    args = ap.parse_args(argv)
    from screener.pipeline import screen_file

    config = make_config()
    paths = sorted((CORPUS / "pdfs").rglob("*.pdf"))
    if args.category:
        paths = [p for p in paths if p.parent.name in args.category]
    found = 0
    for p in paths:
        for name, line, text in column_a(screen_file(p, config)):
            found += 1
            print(f"{p.relative_to(CORPUS)}:{line}: {name}: {text[:120]}")
    print(f"{found} column-A mentions in {len(paths)} resumes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
