"""The command line's job parts: `screener job JD`, and `--job JD` of `screen` and `explain`.

`--job` replaces `--role`: the JD's variant picks the target profile the candidates are ranked for
(a `mixed` JD: the target of its heavier column, and its problem is printed). Giving both on the
command line is a usage error; a role from the config file or the environment only says which stored
evidence is reused (the evidence is the same for every role; job/ranking.py rebuilds the score).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from screener.output.options import as_of_date, examples, load_taxonomy_or_exit

if TYPE_CHECKING:
    from screener.job.ranking import JobRanking

EXIT_USAGE = 2
JOB_HELP = ("Rank against this job description (text, Markdown, PDF, Word) instead of --role: requirement by "
            "requirement, its variant picking the target profile.")


def job_option(command: Any) -> Any:
    return click.option("--job", "job_path", type=click.Path(exists=True, dir_okay=False), help=JOB_HELP)(command)


def load_job(ctx: click.Context, job_path: str | None, taxonomy: Any, as_of: str,
             quiet: bool = False) -> JobRanking | None:
    """The JD read and analysed for `--job` (None without it); a --role given beside it is a usage error.
    Unless `quiet`, standard error names the job and its problems (a `mixed` JD says so before the run)."""
    if not job_path:
        return None
    if ctx.get_parameter_source("role") == click.core.ParameterSource.COMMANDLINE:
        raise click.UsageError("--job and --role exclude each other: the job description's variant picks the role")
    from screener.job import JobReadError
    from screener.job.ranking import JobRanking

    try:
        ranking = JobRanking.load(Path(job_path), taxonomy, as_of)
    except JobReadError as exc:
        click.echo(f"screener: cannot read the job description: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from exc
    if not quiet:
        click.echo(job_banner(ranking), err=True)
    return ranking


def job_banner(job: JobRanking) -> str:
    """One line naming the job ranked for, then its problems (each a line), for standard error."""
    a = job.analysis
    out = [f"Ranking against {a.file} ({a.title or 'untitled'}): variant {a.variant}, scored with the "
           f"{a.target} profile; {len(a.must())} must-have(s), {len(a.nice())} nice-to-have(s), "
           f"{len(a.years)} years requirement(s)."]
    out += [f"job problem: {p.code}: {p.why}" for p in a.problems]
    return "\n".join(out)


@click.command(epilog=examples("screener job jd.pdf", "screener job jd.txt --json"))
@click.argument("jd", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the analysis as JSON.")
@click.option("--as-of", "as_of", help="The date 'today' means (YYYY-MM-DD); default: today.")
@click.option("--taxonomy", "taxonomy_dir", type=click.Path(file_okay=False), help="A skill_taxonomy folder.")
@click.option("--allow-future", is_flag=True, help="Accept an --as-of date after today.")
def job(jd: str, as_json: bool, as_of: str | None, taxonomy_dir: str | None, allow_future: bool = False) -> None:
    """Read a job description: which job it really is, what it requires, and what is wrong with it."""
    from screener.job import JobReadError, analyze_file

    try:
        analysis = analyze_file(Path(jd), load_taxonomy_or_exit(taxonomy_dir), as_of_date(as_of, allow_future))
    except JobReadError as exc:
        click.echo(f"screener: cannot read the job description: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from exc
    if as_json:
        import json

        click.echo(json.dumps(analysis.to_json(), indent=2, ensure_ascii=False))
    else:
        from screener.job.render import analysis_text

        click.echo(analysis_text(analysis), nl=False)
