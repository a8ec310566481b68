"""The HTML report: one self-contained page per screen, drawn from the same records as the CSV.

`render_html(records, run)` turns the records of `screener.record` (one per file, in rank order)
into a single HTML page that works offline: the styles, the script and the chart are inline;
nothing is fetched (a Content-Security-Policy forbids it, and lets only the report's own script run).

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

A big screen: the page carries the top `render.DEFAULT_TOP` files in full (`--report-top`, 0 for
all) and counts the rest in the summary and the chart, saying so; past `chart.POINT_LIMIT` ranked
candidates (or when some are not carried) the chart counts candidates in cells (`cells.py`, one
pass) instead of placing points; past `render.PAGER_FROM` rows `static/pager.js` joins the script
and shows the table a page at a time (sorting, filtering and search still cover every row). Pages
under these limits are what they always were, byte for byte.

Resume text is never trusted: the templates escape every value they write, the embedded JSON
escapes `<`, `>`, `&`, U+2028 and U+2029, and the script builds the evidence with `textContent` only.

The layout: `templates/` (the markup, Jinja2 with autoescape), `static/` (the style and the script,
inlined at render time), `chart.py` (the chart's geometry), `views.py` (what each part shows),
`cells.py` (a big screen's chart), `data.py` (the embedded evidence), `render.py` (the page).
`screener.run.saved` reads a saved screen back for `screener report`.
"""

from screener.output.report.data import script_json
from screener.output.report.info import run_info
from screener.output.report.labels import FLAG_MEANINGS
from screener.output.report.render import render_html

__all__ = ["FLAG_MEANINGS", "render_html", "run_info", "script_json"]
