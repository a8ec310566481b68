"""Mentions at the grain of one bullet: which bullet each sits in, and what that bullet does with it.

A role's bullets are its lines grouped by bullet glyph (a wrapped bullet's lines stay together);
without glyphs a line that continues a sentence (no closing punctuation above, a lower-case start)
joins the one above. Lines outside roles are bullets of their own.

What a bullet does with a mention (skill_taxonomy/grain.csv):
- a tool named only as the employer in a role's header ("Machine Learning Engineer, OpenAI"), or
  after "at" where a work role names that organisation ("engineers at OpenAI"), is not a mention;
- a bullet about a notebook or a one-off analysis is not product work (`use = 'analysis'`);
- a model (Whisper, Llama, BERT...) named with a training verb is being trained: its trained
  column (B); named with an API word it is called (its row's column). A mention that says neither
  (a skills list) takes what the resume's own bullets decided for that model.
"""

from __future__ import annotations

from dataclasses import replace

from screener.judge.grain import Grain, has_phrase
from screener.model import Line, Mention, Role

EMPLOYER_BEFORE = ("at", "@")  # "a team of AI engineers at OpenAI"
USE_ANALYSIS = "analysis"
USE_TRAINED = "trained"
USE_CALLED = "called"
TRAINED_CATEGORY = "training"  # a model reported in column B is training evidence
_CLOSING = (".", "!", "?", ";", ":")


def bullet_groups(lines: list[Line], roles: list[Role]) -> dict[int, tuple[int, ...]]:
    """Line number -> the line numbers of its bullet (header lines of a role are one group)."""
    out: dict[int, tuple[int, ...]] = {ln.number: (ln.number,) for ln in lines}
    for role in roles:
        if role.header_lines:
            group = tuple(ln.number for ln in role.header_lines)
            out.update({n: group for n in group})
        glyphs = any(ln.bullet for ln in role.bullets)
        current: list[Line] = []
        groups: list[list[Line]] = []
        for ln in role.bullets:
            if current and _continues(current[-1], ln, glyphs):
                current.append(ln)
            else:
                current = [ln]
                groups.append(current)
        for g in groups:
            numbers = tuple(ln.number for ln in g)
            out.update({n: numbers for n in numbers})
    return out


def _continues(above: Line, line: Line, glyphs: bool) -> bool:
    if line.column != above.column:
        return False  # a bullet may run onto the next page, not into another column
    if glyphs:
        return not line.bullet
    text = line.text.lstrip()
    return bool(text) and text[0].islower() and not above.text.rstrip().endswith(_CLOSING)


def employer(alias: str, before: str, line: Line, role: Role | None, roles: list[Role]) -> bool:
    """The tool's name names an employer, not its use: the organisation on a role's header line
    ("Machine Learning Engineer, OpenAI"), or a work role's organisation after "at" / "@"."""
    name = alias.lower()
    org = role.organization.lower() if role is not None and line in role.header_lines else ""
    title = role.title.lower() if role is not None else ""
    if org and org.startswith(name) and name not in title:
        return True
    if before.lower() in EMPLOYER_BEFORE:
        return any(r.kind == "work" and r.organization.lower().startswith(name) for r in roles if r.organization)
    return False


def bullet_text(own: str, bullet: tuple[int, ...], text_of: dict[int, str], line_text: str) -> str:
    """The text of a mention's bullet: a paragraph piece's own text (the lines it covers hold other
    entries too), else the bullet's lines joined, else its line's."""
    return own or (" ".join(text_of.get(n, "") for n in bullet) if bullet else line_text)


def resolve(mentions: list[Mention], grain: Grain) -> list[Mention]:
    """Each mention with its bullet's use (each comes with its bullet's text, from `bullet_text`);
    models take the column their bullet gives them."""
    models = grain.means("model")
    uses: list[str] = []
    for m in mentions:
        text = m.bullet_text
        model = m.kind == "tool" and m.item_id in models
        use = ""
        if model and has_phrase(grain, "train-verb", text):
            use = USE_TRAINED
        elif m.place in ("role", "project") and has_phrase(grain, "not-product", text):
            use = USE_ANALYSIS
        elif model and has_phrase(grain, "api-word", text):
            use = USE_CALLED
        uses.append(use)
    decided: dict[str, str] = {}
    # The resume's own bullets decide for a model named elsewhere without a verb.
    for m, use in zip(mentions, uses, strict=True):
        if use in (USE_TRAINED, USE_CALLED) and m.place in ("role", "project"):
            decided.setdefault(m.item_id, use)
    final: list[Mention] = []
    for m, own in zip(mentions, uses, strict=True):
        use = own if own in (USE_TRAINED, USE_CALLED, USE_ANALYSIS) else decided.get(m.item_id, "")
        if m.item_id in models and use == USE_TRAINED and m.column != models[m.item_id]:
            m = replace(m, column=models[m.item_id], category=TRAINED_CATEGORY, use=use)  # type: ignore[arg-type]
        elif use != m.use:
            m = replace(m, use=use)  # a replace per mention cost more than the rest of this step
        final.append(m)
    return final
