"""The HTML report: one self-contained page per screen, drawn from the same records as the CSV.

`render_html(records, run)` turns the records of `screener.record` (one per file, in
rank order) into a single HTML page that works offline: the styles, the script and the chart
are inline; nothing is fetched (a Content-Security-Policy forbids it, and lets only this
module's own script run).

What is on the page:

- the run: role, as-of date, taxonomy version, source, counts per profile and per flag, and the
  files that could not be read with the reason;
- a quadrant chart (inline SVG): one point per ranked candidate at (column A weight, column B
  weight), coloured by profile, a diamond when flagged; hover shows name and score, a click opens
  the candidate;
- the ranked table (static markup, so it reads without a script): sortable, filterable by profile
  and flag, searchable by name or tool;
- each candidate's evidence, drawn on demand from the embedded data (the same record fields
  `screener explain` prints): dated roles on a timeline with the LLM-applied months shaded, every
  tool with the lines it came from and its column, each flag with its reason and quotes, the
  score's parts. Nothing is recomputed here.

Resume text is never trusted: every value written into the markup goes through `html.escape`,
the embedded JSON escapes `<`, `>`, `&`, U+2028 and U+2029, and the script builds the evidence
with `textContent` only.

`load_records(path)` reads back what a screen saved: a JSONL file (`--format jsonl`) or the
state database, so `screener report` can redraw the page without screening again.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import zlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path, PureWindowsPath
from typing import Any

__all__ = ["ReportError", "load_records", "render_html", "run_info"]

PROFILES = ("ai-engineer", "ml-engineer", "hybrid", "none")
PROFILE_LABELS = {
    "ai-engineer": "AI engineer",
    "ml-engineer": "ML engineer",
    "hybrid": "Hybrid",
    "none": "Neither",
}
ROLE_LABELS = {"ai-engineer": "AI engineer (LLM-applied)", "ml-engineer": "ML engineer (production ML)"}

# One line each, from the README's table: what a recruiter should read into a flag.
FLAG_MEANINGS = {
    "research-only": "Only academic or research roles, and nothing shipped to production.",
    "llm-tenure-claim-implausible": "Claims more years of LLM work than the calendar or the dated roles allow.",
    "tool-anachronism": "Names a tool in a role that ended before the tool was released.",
    "skills-without-evidence": "Most AI/ML tools appear only in a skills list, never in a role or project.",
    "no-measured-outcomes": "No LLM-applied role states a measured result.",
    "title-mismatch": "The title says one kind of engineer; the evidence says the other.",
    "hidden-text": "The PDF carries words a reader cannot see; they were kept out of the evidence.",
    "no-text-layer": "The PDF has no text to read (a scan or an image).",
}

# The profile rule's defaults (skill_taxonomy/scoring.toml [profile]); the chart's guides only.
DEFAULT_PROFILE_RULE = {"min_evidence": 4.0, "dominant_share": 0.60, "hybrid_min_each": 6.0}

_SQLITE_MAGIC = b"SQLite format 3\x00"

# Embedded evidence larger than this is deflated (the page stays small for big screens).
INLINE_JSON_LIMIT = 600_000


class ReportError(Exception):
    """The source cannot be drawn: missing, not a screen's JSONL, or an unusable state database."""


# --------------------------------------------------------------------------- small helpers


def esc(value: Any) -> str:
    """Text for HTML content or a quoted attribute: None is empty, everything else escaped."""
    return html.escape("" if value is None else str(value), quote=True)


def script_json(value: Any) -> str:
    """JSON safe inside <script>: `</script>`, `<!--` and line separators cannot break out."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _int(value: Any) -> int | None:
    n = _num(value)
    return None if n is None else int(n)


def _g(value: float) -> str:
    """A weight as `explain` prints it (%g)."""
    return f"{value:g}"


def fmt_score(value: Any) -> str:
    """The fit score as the CSV writes it (one decimal)."""
    n = _num(value)
    return "" if n is None else f"{n:.1f}"


def fmt_share(value: Any) -> str:
    """Column A's share as the CSV writes it (two decimals)."""
    n = _num(value)
    return "" if n is None else f"{n:.2f}"


def fmt_int(value: Any) -> str:
    n = _int(value)
    return "" if n is None else str(n)


def _basename(path: str) -> str:
    return PureWindowsPath(path).name or path


def display_name(rec: dict[str, Any]) -> str:
    """The candidate's name, else the file's name (a scan or an unreadable file has no name)."""
    return str(rec.get("candidate") or _basename(str(rec.get("file") or "")) or "(unnamed)")


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _text(value: Any, limit: int = 600) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_ranked(rec: dict[str, Any]) -> bool:
    return rec.get("status") == "ok"


def _is_unreadable(rec: dict[str, Any]) -> bool:
    return rec.get("status") not in ("ok", "duplicate")


def _most_common(values: Iterable[Any]) -> str | None:
    counts = Counter(str(v) for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def run_info(records: list[dict[str, Any]], **given: Any) -> dict[str, Any]:
    """The run dict `render_html` takes, filling what is not given from the records.

    Keys: `role`, `as_of` (None when unknown: the page then shows only resume dates),
    `taxonomy_version`, `generated` (the as-of date, never the wall clock: the same screen
    gives the same page), `source`, and optionally `profile_rule` (the scoring.toml [profile]
    thresholds, for the chart's guides) and `title`. Extra keys are kept.
    """
    run: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    run.setdefault("role", _most_common(r.get("role") for r in records) or "ai-engineer")
    versions = sorted({str(r["taxonomy_version"]) for r in records if r.get("taxonomy_version")})
    run.setdefault("taxonomy_version", ", ".join(versions) if versions else None)
    run.setdefault("as_of", None)
    run.setdefault("generated", run.get("as_of"))
    run.setdefault("source", None)
    return run


def _profile_rule(run: dict[str, Any]) -> dict[str, float]:
    rule = dict(DEFAULT_PROFILE_RULE)
    for k, v in (run.get("profile_rule") or {}).items():
        n = _num(v)
        if k in rule and n is not None and n > 0:
            rule[k] = n
    return rule


# --------------------------------------------------------------------------- the page


def render_html(records: list[dict[str, Any]], run: dict[str, Any]) -> str:
    """The whole report as one HTML document (records in rank order, as `runner.rank` gives them)."""
    run = run_info(records, **run)
    script = _SCRIPT
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
           "base-uri 'none'; form-action 'none'")
    role = str(run.get("role") or "")
    title = run.get("title") or f"Screen for {ROLE_LABELS.get(role, role) or 'candidates'}"
    if run.get("as_of"):
        title += f" — as of {run['as_of']}"
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{esc(csp)}\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        "<meta name=\"generator\" content=\"screener\">\n",
        f"<title>{esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n",
        "<a class=\"skip\" href=\"#ranked\">Skip to the ranked table</a>\n",
        _header(run, title),
        "<main class=\"wrap\">\n",
        _summary(records),
        _chart(records, run),
        _table(records),
        "</main>\n",
        _footer(run),
        _data_script(_data(records, run)),
        f"<script>{script}</script>\n</body>\n</html>\n",
    ]
    return "".join(parts)


def _data_script(data: dict[str, Any]) -> str:
    """The evidence for the script: readable JSON, or deflated and base64-encoded when it is large.

    A screen of hundreds of resumes carries a few megabytes of evidence; deflate brings it
    to about a third, which keeps the page under 2 MB for 500 candidates. Base64 has no
    character that could end the script element.
    """
    text = script_json(data)
    if len(text.encode("utf-8")) <= INLINE_JSON_LIMIT:
        return f"<script type=\"application/json\" id=\"screen-data\">{text}</script>\n"
    packed = base64.b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")
    lines = "\n".join(packed[k:k + 120] for k in range(0, len(packed), 120))
    return (f"<script type=\"application/octet-stream\" id=\"screen-data\" data-encoding=\"deflate-base64\">\n"
            f"{lines}\n</script>\n")


def _header(run: dict[str, Any], title: str) -> str:
    meta = []
    role = str(run.get("role") or "")
    meta.append(("Role", ROLE_LABELS.get(role, role)))
    meta.append(("As of", run.get("as_of") or "not recorded (resume dates only)"))
    meta.append(("Taxonomy", run.get("taxonomy_version") or "unknown"))
    if run.get("source"):
        meta.append(("Source", run["source"]))
    if run.get("generated"):
        meta.append(("Generated", run["generated"]))
    out = ["<header class=\"top\">\n<div class=\"wrap\">\n",
           "<p class=\"kicker\">screener report</p>\n",
           f"<h1>{esc(title)}</h1>\n<dl class=\"meta\">"]
    out += [f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in meta]
    out.append("</dl>\n<p class=\"promise\">screener ranks and explains; it never rejects anyone on its own. "
               "Every figure below links to the resume lines behind it. A person makes the call.</p>\n")
    out.append("</div>\n</header>\n")
    return "".join(out)


def _summary(records: list[dict[str, Any]]) -> str:
    """The run in figures: files, profiles, flags, and every file that could not be read with the reason."""
    ranked = [r for r in records if _is_ranked(r)]
    dups = [r for r in records if r.get("status") == "duplicate"]
    bad = [r for r in records if _is_unreadable(r)]
    profiles = Counter(str(r.get("profile") or "") for r in ranked)
    flags = Counter(code for r in records for code in _list(r.get("red_flags")))
    flagged = sum(1 for r in ranked if _list(r.get("red_flags")))
    out = ["<section class=\"summary\" aria-labelledby=\"h-run\">\n"
           "<h2 id=\"h-run\" class=\"vh\">The run</h2>\n<div class=\"cards\">\n"]
    cards = [("Files", len(records), ""), ("Ranked", len(ranked), ""),
             ("Ranked with a red flag", flagged, ""), ("Could not be read", len(bad), " warn" if bad else "")]
    if dups:
        cards.append(("Duplicates (ranked once)", len(dups), ""))
    for label, n, cls in cards:
        out.append(f"<div class=\"card{cls}\"><span class=\"big\">{n}</span><span>{esc(label)}</span></div>\n")
    out.append("</div>\n<div class=\"counts\">\n<div>\n<h3>Profiles</h3>\n<ul class=\"plist\">")
    extra_profiles = sorted(p for p in profiles if p not in PROFILES)
    for p in (*PROFILES, *extra_profiles):
        out.append(f"<li><span class=\"dot {_pcls(p)}\" aria-hidden=\"true\"></span>"
                   f"<span class=\"pl\">{esc(p)}</span> <b>{profiles.get(p, 0)}</b></li>")
    out.append("</ul>\n")
    if ranked:
        out.append("<div class=\"stack\" aria-hidden=\"true\">")
        for p in (*PROFILES, *extra_profiles):
            if profiles.get(p):
                out.append(f"<span class=\"{_pcls(p)}\" style=\"width:{100 * profiles[p] / len(ranked):.2f}%\"></span>")
        out.append("</div>\n")
    out.append("</div>\n<div>\n<h3>Red flags</h3>\n")
    if flags:
        out.append("<ul class=\"flist\">")
        known = [c for c in FLAG_MEANINGS if c in flags] + sorted(c for c in flags if c not in FLAG_MEANINGS)
        for code in known:
            out.append(f"<li><span class=\"flag\">{esc(code)}</span> <b>{flags[code]}</b>"
                       f"<span class=\"why\">{esc(FLAG_MEANINGS.get(code, ''))}</span></li>")
        out.append("</ul>\n")
    else:
        out.append("<p class=\"muted\">No red flags raised.</p>\n")
    out.append("</div>\n</div>\n")
    if bad:
        out.append("<div class=\"unread\">\n<h3>Could not be read</h3>\n<ul>")
        for r in bad:
            out.append(f"<li><span class=\"file\">{esc(r.get('file'))}</span> "
                       f"<span class=\"status\">{esc(r.get('status'))}</span> — "
                       f"{esc(r.get('reason') or r.get('notes') or '')}</li>")
        out.append("</ul>\n</div>\n")
    out.append("</section>\n")
    return "".join(out)


def _pcls(profile: str) -> str:
    return {"ai-engineer": "p-ai", "ml-engineer": "p-ml", "hybrid": "p-hy", "none": "p-no"}.get(profile, "p-x")


# --------------------------------------------------------------------------- the chart

_CW, _CH = 640, 470
_ML, _MR, _MT, _MB = 58, 18, 18, 52
_NICE = (12, 16, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 400, 500, 750, 1000)


def _axis_max(values: list[float], depth: float) -> float:
    top = max([*values, depth * 3, 1.0])
    for nice in _NICE:
        if nice >= top * 1.04:
            return float(nice)
    return float(math.ceil(top * 1.04 / 100.0) * 100)


def _ticks(m: float) -> list[float]:
    base = [0, 1, 2, 4, 6, 10, 15, 20, 30, 40, 50, 60, 80, 100, 150, 200, 300, 400, 500, 750, 1000]
    return [float(t) for t in base if t <= m]


def _chart(records: list[dict[str, Any]], run: dict[str, Any]) -> str:
    rule = _profile_rule(run)
    depth, dominant = rule["hybrid_min_each"], rule["dominant_share"]
    points = [(i, r) for i, r in enumerate(records) if _is_ranked(r)]
    coords = [(max(_num(r.get("column_a")) or 0.0, 0.0), max(_num(r.get("column_b")) or 0.0, 0.0)) for _, r in points]
    m = _axis_max([v for c in coords for v in c], depth)
    pw, ph = _CW - _ML - _MR, _CH - _MT - _MB

    n = len(points)
    radius = 9.0 if n <= 60 else 6.5 if n <= 200 else 4.5
    pad = radius + 3  # a point at 0 sits inside the frame, clear of the axis

    def sx(v: float) -> float:
        return _ML + pad + math.sqrt(min(max(v, 0.0), m) / m) * (pw - pad)

    def sy(v: float) -> float:
        return _MT + ph - pad - math.sqrt(min(max(v, 0.0), m) / m) * (ph - pad)

    labels = radius >= 9.0
    out = ["<section class=\"panel\" aria-labelledby=\"h-chart\">\n",
           "<h2 id=\"h-chart\">Where the evidence lies</h2>\n",
           "<p class=\"lede\">Each ranked candidate at (column A, column B): the weight of LLM-applied evidence "
           "against production-ML evidence, counted where it stands (inside a role counts most). "
           f"The lines at {_g(depth)} mark the depth a hybrid needs in both columns; the colour is the profile "
           f"screener called (a column holding {round(dominant * 100)}% or more of the evidence decides). "
           "Hover a point for the name and score; click it to open the evidence.</p>\n"
           "<div class=\"chartbox\">\n"]
    out.append(f"<svg id=\"chart\" class=\"chart\" viewBox=\"0 0 {_CW} {_CH}\" role=\"group\" "
               f"aria-labelledby=\"chart-title\" aria-describedby=\"chart-desc\" font-family=\"inherit\">\n"
               f"<title id=\"chart-title\">Candidates by column A and column B evidence</title>\n"
               f"<desc id=\"chart-desc\">{n} ranked candidates plotted by column A weight (horizontal) and "
               f"column B weight (vertical), square-root scales from 0 to {_g(m)}.</desc>\n")
    x0, x1, y0, y1 = float(_ML), float(_ML + pw), float(_MT + ph), float(_MT)  # the frame
    ox, oy, xd, yd = sx(0), sy(0), sx(depth), sy(depth)
    # Labels sit by the dividers, away from the axes where the points crowd.
    quads = [
        ("q-no", x0, yd, xd - x0, y0 - yd, PROFILE_LABELS["none"], xd - 6, yd + 16, "end"),
        ("q-ai", xd, yd, x1 - xd, y0 - yd, PROFILE_LABELS["ai-engineer"], x1 - 6, yd + 16, "end"),
        ("q-ml", x0, y1, xd - x0, yd - y1, PROFILE_LABELS["ml-engineer"], xd - 6, y1 + 16, "end"),
        ("q-hy", xd, y1, x1 - xd, yd - y1, PROFILE_LABELS["hybrid"], x1 - 6, y1 + 16, "end"),
    ]
    for cls, x, y, w, h, _, _, _, _ in quads:
        out.append(f"<rect class=\"quad {cls}\" x=\"{x:.1f}\" y=\"{y:.1f}\" width=\"{w:.1f}\" height=\"{h:.1f}\"/>")
    out.append("\n<g class=\"grid\" aria-hidden=\"true\">")
    for t in _ticks(m):
        out.append(f"<line x1=\"{sx(t):.1f}\" y1=\"{y0:.1f}\" x2=\"{sx(t):.1f}\" y2=\"{y0 + 5:.1f}\"/>"
                   f"<text x=\"{sx(t):.1f}\" y=\"{y0 + 17:.1f}\" text-anchor=\"middle\">{_g(t)}</text>"
                   f"<line x1=\"{x0 - 5:.1f}\" y1=\"{sy(t):.1f}\" x2=\"{x0:.1f}\" y2=\"{sy(t):.1f}\"/>"
                   f"<text x=\"{x0 - 8:.1f}\" y=\"{sy(t) + 4:.1f}\" text-anchor=\"end\">{_g(t)}</text>")
    out.append("</g>\n")
    # The share rule's boundaries are straight lines through the origin on square-root scales too.
    guides = []
    for share, label in ((dominant, f"{round(dominant * 100)}% A"), (1 - dominant, f"{round(dominant * 100)}% B")):
        slope = math.sqrt((1 - share) / share) * (ph - pad) / (pw - pad)  # in pixels, up per right
        if slope * (x1 - ox) <= oy - y1:
            ex, ey = x1, oy - slope * (x1 - ox)
        else:
            ex, ey = ox + (oy - y1) / slope, y1
        guides.append(f"<line class=\"guide\" x1=\"{ox:.1f}\" y1=\"{oy:.1f}\" x2=\"{ex:.1f}\" y2=\"{ey:.1f}\"/>"
                      f"<text class=\"guide-l\" x=\"{ex - 4:.1f}\" y=\"{ey + (14 if ex == x1 else 12):.1f}\" "
                      f"text-anchor=\"end\">{esc(label)}</text>")
    out.append("<g aria-hidden=\"true\">" + "".join(guides) + "</g>\n")
    out.append(f"<line class=\"divider\" x1=\"{xd:.1f}\" y1=\"{y1:.1f}\" x2=\"{xd:.1f}\" y2=\"{y0:.1f}\"/>"
               f"<line class=\"divider\" x1=\"{x0:.1f}\" y1=\"{yd:.1f}\" x2=\"{x1:.1f}\" y2=\"{yd:.1f}\"/>\n"
               f"<rect class=\"frame\" x=\"{x0:.1f}\" y=\"{y1:.1f}\" width=\"{pw:.1f}\" height=\"{ph:.1f}\"/>\n")
    out.append("<g class=\"qlabels\" aria-hidden=\"true\">")
    for cls, _, _, _, _, label, lx, ly, anchor in quads:
        out.append(f"<text class=\"ql {cls}\" x=\"{lx:.1f}\" y=\"{ly:.1f}\" text-anchor=\"{anchor}\">"
                   f"{esc(label)}</text>")
    out.append("</g>\n")
    out.append(f"<text class=\"axis\" x=\"{x0 + pw / 2:.1f}\" y=\"{_CH - 10}\" text-anchor=\"middle\">"
               "Column A — LLM-applied evidence (weight, √ scale)</text>"
               f"<text class=\"axis\" transform=\"translate(16 {y1 + ph / 2:.1f}) rotate(-90)\" "
               "text-anchor=\"middle\">Column B — production-ML evidence (weight, √ scale)</text>\n")
    out.append("<g class=\"points\">\n")
    spots = _Spots(2 * radius + 1)
    # Draw the best-ranked last, so it sits on top where points crowd.
    drawn = []
    for (i, r), (a, b) in zip(points, coords, strict=True):
        x, y = _free_spot(sx(a), sy(b), spots, radius, (x0, x1, y1, y0))
        spots.add(x, y)
        drawn.append((i, r, a, b, x, y))
    for i, r, a, b, x, y in reversed(drawn):
        flagged = bool(_list(r.get("red_flags")))
        name = display_name(r)
        tip = (f"{r.get('rank') or '–'}. {name} — {fmt_score(r.get('fit_score'))} "
               f"({r.get('profile')}); A {_g(a)}, B {_g(b)}")
        if flagged:
            tip += "; flags: " + ", ".join(str(c) for c in _list(r.get("red_flags")))
        shape = (_diamond(x, y, radius * 1.3) if flagged
                 else f"<circle cx=\"{x:.1f}\" cy=\"{y:.1f}\" r=\"{radius:.1f}\"/>")
        label = ""
        if labels and r.get("rank") is not None:
            rank = str(r.get("rank"))
            size = 9 if len(rank) < 3 else 7
            label = (f"<text x=\"{x:.1f}\" y=\"{y + size * 0.36:.1f}\" text-anchor=\"middle\" "
                     f"font-size=\"{size}\">{esc(rank)}</text>")
        out.append(f"<a href=\"#c-{i}\" class=\"pt {_pcls(str(r.get('profile') or ''))}"
                   f"{' flagged' if flagged else ''}\" data-i=\"{i}\">"
                   f"<title>{esc(tip)}</title>{shape}{label}</a>\n")
    out.append("</g>\n</svg>\n")
    out.append("<ul class=\"legend\" aria-label=\"Legend\">")
    for p in PROFILES:
        out.append(f"<li><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><circle class=\"{_pcls(p)}\" "
                   f"cx=\"7\" cy=\"7\" r=\"6\"/></svg>{esc(p)}</li>")
    out.append("<li><svg width=\"16\" height=\"16\" aria-hidden=\"true\">"
               f"{_diamond(8, 8, 7, 'lg-flag')}</svg>red flag(s) raised</li>"
               "<li><svg width=\"22\" height=\"10\" aria-hidden=\"true\"><line class=\"guide\" x1=\"0\" y1=\"5\" "
               "x2=\"22\" y2=\"5\"/></svg>share rule</li>")
    out.append("</ul>\n")
    if not points:
        out.append("<p class=\"muted\">No candidate could be ranked, so there is nothing to plot.</p>\n")
    out.append("</div>\n</section>\n")
    return "".join(out)


def _diamond(x: float, y: float, r: float, cls: str = "") -> str:
    c = f" class=\"{cls}\"" if cls else ""
    return f"<path{c} d=\"M{x:.1f} {y - r:.1f}L{x + r:.1f} {y:.1f}L{x:.1f} {y + r:.1f}L{x - r:.1f} {y:.1f}Z\"/>"


class _Spots:
    """Where points already sit, hashed on a grid, so placing n points stays fast."""

    def __init__(self, gap: float) -> None:
        self.gap = gap
        self.cells: dict[tuple[int, int], list[tuple[float, float]]] = {}

    def free(self, x: float, y: float) -> bool:
        cx, cy = int(x // self.gap), int(y // self.gap)
        g2 = self.gap * self.gap
        return all((x - qx) ** 2 + (y - qy) ** 2 >= g2
                   for dx in (-1, 0, 1) for dy in (-1, 0, 1) for qx, qy in self.cells.get((cx + dx, cy + dy), ()))

    def add(self, x: float, y: float) -> None:
        self.cells.setdefault((int(x // self.gap), int(y // self.gap)), []).append((x, y))


def _free_spot(x: float, y: float, spots: _Spots, r: float,
               box: tuple[float, float, float, float]) -> tuple[float, float]:
    """The nearest spot to (x, y) that no earlier point covers: crowded points fan out, deterministically."""
    if spots.free(x, y):
        return x, y
    for ring in range(1, 14):
        steps = 6 * ring
        for k in range(steps):
            angle = -math.pi / 4 + 2 * math.pi * k / steps
            px = min(max(x + ring * spots.gap * math.cos(angle), box[0] + r), box[1] - r)
            py = min(max(y - ring * spots.gap * math.sin(angle), box[2] + r), box[3] - r)
            if spots.free(px, py):
                return px, py
    return x, y


# --------------------------------------------------------------------------- the table

_COLUMNS = (
    ("rank", "Rank", "num"),
    ("score", "Score", "num"),
    ("name", "Candidate", ""),
    ("profile", "Profile", ""),
    ("share", "A share", "num"),
    ("llm", "LLM months", "num"),
    ("exp", "Experience (months)", "num"),
    ("tools", "Strongest tools", ""),
    ("flags", "Red flags", ""),
)


def _table(records: list[dict[str, Any]]) -> str:
    profiles = Counter(str(r.get("profile") or "") for r in records if _is_ranked(r))
    flags = Counter(code for r in records for code in _list(r.get("red_flags")))
    out = ["<section class=\"panel\" aria-labelledby=\"h-table\">\n",
           "<h2 id=\"h-table\">Ranked candidates</h2>\n",
           "<p class=\"lede\">Ranked by fit score for the role. Open a candidate to see the evidence behind every "
           "figure: the same record <code>screener explain</code> prints.</p>\n",
           "<noscript><p class=\"note\">Sorting, filtering and the evidence panels need JavaScript; the table "
           "below is complete without it, and <code>screener explain FILE</code> prints the evidence.</p>"
           "</noscript>\n",
           "<div class=\"controls\" role=\"search\" aria-label=\"Filter the candidates\">\n",
           "<label class=\"grow\"><span>Search</span><input type=\"search\" id=\"q\" autocomplete=\"off\" "
           "placeholder=\"Name or tool, e.g. LangGraph\"></label>\n",
           "<label><span>Profile</span><select id=\"fp\"><option value=\"\">All profiles</option>"]
    for p in (*PROFILES, *sorted(p for p in profiles if p not in PROFILES)):
        out.append(f"<option value=\"{esc(p)}\">{esc(p)} ({profiles.get(p, 0)})</option>")
    n_dup = sum(1 for r in records if r.get("status") == "duplicate")
    n_bad = sum(1 for r in records if _is_unreadable(r))
    if n_dup:
        out.append(f"<option value=\"duplicate\">duplicate ({n_dup})</option>")
    if n_bad:
        out.append(f"<option value=\"unreadable\">could not be read ({n_bad})</option>")
    n_clean = sum(1 for r in records if not _list(r.get("red_flags")))
    out.append("</select></label>\n<label><span>Red flags</span><select id=\"ff\">"
               "<option value=\"\">Any</option>"
               f"<option value=\"-\">No red flags ({n_clean})</option>"
               f"<option value=\"*\">At least one ({len(records) - n_clean})</option>")
    for code in [c for c in FLAG_MEANINGS if c in flags] + sorted(c for c in flags if c not in FLAG_MEANINGS):
        out.append(f"<option value=\"{esc(code)}\">{esc(code)} ({flags[code]})</option>")
    out.append("</select></label>\n<div class=\"btns\">"
               "<button type=\"button\" id=\"expand-all\">Expand all</button>"
               "<button type=\"button\" id=\"collapse-all\">Collapse all</button>"
               "<button type=\"button\" id=\"reset\">Reset</button></div>\n</div>\n"
               f"<p id=\"shown\" class=\"shown\" role=\"status\" aria-live=\"polite\">"
               f"Showing {len(records)} of {len(records)}</p>\n"
               "<p id=\"print-filter\" class=\"print-only\"></p>\n")
    out.append("<div class=\"tablebox\">\n<table id=\"ranked\" class=\"ranked\">\n"
               "<caption class=\"vh\">Candidates in rank order; column headers sort the table.</caption>\n"
               "<thead><tr>")
    for key, label, cls in _COLUMNS:
        sort = " aria-sort=\"ascending\"" if key == "rank" else ""
        out.append(f"<th scope=\"col\" class=\"{cls}\" data-k=\"{key}\"{sort}><button type=\"button\" "
                   f"class=\"sort\">{esc(label)}<span class=\"arrow\" aria-hidden=\"true\"></span></button></th>")
    out.append("</tr></thead>\n")
    for i, r in enumerate(records):
        out.append(_row(i, r))
    out.append("</table>\n</div>\n</section>\n")
    return "".join(out)


def _row(i: int, r: dict[str, Any]) -> str:
    status = str(r.get("status") or "")
    profile = str(r.get("profile") or "")
    name = display_name(r)
    ok = status == "ok"
    if ok:
        prof = f"<span class=\"chip {_pcls(profile)}\">{esc(profile)}</span>"
        sub = esc(r.get("latest_title") or r.get("headline") or "")
    elif status == "duplicate":
        prof = "<span class=\"chip p-x\">duplicate</span>"
        sub = esc(r.get("notes") or r.get("reason") or "")
    else:
        prof = f"<span class=\"chip p-bad\">{esc(status)}</span>"
        sub = esc(r.get("reason") or r.get("notes") or "")
    tools = []
    for col in ("a", "b"):
        names = [str(t) for t in _list(r.get(f"column_{col}_tools"))]
        practices = False
        if not names:  # evidence by practices alone (RAG, evals...) still shows what it is
            concepts = [t for t in _list(r.get("tools")) if isinstance(t, dict) and t.get("kind") == "concept"
                        and t.get("column") == col.upper()]
            concepts.sort(key=lambda t: -(_num(t.get("weight")) or 0.0))
            names, practices = [str(t.get("name")) for t in concepts], True
        if names:
            more = f" <span class=\"more\">+{len(names) - 3}</span>" if len(names) > 3 else ""
            shown = esc(", ".join(names[:3]))
            if practices:
                shown = f"<i title=\"practices; no tool named\">{shown}</i>"
            tools.append(f"<span class=\"tl t{col}\"><b>{col.upper()}</b> {shown}{more}</span>")
    flags = "".join(f"<span class=\"flag\" title=\"{esc(FLAG_MEANINGS.get(str(c), ''))}\">{esc(c)}</span>"
                    for c in _list(r.get("red_flags")))
    return (
        f"<tbody id=\"c-{i}\" data-i=\"{i}\" data-status=\"{esc(status)}\" data-profile=\"{esc(profile)}\">"
        f"<tr class=\"main\">"
        f"<td class=\"num rank\">{esc(fmt_int(r.get('rank')) or '–')}</td>"
        f"<td class=\"num score\">{esc(fmt_score(r.get('fit_score')) or '–')}</td>"
        f"<th scope=\"row\" class=\"who\"><button type=\"button\" class=\"open\" aria-expanded=\"false\" "
        f"aria-controls=\"ev-{i}\"><span class=\"caret\" aria-hidden=\"true\"></span>"
        f"<span class=\"name\">{esc(name)}</span></button><span class=\"sub\">{sub}</span></th>"
        f"<td class=\"profile\">{prof}</td>"
        f"<td class=\"num share\">{esc(fmt_share(r.get('column_a_share')))}</td>"
        f"<td class=\"num llm\">{esc(fmt_int(r.get('llm_tenure_months')))}</td>"
        f"<td class=\"num exp\">{esc(fmt_int(r.get('total_experience_months')))}</td>"
        f"<td class=\"tools\">{''.join(tools)}</td>"
        f"<td class=\"flags\">{flags}</td></tr>"
        f"<tr class=\"ev\" id=\"ev-{i}\" hidden><td colspan=\"{len(_COLUMNS)}\"></td></tr></tbody>\n"
    )


def _footer(run: dict[str, Any]) -> str:
    return ("<footer class=\"wrap foot\"><p>Made by screener"
            + (f" from {esc(run['source'])}" if run.get("source") else "")
            + (f", taxonomy {esc(run['taxonomy_version'])}" if run.get("taxonomy_version") else "")
            + ". This page works offline and fetches nothing. Column A: LLM-applied tools and practices "
              "(LangChain, LangGraph, Pinecone, evals…); column B: production ML (PyTorch, MLflow, Ray, "
              "feature stores…).</p></footer>\n")


# --------------------------------------------------------------------------- the embedded data

def _data(records: list[dict[str, Any]], run: dict[str, Any]) -> dict[str, Any]:
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


def _candidate(i: int, r: dict[str, Any]) -> dict[str, Any]:
    lines: dict[str, str] = {}
    tools = []
    for t in _list(r.get("tools")):
        if not isinstance(t, dict):
            continue
        found = [f for f in _list(t.get("found")) if isinstance(f, dict)]
        places = []
        for f in found[:4]:
            line = _int(f.get("line"))
            if line is not None:
                lines.setdefault(str(line), _text(f.get("text"), 300))
            alias = f.get("alias")
            places.append([line, f.get("place"), None if alias == t.get("name") else alias, bool(f.get("fuzzy"))])
        tools.append([t.get("name"), t.get("kind"), t.get("column"), t.get("category"), _num(t.get("weight")),
                      _int(t.get("months")) or 0, t.get("last_used"), places, max(len(found) - 4, 0)])
    roles = [
        [ro.get("title"), ro.get("organization"), ro.get("location"), ro.get("kind"), ro.get("start"),
         ro.get("end"), ro.get("dates_text"), _int(ro.get("months")) or 0, bool(ro.get("llm_applied")),
         bool(ro.get("academic")), _int(ro.get("line")), [str(p) for p in _list(ro.get("problems"))]]
        for ro in _list(r.get("roles")) if isinstance(ro, dict)
    ]
    return {
        "i": i,
        "n": display_name(r),
        "rk": _int(r.get("rank")),
        "s": _num(r.get("fit_score")),
        "p": r.get("profile") or "",
        "st": r.get("status") or "",
        "sh": _num(r.get("column_a_share")),
        "llm": _int(r.get("llm_tenure_months")),
        "exp": _int(r.get("total_experience_months")),
        "fl": [str(c) for c in _list(r.get("red_flags"))],
        "title": r.get("latest_title") or "",
        "head": r.get("headline") or "",
        "notes": r.get("notes") or "",
        "reason": r.get("reason") or "",
        "pr": r.get("profile_reason") or "",
        "a": _num(r.get("column_a")) or 0.0,
        "b": _num(r.get("column_b")) or 0.0,
        "email": r.get("email") or "",
        "phone": r.get("phone") or "",
        "links": [str(x) for x in _list(r.get("links"))],
        "loc": r.get("location") or "",
        "file": r.get("file") or "",
        "sha": (r.get("sha256") or "")[:16],
        "rd": r.get("resume_date") or "",
        "role": r.get("role") or "",
        "secs": [str(s) for s in _list(r.get("sections"))],
        "roles": roles,
        "ten": [[_int(p.get("role")), p.get("start"), p.get("end"), _int(p.get("months")) or 0, p.get("reason")]
                for p in _list(r.get("tenure")) if isinstance(p, dict)],
        "tools": tools,
        "lines": lines,
        "flags": [[f.get("code"), f.get("reason"), [x for x in _list(f.get("lines")) if _int(x) is not None][:12],
                   [_text(q, 200) for q in _list(f.get("quote"))[:5]]]
                  for f in _list(r.get("flags")) if isinstance(f, dict)],
        "parts": [[p.get("name"), _num(p.get("points")) or 0.0, p.get("why")]
                  for p in _list(r.get("score_parts")) if isinstance(p, dict)],
    }


# --------------------------------------------------------------------------- reading a saved screen


def load_records(path: str | Path, run_id: int | None = None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The records and run info of a saved screen: a JSONL file or a state database.

    A JSONL file is what `screener screen --format jsonl` wrote, one record a line in rank
    order; it does not record the as-of date, so the page shows the resumes' own dates. A
    state database (a file, or a folder holding `.screener/state.db`) gives the latest
    completed run, or run `run_id`.
    """
    p = Path(path)
    if p.is_dir():
        for candidate in (p / ".screener" / "state.db", p / "state.db"):
            if candidate.is_file():
                p = candidate
                break
        else:
            raise ReportError(f"{path} is a folder without a state database (.screener/state.db)")
    if not p.is_file():
        raise ReportError(f"no such file: {path}")
    try:
        with p.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise ReportError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if head == _SQLITE_MAGIC:
        return _load_state(p, run_id)
    return _load_jsonl(p)


def _load_jsonl(p: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportError(f"{p} is not a text file; give the JSONL from `screener screen --format jsonl` "
                          "or the state database") from exc
    except OSError as exc:
        raise ReportError(f"cannot read {p}: {exc.strerror or exc}") from exc
    records: list[dict[str, Any]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            hint = " (a CSV holds too little to draw the evidence: screen with --format jsonl or --html)" \
                if n == 1 and line.startswith("rank,") else ""
            raise ReportError(f"{p}:{n}: not a JSON record: {exc.msg}{hint}") from exc
        if not isinstance(rec, dict) or "file" not in rec or "status" not in rec:
            raise ReportError(f"{p}:{n}: not a screener record (no 'file' and 'status')")
        records.append(rec)
    if not records:
        raise ReportError(f"{p} holds no records")
    return records, run_info(records, source=p.name, profile_rule=_bundled_profile_rule(records))


def _bundled_profile_rule(records: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The bundled scoring.toml's profile thresholds, when the records were made with that taxonomy."""
    try:
        from screener.taxonomy import default_taxonomy_dir, load_taxonomy

        tax = load_taxonomy(default_taxonomy_dir())
    except Exception:  # noqa: BLE001 - the guides fall back to the defaults
        return None
    if not any(r.get("taxonomy_version") == tax.version for r in records):
        return None
    rule = tax.scoring.get("profile") if isinstance(tax.scoring, dict) else None
    return dict(rule) if isinstance(rule, dict) else None


def _load_state(p: Path, run_id: int | None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The records of one run from the state database, read through `screener.run.state`'s own API."""
    try:
        from screener.run import state as state_mod
    except ImportError as exc:
        raise ReportError(f"{p} is a state database, but this screener cannot read one; "
                          "give the JSONL from `screener screen --format jsonl`") from exc
    state_cls, key_cls = getattr(state_mod, "State", None), getattr(state_mod, "Key", None)
    if state_cls is None or key_cls is None:
        raise ReportError(f"{p} is a state database, but this screener cannot read one; "
                          "give the JSONL from `screener screen --format jsonl`")
    try:
        db = state_cls(p, create=False)
    except Exception as exc:  # noqa: BLE001 - StateError and sqlite errors alike: say what went wrong
        raise ReportError(str(exc)) from exc
    try:
        runs = db.run(run_id) if run_id is not None else None
        if run_id is not None and runs is None:
            raise ReportError(f"{p} has no run {run_id}")
        run_row = runs or next((r for r in db.runs() if r.get("status") == "completed"), None)
        if run_row is None:
            raise ReportError(f"{p} has no completed run yet (run `screener screen` first)")
        dropped = getattr(db, "list_dropped", None)
        if callable(dropped) and dropped(run_row):
            raise ReportError(f"run {run_row['id']}'s ranked list is no longer kept in {p} (--keep-runs); "
                              "`screener history` still shows its counts")
        key = key_cls(role=run_row["role"], engine=run_row["engine"], taxonomy_version=run_row["taxonomy_version"],
                      screener_version=run_row["screener_version"], as_of=run_row["as_of"])
        records = []
        for row in db.run_files(run_row["id"]):
            stored = db.lookup(row.get("sha256") or "", key) if row.get("sha256") else None
            records.append(_state_record(row, stored, run_row))
    finally:
        close = getattr(db, "close", None)
        if callable(close):
            close()
    if not records:
        raise ReportError(f"run {run_row['id']} in {p} holds no files")
    source = f"{p.name}, run {run_row['id']}"
    if run_row.get("started"):
        source += f" started {str(run_row['started'])[:19].replace('T', ' ')}"
    if run_row.get("status") != "completed":
        source += f" ({run_row.get('status')})"
    return records, run_info(records, role=run_row.get("role"), as_of=run_row.get("as_of"),
                             taxonomy_version=run_row.get("taxonomy_version"), source=source,
                             profile_rule=_bundled_profile_rule(records))


def _state_record(row: dict[str, Any], stored: dict[str, Any] | None, run_row: dict[str, Any]) -> dict[str, Any]:
    """A run's file as the run ranked it: its stored record with the run's rank, path and status."""
    base: dict[str, Any] = stored or {
        "candidate": row.get("candidate") or "", "fit_score": row.get("fit_score"),
        "profile": row.get("profile") or "", "red_flags": list(row.get("red_flags") or []),
        "role": run_row.get("role"), "taxonomy_version": run_row.get("taxonomy_version"),
        "notes": "The full result is no longer in the state database; screen the file again for the evidence.",
        "reason": "",
    }
    rec = {**base, "rank": row.get("rank"), "file": row.get("path") or base.get("file"), "status": row.get("status")}
    if row.get("status") == "duplicate" and stored is not None:
        note = "Duplicate of another file in this run (the same candidate), which is ranked instead."
        rec.update(notes=note, reason=note)
    return rec


# --------------------------------------------------------------------------- style and script

_CSS = r"""
:root{--ink:#1b1f24;--muted:#56606b;--line:#d8dde3;--soft:#f4f6f8;--bg:#fff;--accent:#1d5fb8;
--ai:#1d5fb8;--ml:#b34a00;--hy:#7b3fa0;--no:#5f6670;--bad:#8a1c1c;--flag:#9b1c1c;--flagbg:#fdecec;
--llm:#1d5fb8;--llmbg:#d7e6fa}
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);
background:var(--soft);font-size:15px;line-height:1.45}
body{margin:0}
.wrap{max-width:1240px;margin:0 auto;padding:0 24px}
main.wrap{padding-bottom:8px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:8px;z-index:9}
.skip:focus{left:8px}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
h1,h2,h3{line-height:1.2;margin:0}
h1{font-size:1.75rem;font-weight:650;letter-spacing:-.01em}
h2{font-size:1.2rem;font-weight:650;margin-bottom:6px}
h3{font-size:.8rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);font-weight:650;margin-bottom:8px}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em;background:var(--soft);
padding:0 3px;border-radius:3px}
.muted{color:var(--muted)}
.top{background:#14283f;color:#fff;padding:22px 0 18px}
.kicker{margin:0 0 4px;text-transform:uppercase;letter-spacing:.12em;font-size:.72rem;color:#b9cbe0}
.meta{display:flex;flex-wrap:wrap;gap:6px 28px;margin:12px 0 0}
.meta div{display:flex;gap:6px}.meta dt{color:#b9cbe0}.meta dd{margin:0;font-weight:550}
.promise{margin:12px 0 0;color:#dce6f1;font-size:.9rem}
.summary{display:grid;gap:14px;padding-top:18px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:10px 16px;display:flex;
flex-direction:column}
.card .big{font-size:1.7rem;font-weight:700;line-height:1.1}.card span:last-child{color:var(--muted);font-size:.85rem}
.card.warn .big{color:var(--bad)}
.counts{display:grid;grid-template-columns:minmax(220px,1fr) 2.4fr;gap:18px 36px;background:#fff;
border:1px solid var(--line);border-radius:10px;padding:14px 18px}
.stack{display:flex;height:10px;border-radius:5px;overflow:hidden;margin-top:10px;background:var(--line)}
.stack span{display:block}.stack .p-ai{background:var(--ai)}.stack .p-ml{background:var(--ml)}
.stack .p-hy{background:var(--hy)}.stack .p-no{background:var(--no)}
.plist,.flist,.unread ul{list-style:none;margin:0;padding:0}
.plist li{display:flex;align-items:center;gap:8px;padding:2px 0}.plist .pl{flex:1}
.flist{display:grid;grid-template-columns:max-content 2em 1fr;gap:4px 8px;align-items:baseline}
.flist li{display:contents}.flist b{text-align:right}.flist .flag{justify-self:start}
.flist .why{color:var(--muted);font-size:.86rem}
.unread{background:#fff;border:1px solid var(--line);border-left:4px solid var(--bad);
border-radius:10px;padding:12px 18px}
.unread li{padding:2px 0}.unread .file{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.88rem}
.unread .status{font-weight:650;color:var(--bad)}
.dot{display:inline-block;width:12px;height:12px;border-radius:50%;background:var(--no)}
.dot.p-ai{background:var(--ai)}.dot.p-ml{background:var(--ml)}.dot.p-hy{background:var(--hy)}
.panel{background:#fff;border:1px solid var(--line);border-radius:12px;padding:18px 22px;margin-top:18px}
.lede{margin:0 0 12px;color:var(--muted);max-width:80ch}
.chartbox{display:flex;flex-wrap:wrap;gap:12px 24px;align-items:flex-start}
.chart{width:100%;max-width:680px;height:auto;display:block}
.chart .quad{stroke:none}.q-ai{fill:#1d5fb8;fill-opacity:.06}.q-ml{fill:#b34a00;fill-opacity:.06}
.q-hy{fill:#7b3fa0;fill-opacity:.06}.q-no{fill:#5f6670;fill-opacity:.06}
.chart text{font-size:11px;fill:var(--muted)}
.chart .ql{font-size:13px;font-weight:700;fill-opacity:1}
.chart .ql.q-ai{fill:var(--ai)}.chart .ql.q-ml{fill:var(--ml)}
.chart .ql.q-hy{fill:var(--hy)}.chart .ql.q-no{fill:var(--no)}
.chart .axis{font-size:12px;fill:var(--ink)}
.chart .grid line{stroke:#9aa4ae}.chart .frame{fill:none;stroke:#9aa4ae}
.chart .divider{stroke:#56606b;stroke-width:1.2;stroke-dasharray:5 4}
.guide{stroke:#9aa4ae;stroke-width:1;stroke-dasharray:2 4}.chart .guide-l{font-size:10px}
.pt circle,.pt path{stroke:#fff;stroke-width:1.5;fill:var(--no)}
.pt.p-ai circle,.pt.p-ai path,circle.p-ai{fill:var(--ai)}.pt.p-ml circle,.pt.p-ml path,circle.p-ml{fill:var(--ml)}
.pt.p-hy circle,.pt.p-hy path,circle.p-hy{fill:var(--hy)}.pt.p-no circle,.pt.p-no path,circle.p-no{fill:var(--no)}
.pt.flagged path{stroke:#1b1f24;stroke-width:2}
.lg-flag{fill:#fff;stroke:#1b1f24;stroke-width:2}
.chart .pt text{fill:#fff;font-weight:700;pointer-events:none}
.pt{cursor:pointer}.pt:hover circle,.pt:hover path,.pt:focus circle,.pt:focus path{stroke:#ffbf47;stroke-width:3}
.pt:focus{outline:none}.pt.dim{opacity:.15}.pt.hl circle,.pt.hl path{stroke:#ffbf47;stroke-width:3}
.legend{list-style:none;margin:8px 0 0;padding:0;display:flex;flex-direction:column;gap:6px;font-size:.9rem}
.legend li{display:flex;align-items:center;gap:8px}
.controls{display:flex;flex-wrap:wrap;gap:10px 14px;align-items:flex-end;margin:6px 0 8px}
.controls label{display:flex;flex-direction:column;gap:3px;font-size:.8rem;color:var(--muted);font-weight:600}
.controls .grow{flex:1 1 260px}
input,select,button{font:inherit;color:var(--ink)}
input[type=search],select{border:1px solid #8c96a1;border-radius:7px;padding:6px 9px;background:#fff;min-height:36px}
.btns{display:flex;gap:6px}
.btns button{border:1px solid #8c96a1;background:#fff;border-radius:7px;padding:6px 12px;min-height:36px;cursor:pointer}
.btns button:hover{background:var(--soft)}
:focus-visible{outline:3px solid #ffbf47;outline-offset:1px}
.shown{margin:0 0 8px;color:var(--muted);font-size:.88rem}
.print-only{display:none}
.tablebox{overflow-x:auto}
table{border-collapse:collapse;width:100%}
.ranked{font-size:.92rem}
.ranked thead th{position:sticky;top:0;background:#eef1f4;text-align:left;border-bottom:2px solid #b8c0c8;
padding:0;z-index:1;vertical-align:bottom}
.ranked td.tools{min-width:170px;max-width:240px}.ranked td.flags{min-width:150px}
.ranked th.num,.ranked td.num{text-align:right}
.sort{all:unset;box-sizing:border-box;display:block;width:100%;padding:8px 10px;cursor:pointer;font-weight:650}
.sort:focus-visible{outline:3px solid #ffbf47;outline-offset:-3px}
.num .sort{text-align:right}
.arrow::after{content:"";display:inline-block;width:1em;color:var(--muted)}
[aria-sort=ascending] .arrow::after{content:"▲";font-size:.7em;padding-left:4px}
[aria-sort=descending] .arrow::after{content:"▼";font-size:.7em;padding-left:4px}
.ranked tbody{border-bottom:1px solid var(--line)}
.ranked tbody:hover .main{background:#f7f9fb}
.ranked td,.ranked tbody th{padding:7px 10px;vertical-align:top;text-align:left;font-weight:400}
.ranked td.num{font-variant-numeric:tabular-nums}
.ranked td.score{font-weight:700}
.who{min-width:200px}
.open{all:unset;cursor:pointer;font-weight:650;color:var(--accent);display:inline-flex;gap:6px;align-items:baseline}
.open:hover .name{text-decoration:underline}
.open:focus-visible{outline:3px solid #ffbf47;outline-offset:2px;border-radius:3px}
.caret::before{content:"▸";display:inline-block;width:.8em;color:var(--muted)}
.open[aria-expanded=true] .caret::before{content:"▾"}
.sub{display:block;color:var(--muted);font-size:.84rem;padding-left:1.3em}
.chip{display:inline-block;border-radius:999px;padding:1px 9px;font-size:.8rem;font-weight:650;color:#fff;
background:var(--no);white-space:nowrap}
.chip.p-ai{background:var(--ai)}.chip.p-ml{background:var(--ml)}.chip.p-hy{background:var(--hy)}
.chip.p-bad{background:#fff;color:var(--bad);border:1px solid var(--bad)}
.chip.p-x{background:#fff;color:var(--muted);border:1px solid #8c96a1}
.flag{display:inline-block;background:var(--flagbg);color:var(--flag);border:1px solid #f3b7b7;border-radius:5px;
padding:0 6px;font-size:.78rem;font-weight:650;margin:1px 3px 1px 0;white-space:nowrap}
.tools .tl{display:block;font-size:.85rem}.tools .tl b{display:inline-block;width:1.2em;font-size:.75rem}
.tools .ta b{color:var(--ai)}.tools .tb b{color:var(--ml)}.more{color:var(--muted)}
tr.ev>td{background:#fafbfc;padding:14px 16px 18px;border-top:1px dashed var(--line);
box-shadow:inset 4px 0 0 var(--accent)}
.ranked tbody.is-open .main{background:#eef4fb}
tbody:target .main{background:#fff8e1}
.evg{display:grid;grid-template-columns:minmax(260px,1fr) minmax(300px,1.15fr);gap:16px 28px}
.evg section{min-width:0}.evg .wide{grid-column:1/-1}
.evg h4{margin:0 0 8px;font-size:.82rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.notes{margin:0 0 10px;font-size:.97rem}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:3px 14px;margin:0;font-size:.88rem}
.facts dt{color:var(--muted)}.facts dd{margin:0;overflow-wrap:anywhere}
.nowrap{white-space:nowrap}
.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}
.sm{font-size:.88rem}
.sm th,.sm td{padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top;text-align:left}
.sm thead th{font-size:.78rem;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;
border-bottom:1px solid #b8c0c8}
.sm td.num,.sm th.num{text-align:right;font-variant-numeric:tabular-nums}
.pos{color:#1c6b3a}.neg{color:var(--flag);font-weight:650}
.parts tfoot th,.parts tfoot td{border-top:2px solid #b8c0c8;border-bottom:0;font-weight:700}
.pbar{display:inline-block;height:8px;border-radius:4px;background:#8fb3e0;vertical-align:middle}
.pbar.neg{background:#e39a9a}
.colA,.colB,.colN{display:inline-block;width:1.6em;text-align:center;border-radius:4px;font-weight:700;
font-size:.78rem;color:#fff}
.colA{background:var(--ai)}.colB{background:var(--ml)}.colN{background:#fff;color:var(--muted);border:1px solid #b8c0c8}
.where{list-style:none;margin:0;padding:0}.where li{padding:1px 0}
.tooltab .where li{display:grid;grid-template-columns:4.4em 4.6em 1fr;gap:0 6px;align-items:baseline}
.tooltab .where li.more{display:block}
.ln{color:var(--muted);font-variant-numeric:tabular-nums;white-space:nowrap}
.place{font-size:.78rem;color:var(--muted)}
.tooltab tr.colN-row{color:var(--muted)}
q.quote{quotes:none;color:#30363d}
mark{background:#fff1a8;color:inherit;padding:0 1px}
.flagx{border-left:3px solid var(--flag);padding:4px 0 6px 10px;margin:0 0 10px}
.flagx p{margin:2px 0}.flagx blockquote{margin:4px 0 0;padding:0 0 0 10px;border-left:2px solid var(--line);
color:#30363d;font-size:.88rem}
.tl-wrap{position:relative}
.tl-axis,.tl-row{display:grid;grid-template-columns:minmax(200px,34%) 1fr;gap:12px;align-items:center}
.tl-axis{font-size:.75rem;color:var(--muted);margin-bottom:2px}
.tl-years{position:relative;height:16px;border-bottom:1px solid var(--line)}
.tl-years span{position:absolute;transform:translateX(-50%);white-space:nowrap}
.tl-row{padding:4px 0;border-bottom:1px solid #eef0f3;font-size:.86rem}
.tl-label b{font-weight:650}.tl-label small{display:block;color:var(--muted)}
.tl-track{position:relative;height:18px;background-image:linear-gradient(90deg,#e3e7ec 1px,transparent 1px);
background-size:var(--yr,10%) 100%}
.tl-bar{position:absolute;top:3px;height:12px;border-radius:3px;background:#b7c0ca;overflow:hidden;min-width:3px}
.tl-bar.k-education{background:repeating-linear-gradient(45deg,#d9dee4 0 4px,#c8cfd7 4px 8px)}
.tl-bar.k-project{background:#cfd6de}
.tl-llm{position:absolute;top:0;bottom:0;background:var(--llm)}
.tl-key{display:flex;gap:16px;margin-top:6px;font-size:.8rem;color:var(--muted)}
.tl-key i{display:inline-block;width:18px;height:10px;border-radius:2px;vertical-align:middle;margin-right:5px}
.tl-key .k1{background:var(--llm)}.tl-key .k2{background:#b7c0ca}.tl-key .k3{background:#d2d8df}
.tag{display:inline-block;font-size:.72rem;font-weight:650;border-radius:4px;padding:0 5px;margin-left:4px;
border:1px solid #8c96a1;color:var(--muted)}
.tag.llm{border-color:var(--llm);color:var(--llm)}.tag.warn{border-color:var(--flag);color:var(--flag)}
.foot{color:var(--muted);font-size:.85rem;padding-top:14px;padding-bottom:30px}
.note{background:#fff8e1;border:1px solid #f0d58a;border-radius:8px;padding:8px 12px}
@media (max-width:900px){.summary,.counts,.evg{grid-template-columns:1fr}.tl-axis,.tl-row{grid-template-columns:1fr}
.tl-axis>span:first-child{display:none}}
@media print{
html{background:#fff;font-size:10.5pt}.top{background:#fff;color:#000;border-bottom:2px solid #000;padding:0 0 8px}
.kicker,.meta dt,.promise{color:#333}
.controls,.skip,.btns,.shown,noscript,.caret{display:none!important}
.print-only{display:block;margin:0 0 6px}.print-only:empty{display:none}
.panel,.counts,.card,.unread{border-color:#999;box-shadow:none}
.panel{padding:8px 0;border:0;margin-top:10px}
.wrap{max-width:none;padding:0}
.ranked thead th{position:static}
tr.ev{display:table-row!important}
tbody.cand{break-inside:avoid}
tr.ev>td{background:#fff}
.open{color:#000}
.tablebox{overflow:visible}
.chart{max-width:520px}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a[href]::after{content:none}
}
"""

# The script never puts resume text into markup: every value goes in through textContent.
_SCRIPT = r"""
(function () {
'use strict';
var holder = document.getElementById('screen-data');
document.documentElement.classList.add('js');

// The data is plain JSON, or for a large screen deflated and base64-encoded (see html.py).
function loadData() {
  if (holder.getAttribute('data-encoding') !== 'deflate-base64') {
    return Promise.resolve(JSON.parse(holder.textContent));
  }
  var bin = atob(holder.textContent.replace(/\s+/g, ''));
  var bytes = new Uint8Array(bin.length);
  for (var k = 0; k < bin.length; k++) bytes[k] = bin.charCodeAt(k);
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Response(stream).text().then(JSON.parse);
}

loadData().then(init, function (err) {
  var note = document.getElementById('shown');
  note.textContent = 'This browser could not unpack the evidence (' + err + '); the table is complete, and ' +
    '`screener explain FILE` prints the evidence.';
});

function init(D) {
var C = D.c;
var table = document.getElementById('ranked');
var bodies = Array.prototype.slice.call(table.tBodies);
var byI = {};
bodies.forEach(function (b) { byI[b.dataset.i] = b; });
C.forEach(function (c) {
  var file = c.file.split(/[\\/]/).pop();
  c.q = [c.n, c.title, file].concat(c.tools.map(function (t) { return t[0]; })).join(' ').toLowerCase();
  c.tk = byI[c.i].querySelector('td.tools').textContent.toLowerCase() || null;
});
var points = {};
Array.prototype.forEach.call(document.querySelectorAll('#chart .pt'), function (p) { points[p.dataset.i] = p; });
var rendered = {};

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function add(parent) {
  for (var k = 1; k < arguments.length; k++) {
    var c = arguments[k];
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return parent;
}
function g(x) { return x === null || x === undefined ? '' : String(Math.round(x * 1000) / 1000); }
function ym(s) { if (!s || s.length < 7) return null; return (+s.slice(0, 4)) * 12 + (+s.slice(5, 7)) - 1; }
function withMark(text, alias) {
  var f = document.createDocumentFragment();
  text = text || '';
  var k = alias ? text.toLowerCase().indexOf(String(alias).toLowerCase()) : -1;
  if (k < 0) { f.appendChild(document.createTextNode(text)); return f; }
  f.appendChild(document.createTextNode(text.slice(0, k)));
  f.appendChild(el('mark', null, text.slice(k, k + alias.length)));
  f.appendChild(document.createTextNode(text.slice(k + alias.length)));
  return f;
}
function fact(dl, k, v, cls) {
  if (v === '' || v === null || v === undefined) return;
  add(dl, el('dt', null, k), el('dd', cls || null, v));
}
function section(title, wide) {
  var s = el('section', wide ? 'wide' : null);
  add(s, el('h4', null, title));
  return s;
}
function table2(cls, heads) {
  var t = el('table', 'sm ' + (cls || ''));
  var tr = el('tr');
  heads.forEach(function (h) {
    var th = el('th', h[1] || null, h[0]);
    th.scope = 'col';
    tr.appendChild(th);
  });
  add(t, add(el('thead'), tr));
  var tb = el('tbody');
  t.appendChild(tb);
  return [t, tb];
}

function summary(c) {
  var s = section('Summary');
  add(s, el('p', 'notes', c.notes || c.reason));
  var dl = el('dl', 'facts');
  if (c.st === 'ok') {
    fact(dl, 'Fit score', g(c.s) + ' / 100 for ' + c.role);
    fact(dl, 'Profile', c.p + (c.pr ? ': ' + c.pr : ''));
    fact(dl, 'Evidence', 'column A ' + g(c.a) + ', column B ' + g(c.b) +
      (c.sh === null ? '' : ', share A = ' + c.sh.toFixed(2)));
    fact(dl, 'LLM-applied', c.llm + ' months (union of dated LLM-applied roles)');
    fact(dl, 'Experience', c.exp + ' months (union of dated work roles)');
  } else {
    fact(dl, 'Status', c.st + (c.reason ? ': ' + c.reason : ''));
  }
  fact(dl, 'Resume date', c.rd ? c.rd + ' (what \u201cPresent\u201d means)' : '');
  fact(dl, 'Headline', c.head);
  fact(dl, 'Latest title', c.title);
  fact(dl, 'Email', c.email);
  fact(dl, 'Phone', c.phone);
  fact(dl, 'Links', c.links.join('  \u00b7  '));
  fact(dl, 'Location', c.loc);
  fact(dl, 'Sections', c.secs.join(' \u00b7 '));
  fact(dl, 'File', c.file, 'mono');
  fact(dl, 'SHA-256', c.sha ? c.sha + '\u2026' : '', 'mono');
  s.appendChild(dl);
  return s;
}

function score(c) {
  var s = section(c.s === null ? 'Score' : 'Score: ' + g(c.s) + ' / 100');
  if (!c.parts.length) { add(s, el('p', 'muted', 'No score: the file was not judged.')); return s; }
  var t = table2('parts', [['Part'], ['Points', 'num'], [''], ['Why']]);
  var max = 1;
  c.parts.forEach(function (p) { max = Math.max(max, Math.abs(p[1])); });
  c.parts.forEach(function (p) {
    var tr = el('tr');
    var neg = p[1] < 0;
    var bar = el('span', 'pbar' + (neg ? ' neg' : ''));
    bar.style.width = Math.round(60 * Math.abs(p[1]) / max) + 'px';
    add(tr, el('td', null, p[0]), el('td', 'num ' + (neg ? 'neg' : 'pos'), (p[1] > 0 ? '+' : '') + p[1].toFixed(1)),
      add(el('td'), bar), el('td', null, p[2]));
    t[1].appendChild(tr);
  });
  var ft = el('tfoot');
  var fr = el('tr');
  var th = el('th', null, 'Fit score');
  th.scope = 'row';
  add(fr, th, el('td', 'num', g(c.s)), el('td'), el('td', 'muted', 'for ' + c.role + ', out of 100'));
  add(t[0], add(ft, fr));
  s.appendChild(t[0]);
  return s;
}

function timeline(c) {
  var s = section('Timeline', true);
  var present = ym(c.rd);
  var rows = [];
  var undated = [];
  c.roles.forEach(function (r, idx) {
    var a = ym(r[4]), b = r[5] === 'present' ? present : ym(r[5]);
    if (a === null || b === null) { undated.push([r, idx]); return; }
    rows.push({ r: r, idx: idx, a: a, b: Math.max(a, b) });
  });
  if (!rows.length) add(s, el('p', 'muted', 'No dated roles.'));
  else {
    var lo = Math.min.apply(null, rows.map(function (x) { return x.a; }));
    var hi = Math.max.apply(null, rows.map(function (x) { return x.b; }).concat(present === null ? [] : [present]));
    var y0 = Math.floor(lo / 12), y1 = Math.floor(hi / 12) + 1;
    var span = (y1 - y0) * 12;
    var pct = function (m) { return (100 * (m - y0 * 12) / span).toFixed(2) + '%'; };
    var wrap = el('div', 'tl-wrap');
    wrap.style.setProperty('--yr', (100 * 12 / span).toFixed(3) + '%');
    var axis = el('div', 'tl-axis');
    var years = el('div', 'tl-years');
    var step = span > 12 * 24 ? 5 : span > 12 * 12 ? 2 : 1;
    for (var y = y0; y <= y1; y++) {
      if ((y - y0) % step) continue;
      var t = el('span', null, y);
      t.style.left = pct(y * 12);
      years.appendChild(t);
    }
    add(axis, el('span', null, c.rd ? 'Present = ' + c.rd.slice(0, 7) : ''), years);
    wrap.appendChild(axis);
    rows.forEach(function (x) {
      var r = x.r;
      var row = el('div', 'tl-row');
      var lab = el('div', 'tl-label');
      add(lab, el('b', null, (r[0] || '?') + (r[1] ? ' \u2014 ' + r[1] : '')));
      if (r[8]) add(lab, el('span', 'tag llm', 'LLM-applied'));
      if (r[9]) add(lab, el('span', 'tag', 'academic'));
      r[11].forEach(function (p) { add(lab, el('span', 'tag warn', p)); });
      add(lab, el('small', null, (r[6] || '') + '  \u00b7  ' + (r[4] || '?') + ' .. ' + (r[5] || '?') + ' = ' +
        r[7] + ' months  \u00b7  ' + r[3] + (r[10] ? '  \u00b7  line ' + r[10] : '')));
      var track = el('div', 'tl-track');
      var bar = el('div', 'tl-bar k-' + r[3]);
      bar.style.left = pct(x.a);
      bar.style.width = (100 * (x.b - x.a + 1) / span).toFixed(2) + '%';
      bar.title = (r[0] || '') + ': ' + (r[4] || '?') + ' .. ' + (r[5] || '?');
      c.ten.forEach(function (p) {
        if (p[0] !== x.idx) return;
        var a = ym(p[1]), b = ym(p[2]);
        if (a === null || b === null) return;
        var seg = el('div', 'tl-llm');
        var w = x.b - x.a + 1;
        seg.style.left = (100 * (a - x.a) / w).toFixed(2) + '%';
        seg.style.width = (100 * (b - a + 1) / w).toFixed(2) + '%';
        seg.title = 'LLM-applied ' + p[1] + ' .. ' + p[2] + ' = ' + p[3] + ' months (starts at ' + p[4] + ')';
        bar.appendChild(seg);
      });
      track.appendChild(bar);
      add(row, lab, track);
      wrap.appendChild(row);
    });
    s.appendChild(wrap);
    var key = el('div', 'tl-key');
    add(key, add(el('span'), el('i', 'k1'), 'LLM-applied months'), add(el('span'), el('i', 'k2'), 'other work'),
      add(el('span'), el('i', 'k3'), 'education'));
    s.appendChild(key);
  }
  if (undated.length) {
    var u = el('p', 'sm muted');
    u.textContent = 'Undated: ' + undated.map(function (x) {
      var r = x[0];
      return (r[0] || '?') + (r[1] ? ' \u2014 ' + r[1] : '') + ' (' + r[3] + (r[10] ? ', line ' + r[10] : '') + ')';
    }).join('; ');
    s.appendChild(u);
  }
  var ten = el('ul', 'sm where');
  c.ten.forEach(function (p) {
    var r = c.roles[p[0]] || [];
    add(ten, el('li', null, (r[0] || r[1] || 'role ' + p[0]) + ': ' + p[1] + ' .. ' + p[2] + ' = ' + p[3] +
      ' months (starts at ' + p[4] + ')'));
  });
  if (c.st === 'ok') {
    add(s, el('p', 'sm', 'LLM-applied tenure: ' + c.llm + ' months (union of the spans below); total experience ' +
      c.exp + ' months.'), ten);
  }
  return s;
}

function flags(c) {
  var s = section('Red flags', true);
  if (!c.flags.length) { add(s, el('p', 'muted', 'None.')); return s; }
  c.flags.forEach(function (f) {
    var d = el('div', 'flagx');
    add(d, add(el('p'), el('span', 'flag', f[0]), ' ', f[1]));
    if (D.flagMeanings[f[0]]) add(d, el('p', 'sm muted', D.flagMeanings[f[0]]));
    if (f[2].length) add(d, el('p', 'sm muted', 'Lines ' + f[2].join(', ')));
    f[3].forEach(function (q) { add(d, el('blockquote', null, q)); });
    s.appendChild(d);
  });
  return s;
}

function tools(c) {
  var s = section('Tools and practices matched', true);
  add(s, el('p', 'sm muted', 'Column A weight ' + g(c.a) + ', column B weight ' + g(c.b) + ', share A = ' +
    (c.sh === null ? '\u2013' : c.sh.toFixed(2)) + '. A tool counts once, at the best place it appears.'));
  if (!c.tools.length) { add(s, el('p', 'muted', 'No tools or practices matched.')); return s; }
  var t = table2('tooltab', [['Col'], ['Tool or practice'], ['Weight', 'num'], ['Months', 'num'], ['Last used'],
    ['Where it appears']]);
  c.tools.forEach(function (x) {
    var tr = el('tr', x[2] === 'A' || x[2] === 'B' ? null : 'colN-row');
    var col = el('span', x[2] === 'A' || x[2] === 'B' ? 'col' + x[2] : 'colN', x[2]);
    col.title = x[2] === 'A' ? 'column A: LLM-applied' : x[2] === 'B' ? 'column B: production ML' : 'neutral: counts 0';
    var name = add(el('td'), el('b', null, x[0]), el('small', 'muted', ' ' + x[1] + ', ' + x[3]));
    var where = el('ul', 'where');
    x[7].forEach(function (f) {
      var li = el('li');
      var text = c.lines[String(f[0])] || '';
      var said = add(el('span'), f[2] ? el('span', 'muted', '\u201c' + f[2] + '\u201d' + (f[3] ? ' ~fuzzy' : '') +
        ': ') : (f[3] ? el('span', 'muted', '~fuzzy: ') : null), add(el('q', 'quote'), withMark(text, f[2] || x[0])));
      add(li, el('span', 'ln', f[0] === null ? '' : 'line ' + f[0]), el('span', 'place', f[1]), said);
      where.appendChild(li);
    });
    if (x[8]) add(where, el('li', 'more muted', '\u2026 ' + x[8] + ' more'));
    add(tr, add(el('td'), col), name, el('td', 'num', g(x[4])), el('td', 'num', x[5] || ''),
      el('td', 'nowrap', x[5] ? x[6] : ''), add(el('td'), where));
    t[1].appendChild(tr);
  });
  s.appendChild(t[0]);
  return s;
}

function render(i) {
  if (rendered[i]) return;
  var c = C[i];
  var cell = byI[i].querySelector('tr.ev > td');
  var grid = el('div', 'evg');
  add(grid, summary(c), score(c));
  if (c.st === 'ok' || c.roles.length) grid.appendChild(timeline(c));
  grid.appendChild(flags(c));
  if (c.st === 'ok' || c.tools.length) grid.appendChild(tools(c));
  cell.appendChild(grid);
  rendered[i] = true;
}

function setOpen(i, open) {
  var b = byI[i];
  if (open) render(i);
  b.querySelector('tr.ev').hidden = !open;
  b.querySelector('button.open').setAttribute('aria-expanded', open ? 'true' : 'false');
  b.classList.toggle('is-open', open);
}

bodies.forEach(function (b) {
  var i = b.dataset.i;
  b.querySelector('button.open').addEventListener('click', function () {
    setOpen(i, b.querySelector('tr.ev').hidden);
  });
  b.addEventListener('mouseenter', function () { if (points[i]) points[i].classList.add('hl'); });
  b.addEventListener('mouseleave', function () { if (points[i]) points[i].classList.remove('hl'); });
});

// ---- filter and search
var q = document.getElementById('q'), fp = document.getElementById('fp'), ff = document.getElementById('ff');
var shown = document.getElementById('shown'), printFilter = document.getElementById('print-filter');
function matches(c) {
  var p = fp.value, f = ff.value, words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
  if (p === 'unreadable') { if (c.st === 'ok' || c.st === 'duplicate') return false; }
  else if (p === 'duplicate') { if (c.st !== 'duplicate') return false; }
  else if (p && (c.st !== 'ok' || c.p !== p)) return false;
  if (f === '-' && c.fl.length) return false;
  if (f === '*' && !c.fl.length) return false;
  if (f && f !== '-' && f !== '*' && c.fl.indexOf(f) < 0) return false;
  for (var k = 0; k < words.length; k++) if (c.q.indexOf(words[k]) < 0) return false;
  return true;
}
function applyFilters() {
  var n = 0;
  bodies.forEach(function (b) {
    var i = b.dataset.i, ok = matches(C[i]);
    b.hidden = !ok;
    if (ok) n++;
    if (points[i]) points[i].classList.toggle('dim', !ok);
  });
  shown.textContent = 'Showing ' + n + ' of ' + C.length;
  var parts = [];
  if (q.value.trim()) parts.push('search \u201c' + q.value.trim() + '\u201d');
  if (fp.value) parts.push('profile ' + fp.options[fp.selectedIndex].text);
  if (ff.value) parts.push('red flags ' + ff.options[ff.selectedIndex].text);
  printFilter.textContent = parts.length ? 'Filtered by ' + parts.join(', ') + ': ' + n + ' of ' + C.length +
    ' files shown.' : '';
}
q.addEventListener('input', applyFilters);
fp.addEventListener('change', applyFilters);
ff.addEventListener('change', applyFilters);

// ---- sorting
var KEYS = {
  rank: function (c) { return c.rk; },
  score: function (c) { return c.s; },
  name: function (c) { return c.n.toLowerCase(); },
  profile: function (c) { return c.st === 'ok' ? c.p : '~' + c.st; },
  share: function (c) { return c.sh; },
  llm: function (c) { return c.llm; },
  exp: function (c) { return c.exp; },
  tools: function (c) { return c.tk ? c.tk.toLowerCase() : null; },
  flags: function (c) { return c.fl.length ? c.fl.length * 1000 - c.fl.join(',').length : 0; }
};
var FIRST = { rank: 'ascending', name: 'ascending', profile: 'ascending', tools: 'ascending' };
var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
function sortBy(k, dir) {
  var key = KEYS[k], sign = dir === 'ascending' ? 1 : -1;
  var order = bodies.slice().sort(function (x, y) {
    var a = key(C[x.dataset.i]), b = key(C[y.dataset.i]);
    var an = a === null || a === undefined, bn = b === null || b === undefined;
    if (an !== bn) return an ? 1 : -1;  // missing values last, either way
    if (!an && a !== b) return (a < b ? -1 : 1) * sign;
    return x.dataset.i - y.dataset.i;
  });
  order.forEach(function (b) { table.appendChild(b); });
  heads.forEach(function (th) {
    if (th.dataset.k === k) th.setAttribute('aria-sort', dir); else th.removeAttribute('aria-sort');
  });
}
heads.forEach(function (th) {
  th.querySelector('button').addEventListener('click', function () {
    var k = th.dataset.k, cur = th.getAttribute('aria-sort');
    var dir = cur ? (cur === 'ascending' ? 'descending' : 'ascending') : (FIRST[k] || 'descending');
    sortBy(k, dir);
  });
});

// ---- the rest of the controls
document.getElementById('expand-all').addEventListener('click', function () {
  bodies.forEach(function (b) { if (!b.hidden) setOpen(b.dataset.i, true); });
});
document.getElementById('collapse-all').addEventListener('click', function () {
  bodies.forEach(function (b) { setOpen(b.dataset.i, false); });
});
document.getElementById('reset').addEventListener('click', function () {
  q.value = ''; fp.value = ''; ff.value = '';
  applyFilters();
  sortBy('rank', 'ascending');
});

function reveal(i, focus) {
  var b = byI[i];
  if (!b) return;
  if (b.hidden) { q.value = ''; fp.value = ''; ff.value = ''; applyFilters(); }
  setOpen(i, true);
  if (history.replaceState) history.replaceState(null, '', '#c-' + i);
  b.scrollIntoView({ block: 'start' });
  if (focus) b.querySelector('button.open').focus({ preventScroll: true });
}
Object.keys(points).forEach(function (i) {
  points[i].addEventListener('click', function (e) { e.preventDefault(); reveal(i, true); });
});

// ---- print: every shown candidate opened
var printOpened = [];
function beforePrint() {
  bodies.forEach(function (b) {
    if (b.querySelector('tr.ev').hidden) { printOpened.push(b.dataset.i); setOpen(b.dataset.i, true); }
  });
}
function afterPrint() {
  printOpened.forEach(function (i) { setOpen(i, false); });
  printOpened = [];
}
window.addEventListener('beforeprint', beforePrint);
window.addEventListener('afterprint', afterPrint);
var printMedia = window.matchMedia ? window.matchMedia('print') : null;
if (printMedia && printMedia.addEventListener) {
  printMedia.addEventListener('change', function (e) { if (e.matches) beforePrint(); else afterPrint(); });
}

var m = /^#c-(\d+)$/.exec(location.hash);
if (m && byI[m[1]]) reveal(m[1], false);
applyFilters();
window.screenerReport = { open: setOpen, sortBy: sortBy, applyFilters: applyFilters, reveal: reveal };
document.documentElement.setAttribute('data-ready', 'true');
}
})();
"""
