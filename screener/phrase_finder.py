"""A phrase list's pattern searched only where it can match: the texts that hold no phrase are told
apart by a cheap test first (judge/signals.py, judge/grain.py and parse/roles.py search this way)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# The characters other than ASCII that re.IGNORECASE matches with an ASCII letter (İ ı ſ and the
# Kelvin sign; tests/test_signals.py finds them again): a text holding one is always searched whole.
ASCII_FOLDS = "\u0130\u0131\u017f\u212a"
_HOLDS_FOLD = re.compile(f"[{ASCII_FOLDS}]")
_ASCII_RUN = re.compile("[!-~]+")  # printable ASCII but the space


@dataclass(frozen=True)
class Finder:
    """A phrase list's pattern, searched only in texts where one of its plain phrases can be.

    Every plain phrase has an anchor: its longest run of ASCII characters other than white space,
    lower-cased (a phrase is matched as its text, its characters literal, with runs of white space
    in place of its spaces). A text whose lower-cased form holds no anchor holds none of the phrases
    (case-insensitively: of the characters beyond ASCII, only ASCII_FOLDS match ASCII ones), so of
    the whole pattern only its regex phrases (`rest`) can match there, at the same place and with
    the same text; `anchors` (plain lower-case words, no flags) finds that out several times faster
    than the whole pattern, whose word-edge assertions and ignored case defeat the regex engine's
    scan for a first letter. Without an anchor for every plain phrase, every text is searched whole.
    """

    pattern: re.Pattern[str]
    anchors: re.Pattern[str] | None
    rest: re.Pattern[str] | None

    @classmethod
    def of(cls, pattern: re.Pattern[str], plain: Iterable[str], regexes: Iterable[str] = ()) -> Finder:
        """`pattern`: the whole (re.I) pattern; `plain`: its literal phrases, as written (a match of
        one holds each run of its characters between spaces, a word list's final * taken off);
        `regexes`: the sources of its other alternatives, in their order."""
        anchors: list[str] = []
        for p in plain:
            runs = _ASCII_RUN.findall(p.lower())
            if not runs:
                return cls(pattern, None, None)  # a phrase without an ASCII character: no cheap test
            anchors.append(max(runs, key=len))
        if not anchors:
            return cls(pattern, None, None)
        rest = "|".join(f"(?:{r})" for r in regexes)
        return cls(pattern, re.compile(_trie(anchors)), re.compile(rest, re.I) if rest else None)

    def search(self, text: str) -> re.Match[str] | None:
        """pattern.search(text): the same span and text (a match of `rest` numbers its groups its own way)."""
        if self.anchors is not None and not self.anchors.search(text.lower()) and not _HOLDS_FOLD.search(text):
            return self.rest.search(text) if self.rest is not None else None
        return self.pattern.search(text)


def _trie(words: Iterable[str]) -> str:
    """A regex that finds any of `words` in a text, as a trie ("a(?:nalyst|rchitect)|ceo"): at each
    place in the text the engine tries one branch per first letter, not one per word (four times
    faster on a hundred words). A word another one starts with is enough on its own."""
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node: dict[str, Any]) -> str:
        if "" in node:
            return ""  # a word ends here: what follows it need not be matched
        alts = [re.escape(ch) + branch(child) for ch, child in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return branch(root)
