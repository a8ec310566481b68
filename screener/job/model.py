"""What a job description becomes (`JobAnalysis`) and what a candidate's fit against it is (`JobFit`).

Frozen dataclasses only: every function of screener/job builds one of these from the others, and
`to_json` gives the form `screener job --json` prints and the JSONL carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Importance = Literal["must", "nice"]
Verdict = Literal["met", "partial", "missing"]
JSON = dict[str, Any]


@dataclass(frozen=True)
class JobLine:
    """One line of the JD as read, with the section it stands in and what that section asks."""

    number: int
    text: str
    section: str  # the heading above it ('' before the first)
    kind: str  # must | nice | duties | stack | about | intro (skill_taxonomy/job/headings.csv)
    bold: bool = False


@dataclass(frozen=True)
class Alternative:
    """One tool or practice that meets a requirement (the taxonomy's name, kind, column and category)."""

    name: str
    kind: str  # 'tool' | 'concept' (as the Record's tools say)
    column: str  # A | B | N
    category: str

    def to_json(self) -> JSON:
        return {"name": self.name, "kind": self.kind, "column": self.column, "category": self.category}


@dataclass(frozen=True)
class Requirement:
    """A tool or practice asked for: met by any of its alternatives ("Pinecone or pgvector")."""

    alternatives: tuple[Alternative, ...]
    importance: Importance
    line: int
    text: str

    @property
    def name(self) -> str:
        return " or ".join(a.name for a in self.alternatives)

    @property
    def column(self) -> str:
        columns = [a.column for a in self.alternatives if a.column != "N"]
        return max(set(columns), key=columns.count) if columns else "N"

    def to_json(self) -> JSON:
        return {"name": self.name, "importance": self.importance, "column": self.column,
                "alternatives": [a.to_json() for a in self.alternatives], "line": self.line, "text": self.text}


@dataclass(frozen=True)
class YearsRequirement:
    """Years of experience asked for, and of what ("5+ years of production ML")."""

    phrase: str  # as written
    kind: str  # llm-applied | production-ml | tool | software (skill_taxonomy/job/years.csv)
    of: str  # what the years are of, as written ('' when the line says only "experience")
    min_months: int
    max_months: int | None
    importance: Importance
    line: int
    text: str
    tool: str = ""  # the tool's name for kind 'tool'

    def to_json(self) -> JSON:
        return {"phrase": self.phrase, "kind": self.kind, "of": self.of, "tool": self.tool,
                "min_months": self.min_months, "max_months": self.max_months, "importance": self.importance,
                "line": self.line, "text": self.text}


@dataclass(frozen=True)
class Salary:
    """A stated pay range, in whole currency units."""

    low: int
    high: int
    currency: str  # USD | EUR | GBP
    pay: str  # base | total
    line: int
    text: str

    def to_json(self) -> JSON:
        return {"low": self.low, "high": self.high, "currency": self.currency, "pay": self.pay,
                "line": self.line, "text": self.text}


@dataclass(frozen=True)
class Answer:
    """One of the seeds' three diagnostic questions, answered from the JD's text."""

    question: str  # deliverable | stack | background
    answer: str  # the variant (or family) it points to, '' when the JD does not say
    why: str
    lines: tuple[int, ...] = ()

    def to_json(self) -> JSON:
        return {"question": self.question, "answer": self.answer, "why": self.why, "lines": list(self.lines)}


@dataclass(frozen=True)
class JobProblem:
    """Something a hiring manager should fix before opening the requisition."""

    code: str  # mixed-variants | impossible-llm-years | title-variant-mismatch | comp-band-mismatch | vague-stack
    why: str  # the seeds' reasoning, filled in
    line: int  # the line that causes it (0: the JD as a whole)
    text: str

    def to_json(self) -> JSON:
        return {"code": self.code, "why": self.why, "line": self.line, "text": self.text}


@dataclass(frozen=True)
class JobAnalysis:
    file: str
    sha256: str
    title: str
    variant: str
    target: str  # the target profile the variant's parts are scored with
    seniority: str  # junior | mid | senior | staff | ''
    answers: tuple[Answer, ...]
    requirements: tuple[Requirement, ...]
    years: tuple[YearsRequirement, ...]
    salary: Salary | None
    problems: tuple[JobProblem, ...]
    as_of: str

    def must(self) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if r.importance == "must")

    def nice(self) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if r.importance == "nice")

    def to_json(self) -> JSON:
        return {
            "file": self.file, "sha256": self.sha256, "title": self.title, "variant": self.variant,
            "target": self.target, "seniority": self.seniority, "as_of": self.as_of,
            "answers": [a.to_json() for a in self.answers],
            "requirements": [r.to_json() for r in self.requirements],
            "years": [y.to_json() for y in self.years],
            "salary": self.salary.to_json() if self.salary else None,
            "problems": [p.to_json() for p in self.problems],
        }


@dataclass(frozen=True)
class RequirementFit:
    """One requirement (a tool, practice or years requirement) against one candidate."""

    requirement: str  # its name or phrase
    importance: Importance
    verdict: Verdict
    why: str
    line: int = 0  # the resume line that shows it (0: none)
    text: str = ""
    basis: str = ""  # shipped | equivalent | listed | tenure | '' (missing)
    evidence: str = ""  # the candidate's tool that shows it, or their months
    place: str = ""  # where that tool was found (role, project, skills, summary...)

    def to_json(self) -> JSON:
        return {"requirement": self.requirement, "importance": self.importance, "verdict": self.verdict,
                "why": self.why, "basis": self.basis, "evidence": self.evidence, "place": self.place,
                "line": self.line,
                "text": self.text}


@dataclass(frozen=True)
class FitPart:
    name: str
    points: float
    why: str

    def to_json(self) -> JSON:
        return {"name": self.name, "points": self.points, "why": self.why}


@dataclass(frozen=True)
class JobFit:
    """A candidate against a job: the requirement table, the score and its parts, flags and probes."""

    job: str  # the JD's file name
    score: float
    parts: tuple[FitPart, ...]
    table: tuple[RequirementFit, ...]
    flags: tuple[str, ...]
    probes: tuple[str, ...]

    def names(self, importance: Importance, *verdicts: Verdict) -> tuple[str, ...]:
        return tuple(r.requirement for r in self.table if r.importance == importance and r.verdict in verdicts)

    @classmethod
    def from_json(cls, data: JSON) -> JobFit:
        """The fit a JSONL line's `job` key carries (`to_json`'s form), for `screener report` to draw again."""
        table = tuple(RequirementFit(str(r["requirement"]), r["importance"], r["verdict"], str(r.get("why") or ""),
                                     int(r.get("line") or 0), str(r.get("text") or ""), str(r.get("basis") or ""),
                                     str(r.get("evidence") or ""), str(r.get("place") or ""))
                      for r in data.get("requirements") or ())
        parts = tuple(FitPart(str(p["name"]), float(p["points"]), str(p.get("why") or ""))
                      for p in data.get("parts") or ())
        return cls(str(data.get("job") or ""), float(data.get("score") or 0.0), parts, table,
                   tuple(data.get("flags") or ()), tuple(data.get("probes") or ()))

    def to_json(self) -> JSON:
        return {"job": self.job, "score": self.score, "parts": [p.to_json() for p in self.parts],
                "requirements": [r.to_json() for r in self.table], "flags": list(self.flags),
                "probes": list(self.probes)}
