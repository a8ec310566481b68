"""Lines -> the candidate's name, email, phone, links, location and headline.

The name is usually the largest text near the top, but the first line often is
not the name ("Last updated...", "Curriculum Vitae", an address, a keyword
banner), so candidates are scored and anything that is an email, a link, a
section word or a job title is refused.
"""

from __future__ import annotations

import re
import unicodedata

from screener.model import Contact, Line
from screener.parse.date_lines import LARGER_TYPE
from screener.parse.location import find_location, is_address
from screener.parse.sections import body_size, heading_key
from screener.parse.words import alternation, literals, words
from screener.phrase_finder import Finder

# Where the name is sought: near the top of page 1 (page 2 when page 1 is only a sidebar).
NAME_SCAN_LINES = 60  # the document's first lines looked at
NAME_CANDIDATES = 45  # ... of which at most this many, after known content lines are left out
NAME_MAX_PAGE = 2
LATER_PAGE_RANK = 10  # a candidate on page 2 ranks as if this many lines further down
# What a name looks like.
NAME_MIN_WORDS, NAME_MAX_WORDS = 2, 5
NAME_WORD_MAX_CHARS = 20  # longer "words" are URLs, handles or run-together text
CJK_NAME_MAX_CHARS = 8  # Chinese, Japanese and Korean names are short and unspaced
# How much a candidate looks like the name: size dominates (the name is the largest text near the
# top), position breaks ties, bold and a "Name:" label help.
NAME_BASE_SCORE = 1.0
NAME_SIZE_WEIGHT = 3.0  # times the line's size over the largest size near the top
NAME_RANK_PENALTY = 0.03  # per line further down
NAME_BOLD_BONUS = 0.2
NAME_LABEL_BONUS = 1.0
# Said in the notes when no line reads as the name: the name is left empty, never a heading.
NAME_NOT_FOUND = "name not found (no line near the top reads as a person's name)"
PHONE_MIN_DIGITS = 7  # fewer digits on a line: no phone number, skip the costly parser
CONTACT_FALLBACK_LINES = 25  # without a header block, contact details are sought in the first lines
HEADLINE_MAX_WORDS = 8  # the line under the name is a headline when short ...
HEADLINE_DIGIT_LIMIT = 4  # ... and not an address or a phone number (fewer digits than this)

EMAIL = re.compile(r"(?<![\w.+-])([A-Za-z0-9][\w.+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})(?![\w-])")
_URL = re.compile(
    r"(?i)\b((?:https?://)?(?:www\.)?(?:linkedin\.com/in/[\w%-]+|github\.com/[\w-]+|gitlab\.com/[\w-]+"
    r"|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|io|dev|me|net|org|ai|co|app|page|site|xyz|tech|info|br|ar|de|uk|in)"
    r"(?:/[\w./%-]*)?))"
)
# The words (job and document words, credentials, labels...) are data: skill_taxonomy/words.csv.
_TITLE_WORDS = Finder.of(re.compile(rf"(?i)\b({alternation('not-a-name')})\b"), literals("not-a-name"))
_CREDENTIALS = re.compile(rf",?\s+\b({alternation('credential')})$", re.I)
_HONORIFIC = re.compile(rf"^({alternation('honorific')})\.?\s+", re.I)
# "Name: Jane Doe", "PERSONAL INFORMATION  Jane Doe", "氏名: 山田 太郎": a label, then the name.
_LABEL = re.compile(
    rf"(?i)^(?:.*?\s)?(?:(?:{alternation('name-label', 'name-label-inline')})\s*[:：\t]"
    rf"|(?:{alternation('personal-label')})[:：\t ])\s*(?=\S)"
)
_LABEL_ONLY = re.compile(rf"(?i)^({alternation('name-label', 'personal-label', 'contact-label')})\s*[:：]?$")
_CV_WORDS = re.compile(rf"(?i)\s*\b({alternation('cv-word')})\b\s*$")
_NAME_PARTICLES = frozenset(words("name-particle"))  # "da Silva", "van Dijk": lower-case inside a name


def normalise_name(text: str) -> str:
    text = _LABEL.sub("", text.strip())
    text = _CV_WORDS.sub("", text)
    text = _HONORIFIC.sub("", text)
    text = _CREDENTIALS.sub("", text).strip(" ,|·-–")
    text = re.sub(r"\s+", " ", text)
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters if c.isascii() or c.lower() != c):
        text = " ".join(_cap(w) for w in text.split(" "))
    return text


def _cap(word: str) -> str:
    # "JOHN-PAUL" -> "John-Paul", "O'NEIL" -> "O'Neil"
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[0].upper() + m.group(0)[1:].lower(), word)


def _is_cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(c) in "WF" and c.isalpha() for c in text)


def name_score(line: Line, part: str, rank: int, max_size: float, headings: dict[str, str]) -> float:
    """How much a piece of a line looks like the candidate's name (<= 0: not a name)."""
    # The piece's own tests first: most pieces fail one, and normalising costs five substitutions.
    if any(ch.isdigit() for ch in part) or _LABEL_ONLY.match(part.strip()) or EMAIL.search(part) or _URL.search(part):
        return 0.0
    text = normalise_name(part)
    if not text:
        return 0.0
    if heading_key(text) in headings or _TITLE_WORDS.search(text) and not _LABEL.match(part):
        return 0.0
    words = text.split()
    if _is_cjk(text):
        if len(text.replace(" ", "")) > CJK_NAME_MAX_CHARS:
            return 0.0
    elif not NAME_MIN_WORDS <= len(words) <= NAME_MAX_WORDS or any(len(w) > NAME_WORD_MAX_CHARS for w in words):
        return 0.0
    if "_" in text or "/" in text:
        return 0.0
    if not _is_cjk(text) and not all(
        w[0].isupper()
        or w.lower() in _NAME_PARTICLES
        or not w[0].isalpha()
        for w in words
    ):
        return 0.0
    score = NAME_BASE_SCORE + NAME_SIZE_WEIGHT * (line.size / max_size if max_size else 0) - NAME_RANK_PENALTY * rank
    if line.bold:
        score += NAME_BOLD_BONUS
    return score


def find_name(
    lines: list[Line], headings: dict[str, str], exclude: set[int] | None = None, larger_than: float = 0.0
) -> tuple[str, int]:
    """The name and its line number, looking at the first lines of the first page.

    `exclude` holds lines already known to be inside content sections (a skills list
    or a job title is never the name); with `larger_than`, only lines set larger than
    that (or with a "Name:" label) are looked at.
    """
    skip = exclude or set()
    top = [
        ln for ln in lines[:NAME_SCAN_LINES]
        if ln.page <= NAME_MAX_PAGE and ln.number not in skip and (ln.size > larger_than or _LABEL.match(ln.text))
    ]
    top = top[:NAME_CANDIDATES]
    if not top:
        return "", 0
    max_size = max(ln.size for ln in top)
    best: tuple[float, str, int] = (0.0, "", 0)
    for rank, ln in enumerate(top):
        parts = [p for p in re.split(r"\t|\s+[|•·]\s+|\s+[–—]\s+", ln.text) if p.strip()]
        for part in parts:
            label = _LABEL.match(part)
            value = part[label.end() :] if label else part
            s = name_score(ln, value, rank + (LATER_PAGE_RANK if ln.page > 1 else 0), max_size, headings)
            if label and s > 0:
                s += NAME_LABEL_BONUS
            if s > best[0]:
                best = (s, normalise_name(value), ln.number)
    return best[1], best[2]


def find_email(lines: list[Line]) -> tuple[str, int]:
    for ln in lines:
        m = EMAIL.search(ln.text.replace("mailto:", " "))
        if m:
            return m.group(1).lower().strip("."), ln.number
    for ln in lines:
        # Letter-spaced sidebars: "j o hn.do e@ema il.co m".
        if "@" in ln.text:
            m = EMAIL.search(ln.text.replace(" ", ""))
            if m:
                return m.group(1).lower().strip("."), ln.number
    return "", 0


def find_phone(lines: list[Line], region: str = "US") -> tuple[str, int]:
    import phonenumbers

    for ln in lines:
        text = ln.text
        if sum(ch.isdigit() for ch in text) < PHONE_MIN_DIGITS:
            continue
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE):
            number = match.number
            # A date range or a year list is not a phone number.
            raw = match.raw_string
            if re.fullmatch(r"[\d\s./–-]+", raw) and re.search(r"(19|20)\d\d\s*[–-]\s*(19|20)\d\d", raw):
                continue
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), ln.number
    return "", 0


def find_links(lines: list[Line]) -> tuple[list[str], list[int]]:
    links: list[str] = []
    used: list[int] = []
    for ln in lines:
        text = EMAIL.sub(" ", ln.text)
        for m in _URL.finditer(text):
            url = m.group(1).rstrip("./")
            low = url.lower()
            if not low.startswith("http"):
                url = "https://" + url
            url = re.sub(r"(?i)^https?://(www\.)?", "https://", url)
            if url.lower() not in (u.lower() for u in links):
                links.append(url)
                used.append(ln.number)
    return links, used


def find_contact(
    lines: list[Line], headings: dict[str, str], contact_lines: list[Line], name: str = "", name_line: int = 0
) -> Contact:
    """`contact_lines` are the header block plus any contact/sidebar section lines.

    `name`, `name_line`: the name `find_name` found outside content sections, if any. Without one
    the name is sought over every line (a sidebar read first can put it inside a section), but only
    among lines set larger than the body text (or labelled "Name:"): at body size, such a line is
    a heading, a skill or a template's placeholder ("City , State", "Company Name"), and an
    anonymised resume that prints no name keeps an empty one."""
    if not name_line:
        name, name_line = find_name(lines, headings, larger_than=body_size(lines) + LARGER_TYPE)
    scope = contact_lines or lines[:CONTACT_FALLBACK_LINES]
    email, email_line = find_email(scope)
    if not email:
        email, email_line = find_email(lines)
    phone, phone_line = find_phone(scope)
    links, link_lines = find_links(scope)
    headline = ""
    for ln in lines:
        if ln.number == name_line + 1 and name_line:
            text = ln.text.split("\t")[0].strip()
            if (
                text
                and not EMAIL.search(text)
                and not _URL.search(text)
                and len(text.split()) <= HEADLINE_MAX_WORDS
                and heading_key(text) not in headings
                and sum(ch.isdigit() for ch in text) < HEADLINE_DIGIT_LIMIT
                and not is_address(text)
            ):
                headline = text
            break
    headline_line = name_line + 1 if headline else 0
    location = find_location(scope, {n for n in (name_line, headline_line) if n})
    used = [n for n in (name_line, email_line, phone_line, *link_lines) if n]
    return Contact(
        name=name,
        email=email,
        phone=phone,
        links=links,
        location=location,
        headline=headline,
        name_line=name_line,
        lines=sorted(set(used)),
    )


def fill_from_links(contact: Contact, uris: list[str]) -> list[str]:
    """Email, phone and profile links the page's clickable links give, where the text gave none.

    For templates whose contact line is icons and glyphs without Unicode (read/pdf_links.py). Only
    what is missing is filled; what the text says always wins. Returns what was filled, for the notes.
    """
    filled: list[str] = []
    if not contact.email:
        email = next((m.group(1).lower() for u in uris if u.lower().startswith("mailto:")
                      for m in [EMAIL.search(u[len("mailto:"):])] if m), "")
        if email:
            contact.email = email
            filled.append("email")
    if not contact.phone:
        tel = next((u[len("tel:"):] for u in uris if u.lower().startswith("tel:")), "")
        phone = find_phone([Line(tel, 1, 0, 0, 0, 0, 0, False, number=0)])[0] if tel else ""
        if phone:
            contact.phone = phone
            filled.append("phone")
    if not contact.links:
        web = [Line(u, 1, 0, 0, 0, 0, 0, False) for u in uris if not u.lower().startswith(("mailto:", "tel:"))]
        contact.links = find_links(web)[0]
        if contact.links:
            filled.append("links")
    return filled
