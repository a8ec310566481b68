"""The command line of issue 22's notices and blind mode: `screener notice`, and the `--blind`,
`--reveal-map` and `--for-candidate` options cli.py puts on `screen`, `report`, `serve` and `explain`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from screener.output.options import examples

JURISDICTIONS = ("nyc", "illinois", "colorado", "eu")  # as output/notice.py renders them (imported lazily)

BLIND = click.option("--blind", is_flag=True, help="Show candidate ids instead of names, contact details, "
                     "locations, school names, graduation and birth years and gendered words (README).")
REVEAL_MAP = click.option("--reveal-map", "reveal_map", type=click.Path(dir_okay=False),
                          help="With --blind: also write id -> candidate and file to this CSV (keep it apart).")
FOR_CANDIDATE = click.option("--for-candidate", is_flag=True,
                             help="Write a plain-language explanation for the candidate themself (no jargon).")


def blind_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--blind and --reveal-map."""
    return BLIND(REVEAL_MAP(command))


def reveal_path(blind: bool, reveal_map: str | None) -> Path | None:
    if reveal_map and not blind:
        raise click.UsageError("--reveal-map goes with --blind (without it the outputs already name everyone)")
    return Path(reveal_map) if reveal_map else None


def blind_saved(records: list[dict[str, Any]], run: dict[str, Any], blind: bool,
                reveal_map: str | None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """`report --blind`: a saved screen's records blinded (and the reveal map written when asked)."""
    reveal = reveal_path(blind, reveal_map)
    if not blind:
        return records, run
    from screener.output.blind import HIDDEN, blind_records, write_reveal_map
    from screener.record import Record
    from screener.run.errors import WriteFailed

    typed = [Record.from_json(r) for r in records]
    if reveal is not None:
        try:
            write_reveal_map(reveal, typed)
        except WriteFailed as exc:
            click.echo(f"screener: {exc}", err=True)
            raise click.exceptions.Exit(4) from exc
    job = run.get("job")
    if job is None:
        return [r.to_json() for r in blind_records(typed)], {**run, "source": HIDDEN}
    from screener.output.blind import blind_with_job

    shown, fits = blind_with_job(typed, job)
    return [r.to_json() for r in shown], {**run, "source": HIDDEN, "job": fits}


def echo_for_candidate(screening: Any, taxonomy: Any) -> None:
    """`explain --for-candidate`: the candidate's own result in plain words."""
    from screener.output.notice import render_for_candidate
    from screener.record import record

    click.echo(render_for_candidate(record(screening), taxonomy), nl=False)


@click.command(epilog=examples("screener notice --jurisdiction nyc -o notice-nyc.txt",
                               "screener notice --jurisdiction eu --role ml-engineer"))
@click.option("--jurisdiction", required=True, type=click.Choice(JURISDICTIONS),
              help="Whose law the notice is written for.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Where to write the notice (default: standard output).")
@click.option("--role", "roles", multiple=True, help="Only this target profile (repeatable; default: every one).")
@click.option("--taxonomy", "taxonomy_dir", type=click.Path(file_okay=False), help="A skill_taxonomy folder.")
def notice(jurisdiction: str, output: str, roles: tuple[str, ...], taxonomy_dir: str | None) -> None:
    """Write the notice to give candidates: what screener assesses (from the taxonomy in use), the data it
    uses and keeps, and how to ask for another process. [[EMPLOYER: ...]] marks what you must fill in."""
    from screener.output.files import write_atomic
    from screener.output.notice import render_notice
    from screener.output.options import check_role, load_taxonomy_or_exit

    taxonomy = load_taxonomy_or_exit(taxonomy_dir)
    for role in roles:
        check_role(taxonomy, role)
    text = render_notice(taxonomy, jurisdiction, roles or None)
    if output == "-":
        click.echo(text, nl=False)
        return
    try:
        write_atomic(Path(output), text)
    except OSError as exc:
        raise click.UsageError(f"cannot write {output}: {exc.strerror or exc}") from exc
    click.echo(f"Wrote {output}: the {jurisdiction} notice; fill in every [[EMPLOYER: ...]]", err=True)
