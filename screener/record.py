"""Screening -> the typed record every output is drawn from (CSV, JSONL, Parquet, report, state).

One structure, built in one place (`Record.from_screening`), so the CSV, the JSONL and the
HTML report can never disagree. `to_json` is the JSONL line and the state's stored text, key for
key; `from_json` reads either back, also when written by an older screener: a missing or
mistyped value takes its default instead of failing the run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from screener.json_values import as_bool, as_float, as_int, as_ints, as_str, as_strs, each, opt_float, opt_int, opt_str
from screener.judge.months import role_span
from screener.model import Screening, month_index, ym

# The version of the JSON form below. Bump it when a key changes meaning or goes; `from_json`
# must keep reading every earlier version (new keys simply take their defaults there).
RECORD_SCHEMA_VERSION = 1

# A record as JSON (the JSONL line, the state's stored text): the serialized form, never passed around.
RecordJSON = dict[str, Any]

CSV_COLUMNS = (
    "rank",
    "fit_score",
    "candidate",
    "email",
    "phone",
    "links",
    "file",
    "profile",
    "specialty",
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
    "taxonomy_version", "decision",  # a person's latest decision (run/decisions.py), never the screen's
)

# One CSV cell before formatting: a number, a text, a list of texts, or nothing.
Cell = str | int | float | tuple[str, ...] | None

# --------------------------------------------------------------------------- the parts


@dataclass(frozen=True)
class FoundRecord:
    """One place a tool or practice was found."""

    alias: str
    place: str
    section: str
    role: int | None
    line: int
    text: str
    fuzzy: bool
    bullet: tuple[int, ...] = ()  # the line numbers of the bullet it sits in (issue 17; absent before)
    use: str = ""  # what that bullet does with it: '', 'analysis', 'trained', 'called'

    def to_json(self) -> RecordJSON:
        return {"alias": self.alias, "place": self.place, "section": self.section, "role": self.role,
                "line": self.line, "text": self.text, "fuzzy": self.fuzzy, "bullet": list(self.bullet),
                "use": self.use}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> FoundRecord:
        bullet = d.get("bullet")
        lines = tuple(as_int(n) for n in bullet) if isinstance(bullet, list | tuple) else ()
        return cls(as_str(d.get("alias")), as_str(d.get("place")), as_str(d.get("section")), opt_int(d.get("role")),
                   as_int(d.get("line")), as_str(d.get("text")), as_bool(d.get("fuzzy")), lines, as_str(d.get("use")))


@dataclass(frozen=True)
class ToolRecord:
    """A tool or practice matched, weighed, with every place it was found."""

    name: str
    kind: str
    column: str
    category: str
    weight: float
    months: int
    last_used: str | None
    found: tuple[FoundRecord, ...]

    def to_json(self) -> RecordJSON:
        return {"name": self.name, "kind": self.kind, "column": self.column, "category": self.category,
                "weight": self.weight, "months": self.months, "last_used": self.last_used,
                "found": [f.to_json() for f in self.found]}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ToolRecord:
        return cls(as_str(d.get("name")), as_str(d.get("kind")), as_str(d.get("column")), as_str(d.get("category")),
                   as_float(d.get("weight")), as_int(d.get("months")), opt_str(d.get("last_used")),
                   each(d.get("found"), FoundRecord.from_json))


@dataclass(frozen=True)
class RoleRecord:
    """A role as the outputs show it: dates as 'YYYY-MM' (or 'present'), its months."""

    title: str
    organization: str
    location: str
    section: str
    kind: str
    start: str | None
    end: str | None
    dates_text: str
    months: int
    llm_applied: bool
    academic: bool
    line: int
    problems: tuple[str, ...]

    def to_json(self) -> RecordJSON:
        return {"title": self.title, "organization": self.organization, "location": self.location,
                "section": self.section, "kind": self.kind, "start": self.start, "end": self.end,
                "dates_text": self.dates_text, "months": self.months, "llm_applied": self.llm_applied,
                "academic": self.academic, "line": self.line, "problems": list(self.problems)}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> RoleRecord:
        return cls(as_str(d.get("title")), as_str(d.get("organization")), as_str(d.get("location")),
                   as_str(d.get("section")), as_str(d.get("kind")), opt_str(d.get("start")), opt_str(d.get("end")),
                   as_str(d.get("dates_text")), as_int(d.get("months")), as_bool(d.get("llm_applied")),
                   as_bool(d.get("academic")), as_int(d.get("line")), as_strs(d.get("problems")))


@dataclass(frozen=True)
class TenureRecord:
    """How one role added to the LLM-applied tenure (`role` indexes Record.roles)."""

    role: int
    start: str
    end: str
    months: int
    reason: str

    def to_json(self) -> RecordJSON:
        return {"role": self.role, "start": self.start, "end": self.end, "months": self.months,
                "reason": self.reason}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> TenureRecord:
        return cls(as_int(d.get("role")), as_str(d.get("start")), as_str(d.get("end")), as_int(d.get("months")),
                   as_str(d.get("reason")))


@dataclass(frozen=True)
class FlagRecord:
    code: str
    reason: str
    lines: tuple[int, ...]
    quote: tuple[str, ...]

    def to_json(self) -> RecordJSON:
        return {"code": self.code, "reason": self.reason, "lines": list(self.lines), "quote": list(self.quote)}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> FlagRecord:
        return cls(as_str(d.get("code")), as_str(d.get("reason")), as_ints(d.get("lines")), as_strs(d.get("quote")))


@dataclass(frozen=True)
class ScorePartRecord:
    name: str
    points: float
    why: str

    def to_json(self) -> RecordJSON:
        return {"name": self.name, "points": self.points, "why": self.why}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ScorePartRecord:
        return cls(as_str(d.get("name")), as_float(d.get("points")), as_str(d.get("why")))


# --------------------------------------------------------------------------- the record


@dataclass(frozen=True)
class Record:
    """One file's result: the CSV columns (in CSV_COLUMNS order), then the structure JSONL and the report need.

    Field names are the JSON keys; the figures of a file that was not screened are None.
    """

    rank: int | None = None
    fit_score: float | None = None
    candidate: str = ""
    email: str = ""
    phone: str = ""
    links: tuple[str, ...] = ()
    file: str = ""
    profile: str = ""
    specialty: str = ""
    column_a_share: float | None = None
    column_a_tools: tuple[str, ...] = ()
    column_b_tools: tuple[str, ...] = ()
    llm_tenure_months: int | None = None
    total_experience_months: int | None = None
    resume_date: str = ""
    latest_title: str = ""
    red_flags: tuple[str, ...] = ()
    notes: str = ""
    status: str = ""
    sha256: str = ""
    taxonomy_version: str = ""
    decision: str = ""  # a person's latest decision on the candidate (run/decisions.py), never the screen's
    role: str = ""  # the target role screened for
    reason: str = ""  # why the file could not be screened
    column_a: float = 0.0
    column_b: float = 0.0
    profile_reason: str = ""
    specialty_reason: str = ""
    location: str = ""
    headline: str = ""
    sections: tuple[str, ...] = ()
    roles: tuple[RoleRecord, ...] = ()
    tools: tuple[ToolRecord, ...] = ()
    tenure: tuple[TenureRecord, ...] = ()
    flags: tuple[FlagRecord, ...] = ()
    score_parts: tuple[ScorePartRecord, ...] = ()
    reader: str = ""  # the reader that read the file (pdfium, pdfplumber, docx, tesseract...)
    source: str = ""  # what the text came from: text-layer, word, odt, rtf, text, html, ocr
    ocr_confidence: float | None = None  # mean word confidence 0..1 when read by OCR
    read_notes: tuple[str, ...] = ()  # what the reader noticed (content unlike the name, a low-confidence page)

    # ------------------------------------------------------------------ building and changing

    @classmethod
    def from_screening(cls, s: Screening, rank: int | None = None) -> Record:
        """The one place a Screening becomes a Record."""
        ok = s.ok
        return cls(
            rank=rank,
            fit_score=s.fit_score if ok else None,
            candidate=s.contact.name,
            email=s.contact.email,
            phone=s.contact.phone,
            links=tuple(s.contact.links),
            file=s.file,
            profile=s.profile if ok else "",
            specialty=s.specialty if ok else "",
            column_a_share=s.column_a_share if ok else None,
            column_a_tools=_tools(s, "A"),
            column_b_tools=_tools(s, "B"),
            llm_tenure_months=s.llm_tenure_months if ok else None,
            total_experience_months=s.total_experience_months if ok else None,
            resume_date=s.resume_date,
            latest_title=s.latest_title,
            red_flags=tuple(f.code for f in s.flags),
            notes=s.notes if ok else s.reason,
            status=s.status,
            sha256=s.sha256,
            taxonomy_version=s.taxonomy_version,
            role=s.role_target,
            reason=s.reason,
            column_a=s.column_a,
            column_b=s.column_b,
            profile_reason=s.profile_reason,
            specialty_reason=s.specialty_reason if ok else "",
            location=s.contact.location,
            headline=s.contact.headline,
            sections=tuple(sec.heading for sec in s.sections if sec.heading),
            roles=_roles(s),
            tools=tuple(
                ToolRecord(e.name, e.kind, e.column, e.category, e.weight, e.months, e.last_used,
                           tuple(FoundRecord(m.alias, m.place, m.section, m.role, m.line, m.text, m.fuzzy,
                                             m.bullet, m.use)
                                 for m in e.mentions))
                for e in s.evidence
            ),
            tenure=tuple(TenureRecord(p.role, p.start, p.end, p.months, p.reason) for p in s.tenure_parts),
            flags=tuple(FlagRecord(f.code, f.reason, tuple(f.lines), tuple(f.quote)) for f in s.flags),
            score_parts=tuple(ScorePartRecord(p.name, p.points, p.why) for p in s.score_parts),
            reader=s.reader,
            source=s.source,
            ocr_confidence=s.ocr_confidence,
            read_notes=tuple(s.read_notes),
        )

    def with_rank(self, rank: int | None) -> Record:
        return replace(self, rank=rank)

    def as_duplicate(self, note: str) -> Record:
        """Not ranked: the same candidate's newer file is; the note (also the reason) names it."""
        return replace(self, status="duplicate", rank=None, notes=note, reason=note)

    # ------------------------------------------------------------------ the CSV row

    def cells(self) -> tuple[Cell, ...]:
        """The values of CSV_COLUMNS, in that order (unformatted: the writers format them)."""
        return (self.rank, self.fit_score, self.candidate, self.email, self.phone, self.links, self.file,
                self.profile, self.specialty, self.column_a_share, self.column_a_tools, self.column_b_tools,
                self.llm_tenure_months, self.total_experience_months, self.resume_date, self.latest_title,
                self.red_flags, self.notes, self.status, self.sha256, self.taxonomy_version, self.decision)

    # ------------------------------------------------------------------ JSON

    def to_json(self) -> RecordJSON:
        """The JSONL object: every key in its documented order, lists as lists, None as null."""
        return {
            "rank": self.rank,
            "fit_score": self.fit_score,
            "candidate": self.candidate,
            "email": self.email,
            "phone": self.phone,
            "links": list(self.links),
            "file": self.file,
            "profile": self.profile,
            "specialty": self.specialty,
            "column_a_share": self.column_a_share,
            "column_a_tools": list(self.column_a_tools),
            "column_b_tools": list(self.column_b_tools),
            "llm_tenure_months": self.llm_tenure_months,
            "total_experience_months": self.total_experience_months,
            "resume_date": self.resume_date,
            "latest_title": self.latest_title,
            "red_flags": list(self.red_flags),
            "notes": self.notes,
            "status": self.status,
            "sha256": self.sha256,
            "taxonomy_version": self.taxonomy_version, "decision": self.decision,
            "role": self.role,
            "reason": self.reason,
            "column_a": self.column_a,
            "column_b": self.column_b,
            "profile_reason": self.profile_reason,
            "specialty_reason": self.specialty_reason,
            "location": self.location,
            "headline": self.headline,
            "sections": list(self.sections),
            "roles": [r.to_json() for r in self.roles],
            "tools": [t.to_json() for t in self.tools],
            "tenure": [p.to_json() for p in self.tenure],
            "flags": [f.to_json() for f in self.flags],
            "score_parts": [p.to_json() for p in self.score_parts],
            "reader": self.reader,
            "source": self.source,
            "ocr_confidence": self.ocr_confidence,
            "read_notes": list(self.read_notes),
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Record:
        """A record from its JSON, from this version or an older one: never raises on a mapping."""
        g = d.get
        return cls(
            rank=opt_int(g("rank")),
            fit_score=opt_float(g("fit_score")),
            candidate=as_str(g("candidate")),
            email=as_str(g("email")),
            phone=as_str(g("phone")),
            links=as_strs(g("links")),
            file=as_str(g("file")),
            profile=as_str(g("profile")),
            specialty=as_str(g("specialty")),
            column_a_share=opt_float(g("column_a_share")),
            column_a_tools=as_strs(g("column_a_tools")),
            column_b_tools=as_strs(g("column_b_tools")),
            llm_tenure_months=opt_int(g("llm_tenure_months")),
            total_experience_months=opt_int(g("total_experience_months")),
            resume_date=as_str(g("resume_date")),
            latest_title=as_str(g("latest_title")),
            red_flags=as_strs(g("red_flags")),
            notes=as_str(g("notes")),
            status=as_str(g("status"), "error"),
            sha256=as_str(g("sha256")),
            taxonomy_version=as_str(g("taxonomy_version")),
            decision=as_str(g("decision")),
            role=as_str(g("role")),
            reason=as_str(g("reason")),
            column_a=as_float(g("column_a")),
            column_b=as_float(g("column_b")),
            profile_reason=as_str(g("profile_reason")),
            specialty_reason=as_str(g("specialty_reason")),
            location=as_str(g("location")),
            headline=as_str(g("headline")),
            sections=as_strs(g("sections")),
            roles=each(g("roles"), RoleRecord.from_json),
            tools=each(g("tools"), ToolRecord.from_json),
            tenure=each(g("tenure"), TenureRecord.from_json),
            flags=each(g("flags"), FlagRecord.from_json),
            score_parts=each(g("score_parts"), ScorePartRecord.from_json),
            reader=as_str(g("reader")),
            source=as_str(g("source")),
            ocr_confidence=opt_float(g("ocr_confidence")),
            read_notes=as_strs(g("read_notes")),
        )


def record(s: Screening, rank: int | None = None) -> Record:
    """Shorthand for Record.from_screening."""
    return Record.from_screening(s, rank)


def _tools(s: Screening, column: str) -> tuple[str, ...]:
    items = [e for e in s.evidence if e.column == column and e.kind == "tool"]
    items.sort(key=lambda e: (-e.weight, -e.months, e.name.lower()))
    return tuple(e.name for e in items)


def _roles(s: Screening) -> tuple[RoleRecord, ...]:
    present = _present(s)
    llm_roles = {p.role for p in s.tenure_parts if p.months > 0}
    out = []
    for i, r in enumerate(s.roles):
        span = role_span(r, present) if present is not None else None
        start = end = None
        if r.dates is not None and r.dates.start is not None:
            start = ym(span[0]) if span else None
        if r.dates is not None:
            end = "present" if r.dates.open_end else (ym(span[1]) if span else None)
        out.append(RoleRecord(
            title=r.title, organization=r.organization, location=r.location, section=r.section, kind=r.kind,
            start=start, end=end, dates_text=r.dates.raw if r.dates else "",
            months=(span[1] - span[0] + 1) if span else 0, llm_applied=i in llm_roles, academic=r.academic,
            line=r.first_line, problems=tuple(r.problems),
        ))
    return tuple(out)


def _present(s: Screening) -> int | None:
    """The resume's 'Present' ('YYYY-MM-DD') as a month index; None when it has no date."""
    if not s.resume_date:
        return None
    return month_index(int(s.resume_date[:4]), int(s.resume_date[5:7]))


def records_json(records: Sequence[Record]) -> list[RecordJSON]:
    """The JSON of many records, for a consumer that still reads dicts (the HTML report)."""
    return [r.to_json() for r in records]
