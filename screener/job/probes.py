"""Interview probes for one candidate against one job, from the gaps and flags (job.toml [probes]):
what to ask about an equivalent tool, a skills-only tool, a missing must-have, a short tenure, an
anachronism (a tool named in a role that ended before its first release), and each red flag."""

from __future__ import annotations

from screener.job.context import FitRules
from screener.job.model import RequirementFit, YearsRequirement
from screener.job.tenure import present, role_span
from screener.judge.tenure import parse_ym
from screener.model import ym
from screener.record import Record

ANACHRONISM_FLAG = "tool-anachronism"  # its probe is the anachronism probe, with the tool and the dates


def _gap(r: RequirementFit, t: dict[str, str]) -> str | None:
    if r.verdict == "partial" and r.basis == "equivalent":
        return t["partial_equivalent"].format(wanted=r.requirement, have=r.evidence, line=r.line)
    if r.verdict == "partial" and r.basis == "listed":
        return t["skills_only"].format(wanted=r.evidence, place=r.place, line=r.line)
    if r.verdict == "missing" and r.importance == "must" and r.basis != "tenure":
        return t["missing_must"].format(wanted=r.requirement)
    return None


def anachronisms(record: Record, rules: FitRules) -> list[str]:
    """One probe per tool named in a dated role or project that ended before the tool existed."""
    out: list[str] = []
    now = present(record)
    for tool in record.tools:
        known = rules.tools_by_name.get(tool.name)
        if known is None or tool.kind != "tool":
            continue
        for f in tool.found:
            role = record.roles[f.role] if f.role is not None and f.role < len(record.roles) else None
            span = role_span(role, now) if role is not None and role.end != "present" else None
            release = known.release_for(f.alias)
            if span is None or span[1] >= parse_ym(release):
                continue
            years = ym(span[0])[:4] if ym(span[0])[:4] == ym(span[1])[:4] else f"{ym(span[0])[:4]}-{ym(span[1])[:4]}"
            out.append(rules.job.probes["anachronism"].format(tool=tool.name, year=years, release=release))
            break
    return out


def probes(table: list[RequirementFit], years: list[tuple[YearsRequirement, RequirementFit, int, str]],
           record: Record, rules: FitRules) -> tuple[str, ...]:
    t = rules.job.probes
    out = [p for r in table for p in [_gap(r, t)] if p]
    for y, fit, months, what in years:
        if fit.verdict != "met":
            out.append(t["years_short"].format(requirement=y.phrase, kind=what, months=months,
                                               date=record.resume_date or "the resume date"))
    out += anachronisms(record, rules)
    for flag in record.flags:
        if flag.code != ANACHRONISM_FLAG and flag.code in t:
            out.append(t[flag.code].format(reason=flag.reason))
    return tuple(dict.fromkeys(out))
