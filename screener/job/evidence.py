"""Each requirement of a JD against one candidate's Record: met, partial or missing, with the line.

- met: one of its alternatives was found in a dated role or a project (job.toml [fit] met_places);
- partial: found only elsewhere (a skills list, the summary), or an equivalent tool (same column and
  taxonomy category: the JD asks for Pinecone, they shipped with Weaviate) was found in a role;
- missing: neither.
Years requirements compare the matching tenure (job/tenure.py) with the months asked for.
"""

from __future__ import annotations

from screener.job.context import FitRules
from screener.job.model import Requirement, RequirementFit, Verdict, YearsRequirement
from screener.job.requirements import base_name
from screener.job.tenure import months_of
from screener.record import FoundRecord, Record, ToolRecord


def _first(found: tuple[FoundRecord, ...], places: list[str], inside: bool) -> FoundRecord | None:
    return next((f for f in found if (f.place in places) == inside), None)


def requirement_fit(req: Requirement, record: Record, rules: FitRules) -> RequirementFit:
    places: list[str] = rules.job.fit["met_places"]
    wanted = {(a.kind, a.name) for a in req.alternatives}
    have = [t for t in record.tools if (t.kind, base_name(t.name)) in wanted]
    for t in have:
        f = _first(t.found, places, True)
        if f is not None:
            return RequirementFit(req.name, req.importance, "met", f"{t.name} in a {f.place}", f.line, f.text,
                                  "shipped", t.name)
    shown = _shown_by_tool(req, record, rules, places)
    if shown is not None:
        return shown
    categories = {(a.column, a.category) for a in req.alternatives if a.kind == "tool" and a.column in ("A", "B")}
    equivalent = _equivalent(record.tools, categories, wanted, places)
    if equivalent is not None:
        t, f = equivalent
        return RequirementFit(req.name, req.importance, "partial",
                              f"equivalent {t.name} ({t.category}) in a {f.place}", f.line, f.text,
                              "equivalent", t.name)
    for t in have:
        f = t.found[0] if t.found else None
        if f is not None:
            return RequirementFit(req.name, req.importance, "partial", f"{t.name} only in {f.place}", f.line,
                                  f.text, "listed", t.name, f.place)
    return RequirementFit(req.name, req.importance, "missing", "not on the resume")


def _shows(tool: ToolRecord, ways: tuple[tuple[str, str], ...]) -> bool:
    return any((column == "" and tool.name == what) or (column == tool.column and what in ("*", tool.category))
               for column, what in ways)


def _shown_by_tool(req: Requirement, record: Record, rules: FitRules, places: list[str]) -> RequirementFit | None:
    """A practice asked for (LLM evals) is met by a full-strength tool that does it (Braintrust) in a role or
    project (skill_taxonomy/job/practices.csv)."""
    ways = tuple(w for a in req.alternatives if a.kind == "concept" for w in rules.job.practices.get(a.name, ()))
    if not ways:
        return None
    columns = {column for column, _ in ways if column}
    names = {what for column, what in ways if not column}
    for t in record.tools:
        if t.kind != "tool" or (t.column not in columns and t.name not in names) or not _shows(t, ways):
            continue
        if rules.strength(t.weight, [f.place for f in t.found]) < 1.0:
            continue
        f = _first(t.found, places, True)
        if f is not None:
            return RequirementFit(req.name, req.importance, "met", f"{t.name} ({t.category}) in a {f.place}",
                                  f.line, f.text, "practice", t.name, f.place)
    return None


def _equivalent(tools: tuple[ToolRecord, ...], categories: set[tuple[str, str]], wanted: set[tuple[str, str]],
                places: list[str]) -> tuple[ToolRecord, FoundRecord] | None:
    for t in tools:
        if t.kind != "tool" or (t.kind, base_name(t.name)) in wanted or (t.column, t.category) not in categories:
            continue
        f = _first(t.found, places, True)
        if f is not None:
            return t, f
    return None


def years_fit(y: YearsRequirement, record: Record, rules: FitRules) -> tuple[RequirementFit, int, str]:
    """The verdict, the months found and what they are months of."""
    months, what = months_of(y.kind, y.tool, record, rules)
    share = float(rules.job.fit["years_partial_share"])
    verdict: Verdict = "met" if months >= y.min_months else "partial" if months >= share * y.min_months else "missing"
    why = f"{months} months of {what} experience as of {record.resume_date or 'the resume date'} ({y.min_months} asked)"
    return RequirementFit(y.phrase, y.importance, verdict, why, basis="tenure", evidence=str(months)), months, what
