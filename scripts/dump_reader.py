#!/usr/bin/env python3
"""The PDFium reader's raw output, file by file, as digests: to prove a change to the reader changed nothing.

    python scripts/dump_reader.py -o /tmp/now.tsv                       # every PDF of the default sets
    SCREENER_NO_ACCEL=1 python scripts/dump_reader.py -o /tmp/py.tsv    # the same with the C accelerators off
    diff /tmp/py.tsv /tmp/now.tsv                                      # no line: identical
    python scripts/dump_reader.py --show FILE.pdf                      # one file's glyphs, readable

Each line: the file, then the sha256 of a canonical text of `pdfium.read(data)`: every page's number,
size, image and text-object counts, every glyph's text, box (repr of each float), size, weight,
hidden reason, space and line flags and units, the metadata date; or the ExtractError's status and
reason. The default sets are fixtures/pdf, ../shared/corpus/real and ../shared/corpus/livecareer/pdfs.
It also prints the CPU seconds spent in the reader (process time; not a benchmark, a hint).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screener.read import accel, pdfium  # noqa: E402
from screener.read.base import ExtractError  # noqa: E402

SETS = (
    ROOT / "fixtures" / "pdf",
    ROOT.parent / "shared" / "corpus" / "real",
    ROOT.parent / "shared" / "corpus" / "livecareer" / "pdfs",
)


def canonical(data: bytes) -> str:
    try:
        doc = pdfium.read(data)
    except ExtractError as exc:
        return f"error {exc.status} {exc.reason}\n"
    lines = [f"doc {doc.engine} {doc.page_count} {doc.metadata_date} {doc.notes!r}"]
    for p in doc.pages:
        lines.append(f"page {p.number} {p.width!r} {p.height!r} {p.images} {p.text_objects}")
        for c in p.chars:
            lines.append(
                f"{c.text!r} {c.x0!r} {c.top!r} {c.x1!r} {c.bottom!r} {c.size!r} {c.bold} {c.hidden!r} "
                f"{c.space_before} {c.newline_before} {c.units}"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="*", type=Path, help="folders of PDFs (default: the three sets)")
    ap.add_argument("-o", "--out", type=Path, help="write the digests here (default: standard output)")
    ap.add_argument("--show", type=Path, help="print one file's canonical text instead")
    args = ap.parse_args()
    if args.show:
        sys.stdout.write(canonical(args.show.read_bytes()))
        return
    files = sorted(f for d in (args.folders or [s for s in SETS if s.is_dir()]) for f in d.rglob("*.pdf"))
    out = []
    spent = 0.0
    for f in files:
        data = f.read_bytes()
        t = time.process_time()
        text = canonical(data)
        spent += time.process_time() - t
        out.append(f"{f}\t{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()}\n")
    if args.out:
        args.out.write_text("".join(out))
    else:
        sys.stdout.write("".join(out))
    print(f"{len(files)} files, reader CPU {spent:.2f} s, accelerators {accel.available()}", file=sys.stderr)


if __name__ == "__main__":
    main()
