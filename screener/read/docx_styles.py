"""Bold, size, visibility and list numbering of Word runs and paragraphs, resolved through their styles.

A run's property comes from the run itself, else its character style (and the styles that
one is based on), else its paragraph's style chain, else the document defaults: how Word
shows it, short of theme fonts and table styles, which rarely carry what marks a heading.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from screener.read.flow import BODY_SIZE
from screener.read.wordml import PPR, RPR, attr, q

MIN_VISIBLE_SIZE = 4.0  # points, as for a PDF's glyphs
MAX_STYLE_DEPTH = 16  # basedOn chains are short; a loop must not hang the reader
_WHITE = ("FFFFFF", "FFFFFE", "FEFEFE")
_OFF = ("0", "false", "off", "none")


def on(el: Any) -> bool:
    """A toggle element (<w:b/>, <w:b w:val="false"/>): present and not switched off."""
    return el is not None and (attr(el, "val") or "true").lower() not in _OFF


@dataclass
class _Props:
    bold: bool | None = None
    size: float | None = None
    vanish: bool | None = None
    white: bool | None = None
    numbered: bool | None = None

    def under(self, base: _Props) -> _Props:
        """These properties, with `base` filling what they leave unset."""
        return _Props(
            self.bold if self.bold is not None else base.bold,
            self.size if self.size is not None else base.size,
            self.vanish if self.vanish is not None else base.vanish,
            self.white if self.white is not None else base.white,
            self.numbered if self.numbered is not None else base.numbered,
        )


_B, _SZ, _VANISH, _COLOR, _VAL = q("b"), q("sz"), q("vanish"), q("color"), q("val")


def _run_props(rpr: Any) -> _Props:
    """The properties a run's (or a style's) rPr sets; one pass over its children (runs are many)."""
    props = _Props()
    if rpr is None:
        return props
    for child in rpr:
        tag = child.tag
        if tag == _B:
            props.bold = on(child)
        elif tag == _SZ:
            with contextlib.suppress(TypeError, ValueError):
                props.size = float(child.get(_VAL)) / 2  # half-points
        elif tag == _VANISH:
            props.vanish = on(child)
        elif tag == _COLOR:
            colour = child.get(_VAL)
            if colour:
                props.white = colour.upper() in _WHITE
    return props


def _numbered(ppr: Any) -> bool | None:
    num = ppr.find(q("numPr")) if ppr is not None else None
    if num is None:
        return None
    return attr(num.find(q("numId")), "val") not in (None, "0")


class Styles:
    def __init__(self, part: Any) -> None:
        self.own: dict[str, tuple[str | None, _Props]] = {}  # style id -> (based on, its own properties)
        self.defaults = _Props(bold=False, size=BODY_SIZE, vanish=False, white=False, numbered=False)
        self.default_paragraph: str | None = None
        self.resolved: dict[str | None, _Props] = {}
        self.runs: dict[tuple[int, str | None], tuple[bool, float, str]] = {}
        try:
            root = part.styles.element
        except Exception:  # noqa: BLE001 - a missing or damaged styles part leaves Word's defaults
            return
        defaults = root.find(f"{q('docDefaults')}/{q('rPrDefault')}/{RPR}")
        self.defaults = _run_props(defaults).under(self.defaults)
        for style in root.iterfind(q("style")):
            sid = attr(style, "styleId")
            if not sid:
                continue
            props = _run_props(style.find(RPR))
            props.numbered = _numbered(style.find(PPR))
            self.own[sid] = (attr(style.find(q("basedOn")), "val"), props)
            if attr(style, "type") == "paragraph" and on_default(style):
                self.default_paragraph = sid

    def style(self, sid: str | None) -> _Props:
        """A style's properties with its basedOn chain and the document defaults below them."""
        if sid in self.resolved:
            return self.resolved[sid]
        chain: list[_Props] = []
        current, seen = sid, 0
        while current and current in self.own and seen < MAX_STYLE_DEPTH:
            based_on, props = self.own[current]
            chain.append(props)
            current, seen = based_on, seen + 1
        result = self.defaults
        for props in reversed(chain):
            result = props.under(result)
        self.resolved[sid] = result
        return result

    def paragraph_style(self, sid: str | None) -> _Props:
        return self.style(sid if sid in self.own else self.default_paragraph)

    def run_style(self, rpr: Any, paragraph_sid: str | None) -> tuple[bool, float, str]:
        """(bold, size in points, why a reader cannot see it or '') of a run."""
        run_sid = attr(rpr.find(q("rStyle")), "val") if rpr is not None else None
        base = self.paragraph_style(paragraph_sid)
        if run_sid and run_sid in self.own:
            chain = self._own_chain(run_sid)
            base = chain.under(base)
        props = _run_props(rpr).under(base)
        size = props.size or BODY_SIZE
        hidden = ""
        if props.vanish:
            hidden = "hidden-in-word"
        elif 0 < size < MIN_VISIBLE_SIZE:
            hidden = "tiny-font"
        elif props.white:
            hidden = "same-colour-as-background"
        return bool(props.bold), size, hidden

    def _own_chain(self, sid: str | None) -> _Props:
        """A character style's own properties (its chain, no defaults), to lay over the paragraph's."""
        result = _Props()
        current, seen = sid, 0
        while current and current in self.own and seen < MAX_STYLE_DEPTH:
            based_on, props = self.own[current]
            result = result.under(props)
            current, seen = based_on, seen + 1
        return result

    def numbered(self, ppr: Any, paragraph_sid: str | None) -> bool:
        """A list item: numbering on the paragraph, else on its style chain."""
        direct = _numbered(ppr)
        if direct is not None:
            return direct
        return bool(self.paragraph_style(paragraph_sid).numbered)


def on_default(style: Any) -> bool:
    return (attr(style, "default") or "").lower() in ("1", "true", "on")
