"""Roles and sections -> a `parse-incomplete` flag when the structure looks misread.

No penalty: the flag only asks a person to check the resume by eye, so that a strong candidate whose
layout was misread does not sink silently. Raised when dated lines are present but no dated work
role was found, when a work heading holds no dated role, or when an unrecognised section is very long.
"""

from __future__ import annotations

import re

from screener.codes import FlagCode
from screener.model import Flag, Role, Section
from screener.parse.dates import find_date_ranges

# Work headings that should hold dated roles ("Research" often lists projects or papers, undated).
WORK_KINDS = {"experience", "internships"}
OTHER_MAX_LINES = 40  # an unrecognised section this long probably swallowed several real ones
# "Month 20XX", "2019 – 20XX": a template's placeholder dates are dated lines too.
_PLACEHOLDER_DATE = re.compile(r"\b(?:19|20)(?:\d\d|[Xx]{2})\b")


def parse_incomplete(sections: list[Section], roles: list[Role]) -> Flag | None:
    dated_work = [r for r in roles if r.kind == "work" and r.dates is not None]  # from any work-like section
    for sec in sections:
        if sec.kind in WORK_KINDS and sec.heading and not any(r.section == sec.kind for r in dated_work):
            return _flag(f"the work heading '{sec.heading}' holds no dated role", sec)
    if not dated_work:
        dated = [
            ln for sec in sections if sec.kind != "education" for ln in sec.lines
            if any(not r.single for r in find_date_ranges(ln.text))
        ]
        if dated:
            return _flag("dated lines are present but no role was found", None, dated[0].number, dated[0].text)
    for sec in sections:
        if sec.kind == "other" and len(sec.lines) > OTHER_MAX_LINES:
            return _flag(f"the section '{sec.heading}' is {len(sec.lines)} lines long and was not recognised", sec)
    return None


def _flag(why: str, sec: Section | None, line: int = 0, text: str = "") -> Flag:
    if sec is not None:
        line, text = sec.heading_line, sec.heading
    return Flag(
        FlagCode.PARSE_INCOMPLETE,
        f"the parse looks incomplete ({why}): check this resume by eye",
        [line] if line else [],
        [text] if text else [],
    )
