"""The page: the templates filled from the views, with the package's own style and script inlined.

Every value a template writes goes through `html.escape` (autoescape with `finalize`, below), the
same escaping the report has always used, so the page is byte-for-byte what it was when it was
built with f-strings. Only the style, the script and the data island are marked safe: they are
this package's own files and JSON escaped for a <script> element.
"""

from __future__ import annotations

import base64
import hashlib
import html
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from screener.output.report import views
from screener.output.report.data import island, page_data
from screener.output.report.info import run_info
from screener.output.report.job import job_view
from screener.output.report.labels import PROFILE_LABELS, g

PACKAGE = "screener.output.report"
STYLE_FILE, SCRIPT_FILE, PAGER_FILE = "report.css", "report.js", "pager.js"
# The page carries this many files in full (rows, chart points, evidence) unless told otherwise; the rest
# of a bigger screen are counted in the summary and the chart's cells. 0 or None: every file.
DEFAULT_TOP = 1000
# A table of more rows than this is shown a page at a time (pager.js joins the script), PAGE_ROWS a page;
# up to it, the page is what it always was (a few hundred rows draw at once).
PAGER_FROM, PAGE_ROWS = 500, 200
# The policy: nothing is fetched, and only the report's own script (by its hash) runs.
CSP_TEMPLATE = ("default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
                "base-uri 'none'; form-action 'none'")


def escape(value: Any) -> Markup:
    """What autoescape writes for a value: html.escape with quotes, None as empty, markup as it is.

    Jinja's own escaping writes quotes as `&#34;` and `&#39;`; the report has always written
    `&quot;` and `&#x27;`, and the page must not change by a byte.
    """
    if hasattr(value, "__html__"):
        return Markup(value)
    return Markup(html.escape("" if value is None else str(value), quote=True))


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader(PACKAGE, "templates"),
        autoescape=True,
        finalize=escape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["f1"] = lambda v: f"{v:.1f}"
    env.filters["g"] = g
    return env


@cache
def inline_text(name: str) -> str:
    """A static file as the page inlines it: after a newline, so `<style>` and `<script>` open a line."""
    return "\n" + resources.files(PACKAGE).joinpath("static", name).read_text(encoding="utf-8")


def content_security_policy(script: str) -> str:
    """The policy for a page whose only script (besides the JSON data) is `script`, exactly as inlined."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return CSP_TEMPLATE.format(digest=digest)


def carried(records: list[dict[str, Any]], top: int | None) -> list[dict[str, Any]]:
    """The files the page carries in full: the first `top` in rank order (all when `top` is 0 or None)."""
    return records if not top or top >= len(records) else records[:top]


def render_html(records: list[dict[str, Any]], run: dict[str, Any], top: int | None = DEFAULT_TOP) -> str:
    """The whole report as one HTML document (records in rank order, as `runner.rank` gives them).

    The page carries the first `top` records in full; past them, a screen is only counted (summary,
    chart cells), and the page says so.
    """
    run = run_info(records, **run)
    shown = carried(records, top)
    script = inline_text(SCRIPT_FILE)
    if len(shown) > PAGER_FROM:
        script += resources.files(PACKAGE).joinpath("static", PAGER_FILE).read_text(encoding="utf-8").replace(
            "PAGE_ROWS = 0", f"PAGE_ROWS = {PAGE_ROWS}", 1)
    data = island(page_data(shown, run))
    title = views.title(run)
    return environment().get_template("page.html.j2").render(
        csp=content_security_policy(script),
        title=title,
        # Safe: the package's own files, inlined verbatim (the script's hash is in the policy).
        css=Markup(inline_text(STYLE_FILE)),
        script=Markup(script),
        meta=views.header(run),
        summary=views.summary(records),
        files=run.get("files"),  # every file of the run by kind, and what was skipped (screen only)
        scope=views.scope(len(shown), len(records)),
        chart=views.chart(shown, run, records),
        profile_labels=PROFILE_LABELS,
        table=views.table(shown),
        source=run.get("source"),
        taxonomy_version=run.get("taxonomy_version"),
        # Safe: script_json escaped `<`, `>`, `&` and the line separators for a <script> element.
        data_json=None if data.json is None else Markup(data.json),
        data_packed=data.packed_lines,
        job=job_view(run.get("job"), shown),  # screen --job: the JD's analysis and each candidate's requirements
    )
