"""`screener serve`'s options (the command itself is in cli.py; this module imports no web library)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from screener.codes import DEFAULT_ROLE
from screener.run.executors import DEFAULT_EXECUTOR, EXECUTORS


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
        click.option("--executor", type=click.Choice(list(EXECUTORS)), default=DEFAULT_EXECUTOR, show_default=True,
                     help="How the app screens dropped files."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                     help="Worker processes for its screens."),
        click.option("--quiet", "-q", is_flag=True, help="Log no requests."),
    ]
    for option in reversed(options):
        command = option(command)
    return command
