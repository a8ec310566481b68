"""The evidence the page's script draws on demand, embedded as JSON: the record fields `explain` prints.

Nothing is recomputed here; the records are only reshaped so a page of hundreds stays small.
"""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import dataclass
from typing import Any

from screener.output.report.coerce import clip, items, num, whole
from screener.output.report.labels import FLAG_MEANINGS, display_name

# Embedded evidence larger than this (in UTF-8 bytes) is deflated (the page stays small for big screens).
INLINE_JSON_LIMIT = 600_000
# A deflated island is base64 in lines of this many characters.
PACKED_LINE = 120
# Per tool, the places the page lists (the rest are counted); per flag, the lines and quotes it cites.
TOOL_PLACES, FLAG_LINES, FLAG_QUOTES = 4, 12, 5
# Cited lines and quotes are cut to these lengths.
LINE_LIMIT, QUOTE_LIMIT = 300, 200
SHA_SHOWN = 16


def script_json(value: Any) -> str:
    """JSON safe inside <script>: `</script>`, `<!--` and line separators cannot break out."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@dataclass(frozen=True)
class Island:
    """The data as the page embeds it: readable JSON, or deflated base64 lines when it is large."""

    json: str | None
    packed_lines: str | None


def island(data: dict[str, Any]) -> Island:
    """A screen of hundreds of resumes carries a few megabytes of evidence; deflate brings it to about a
    third, which keeps the page under 2 MB for 500 candidates. Base64 has no character that could end
    the script element."""
    text = script_json(data)
    if len(text.encode("utf-8")) <= INLINE_JSON_LIMIT:
        return Island(text, None)
    packed = base64.b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")
    return Island(None, "\n".join(packed[k:k + PACKED_LINE] for k in range(0, len(packed), PACKED_LINE)))


def page_data(records: list[dict[str, Any]], run: dict[str, Any]) -> dict[str, Any]:
    """What the script needs, from the records as they are.

    Per candidate, the repeated lists are arrays (the page must stay small for hundreds):
      roles  [title, organization, location, kind, start, end, dates_text, months, llm_applied,
              academic, line, problems]
      tenure [role index, start, end, months, reason]
      tools  [name, kind, column, category, weight, months, last_used,
              [[line, place, alias (null when it is the name), fuzzy], ...up to 4], further places]
      lines  {line number: text}, each cited line once
      flags  [code, reason, lines, quotes (up to 5)]
      parts  [name, points, why]
    """
    return {
        "role": run.get("role"),
        "as_of": run.get("as_of"),
        "flagMeanings": FLAG_MEANINGS,
        "c": [_candidate(i, r) for i, r in enumerate(records)],
    }


def _tools(r: dict[str, Any], lines: dict[str, str]) -> list[list[Any]]:
    """The tools as arrays; every line a place cites goes into `lines` once."""
    tools = []
    for t in items(r.get("tools")):
        if not isinstance(t, dict):
            continue
        found = [f for f in items(t.get("found")) if isinstance(f, dict)]
        places = []
        for f in found[:TOOL_PLACES]:
            line = whole(f.get("line"))
            if line is not None:
                lines.setdefault(str(line), clip(f.get("text"), LINE_LIMIT))
            alias = f.get("alias")
            places.append([line, f.get("place"), None if alias == t.get("name") else alias, bool(f.get("fuzzy"))])
        tools.append([t.get("name"), t.get("kind"), t.get("column"), t.get("category"), num(t.get("weight")),
                      whole(t.get("months")) or 0, t.get("last_used"), places, max(len(found) - TOOL_PLACES, 0)])
    return tools


def _roles(r: dict[str, Any]) -> list[list[Any]]:
    return [
        [ro.get("title"), ro.get("organization"), ro.get("location"), ro.get("kind"), ro.get("start"),
         ro.get("end"), ro.get("dates_text"), whole(ro.get("months")) or 0, bool(ro.get("llm_applied")),
         bool(ro.get("academic")), whole(ro.get("line")), [str(p) for p in items(ro.get("problems"))]]
        for ro in items(r.get("roles")) if isinstance(ro, dict)
    ]


def _evidence(r: dict[str, Any]) -> dict[str, Any]:
    """The lists behind the figures: roles, tenure, tools with their lines, flags, score parts."""
    lines: dict[str, str] = {}
    tools = _tools(r, lines)
    return {
        "roles": _roles(r),
        "ten": [[whole(p.get("role")), p.get("start"), p.get("end"), whole(p.get("months")) or 0, p.get("reason")]
                for p in items(r.get("tenure")) if isinstance(p, dict)],
        "tools": tools,
        "lines": lines,
        "flags": [[f.get("code"), f.get("reason"),
                   [x for x in items(f.get("lines")) if whole(x) is not None][:FLAG_LINES],
                   [clip(q, QUOTE_LIMIT) for q in items(f.get("quote"))[:FLAG_QUOTES]]]
                  for f in items(r.get("flags")) if isinstance(f, dict)],
        "parts": [[p.get("name"), num(p.get("points")) or 0.0, p.get("why")]
                  for p in items(r.get("score_parts")) if isinstance(p, dict)],
    }


def _candidate(i: int, r: dict[str, Any]) -> dict[str, Any]:
    # The keys' order is the JSON's: the page must stay byte-identical, so it is kept as it was.
    return {
        "i": i,
        "n": display_name(r),
        "rk": whole(r.get("rank")),
        "s": num(r.get("fit_score")),
        "p": r.get("profile") or "",
        "st": r.get("status") or "",
        "sh": num(r.get("column_a_share")),
        "llm": whole(r.get("llm_tenure_months")),
        "exp": whole(r.get("total_experience_months")),
        "fl": [str(c) for c in items(r.get("red_flags"))],
        "title": r.get("latest_title") or "",
        "head": r.get("headline") or "",
        "notes": r.get("notes") or "",
        "reason": r.get("reason") or "",
        "pr": r.get("profile_reason") or "",
        "sp": r.get("specialty") or "",
        "spr": r.get("specialty_reason") or "",
        "a": num(r.get("column_a")) or 0.0,
        "b": num(r.get("column_b")) or 0.0,
        "email": r.get("email") or "",
        "phone": r.get("phone") or "",
        "links": [str(x) for x in items(r.get("links"))],
        "loc": r.get("location") or "",
        "file": r.get("file") or "",
        "sha": (r.get("sha256") or "")[:SHA_SHOWN],
        "rd": r.get("resume_date") or "",
        "role": r.get("role") or "",
        "secs": [str(s) for s in items(r.get("sections"))],
        **_evidence(r),
    }
