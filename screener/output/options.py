"""Checks and loads that several commands share: --as-of, -o's format, the taxonomy, the role, the state."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from screener.output.stdio import STDIO


class RoleType(click.ParamType):
    """--role: any target profile of the taxonomy in use (checked once it is loaded, `check_role`). Its
    metavar lists the bundled ones, read when a help page is drawn, so `screener --help` imports no taxonomy."""

    name = "role"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        from screener.judge.targets import profile_files
        from screener.taxonomy import default_taxonomy_dir

        return "[" + "|".join(p.stem for p in profile_files(default_taxonomy_dir())) + "|...]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        return str(value)


ROLE = RoleType()
ROLE_HELP = "The role to rank for: a target profile of the taxonomy (profiles/<role>.toml)."


def _executors() -> tuple[tuple[str, ...], str]:
    from screener.run.executors import DEFAULT_EXECUTOR, EXECUTORS

    return tuple(EXECUTORS), DEFAULT_EXECUTOR


class LazyChoice(click.Choice[str]):
    """A Choice whose names come from a registry imported when first needed (parsing, a help page)."""

    def __init__(self, load: Callable[[], Sequence[str]]) -> None:
        self.load = load
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]  # read-only: the registry's names
        return tuple(self.load())


_REGISTRY_DEFAULT = object()  # --executor's default: the registry's, looked up when first asked for


class ExecutorOption(click.Option):
    """--executor: its names and default are the executor registry's (run/executors), which imports the
    readers; they are read when a run or a help page needs them, so `screener --help` stays quick."""

    def __init__(self, param_decls: Sequence[str] | None = None, **attrs: Any) -> None:
        self._default: Any = _REGISTRY_DEFAULT
        super().__init__(param_decls, type=LazyChoice(lambda: _executors()[0]), default=_REGISTRY_DEFAULT, **attrs)

    @property
    def default(self) -> Any:
        return _executors()[1] if self._default is _REGISTRY_DEFAULT else self._default

    @default.setter
    def default(self, value: Any) -> None:
        self._default = value


def as_of_date(value: str | None, allow_future: bool = False) -> str:
    if value is None:
        return dt.date.today().isoformat()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--as-of")
    try:
        dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--as-of") from exc
    if not allow_future and value > dt.date.today().isoformat():
        raise click.BadParameter(f"{value} is in the future (add --allow-future if you mean it)", param_hint="--as-of")
    return value


def output_format(ctx: click.Context, output: str, fmt: str, bom: bool = False) -> str:
    """The -o file's format: --format when given, else its extension's; an unknown extension is a usage error."""
    from screener.output.writers import for_suffix

    chosen = output == STDIO or ctx.get_parameter_source("fmt") not in (None, click.core.ParameterSource.DEFAULT)
    suffix = "" if chosen else Path(output).suffix
    known = for_suffix(Path(output)) if suffix else None
    if suffix and known is None:
        raise click.BadParameter(
            f"screener writes no {suffix} files; use one of .csv, .jsonl, .parquet, .html (or --format)",
            param_hint="-o",
        )
    fmt = known.name if known else fmt
    if bom and fmt != "csv":
        raise click.UsageError(f"--bom marks a CSV; the -o output is {fmt}")
    return fmt


def writer_options(fmt: str, bom: bool) -> tuple[tuple[str, Any], ...]:
    """The -o output's writer options: --bom is the CSV writer's (output_format refused it for any other)."""
    from screener.output.csv import BOM_OPTION

    return ((BOM_OPTION, True),) if bom and fmt == "csv" else ()


def load_taxonomy_or_exit(path: str | None) -> Any:
    from screener.taxonomy import TaxonomyError, load_taxonomy

    try:
        return load_taxonomy(Path(path) if path else None)
    except TaxonomyError as exc:
        for p in exc.problems[:50]:
            click.echo(f"{p.file}:{p.line}: {p.message}", err=True)
        raise click.exceptions.Exit(2) from exc


def check_role(taxonomy: Any, role: str) -> None:
    if role not in taxonomy.targets:
        known = ", ".join(sorted(taxonomy.targets))
        raise click.BadParameter(f"{role!r} is not a target profile of the taxonomy (use {known})", param_hint="--role")


def spacy_model_or_exit(name: str | None) -> tuple[Any, str]:
    """The --spacy-model pipeline, loaded, or (None, '') for blank English; a usage error if it cannot load."""
    if not name:
        return None, ""
    from screener.settings import SpacyModelError, load_spacy_model

    try:
        return load_spacy_model(name)
    except SpacyModelError as exc:
        click.echo(f"screener: {exc}", err=True)
        raise click.exceptions.Exit(2) from exc


def open_state(state_path: str | None, output: str | None) -> Any:
    from screener.run.state import DEFAULT_DIR, DEFAULT_NAME, State, StateError, default_state_path

    if state_path:
        path = Path(state_path)
    elif output:
        path = default_state_path(Path(output))
    else:
        path = Path(DEFAULT_DIR) / DEFAULT_NAME
    try:
        return State(path, create=False)
    except StateError as exc:
        raise click.UsageError(str(exc)) from exc


def state_locked(state: Any) -> bool:
    from screener.run.lock import LockBusy, acquire, lock_path_for

    try:
        acquire(lock_path_for(state.path), wait=0).release()  # a look, not a wait
    except LockBusy:
        return True
    except OSError:
        return False
    return False


def finite_seconds(ctx: click.Context, param: click.Parameter, value: float) -> float:
    """--timeout: nan and inf would switch the per-file limit off."""
    if not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a number of seconds", ctx=ctx, param=param)
    return value


def examples(*lines: str) -> str:
    """A help page's closing examples (\b keeps click from rewrapping them)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def data_forms(what: str, rows: str) -> Any:
    """--json and --csv, the same two flags on every command that lists data (`what`, `rows` per CSV line)."""

    def add(command: Any) -> Any:
        command = click.option("--csv", "as_csv", is_flag=True,
                               help=f"Print {what} as CSV, {rows} (columns in README).")(command)
        return click.option("--json", "as_json", is_flag=True, help=f"Print {what} as JSON (shape in README).")(command)

    return add


def data_form(as_json: bool, as_csv: bool, fallback: str = "text") -> str:
    """"json", "csv", or `fallback` when neither flag is given; both is a usage error."""
    if as_json and as_csv:
        raise click.UsageError("--json and --csv exclude each other")
    return "json" if as_json else "csv" if as_csv else fallback


def exclusive(no_state: bool, state_path: str | None, keep_runs: int | None) -> None:
    if no_state and state_path:
        raise click.UsageError("--state and --no-state exclude each other")
    if no_state and keep_runs:
        raise click.UsageError("--keep-runs and --no-state exclude each other (no runs are recorded)")


def state_location(command: Any) -> Any:
    """--state / -o: where the state database of `history` and `diff` is."""
    command = click.option(
        "-o",
        "--output",
        "output",
        type=click.Path(dir_okay=False),
        help="Find the state database beside this output file.",
    )(command)
    return click.option(
        "--state",
        "state_path",
        type=click.Path(dir_okay=False),
        help="The state database (default: .screener/state.db here, or beside --output).",
    )(command)
