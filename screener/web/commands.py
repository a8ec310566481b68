"""`screener serve` and `screener decisions`: click commands that cli.py adds to `screener`.

Nothing here imports a web library at import time: `screener --help` stays instant.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from screener.codes import DEFAULT_ROLE
from screener.output.notice_cli import BLIND
from screener.output.options import ExecutorOption, data_form, data_forms, examples


def serve_options(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.argument("inbox", required=False, default="inbox", type=click.Path(file_okay=False)),
        click.option("--state", "state_path", type=click.Path(dir_okay=False),
                     help="The state database (default: .screener/state.db here)."),
        click.option("--host", default="127.0.0.1", show_default=True,
                     help="Where to listen; beyond localhost a token is required (printed at start-up)."),
        click.option("--port", type=click.IntRange(min=0, max=65535), default=8023, show_default=True,
                     help="The port (0: any free one)."),
        click.option("--role", default=DEFAULT_ROLE, show_default=True, help="The role its own screens rank for."),
        click.option("--as-of", "as_of", help="The date 'today' means for the app's screens (YYYY-MM-DD)."),
        click.option("--taxonomy", "taxonomy_dir", type=click.Path(file_okay=False), help="A skill_taxonomy folder."),
        click.option("--executor", cls=ExecutorOption, show_default=True, help="How the app screens dropped files."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                     help="Worker processes for its screens."),
        click.option("--quiet", "-q", is_flag=True, help="Log no requests."),
        BLIND,
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.command(epilog=examples("screener serve inbox/", "screener serve inbox/ --state nightly/state.db --port 8080"))
@serve_options
def serve(**given: Any) -> None:
    """A local web app: the ranked list, evidence, compare, decide; files dropped into INBOX are screened at once.

    Bound to 127.0.0.1 unless --host is given (then with a token); originals are served from INBOX only.
    """
    from screener.taxonomy import TaxonomyError, load_taxonomy
    from screener.web.server import serve_command

    # A bad date, taxonomy or role is a usage error now, not at the first drop.
    day = given["as_of"]
    if day is not None and not (re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) and _is_date(day)):
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--as-of")
    try:
        taxonomy = load_taxonomy(Path(given["taxonomy_dir"]) if given["taxonomy_dir"] else None)
    except TaxonomyError as exc:
        raise click.UsageError(f"the taxonomy has problems; run `screener taxonomy --check`: {exc}") from exc
    if given["role"] not in taxonomy.targets:
        raise click.BadParameter(f"{given['role']!r} is not a target profile of the taxonomy "
                                 f"(use {', '.join(sorted(taxonomy.targets))})", param_hint="--role")
    serve_command(**given)


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


@click.command(epilog=examples("screener decisions -o out/ranked.csv",
                               "screener decisions --state state.db --json"))
@click.option("--state", "state_path", type=click.Path(dir_okay=False),
              help="The state database (default: .screener/state.db here, or beside --output).")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False),
              help="Find the state database beside this output file.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True,
              help="CSV for a spreadsheet, JSON for another program (--csv and --json say the same).")
@data_forms("the decisions", "one row per decision")
def decisions(state_path: str | None, output: str | None, fmt: str, as_json: bool = False,
              as_csv: bool = False) -> None:
    """Export every decision a person recorded, oldest first, never edited: the human-oversight record."""
    from screener.run.decisions import all_decisions, export
    from screener.run.state import DEFAULT_DIR, DEFAULT_NAME, State, StateError, default_state_path

    path = Path(state_path) if state_path else default_state_path(Path(output)) if output else \
        Path(DEFAULT_DIR) / DEFAULT_NAME
    try:
        state = State(path, create=False)
    except StateError as exc:
        raise click.UsageError(str(exc)) from exc
    try:
        click.echo(export(all_decisions(state), data_form(as_json, as_csv, fmt)), nl=False)
    finally:
        state.close()
