"""Lines + taxonomy -> mentions: every tool and practice found, with where it stood.

Exact aliases are found by spaCy PhraseMatchers on a blank English pipeline
(one case-insensitive, one for names whose capitals matter). Spacing variants
("Lang chain", "ML Flow") are looked up with spaces folded away, and true
misspellings ("Pinecone" -> "Pincone") go through rapidfuzz, only for
capitalised tokens that exact matching left unexplained. Names that are also
ordinary words (Ray, Spark, Evidently, Instructor...) count only in context.
"""

from __future__ import annotations

import bisect
import re
import sys
import types
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from screener import bullets
from screener.judge import grain as grain_mod
from screener.model import Line, Mention, Role, Section
from screener.parse.places import Places

if TYPE_CHECKING:
    from screener.taxonomy import Taxonomy

# The taxonomy row of ordinary phrases ("Phoenix, AZ", "lightning talk", "RAG status"): they win
# the longest-match contest against an ambiguous tool name, then are dropped.
BLOCKER_ID = "ignored-phrases"
FOLDED_MIN_CHARS = 5  # a folded alias shorter than this ("r", "go", "jax") is matched exactly or not at all
FUZZY_MIN_CHARS = 6  # misspellings are sought only for words this long: shorter ones collide with real words
FUZZY_MIN_SCORE = 88  # rapidfuzz ratio (0-100): one slip in a 6-to-10-letter name, not a different word
FUZZY_MAX_LENGTH_DIFF = 2  # characters a misspelling may add or drop
SKILLS_GUARDED_PEERS = 2  # other ordinary-word AI/ML names on a skills line that make a list technical
WORD_CACHE_MAX = 50_000  # words remembered per process: a nightly run's vocabulary must not grow without end
_FOLD = re.compile(r"[\s\-_.]+")
_WORDISH = re.compile(r"^[A-Za-z][A-Za-z0-9+#.\-]{4,}$")
# A match: (item key, first token, end token, found by misspelling).
Span = tuple[str, int, int, bool]
# A match placed: (item key, first token, end token, found by misspelling, line, offset in the line's text).
Raw = tuple[str, int, int, bool, Line, int]


def fold(text: str) -> str:
    return _FOLD.sub("", text.lower())


@dataclass
class Item:
    id: str
    name: str
    kind: str  # 'tool' | 'concept'
    column: str
    category: str
    guard: str
    cues: tuple[str, ...]
    strength: float
    fuzzy: bool


def import_spacy() -> None:
    """Import spaCy without its command-line interface.

    spaCy's package imports `spacy.cli` (typer, weasel, requests, httpx: about 0.2 s, a third of
    importing spaCy, on every run) only to re-export `spacy.info`; screener uses neither. A
    stand-in takes its place for the import and is taken out afterwards, so that a later
    `import spacy.cli` (or a call of `spacy.info`) loads the real one. Should a spaCy release
    need more of its CLI at import time, the stand-in fails and spaCy is imported as usual.
    """
    if "spacy" in sys.modules:
        return
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []
    cli_info = types.ModuleType("spacy.cli.info")

    def info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info as real  # the real CLI, imported when someone asks for it

        return real(*args, **kwargs)

    cli_info.info = info  # type: ignore[attr-defined]
    cli.info = cli_info  # type: ignore[attr-defined]
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = cli, cli_info
    try:
        import spacy  # noqa: F401
    except Exception:  # noqa: BLE001, S110 - imported again below without the stand-in
        pass
    finally:
        for name, stand_in in (("spacy.cli.info", cli_info), ("spacy.cli", cli)):
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
        package = sys.modules.get("spacy")
        if package is not None and getattr(package, "cli", None) is cli:
            delattr(package, "cli")
    import spacy  # noqa: F401, F811 - a no-op unless the import above failed


def english_tokenizer() -> Any:
    """spaCy's English tokenizer (the one `spacy.blank("en")` builds) on a bare vocabulary.

    The same prefix, suffix, infix and URL rules, without building a whole Language and its
    config (0.1-0.2 s of every start-up). English special cases ("don't", "Inc.", "e.g.") are
    left out: they mean nothing to tool names, and one hit turns the tokenizer's cache off for
    the rest of the document (10-20x slower). Of the lexical attributes only the two the
    matchers read are computed (LOWER for the case-insensitive PhraseMatcher, IS_SPACE for
    context): the other twenty ran for every new word a resume brings, half the cost of
    tokenising it. tests/test_match.py checks this against `spacy.blank("en")`, token for token.
    """
    import_spacy()
    from spacy import util
    from spacy.attrs import IS_SPACE, LOWER
    from spacy.lang.en import English
    from spacy.lang.lex_attrs import LEX_ATTRS
    from spacy.tokenizer import Tokenizer
    from spacy.vocab import Vocab

    d: Any = English.Defaults
    getters = {**LEX_ATTRS, **d.lex_attr_getters}
    vocab = Vocab(lex_attr_getters={a: getters[a] for a in (LOWER, IS_SPACE)}, writing_system=d.writing_system)
    return Tokenizer(
        vocab,
        rules={},
        prefix_search=util.compile_prefix_regex(d.prefixes).search,
        suffix_search=util.compile_suffix_regex(d.suffixes).search,
        infix_finditer=util.compile_infix_regex(d.infixes).finditer,
        token_match=d.token_match,
        url_match=d.url_match,
    )


class Matcher:
    """Built once per process and taxonomy: the matchers are the expensive part."""

    def __init__(self, taxonomy: Taxonomy, nlp: Any | None = None) -> None:
        """`nlp`: an installed spaCy pipeline whose tokenizer to use instead of blank English."""
        import_spacy()
        from spacy.matcher import PhraseMatcher

        self.tokenizer: Any = nlp.tokenizer if nlp is not None else english_tokenizer()
        vocab = self.tokenizer.vocab
        self.lower = PhraseMatcher(vocab, attr="LOWER")
        self.orth = PhraseMatcher(vocab, attr="ORTH")
        self.items: dict[str, Item] = {}
        self.grain = grain_mod.load(taxonomy.path)
        self.exact: dict[str, str] = {}  # lower-cased alias -> item key: a name wrapped over two lines
        self.folded: dict[str, str] = {}  # folded alias -> item key, for spacing variants
        self.fuzzy_keys: dict[str, str] = {}
        for t in taxonomy.tools:
            key = "tool:" + t.id
            self.items[key] = Item(
                t.id,
                t.name,
                "tool",
                t.column,
                t.category,
                t.guard,
                tuple(c.lower() for c in t.cues),
                t.strength,
                t.fuzzy,
            )
            self._add(key, t.aliases, t.guard)
            for a in t.aliases:
                self.exact.setdefault(" ".join(a.lower().split()), key)
            if t.guard == "none":
                for a in t.aliases:
                    f = fold(a)
                    if len(f) >= FOLDED_MIN_CHARS:
                        self.folded.setdefault(f, key)
                        if t.fuzzy and len(f) >= FUZZY_MIN_CHARS:
                            self.fuzzy_keys.setdefault(f, key)
        # Resumes repeat their words: a word is looked up once per process, then remembered.
        self._fuzzy_choices = list(self.fuzzy_keys)
        self._word_cache: dict[str, tuple[str | None, bool]] = {}  # word -> (item key, found by misspelling)
        self._folds: dict[str, str] = {}  # word -> fold(word), for the two-word spacing variants
        # Every proper prefix of a folded alias: the first word of a two-word variant must be one.
        self._fold_prefixes = {f[:k] for f in self.folded for k in range(1, len(f))}
        for c in taxonomy.concepts:
            key = "concept:" + c.id
            self.items[key] = Item(c.id, c.name, "concept", c.column, "practice", c.guard, (), c.strength, False)
            self._add(key, c.patterns, c.guard)

    def _add(self, key: str, phrases: tuple[str, ...], guard: str) -> None:
        docs = [self.tokenizer(p) for p in phrases if p.strip()]
        if not docs:
            return
        (self.lower if guard == "none" else self.orth).add(key, docs)

    # ------------------------------------------------------------------ matching

    def find(
        self,
        lines: list[Line],
        sections: list[Section],
        roles: list[Role],
        skip_lines: set[int],
    ) -> list[Mention]:
        if not lines:
            return []
        doc, words, spaced, raw = self._spans(lines)
        places = Places.build(sections, roles)
        near = _neighbours(self.items, raw, places)
        groups = bullets.bullet_groups(lines, roles)
        text_of = {ln.number: ln.text for ln in lines}
        mentions: list[Mention] = []
        for key, s, e, misspelt, line, at in raw:
            if line.number + 1 in groups.get(line.number, ()):  # the bullet runs on: a name may wrap
                key, e = self._wrapped(key, s, e, words, spaced)
            item = self.items[key]
            if line.number in skip_lines or item.id == BLOCKER_ID:
                continue
            alias = "".join([words[t] + spaced[t] for t in range(s, e - 1)]) + words[e - 1]  # doc[s:e].text
            if "\n" in alias:
                alias = " ".join(alias.split())  # a name wrapped over a line end reads as one
            spot = places.at(line.number, at)
            section, ri, unit = spot.section, spot.role, spot.piece or line  # unit: the line, or its piece
            kind = section.kind if section else "header"
            role = roles[ri] if ri is not None else None
            guarded = item.guard == "context"
            if guarded and not self._in_context(item, alias, doc, s, e, line, unit, section, near, role):
                continue
            before = next((words[t] for t in range(s - 1, -1, -1) if not words[t].isspace()), "")
            if item.kind == "tool" and bullets.employer(alias, before, unit, role, roles):
                continue  # "Machine Learning Engineer, OpenAI", "a team of AI engineers at OpenAI"
            bullet = _piece_numbers(unit) or groups.get(line.number, (line.number,))
            text = line.text.replace("\t", "  ")
            mentions.append(
                Mention(
                    item_id=item.id,
                    name=item.name,
                    kind=item.kind,  # type: ignore[arg-type]
                    column=item.column,  # type: ignore[arg-type]
                    category=item.category,
                    alias=alias,
                    place=_place(kind, roles[ri] if ri is not None else None, line),
                    section=kind,
                    role=ri,
                    line=line.number,
                    text=text,
                    fuzzy=misspelt,
                    strength=item.strength,
                    bullet=bullet,
                    bullet_text=bullets.bullet_text(unit.text if unit is not line else "", bullet, text_of, text),
                )
            )
        return bullets.resolve(mentions, self.grain)

    def _wrapped(self, key: str, s: int, e: int, words: list[str], spaced: list[str]) -> tuple[str, int]:
        """A name broken over a line end ("Claude" / "Code"): the longer name, when it is one."""
        if e + 1 >= len(words) or "\n" not in words[e]:
            return key, e
        name = " ".join("".join(w + sp for w, sp in zip(words[s:e], spaced[s:e], strict=True)).lower().split())
        best = (key, e)
        for extra in (1, 2):
            end = e + extra + 1
            if end > len(words) or any(w.isspace() for w in words[e + 1 : end]):
                break
            joined = " ".join([name, *(w.lower() for w in words[e + 1 : end])])
            other = self.exact.get(joined)
            if other is not None and other != key:
                best = (other, end)
        return best

    def _spans(self, lines: list[Line]) -> tuple[Any, list[str], list[str], list[Raw]]:
        """The document's tokens, their texts and trailing spaces, and every match with its line.

        A match is (item key, first token, end token, found by misspelling, line, its offset in
        the line's text): the flag
        travels with its span, so nothing about one call is kept on the matcher.
        """
        text_parts: list[str] = []
        starts: list[int] = []
        pos = 0
        for ln in lines:
            starts.append(pos)
            text_parts.append(ln.text)
            pos += len(ln.text) + 1
        doc = self.tokenizer("\n".join(text_parts))
        spans = [(doc.vocab.strings[m], s, e, False) for m, s, e in self.lower(doc)]
        spans += [(doc.vocab.strings[m], s, e, False) for m, s, e in self.orth(doc)]
        # Plain strings once: a spaCy Token or Span object per look costs more than the lookups.
        words: list[str] = []
        spaced: list[str] = []
        for t in doc:
            words.append(t.text)
            spaced.append(t.whitespace_)
        spans += self._spacing_variants(words, spaced, spans)
        raw: list[Raw] = []
        for key, s, e, misspelt in _longest(spans):
            at = doc[s].idx
            k = bisect.bisect_right(starts, at) - 1
            raw.append((key, s, e, misspelt, lines[k], at - starts[k]))
        return doc, words, spaced, raw

    def _spacing_variants(
        self, words: list[str], spaced: list[str], found: list[Span]
    ) -> list[Span]:
        """'Lang chain', 'ML Flow', 'Pytorh': tokens the exact matchers left unexplained.

        `words` and `spaced` are the tokens' texts and trailing whitespace. Nothing per call is
        kept on `self` (one matcher may serve several threads): a misspelling is flagged on its
        own span, and the caches only map a word to what it always stands for.
        """
        covered: set[int] = set()
        for _, s, e, _ in found:
            covered.update(range(s, e))
        out: list[Span] = []
        n = len(words)
        if len(self._folds) > WORD_CACHE_MAX:  # bounded like the word cache
            self._folds.clear()
        folds, prefixes, word_cache = self._folds, self._fold_prefixes, self._word_cache
        i = 0
        while i < n:
            word = words[i]
            if i in covered or not word[:1].isalpha():
                i += 1
                continue
            if i + 1 < n and spaced[i] and i + 1 not in covered and words[i + 1][:1].isalnum():
                # fold(a + b) == fold(a) + fold(b); only a word that begins some folded alias can start one.
                f = folds.get(word)
                if f is None:
                    f = folds[word] = fold(word)
                if f in prefixes:
                    key = self.folded.get(f + fold(words[i + 1]))
                    if key:
                        out.append((key, i, i + 2, False))
                        i += 2
                        continue
            cached = word_cache.get(word)  # the common case inline: a word already known to be nothing
            if cached is None or cached[0] is not None:
                key, misspelt = self._single_word(word)
                if key:
                    out.append((key, i, i + 1, misspelt))
            i += 1
        return out

    def _single_word(self, word: str) -> tuple[str | None, bool]:
        """The item a lone capitalised word stands for by spacing or spelling (and whether by
        spelling), remembered per process: a pure lookup, so threads may share the cache."""
        cached = self._word_cache.get(word)
        if cached is None:
            key, misspelt = None, False
            if _WORDISH.match(word) and (word[0].isupper() or any(c.isupper() for c in word[1:])):
                f = fold(word)
                key = self.folded.get(f)
                if key is None and len(f) >= FUZZY_MIN_CHARS:
                    from rapidfuzz import fuzz, process

                    choices = self._fuzzy_choices
                    hit = process.extractOne(f, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE)
                    # A word that is the start or end of a longer name ("Confident" of "Confident AI")
                    # is that name cut short, an ordinary word: not a misspelling of it.
                    cut = hit is not None and (hit[0].startswith(f) or hit[0].endswith(f))
                    if hit and not cut and hit[0][0] == f[0] and abs(len(hit[0]) - len(f)) <= FUZZY_MAX_LENGTH_DIFF:
                        key, misspelt = self.fuzzy_keys[hit[0]], True
            if len(self._word_cache) > WORD_CACHE_MAX:
                self._word_cache.clear()
            cached = self._word_cache[word] = (key, misspelt)
        return cached

    def _in_context(
        self,
        item: Item,
        alias: str,
        doc: Any,
        s: int,
        e: int,
        line: Line,
        unit: Line,
        section: Section | None,
        near: dict[tuple[str, int], set[str]],
        role: Role | None,
    ) -> bool:
        """An ambiguous name counts only where it is plainly the tool (`_neighbours` says what confirms).
        `unit` is the line, or the piece of it the name is in (a paragraph cut into entries)."""
        section_kind = section.kind if section else "header"
        if section_kind in ("header", "references", "contact", "interests"):
            return False
        if role is not None and unit in role.header_lines and alias in role.title:
            return False  # "Instructor, Data Science Bootcamp" is a job
        after = doc[e].text if e < len(doc) else ""
        at_start = s == 0 or doc[s - 1].text in ("\n", ".") or doc[s - 1].is_space
        if at_start and after == "," and section_kind != "skills":
            return False  # "Evidently, the model drifted"
        low = unit.text.lower()
        me = "tool:" + item.id
        ai_ml = item.column in ("A", "B")
        if section_kind == "skills":
            if item.column != "A" or (section is not None and not section.heading_line):
                return True  # B and N names as before; a job description's lists (no heading line) ask by name
            # A list of the resume's own keywords ("Forklift, Inspect, Inventory"): an ordinary word
            # that is a column-A name (Inspect, Instructor) counts there only in a section with an
            # unguarded AI/ML tool, beside two guarded ones ("Ray, Spark, Feast"), or with one of its cues.
            return bool(
                near.get(("section", near_key(section)), set()) - {me}
                or len(near.get(("guarded", line.number), set()) - {me}) >= SKILLS_GUARDED_PEERS
                or any(c in low for c in item.cues)
            )
        if at_start and len(after) > 1 and after[0].islower() and alias[:1].isupper() and " " not in alias:
            # A capitalised word opening a sentence, followed by a lower-case word ("Inspect every
            # student's code"), reads as the ordinary word: only the row's own cues confirm it.
            return any(c in low for c in item.cues)
        others = near.get(("line" if ai_ml else "any", line.number), set()) - {me}
        if others:
            return True
        return any(c in low for c in item.cues)


def near_key(section: Section | None) -> int:
    """A section's key for `_neighbours`: its first line (-1 outside any section)."""
    return section.first_line if section is not None else -1


def _neighbours(items: dict[str, Item], raw: list[Raw], places: Places) -> dict[tuple[str, int], set[str]]:
    """What may confirm an ordinary word as a tool, by place:
    ("line", n): unguarded AI/ML (A or B) items on line n (for an AI/ML name);
    ("any", n): any unguarded item on line n, Python included (for a language such as Go);
    ("section", `near_key`): unguarded AI/ML items anywhere in that section (for a skills list);
    ("guarded", n): context-guarded AI/ML names on line n (peers in a skills list)."""
    near: dict[tuple[str, int], set[str]] = {}
    for key, _, _, _, line, at in raw:
        item = items[key]
        if item.id == BLOCKER_ID:
            continue
        ai_ml = item.column in ("A", "B")
        if item.guard == "context":
            if ai_ml:
                near.setdefault(("guarded", line.number), set()).add(key)
            continue
        near.setdefault(("any", line.number), set()).add(key)
        if ai_ml:
            near.setdefault(("line", line.number), set()).add(key)
            section = places.at(line.number, at).section
            if section is not None:
                near.setdefault(("section", near_key(section)), set()).add(key)
    return near


def _longest(spans: list[Span]) -> list[Span]:
    """Overlapping matches: the longest wins ("gpt-3.5-turbo" over "GPT-3")."""
    spans = sorted(spans, key=lambda t: (-(t[2] - t[1]), t[1], t[0]))
    taken: set[int] = set()
    out = []
    for span in spans:
        _, s, e, _ = span
        if any(i in taken for i in range(s, e)):
            continue
        taken.update(range(s, e))
        out.append(span)
    return sorted(out, key=lambda t: (t[1], t[0]))


def _piece_numbers(unit: Line) -> tuple[int, ...]:
    """The line numbers a piece of running text covers (empty for a whole line)."""
    return tuple(dict.fromkeys(n for n, _, _ in unit.pieces))


def _place(section_kind: str, role: Role | None, line: Line) -> str:
    if role is not None:
        if role.kind == "work":
            return "role"
        if role.kind == "project":
            return "project"
        if role.kind == "education":
            return "education"
        return "other"
    return {
        "experience": "role",
        "research": "role",
        "internships": "role",
        "projects": "project",
        "skills": "skills",
        "summary": "summary",
        "header": "summary",
        "education": "education",
    }.get(section_kind, "other")
