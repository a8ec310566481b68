"""`screener explain`: the whole reasoning for one resume, readable in a terminal."""

from __future__ import annotations

from screener.model import Screening
from screener.record import Record, RoleRecord

_FOUND_SHOWN = 4  # places listed per tool; the rest are counted


def _h(title: str) -> str:
    return f"\n{title}\n{'-' * len(title)}"


def _dates_line(s: Screening, i: int, r: RoleRecord) -> str:
    """' on line N' when a role's dates stand on another line than its first."""
    if not r.dates_text or i >= len(s.roles):
        return ""
    for ln in s.roles[i].header_lines:
        if r.dates_text in ln.text:
            return f" on line {ln.number}" if ln.number != r.line else ""
    return ""


def render_explain(s: Screening, rec: Record | None = None) -> str:
    """The explanation of `s`; `rec` is its record when the caller has it already.

    Both are needed: the record has the figures every output shows (role months, tools),
    the Screening what only explain shows (line numbers of dates, the contact's lines, the engine).
    """
    if rec is None:
        rec = Record.from_screening(s)
    out = _head(s)
    if not s.ok and not s.document:
        return "\n".join(out) + "\n"
    for part in (_contact(s), _sections(s), _roles(s, rec), _tools(s, rec), _tenure(s), _flags(s), _score(s)):
        out += part
    return "\n".join(out) + "\n"


def _head(s: Screening) -> list[str]:
    out = [f"{s.file}", f"status: {s.status}" + (f" ({s.reason})" if s.reason else "")]
    out.append(f"taxonomy: {s.taxonomy_version}   role screened for: {s.role_target}")
    if s.document is not None:
        out.append(f"engine: {s.document.engine}   pages: {s.document.pages}   lines: {len(s.document.lines)}")
    out.append(f"resume date: {s.resume_date} (from {s.resume_date_source}); 'Present' means this month")
    return out


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
        dates = f"{r.start or '?'} .. {r.end or '?'}" if r.dates_text else "undated"
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
        out.append(f"  {part.points:+6.1f}  {part.name}: {part.why}")
    out.append(_h("Notes"))
    out.append(f"  {s.notes}")
    return out
