"""The command line: thin click commands over the library.

Heavy libraries (spaCy, PDFium, polars) are imported inside the commands that
use them, so `screener --help` starts instantly.
"""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from screener import __version__
from screener.codes import DEFAULT_ROLE
from screener.judge.targets import profile_files
from screener.output.files import write_atomic
from screener.output.writers import names as writer_names
from screener.run.executors import DEFAULT_EXECUTOR, EXECUTORS
from screener.taxonomy import default_taxonomy_dir
from screener.web.commands import decisions, serve

# --role takes any target profile of the taxonomy in use (checked once it is loaded); --help lists the bundled ones.
ROLE_HELP = "The role to rank for: a target profile of the taxonomy (profiles/<role>.toml)."
ROLE_METAVAR = "[" + "|".join(p.stem for p in profile_files(default_taxonomy_dir())) + "|...]"
_REPORT_TOP = click.option("--report-top", type=click.IntRange(min=0), default=1000, show_default=True,
                           help="The HTML report carries this many top-ranked files in full, counts the rest; 0: all.")

if TYPE_CHECKING:
    from screener.run.executors import Executor
    from screener.run.inbox import RunOptions
    from screener.run.result import RunResult
    from screener.settings import Screen

EXIT_OK, EXIT_STRICT, EXIT_USAGE, EXIT_LOCK = 0, 1, 2, 3


def _as_of(value: str | None) -> str:
    if value is None:
        return dt.date.today().isoformat()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--as-of")
    try:
        dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--as-of") from exc
    return value


def _load_taxonomy(path: str | None) -> Any:
    from screener.taxonomy import TaxonomyError, load_taxonomy

    try:
        return load_taxonomy(Path(path) if path else None)
    except TaxonomyError as exc:
        for p in exc.problems[:50]:
            click.echo(f"{p.file}:{p.line}: {p.message}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from exc


def _check_role(taxonomy: Any, role: str) -> None:
    if role not in taxonomy.targets:
        known = ", ".join(sorted(taxonomy.targets))
        raise click.BadParameter(f"{role!r} is not a target profile of the taxonomy (use {known})", param_hint="--role")


def _spacy_model(name: str | None) -> tuple[Any, str]:
    """The --spacy-model pipeline, loaded, or (None, '') for blank English; a usage error if it cannot load."""
    if not name:
        return None, ""
    from screener.settings import SpacyModelError, load_spacy_model

    try:
        return load_spacy_model(name)
    except SpacyModelError as exc:
        click.echo(f"screener: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="screener")
def main() -> None:
    """Screen resume PDFs: tell LLM-applied AI engineers from production ML engineers, with evidence.

    screener ranks and explains; it never rejects anyone on its own.
    """
    # At exit the interpreter collects every object spaCy and friends created: 0.2-0.3 s of a
    # one-file screen spent on memory the OS is about to reclaim. Frozen objects are skipped.
    atexit.register(gc.freeze)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Where to write the ranked results.",
)
@click.option(
    "--role", default=DEFAULT_ROLE, show_default=True, metavar=ROLE_METAVAR, help=ROLE_HELP
)
@click.option("--as-of", "as_of", help="The date 'today' means (YYYY-MM-DD); default: today.")
@click.option("--taxonomy", "taxonomy_dir", type=click.Path(file_okay=False), help="A skill_taxonomy folder.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(writer_names())),
    default="csv",
    show_default=True,
    help="The form of the -o file.",
)
@click.option("--jsonl", "jsonl_path", type=click.Path(dir_okay=False), help="Also write the JSONL form here.")
@click.option(
    "--parquet", "parquet_path", type=click.Path(dir_okay=False), help="Also write the ranked table as Parquet here."
)
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False),
    help="Also write a self-contained HTML report here (works offline).",
)
@_REPORT_TOP
@click.option(
    "--engine",
    type=click.Choice(["auto", "pdfium", "pdfplumber"]),
    default="auto",
    show_default=True,
    help="PDF text engine; auto = PDFium with pdfplumber as fallback.",
)
@click.option(
    "--spacy-model",
    help="An installed spaCy pipeline (package or folder) whose tokenizer to use instead of blank English.",
)
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes (default: the machine's cores)."
)
@click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False),
    help="The state database (default: .screener/state.db beside the output).",
)
@click.option("--no-state", is_flag=True, help="Keep no state: screen every file, record no run.")
@click.option("--rescreen", is_flag=True, help="Screen every file again, even those unchanged since the last run.")
@click.option("--diff", "show_diff", is_flag=True, help="Also print what changed since the previous run.")
@click.option(
    "--keep-runs",
    type=click.IntRange(min=1),
    help="Keep the ranked lists (for diff and report) of only this many newest runs; default: all.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=60.0,
    show_default=True,
    help="Seconds one file may take before it is stopped (status timeout).",
)
@click.option(
    "--memory",
    "memory_mb",
    type=click.IntRange(min=64),
    default=1024,
    show_default=True,
    help="MB of memory a worker may add while reading one file (status too-large).",
)
@click.option(
    "--executor",
    type=click.Choice(list(EXECUTORS)),
    default=DEFAULT_EXECUTOR,
    show_default=True,
    help="How files are screened: local = worker processes, each file under --timeout and --memory; "
    "serial = one after another in this process (for debugging).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--strict", is_flag=True, help="Exit 1 when any file could not be screened.")
def screen(
    paths: tuple[str, ...], output: str, role: str, as_of: str | None, taxonomy_dir: str | None, fmt: str,
    jsonl_path: str | None, parquet_path: str | None, engine: str, spacy_model: str | None, jobs: int | None,
    state_path: str | None, no_state: bool, rescreen: bool, show_diff: bool, keep_runs: int | None,
    timeout: float, memory_mb: int, quiet: bool, strict: bool, html_path: str | None = None,
    executor: str = DEFAULT_EXECUTOR, report_top: int = 1000,
) -> None:
    """Screen PDFs (folders are searched recursively) and write a ranked CSV or JSONL.

    Files already screened with the same content, taxonomy, screener, role and
    engine are taken from the state database, so a nightly run only reads what
    is new. Exit codes: 0 done, 1 some files failed and --strict, 2 usage error,
    3 another run holds the state's lock.
    """
    from screener.output.writers import OutputRequest
    from screener.run.executors import Limits, default_jobs, make_executor
    from screener.run.inbox import RunOptions
    from screener.run.state import default_state_path
    from screener.settings import Screen

    if no_state and state_path:
        raise click.UsageError("--state and --no-state exclude each other")
    if no_state and keep_runs:
        raise click.UsageError("--keep-runs and --no-state exclude each other (no runs are recorded)")
    day = _as_of(as_of)
    taxonomy = _load_taxonomy(taxonomy_dir)
    _check_role(taxonomy, role)
    nlp, nlp_label = _spacy_model(spacy_model)
    config = Screen.of(taxonomy, nlp=nlp, role=role, as_of=day, engine=engine, spacy_label=nlp_label)
    asked = [(fmt, output), ("jsonl", jsonl_path), ("parquet", parquet_path), ("html", html_path)]
    outputs = tuple(OutputRequest(name, Path(path)) for name, path in asked if path)
    jobs = jobs or default_jobs()
    invocation = {
        "paths": list(paths), "output": output, "format": fmt, "jsonl": jsonl_path, "parquet": parquet_path,
        "jobs": jobs, "strict": strict, "rescreen": rescreen, "timeout": timeout, "memory": memory_mb * 1024 * 1024,
        "spacy_model": nlp_label or None, "keep_runs": keep_runs,
    }
    options = RunOptions(outputs, rescreen, keep_runs, compare=show_diff and not quiet, invocation=invocation,
                         writer_extra={"report_top": report_top})
    store = None if no_state else (Path(state_path) if state_path else default_state_path(Path(output)))
    limits = Limits(timeout, memory_mb * 1024 * 1024)
    result = _run(paths, config, store, make_executor(executor, jobs, limits), options, quiet)
    if strict and result.counts.failed:
        sys.exit(EXIT_STRICT)


def _run(paths: tuple[str, ...], config: Screen, store: Path | None, executor: Executor, options: RunOptions,
         quiet: bool) -> RunResult:
    """screen_inbox, its events drawn as a progress bar, its errors as exit codes, its result as the summary."""
    from screener.output.summary import render_comparison, render_summary
    from screener.run.events import ignore
    from screener.run.inbox import LockBusy, RunError, UsageError, screen_inbox
    from screener.run.progress import progress_bar

    try:
        result = screen_inbox(paths, config, store, executor, progress_bar(quiet) or ignore, options)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from exc
    except RunError as exc:
        click.echo(f"screener: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_LOCK if isinstance(exc, LockBusy) else EXIT_USAGE) from exc
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not quiet:
        click.echo(render_summary(result))
        if result.comparison is not None:
            click.echo(render_comparison(result.comparison), nl=False)
    return result


def _open_state(state_path: str | None, output: str | None) -> Any:
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


def _state_locked(state: Any) -> bool:
    from screener.run.lock import LockBusy, acquire, lock_path_for

    try:
        acquire(lock_path_for(state.path), wait=0).release()  # a look, not a wait
    except LockBusy:
        return True
    except OSError:
        return False
    return False


def _state_location(command: Any) -> Any:
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


@main.command()
@_state_location
@click.option("--limit", "-n", type=click.IntRange(min=1), default=20, show_default=True, help="Runs to show.")
def history(state_path: str | None, output: str | None, limit: int) -> None:
    """List the recorded runs, newest first: when, how long, what was screened or reused."""
    from screener.run.history import render_history

    state = _open_state(state_path, output)
    try:
        runs = state.runs(limit)
        dropped = [r["id"] for r in runs if state.list_dropped(r)]
        click.echo(render_history(runs, locked=_state_locked(state), dropped=dropped), nl=False)
    finally:
        state.close()


@main.command()
@_state_location
@click.option("--run", "run_id", type=int, help="The run to report on (default: the latest completed run).")
@click.option(
    "--since", "since_id", type=int, help="The run to compare with (default: the completed run before it, same role)."
)
@click.option(
    "--limit", "-n", type=click.IntRange(min=1), default=20, show_default=True, help="Lines to show per section."
)
def diff(state_path: str | None, output: str | None, run_id: int | None, since_id: int | None, limit: int) -> None:
    """What is new since the previous run: new candidates, changed ranks, new flags, who left."""
    from screener.run.history import diff_runs, render_diff

    state = _open_state(state_path, output)
    try:
        done = [r for r in state.runs() if r["status"] == "completed"]
        now = next((r for r in done if r["id"] == run_id), None) if run_id else (done[0] if done else None)
        if now is None:
            raise click.UsageError(f"no completed run {run_id}" if run_id else "no completed run recorded yet")
        if since_id:
            before = next((r for r in done if r["id"] == since_id), None)
            if before is None:
                raise click.UsageError(f"no completed run {since_id}")
        else:
            before = next((r for r in done if r["id"] < now["id"] and r["role"] == now["role"]), None)
            if before is None:
                click.echo(
                    f"Run {now['id']} is the first completed run for {now['role']}: everyone is new "
                    f"({now['ranked']} ranked)."
                )
                return
        for run in (now, before):
            if state.list_dropped(run):
                click.echo(f"screener: run {run['id']}'s ranked list is no longer kept (--keep-runs); "
                           "`screener history` still shows its counts", err=True)
                raise click.exceptions.Exit(EXIT_USAGE)
        d = diff_runs(state.run_files(before["id"]), state.run_files(now["id"]))
        click.echo(render_diff(d, before, now, limit), nl=False)
    finally:
        state.close()


@main.command()
@click.argument("file")
@click.option("--role", default=DEFAULT_ROLE, show_default=True, metavar=ROLE_METAVAR, help=ROLE_HELP)
@click.option("--as-of", "as_of", help="The date 'today' means (YYYY-MM-DD); default: today.")
@click.option("--taxonomy", "taxonomy_dir", type=click.Path(file_okay=False))
@click.option("--engine", type=click.Choice(["auto", "pdfium", "pdfplumber"]), default="auto", show_default=True)
@click.option("--spacy-model", help="An installed spaCy pipeline whose tokenizer to use instead of blank English.")
@click.option("--lines", "show_lines", is_flag=True, help="Also print every extracted line with its number.")
def explain(
    file: str,
    role: str,
    as_of: str | None,
    taxonomy_dir: str | None,
    engine: str,
    spacy_model: str | None,
    show_lines: bool,
) -> None:
    """Show the whole reasoning for one resume: every figure and flag with the lines behind it.

    FILE is any file screen reads (PDF, Word, OpenDocument, RTF, text, HTML, an image), or a file
    inside a zip or an email named as the outputs name it (archive.zip/cv.pdf); a zip or an email
    itself lists its files.
    """
    from screener.output.explain import render_explain, render_members
    from screener.pipeline import Screen
    from screener.run.errors import UsageError
    from screener.run.single import screen_named

    if Path(file).is_dir():
        raise click.BadParameter(f"{file} is a folder; explain takes one file", param_hint="FILE")
    day = _as_of(as_of)
    taxonomy = _load_taxonomy(taxonomy_dir)
    _check_role(taxonomy, role)
    nlp, nlp_label = _spacy_model(spacy_model)
    config = Screen.of(taxonomy, nlp=nlp, role=role, as_of=day, engine=engine, spacy_model=spacy_model or "",
                       spacy_label=nlp_label)
    try:
        single = screen_named(file, config)
    except UsageError as exc:
        raise click.BadParameter(str(exc), param_hint="FILE") from exc
    if single.screening is None:
        click.echo(render_members(file, single.kind, single.members, single.skipped), nl=False)
        return
    result = single.screening
    text = render_explain(result, kind=single.kind)
    if show_lines and result.document is not None:
        text += "\nLines\n-----\n" + "".join(
            f"{ln.number:>4} p{ln.page} {'•' if ln.bullet else ' '} {ln.text}\n" for ln in result.document.lines
        )
    click.echo(text, nl=False)


@main.command()
@click.option("--taxonomy", "taxonomy_dir", type=click.Path(file_okay=False))
@click.option("--check", is_flag=True, help="Only validate; print problems and exit 2 if any.")
def taxonomy(taxonomy_dir: str | None, check: bool) -> None:
    """List the tools by column and category, and validate the taxonomy files."""
    from screener.taxonomy import default_taxonomy_dir, validate_taxonomy

    folder = Path(taxonomy_dir) if taxonomy_dir else default_taxonomy_dir()
    problems = validate_taxonomy(folder)
    if problems:
        for p in problems:
            click.echo(f"{p.file}:{p.line}: {p.message}", err=True)
        click.echo(f"{len(problems)} problem(s) in {folder}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE)
    tax = _load_taxonomy(str(folder))
    if check:
        click.echo(f"taxonomy {tax.version}: {len(tax.tools)} tools, {len(tax.concepts)} practices, no problems")
        return
    names = {"A": "Column A - LLM-applied (AI engineer)", "B": "Column B - production ML (ML engineer)", "N": "Neutral"}
    for col in ("A", "B", "N"):
        tools = [t for t in tax.tools if t.column == col]
        click.echo(f"\n{names[col]}: {len(tools)} tools")
        by_cat: dict[str, list[Any]] = {}
        for t in tools:
            by_cat.setdefault(t.category, []).append(t)
        for cat in sorted(by_cat):
            listed = ", ".join(
                f"{t.name} ({t.first_release})" for t in sorted(by_cat[cat], key=lambda t: t.name.lower())
            )
            click.echo(f"  {cat}: {listed}")
        concepts = [c for c in tax.concepts if c.column == col]
        if concepts:
            click.echo(f"  practices: {', '.join(c.name for c in concepts)}")
    click.echo(f"\ntaxonomy {tax.version}: {len(tax.tools)} tools, {len(tax.concepts)} practices, no problems")


@main.command()
@click.argument("source", type=click.Path())
@click.option(
    "-o", "--output", "output", required=True, type=click.Path(dir_okay=False), help="Where to write the HTML report."
)
@click.option(
    "--run", "run_id", type=int, help="With a state database: the run to draw (default: the latest completed)."
)
@_REPORT_TOP
def report(source: str, output: str, run_id: int | None, report_top: int = 1000) -> None:
    """Draw the HTML report again from a saved screen: its JSONL, or the state database (file or folder)."""
    from screener.output.report import render_html
    from screener.run.saved import ReportError, load_records

    try:
        records, run = load_records(source, run_id)
    except ReportError as exc:
        click.echo(f"screener: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from exc
    write_atomic(Path(output), render_html(records, run, report_top))
    click.echo(f"Wrote {output}: {len(records)} file(s) from {run.get('source') or source}")


if __name__ == "__main__":
    main()


@main.command()
@click.argument("jd", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the analysis as JSON.")
@click.option("--as-of", "as_of", help="The date 'today' means (YYYY-MM-DD); default: today.")
@click.option("--taxonomy", "taxonomy_dir", type=click.Path(file_okay=False), help="A skill_taxonomy folder.")
def job(jd: str, as_json: bool, as_of: str | None, taxonomy_dir: str | None) -> None:
    """Read a job description: which job it really is, what it requires, and what is wrong with it."""
    from screener.job import JobReadError, analyze_file

    try:
        analysis = analyze_file(Path(jd), _load_taxonomy(taxonomy_dir), _as_of(as_of))
    except JobReadError as exc:
        click.echo(f"screener: cannot read the job description: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from exc
    if as_json:
        import json

        click.echo(json.dumps(analysis.to_json(), indent=2, ensure_ascii=False))
    else:
        from screener.job.render import analysis_text

        click.echo(analysis_text(analysis), nl=False)



# `screener serve` (the web app) and `screener decisions` (its export) live beside the app.
main.add_command(serve)
main.add_command(decisions)
