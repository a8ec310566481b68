"""Red flags: one rule, one function; each returns a Flag with its evidence, or None."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from screener.codes import COLUMN_A, FLAG_ORDER, FlagCode, Profile, Specialty
from screener.judge import grain as grain_mod
from screener.judge.months import role_span
from screener.judge.signals import QUANTIFIED, phrase_pattern, search
from screener.judge.tenure import parse_ym
from screener.model import Document, Flag, ItemEvidence, Line, Mention, Role, Section, TenurePart, ym
from screener.parse.completeness import parse_incomplete

if TYPE_CHECKING:
    from screener.judge.rules import ScoringRules
    from screener.taxonomy import Taxonomy


@dataclass
class Facts:
    """What the flag rules look at, gathered once."""

    document: Document
    sections: list[Section]
    roles: list[Role]
    mentions: list[Mention]
    evidence: list[ItemEvidence]
    profile: str
    llm_months: int
    tenure_parts: list[TenurePart]
    present: int
    headline: str
    taxonomy: Taxonomy
    rules: ScoringRules
    specialty: str = ""  # judge/specialty.py's call ("" when not called: title-mismatch then reads the profile)

    def role_mentions(self, ri: int) -> list[Mention]:
        return [m for m in self.mentions if m.role == ri]


def _quote(line: Line) -> str:
    return line.text.replace("\t", "  ")


def research_only(f: Facts) -> Flag | None:
    work = [r for r in f.roles if r.kind == "work"]
    research_section = [s for s in f.sections if s.kind in ("publications", "research")]
    if work:
        if not all(r.academic for r in work):
            return None
    elif not research_section:
        return None
    production = f.taxonomy.signals.get("production", ())
    scope = [
        ln
        for s in f.sections
        if s.kind in ("summary", "experience", "projects", "research", "header", "internships")
        for ln in s.lines
    ]
    for ln in scope:
        if search(production, ln.text):
            return None
    evidence = [r.header_lines[0] for r in work if r.header_lines] or [s.lines[0] for s in research_section if s.lines]
    what = ", ".join(r.title or r.organization for r in work[:3]) or "a publications/research section"
    return Flag(
        FlagCode.RESEARCH_ONLY,
        f"only academic or research roles ({what}) and nothing shipped or deployed to production",
        [ln.number for ln in evidence],
        [_quote(ln) for ln in evidence],
    )


def _claim_number(words: tuple[str, ...]) -> str:
    """A claim's number: digits, or a number word from grain.csv ("five", "a decade")."""
    spelled = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    number = r"\d+(?:\.\d+)?" + (r"|(?<![\w-])(?:" + spelled + r")" if spelled else "")
    return r"(" + number + r")\s*\+?\s*(?:years?|yrs?)\b"


@lru_cache(maxsize=8)
def _claim_pattern(topics: tuple[str, ...], words: tuple[str, ...] = ()) -> re.Pattern[str] | None:
    topic = phrase_pattern(topics)
    if topic is None:
        return None
    return re.compile(
        _claim_number(words) + r"(?:\s+of)?(?:\s+(?:hands-on|professional|production|industry|practical|applied))?"
        r"(?:\s+(?:experience|exp\.?|expertise))?(?:\s+(?:in|with|building|on|shipping|developing|working\s+with|"
        r"delivering|applying))?(?:\s+(?:the|applied|production))?\s+(?:" + topic.pattern + r")",
        re.I,
    )


def llm_tenure_claim(f: Facts) -> Flag | None:
    spelled = grain_mod.number_words(grain_mod.load(f.taxonomy.path))
    pattern = _claim_pattern(f.taxonomy.signals.get("llm-claim-topic", ()), tuple(spelled))
    if pattern is None:
        return None
    floor = parse_ym(f.rules.tenure.llm_floor)
    calendar = f.present - floor + 1
    slack = f.rules.flags.claim_slack_months
    for ln in f.document.lines:
        # A claim says "years" or "yrs" (case-insensitively: only Y folds to y, and nothing to e, a, r).
        low = ln.text.lower()
        if "yr" not in low and "year" not in low:
            continue
        m = pattern.search(ln.text)
        if not m:
            continue
        number = m.group(1)
        value = spelled.get(" ".join(number.lower().split()))
        claimed = round((value if value is not None else float(number)) * 12)
        if claimed > calendar:
            why = f"claims {m.group(1)}+ years of LLM work, but only {calendar} months have passed since {ym(floor)}"
        elif claimed > f.llm_months + slack:
            why = (
                f"claims {m.group(1)}+ years ({claimed} months) of LLM work, but dated LLM-applied roles "
                f"show {f.llm_months} months (+{slack} allowed)"
            )
        else:
            continue
        return Flag(FlagCode.LLM_TENURE_CLAIM, why, [ln.number], [_quote(ln)])
    return None


def tool_anachronism(f: Facts) -> Flag | None:
    hits: list[tuple[Mention, Role, int]] = []
    for m in f.mentions:
        if m.kind != "tool" or m.role is None:
            continue
        role = f.roles[m.role]
        if role.kind not in ("work", "project") or role.dates is None or role.dates.open_end:
            continue
        span = role_span(role, f.present)
        if span is None:
            continue
        release = parse_ym(f.taxonomy.tool(m.item_id).first_release)
        if span[1] < release:
            hits.append((m, role, release))
    if not hits:
        return None
    m, role, release = hits[0]
    more = len({h[0].name for h in hits}) - 1
    why = (
        f"{m.name} is named in a role that ended {ym(role_span(role, f.present)[1])}"  # type: ignore[index]
        f" ({role.title or role.organization}), but it was first released {ym(release)}"
    )
    if more:
        why += f"; {more} more such tool{'s' if more > 1 else ''}"
    return Flag(FlagCode.TOOL_ANACHRONISM, why, sorted({h[0].line for h in hits}), sorted({h[0].text for h in hits}))


_WORD = re.compile(r"[^\W_][\w+#.-]*")


def unseen_hidden_words(document: Document) -> list[str]:
    """Hidden words that a reader does not also see: a duplicate text layer is harmless."""
    if not document.hidden:
        return []
    visible = {w.lower() for ln in document.lines for w in _WORD.findall(ln.text)}
    out: list[str] = []
    for h in document.hidden:
        out.extend(w for w in _WORD.findall(h.text) if w.lower() not in visible)
    return out


# Hidden words "could change a judgement" (issue 17) when they name a tool or practice, a title or a
# claim, or are this many words at least; fewer, plainer ones (digits cut at the page edge) cost nothing.
HIDDEN_SUBSTANTIAL_WORDS = 12
HIDDEN_WORD_MIN_CHARS = 4  # a word counts toward "substantial" from this length
_HIDDEN_CLAIM = re.compile(
    r"\b\d+\s*\+?\s*(?:years?|yrs?|months?)\b|\b(?:engineer|scientist|developer|architect|researcher|"
    r"lead|manager|director|head of|phd|expert)\b",
    re.I,
)
_NGRAM_MAX = 4


def _phrases(taxonomy: Taxonomy) -> frozenset[str]:
    """Every tool alias and concept phrase, lower-cased (plain phrases only: no pattern syntax)."""
    cached: frozenset[str] | None = taxonomy.__dict__.get("_hidden_phrases")
    if cached is None:
        names = [a for t in taxonomy.tools for a in (t.name, *t.aliases)]
        names += [c.name for c in taxonomy.concepts] + [p for c in taxonomy.concepts for p in c.patterns]
        cached = frozenset(" ".join(_WORD.findall(n.lower())) for n in names if n and not set(n) & set("\\[](){}?*"))
        object.__setattr__(taxonomy, "_hidden_phrases", cached)
    return cached


def hidden_matters(words: list[str], text: str, taxonomy: Taxonomy) -> str:
    """Why hidden words could change a judgement ('' when they could not)."""
    phrases = _phrases(taxonomy)
    lowered = [w.lower().rstrip(".,;:") for w in words]
    for n in range(1, _NGRAM_MAX + 1):
        for i in range(len(lowered) - n + 1):
            if " ".join(lowered[i : i + n]) in phrases:
                return f"they name {' '.join(words[i : i + n])}"
    if _HIDDEN_CLAIM.search(text):
        return "they carry a title or a claim"
    # Fragments of a line cut by a clip or the page edge ("n ruc e ame") are not a substantial text.
    real = [w for w in words if len(w.strip(".,;:")) >= HIDDEN_WORD_MIN_CHARS]
    if len(real) >= HIDDEN_SUBSTANTIAL_WORDS:
        return f"{len(real)} words"
    return ""


def hidden_text(f: Facts) -> Flag | None:
    """Words a reader cannot see: raised (with its penalty) only when they could change a judgement."""
    unseen = unseen_hidden_words(f.document)
    if len(unseen) < f.rules.flags.hidden_min_words:
        return None
    text = " ".join(h.text for h in f.document.hidden)
    if not hidden_matters(unseen, text, f.taxonomy):
        return None  # still listed with the document's hidden text (explain), never scored
    reasons = sorted({h.reason for h in f.document.hidden})
    quote = [f"p{h.page} ({h.reason}): {h.text[:300]}" for h in f.document.hidden]
    return Flag(
        FlagCode.HIDDEN_TEXT,
        f"{len(unseen)} words a reader cannot see ({', '.join(reasons)}) were ignored: "
        f"{' '.join(unseen[:12])}{' ...' if len(unseen) > 12 else ''}",
        [],
        quote,
    )


def skills_without_evidence(f: Facts) -> Flag | None:
    tools = [e for e in f.evidence if e.kind == "tool" and e.column in ("A", "B")]
    only = [
        e
        for e in tools
        if all(m.place in ("skills", "summary") for m in e.mentions) and any(m.place == "skills" for m in e.mentions)
    ]
    minimum = f.rules.flags.skills_only_min
    share = f.rules.flags.skills_only_share
    if len(only) < minimum or len(only) <= share * len(tools):
        return None
    names = ", ".join(e.name for e in only[:8])
    return Flag(
        FlagCode.SKILLS_WITHOUT_EVIDENCE,
        f"{len(only)} of {len(tools)} AI/ML tools appear only in a skills list, never in a role or project ({names})",
        sorted({e.mentions[0].line for e in only}),
        [],
    )


def _counts(m: Mention, column: str) -> bool:
    """A full-strength item of the column (weak items prove little), in a bullet that is product work."""
    return m.column == column and m.strength >= 1.0 and m.use != "analysis"


def column_roles(f: Facts, column: str) -> list[int]:
    """Work and project roles that name an item of the column that counts (`_counts`)."""
    return [
        i
        for i, r in enumerate(f.roles)
        if r.kind in ("work", "project") and any(_counts(m, column) for m in f.role_mentions(i))
    ]


def evidence_bullets(f: Facts, column: str, roles: list[int] | None = None) -> list[str]:
    """The bullets that carry the column's evidence in those roles (default: the column's roles),
    in reading order: outcomes and production signals are read there, not anywhere in the role."""
    wanted = set(column_roles(f, column) if roles is None else roles)
    seen: dict[tuple[int, ...], str] = {}
    for m in f.mentions:
        if m.role in wanted and _counts(m, column):
            seen.setdefault(m.bullet or (m.line,), m.bullet_text or m.text)
    return [seen[k] for k in sorted(seen)]


def measured(f: Facts, text: str) -> bool:
    """A measured outcome: a %, latency, money, count of things served, or a metric's value or delta."""
    return bool(QUANTIFIED.search(text)) or grain_mod.metric_outcome(grain_mod.load(f.taxonomy.path), text)


def llm_roles(f: Facts) -> list[int]:
    """The LLM-applied roles (judge/tenure.py `is_llm_applied`): column A's roles."""
    return column_roles(f, COLUMN_A)


def no_measured_outcomes(f: Facts) -> Flag | None:
    if f.profile not in (Profile.AI_ENGINEER, Profile.HYBRID):
        return None
    indices = [i for i in llm_roles(f) if f.roles[i].kind == "work"] or llm_roles(f)
    if any(measured(f, text) for text in evidence_bullets(f, COLUMN_A, indices)):
        return None
    lines = [f.roles[i].header_lines[0].number for i in indices if f.roles[i].header_lines]
    return Flag(
        FlagCode.NO_MEASURED_OUTCOMES,
        "no bullet with LLM-applied work states a measured result (no %, latency, cost, counts, multipliers "
        "or metric values)",
        lines,
        [],
    )


def current_title(roles: list[Role], present: int, headline: str) -> tuple[str, int]:
    """The most recent work role's title (open or latest end), else the headline."""
    best: tuple[int, int, int] | None = None
    for i, r in enumerate(roles):
        if r.kind != "work" or not r.title:
            continue
        span = role_span(r, present)
        if span is None:
            continue
        key = (span[1], span[0], -i)
        if best is None or key > best:
            best = (span[1], span[0], i)
    if best is not None:
        role = roles[best[2]]
        return role.title, role.header_lines[0].number if role.header_lines else 0
    return headline, 0


# What the work must not be, by what the title says (signals.csv title-ai / title-ml). The specialty is
# compared, not the profile: an "LLM Engineer" who fine-tunes open models does llm-engineer work, an
# "MLOps Engineer" running an LLM gateway mlops work; neither is a mismatch.
TITLE_CONTRADICTS = {"title-ai": (Specialty.ML_ENGINEER,), "title-ml": (Specialty.AI_ENGINEER,)}
WORK_SAID = {Specialty.ML_ENGINEER: "production ML", Specialty.AI_ENGINEER: "LLM-applied"}


def title_mismatch(f: Facts) -> Flag | None:
    title, line = current_title(f.roles, f.present, f.headline)
    work = f.specialty or f.profile  # the profile's two engineer values are specialties too
    texts = [t for t in (title, f.headline) if t]
    for text in texts:
        said = [kind for kind in TITLE_CONTRADICTS if search(f.taxonomy.signals.get(kind, ()), text)]
        if len(said) != 1:
            continue  # neither, or both ("AI/ML Engineer")
        if work in TITLE_CONTRADICTS[said[0]]:
            return Flag(
                FlagCode.TITLE_MISMATCH,
                f"the title says '{text}' but the work is {WORK_SAID[work]} (specialty {work})",
                [line] if line else [],
                [text],
            )
    return None


RULES = (
    research_only,
    tool_anachronism,
    llm_tenure_claim,
    hidden_text,
    skills_without_evidence,
    no_measured_outcomes,
    title_mismatch,
    lambda f: parse_incomplete(f.sections, f.roles),
)


def raise_flags(f: Facts) -> list[Flag]:
    flags = [flag for rule in RULES for flag in [rule(f)] if flag is not None]
    flags.sort(key=lambda fl: FLAG_ORDER.index(fl.code))
    return flags
