"""Small builders for tests: lines and sections without a PDF."""

from __future__ import annotations

from typing import Any

from screener.model import Document, Line, Screening, Section
from screener.pipeline import judge


def mk_lines(*specs: str | tuple[str, float, bool], bullet_prefix: str = "• ") -> list[Line]:
    """Lines from text (10 pt) or (text, size, bold); a leading '• ' marks a bullet."""
    out: list[Line] = []
    for i, spec in enumerate(specs, 1):
        text, size, bold = (spec, 10.0, False) if isinstance(spec, str) else spec
        bullet = text.startswith(bullet_prefix)
        if bullet:
            text = text[len(bullet_prefix) :]
        out.append(
            Line(
                text=text,
                page=1,
                x0=40,
                top=20.0 * i,
                x1=500,
                bottom=20.0 * i + size,
                size=size,
                bold=bold,
                number=i,
                bullet=bullet,
            )
        )
    return out


def section(kind: str, *specs: str | tuple[str, float, bool]) -> Section:
    return Section(kind=kind, heading=kind.title(), lines=mk_lines(*specs))


def H(text: str) -> tuple[str, float, bool]:
    """A heading line."""
    return (text, 12.0, True)


NAME = ("Alex Example", 20.0, True)


def screen_text(
    config: Any, *lines: str | tuple[str, float, bool], date: str = "2026-10-15", role: str = "ai-engineer"
) -> Screening:
    """Judge a resume given as lines ('• ' starts a bullet; (text, size, bold) for headings)."""
    doc = Document(lines=mk_lines(*lines), pages=1, metadata_date=date, engine="test")
    result = Screening(file="t.pdf", sha256="", status="ok")
    judge(doc, result, config.replace(role=role))
    return result
