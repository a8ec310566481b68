"""Years of experience asked for, with what they are of: "5+ years of production ML", "at least
three years", "3-5 yrs", "2 years with LLMs in production", "18+ months of GenAI".

The number (digits or words, a range, a "+", "at least", "minimum of", "or more") gives the
minimum and maximum months; the words after it (up to the end of the clause) say what of, and
skill_taxonomy/job/years.csv turns them into a kind: LLM-applied, production ML, a named tool, or
software experience. When the words after it say nothing ("at least three years of experience"),
the rest of the line is read for them. Years of anything else are software experience.
"""

from __future__ import annotations

import re

from screener.job.model import Importance, JobLine, YearsRequirement
from screener.job.requirements import BASE_IMPORTANCE, Found, base_importance, clause_importance
from screener.job.rules import JobRules

MONTHS_PER_YEAR = 12
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18, "twenty": 20, "twenty-four": 24}
_NUM = r"(\d+(?:\.\d+)?|" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")"
_UNIT = r"(years?|yrs?\.?|months?|mos?\.?)"
YEARS = re.compile(
    r"(?P<lead>\b(?:at\s+least|minimum(?:\s+of)?|min\.?|over|more\s+than|a\s+minimum\s+of)\s+)?"
    r"\b" + _NUM.replace("(", "(?P<low>", 1) + r"(?:\s*(?:-|–|—|to)\s*" + _NUM.replace("(", "(?P<high>", 1) + r")?"
    r"\s*(?P<plus>\+|\s+or\s+more)?\s*(?:\(\s*\w+\s*\)\s*)?" + _UNIT.replace("(", "(?P<unit>", 1) +
    r"(?P<more>\s+or\s+more)?(?P<after>[^.;()]*)",
    re.I,
)
_LEAD_IN = re.compile(r"^\s*(?:of|in|with|doing|building|working\s+(?:with|on)|on|as|'|’)?\s*"
                      r"(?:(?:hands-on|professional|relevant|industry|practical|real-world|proven|demonstrated)\s+)?"
                      r"(?:(?:work\s+)?experience|exp\.?)?\s*(?:of|in|with|building|doing|working\s+(?:with|on)|on|as)?\s*",
                      re.I)
_STOP = re.compile(r",|\s+(?:and|or|including|with\s+at\s+least|preferably|ideally|is|are)\s+", re.I)
MAX_OF_WORDS = 8
# Years that are not experience: "models we train on 3 years of our data", "grew 3x over the past 2 years".
_NOT_EXPERIENCE_BEFORE = re.compile(r"\b(?:on|over|past|last|within|every|after|ago|since)\s*$", re.I)
_NOT_EXPERIENCE_OF = re.compile(r"^(?:of\s+)?(?:our|their|its|ago)\b", re.I)


def _number(text: str) -> float:
    return float(WORDS.get(text.lower(), text)) if text.lower() in WORDS else float(text)


def _of(after: str) -> str:
    rest = _LEAD_IN.sub("", after, count=1).strip(" ,:")
    rest = _STOP.split(rest, maxsplit=1)[0]
    return " ".join(rest.split()[:MAX_OF_WORDS]).strip(" ,:")


def _has(phrase: str, text: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", text, re.I) is not None


def kind_of(of: str, line: str, tools: list[Found], rules: JobRules) -> tuple[str, str]:
    """(kind, tool): what the years are of, from their own words, else from the line's other words."""
    for text in (of, line):
        for kind, phrases in rules.years_kinds:
            if any(_has(p, text) for p in phrases):
                return kind, ""
        named = [f for f in tools if f.alternative.kind == "tool" and _has(line[f.start:f.end], text)]
        if named:
            return "tool", named[0].alternative.name
        if of and text is of:
            break  # the years say what they are of, in words no kind lists: software experience
    return "software", ""


def years_requirements(lines: list[JobLine], found: dict[int, list[Found]],
                       rules: JobRules) -> tuple[YearsRequirement, ...]:
    out: list[YearsRequirement] = []
    base = base_importance(lines)
    for ln in lines:
        if ln.kind not in BASE_IMPORTANCE:
            continue
        for m in YEARS.finditer(ln.text):
            if _NOT_EXPERIENCE_BEFORE.search(ln.text[:m.start()]) or _NOT_EXPERIENCE_OF.match(m.group("after").strip()):
                continue
            low = _number(m.group("low"))
            high = _number(m.group("high")) if m.group("high") else None
            per = 1 if m.group("unit").lower().startswith("mo") else MONTHS_PER_YEAR
            of = _of(m.group("after"))
            kind, tool = kind_of(of, ln.text, found.get(ln.number, []), rules)
            importance: Importance = clause_importance(ln.text, m.start(), base[ln.kind], rules)
            at = m.group("after").find(of) if of else -1
            end = m.start("after") + at + len(of) if at >= 0 else m.end("unit")
            phrase = ln.text[m.start():end]
            out.append(YearsRequirement(
                phrase=" ".join(phrase.split()), kind=kind, of=of, min_months=round(low * per),
                max_months=round(high * per) if high is not None else None, importance=importance,
                line=ln.number, text=ln.text, tool=tool,
            ))
    return tuple(out)
