"""`screener audit` (log, impact) and the audit options of `screener screen`: click commands cli.py adds.

Nothing here can change the audit log: `log` reads it, `impact` reads a run or a ranked CSV and the
employer's demographic file, and writes only its own outputs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from screener.output.options import examples
from screener.run.retention import DEFAULT_RETENTION_DAYS, MIN_RETENTION_DAYS

EXIT_USAGE = 2


def _retention(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and value < MIN_RETENTION_DAYS:
        raise click.BadParameter(f"{value} days is under six months ({MIN_RETENTION_DAYS} days), the least the "
                                 "EU AI Act (Art. 26(6)) allows for these logs", ctx=ctx, param=param)
    return value


def audit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """`screen`'s --operator and --audit-retention."""
    command = click.option(
        "--operator", help="Who runs this screen, for the audit log (default: the OS user).")(command)
    return click.option(
        "--audit-retention", "audit_retention", type=int, callback=_retention, default=DEFAULT_RETENTION_DAYS,
        show_default=True, metavar="DAYS",
        help=f"Keep audit-log entries this many days (3 years: Colorado); at least {MIN_RETENTION_DAYS} "
        "(six months: EU AI Act Art. 26).")(command)


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise click.BadParameter("use YYYY-MM-DD", ctx=ctx, param=param) from exc


@click.group(epilog=examples(
    "screener audit log --state out/.screener/state.db --since 2026-01-01",
    "screener audit impact --demographics eeo.csv --shortlist 20 -o impact.csv --html impact.html",
))
def audit() -> None:
    """The records an employer keeps: the append-only audit log, and impact figures by sex and race/ethnicity."""


@audit.command(name="log", epilog=examples("screener audit log", "screener audit log --format csv --since 2026-11-01"))
@click.option("--state", "state_path", type=click.Path(dir_okay=False),
              help="The state database (default: .screener/state.db here).")
@click.option("--since", callback=_day, help="Only entries from this day on (YYYY-MM-DD, UTC).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True,
              help="JSON lines for a program, CSV for a spreadsheet.")
@click.option("--verify", is_flag=True,
              help="Check the entries' hash chain instead: exit 1 naming the first entry altered or removed.")
def log(state_path: str | None, since: str | None, fmt: str, verify: bool = False) -> None:
    """Export the audit log, oldest first: runs, files, output rows, decisions, pruning. It is never edited."""
    from screener.run.audit import export, iter_entries
    from screener.run.audit import verify as verify_chain
    from screener.run.state import DEFAULT_DIR, DEFAULT_NAME, State, StateError

    path = Path(state_path) if state_path else Path(DEFAULT_DIR) / DEFAULT_NAME
    try:
        state = State(path, create=False)
    except StateError as exc:
        raise click.UsageError(str(exc)) from exc
    try:
        if verify:
            checked, broken = verify_chain(state)
            if broken is not None:
                click.echo(f"screener: the audit log was altered: entry {broken} does not follow from the "
                           f"entries before it ({checked} entries check out before it)", err=True)
                raise click.exceptions.Exit(1)
            click.echo(f"The audit log's {checked} entries chain unbroken.")
            return
        for text in export(iter_entries(state, since), fmt):
            click.echo(text, nl=False)
    finally:
        state.close()


@audit.command(epilog=examples(
    "screener audit impact --demographics eeo.csv -o impact.csv",
    "screener audit impact --demographics eeo.csv --ranked ranked.csv --decisions -o impact.csv --html impact.html",
))
@click.option("--demographics", required=True, type=click.Path(exists=True, dir_okay=False),
              help="The employer's CSV: candidate_id or sha256, sex, race_ethnicity. Read here only, never stored.")
@click.option("--from", "run_id", type=click.IntRange(min=1), metavar="RUN",
              help="The recorded run to measure (default: the latest completed run).")
@click.option("--ranked", type=click.Path(exists=True, dir_okay=False),
              help="Measure a ranked CSV instead of a recorded run.")
@click.option("--state", "state_path", type=click.Path(dir_okay=False),
              help="The state database of --from (default: .screener/state.db here).")
@click.option("--shortlist", type=click.IntRange(min=1), metavar="N",
              help="Also selection rates, the top N ranks counting as selected.")
@click.option("--decisions", "use_decisions", is_flag=True,
              help="Also selection rates, a recorded decision to shortlist counting as selected.")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="Where to write the figures as CSV.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Also write a short HTML summary here.")
def impact(demographics: str, run_id: int | None, ranked: str | None, state_path: str | None,
           shortlist: int | None, use_decisions: bool, output: str, html_path: str | None) -> None:
    """Local Law 144 figures: scoring rates (above the median), selection rates and impact ratios by sex,
    race/ethnicity and their intersections, from a demographic file the employer supplies."""
    from screener.output.files import write_atomic
    from screener.output.impact import ImpactError, figures, match, read_demographics
    from screener.output.impact_report import from_ranked, from_run, render_csv, render_html
    from screener.run.state import DEFAULT_DIR, DEFAULT_NAME

    if ranked and (run_id or state_path):
        raise click.UsageError("--ranked and --from/--state exclude each other")
    if shortlist and use_decisions:
        raise click.UsageError("--shortlist and --decisions exclude each other")
    try:
        groups = read_demographics(Path(demographics))
        if ranked:
            sample, source = from_ranked(Path(ranked), shortlist, use_decisions)
        else:
            store = Path(state_path) if state_path else Path(DEFAULT_DIR) / DEFAULT_NAME
            sample, source = from_run(store, run_id, shortlist, use_decisions)
        people, unmatched = match(sample, groups)
        selection = f"the top {shortlist} ranks" if shortlist else "a decision to shortlist" if use_decisions else ""
        figs = figures(people, selection)
    except ImpactError as exc:
        click.echo(f"screener: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from exc
    write_atomic(Path(output), render_csv(figs))
    written = [output]
    if html_path:
        write_atomic(Path(html_path), render_html(figs, source, Path(demographics)))
        written.append(html_path)
    click.echo(f"Wrote {' and '.join(written)}: {figs.sample} scored candidates, median {figs.median:g}; "
               f"{figs.unknown['intersection']} with an unknown category")
    if unmatched:
        click.echo(f"warning: {unmatched} line(s) of {demographics} match no candidate of {source.label}", err=True)
