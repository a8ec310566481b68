"""Phrase lists searched through `Finder`: the same matches as their whole patterns, found faster.

A Finder skips the whole pattern on a text that holds none of its plain phrases' anchors. That is
only sound if re.IGNORECASE folds no other character onto an ASCII letter than the ones it knows,
and if the answer is the whole pattern's on every text: both are checked here, on every phrase
list screener searches, over real resume text.
"""

from __future__ import annotations

import csv
import re
import string
import sys

from support import ROOT, shared_path

from screener.judge import grain as grain_mod
from screener.judge.signals import phrase_finder, phrase_pattern
from screener.judge.specialty import specialty_rules
from screener.parse import contact, role_header
from screener.phrase_finder import ASCII_FOLDS, Finder
from screener.taxonomy import load_taxonomy


def test_the_folds_onto_ascii_are_all_known() -> None:
    # Every character beyond ASCII that re.IGNORECASE matches with a printable ASCII character.
    every = "".join(chr(c) for c in range(128, sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    found = {m.group(0) for a in string.printable if not a.isspace() for m in re.finditer(re.escape(a), every, re.I)}
    assert found == set(ASCII_FOLDS)


def _lists() -> dict[str, tuple[tuple[str, ...], Finder]]:
    """Every phrase list screener searches with a Finder, by name."""
    tax = load_taxonomy(None)
    out: dict[str, tuple[tuple[str, ...], Finder]] = {}
    for name, phrases in tax.signals.items():
        finder = phrase_finder(phrases)
        if finder is not None:
            out[f"signals:{name}"] = (phrases, finder)
    grain = grain_mod.load(tax.path)
    for name in ("not-product", "train-verb", "api-word"):
        finder = grain_mod._phrases(grain.words(name))
        assert finder is not None
        out[f"grain:{name}"] = (grain.words(name), finder)
    rules = specialty_rules(str(ROOT / "skill_taxonomy"))
    assert rules.any_phrase is not None
    out["specialty"] = ((), rules.any_phrase)
    # words.csv's lists (a final * is any ending, " / " a slash), searched for titles and names.
    out["words:job-word"] = ((), role_header.TITLE_WORDS)
    out["words:not-a-name"] = ((), contact._TITLE_WORDS)
    assert all(f.anchors is not None for _, f in out.values())  # every list has its cheap test
    return out


def _texts() -> list[str]:
    """Real resume text, line by line and sentence by sentence, and the cases that need care."""
    rows = list(csv.DictReader(shared_path("corpus", "datasets", "UpdatedResumeDataSet.csv").open(encoding="utf-8")))
    texts = [piece.strip() for row in rows[::4] for piece in re.split(r"[\r\n•*]+|\.\s", row["Resume"])]
    texts += [
        "SHIPPED to PRODUCTION", "deployed", "Deployed-to-production", "undeployed", "on  call",
        "ſhipped to production",  # a long s: re.I reads it as an s
        "\u212aubernetes on-call",  # the Kelvin sign: re.I reads it as a K
        "İn production", "ın production", "Jupyter notebooks", "served 40k users", "120 daily active users",
        "400 requests per second", "p99 under 80 ms", "Fine-tuned Llama on preference pairs", "",
    ]
    return [t for t in texts if len(t) < 2_000]


def _same_as_whole(texts: list[str]) -> int:
    """Every list's Finder against its whole pattern on `texts`; how many searches were compared."""
    searched = 0
    for name, (_, finder) in _lists().items():
        for text in texts:
            fast, whole = finder.search(text), finder.pattern.search(text)
            assert (fast and (fast.span(), fast.group(0))) == (whole and (whole.span(), whole.group(0))), (name, text)
            searched += 1
    return searched


def test_a_finder_finds_what_its_whole_pattern_finds() -> None:
    texts = _texts()
    assert len(texts) > 5_000
    assert _same_as_whole(texts) > 100_000


def test_a_finder_finds_what_its_whole_pattern_finds_on_the_fixtures() -> None:
    # The same on the repository's own resumes, line by line (no shared corpus needed).
    from support import FIXTURE_PDFS

    from screener.read.registry import read_bytes

    readable = sorted(FIXTURE_PDFS.glob("[0-8]*.pdf"))  # 90-93 are a scan and broken files
    texts = [ln.text for f in readable for ln in read_bytes(f.read_bytes(), f.name).lines]
    assert len(texts) > 1_300  # 1,361 lines today
    assert _same_as_whole(texts) > 1_300 * len(_lists())


def test_anchors_skip_most_texts_and_fall_back_without_them() -> None:
    finder = phrase_finder(("shipped", "in production", "re:\\bQPS\\b"))
    assert finder is not None and finder.anchors is not None and finder.rest is not None
    assert finder.anchors.pattern == "(?:production|shipped)"  # each phrase's longest run of ASCII letters
    hit = finder.search("Scaled to 2k QPS")  # no plain phrase: the regex phrases alone answer
    assert hit is not None and hit.group(0) == "QPS"
    # A word's ASCII letters are its anchor ("lisis"); a phrase with none has no cheap test, and
    # then every text is searched whole.
    accented = phrase_finder(("análisis", "shipped"))
    assert accented is not None and accented.anchors is not None and accented.anchors.pattern == "(?:lisis|shipped)"
    assert accented.search("ANÁLISIS de datos") is not None
    whole = phrase_finder(("数据分析", "shipped"))
    assert whole is not None and whole.anchors is None and whole.search("数据分析, 2023") is not None
    assert phrase_pattern(()) is None and phrase_finder(()) is None


def test_the_anchors_trie_finds_exactly_the_texts_holding_a_word() -> None:
    from screener.phrase_finder import _trie

    words = ["analyst", "analyste", "analista", "architect", "a1", "ceo", "c++"]
    trie = re.compile(_trie(words))
    assert trie.pattern == "(?:a(?:1|nal(?:ista|yst)|rchitect)|c(?:\\+\\+|eo))"
    texts = ["senior analyste", "analist", "a1 team", "ceo", "c+", "c++ dev", "architec", "", "x" * 50]
    for t in texts:
        assert bool(trie.search(t)) == any(w in t for w in words), t

