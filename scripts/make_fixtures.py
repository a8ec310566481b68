#!/usr/bin/env python3
"""Render the resume fixtures in fixtures/specs/*.toml into fixtures/pdf/*.pdf.

Each spec is plain data (TOML) describing one resume: PDF metadata, a style
(layout, fonts, sizes, bullet glyph, entry header style) and the content
(header block, sections, entries, bullets, hidden text). A small layout engine
turns any spec into drawing operations, then reportlab draws them. Three
special renderings exist besides the normal vector one:

  render = "scan"  an image-only PDF (no text layer), written by hand around a
                   1-bit bitmap drawn with Pillow's built-in bitmap font
  render = "raw"   the bytes of `raw` written as they are (empty / not a PDF)
  password = "..." a normal rendering encrypted with that user password (RC4-128)

Output is byte-for-byte reproducible: fixed document ID, fixed dates taken from
the spec, no timestamps, no randomness (the scan's speckle comes from a seeded
PRNG). `--check` renders into a temporary directory and exits 1 when any
committed PDF differs, is missing or is extra.

Usage:
    python scripts/make_fixtures.py              # fixtures/specs -> fixtures/pdf
    python scripts/make_fixtures.py --check      # CI: committed PDFs up to date?
    python scripts/make_fixtures.py --only 01_ai_strong
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import tempfile
import tomllib
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Reproducibility: reportlab's invariant mode would otherwise honour this variable.
os.environ.pop("SOURCE_DATE_EPOCH", None)

import reportlab  # noqa: E402
from reportlab import rl_config  # noqa: E402

rl_config.invariant = 1

from reportlab.lib.colors import Color, HexColor, black, white  # noqa: E402
from reportlab.lib.pagesizes import A4, letter  # noqa: E402
from reportlab.lib.pdfencrypt import StandardEncryption  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFName, PDFString  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPECS = ROOT / "fixtures" / "specs"
DEFAULT_OUT = ROOT / "fixtures" / "pdf"
FONT_DIR = ROOT / "fixtures" / "fonts"
RL_FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"

# --------------------------------------------------------------------------- fonts

FAMILIES: dict[str, tuple[str, str, str]] = {
    "Helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique"),
    "Times": ("Times-Roman", "Times-Bold", "Times-Italic"),
    "Courier": ("Courier", "Courier-Bold", "Courier-Oblique"),
    "Vera": ("Vera", "VeraBd", "VeraIt"),
}
SYMBOL_FONT = "DejaVuSans"  # bullets the body font lacks (▪ ◦ ➤)
STANDARD_FONTS = {name for fam in ("Helvetica", "Times", "Courier") for name in FAMILIES[fam]}
_registered = False


def register_fonts() -> None:
    global _registered
    if _registered:
        return
    for name, file in (("Vera", "Vera.ttf"), ("VeraBd", "VeraBd.ttf"), ("VeraIt", "VeraIt.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(RL_FONT_DIR / file)))
    pdfmetrics.registerFont(TTFont(SYMBOL_FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    _registered = True


def has_glyphs(font: str, text: str) -> bool:
    """Can `font` draw every character of `text`?"""
    if font in STANDARD_FONTS:
        try:
            text.encode("cp1252")
        except UnicodeEncodeError:
            return False
        return True
    face = pdfmetrics.getFont(font).face
    return all(ord(ch) in face.charToGlyph or ch in "\n\t" for ch in text)


def width(text: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, font, size))


def color(value: str | None, default: Color = black) -> Color:
    return HexColor(value) if value else default


# --------------------------------------------------------------------------- display list


@dataclass
class Op:
    """One drawing operation on one page (coordinates in PDF points, origin bottom-left)."""

    kind: str  # "text", "rect", "line"
    page: int
    x: float
    y: float
    text: str = ""
    font: str = ""
    size: float = 0.0
    color: Color = black
    w: float = 0.0
    h: float = 0.0
    align: str = "left"  # for text: left / right / center (x is the anchor)
    render_mode: int = 0  # 3 = invisible text
    colors: tuple[str, ...] = ()  # for "gradient": the colours of a linear shading, left to right


class LayoutError(ValueError):
    pass


@dataclass
class Column:
    x: float
    w: float
    y: float  # baseline of the last line drawn (cursor)
    top: float  # where a fresh page starts for this column
    text_color: Color = black
    can_break: bool = True


@dataclass
class Style:
    layout: str = "single"
    font: str = "Helvetica"
    body_size: float = 10.0
    name_size: float = 20.0
    heading_size: float = 0.0
    heading_style: str = "rule"  # rule / plain / band / caps-spaced
    heading_color: str = "#000000"
    accent: str = "#000000"
    bullet: str = "•"
    entry_style: str = "right"  # right / two-line / own-line / inline / org-first / gutter
    leading: float = 1.28
    margin: float = 54.0
    page_size: str = "letter"
    sidebar_width: float = 175.0
    sidebar_fill: str | None = None
    sidebar_text: str | None = None
    header_place: str = "top"  # top (full width) / side (top of the sidebar)
    header_align: str = "left"
    header_band: str | None = None  # fill colour of a band behind the header block
    header_text: str | None = None  # text colour inside the band
    header_gradient: list[str] | None = None  # a band filled with a linear shading (sh), not a flat fill
    running_header: str | None = None  # pages >= 2; {page} {pages}
    running_footer: str | None = None  # all pages; {page} {pages}
    gutter: float = 92.0  # width of the date gutter for entry_style = gutter
    date_italic: bool = False
    org_sep: str = ", "  # between title and organisation on one line ("right" entries)

    @classmethod
    def from_spec(cls, data: dict[str, Any]) -> Style:
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise LayoutError(f"unknown style keys: {sorted(unknown)}")
        st = cls(**data)
        if st.font not in FAMILIES:
            raise LayoutError(f"unknown font family {st.font!r}")
        if not st.heading_size:
            st.heading_size = st.body_size + 1.5
        return st

    @property
    def regular(self) -> str:
        return FAMILIES[self.font][0]

    @property
    def bold(self) -> str:
        return FAMILIES[self.font][1]

    @property
    def italic(self) -> str:
        return FAMILIES[self.font][2]


Run = tuple[str, str]  # (text, font)


@dataclass
class Layout:
    """Turns one spec into a list of Ops, page by page."""

    spec: dict[str, Any]
    style: Style
    ops: list[Op] = field(default_factory=list)
    page: int = 0
    pages: int = 1

    def __post_init__(self) -> None:
        self.page_w, self.page_h = A4 if self.style.page_size == "A4" else letter
        st = self.style
        m = st.margin
        top = self.page_h - m
        full_w = self.page_w - 2 * m
        text_color = color(st.sidebar_text) if st.sidebar_text else black
        if st.layout == "single":
            self.main = Column(m, full_w, top, top)
            self.side: Column | None = None
        elif st.layout in ("sidebar-left", "sidebar-right"):
            gap = 22.0
            sw = st.sidebar_width
            mw = full_w - sw - gap
            if st.layout == "sidebar-left":
                side_x, main_x = m, m + sw + gap
            else:
                main_x, side_x = m, m + mw + gap
            self.main = Column(main_x, mw, top, top)
            self.side = Column(side_x, sw, top, top, text_color=text_color, can_break=False)
        else:
            raise LayoutError(f"unknown layout {st.layout!r}")
        if st.running_header:
            # leave room on continuation pages for the running header
            self.main.top = top - 2.2 * st.body_size

    # ------------------------------------------------------------------ primitives

    def lead(self, size: float) -> float:
        return size * self.style.leading

    def new_page(self, col: Column) -> None:
        if not col.can_break:
            raise LayoutError(f"{self.spec.get('_stem')}: sidebar content overflows the page")
        self.page += 1
        self.pages = max(self.pages, self.page + 1)
        col.y = col.top

    def advance(self, col: Column, dy: float, keep: float = 0.0) -> None:
        """Move the cursor down by dy, breaking the page when dy + keep does not fit."""
        if col.y - dy - keep < self.style.margin:
            self.new_page(col)
        col.y -= dy

    def page_of(self, col: Column) -> int:
        return self.page if col is self.main else 0

    def text(
        self,
        col: Column,
        x: float,
        text: str,
        font: str,
        size: float,
        c: Color | None = None,
        align: str = "left",
    ) -> None:
        self.check_glyphs(font, text)
        self.ops.append(
            Op(
                "text",
                self.page_of(col),
                x,
                col.y,
                text,
                font,
                size,
                c if c is not None else col.text_color,
                align=align,
            )
        )

    def check_glyphs(self, font: str, text: str) -> None:
        if not has_glyphs(font, text):
            bad = sorted({ch for ch in text if not has_glyphs(font, ch)})
            raise LayoutError(f"{self.spec.get('_stem')}: font {font} lacks {bad} in {text!r}")

    def wrap(self, text: str, font: str, size: float, avail: float) -> list[str]:
        words = text.split()
        lines: list[str] = []
        cur = ""
        for word in words:
            trial = f"{cur} {word}" if cur else word
            if width(trial, font, size) <= avail or not cur:
                cur = trial
            else:
                lines.append(cur)
                cur = word
        if cur:
            lines.append(cur)
        return lines

    def paragraph(
        self,
        col: Column,
        text: str,
        font: str | None = None,
        size: float | None = None,
        indent: float = 0.0,
        c: Color | None = None,
    ) -> None:
        font = font or self.style.regular
        size = size or self.style.body_size
        for line in self.wrap(text, font, size, col.w - indent):
            self.advance(col, self.lead(size))
            self.text(col, col.x + indent, line, font, size, c)

    def bullet_item(self, col: Column, text: str, glyph: str | None = None, indent: float = 0.0) -> None:
        st = self.style
        glyph = st.bullet if glyph is None else glyph
        size = st.body_size
        if not glyph:
            self.paragraph(col, text, indent=indent)
            return
        gfont = st.regular if has_glyphs(st.regular, glyph) else SYMBOL_FONT
        hang = max(width(glyph, gfont, size) + size * 0.55, size * 1.05)
        lines = self.wrap(text, st.regular, size, col.w - indent - hang)
        for i, line in enumerate(lines):
            self.advance(col, self.lead(size))
            if i == 0:
                self.text(col, col.x + indent, glyph, gfont, size)
            self.text(col, col.x + indent + hang, line, st.regular, size)

    def runs_line(
        self,
        col: Column,
        runs: list[Run],
        size: float,
        right: Run | None = None,
        indent: float = 0.0,
        keep: float = 0.0,
    ) -> None:
        """One line made of runs in several fonts, optionally with right-aligned text (dates)."""
        avail = col.w - indent
        if right:
            avail -= width(right[0], right[1], size) + size
        total = sum(width(t, f, size) for t, f in runs)
        if total > avail:
            # too long for one line: first run on its own line, the rest below
            if len(runs) > 1:
                first, rest = runs[0], runs[1:]
                self.runs_line(col, [first], size, right, indent, keep)
                rest = [(rest[0][0].lstrip(" ,|—–-·").lstrip(), rest[0][1])] + rest[1:]
                self.runs_line(col, rest, size, None, indent)
                return
            raise LayoutError(f"{self.spec.get('_stem')}: line too long: {runs}")
        self.advance(col, self.lead(size), keep)
        x = col.x + indent
        for t, f in runs:
            self.text(col, x, t, f, size)
            x += width(t, f, size)
        if right:
            self.text(col, col.x + col.w, right[0], right[1], size, align="right")

    # ------------------------------------------------------------------ blocks

    def header(self) -> None:
        st = self.style
        hd = self.spec.get("header", {})
        col = self.side if (st.header_place == "side" and self.side) else self.main
        full = col is self.main and self.side is not None and st.header_place == "top"
        x0 = self.style.margin if full else col.x
        w = self.page_w - 2 * st.margin if full else col.w
        hcol = Column(x0, w, col.y, col.top, col.text_color, can_break=False)
        band_index = None
        if st.header_band or st.header_gradient:
            band_index = len(self.ops)
            if st.header_gradient:
                self.ops.append(Op("gradient", 0, 0, 0, colors=tuple(st.header_gradient)))
            else:
                self.ops.append(Op("rect", 0, 0, 0, color=color(st.header_band)))
            hcol.text_color = color(st.header_text, white)
            hcol.y -= st.body_size * 0.6
        align = st.header_align
        ax = hcol.x + hcol.w / 2 if align == "center" else hcol.x

        name = hd["name"]
        self.advance(hcol, st.name_size * 1.0)
        self.text(hcol, ax, name, st.bold, st.name_size, align=align)
        hcol.y -= st.name_size * 0.25
        if hd.get("headline"):
            hs = st.body_size + 1.5
            for line in self.wrap(hd["headline"], st.italic, hs, hcol.w):
                self.advance(hcol, self.lead(hs))
                self.text(hcol, ax, line, st.italic, hs, align=align)
        sep = hd.get("contact_sep", " | ")
        contact: list[str] = hd.get("contact", [])
        if contact:
            groups: list[list[str]] = []
            cur: list[str] = []
            if hd.get("contact_stacked"):
                groups = [[c] for c in contact]
            elif hd.get("contact_nowrap"):  # one line, even past the page edge
                groups = [list(contact)]
            else:
                for item in contact:
                    trial = sep.join(cur + [item])
                    if cur and width(trial, st.regular, st.body_size) > hcol.w:
                        groups.append(cur)
                        cur = [item]
                    else:
                        cur.append(item)
                groups.append(cur)
            hcol.y -= st.body_size * 0.2
            for g in groups:
                self.advance(hcol, self.lead(st.body_size))
                self.text(hcol, ax, sep.join(g), st.regular, st.body_size, align=align)
        for extra in hd.get("lines", []):
            self.advance(hcol, self.lead(st.body_size))
            self.text(hcol, ax, extra, st.regular, st.body_size, align=align)
        hcol.y -= st.body_size * 0.9
        if band_index is not None:
            hcol.y -= st.body_size * 0.4
            band = self.ops[band_index]
            bx = 0.0 if (full or self.side is None) else hcol.x - 10
            bw = self.page_w if (full or self.side is None) else hcol.w + 20
            band.x, band.y, band.w, band.h = bx, hcol.y, bw, self.page_h - hcol.y
            hcol.y -= st.body_size * 0.8
        if full:
            self.main.y = hcol.y
            if self.side is not None:
                self.side.y = hcol.y
        else:
            col.y = hcol.y

    def heading(self, col: Column, text: str) -> None:
        st = self.style
        size = st.heading_size
        hc = color(st.heading_color) if col is self.main or not st.sidebar_text else col.text_color
        col_keep = 3 * self.lead(st.body_size)
        col.y -= size * 0.55
        if st.heading_style == "band":
            self.advance(col, self.lead(size) + 2, col_keep)
            self.ops.append(
                Op(
                    "rect",
                    self.page_of(col),
                    col.x - 3,
                    col.y - size * 0.32,
                    color=color("#e4e8ee"),
                    w=col.w + 6,
                    h=size * 1.35,
                )
            )
            self.text(col, col.x, text, st.bold, size, hc)
        else:
            self.advance(col, self.lead(size), col_keep)
            self.text(col, col.x, text, st.bold, size, hc)
            if st.heading_style == "rule":
                rule_c = color(st.accent) if col is self.main or not st.sidebar_text else col.text_color
                self.ops.append(
                    Op("line", self.page_of(col), col.x, col.y - size * 0.35, color=rule_c, w=col.w)
                )
        col.y -= size * 0.35

    def section(self, sec: dict[str, Any]) -> None:
        st = self.style
        col = self.side if (sec.get("column") == "side" and self.side) else self.main
        if sec.get("column") == "side" and not self.side:
            raise LayoutError(f"{self.spec.get('_stem')}: side section in a single-column layout")
        if sec.get("page_break_before") and col is self.main:
            self.new_page(col)
        if sec.get("heading"):
            self.heading(col, sec["heading"])
        if "paragraph" in sec:
            self.paragraph(col, sec["paragraph"])
        for line in sec.get("lines", []):
            if isinstance(line, list):  # [label, value]: "Label: value" with a bold label
                label, value = line
                runs: list[Run] = [(f"{label}: ", st.bold), (value, st.regular)]
                if sum(width(t, f, st.body_size) for t, f in runs) <= col.w:
                    self.runs_line(col, runs, st.body_size)
                else:
                    self.runs_line(col, [(f"{label}:", st.bold)], st.body_size)
                    self.paragraph(col, value, indent=st.body_size)
            else:
                self.paragraph(col, line)
        if "items" in sec:
            if sec.get("one_per_line"):
                for item in sec["items"]:
                    self.paragraph(col, item)
            else:
                self.paragraph(col, sec.get("join", ", ").join(sec["items"]))
        for b in sec.get("bullets", []):
            self.bullet_item(col, b, sec.get("bullet"))
        for i, entry in enumerate(sec.get("entry", [])):
            if i:
                col.y -= st.body_size * 0.45
            self.entry(col, entry)

    def entry(self, col: Column, e: dict[str, Any]) -> None:
        st = self.style
        style = e.get("style", st.entry_style)
        size = st.body_size
        reg, bold, ital = st.regular, st.bold, st.italic
        dfont = ital if st.date_italic else reg
        title, org, loc, dates = (
            e.get("title", ""),
            e.get("org", ""),
            e.get("location", ""),
            e.get("dates", ""),
        )
        org_loc = f"{org} · {loc}" if (org and loc) else (org or loc)
        org_sep = e.get("org_sep", st.org_sep)
        keep = 2 * self.lead(size)
        indent = 0.0
        if style == "right":
            runs: list[Run] = [(title, bold)] + ([(f"{org_sep}{org}", reg)] if org else [])
            self.runs_line(col, runs, size, (dates, dfont) if dates else None, keep=keep)
            if loc:
                self.runs_line(col, [(loc, ital)], size)
        elif style == "two-line":
            self.runs_line(col, [(title, bold)], size, keep=keep)
            self.runs_line(col, [(org_loc, ital)], size, (dates, dfont) if dates else None)
        elif style == "own-line":
            runs = [(title, bold)] + ([(f" — {org}", reg)] if org else [])
            self.runs_line(col, runs, size, keep=keep)
            if loc:
                self.runs_line(col, [(loc, ital)], size)
            if dates:
                self.runs_line(col, [(dates, ital)], size)
        elif style == "inline":
            parts: list[Run] = [(title, bold)]
            for extra in (org_loc, dates):
                if extra:
                    parts.append((f" | {extra}", reg))
            self.runs_line(col, parts, size, keep=keep)
        elif style == "org-first":
            self.runs_line(
                col,
                [(org, bold)] + ([(f" — {loc}", reg)] if loc else []),
                size,
                (dates, dfont) if dates else None,
                keep=keep,
            )
            if title:
                self.runs_line(col, [(title, ital)], size)
        elif style == "gutter":  # dates in a left gutter, title line, organisation line
            gut = st.gutter
            self.runs_line(col, [(title, bold)], size, indent=gut, keep=keep)
            if dates:
                self.text(col, col.x, dates, dfont, size)
            if org_loc:
                self.runs_line(col, [(org_loc, ital)], size, indent=gut)
            indent = gut
        else:
            raise LayoutError(f"unknown entry style {style!r}")
        if e.get("subtitle"):
            self.paragraph(col, e["subtitle"], font=ital, indent=indent)
        if e.get("text"):
            self.paragraph(col, e["text"], indent=indent)
        for b in e.get("bullets", []):
            self.bullet_item(col, b, e.get("bullet"), indent=indent)
        for pos in e.get("position", []):  # promotions: several titles under one organisation
            col.y -= size * 0.2
            pd = pos.get("dates")
            self.runs_line(
                col,
                [(pos["title"], bold if style != "org-first" else ital)],
                size,
                (pd, dfont) if pd else None,
                keep=keep,
            )
            for b in pos.get("bullets", []):
                self.bullet_item(col, b, e.get("bullet"))

    def hidden(self, items: Iterable[dict[str, Any]]) -> None:
        """Text a reader cannot see: white on white, tiny, off-page, invisible render mode."""
        for h in items:
            kind = h["kind"]
            page = int(h.get("page", 1)) - 1
            size = float(h.get("size", 8.0))
            font = h.get("font", self.style.regular)
            c: Color = black
            mode = 0
            x, y = float(h.get("x", self.style.margin)), float(h.get("y", 40.0))
            if kind == "white":
                c = white
            elif kind == "tiny":
                size = float(h.get("size", 1.0))
            elif kind == "offpage":
                x = self.page_w + 50
            elif kind == "invisible":
                mode = 3
            else:
                raise LayoutError(f"unknown hidden kind {kind!r}")
            self.check_glyphs(font, h["text"])
            self.ops.append(Op("text", page, x, y, h["text"], font, size, c, render_mode=mode))

    def run(self) -> list[Op]:
        self.header()
        for sec in self.spec.get("section", []):
            self.section(sec)
        self.hidden(self.spec.get("hidden", []))
        return self.ops


# --------------------------------------------------------------------------- metadata


def pdf_date(value: str | None) -> str | None:
    """'2026-10-14' -> 'D:20261014093000Z'-style PDF date (fixed time of day, UTC)."""
    if value is None or value == "none":
        return None
    y, m, d = (int(p) for p in str(value).split("-"))
    return f"D:{y:04d}{m:02d}{d:02d}093000+00'00'"


def meta_dates(meta: dict[str, Any]) -> tuple[str | None, str | None]:
    """(CreationDate, ModDate) from the spec's [pdf] table."""
    base = meta.get("date", "none")
    created = meta.get("created", base)
    modified = meta.get("modified", base)
    return pdf_date(str(created)), pdf_date(str(modified))


class FixtureInfo(PDFInfo):
    """The document Info dictionary with dates from the spec (or none at all)."""

    def __init__(self, meta: dict[str, Any], name: str) -> None:
        super().__init__()
        self.title = meta.get("title", f"{name} - Resume")
        self.author = meta.get("author", name)
        self.subject = meta.get("subject", "Resume")
        self.creator = meta.get("creator", "Microsoft Word")
        self.producer = str(meta.get("producer", PDFInfo.producer))
        self.created, self.modified = meta_dates(meta)

    def format(self, document: Any) -> bytes:
        d: dict[str, Any] = {
            "Title": PDFString(self.title),
            "Author": PDFString(self.author),
            "Subject": PDFString(self.subject),
            "Creator": PDFString(self.creator),
            "Producer": PDFString(self.producer),
        }
        if self.created:
            d["CreationDate"] = PDFString(self.created)
        if self.modified:
            d["ModDate"] = PDFString(self.modified)
        d["Trapped"] = PDFName("False")
        out: bytes = PDFDictionary(d).format(document)
        return out


def fixed_signature(stem: str) -> Any:
    """Seed for the document /ID (and the encryption key derived from it): the spec's name only."""
    return hashlib.md5(f"screener-fixture:{stem}".encode(), usedforsecurity=False)


# --------------------------------------------------------------------------- vector rendering


def draw(ops: list[Op], layout: Layout, path: Path, meta: dict[str, Any], stem: str) -> None:
    st = layout.style
    name = layout.spec["header"]["name"]
    canv = Canvas(str(path), pagesize=(layout.page_w, layout.page_h), invariant=1, pageCompression=1)
    doc = canv._doc
    doc.info = FixtureInfo(meta, name)
    doc.signature = fixed_signature(stem)
    if meta.get("password"):
        enc = StandardEncryption(
            meta["password"],
            meta.get("owner_password", meta["password"] + "-owner"),
            canPrint=1,
            canModify=0,
            canCopy=0,
            canAnnotate=0,
            strength=128,
        )
        doc.encrypt = enc
    pages = layout.pages
    for page in range(pages):
        if page == 0 and layout.side is not None and st.sidebar_fill:
            pad = 14.0
            side = layout.side
            canv.setFillColor(color(st.sidebar_fill))
            if st.layout == "sidebar-left":  # bleed to the page edge on the outer side
                canv.rect(0, 0, side.x + side.w + pad, layout.page_h, stroke=0, fill=1)
            else:
                canv.rect(side.x - pad, 0, layout.page_w - side.x + pad, layout.page_h, stroke=0, fill=1)
        page_ops = [o for o in ops if o.page == page]
        for o in sorted(page_ops, key=lambda o: 0 if o.kind in ("rect", "gradient") else 1):
            if o.kind == "gradient":
                # A shading clipped to the band: no fill colour is set, as Canva and Word draw it.
                canv.saveState()
                clip = canv.beginPath()
                clip.rect(o.x, o.y, o.w, o.h)
                canv.clipPath(clip, stroke=0, fill=0)
                canv.linearGradient(o.x, o.y, o.x + o.w, o.y, [HexColor(c) for c in o.colors], extend=False)
                canv.restoreState()
            elif o.kind == "rect":
                canv.setFillColor(o.color)
                canv.rect(o.x, o.y, o.w, o.h, stroke=0, fill=1)
            elif o.kind == "line":
                canv.setStrokeColor(o.color)
                canv.setLineWidth(0.6)
                canv.line(o.x, o.y, o.x + o.w, o.y)
            else:
                canv.setFillColor(o.color)
                if o.render_mode:
                    t = canv.beginText(o.x, o.y)
                    t.setTextRenderMode(o.render_mode)
                    t.setFont(o.font, o.size)
                    t.textOut(o.text)
                    canv.drawText(t)
                    continue
                canv.setFont(o.font, o.size)
                if o.align == "right":
                    canv.drawRightString(o.x, o.y, o.text)
                elif o.align == "center":
                    canv.drawCentredString(o.x, o.y, o.text)
                else:
                    canv.drawString(o.x, o.y, o.text)
        running = [(st.running_footer, st.margin * 0.55)]
        if page > 0:
            running.append((st.running_header, layout.page_h - st.margin * 0.7))
        for template, y in running:
            if template:
                text = template.format(page=page + 1, pages=pages)
                canv.setFillColor(color("#555555"))
                canv.setFont(st.regular, 8.5)
                layout.check_glyphs(st.regular, text)
                canv.drawCentredString(layout.page_w / 2, y, text)
        canv.showPage()
    canv.save()


# --------------------------------------------------------------------------- scanned (image-only)


def plain_lines(spec: dict[str, Any]) -> list[tuple[str, int]]:
    """The resume as (text, scale) lines, for the image-only rendering."""
    hd = spec["header"]
    out: list[tuple[str, int]] = [(hd["name"], 2)]
    if hd.get("headline"):
        out.append((hd["headline"], 1))
    if hd.get("contact"):
        out.append((hd.get("contact_sep", " | ").join(hd["contact"]), 1))
    for sec in spec.get("section", []):
        out.append(("", 1))
        out.append((sec["heading"].upper(), 1))
        if "paragraph" in sec:
            out.extend((ln, 1) for ln in _wrap_chars(sec["paragraph"], 92))
        for line in sec.get("lines", []):
            text = f"{line[0]}: {line[1]}" if isinstance(line, list) else line
            out.extend((ln, 1) for ln in _wrap_chars(text, 92))
        if "items" in sec:
            out.extend((ln, 1) for ln in _wrap_chars(", ".join(sec["items"]), 92))
        for e in sec.get("entry", []):
            head = ", ".join(p for p in (e.get("title"), e.get("org")) if p)
            out.append((f"{head:<62}{e.get('dates', ''):>30}", 1))
            for b in e.get("bullets", []):
                wrapped = _wrap_chars(b, 88)
                out.append(("  - " + wrapped[0], 1))
                out.extend(("    " + w, 1) for w in wrapped[1:])
    return out


def _wrap_chars(text: str, n: int) -> list[str]:
    lines: list[str] = []
    cur = ""
    for word in text.split():
        if cur and len(cur) + 1 + len(word) > n:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    return lines + ([cur] if cur else [])


def render_scan(spec: dict[str, Any], path: Path, meta: dict[str, Any], stem: str) -> None:
    from PIL import Image, ImageDraw, ImageFont

    nearest = getattr(Image, "Resampling", Image).NEAREST

    loader = getattr(ImageFont, "load_default_imagefont", None) or ImageFont.load_default
    font = loader()  # Pillow's built-in bitmap font: no FreeType, same pixels everywhere
    base_w, base_h = 612, 792  # one pixel per point, upscaled 2x below (144 dpi)
    img = Image.new("1", (base_w, base_h), 1)
    drw = ImageDraw.Draw(img)
    y = 46
    for text, scale in plain_lines(spec):
        if not text.isascii():
            raise LayoutError(f"{stem}: the scan renderer draws ASCII only: {text!r}")
        if scale == 1:
            drw.text((48, y), text, font=font, fill=0)
            y += 11
        else:
            tmp = Image.new("1", (300, 14), 1)
            ImageDraw.Draw(tmp).text((0, 0), text, font=font, fill=0)
            tmp = tmp.resize((300 * scale, 14 * scale), nearest)
            img.paste(tmp, (48, y))
            y += 14 * scale + 2
        if y > base_h - 40:
            raise LayoutError(f"{stem}: scanned resume does not fit on one page")
    img = img.resize((base_w * 2, base_h * 2), nearest)
    img = img.rotate(0.35, resample=nearest, expand=False, fillcolor=1)
    rng = random.Random(int(hashlib.sha256(stem.encode()).hexdigest()[:8], 16))
    px = img.load()
    assert px is not None
    for _ in range(2500):  # scanner speckle
        px[rng.randrange(img.width), rng.randrange(img.height)] = 0
    write_image_pdf(path, img.width, img.height, img.tobytes(), meta, spec["header"]["name"], stem)


def _pdf_str(s: str) -> bytes:
    return (
        b"(" + s.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"
    )


def write_image_pdf(
    path: Path, w: int, h: int, bits: bytes, meta: dict[str, Any], name: str, stem: str
) -> None:
    """A one-page PDF holding a single 1-bit image and no text at all, written by hand."""
    data = zlib.compress(bits, 9)
    content = b"q 612 0 0 792 0 0 cm /Im0 Do Q\n"
    created, modified = meta_dates(meta)
    info = [
        b"/Producer " + _pdf_str(meta.get("producer", "Canon iR-ADV C5535 PDF")),
        b"/Creator " + _pdf_str(meta.get("creator", "Canon iR-ADV C5535")),
        b"/Title " + _pdf_str(meta.get("title", f"Scan - {name}")),
    ]
    if created:
        info.append(b"/CreationDate " + _pdf_str(created))
    if modified:
        info.append(b"/ModDate " + _pdf_str(modified))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 1 /Filter /FlateDecode /Length %d >>\nstream\n"
        % (w, h, len(data))
        + data
        + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
        b"<< " + b" ".join(info) + b" >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    digest = hashlib.md5(f"screener-fixture:{stem}".encode(), usedforsecurity=False).hexdigest().encode()
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R /ID [<%s><%s>] >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1,
        digest,
        digest,
        xref,
    )
    path.write_bytes(bytes(out))


# --------------------------------------------------------------------------- driver


def load_spec(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        spec = tomllib.load(fh)
    spec["_stem"] = path.stem
    return spec


def render(spec_path: Path, out_dir: Path) -> Path:
    spec = load_spec(spec_path)
    stem = spec_path.stem
    meta = spec.get("pdf", {})
    out = out_dir / f"{stem}.pdf"
    kind = meta.get("render", "vector")
    if kind == "raw":
        out.write_bytes(str(meta.get("raw", "")).encode("utf-8"))
        return out
    if kind == "scan":
        render_scan(spec, out, meta, stem)
        return out
    if kind != "vector":
        raise LayoutError(f"{stem}: unknown render kind {kind!r}")
    register_fonts()
    layout = Layout(spec, Style.from_spec(spec.get("style", {})))
    ops = layout.run()
    draw(ops, layout, out, meta, stem)
    return out


def render_all(spec_dir: Path, out_dir: Path, only: list[str] | None = None) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    specs = sorted(spec_dir.glob("*.toml"))
    if only:
        specs = [s for s in specs if s.stem in only]
    if not specs:
        raise SystemExit(f"no specs found in {spec_dir}")
    return [render(s, out_dir) for s in specs]


def check(spec_dir: Path, out_dir: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="fixtures-check-") as tmp:
        fresh = {p.name: p for p in render_all(spec_dir, Path(tmp))}
        committed = {p.name: p for p in out_dir.glob("*.pdf")}
        problems = []
        for name in sorted(fresh.keys() | committed.keys()):
            if name not in committed:
                problems.append(f"missing: {name} (run scripts/make_fixtures.py)")
            elif name not in fresh:
                problems.append(f"extra: {name} has no spec")
            elif fresh[name].read_bytes() != committed[name].read_bytes():
                problems.append(f"differs: {name}")
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} fixture PDF(s) out of date", file=sys.stderr)
        return 1
    print(f"{len(fresh)} fixture PDFs up to date")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--specs", type=Path, default=DEFAULT_SPECS, help="directory of *.toml specs")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory for the PDFs")
    ap.add_argument(
        "--check", action="store_true", help="exit 1 if committed PDFs differ from a fresh render"
    )
    ap.add_argument("--only", nargs="*", help="render only these spec stems")
    args = ap.parse_args(argv)
    if args.check:
        return check(args.specs, args.out)
    paths = render_all(args.specs, args.out, args.only)
    print(f"wrote {len(paths)} PDFs to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
