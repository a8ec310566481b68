"""Where a spot of the document stands: its section, its role, and the piece of a line it is in.

A line belongs to the section and role whose lines hold it. A paragraph holding a whole career is
cut into pieces (parse/fallback.py), each a Line that records the (line number, start, end) parts
of the document's lines it covers (`Line.pieces`): a spot on such a line belongs to the piece
whose part holds its character offset, so that "AI Engineer, Parcel Loop (...): ... LangChain"
ties LangChain to that entry and not to the other entries that share its visual lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from screener.model import Line, Role, Section


@dataclass(frozen=True)
class Spot:
    """What holds one spot: section, role index, and the piece (None on a whole line)."""

    section: Section | None
    role: int | None
    piece: Line | None


@dataclass
class Places:
    section_at: dict[int, Section] = field(default_factory=dict)  # line number -> section (whole lines)
    role_at: dict[int, int] = field(default_factory=dict)  # line number -> role index (whole lines)
    # line number -> (start, end, piece) for each piece holding part of that line
    parts: dict[int, list[tuple[int, int, Line]]] = field(default_factory=dict)
    piece_section: dict[tuple[tuple[int, int, int], ...], Section] = field(default_factory=dict)
    piece_role: dict[tuple[tuple[int, int, int], ...], int] = field(default_factory=dict)

    @classmethod
    def build(cls, sections: list[Section], roles: list[Role]) -> Places:
        out = cls()
        for sec in sections:
            for ln in sec.lines:
                if ln.pieces:
                    out.piece_section[ln.pieces] = sec
                    for number, start, end in ln.pieces:
                        out.parts.setdefault(number, []).append((start, end, ln))
                else:
                    out.section_at[ln.number] = sec
        for i, role in enumerate(roles):
            for ln in role.lines:
                if ln.pieces:
                    out.piece_role[ln.pieces] = i
                else:
                    out.role_at[ln.number] = i
        return out

    def at(self, number: int, offset: int) -> Spot:
        """What holds character `offset` of line `number`."""
        for start, end, piece in self.parts.get(number, ()):
            if start <= offset < end:
                return Spot(self.piece_section.get(piece.pieces), self.piece_role.get(piece.pieces), piece)
        return Spot(self.section_at.get(number), self.role_at.get(number), None)
