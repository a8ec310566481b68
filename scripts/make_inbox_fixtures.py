#!/usr/bin/env python3
"""Render chosen resume specs into the non-PDF files a recruiter's inbox holds: fixtures/inbox/.

The same specs as scripts/make_fixtures.py (fixtures/specs/*.toml), written as Word (.docx: flowing
text, one big table, a text-box sidebar, contact details in the page header), OpenDocument,
RTF, plain text, Markdown and HTML; scans and photos of the rendered PDFs (PNG, JPEG, an
image-only PDF); containers (zip deflated and stored, a saved email); bad inputs (truncated,
mislabelled, empty, iWork, legacy and encrypted Word) and the clutter an inbox collects.
fixtures/inbox/expected.toml says, by hand, what a reader must make of each file.

Output is byte-for-byte reproducible: every zip member and docProps/meta date is fixed, the
noise of the scans comes from PRNGs seeded with the file name, the email has a fixed boundary.
`--check` renders into a temporary directory and exits 1 when a committed file differs, is
missing or is extra. A different python-docx, odfpy, lxml, zlib, PDFium or libjpeg can change
the bytes: if `--check` fails only after an upgrade, regenerate and commit.

Usage:
    python scripts/make_inbox_fixtures.py            # fixtures/specs + fixtures/pdf -> fixtures/inbox
    python scripts/make_inbox_fixtures.py --check    # CI: committed inbox files up to date?
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.policy
import hashlib
import io
import random
import struct
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixtures import DEFAULT_OUT as PDF_DIR  # noqa: E402
from make_fixtures import DEFAULT_SPECS as SPEC_DIR  # noqa: E402
from make_fixtures import load_spec  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "fixtures" / "inbox"
EXPECTED_NAME = "expected.toml"  # hand-written, lives beside the files, never generated

FIXED_TIME = dt.time(9, 30)  # time of day of every date written (the PDFs use 09:30 UTC too)
UNDATED = dt.datetime(2026, 10, 1, 9, 30, tzinfo=dt.UTC)  # zip member times when a spec has no date
SCAN_DPI = 150
PHOTO_DPI = 200
JPEG_QUALITY = 70
SPECKLES_PER_MPX = 900  # dark specks per million pixels: a light scanner speckle
OLE_SECTOR = 512
OLE_MIN_STREAM = 4096  # streams this size or larger live in normal sectors (no mini stream needed)

Run = tuple[str, str]  # (text, "" | "b" | "i")


# --------------------------------------------------------------------------- the resume as lines


@dataclass
class Line:
    """One printed line of a resume: styled runs on the left, optional text at the right margin."""

    kind: str  # name, headline, contact, text, bullet, entry
    runs: list[Run]
    right: str = ""

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


@dataclass
class Section:
    heading: str
    column: str  # main / side
    lines: list[Line] = field(default_factory=list)


@dataclass
class Resume:
    """A spec flattened into format-neutral lines, sections in the PDF's reading order."""

    stem: str
    name: str
    header: list[Line]
    sections: list[Section]
    created: dt.datetime | None
    modified: dt.datetime | None
    title: str

    @property
    def date(self) -> dt.datetime:
        """The date a file of this resume was last saved (zip member times)."""
        return self.modified or self.created or UNDATED


def spec_date(value: Any) -> dt.datetime | None:
    if value is None or str(value) == "none":
        return None
    return dt.datetime.combine(dt.date.fromisoformat(str(value)), FIXED_TIME, tzinfo=dt.UTC)


def entry_lines(e: dict[str, Any], style: str, org_sep: str) -> list[Line]:
    """The header lines of one experience/education entry, following the spec's entry style.

    A dates gutter (style "gutter") has no flowing equivalent: it is written like "right".
    """
    title, org, loc, dates = (e.get(k, "") for k in ("title", "org", "location", "dates"))
    org_loc = f"{org} · {loc}" if (org and loc) else (org or loc)
    out: list[Line] = []
    if style == "two-line":
        out.append(Line("entry", [(title, "b")]))
        out.append(Line("entry", [(org_loc, "i")], dates))
    elif style == "own-line":
        out.append(Line("entry", [(title, "b")] + ([(f" — {org}", "")] if org else [])))
        out += [Line("text", [(x, "i")]) for x in (loc, dates) if x]
    elif style == "inline":
        out.append(Line("entry", [(title, "b")] + [(f" | {x}", "") for x in (org_loc, dates) if x]))
    elif style == "org-first":
        out.append(Line("entry", [(org, "b")] + ([(f" — {loc}", "")] if loc else []), dates))
        if title:
            out.append(Line("text", [(title, "i")]))
    else:  # right, gutter
        out.append(Line("entry", [(title, "b")] + ([(f"{org_sep}{org}", "")] if org else []), dates))
        if loc:
            out.append(Line("text", [(loc, "i")]))
    for extra, kind in ((e.get("subtitle"), "i"), (e.get("text"), "")):
        if extra:
            out.append(Line("text", [(extra, kind)]))
    out += [Line("bullet", [(b, "")]) for b in e.get("bullets", [])]
    for pos in e.get("position", []):  # promotions: several titles under one organisation
        out.append(Line("entry", [(pos["title"], "b" if style != "org-first" else "i")], pos.get("dates", "")))
        out += [Line("bullet", [(b, "")]) for b in pos.get("bullets", [])]
    return out


def section_lines(sec: dict[str, Any], style: str, org_sep: str) -> list[Line]:
    out: list[Line] = []
    if "paragraph" in sec:
        out.append(Line("text", [(sec["paragraph"], "")]))
    for line in sec.get("lines", []):
        if isinstance(line, list):
            out.append(Line("text", [(f"{line[0]}: ", "b"), (line[1], "")]))
        else:
            out.append(Line("text", [(line, "")]))
    if "items" in sec:
        items = sec["items"] if sec.get("one_per_line") else [sec.get("join", ", ").join(sec["items"])]
        out += [Line("text", [(i, "")]) for i in items]
    out += [Line("bullet", [(b, "")]) for b in sec.get("bullets", [])]
    for e in sec.get("entry", []):
        out += entry_lines(e, e.get("style", style), e.get("org_sep", org_sep))
    return out


def resume_of(stem: str, spec_dir: Path) -> Resume:
    spec = load_spec(spec_dir / f"{stem}.toml")
    st, hd, meta = spec.get("style", {}), spec["header"], spec.get("pdf", {})
    style, org_sep = st.get("entry_style", "right"), st.get("org_sep", ", ")
    header = [Line("name", [(hd["name"], "b")])]
    if hd.get("headline"):
        header.append(Line("headline", [(hd["headline"], "i")]))
    if hd.get("contact"):
        header.append(Line("contact", [(hd.get("contact_sep", " | ").join(hd["contact"]), "")]))
    header += [Line("contact", [(x, "")]) for x in hd.get("lines", [])]
    sections = [
        Section(s["heading"], s.get("column", "main"), section_lines(s, style, org_sep))
        for s in spec.get("section", [])
    ]
    # The PDF's reading order: the left column top to bottom, then the right column.
    if st.get("layout") == "sidebar-left":
        sections.sort(key=lambda s: s.column != "side")
    elif st.get("layout") == "sidebar-right":
        sections.sort(key=lambda s: s.column == "side")
    base = meta.get("date", "none")
    return Resume(
        stem,
        hd["name"],
        header,
        sections,
        spec_date(meta.get("created", base)),
        spec_date(meta.get("modified", base)),
        meta.get("title", f"{hd['name']} - Resume"),
    )


# --------------------------------------------------------------------------- zip helpers


def zip_bytes(members: list[tuple[str, bytes, int]], when: dt.datetime) -> bytes:
    """A zip of (name, data, compress_type) members, every one stamped with `when`."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data, how in members:
            info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            info.compress_type = how
            info.create_system = 3  # Unix, whatever machine runs this
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


def normalize_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite a zip (docx, odt) with fixed member times, keeping member order and compression."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = [(i.filename, zf.read(i), i.compress_type) for i in zf.infolist()]
    return zip_bytes(members, when)


# --------------------------------------------------------------------------- Word (.docx)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT_WIDTH_IN = 7.0  # letter page, 0.75 in margins


def docx_new(r: Resume) -> Any:
    from docx import Document
    from docx.shared import Inches

    doc = Document()
    sec = doc.sections[0]
    sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = Inches(0.75)
    cp = doc.core_properties
    cp.author = cp.last_modified_by = r.name
    cp.title, cp.comments, cp.revision = r.title, "", 3
    # docProps/core.xml carries the spec's dates, or none at all (like the PDF's Info dictionary).
    for attr, value in (("created", r.created), ("modified", r.modified)):
        if value is not None:
            setattr(cp, attr, value.replace(tzinfo=None))
        else:
            node = cp._element.find(f"{{http://purl.org/dc/terms/}}{attr}")
            if node is not None:
                cp._element.remove(node)
    return doc


def docx_bytes(doc: Any, r: Resume) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue(), r.date)


def docx_runs(p: Any, runs: list[Run], size: float | None = None) -> None:
    from docx.shared import Pt

    for text, kind in runs:
        run = p.add_run(text)
        run.bold = kind == "b" or None
        run.italic = kind == "i" or None
        if size:
            run.font.size = Pt(size)


def docx_line(container: Any, line: Line, width_in: float) -> Any:
    """One resume line as a paragraph of `container` (document body, table cell, header)."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Inches

    p = container.add_paragraph(style="List Bullet" if line.kind == "bullet" else None)
    if line.kind == "name":
        docx_runs(p, line.runs, 20)
    else:
        docx_runs(p, line.runs)
    if line.right:
        p.paragraph_format.tab_stops.add_tab_stop(Inches(width_in), WD_TAB_ALIGNMENT.RIGHT)
        p.add_run("\t" + line.right)
    return p


def docx_heading(container: Any, text: str, mode: str) -> Any:
    """A section heading: a Heading 1/2 style paragraph, or a plain paragraph with one bold run."""
    from docx.shared import Pt

    if mode == "bold":
        p = container.add_paragraph()
        p.paragraph_format.space_before = Pt(10)
        docx_runs(p, [(text, "b")], 12)
        return p
    return container.add_paragraph(text, style="Heading 2" if mode == "h2" else "Heading 1")


def docx_sections(container: Any, sections: list[Section], mode: str, width_in: float) -> None:
    for s in sections:
        docx_heading(container, s.heading, mode)
        for line in s.lines:
            docx_line(container, line, width_in)


def docx_header_lines(container: Any, r: Resume, width_in: float) -> None:
    for line in r.header:
        if line.kind == "name":
            container.add_paragraph(line.text, style="Title")
        else:
            docx_line(container, line, width_in)


def make_docx_flow(r: Resume) -> bytes:
    """Plain flowing Word document: Title for the name, Heading 1 for sections, List Bullet bullets."""
    doc = docx_new(r)
    docx_header_lines(doc, r, TEXT_WIDTH_IN)
    docx_sections(doc, r.sections, "h1", TEXT_WIDTH_IN)
    return docx_bytes(doc, r)


def make_docx_header(r: Resume) -> bytes:
    """Name and contact details in the page header; bold-run headings, no Heading styles."""
    doc = docx_new(r)
    header = doc.sections[0].header
    header.paragraphs[0].text = ""
    docx_runs(header.paragraphs[0], [(r.name, "b")], 18)
    for line in r.header[1:]:
        docx_line(header, line, TEXT_WIDTH_IN)
    docx_sections(doc, r.sections, "bold", TEXT_WIDTH_IN)
    return docx_bytes(doc, r)


def make_docx_table(r: Resume) -> bytes:
    """The whole resume is one 1x2 table: sidebar (name, contact, skills) left, the rest right."""
    from docx.shared import Inches

    doc = docx_new(r)
    side_w, main_w = 2.3, TEXT_WIDTH_IN - 2.3
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Inches(side_w), Inches(main_w)
    left.paragraphs[0].text = ""
    docx_runs(left.paragraphs[0], [(r.name, "b")], 18)
    for line in r.header[1:]:
        docx_line(left, line, side_w)
    docx_sections(left, [s for s in r.sections if s.column == "side"], "h2", side_w)
    first = [s for s in r.sections if s.column != "side"]
    right.paragraphs[0].text = ""  # a cell starts with one empty paragraph: drop it, use our own
    right._tc.remove(right.paragraphs[0]._p)
    docx_sections(right, first, "h2", main_w)
    return docx_bytes(doc, r)


TEXTBOX_XML = """<w:r xmlns:w="{w}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
 xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:w10="urn:schemas-microsoft-com:office:word"><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264"
 behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="page"><wp:posOffset>457200</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="page"><wp:posOffset>1600200</wp:posOffset></wp:positionV>
<wp:extent cx="1828800" cy="7315200"/><wp:effectExtent l="0" t="0" r="0" b="0"/>
<wp:wrapSquare wrapText="right"/><wp:docPr id="1" name="Sidebar"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1828800" cy="7315200"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="F1F5F9"/></a:solidFill></wps:spPr>
<wps:txbx><w:txbxContent/></wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square" anchor="t"/></wps:wsp>
</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>
<v:shape id="Sidebar" o:spid="_x0000_s1026" type="#_x0000_t202" fillcolor="#f1f5f9" stroked="f"
 style="position:absolute;margin-left:36pt;margin-top:126pt;width:144pt;height:576pt;z-index:251659264;mso-position-horizontal-relative:page;mso-position-vertical-relative:page">
<v:textbox><w:txbxContent/></v:textbox><w10:wrap type="square" side="right"/></v:shape></w:pict></mc:Fallback>
</mc:AlternateContent></w:r>"""


def make_docx_textbox(r: Resume) -> bytes:
    """Sidebar sections in a floating text box, as Word writes one: a DrawingML shape (mc:Choice)
    and its VML fallback, both holding the same w:txbxContent. A reader must take one, not both."""
    from copy import deepcopy

    from docx.oxml import parse_xml

    doc = docx_new(r)
    docx_header_lines(doc, r, TEXT_WIDTH_IN)
    anchor = doc.add_paragraph()  # the box is anchored here: between the header and the body
    side_w = 1.8
    before = set(doc.element.body)
    docx_sections(doc, [s for s in r.sections if s.column == "side"], "h2", side_w)
    moved = [el for el in doc.element.body if el not in before]
    run = parse_xml(TEXTBOX_XML.format(w=W_NS))
    boxes = run.findall(f".//{{{W_NS}}}txbxContent")
    for el in moved:
        doc.element.body.remove(el)
        for box in boxes:
            box.append(deepcopy(el))
    anchor._p.append(run)
    docx_sections(doc, [s for s in r.sections if s.column != "side"], "h1", TEXT_WIDTH_IN - side_w)
    return docx_bytes(doc, r)


# --------------------------------------------------------------------------- OpenDocument (.odt)


def make_odt(r: Resume) -> bytes:
    """OpenDocument text via odfpy: text:h headings, a bulleted text:list, a right tab for dates."""
    from odf import dc, meta
    from odf.opendocument import OpenDocumentText
    from odf.style import (
        ListLevelProperties,
        ParagraphProperties,
        Style,
        TabStop,
        TabStops,
        TextProperties,
    )
    from odf.text import H, List, ListItem, ListLevelStyleBullet, ListStyle, P, Span, Tab

    doc = OpenDocumentText()
    doc.meta.addElement(dc.Title(text=r.title))
    doc.meta.addElement(dc.Creator(text=r.name))
    if r.created:
        doc.meta.addElement(meta.CreationDate(text=r.created.strftime("%Y-%m-%dT%H:%M:%S")))
    if r.modified:
        doc.meta.addElement(dc.Date(text=r.modified.strftime("%Y-%m-%dT%H:%M:%S")))
    bold = Style(name="B", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    ital = Style(name="I", family="text")
    ital.addElement(TextProperties(fontstyle="italic"))
    name = Style(name="Name", family="paragraph")
    name.addElement(TextProperties(fontsize="20pt", fontweight="bold"))
    head = Style(name="Heading_20_1", displayname="Heading 1", family="paragraph")
    head.addElement(TextProperties(fontsize="13pt", fontweight="bold"))
    tabbed = Style(name="Entry", family="paragraph")
    props = ParagraphProperties()
    stops = TabStops()
    stops.addElement(TabStop(position="17.7cm", type="right"))
    props.addElement(stops)
    tabbed.addElement(props)
    bullets = ListStyle(name="Bullets")
    level = ListLevelStyleBullet(level=1, bulletchar="•")
    level.addElement(ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.4cm"))
    bullets.addElement(level)
    for s in (bold, ital, tabbed):
        doc.automaticstyles.addElement(s)
    for s in (name, head, bullets):
        doc.styles.addElement(s)
    span_style = {"b": bold, "i": ital}

    def para(line: Line, style: Style | None = None) -> Any:
        p = P(stylename=style or (tabbed if line.right else None))
        for text, kind in line.runs:
            p.addElement(Span(stylename=span_style[kind], text=text) if kind else Span(text=text))
        if line.right:
            p.addElement(Tab())
            p.addText(line.right)
        return p

    body = doc.text
    for line in r.header:
        body.addElement(para(line, name if line.kind == "name" else None))
    for sec in r.sections:
        body.addElement(H(outlinelevel=1, stylename=head, text=sec.heading))
        current: Any = None
        for line in sec.lines:
            if line.kind != "bullet":
                current = None
                body.addElement(para(line))
                continue
            if current is None:
                current = List(stylename=bullets)
                body.addElement(current)
            item = ListItem()
            item.addElement(para(line))
            current.addElement(item)
    buf = io.BytesIO()
    doc.write(buf)
    return normalize_zip(buf.getvalue(), r.date)


# --------------------------------------------------------------------------- RTF (by hand)

RTF_TAB_TWIPS = 10080  # right tab at 7 in


def rtf_text(s: str) -> str:
    out = []
    for ch in s:
        code = ord(ch)
        if ch in "\\{}":
            out.append("\\" + ch)
        elif code < 128:
            out.append(ch)
        else:  # \uN is a signed 16-bit number, followed by a one-character fallback
            out.append(f"\\u{code - 65536 if code > 32767 else code}?")
    return "".join(out)


def rtf_date(tag: str, when: dt.datetime | None) -> str:
    if when is None:
        return ""
    return f"{{\\{tag}\\yr{when.year}\\mo{when.month}\\dy{when.day}\\hr{when.hour}\\min{when.minute}}}"


def rtf_line(line: Line) -> str:
    body = "".join(
        "{\\b " + rtf_text(t) + "}" if k == "b" else "{\\i " + rtf_text(t) + "}" if k == "i" else rtf_text(t)
        for t, k in line.runs
    )
    if line.kind == "name":
        return f"{{\\pard\\sa60\\b\\fs40 {rtf_text(line.text)}\\par}}"
    if line.kind == "bullet":
        return f"{{\\pard\\fi-284\\li284\\sa20 \\bullet\\tab {body}\\par}}"
    tab = f"\\tqr\\tx{RTF_TAB_TWIPS}" if line.right else ""
    right = f"\\tab {rtf_text(line.right)}" if line.right else ""
    return f"{{\\pard{tab}\\sa40 {body}{right}\\par}}"


def make_rtf(r: Resume) -> bytes:
    """RTF as Word or WordPad would save it, minus the style sheet: fonts, info dates, paragraphs."""
    parts = [
        "{\\rtf1\\ansi\\ansicpg1252\\deff0\\uc1",
        "{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}}",
        "{\\info{\\title " + rtf_text(r.title) + "}{\\author " + rtf_text(r.name) + "}"
        + rtf_date("creatim", r.created) + rtf_date("revtim", r.modified) + "}",
        "\\paperw12240\\paperh15840\\margl1080\\margr1080\\margt1080\\margb1080\\f0\\fs21",
    ]
    parts += [rtf_line(x) for x in r.header]
    for sec in r.sections:
        parts.append(f"{{\\pard\\sb200\\sa80\\b\\fs26 {rtf_text(sec.heading)}\\par}}")
        parts += [rtf_line(x) for x in sec.lines]
    parts.append("}")
    return ("\r\n".join(parts) + "\r\n").encode("ascii")


# --------------------------------------------------------------------------- text, Markdown, HTML


def make_txt(r: Resume) -> bytes:
    """Word's "Save as Plain Text": one line a paragraph, dates after a tab, "•" bullets."""
    out = [x.text for x in r.header]
    for sec in r.sections:
        out += ["", sec.heading]
        for x in sec.lines:
            text = f"• {x.text}" if x.kind == "bullet" else x.text
            out.append(f"{text}\t{x.right}" if x.right else text)
    return ("\n".join(out) + "\n").encode("utf-8")


def md_runs(runs: list[Run]) -> str:
    out = []
    for text, kind in runs:
        core = text.strip()
        mark = {"b": "**", "i": "*"}.get(kind, "") if core else ""
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        out.append(f"{lead}{mark}{core}{mark}{trail}")
    return "".join(out).strip()


def make_md(r: Resume) -> bytes:
    out = [f"# {r.name}", ""]
    out += [md_runs(x.runs) + "  " for x in r.header[1:]]
    for sec in r.sections:
        out += ["", f"## {sec.heading}", ""]
        for prev, x in zip([None, *sec.lines], sec.lines, strict=False):
            if x.kind == "bullet":
                out.append(f"- {x.text}")
            else:
                if prev is not None and prev.kind == "bullet":
                    out.append("")  # else the line would continue the last list item
                out.append(md_runs(x.runs) + (f" | {x.right}" if x.right else "") + "  ")
    return ("\n".join(out).replace("  \n\n", "\n\n") + "\n").encode("utf-8")


def html_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_runs(runs: list[Run]) -> str:
    tags = {"b": "strong", "i": "em"}
    return "".join(f"<{tags[k]}>{html_escape(t)}</{tags[k]}>" if k else html_escape(t) for t, k in runs)


HTML_STYLE = """body { font: 10.5pt/1.35 Georgia, serif; max-width: 7in; margin: 0.6in auto; color: #222; }
h1 { font-size: 20pt; margin: 0; } h2 { font-size: 12pt; border-bottom: 1px solid #999; margin: 14pt 0 4pt; }
p { margin: 2pt 0; } .dates { float: right; } ul { margin: 2pt 0 6pt 18pt; padding: 0; }
@media print { body { margin: 0; } }"""


def make_html(r: Resume) -> bytes:
    """A resume page as a site builder or "Save as Web Page" writes it: header, sections, lists."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        f"<title>{html_escape(r.title)}</title>",
        f"<style>\n{HTML_STYLE}\n</style></head>",
        "<body>",
        "<header>",
        f"<h1>{html_escape(r.name)}</h1>",
    ]
    out += [f'<p class="{x.kind}">{html_runs(x.runs)}</p>' for x in r.header[1:]]
    out.append("</header>")
    for sec in r.sections:
        out += ["<section>", f"<h2>{html_escape(sec.heading)}</h2>"]
        in_list = False
        for x in sec.lines:
            if (x.kind == "bullet") != in_list:
                out.append("<ul>" if not in_list else "</ul>")
                in_list = not in_list
            if x.kind == "bullet":
                out.append(f"<li>{html_runs(x.runs)}</li>")
            else:
                dates = f' <span class="dates">{html_escape(x.right)}</span>' if x.right else ""
                out.append(f"<p>{html_runs(x.runs)}{dates}</p>")
        out += (["</ul>"] if in_list else []) + ["</section>"]
    out += ["</body>", "</html>"]
    return ("\n".join(out) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- scans and photos


def seeded(name: str) -> random.Random:
    return random.Random(int(hashlib.sha256(f"screener-inbox:{name}".encode()).hexdigest()[:16], 16))


def scanned_pages(pdf: Path, name: str, dpi: int, angle: float, pages: int | None = None) -> list[Any]:
    """PDF pages as grey scans: rendered by PDFium, turned by `angle` degrees, speckled, softened."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rng = seeded(name)
    doc = pdfium.PdfDocument(str(pdf))
    out = []
    try:
        for i in range(len(doc) if pages is None else pages):
            img = doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
            px = img.load()
            assert px is not None
            for _ in range(img.width * img.height * SPECKLES_PER_MPX // 1_000_000):
                px[rng.randrange(img.width), rng.randrange(img.height)] = rng.randrange(40, 160)
            out.append(img.filter(ImageFilter.GaussianBlur(0.6)))
    finally:
        doc.close()
    return out


def image_bytes(img: Any, fmt: str, dpi: int) -> bytes:
    buf = io.BytesIO()
    if fmt == "JPEG":
        img.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True, dpi=(dpi, dpi))
    else:
        img.save(buf, "PNG", optimize=True, dpi=(dpi, dpi))
    return buf.getvalue()


def image_pdf(pages: list[Any], r: Resume) -> bytes:
    """An image-only PDF as a scanner writes one (Pillow: one JPEG a page, no text at all)."""
    buf = io.BytesIO()
    when = (r.modified or r.created or UNDATED).replace(tzinfo=None)
    pages[0].save(
        buf, "PDF", save_all=True, append_images=pages[1:], resolution=SCAN_DPI, quality=JPEG_QUALITY,
        title=f"Scan - {r.name}", producer="Canon iR-ADV C5535 PDF", creator="Canon iR-ADV C5535",
        creationDate=(r.created or when).timetuple(), modDate=when.timetuple(),
    )
    return buf.getvalue()


# --------------------------------------------------------------------------- OLE2 (legacy Word, encrypted OOXML)


def ole2(streams: dict[str, bytes]) -> bytes:
    """A minimal but well-formed OLE2 compound file (version 3, 512-byte sectors).

    Every stream is padded to 4096 bytes so none needs the mini stream; the directory is a
    chain of right siblings in the compound-file name order (length, then upper case).
    """
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    datas = [streams[n].ljust(OLE_MIN_STREAM, b"\0") for n in names]
    n_dir = (len(names) + 1 + 3) // 4
    sector = 1 + n_dir  # sector 0 holds the FAT, then the directory
    fat = [0xFFFFFFFD] + [i + 2 for i in range(n_dir - 1)] + [0xFFFFFFFE]
    starts = []
    for d in datas:
        count = -(-len(d) // OLE_SECTOR)
        starts.append(sector)
        fat += [sector + i + 1 for i in range(count - 1)] + [0xFFFFFFFE]
        sector += count
    if len(fat) > OLE_SECTOR // 4:
        raise ValueError("ole2(): more than one FAT sector needed")
    fat += [0xFFFFFFFF] * (OLE_SECTOR // 4 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, right: int, child: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return struct.pack(
            "<64sHBBIII16sIQQII", raw, len(raw), kind, 1, 0xFFFFFFFF, right, child, b"", 0, 0, 0, start, size
        ) + b"\0" * 4

    dirs = [entry("Root Entry", 5, 0xFFFFFFFE, 0, 0xFFFFFFFF, 1 if names else 0xFFFFFFFF)]
    for i, (n, d) in enumerate(zip(names, datas, strict=True)):
        right = i + 2 if i + 1 < len(names) else 0xFFFFFFFF
        dirs.append(entry(n, 2, starts[i], len(d), right, 0xFFFFFFFF))
    dirs += [b"\0" * 64 + struct.pack("<HBBIII", 0, 0, 0, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF) + b"\0" * 52] * (
        4 * n_dir - len(dirs)
    )
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("D0CF11E0A1B11AE1"), b"", 0x3E, 3, 0xFFFE, 9, 6, b"", 0, 1, 1, 0, OLE_MIN_STREAM,
        0xFFFFFFFE, 0, 0xFFFFFFFE, 0,
    ) + struct.pack("<109I", 0, *([0xFFFFFFFF] * 108))
    body = struct.pack(f"<{OLE_SECTOR // 4}I", *fat) + b"".join(dirs) + b"".join(
        d.ljust(-(-len(d) // OLE_SECTOR) * OLE_SECTOR, b"\0") for d in datas
    )
    return header + body


def legacy_doc() -> bytes:
    """Looks like a Word 97-2003 file to a sniffer (OLE2 with WordDocument and 1Table streams),
    with a Word 97 FIB magic but no text: no converter can read it. Not a real .doc."""
    fib = struct.pack("<HHHH", 0xA5EC, 0x00C1, 0x2000, 0x0409)
    return ole2({"WordDocument": fib, "1Table": b"", "\x05SummaryInformation": b""})


def encrypted_docx() -> bytes:
    """A password-protected .docx as Office saves it: OLE2 holding EncryptionInfo/EncryptedPackage."""
    info = struct.pack("<HHI", 4, 4, 0x40)  # agile encryption version 4.4
    return ole2({"EncryptionInfo": info, "EncryptedPackage": b"\0" * 8, "\x06DataSpaces": b""})


# --------------------------------------------------------------------------- containers, bad inputs, clutter


def make_eml(attachments: list[tuple[str, bytes, str, str]]) -> bytes:
    """A saved email (as Thunderbird or Outlook 'Save as' writes it) with resumes attached."""
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = "Jordan Reyes <jordan.reyes@talentbridge.example>"
    msg["To"] = "hiring@lumenfold.example"
    msg["Subject"] = "Two candidates for the AI Engineer role"
    msg["Date"] = "Tue, 20 Oct 2026 10:14:00 +0000"
    msg["Message-ID"] = "<20261020101400.4417@talentbridge.example>"
    msg.set_content(
        "Hi,\n\nPlease find attached two candidates for the AI Engineer opening: Farah's resume as a\n"
        "PDF and Inès's as a Word document.\n\nBest,\nJordan\n"
    )
    for filename, data, main, sub in attachments:
        msg.add_attachment(data, maintype=main, subtype=sub, filename=filename)
    msg.set_boundary("----=_screener_fixture_boundary_0001")
    return msg.as_bytes()


def truncated(data: bytes, member: str) -> bytes:
    """A zip cut in the middle of `member`'s data: no central directory and no whole body text,
    as an interrupted download or a full disk leaves it."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(member)
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    return data[: start + info.compress_size // 2]


def pages_zip(when: dt.datetime) -> bytes:
    """An Apple Pages document (iWork '13+ zip): Index/Document.iwa plus metadata and a preview."""
    plist = b'<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict/></plist>\n'
    return zip_bytes(
        [
            ("Index/Document.iwa", b"\x00\x1b\x00\x00" + bytes(range(64)), zipfile.ZIP_STORED),
            ("Index/Metadata.iwa", b"\x00\x0b\x00\x00" + bytes(16), zipfile.ZIP_STORED),
            ("Metadata/Properties.plist", plist, zipfile.ZIP_DEFLATED),
            ("Metadata/DocumentIdentifier", b"5B7C0C4E-3E8B-4C47-9A5E-2B0F4A1D9C11", zipfile.ZIP_STORED),
        ],
        when,
    )


APPLE_DOUBLE = bytes.fromhex("00051607" "00020000") + b"Mac OS X        " + bytes.fromhex("0000")
DS_STORE = b"\x00\x00\x00\x01Bud1" + bytes(2040)
WORD_LOCK = bytes([11]) + b"Maya Chen".ljust(53, b" ") + "Maya Chen".encode("utf-16-le").ljust(108, b"\0")


# --------------------------------------------------------------------------- the inbox


MIXED_ZIP = ("11_hybrid_platform.pdf", "16_claim_ok_edge.pdf")


def build(spec_dir: Path, pdf_dir: Path) -> dict[str, bytes]:
    """Every inbox file, by its path under fixtures/inbox."""
    res: dict[str, Resume] = {}

    def r(stem: str) -> Resume:
        if stem not in res:
            res[stem] = resume_of(stem, spec_dir)
        return res[stem]

    def pdf(name: str) -> bytes:
        return (pdf_dir / name).read_bytes()

    files: dict[str, bytes] = {}
    makers: dict[str, tuple[Callable[[Resume], bytes], str]] = {
        "01_ai_strong-flow.docx": (make_docx_flow, "01_ai_strong"),
        "02_ai_agents_sidebar-table.docx": (make_docx_table, "02_ai_agents_sidebar"),
        "19_anachronism_edge_ok-textbox.docx": (make_docx_textbox, "19_anachronism_edge_ok"),
        "06_accountant-header.docx": (make_docx_header, "06_accountant"),
        "08_ml_strong.odt": (make_odt, "08_ml_strong"),
        "10_ml_mexico_es.rtf": (make_rtf, "10_ml_mexico_es"),
        "29_no_metadata_date.txt": (make_txt, "29_no_metadata_date"),
        "23_title_ai_work_ml.md": (make_md, "23_title_ai_work_ml"),
        "14_phd_with_internship.html": (make_html, "14_phd_with_internship"),
    }
    for name, (make, stem) in makers.items():
        files[name] = make(r(stem))
    files["06_accountant-header-copy.DOCX"] = files["06_accountant-header.docx"]

    png = scanned_pages(pdf_dir / "22_no_measured_outcomes.pdf", "png", SCAN_DPI, 1.2, pages=1)[0]
    files["22_no_measured_outcomes.png"] = image_bytes(png, "PNG", SCAN_DPI)
    jpg = scanned_pages(pdf_dir / "18_anachronism_chatgpt.pdf", "jpg", PHOTO_DPI, -1.7, pages=1)[0]
    files["18_anachronism_chatgpt.jpg"] = image_bytes(jpg, "JPEG", PHOTO_DPI)
    scan = scanned_pages(pdf_dir / "13_research_only.pdf", "scan", SCAN_DPI, 0.9)
    files["13_research_only-scan.pdf"] = image_pdf(scan, r("13_research_only"))

    when = r("11_hybrid_platform").date
    pair = [(n, pdf(n)) for n in MIXED_ZIP]
    macos = [(f"__MACOSX/._{n}", APPLE_DOUBLE, zipfile.ZIP_DEFLATED) for n in MIXED_ZIP[:1]]
    files["two_resumes.zip"] = zip_bytes([(n, d, zipfile.ZIP_DEFLATED) for n, d in pair] + macos, when)
    files["two_resumes_stored.zip"] = zip_bytes([(n, d, zipfile.ZIP_STORED) for n, d in pair], when)
    files["application.eml"] = make_eml(
        [
            ("Farah_Haddad_Resume.pdf", pdf("24_title_ml_work_ai.pdf"), "application", "pdf"),
            (
                "Ines_Moreau_CV.docx",
                make_docx_flow(r("26_ai_dark_sidebar")),
                "application",
                "vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
        ]
    )

    files["truncated.docx"] = truncated(files["01_ai_strong-flow.docx"], "word/document.xml")
    files["really_a_pdf.docx"] = pdf("05_frontend.pdf")
    files["really_a_docx.pdf"] = make_docx_flow(r("07_nurse"))
    files["empty.png"] = b""
    files["resume.pages"] = pages_zip(when)
    files["legacy.doc"] = legacy_doc()
    files["encrypted.docx"] = encrypted_docx()

    files[".DS_Store"] = DS_STORE
    files["Thumbs.db"] = ole2({"Catalog": b"\x10\x00\x07\x00", "256_1": b""})
    files["~$lock.docx"] = WORD_LOCK
    files["._resume.pdf"] = APPLE_DOUBLE
    files["__MACOSX/._resume.pdf"] = APPLE_DOUBLE
    return files


def write(files: dict[str, bytes], out_dir: Path) -> None:
    for name, data in files.items():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def committed(out_dir: Path) -> dict[str, Path]:
    return {
        p.relative_to(out_dir).as_posix(): p
        for p in sorted(out_dir.rglob("*"))
        if p.is_file() and p.name != EXPECTED_NAME
    }


def check(spec_dir: Path, pdf_dir: Path, out_dir: Path) -> list[str]:
    """What differs between the committed inbox and a fresh build (empty when up to date)."""
    fresh = build(spec_dir, pdf_dir)
    have = committed(out_dir)
    problems = []
    for name in sorted(fresh.keys() | have.keys()):
        if name not in have:
            problems.append(f"missing: {name} (run scripts/make_inbox_fixtures.py)")
        elif name not in fresh:
            problems.append(f"extra: {name} is not made by the script")
        elif have[name].read_bytes() != fresh[name]:
            problems.append(f"differs: {name}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--specs", type=Path, default=SPEC_DIR, help="directory of *.toml specs")
    ap.add_argument("--pdfs", type=Path, default=PDF_DIR, help="the rendered fixture PDFs")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the inbox directory")
    ap.add_argument("--check", action="store_true", help="exit 1 if committed files differ from a fresh build")
    args = ap.parse_args(argv)
    if args.check:
        problems = check(args.specs, args.pdfs, args.out)
        for p in problems:
            print(p, file=sys.stderr)
        if problems:
            print(f"{len(problems)} inbox fixture file(s) out of date", file=sys.stderr)
            return 1
        print(f"{len(committed(args.out))} inbox fixture files up to date")
        return 0
    files = build(args.specs, args.pdfs)
    with tempfile.TemporaryDirectory(prefix="inbox-") as tmp:  # all or nothing: build first, then replace
        write(files, Path(tmp))
        for name, path in committed(args.out).items():
            if name not in files:
                path.unlink()
        write(files, args.out)
    print(f"wrote {len(files)} files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
