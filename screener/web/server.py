"""Starting the app: uvicorn on 127.0.0.1 by default; beyond localhost, with a token printed at start-up."""

from __future__ import annotations

import socket
from pathlib import Path

import click

from screener.web.security import LOOPBACK, Access


def start(inbox: Path, state_path: Path, host: str, port: int, role: str, as_of: str | None,
          taxonomy_dir: str | None, executor: str, jobs: int | None, quiet: bool = False, blind: bool = False) -> None:
    import uvicorn

    from screener.web.app import AppConfig, create_app

    access = Access.for_host(host)
    app = create_app(AppConfig(inbox, state_path, access, role, as_of, taxonomy_dir, executor, jobs, blind))
    shown = f"[{host}]" if ":" in host else host
    if port == 0:
        with socket.socket() as s:
            s.bind((host if host not in LOOPBACK else "127.0.0.1", 0))
            port = s.getsockname()[1]
    url = f"http://{shown}:{port}/"
    click.echo(f"screener serve: inbox {inbox}, state {state_path}")
    if access.token:
        click.echo(f"Open this link (it holds the access token; anyone with it can use the app):\n"
                   f"    {url}?token={access.token}")
    else:
        click.echo(f"Open {url}  (this machine only; Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning" if quiet else "info", access_log=not quiet,
                server_header=False)


def serve_command(inbox: str, state_path: str | None, host: str, port: int, role: str, as_of: str | None,
                  taxonomy_dir: str | None, executor: str, jobs: int | None, quiet: bool, blind: bool = False) -> None:
    """`screener serve` once its date and role are checked: the inbox made, the state opened, the server run."""
    from screener.run.state import DEFAULT_DIR, DEFAULT_NAME, StateError

    folder = Path(inbox)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.UsageError(f"cannot use the inbox {inbox}: {exc}") from exc
    store = Path(state_path) if state_path else Path(DEFAULT_DIR) / DEFAULT_NAME
    try:
        start(folder, store, host, port, role, as_of, taxonomy_dir, executor, jobs, quiet, blind)
    except StateError as exc:
        raise click.UsageError(str(exc)) from exc
