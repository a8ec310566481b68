"""`screen_file(path, screen) -> Screening`: the one entry point for one resume.

`screen` is a `settings.Screen`: the Settings (what was asked) and this process's Runtime.

The runner, `explain`, the tests and the benchmark all call this. It never
raises for a bad file: the Screening's status says what went wrong.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path

from screener.codes import COLUMN_A, FlagCode, Profile, Status
from screener.judge import evidence as evidence_mod
from screener.judge import flags as flags_mod
from screener.judge import notes as notes_mod
from screener.judge import profile as profile_mod
from screener.judge import score as score_mod
from screener.judge import specialty as specialty_mod
from screener.judge import tenure as tenure_mod
from screener.judge.signals import search
from screener.model import Document, Flag, Screening, month_index
from screener.parse import contact as contact_mod
from screener.parse import fallback as fallback_mod
from screener.parse import roles as roles_mod
from screener.parse import sections as sections_mod
from screener.read import ExtractError, read_bytes, read_file
from screener.settings import Runtime, Screen, Settings, SpacyModelError, load_spacy_model
from screener.taxonomy import Taxonomy

__all__ = [
    "STAGES",
    "Runtime",
    "SpacyModelError",
    "load_spacy_model",
    "Screen",
    "Settings",
    "finish",
    "judge",
    "read_document",
    "read_document_bytes",
    "screen_bytes",
    "screen_file",
]

STAGES = ("extract", "sections", "matching", "judgement")  # extract: the reader, its layout included
# The score part whose points say the resume shows LLM evals (the notes then do not ask for them).
EVALS_PART = "evals"
TEXT_LAYER = "text-layer"  # Document.source of a PDF read from its text (see screener.model.Document)


def file_sha256(path: Path) -> str:
    """The file's hash, or '' when it cannot be had at once: never blocks on a FIFO or a device, never
    reads a file over the size limit (read.base.MAX_BYTES)."""
    from screener.read.base import MAX_BYTES

    h = hashlib.sha256()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
                return ""
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return ""
    return h.hexdigest()


def resume_date(metadata_date: str | None, as_of: str) -> tuple[str, str]:
    """The resume's own date: its PDF metadata date unless that is after --as-of."""
    if metadata_date and metadata_date <= as_of:
        return metadata_date, "PDF metadata (modification, else creation, date)"
    if metadata_date:
        return as_of, f"--as-of (the PDF's date {metadata_date} is later than --as-of)"
    return as_of, "--as-of (the PDF carries no date)"


def _tick(screen: Screen, stage: str, start: float) -> float:
    now = time.perf_counter()
    timings = screen.runtime.timings
    if timings is not None:
        timings[stage] = timings.get(stage, 0.0) + now - start
    return now


def screen_file(path: Path, screen: Screen, display_name: str | None = None) -> Screening:
    result, doc = read_document(path, screen, display_name)
    return result if doc is None else finish(result, doc, screen)


def screen_bytes(data: bytes, name: str, screen: Screen) -> Screening:
    """`screen_file` for bytes already in hand: a member of a zip or an email, named 'archive.zip/cv.pdf'."""
    result, doc = read_document_bytes(data, name, screen)
    return result if doc is None else finish(result, doc, screen)


def read_document(path: Path, screen: Screen, display_name: str | None = None) -> tuple[Screening, Document | None]:
    """Read, hash, extract and lay out one file: the stages that need no spaCy.

    The Document is None when the file cannot be read; the Screening then says why.
    """
    t = time.perf_counter()
    try:
        # Read once: the bytes hashed are the bytes parsed, even if the file changes meanwhile.
        data = read_file(path)
    except Exception as exc:  # noqa: BLE001 - ExtractError (empty, too large, unreadable) or worse: one file's
        result = _blank(display_name or str(path), screen)
        result.status, result.reason = _failure(exc)
        result.sha256 = file_sha256(path)  # too large to read whole, or unreadable ("")
        return result, None
    return read_document_bytes(data, display_name or str(path), screen, t)


def read_document_bytes(
    data: bytes, name: str, screen: Screen, started: float | None = None
) -> tuple[Screening, Document | None]:
    """`read_document` for bytes already in hand; `name` is the row's name (its extension is checked)."""
    result = _blank(name, screen)
    t = started or time.perf_counter()
    result.sha256 = hashlib.sha256(data).hexdigest()
    try:
        doc = read_bytes(data, name, screen.settings.engine)  # sniff, then the reader for that kind (layout included)
    except Exception as exc:  # noqa: BLE001 - a parser bug must cost one file, not the batch
        result.status, result.reason = _failure(exc)
        return result, None
    _tick(screen, "extract", t)
    return result, doc


def _blank(name: str, screen: Screen) -> Screening:
    return Screening(file=name, sha256="", status=Status.OK, role_target=screen.settings.role,
                     taxonomy_version=screen.settings.taxonomy_version)


def _failure(exc: Exception) -> tuple[str, str]:
    if isinstance(exc, ExtractError):
        return exc.status, exc.reason
    return Status.ERROR, f"unexpected {type(exc).__name__} while reading: {exc}"[:300]


def finish(result: Screening, doc: Document, screen: Screen) -> Screening:
    """Judge a laid-out Document (from `read_document`), filling and returning `result`."""
    try:
        judge(doc, result, screen)
    except Exception as exc:  # noqa: BLE001
        result.status, result.reason = Status.ERROR, f"unexpected {type(exc).__name__}: {exc}"[:300]
    return result


def judge(doc: Document, result: Screening, screen: Screen, t: float | None = None) -> None:
    """Everything after layout, filling `result` in place."""
    t = t or time.perf_counter()
    tax = screen.runtime.taxonomy
    target = screen.target  # an unknown role fails here, before any work
    result.document = doc
    result.reader, result.source, result.ocr_confidence = doc.reader, doc.source, doc.ocr_confidence
    result.read_notes = list(doc.notes)
    result.resume_date, result.resume_date_source = resume_date(doc.metadata_date, screen.settings.as_of)
    present = month_index(int(result.resume_date[:4]), int(result.resume_date[5:7]))
    if not doc.lines:
        _no_text(doc, result)
        return
    _structure(doc, result, tax, present)
    t = _tick(screen, "sections", t)
    skip = {result.contact.name_line, *result.contact.lines} - {0}
    result.mentions = screen.runtime.matcher.find(doc.lines, result.sections, result.roles, skip)
    t = _tick(screen, "matching", t)
    rules = tax.rules
    result.evidence = evidence_mod.weigh(result.mentions, result.roles, present, rules.evidence)
    result.column_a, result.column_b = evidence_mod.column_totals(result.evidence)
    result.column_a_share = profile_mod.column_share(result.column_a, result.column_b)
    result.profile, result.profile_reason = profile_mod.call_profile(result.column_a, result.column_b, rules.profile)
    heavier = "B" if result.column_b > result.column_a else COLUMN_A
    call = specialty_mod.call_specialty(result.profile, heavier, result.roles, result.mentions, doc.lines,
                                        result.contact.headline, present,
                                        specialty_mod.specialty_rules(str(tax.path)))
    result.specialty, result.specialty_reason, result.specialty_votes = call.specialty, call.reason, list(call.votes)
    result.total_experience_months = tenure_mod.total_experience(result.roles, present)
    result.llm_tenure_months, result.tenure_parts = tenure_mod.llm_tenure(
        result.roles, result.mentions, tax, present, rules.tenure.llm_floor
    )
    facts = flags_mod.Facts(
        document=doc,
        sections=result.sections,
        roles=result.roles,
        mentions=result.mentions,
        evidence=result.evidence,
        profile=result.profile,
        specialty=result.specialty,
        llm_months=result.llm_tenure_months,
        tenure_parts=result.tenure_parts,
        present=present,
        headline=result.contact.headline,
        taxonomy=tax,
        rules=rules,
    )
    result.latest_title = flags_mod.current_title(result.roles, present, result.contact.headline)[0]
    result.flags = flags_mod.raise_flags(facts)
    result.fit_score, result.score_parts = score_mod.fit_score(facts, result.flags, target)
    result.notes = _with_read_notes(_notes(result, facts), result)
    _tick(screen, "judgement", t)


def _no_text(doc: Document, result: Screening) -> None:
    result.status = Status.NO_TEXT
    result.reason = (
        "the PDF has no extractable text (scanned or image-only)" if doc.has_images else "the PDF has no visible text"
    )
    result.flags = [Flag(FlagCode.NO_TEXT_LAYER, result.reason)]
    if doc.hidden:
        result.flags.append(
            Flag(
                FlagCode.HIDDEN_TEXT,
                "all of its text is invisible to a reader",
                quote=[h.text[:300] for h in doc.hidden],
            )
        )


def _structure(doc: Document, result: Screening, tax: Taxonomy, present: int) -> None:
    """Sections, contact details and roles."""
    # Sections first without the name, so that the name is never sought inside a skills
    # list or a job entry; then again, so that the name line is never taken for a heading.
    rough = sections_mod.find_sections(doc.lines, tax.headings)
    inside = {ln.number for s in rough if s.kind not in ("header", "contact", "other") for ln in s.lines}
    inside |= {s.heading_line for s in rough}
    name, name_line = contact_mod.find_name(doc.lines, tax.headings, inside)
    result.sections = sections_mod.with_name_line(rough, doc.lines, tax.headings, name_line)
    contact_lines = [ln for s in result.sections if s.kind in ("header", "contact") for ln in s.lines]
    contact_lines += doc.furniture  # a footer repeated on every page often holds the contact details
    result.contact = contact_mod.find_contact(doc.lines, tax.headings, contact_lines, name, name_line)
    filled = contact_mod.fill_from_links(result.contact, doc.links)
    if filled:
        result.read_notes.append(f"{' and '.join(filled)} taken from the page's links (the printed text has none)")
    if not result.contact.name:
        result.read_notes.append(contact_mod.NAME_NOT_FOUND)
    body = sections_mod.body_size(doc.lines)
    result.sections = fallback_mod.read_dated_blocks(result.sections, tax.headings)
    result.roles = roles_mod.parse_roles(result.sections, body)
    roles_mod.drop_name_titles(result.roles, result.contact.name)
    roles_mod.note_problems(result.roles, present)
    roles_mod.mark_academic(result.roles, tax.signals.get("academic-title", ()), tax.signals.get("academic-org", ()))


# Said after the judgement's own notes: a recruiter must know the text was guessed from pixels.
OCR_NOTE = "Read by OCR (mean confidence {:.0%}): check names, dates and numbers against the original."


def _with_read_notes(notes: str, result: Screening) -> str:
    """The notes, plus how the file was read when that should change how much a reader trusts them."""
    extra = []
    if result.source == "ocr":
        extra.append(OCR_NOTE.format(result.ocr_confidence or 0.0))
    extra += [n[0].upper() + n[1:] + "." for n in result.read_notes if n and n != "read by OCR"]
    return " ".join([notes, *extra]) if extra else notes


def _notes(result: Screening, facts: flags_mod.Facts) -> str:
    tax = facts.taxonomy
    production = tax.signals.get("production", ())
    llm_lines = [ln.text for i in flags_mod.llm_roles(facts) for ln in result.roles[i].lines]
    shipped = any(search(production, t) for t in llm_lines)
    if result.profile == Profile.ML_ENGINEER:
        shipped = any(search(production, ln.text) for r in result.roles for ln in r.lines)
    has_evals = any(p.name == EVALS_PART and p.points > 0 for p in result.score_parts) or any(
        "eval" in e.item_id for e in result.evidence if e.column == COLUMN_A
    )
    return notes_mod.write_notes(
        result.profile,
        result.evidence,
        result.llm_tenure_months,
        result.total_experience_months,
        shipped,
        result.flags,
        facts.rules,
        has_evals,
    )
