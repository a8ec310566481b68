"""A candidate's months of each kind a JD can ask years of, from the stored Record, as of the resume's
date (not today): LLM-applied months as screened, production-ML months (dated work roles showing
full-strength column-B work), a tool's months, and total experience."""

from __future__ import annotations

from screener.job.context import FitRules
from screener.judge.months import union_size
from screener.judge.tenure import parse_ym
from screener.record import Record, RoleRecord

FULL_STRENGTH = 1.0


def present(record: Record) -> int | None:
    return parse_ym(record.resume_date[:7]) if record.resume_date else None


def role_span(role: RoleRecord, now: int | None) -> tuple[int, int] | None:
    if role.start is None or role.end is None:
        return None
    end = now if role.end == "present" else parse_ym(role.end)
    return None if end is None else (parse_ym(role.start), end)


def column_roles(record: Record, column: str, rules: FitRules) -> list[int]:
    """Work and project roles that name a full-strength item of the column (as judge/flags.py)."""
    out: set[int] = set()
    for t in record.tools:
        if t.column != column or rules.strength(t.weight, [f.place for f in t.found]) < FULL_STRENGTH:
            continue
        out.update(f.role for f in t.found if f.role is not None)
    return sorted(i for i in out if i < len(record.roles) and record.roles[i].kind in ("work", "project"))


def work_months(record: Record, roles: list[int]) -> int:
    now = present(record)
    spans = [s for i in roles if record.roles[i].kind == "work" for s in [role_span(record.roles[i], now)] if s]
    return union_size(spans)


def months_of(kind: str, tool: str, record: Record, rules: FitRules) -> tuple[int, str]:
    """(months, what they are): the tenure a years requirement of this kind is compared with."""
    if kind == "llm-applied":
        return record.llm_tenure_months or 0, "LLM-applied"
    if kind == "production-ml":
        return work_months(record, column_roles(record, "B", rules)), "production-ML"
    if kind == "tool":
        item = next((t for t in record.tools if t.name == tool), None)
        return (item.months if item else 0), tool
    return record.total_experience_months or 0, "work"
