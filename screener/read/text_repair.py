"""Text repair for one line: ligatures, mojibake, control codes, icons, dashes and spaces."""

from __future__ import annotations

import re
import unicodedata

_CID = re.compile(r"\(cid:\d+\)")
_PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff\ufffd\ufffe\u200b-\u200f\u2060\ufeff]")
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}"
)
_SOFT_HYPHEN_MID = re.compile(r"(?<=\w)\u00ad(?=\w)")
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "–", "\u2015": "–", "\u2212": "-"})
_BULLET = re.compile(r"^\s*([•▪➤\-*◦●■□►▸‣⁃∙·○◆◇✓✔→»–—➢❖♦⦿⚬⬤▶]|\d{1,2}[.)](?=\s))\s*")
_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+")


_LOST_FULLWIDTH = re.compile(r"\s*ï\s?¼\s*")
_CP1252_TAIL = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_LOST_QUOTE = re.compile(f"â€(?![{_CP1252_TAIL}])")
_LOST_NBSP = re.compile(r"Â(?=[\s\u00a0]|$)")


def fix_mojibake(text: str) -> str:
    """'Jan 2019 â€“ Present' -> 'Jan 2019 – Present': UTF-8 bytes once read as cp1252."""
    if "Ã" not in text and "â" not in text and "Â" not in text and "ï" not in text:
        return text

    def repair(m: re.Match[str]) -> str:
        chunk = m.group(0)
        try:
            return chunk.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return chunk

    fixed = _MOJIBAKE.sub(repair, text)
    # A fullwidth form whose last byte cp1252 cannot hold (0x8D: "－") leaves a bare "ï¼":
    # in LiveCareer's exports it is the dash between dates or between company and city.
    fixed = _LOST_FULLWIDTH.sub(" – ", fixed)
    # "”" is E2 80 9D; 0x9D has no cp1252 character, so only "â€" survives.
    fixed = _LOST_QUOTE.sub("\u201d", fixed)
    return _LOST_NBSP.sub(" ", fixed).rstrip()


# TeX fonts without a ToUnicode map leave ligatures as control codes (OT1 and T1 slots).
_TEX_LIGATURES = str.maketrans(
    {
        "\x0b": "ff",
        "\x0c": "fi",
        "\x0d": "fl",
        "\x0e": "ffi",
        "\x0f": "ffl",
        "\x1b": "fi",
        "\x1c": "fi",
        "\x1d": "fl",
        "\x1e": "fl",
        "\x1f": "ffl",
    }
)
_CONTROL = re.compile("[\x00-\x08\x10-\x1a\x7f-\x9f]")


# Anything the repairs below act on; a line without any (most lines) only needs its spaces.
_NEEDS_REPAIR = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u00c2\u00c3\u00e2\u00ef\u2010-\u2012\u2015\u2212" + _PRIVATE.pattern[1:-1] + "]|\\(cid:"
)


def clean_text(text: str) -> str:
    if text.isascii() and text.isprintable() and "(cid:" not in text:
        # Most lines: printable ASCII needs no repair and is NFKC already; its only space is " ".
        return text.strip() if "  " not in text else _SPACES.sub(" ", text).strip()
    if not _NEEDS_REPAIR.search(text) and unicodedata.is_normalized("NFKC", text):
        return _SPACES.sub(" ", text).strip()
    text = _CONTROL.sub("", text.translate(_TEX_LIGATURES))
    text = fix_mojibake(text)
    text = _CID.sub("", text)
    # LuaTeX fonts map the hyphen glyph to U+00AD (and some producers to U+FFFE): inside a line
    # it is a real hyphen ("high-impact"); at a line end, join_hyphenated decides.
    text = text.replace("\ufffe", "\u00ad")
    text = _SOFT_HYPHEN_MID.sub("-", text)
    text = text.replace(" \u00ad ", " – ")  # awesome-cv's date dash: "Sep. 2023 – Mar. 2024"
    if text.endswith("\u00ad"):
        text = text[:-1] + "-"
    text = text.replace("\u00ad", "")
    text = unicodedata.normalize("NFKC", text)
    text = _PRIVATE.sub("", text).translate(_HYPHENS)
    return _SPACES.sub(" ", text).strip()


def split_bullet(text: str) -> tuple[str, bool]:
    """The text without its opening bullet glyph, and whether it had one."""
    m = _BULLET.match(text)
    if m and len(text) > m.end():
        symbol = m.group(1)
        # "- item" is a bullet; "-5%" and "2021-2023" are not; glyph bullets always are.
        if symbol not in "-–—*" and not symbol[0].isdigit() or m.group(0)[-1:].isspace():
            return text[m.end() :], True
    return text, False
