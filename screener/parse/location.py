"""A header's "Town, Region" as the candidate's location, when it is one.

"Town, XX" is also how a headline reads ("Staff Engineer, ML"), a role line ("Senior AI Engineer,
Parcel Loop"), a street ("Main St, Anywhere"), a school ("Lakeland College Kirtland, OH") or a template's
placeholder ("City , State"). So the name and headline lines are never read for it, a location is a
field of its own (a whole line, or a part of one between separators: "a@b.com | Leeds, UK"), a town is
one to three capitalised words, and a match is no location when a word of it is a job word, an
organisation word, a degree (a listed credential, or initials such as 'B.S.') or one of
`not-a-place`, when the town ends in a street word, when a word is in CamelCase (a product:
"LangGraph, LangChain"), or when it is a placeholder
(skill_taxonomy/words.csv). An empty location is better than a job title shown as a town.
"""

from __future__ import annotations

import re

from screener.model import Line
from screener.parse.words import alternation, pattern, words

_UPPER = "A-ZÀ-ÖØ-Þ"
_WORD = rf"[{_UPPER}](?:[^\W\d_]|[.'-])*"
_TOWN = rf"{_WORD}(?: {_WORD}){{0,2}}"
_REGION = rf"(?:[A-Z]{{2}}|{_WORD}(?: {_WORD})?)"
# A location is a field of its own: a whole header line or a part between separators ("a@b.c | Leeds, UK"),
# maybe labelled, maybe followed by a postcode or a country; inside prose "X, Y" is a list ("Python, Java").
_SEPARATOR = r"[|•·\t;]|\s[-–—/]\s"
# An email, a web address or a phone number between fields, as icon-led headers print them with no separator
_CONTACT_TOKEN = r"\S+@\S+|(?:https?://|www\.)\S+|\S+\.(?:com|org|net|io|dev|me)(?:/\S*)?|\+?\d[\d ().-]{6,}\d"
_FIELDS = re.compile(rf"\s*(?:{_SEPARATOR}|{_CONTACT_TOKEN})\s*")
_LABEL = re.compile(r"^(?:[A-Za-z]+\s*){1,2}:\s*")
# A street address before the town ("555 La Verne Way, La Verne, CA"): the town and region are the location
_STREET = re.compile(rf"(?i)^\d+[a-z]?\s+[^,]*\b(?:{alternation('street-word')})\.?\s*,\s*")
_LEAD = re.compile(r"^(?:[^\sA-Za-zÀ-ÿ]+\s+)+")  # an icon read as a glyph ("1⁄2 Bremen, Germany")
_POSTCODE = r"(?:\s+[A-Z0-9]{3,5}(?:[- ][A-Z0-9]{3,4})?)?"
_COUNTRY = rf"(?:,\s*{_WORD}(?: (?:{_WORD}|of|and|the)){{0,3}})?"
_LOCATION = re.compile(rf"({_TOWN})\s*,\s*({_REGION}){_POSTCODE}{_COUNTRY}{_POSTCODE}"
                       r"(?:\s*\([^()]{1,30}\))?\.?")  # "Seattle, WA (remote)"
_INITIALS = re.compile(r"\b[A-Z]\.[A-Z]\.")  # a degree ("B.S. Statistics, Texas A&M"), not a town
_CAMEL = re.compile(r"[a-z][A-Z]")  # a region in CamelCase is a product name ("LangGraph, LangChain")
_PLACEHOLDERS = frozenset(words("place-placeholder"))
# not-a-name's words but "city" ("Kansas City, MO"; the placeholder "City , State" is caught as one)
_NOT_A_PLACE = re.compile(r"(?i)\b(?:" + "|".join(
    [alternation("job-word", "org-word", "credential", "not-a-place")]
    + [pattern(w) for w in words("not-a-name") if w not in _PLACEHOLDERS]) + r")\b")
_STREET_END = re.compile(rf"(?i)\b(?:{alternation('street-word')})\.?$")


def is_address(text: str) -> bool:
    """A street address ("555 La Verne Way, La Verne, CA"): never a headline."""
    return _STREET.match(text) is not None


def is_place(town: str, region: str) -> bool:
    words_of = town if len(region) == 2 else f"{town} {region}"  # "CO" is Colorado, not a company
    if _NOT_A_PLACE.search(words_of) or _STREET_END.search(town):
        return False
    if _CAMEL.search(f"{town} {region}") or _INITIALS.search(town):
        return False
    return town.lower() not in _PLACEHOLDERS and region.lower() not in _PLACEHOLDERS


def find_location(lines: list[Line], skip: set[int]) -> str:
    """The first "Town, Region" of `lines` (line numbers in `skip` left out: the name, the headline)."""
    for ln in lines:
        if ln.number in skip:
            continue
        for field in _FIELDS.split(ln.text):
            m = _LOCATION.fullmatch(_LEAD.sub("", _STREET.sub("", _LABEL.sub("", field.strip()))))
            if m and is_place(m.group(1), m.group(2)):
                return f"{m.group(1)}, {m.group(2)}"
    return ""
