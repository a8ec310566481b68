"""A JD's lines -> `JobLine`s: which section each stands in and what that section asks of a candidate.

A heading is a short line whose folded text is in skill_taxonomy/job/headings.csv, alone
("Requirements:", "## Nice to have") or opening a line ("Must have: Python, LangChain..."). Lines
above the first heading are the intro; a JD with no heading at all is read as one list of
requirements, since that is how such a posting is read.
"""

from __future__ import annotations

import re

from screener.job.model import JobLine
from screener.job.rules import JobRules, fold_heading
from screener.job.source import SourceLine

MAX_HEADING_WORDS = 6  # longer lines are sentences, even when they start like a heading
_BULLET = re.compile(r"^\s*(?:[-*•·▪‣◦]|\d+[.)])\s+")
_TITLE_KEY = re.compile(r"^\s*(?:job\s+)?title\s*:\s*", re.I)


def clean(text: str) -> str:
    """A line without its bullet, Markdown emphasis and heading marks."""
    text = _BULLET.sub("", text)
    text = re.sub(r"^#+\s*", "", text)
    return text.replace("**", "").replace("__", "").strip()


def heading_kind(text: str, rules: JobRules) -> tuple[str, str, str] | None:
    """(kind, heading, rest) when the line is a heading or opens with one, else None."""
    plain = clean(text)
    folded = fold_heading(plain)
    if folded in rules.headings and len(folded.split()) <= MAX_HEADING_WORDS:
        return rules.headings[folded], plain.rstrip(":").strip(), ""
    head, colon, rest = plain.partition(":")
    if colon and rest.strip() and fold_heading(head) in rules.headings and len(head.split()) <= MAX_HEADING_WORDS:
        return rules.headings[fold_heading(head)], head.strip(), rest.strip()
    return None


def title_of(lines: list[SourceLine]) -> str:
    """The JD's title: a 'Title:' line, else its first non-empty line."""
    for ln in lines:
        if _TITLE_KEY.match(ln.text):
            return clean(_TITLE_KEY.sub("", ln.text))
    return next((clean(ln.text) for ln in lines if ln.text.strip()), "")


def job_lines(lines: list[SourceLine], rules: JobRules) -> list[JobLine]:
    """Numbered (from 1, every source line counted), blank lines and headings left out."""
    heads = [heading_kind(ln.text, rules) for ln in lines]
    structured = any(h is not None for h in heads)
    out: list[JobLine] = []
    section, kind = "", "intro" if structured else "must"
    for number, (ln, head) in enumerate(zip(lines, heads, strict=True), start=1):
        if head is not None:
            kind, section, rest = head
            if rest:
                out.append(JobLine(number, rest, section, kind, ln.bold))
            continue
        text = clean(ln.text)
        if text:
            out.append(JobLine(number, text, section, kind, ln.bold))
    return out
