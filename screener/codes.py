"""The words screener writes into its outputs, each defined once: statuses, flag codes, profiles.

Plain string constants (not enum members) on purpose: the CSV, JSONL, Parquet and SQLite writers
see exactly the `str` they always saw, so no output can change because of how a code is spelled
in Python. This module imports nothing from screener, so every layer may import it.
"""

from __future__ import annotations

from typing import Final


class Status:
    """A file's `status` column: `ok`, or why it could not be screened."""

    OK: Final = "ok"
    NO_TEXT: Final = "no-text"  # no extractable or visible text (a scan, an image-only PDF)
    ENCRYPTED: Final = "encrypted"
    CORRUPT: Final = "corrupt"
    NOT_A_PDF: Final = "not-a-pdf"
    UNSUPPORTED: Final = "unsupported"  # a kind of file no reader reads (or data, or code): the reason says what would
    EMPTY: Final = "empty"
    TOO_LARGE: Final = "too-large"  # over the size, page or memory limit
    TIMEOUT: Final = "timeout"
    ERROR: Final = "error"  # a bug or an unexpected failure, with its reason
    DUPLICATE: Final = "duplicate"  # the same resume as a file ranked instead of it


STATUSES: Final = (
    Status.OK,
    Status.NO_TEXT,
    Status.ENCRYPTED,
    Status.CORRUPT,
    Status.NOT_A_PDF,
    Status.UNSUPPORTED,
    Status.EMPTY,
    Status.TOO_LARGE,
    Status.TIMEOUT,
    Status.ERROR,
    Status.DUPLICATE,
)


class FlagCode:
    """A red flag's code, as in the `red_flags` column."""

    RESEARCH_ONLY: Final = "research-only"
    TOOL_ANACHRONISM: Final = "tool-anachronism"
    LLM_TENURE_CLAIM: Final = "llm-tenure-claim-implausible"
    HIDDEN_TEXT: Final = "hidden-text"
    SKILLS_WITHOUT_EVIDENCE: Final = "skills-without-evidence"
    NO_MEASURED_OUTCOMES: Final = "no-measured-outcomes"
    TITLE_MISMATCH: Final = "title-mismatch"
    NO_TEXT_LAYER: Final = "no-text-layer"
    PARSE_INCOMPLETE: Final = "parse-incomplete"
    # Only when ranking against a job (--job): must-haves of the JD the resume never shows. A flag, never
    # a rejection; not in FLAG_ORDER (a screen for a role never raises it) and costs no penalty of its own.
    MISSING_MUST_HAVE: Final = "missing-must-have"


# The order flags are listed in a record (and the order of scoring.toml's [penalties]).
FLAG_ORDER: Final = (
    FlagCode.RESEARCH_ONLY,
    FlagCode.TOOL_ANACHRONISM,
    FlagCode.LLM_TENURE_CLAIM,
    FlagCode.HIDDEN_TEXT,
    FlagCode.SKILLS_WITHOUT_EVIDENCE,
    FlagCode.NO_MEASURED_OUTCOMES,
    FlagCode.TITLE_MISMATCH,
    FlagCode.PARSE_INCOMPLETE,
    FlagCode.NO_TEXT_LAYER,
)

# One line each, from the README's table: what a recruiter should read into a flag. The report lists
# flags in THIS order (the README's), which is not FLAG_ORDER: keep it, the report's bytes depend on it.
FLAG_MEANINGS: Final = {
    FlagCode.RESEARCH_ONLY: "Only academic or research roles, and nothing shipped to production.",
    FlagCode.LLM_TENURE_CLAIM: "Claims more years of LLM work than the calendar or the dated roles allow.",
    FlagCode.TOOL_ANACHRONISM: "Names a tool in a role that ended before the tool was released.",
    FlagCode.SKILLS_WITHOUT_EVIDENCE: "Most AI/ML tools appear only in a skills list, never in a role or project.",
    FlagCode.NO_MEASURED_OUTCOMES: "No LLM-applied role states a measured result.",
    FlagCode.TITLE_MISMATCH: "The title says one kind of engineer; the evidence says the other.",
    FlagCode.HIDDEN_TEXT: "The PDF carries words a reader cannot see; they were kept out of the evidence.",
    FlagCode.NO_TEXT_LAYER: "The PDF has no text to read (a scan or an image).",
    FlagCode.PARSE_INCOMPLETE: "The resume's structure looks misread (no penalty): check this resume by eye.",
}


class Profile:
    """The profile the evidence calls (the `profile` column); a target profile wants one of the first two."""

    AI_ENGINEER: Final = "ai-engineer"  # column A (LLM-applied) dominates
    ML_ENGINEER: Final = "ml-engineer"  # column B (production ML) dominates
    HYBRID: Final = "hybrid"
    NONE: Final = "none"


PROFILES: Final = (Profile.AI_ENGINEER, Profile.ML_ENGINEER, Profile.HYBRID, Profile.NONE)
PROFILE_LABELS: Final = {
    Profile.AI_ENGINEER: "AI engineer",
    Profile.ML_ENGINEER: "ML engineer",
    Profile.HYBRID: "Hybrid",
    Profile.NONE: "Neither",
}

class Specialty:
    """What kind of work the candidate does now (the `specialty` column, judge/specialty.py); beside the
    profile, never instead of it. `none` exactly when the profile is `none`."""

    AI_ENGINEER: Final = "ai-engineer"  # builds products on existing models (RAG, agents, evals)
    LLM_ENGINEER: Final = "llm-engineer"  # fine-tunes, aligns and serves open models
    ML_ENGINEER: Final = "ml-engineer"  # trains and ships custom models on company data
    MLOPS: Final = "mlops"  # runs the platform others' models live on, LLMOps included
    DATA_SCIENTIST: Final = "data-scientist"  # experiments, statistics and models for decisions
    RESEARCH: Final = "research"  # academic or lab research roles
    NONE: Final = "none"


SPECIALTIES: Final = (
    Specialty.AI_ENGINEER,
    Specialty.LLM_ENGINEER,
    Specialty.ML_ENGINEER,
    Specialty.MLOPS,
    Specialty.DATA_SCIENTIST,
    Specialty.RESEARCH,
    Specialty.NONE,
)
# The specialists: called only on enough evidence of their own; the rest fall to ai-/ml-engineer.
SPECIALISTS: Final = (Specialty.LLM_ENGINEER, Specialty.MLOPS, Specialty.DATA_SCIENTIST, Specialty.RESEARCH)

# The evidence columns that can carry a profile, and the profile each one calls.
COLUMN_A: Final = "A"  # LLM-applied
COLUMN_B: Final = "B"  # production ML
COLUMN_N: Final = "N"  # neutral: weighs nothing
COLUMN_PROFILE: Final = {COLUMN_A: Profile.AI_ENGINEER, COLUMN_B: Profile.ML_ENGINEER}

# The target a screen ranks for when none is named (a profile file of that name must exist).
DEFAULT_ROLE: Final = Profile.AI_ENGINEER


class Decision:
    """A person's decision on a candidate (the `decision` column; the decisions table)."""

    SHORTLIST: Final = "shortlist"
    HOLD: Final = "hold"
    DECLINE: Final = "decline"


DECISIONS: Final = (Decision.SHORTLIST, Decision.HOLD, Decision.DECLINE)

# Why a person decided, as a code (free text goes beside it). Each code with the words a reviewer reads.
DECISION_REASONS: Final = {
    "strong-evidence": "Strong evidence for the role",
    "stack-match": "The stack matches the job",
    "needs-interview": "Worth an interview to settle a question",
    "needs-more-info": "Needs more information from the candidate",
    "experience-short": "Not enough relevant experience",
    "stack-mismatch": "The stack does not match the job",
    "evidence-weak": "Claims without evidence in the resume",
    "location-or-eligibility": "Location, eligibility or availability",
    "withdrew": "The candidate withdrew",
    "other": "Other (see the note)",
}
