"""`screener explain`: the whole reasoning for one resume, readable in a terminal."""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from screener.codes import Status
from screener.model import Screening
from screener.read.sniff import DESCRIBE
from screener.record import Record, RoleRecord

if TYPE_CHECKING:
    from screener.job.ranking import JobRanking
    from screener.run.discover import Skipped
    from screener.run.inventory import Found

YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")  # a year an education entry gives without a month
_FOUND_SHOWN = 4  # places listed per tool; the rest are counted

# What to do about a file that could not be read, by its status.
NEXT_STEPS = {
    Status.UNSUPPORTED: "save or export the resume as PDF or Word (the reason above says what this file is), "
    "and screen that",
    Status.NO_TEXT: "the pages are images with no text layer: export them as PNG or JPEG (screener reads images "
    "by OCR), or ask the candidate for a PDF saved from their editor",
    Status.ENCRYPTED: "open it with its password and save a copy without one, or ask the candidate for an "
    "unprotected file",
    Status.CORRUPT: "the file is damaged: open it in the program that made it and save a new copy, or ask the "
    "candidate to send it again",
    Status.NOT_A_PDF: "the file is not what its name says: check what it is, and rename or convert it",
    Status.EMPTY: "the file is empty (0 bytes): ask the candidate to send it again",
    Status.TOO_LARGE: "the file is over a size, page or memory limit: ask for a smaller export, or give screen a "
    "larger --memory",
    Status.TIMEOUT: "reading it took too long: screen it again with a larger --timeout",
    Status.ERROR: "screener could not read it (the reason above says why); if it opens elsewhere, please report "
    "it with the file",
}


def _h(title: str) -> str:
    return f"\n{title}\n{'-' * len(title)}"


def _undated(s: Screening, i: int, r: RoleRecord) -> str:
    """A role with no date range: an education entry shows the year its lines give; others say 'undated'."""
    if r.kind == "education":
        text = " ".join([r.title or "", r.organization or ""] + [ln.text for ln in _header_lines(s, i)])
        years = sorted(set(YEAR.findall(text)))
        if years:
            span = " .. ".join(dict.fromkeys([years[0], years[-1]]))
            return f"{span} (year(s) in the entry, no months)"
        return "no dates given"
    return "undated"


def _header_lines(s: Screening, i: int) -> list[Any]:
    return list(s.roles[i].header_lines) if i < len(s.roles) else []


def _dates_line(s: Screening, i: int, r: RoleRecord) -> str:
    """' on line N' when a role's dates stand on another line than its first."""
    if not r.dates_text or i >= len(s.roles):
        return ""
    for ln in s.roles[i].header_lines:
        if r.dates_text in ln.text:
            return f" on line {ln.number}" if ln.number != r.line else ""
    return ""


def render_explain(s: Screening, rec: Record | None = None, kind: str = "", as_of: str = "") -> str:
    """The explanation of `s`; `rec` is its record when the caller has it already; `kind` what its bytes are;
    `as_of` the date 'today' meant (YYYY-MM-DD), to say whether 'Present' is this month.

    Both are needed: the record has the figures every output shows (role months, tools),
    the Screening what only explain shows (line numbers of dates, the contact's lines, the reader).
    """
    if rec is None:
        rec = Record.from_screening(s)
    out = _head(s, kind, as_of)
    if not s.ok and not s.document:
        return "\n".join([*out, f"next: {NEXT_STEPS.get(s.status, NEXT_STEPS[Status.ERROR])}"]) + "\n"
    for part in (_contact(s), _sections(s), _roles(s, rec), _tools(s, rec), _tenure(s), _flags(s), _score(s)):
        out += part
    return "\n".join(out) + "\n"


def _present(resume_date: str, as_of: str) -> str:
    """What 'Present' in a role's dates stands for: the resume's own month, named unless it is this month."""
    month = resume_date[:7]
    return "'Present' means this month" if as_of[:7] == month else f"'Present' means {month}, the resume's date"


def _head(s: Screening, kind: str, as_of: str = "") -> list[str]:
    out = [f"{s.file}", f"status: {s.status}" + (f" ({s.reason})" if s.reason else "")]
    if kind:
        out.append(f"type: {DESCRIBE.get(kind, kind)} (by its content)")
    out.append(f"taxonomy: {s.taxonomy_version}   role screened for: {s.role_target}")
    doc = s.document
    if doc is not None:
        reader = doc.reader or doc.engine
        by = f"{reader} ({doc.engine})" if doc.engine and doc.engine != reader else reader
        confidence = f", mean confidence {doc.ocr_confidence:.0%}" if doc.ocr_confidence is not None else ""
        out.append(f"read by: {by}, text from {doc.source}{confidence}   pages: {doc.pages}   lines: {len(doc.lines)}")
        out.extend(f"  note: {n}" for n in doc.notes)
    if s.resume_date:
        out.append(f"resume date: {s.resume_date} (from {s.resume_date_source}); {_present(s.resume_date, as_of)}")
    return out


def render_members(name: str, kind: str, members: Sequence[Found], skipped: Sequence[Skipped]) -> str:
    """A zip or an email: what it holds, and how to explain one of its files."""
    out = [name, f"type: {DESCRIBE.get(kind, kind)}: each file in it is screened as a row of its own"]
    out.append(_h(f"Files in it ({len(members)})"))
    for m in members:
        state = f"{m.status} - {m.reason}" if m.status else DESCRIBE.get(m.kind, m.kind)
        out.append(f"  {m.name}: {state}")
    if skipped:
        out.append(_h(f"Skipped ({len(skipped)})"))
        out.extend(f"  {s.name}: {s.why}" for s in skipped)
    first = next((m.name for m in members if not m.status), None)
    if first:
        out.append(f"\nnext: screener explain {shlex.quote(first)}")
    return "\n".join(out) + "\n"


def _contact(s: Screening) -> list[str]:
    c = s.contact
    return [
        _h("Contact"),
        f"  name:     {c.name or '-'}" + (f"   [line {c.name_line}]" if c.name_line else ""),
        f"  headline: {c.headline or '-'}",
        f"  email:    {c.email or '-'}",
        f"  phone:    {c.phone or '-'}",
        f"  links:    {', '.join(c.links) or '-'}",
        f"  location: {c.location or '-'}",
    ]


def _sections(s: Screening) -> list[str]:
    out = [_h("Sections found")]
    for sec in s.sections:
        label = sec.heading or "(top of the page)"
        out.append(f"  line {sec.first_line:>4}  {label}  [{sec.kind}, {len(sec.lines)} lines]")
    return out


def _roles(s: Screening, rec: Record) -> list[str]:
    out = [_h("Roles")]
    if not rec.roles:
        out.append("  (no roles found)")
    for i, r in enumerate(rec.roles):
        dates = f"{r.start or '?'} .. {r.end or '?'}" if r.dates_text else _undated(s, i, r)
        marks = []
        if r.llm_applied:
            marks.append("LLM-applied")
        if r.academic:
            marks.append("academic")
        marks += r.problems
        extra = f"  ({'; '.join(marks)})" if marks else ""
        where = _dates_line(s, i, r)
        out.append(f"  [{i}] line {r.line:>4}  {r.kind:<9} {r.title or '?'} @ {r.organization or '?'}")
        out.append(f"        {dates}  = {r.months} months   written: {r.dates_text!r}{where}{extra}")
    return out


def _tools(s: Screening, rec: Record) -> list[str]:
    out = [_h("Tools and practices matched")]
    out.append(
        f"  column A weight {s.column_a:g}, column B weight {s.column_b:g}, share A = "
        f"{'-' if s.column_a_share is None else f'{s.column_a_share:.2f}'}"
    )
    for t in rec.tools:
        used = f", {t.months} months in dated roles (last {t.last_used})" if t.months else ""
        out.append(f"  {t.column}  {t.name} [{t.kind}, {t.category}] weight {t.weight:g}{used}")
        for seen in t.found[:_FOUND_SHOWN]:
            fuzzy = (" ~fuzzy" if seen.fuzzy else "") + (f" ~{seen.use}" if seen.use else "")
            out.append(f"       line {seen.line:>4} {seen.place:<9} {seen.alias!r}{fuzzy}: {seen.text[:100]}")
        if len(t.found) > _FOUND_SHOWN:
            out.append(f"       ... {len(t.found) - _FOUND_SHOWN} more")
    return out


def _tenure(s: Screening) -> list[str]:
    out = [_h("Profile"), f"  {s.profile}: {s.profile_reason}"]
    out += _specialty(s)
    out.append(_h("Experience and LLM-applied tenure"))
    out.append(f"  total experience: {s.total_experience_months} months (union of dated work roles)")
    for p in s.tenure_parts:
        role = s.roles[p.role]
        out.append(
            f"  [{p.role}] {role.title or role.organization}: {p.start} .. {p.end} = {p.months} months"
            f" (starts at {p.reason})"
        )
    out.append(f"  LLM-applied tenure: {s.llm_tenure_months} months (union of the spans above)")
    return out


def _specialty(s: Screening) -> list[str]:
    """The specialty, why, and every vote with its line (judge/specialty.py)."""
    out = [_h("Specialty"), f"  {s.specialty}: {s.specialty_reason}"]
    for v in sorted(s.specialty_votes, key=lambda v: (v.specialty != s.specialty, v.specialty, v.line)):
        where = f"line {v.line:>4}" if v.line else "         "
        out.append(f"  {'*' if v.specialty == s.specialty else ' '} {where}  {v.specialty:<15} +{v.votes}  {v.what}")
    return out


def _flags(s: Screening) -> list[str]:
    out = [_h("Red flags")]
    if not s.flags:
        out.append("  none")
    for f in s.flags:
        where = f" [lines {', '.join(map(str, f.lines[:6]))}]" if f.lines else ""
        out.append(f"  {f.code}: {f.reason}{where}")
        for q in f.quote[:5]:
            out.append(f"       > {q[:160]}")
    return out


def _score(s: Screening) -> list[str]:
    out = [_h(f"Fit score for {s.role_target}: {s.fit_score:g} / 100")]
    for part in s.score_parts:
        points = round(part.points, 1) or 0.0  # no -0.0: a part that takes nothing shows +0.0
        out.append(f"  {points:+6.1f}  {part.name}: {part.why}")
    out.append(_h("Notes"))
    out.append(f"  {s.notes}")
    return out


def render_job_fit(s: Screening, ranking: JobRanking) -> str:
    """`explain --job`: the JD's analysis, then this resume against it requirement by requirement (the same
    fit `screen --job` ranks by, from the same record)."""
    from screener.job.render import analysis_text, fit_text

    _, fit = ranking.rescore(Record.from_screening(s))
    out = _h("Job") + "\n" + analysis_text(ranking.analysis) + "\n"
    return out + (fit_text(fit) if fit is not None else "not screened: no fit against the job\n")
