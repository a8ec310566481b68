"""The plain dataclasses that carry one resume through the pipeline.

Every stage is a pure function from one of these to the next; judgements keep
references (line numbers) back to the resume text so that `explain`, the notes
and the report can all show the same evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# --------------------------------------------------------------------------- dates

Precision = Literal["month", "season", "quarter", "year"]


def month_index(year: int, month: int) -> int:
    """Months since year 0: makes month arithmetic a subtraction."""
    return year * 12 + (month - 1)


def ym(index: int) -> str:
    """'YYYY-MM' for a month index."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass(frozen=True)
class DatePoint:
    """A date as written: a month, a season, a quarter or a bare year.

    A bare year is not January: it spans first_month..last_month (1..12) and
    the range it stands in decides which end of it counts.
    """

    year: int
    first_month: int
    last_month: int
    precision: Precision

    def first_index(self) -> int:
        return month_index(self.year, self.first_month)

    def last_index(self) -> int:
        return month_index(self.year, self.last_month)


@dataclass(frozen=True)
class DateRange:
    """A span of time found in text. `open_end` is "Present"/"Since 2024"/"2024 –"."""

    start: DatePoint | None
    end: DatePoint | None
    open_end: bool
    raw: str
    span: tuple[int, int] = (0, 0)  # character offsets in the searched text
    single: bool = False  # one date standing alone ("Summer 2023", "2021")


# --------------------------------------------------------------------------- text


@dataclass
class Line:
    """One visual line of visible text, in reading order."""

    text: str
    page: int  # 1-based
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # dominant font size in points
    bold: bool
    number: int = 0  # 1-based reading-order number over the whole document
    column: int = 0  # 0 = full width / only column, 1.. = column from the left
    bullet: bool = False  # the line started with a bullet glyph (removed from text)
    # A piece of running text cut out of the document's lines (one entry of a paragraph holding a
    # whole career): (line number, start, end) of each part it covers, offsets into that line's text.
    pieces: tuple[tuple[int, int, int], ...] = ()


@dataclass(frozen=True)
class HiddenText:
    """Text present in the PDF that a reader cannot see, kept out of all evidence."""

    page: int
    text: str
    reason: str  # "white-on-white", "tiny-font", "off-page", "invisible-render-mode"


@dataclass
class Document:
    """What a reader produces for one file: its lines laid out in reading order, as for a PDF."""

    lines: list[Line]
    pages: int
    hidden: list[HiddenText] = field(default_factory=list)
    furniture: list[Line] = field(default_factory=list)  # running headers/footers removed from the text
    metadata_date: str | None = None  # 'YYYY-MM-DD' from ModDate, else CreationDate
    engine: str = ""
    has_images: bool = False
    reader: str = ""  # the reader that read it: 'pdfium', 'pdfplumber', 'docx', ...
    source: str = "text-layer"  # what the text came from: 'text-layer', 'ocr', 'word', 'odt', 'rtf', 'text', 'html'
    ocr_confidence: float | None = None  # mean word confidence (0-1) when the text came from OCR
    notes: list[str] = field(default_factory=list)  # what reading it showed ('named .pdf but is a Word document')
    links: list[str] = field(default_factory=list)  # URIs of the first page's link annotations (mailto:, tel:, https:)


# --------------------------------------------------------------------------- structure

SectionKind = str  # 'header', 'summary', 'experience', 'projects', 'education', 'skills', ...


@dataclass
class Section:
    kind: SectionKind
    heading: str  # as written; '' for the block above the first heading
    lines: list[Line]
    heading_line: int = 0  # the heading's own line number (0 for the header block)

    @property
    def first_line(self) -> int:
        return self.lines[0].number if self.lines else 0


@dataclass
class Contact:
    name: str = ""
    email: str = ""
    phone: str = ""  # E.164 where it parses
    links: list[str] = field(default_factory=list)
    location: str = ""
    headline: str = ""  # the line under the name ("Senior AI Engineer"), if any
    name_line: int = 0
    lines: list[int] = field(default_factory=list)  # line numbers used for contact details


RoleKind = Literal["work", "project", "education", "other"]


@dataclass
class Role:
    """An entry of an experience-like section: a job, a project, a degree."""

    title: str
    organization: str
    location: str
    dates: DateRange | None
    section: SectionKind
    kind: RoleKind
    header_lines: list[Line]
    bullets: list[Line]
    academic: bool = False  # a PhD, postdoc, research assistant, university lab...
    problems: list[str] = field(default_factory=list)  # "end before start", ...

    @property
    def lines(self) -> list[Line]:
        return self.header_lines + self.bullets

    @property
    def first_line(self) -> int:
        ls = self.lines
        return ls[0].number if ls else 0


# --------------------------------------------------------------------------- evidence

Column = Literal["A", "B", "N"]


@dataclass(frozen=True)
class Mention:
    """One occurrence of a taxonomy item (tool or practice) in the resume."""

    item_id: str
    name: str  # canonical name
    kind: Literal["tool", "concept"]
    column: Column
    category: str
    alias: str  # as written in the resume
    place: str  # 'role', 'project', 'skills', 'summary', 'education', 'other'
    section: SectionKind
    role: int | None  # index into Screening.roles
    line: int  # Line.number
    text: str  # the whole line, for explain
    fuzzy: bool = False
    strength: float = 1.0
    # The bullet the mention sits in: its line numbers (one, or the lines it wraps over) and text.
    bullet: tuple[int, ...] = ()
    bullet_text: str = ""
    # How the bullet uses it: '' (plain evidence), 'analysis' (a notebook or one-off analysis: not
    # product work), 'trained' (a model being trained: column B), 'called' (a model called: its row's column).
    use: str = ""


@dataclass
class ItemEvidence:
    """All mentions of one tool or practice, weighed."""

    item_id: str
    name: str
    kind: Literal["tool", "concept"]
    column: Column
    category: str
    weight: float  # place weight x strength, the best place it appears in
    best_place: str
    mentions: list[Mention]
    months: int = 0  # months across dated work roles that name it
    last_used: str | None = None  # 'YYYY-MM'


@dataclass
class TenurePart:
    """How one role contributed to the LLM-applied tenure."""

    role: int
    start: str  # 'YYYY-MM' after the release/2020-06 floor
    end: str
    months: int
    reason: str  # why it starts where it does


@dataclass
class Flag:
    code: str
    reason: str  # plain English
    lines: list[int] = field(default_factory=list)  # evidence line numbers
    quote: list[str] = field(default_factory=list)  # evidence text


@dataclass
class ScorePart:
    name: str
    points: float
    why: str


@dataclass(frozen=True)
class SpecialtyVote:
    """One piece of evidence for a specialty: a title, a tool or practice, or a phrase, on a line."""

    specialty: str
    what: str  # "title 'LLM Engineer'", "LoRA", "phrase 'A/B tests'"
    line: int  # Line.number (0 when it has none)
    votes: int = 1


@dataclass
class Screening:
    """Everything screener concluded about one file, with its evidence."""

    file: str
    sha256: str
    status: str  # 'ok', 'no-text', 'encrypted', 'corrupt', 'not-a-pdf', 'empty', 'error', ...
    reason: str = ""
    document: Document | None = None
    sections: list[Section] = field(default_factory=list)
    contact: Contact = field(default_factory=Contact)
    roles: list[Role] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    evidence: list[ItemEvidence] = field(default_factory=list)
    resume_date: str = ""  # 'YYYY-MM-DD'
    resume_date_source: str = ""
    column_a: float = 0.0
    column_b: float = 0.0
    column_a_share: float | None = None
    profile: str = "none"
    profile_reason: str = ""
    specialty: str = "none"  # judge/specialty.py: the kind of work the candidate does now
    specialty_reason: str = ""
    specialty_votes: list[SpecialtyVote] = field(default_factory=list)  # the evidence behind it
    llm_tenure_months: int = 0
    tenure_parts: list[TenurePart] = field(default_factory=list)
    total_experience_months: int = 0
    latest_title: str = ""
    flags: list[Flag] = field(default_factory=list)
    fit_score: float = 0.0
    score_parts: list[ScorePart] = field(default_factory=list)
    notes: str = ""
    role_target: str = "ai-engineer"
    taxonomy_version: str = ""
    reader: str = ""  # which reader read the file (Document.reader)
    source: str = ""  # what the text came from (Document.source: text-layer, word, ocr...)
    ocr_confidence: float | None = None
    read_notes: list[str] = field(default_factory=list)  # what the reader noticed (Document.notes)

    @property
    def ok(self) -> bool:
        return self.status == "ok"
