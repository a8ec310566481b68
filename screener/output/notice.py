"""Candidate notices (`screener notice`) and a candidate's own explanation (`screener explain --for-candidate`).

Both are drawn from data, never written by hand: what screener assesses comes from the taxonomy in
use (the target profiles' score parts and points, the tools per category, the place weights and the
flag penalties of scoring.toml), so a notice stays true when that data changes. The sentences are
Jinja2 templates in `notice/` (one per jurisdiction, extending `base.txt.j2`, and `candidate.txt.j2`);
the plain words for the taxonomy's names are `notice/plain.toml`. What only the employer knows (their
name, contact, retention) is a `[[EMPLOYER: ...]]` placeholder.
"""

from __future__ import annotations

import re
import textwrap
import tomllib
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import PurePath
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from screener.codes import FLAG_MEANINGS
from screener.record import Record
from screener.taxonomy import Taxonomy

JURISDICTIONS = ("nyc", "illinois", "colorado", "eu")
WIDTH = 100  # the text's line length
EXAMPLES_SHOWN = 3  # tools named per category in a notice
PLACEHOLDER = "[[EMPLOYER:"  # how every employer-supplied fact is marked
_FLAG_PREFIX = "flag "
_KEEP_PART = "profile"  # the score part an off-target profile's share is taken in (judge/score.py)


@lru_cache(maxsize=1)
def plain_words() -> dict[str, Any]:
    return tomllib.loads(resources.files("screener.output").joinpath("notice", "plain.toml").read_text("utf-8"))


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(loader=PackageLoader("screener.output", "notice"), undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)


def part_plain(role: str, name: str, scorer: str) -> str:
    """A score part in plain words: by role and name, by name, by scorer, else its own name."""
    w = plain_words()
    by_role = w.get("part_by_role", {}).get(f"{role}/{name}")
    return str(by_role or w.get("part", {}).get(name) or w.get("scorer", {}).get(scorer) or name)


def flag_texts(code: str, taxonomy: Taxonomy) -> tuple[str, str]:
    """A flag's meaning and how to contest it, in plain words (the code's meaning when not listed)."""
    entry = plain_words().get("flag", {}).get(code, {})
    floor = str(taxonomy.scoring.get("tenure", {}).get("llm_floor", ""))
    plain = str(entry.get("plain") or FLAG_MEANINGS.get(code, code)).replace("{llm_floor}", floor)
    contest = str(entry.get("contest") or "Tell us what the program read wrongly, with the lines it should read.")
    return plain, contest


def _number(value: float) -> str:
    return f"{value:g}"


# --------------------------------------------------------------------------- the notice


def notice_context(taxonomy: Taxonomy, roles: Sequence[str] | None = None) -> dict[str, Any]:
    """Everything the notice says about the assessment, from the taxonomy in use."""
    names = sorted(roles or taxonomy.targets)
    scoring = taxonomy.scoring
    places = scoring.get("evidence", {}).get("place_weight", {})
    penalties: Mapping[str, float] = scoring.get("penalties", {})
    codes = [*[c for c in FLAG_MEANINGS if c in penalties], *sorted(c for c in penalties if c not in FLAG_MEANINGS)]
    return {
        "roles": [_role(taxonomy, name) for name in names],
        "places": [{"plain": plain_words()["place"].get(p, p), "weight": _number(float(w))}
                   for p, w in sorted(places.items(), key=lambda kv: (-float(kv[1]), kv[0]))],
        "flags": [{"plain": flag_texts(c, taxonomy)[0], "penalty": _number(float(penalties[c])) if penalties[c] else ""}
                  for c in codes],
        "version": taxonomy.version,
    }


def _role(taxonomy: Taxonomy, name: str) -> dict[str, Any]:
    target = taxonomy.targets[name]
    parts = [{"plain": part_plain(name, p.name, p.scorer), "points": _number(float(p.maximum))} for p in target.parts]
    tools = [t for t in taxonomy.tools if t.column == target.column]
    by_category: dict[str, list[str]] = {}
    for t in sorted(tools, key=lambda t: t.name.casefold()):
        by_category.setdefault(t.category, []).append(t.name)
    categories = [{"plain": plain_words()["category"].get(c, c), "examples": names[:EXAMPLES_SHOWN],
                   "more": max(0, len(names) - EXAMPLES_SHOWN)} for c, names in sorted(by_category.items())]
    keep = {"off_profile": _number(target.off_profile * 100), "hybrid": _number(target.hybrid * 100)}
    return {"name": name, "label": target.label, "column": plain_words()["column"].get(target.column, target.column),
            "parts": parts, "total": _number(sum(float(p.maximum) for p in target.parts)), "keep": keep,
            "categories": categories, "tool_count": len(tools)}


def render_notice(taxonomy: Taxonomy, jurisdiction: str, roles: Sequence[str] | None = None) -> str:
    if jurisdiction not in JURISDICTIONS:
        raise ValueError(f"no notice for {jurisdiction!r} (known: {', '.join(JURISDICTIONS)})")
    return _wrapped(_env().get_template(f"{jurisdiction}.txt.j2").render(**notice_context(taxonomy, roles)))


# --------------------------------------------------------------------------- one candidate's explanation


def candidate_context(rec: Record, taxonomy: Taxonomy) -> dict[str, Any]:
    """One candidate's result in plain words, from their own Record only."""
    target = taxonomy.targets.get(rec.role)
    maxima = {p.name: (float(p.maximum), p.scorer) for p in target.parts} if target else {}
    parts, missing, kept = [], [], ""
    for p in rec.score_parts:
        if p.name.startswith(_FLAG_PREFIX):
            continue
        if p.name == _KEEP_PART:
            kept = (f"Your evidence is mostly of another kind than this position needs, so {_number(-p.points)} "
                    "points were taken off the parts above.")
            continue
        maximum, scorer = maxima.get(p.name, (0.0, ""))
        plain = part_plain(rec.role, p.name, scorer)
        parts.append({"plain": plain[:1].upper() + plain[1:], "points": _number(p.points),
                      "maximum": _number(maximum)})
        if p.points <= 0:
            missing.append(f"No evidence of {plain}.")
    penalties = {p.name.removeprefix(_FLAG_PREFIX): -p.points for p in rec.score_parts
                 if p.name.startswith(_FLAG_PREFIX)}
    findings = []
    for f in rec.flags:
        plain, contest = flag_texts(f.code, taxonomy)
        findings.append({"plain": plain, "contest": contest, "penalty": _number(penalties.get(f.code, 0.0)),
                         "reason": _plain_reason(f.reason), "quote": f.quote[0] if f.quote else ""})
    weights = taxonomy.scoring.get("evidence", {}).get("place_weight", {})
    llm = target is not None and any(p.scorer == "llm_tenure" for p in target.parts)
    label = plain_words()["role"].get(rec.role) or (target.label if target else rec.role)
    return {
        "file_name": PurePath(rec.file).name or "your resume", "role_label": label,
        "screened": rec.status == "ok", "reason": rec.reason or rec.notes,
        "unreadable_advice": "You may send it again as a PDF with text or a Word file.",
        "score": _number(rec.fit_score or 0.0), "resume_date": rec.resume_date, "parts": parts, "kept": kept,
        "counted": _counted(rec, target.column if target else "", weights), "missing": missing,
        "findings": findings, "months": rec.llm_tenure_months if llm else rec.total_experience_months,
    }


def _plain_reason(text: str) -> str:
    for rule in plain_words().get("jargon", []):
        text = re.sub(str(rule["find"]), str(rule["plain"]), text)
    return text


def _counted(rec: Record, column: str, weights: Mapping[str, float]) -> list[dict[str, Any]]:
    """The tools and practices of the wanted column, each at the best place it was found (the first of them)."""
    out = []
    places = plain_words()["place"]
    for t in sorted((t for t in rec.tools if t.column == column), key=lambda t: (-t.weight, t.name.casefold())):
        best = max(t.found, key=lambda f: float(weights.get(f.place, 0.0))) if t.found else None
        out.append({"name": t.name, "place": places.get(best.place, best.place) if best else "",
                    "line": best.line if best else 0, "text": best.text.strip() if best else ""})
    return out


def render_for_candidate(rec: Record, taxonomy: Taxonomy) -> str:
    return _wrapped(_env().get_template("candidate.txt.j2").render(**candidate_context(rec, taxonomy)))


def _wrapped(text: str) -> str:
    """Paragraphs and list items reflowed to WIDTH (a template's line breaks are not the text's);
    headings, their rules and blank lines kept."""
    lines = text.splitlines()
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if block:
            lead = re.match(r"\s*(?:- )?", block[0])
            indent = " " * (lead.end() if lead else 0)
            words = " ".join([block[0][len(indent):].strip(), *(x.strip() for x in block[1:])])
            out.append(textwrap.fill(words, WIDTH, initial_indent=block[0][:len(indent)], subsequent_indent=indent,
                                     break_long_words=False, break_on_hyphens=False))
            block.clear()

    for i, line in enumerate(lines):
        heading = i + 1 < len(lines) and re.fullmatch(r"[-=]{3,}", lines[i + 1]) is not None
        if not line.strip() or heading or re.fullmatch(r"[-=]{3,}", line) or re.match(r"\s*- ", line):
            flush()
            if re.match(r"\s*- ", line) and not heading:
                block.append(line)
            else:
                out.append(line)
        else:
            block.append(line)
    flush()
    return "\n".join(out) + "\n"
