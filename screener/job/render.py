"""A JobAnalysis (and a JobFit) as the text `screener job` and `explain --job` print."""

from __future__ import annotations

from screener.job.model import JobAnalysis, JobFit

MONTHS_PER_YEAR = 12


def _months(n: int) -> str:
    return f"{n // MONTHS_PER_YEAR} years" if n % MONTHS_PER_YEAR == 0 else f"{n} months"


def analysis_text(a: JobAnalysis) -> str:
    out = [f"{a.file}: {a.title}", f"  variant: {a.variant} (scored with the {a.target} profile)"
           + (f", seniority: {a.seniority}" if a.seniority else "")]
    for ans in a.answers:
        out.append(f"  {ans.question}: {ans.answer or '-'}: {ans.why}")
    for label, reqs in (("must have", a.must()), ("nice to have", a.nice())):
        out.append(f"  {label}:")
        out.extend(f"    {r.name} [{r.column}] (line {r.line})" for r in reqs)
        if not reqs:
            out.append("    (none)")
    if a.years:
        out.append("  years:")
        for y in a.years:
            upto = f" to {_months(y.max_months)}" if y.max_months else ""
            of = f" of {y.tool}" if y.tool else ""
            out.append(f"    {y.importance}: '{y.phrase}' = at least {_months(y.min_months)}{upto}, "
                       f"{y.kind}{of} (line {y.line})")
    if a.salary:
        s = a.salary
        out.append(f"  pay: {s.currency} {s.low:,}-{s.high:,} {s.pay} (line {s.line})")
    out.append("  problems:" if a.problems else "  problems: none")
    for p in a.problems:
        where = f" (line {p.line}: {p.text})" if p.line else ""
        out.append(f"    {p.code}: {p.why}{where}")
    return "\n".join(out) + "\n"


def fit_text(f: JobFit) -> str:
    out = [f"job fit against {f.job}: {f.score:g}"]
    out.extend(f"  {p.points:+g} {p.name}: {p.why}" for p in f.parts)
    out.append("  requirements:")
    for r in f.table:
        where = f" (line {r.line}: {r.text})" if r.line else ""
        out.append(f"    [{r.importance}] {r.requirement}: {r.verdict}: {r.why}{where}")
    if f.flags:
        out.append("  flags: " + "; ".join(f.flags))
    if f.probes:
        out.append("  probes:")
        out.extend(f"    - {p}" for p in f.probes)
    return "\n".join(out) + "\n"
