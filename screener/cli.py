"""The command line: thin click commands over the library.

Heavy libraries (spaCy, PDFium, polars) are imported inside the commands that
use them, so `screener --help` starts instantly.
"""

from __future__ import annotations

import atexit
import gc
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from screener import __version__
from screener.codes import DEFAULT_ROLE
from screener.output import notice_cli as lawful
from screener.output.audit_commands import audit, audit_options
from screener.output.job_command import job, job_option, load_job
from screener.output.options import (
    ROLE,
    ROLE_HELP,
    ExecutorOption,
    data_form,
    data_forms,
    examples,
    exclusive,
    finite_seconds,
    output_format,
    writer_options,
)
from screener.output.options import as_of_date as _as_of
from screener.output.options import check_role as _check_role
from screener.output.options import load_taxonomy_or_exit as _load_taxonomy
from screener.output.options import spacy_model_or_exit as _spacy_model
from screener.output.runs_commands import diff, history
from screener.output.stdio import STDIO, read_paths, spool_dir, write_stdout
from screener.output.writers import names as writer_names
from screener.web.commands import decisions, serve

_REPORT_TOP = click.option("--report-top", type=click.IntRange(min=0), default=1000, show_default=True,
                           help="The HTML report carries this many top-ranked files in full, counts the rest; 0: all.")

if TYPE_CHECKING:
    from screener.run.executors import Executor
    from screener.run.inbox import RunOptions
    from screener.run.result import RunResult
    from screener.settings import Screen

EXIT_OK, EXIT_STRICT, EXIT_USAGE, EXIT_LOCK, EXIT_WRITE = 0, 1, 2, 3, 4
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM, as shells report them
MAX_MEMORY_MB = 1 << 20  # 1 TB: a --memory beyond any machine is a typo, not a limit


SCREEN_EXAMPLES = examples(
    "screener screen inbox/ -o out/ranked.csv --html out/report.html",
    "find inbox -name '*.pdf' | screener screen - -o - | head",
)


def _version_message() -> str:
    """The version, and whether `pip install` compiled the PDF reader's C accelerators: without them the
    same reads run in Python, about twice as slow (README). Found by file, so --help imports no reader."""
    import importlib.machinery

    folder = Path(__file__).parent / "read"
    built = [m for m in ("_scan", "_glyphs")
             if any((folder / f"{m}{suffix}").is_file() for suffix in importlib.machinery.EXTENSION_SUFFIXES)]
    state = ("built" if len(built) == 2 else
             "NOT built (no C compiler at install?): PDFs are read about twice as slowly")
    return f"%(prog)s, version %(version)s\nPDF reader accelerators: {state}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=examples(
    "screener screen inbox/ -o out/ranked.csv --html out/report.html",
    "screener explain inbox/maya.pdf",
))
@click.version_option(__version__, prog_name="screener", message=_version_message())
@click.pass_context
def main(ctx: click.Context) -> None:
    """Screen resume PDFs: tell LLM-applied AI engineers from production ML engineers, with evidence.

    screener ranks and explains; it never rejects anyone on its own. Defaults come from
    screener.toml (or ~/.config/screener/config.toml) and SCREENER_* variables: `screener config`.
    """
    from screener.config import default_map

    if ctx.invoked_subcommand != "config":  # config reports a broken file itself
        ctx.default_map = {**default_map(main), **(ctx.default_map or {})}
    # At exit the interpreter collects every object spaCy and friends created: 0.2-0.3 s of a
    # one-file screen spent on memory the OS is about to reclaim. Frozen objects are skipped.
    atexit.register(gc.freeze)


# long: every option of screen is turned into the run's settings here, in the order they depend on each other
@main.command(epilog=SCREEN_EXAMPLES)
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Where to write the ranked results; its extension (.csv, .jsonl, .parquet, .html) picks the format; "
    "- writes to standard output.",
)
@click.option("-0", "--null", "nul", is_flag=True, help="A path of - reads NUL-separated paths (find -print0).")
@click.option("--bom", is_flag=True, help="Start the CSV with a UTF-8 byte-order mark, so Excel shows accents right.")
@click.option("--allow-future", is_flag=True, help="Accept an --as-of date after today.")
@click.option(
    "--role", type=ROLE, default=DEFAULT_ROLE, show_default=True, help=ROLE_HELP
)
@click.option("--as-of", "as_of", help="The date 'today' means (YYYY-MM-DD); default: today.")
@click.option("--taxonomy", "taxonomy_dir", type=click.Path(file_okay=False), help="A skill_taxonomy folder.")
@click.option("--format", "fmt", type=click.Choice(list(writer_names())), default="csv", show_default=True,
              help="The form of the -o file.")
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
    help="Keep the ranked lists (for diff and report) of only this many newest runs; default: 90.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1, max=7 * 24 * 3600.0),
    callback=finite_seconds,
    default=60.0,
    show_default=True,
    help="Seconds one file may take before it is stopped (status timeout).",
)
@click.option(
    "--memory",
    "memory_mb",
    type=click.IntRange(min=64, max=MAX_MEMORY_MB),
    default=1024,
    show_default=True,
    help="MB of memory a worker may add while reading one file (status too-large).",
)
@click.option(
    "--executor",
    cls=ExecutorOption,
    show_default=True,
    help="How files are screened: local = worker processes, each file under --timeout and --memory; "
    "serial = one after another in this process (for debugging).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--strict", is_flag=True, help="Exit 1 when any file could not be screened.")
@lawful.blind_options
@job_option
@audit_options
def screen(
    paths: tuple[str, ...], output: str, role: str, as_of: str | None, taxonomy_dir: str | None, fmt: str,
    jsonl_path: str | None, parquet_path: str | None, engine: str, spacy_model: str | None, jobs: int | None,
    state_path: str | None, no_state: bool, rescreen: bool, show_diff: bool, keep_runs: int | None,
    timeout: float, memory_mb: int, quiet: bool, strict: bool, html_path: str | None = None,
    executor: str | None = None, report_top: int = 1000, nul: bool = False, bom: bool = False,
    allow_future: bool = False, blind: bool = False, reveal_map: str | None = None, job_path: str | None = None,
    operator: str | None = None, audit_retention: int | None = None,
) -> None:
    """Screen PDFs (folders are searched recursively) and write a ranked CSV or JSONL.

    Files already screened with the same content, taxonomy, screener, role and
    engine are taken from the state database, so a nightly run only reads what
    is new. Exit codes: 0 done, 1 some files failed and --strict, 2 usage error, 3 another run
    holds the lock, 4 an output could not be written (old ones kept), 130 Ctrl-C, 143 SIGTERM.

    A PATH of - reads the paths to screen from standard input, one a line
    (NUL-separated with -0); -o - writes the ranked list to standard output,
    and the progress and summary go to standard error.
    """
    from screener.output.writers import OutputRequest
    from screener.run.executors import DEFAULT_EXECUTOR, Limits, default_jobs, make_executor
    from screener.run.inbox import RunOptions
    from screener.run.state import KEEP_LISTS, default_state_path
    from screener.settings import Screen

    exclusive(no_state, state_path, keep_runs)
    day = _as_of(as_of, allow_future)
    fmt = output_format(click.get_current_context(), output, fmt, bom)
    paths = read_paths(paths, nul, sys.stdin)
    if not paths:
        raise click.UsageError("no paths on standard input")
    taxonomy = _load_taxonomy(taxonomy_dir)
    _check_role(taxonomy, role)
    ranking = load_job(click.get_current_context(), job_path, taxonomy, day, quiet)
    nlp, nlp_label = _spacy_model(spacy_model)
    config = Screen.of(taxonomy, nlp=nlp, role=role, as_of=day, engine=engine, spacy_label=nlp_label)
    to_stdout = output == STDIO
    spool = spool_dir() if to_stdout else None
    main_path = str(spool / f"ranked.{fmt}") if spool else output
    main_output = OutputRequest(fmt, Path(main_path), writer_options(fmt, bom))
    asked = [("jsonl", jsonl_path), ("parquet", parquet_path), ("html", html_path)]
    outputs = (main_output, *(OutputRequest(name, Path(path)) for name, path in asked if path))
    jobs = jobs or default_jobs()
    invocation = {
        "paths": list(paths), "output": output, "format": fmt, "jsonl": jsonl_path, "parquet": parquet_path,
        "jobs": jobs, "strict": strict, "rescreen": rescreen, "timeout": timeout, "memory": memory_mb * 1024 * 1024,
        "spacy_model": nlp_label or None, "keep_runs": keep_runs, "blind": blind, "reveal_map": reveal_map,
        "operator": operator, "argv": sys.argv, "audit_retention": audit_retention,  # the audit log (run/audit.py)
    }
    options = RunOptions(outputs, rescreen, keep_runs or KEEP_LISTS, compare=show_diff and not quiet,
                         invocation=invocation, writer_extra={"report_top": report_top}, blind=blind,
                         reveal_map=lawful.reveal_path(blind, reveal_map), job=ranking)
    store = None if no_state else (Path(state_path) if state_path else default_state_path(Path(output)))
    limits = Limits(timeout, memory_mb * 1024 * 1024)
    runner = make_executor(executor or DEFAULT_EXECUTOR, jobs, limits)
    result = _run(paths, config, store, runner, options, quiet, to_stdout)
    if spool is not None and not write_stdout(Path(main_path).read_bytes()):
        return  # the reader closed the pipe (`| head`): what it took is all it wanted
    if strict and result.counts.failed:
        sys.exit(EXIT_STRICT)


def _run(paths: tuple[str, ...], config: Screen, store: Path | None, executor: Executor, options: RunOptions,
         quiet: bool, to_stdout: bool = False) -> RunResult:
    """screen_inbox, its events drawn as a progress bar, its errors as exit codes, its result as the summary."""
    from screener.output.csv import escape_controls
    from screener.output.summary import render_comparison, render_summary
    from screener.run.errors import Terminated, WriteFailed, on_sigterm
    from screener.run.inbox import LockBusy, RunError, UsageError, screen_inbox
    from screener.run.progress import watching

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        with watching(quiet) as on_event:  # the bar is closed before any message below
            result = screen_inbox(paths, config, store, executor, on_event, options)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from exc
    except RunError as exc:
        click.echo(f"screener: {escape_controls(str(exc))}", err=True)
        code = EXIT_LOCK if isinstance(exc, LockBusy) else EXIT_WRITE if isinstance(exc, WriteFailed) else EXIT_USAGE
        raise click.exceptions.Exit(code) from exc
    except KeyboardInterrupt as exc:
        stop = isinstance(exc, Terminated)
        why = "stopped by SIGTERM" if stop else "interrupted"
        click.echo(f"\nscreener: {why}; the run is recorded as interrupted, the next screens the rest", err=True)
        raise click.exceptions.Exit(EXIT_TERMINATED if stop else EXIT_INTERRUPTED) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    for warning in result.warnings:
        click.echo(f"warning: {escape_controls(warning)}", err=True)
    if not quiet:
        shown = {result.output: "standard output"} if to_stdout and result.output else {}
        click.echo(escape_controls(render_summary(result, shown)), err=to_stdout)
        if result.comparison is not None:
            click.echo(escape_controls(render_comparison(result.comparison)), nl=False, err=to_stdout)
    return result


@main.command(epilog=examples(
    "screener explain inbox/maya.pdf",
    "screener explain inbox/batch.zip/cv.pdf --role ml-engineer --lines",
))
@click.argument("file")
@click.option("--role", type=ROLE, default=DEFAULT_ROLE, show_default=True, help=ROLE_HELP)
@click.option("--as-of", "as_of", help="The date 'today' means (YYYY-MM-DD); default: today.")
@click.option("--taxonomy", "taxonomy_dir", type=click.Path(file_okay=False), help="A skill_taxonomy folder.")
@click.option("--engine", type=click.Choice(["auto", "pdfium", "pdfplumber"]), default="auto", show_default=True,
              help="PDF text engine; auto = PDFium with pdfplumber as fallback.")
@click.option("--spacy-model", help="An installed spaCy pipeline whose tokenizer to use instead of blank English.")
@click.option("--lines", "show_lines", is_flag=True, help="Also print every extracted line with its number.")
@click.option("--allow-future", is_flag=True, help="Accept an --as-of date after today.")
@lawful.FOR_CANDIDATE
@job_option
def explain(
    file: str,
    role: str,
    as_of: str | None,
    taxonomy_dir: str | None,
    engine: str,
    spacy_model: str | None,
    show_lines: bool,
    allow_future: bool = False,
    for_candidate: bool = False,
    job_path: str | None = None,
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
    day = _as_of(as_of, allow_future)
    taxonomy = _load_taxonomy(taxonomy_dir)
    _check_role(taxonomy, role)
    ranking = load_job(click.get_current_context(), job_path, taxonomy, day, quiet=True)
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
    if for_candidate:
        return lawful.echo_for_candidate(result, taxonomy)
    text = render_explain(result, kind=single.kind, as_of=day)
    if ranking is not None:
        from screener.output.explain import render_job_fit

        text += render_job_fit(result, ranking)
    if show_lines and result.document is not None:
        text += "\nLines\n-----\n" + "".join(
            f"{ln.number:>4} p{ln.page} {'•' if ln.bullet else ' '} {ln.text}\n" for ln in result.document.lines
        )
    click.echo(text, nl=False)


@main.command(epilog=examples("screener taxonomy --check", "screener taxonomy --csv > tools.csv"))
@click.option("--taxonomy", "taxonomy_dir", type=click.Path(file_okay=False),
              help="The skill_taxonomy folder to list (default: the bundled one).")
@click.option("--check", is_flag=True, help="Only validate; print problems and exit 2 if any.")
@data_forms("the tools and practices", "one row per tool or practice")
def taxonomy(taxonomy_dir: str | None, check: bool, as_json: bool = False, as_csv: bool = False) -> None:
    """List the tools by column and category, and validate the taxonomy files."""
    from screener.output.listings import dumps, taxonomy_csv, taxonomy_json, taxonomy_text
    from screener.taxonomy import default_taxonomy_dir, validate_taxonomy

    form = data_form(as_json, as_csv)
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
    if form == "text":
        click.echo(taxonomy_text(tax), nl=False)
    else:
        click.echo(dumps(taxonomy_json(tax)) if form == "json" else taxonomy_csv(taxonomy_json(tax)), nl=False)


@main.command(name="config", epilog=examples("screener config", "SCREENER_ROLE=ml-engineer screener config --json"))
@data_forms("the settings", "one row per option of each command")
def show_config(as_json: bool = False, as_csv: bool = False) -> None:
    """Show every option's effective default and where it came from: flag default, file or environment.

    Precedence, highest first: a flag given > SCREENER_<COMMAND>_<OPTION> > SCREENER_<OPTION> > the
    config file's [command] table > its top-level keys > the built-in default.
    """
    from screener.config import config_file, render_settings, settings

    if data_form(as_json, as_csv) == "csv":
        from screener.output.listings import settings_csv

        click.echo(settings_csv(settings(main)), nl=False)
        return
    click.echo(render_settings(settings(main), config_file(), as_json), nl=False)


@main.command(epilog=examples(
    "screener report out/ranked.jsonl -o out/report.html",
    "screener report out/.screener/state.db --run 3 --job jd.md -o run3.html",
))
@click.argument("source", type=click.Path())
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="Where to write the HTML report.")
@click.option("--run", "run_id", type=int, help="With a state database: the run to draw (default: the last completed).")
@click.option("--job", "job_path", type=click.Path(exists=True, dir_okay=False),
              help="The JD a `screen --job` run was screened against: draws its analysis (and, from the state, "
                   "each candidate's requirement table) again.")
@click.option("--as-of", "as_of", help="With --job and a JSONL: the as-of day (YYYY-MM-DD) the screen used.")
@_REPORT_TOP
@lawful.blind_options
def report(source: str, output: str, run_id: int | None, job_path: str | None = None, as_of: str | None = None,
           report_top: int = 1000, blind: bool = False, reveal_map: str | None = None) -> None:
    """Draw the HTML report again from a saved screen: its JSONL, or the state database (file or folder)."""
    from screener.output.files import write_atomic
    from screener.output.report import render_html
    from screener.run.saved import ReportError, load_records
    from screener.run.saved_job import attach_job, job_of_run

    try:
        records, run = load_records(source, run_id)
        if job_path is not None:
            records, run = attach_job(records, run, Path(job_path), _as_of(as_of, True) if as_of else None)
        elif (screened := job_of_run(run)) is not None:
            click.echo(f"screener: run {run.get('run_id')} was screened against {screened.get('file')}; "
                       "give it with --job to draw its job parts", err=True)
    except ReportError as exc:
        click.echo(f"screener: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from exc
    records, run = lawful.blind_saved(records, run, blind, reveal_map)
    write_atomic(Path(output), render_html(records, run, report_top))
    click.echo(f"Wrote {output}: {len(records)} file(s) from {run.get('source') or source}")


if __name__ == "__main__":
    main()


# `screener serve` (the web app) and `screener decisions` (its export) live beside the app.
main.add_command(history)
main.add_command(diff)
main.add_command(serve)
main.add_command(decisions)
main.add_command(lawful.notice)
main.add_command(job)
main.add_command(audit)
