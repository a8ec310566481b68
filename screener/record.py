"""Screening -> the plain record every output is drawn from (CSV, JSONL, report).

One structure, so the CSV, the JSONL and the HTML report can never disagree.
"""

from __future__ import annotations

from typing import Any

from screener.judge.months import role_span
from screener.model import Screening, ym

CSV_COLUMNS = (
    "rank",
    "fit_score",
    "candidate",
    "email",
    "phone",
    "links",
    "file",
    "profile",
    "column_a_share",
    "column_a_tools",
    "column_b_tools",
    "llm_tenure_months",
    "total_experience_months",
    "resume_date",
    "latest_title",
    "red_flags",
    "notes",
    "status",
    "sha256",
    "taxonomy_version",
)


def _tools(s: Screening, column: str) -> list[str]:
    items = [e for e in s.evidence if e.column == column and e.kind == "tool"]
    items.sort(key=lambda e: (-e.weight, -e.months, e.name.lower()))
    return [e.name for e in items]


def record(s: Screening, rank: int | None) -> dict[str, Any]:
    """The CSV columns (lists kept as lists) plus the structure JSONL and the report need."""
    ok = s.ok
    present_index = _present(s)
    roles = []
    llm_roles = {p.role for p in s.tenure_parts if p.months > 0}
    for i, r in enumerate(s.roles):
        span = role_span(r, present_index) if present_index is not None else None
        start = end = None
        if r.dates is not None and r.dates.start is not None:
            start = ym(span[0]) if span else None
        if r.dates is not None:
            end = "present" if r.dates.open_end else (ym(span[1]) if span else None)
        roles.append(
            {
                "title": r.title,
                "organization": r.organization,
                "location": r.location,
                "section": r.section,
                "kind": r.kind,
                "start": start,
                "end": end,
                "dates_text": r.dates.raw if r.dates else "",
                "months": (span[1] - span[0] + 1) if span else 0,
                "llm_applied": i in llm_roles,
                "academic": r.academic,
                "line": r.first_line,
                "problems": list(r.problems),
            }
        )
    tools = []
    for e in s.evidence:
        tools.append(
            {
                "name": e.name,
                "kind": e.kind,
                "column": e.column,
                "category": e.category,
                "weight": e.weight,
                "months": e.months,
                "last_used": e.last_used,
                "found": [
                    {
                        "alias": m.alias,
                        "place": m.place,
                        "section": m.section,
                        "role": m.role,
                        "line": m.line,
                        "text": m.text,
                        "fuzzy": m.fuzzy,
                    }
                    for m in e.mentions
                ],
            }
        )
    return {
        "rank": rank,
        "fit_score": s.fit_score if ok else None,
        "candidate": s.contact.name,
        "email": s.contact.email,
        "phone": s.contact.phone,
        "links": list(s.contact.links),
        "file": s.file,
        "profile": s.profile if ok else "",
        "column_a_share": s.column_a_share if ok else None,
        "column_a_tools": _tools(s, "A"),
        "column_b_tools": _tools(s, "B"),
        "llm_tenure_months": s.llm_tenure_months if ok else None,
        "total_experience_months": s.total_experience_months if ok else None,
        "resume_date": s.resume_date,
        "latest_title": s.latest_title,
        "red_flags": [f.code for f in s.flags],
        "notes": s.notes if ok else s.reason,
        "status": s.status,
        "sha256": s.sha256,
        "taxonomy_version": s.taxonomy_version,
        "role": s.role_target,
        "reason": s.reason,
        "column_a": s.column_a,
        "column_b": s.column_b,
        "profile_reason": s.profile_reason,
        "location": s.contact.location,
        "headline": s.contact.headline,
        "sections": [sec.heading for sec in s.sections if sec.heading],
        "roles": roles,
        "tools": tools,
        "tenure": [
            {"role": p.role, "start": p.start, "end": p.end, "months": p.months, "reason": p.reason}
            for p in s.tenure_parts
        ],
        "flags": [{"code": f.code, "reason": f.reason, "lines": f.lines, "quote": f.quote} for f in s.flags],
        "score_parts": [{"name": p.name, "points": p.points, "why": p.why} for p in s.score_parts],
    }


def _present(s: Screening) -> int | None:
    if not s.resume_date:
        return None
    return int(s.resume_date[:4]) * 12 + int(s.resume_date[5:7]) - 1
