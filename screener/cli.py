"""The command line: thin click commands over the library.

Heavy libraries (spaCy, PDFium, polars) are imported inside the commands that
use them, so `screener --help` starts instantly.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import click

from screener import __version__

ROLES = ("ai-engineer", "ml-engineer")
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


def write_atomic(path: Path, text: str) -> None:
    """Write beside the target and rename over it: a killed run leaves the old file whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="screener")
def main() -> None:
    """Screen resume PDFs: tell LLM-applied AI engineers from production ML engineers, with evidence.

    screener ranks and explains; it never rejects anyone on its own.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="Where to write the ranked results.")
@click.option("--role", type=click.Choice(ROLES), default="ai-engineer", show_default=True,
              help="The role to rank for.")
@click.option("--as-of", "as_of", help="The date 'today' means (YYYY-MM-DD); default: today.")
@click.option("--taxonomy", "taxonomy_dir", type=click.Path(file_okay=False), help="A skill_taxonomy folder.")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option("--engine", type=click.Choice(["auto", "pdfium", "pdfplumber"]), default="auto", show_default=True,
              help="PDF text engine; auto = PDFium with pdfplumber as fallback.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the machine's cores).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--strict", is_flag=True, help="Exit 1 when any file could not be screened.")
def screen(paths: tuple[str, ...], output: str, role: str, as_of: str | None, taxonomy_dir: str | None, fmt: str,
           engine: str, jobs: int | None, quiet: bool, strict: bool) -> None:
    """Screen PDFs (folders are searched recursively) and write a ranked CSV or JSONL."""
    from screener.pipeline import Config
    from screener.runner import UsageError, discover, rank, screen_all

    day = _as_of(as_of)
    taxonomy = _load_taxonomy(taxonomy_dir)
    try:
        files = discover(paths)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from exc
    jobs = jobs or os.cpu_count() or 1

    def make_config() -> Config:
        return Config(taxonomy=taxonomy, role=role, as_of=day, engine=engine)

    progress = _progress_bar(quiet)
    results = list(screen_all(files, make_config, jobs=jobs, progress=progress))
    if progress is not None:
        click.echo("", err=True)
    records = rank(results)
    if fmt == "csv":
        from screener.output.csv import render_csv

        text = render_csv(records)
    else:
        from screener.output.jsonl import render_jsonl

        text = render_jsonl(records)
    write_atomic(Path(output), text)
    if not quiet:
        click.echo(summary(records, output, taxonomy.version, role, day))
    bad = [r for r in records if r["status"] != "ok"]
    if strict and bad:
        sys.exit(EXIT_STRICT)


def _progress_bar(quiet: bool) -> Any:
    if quiet or not sys.stderr.isatty():
        return None
    import time

    start = time.monotonic()

    def show(done: int, total: int) -> None:
        elapsed = time.monotonic() - start
        rate = done / elapsed if elapsed > 0 else 0.0
        left = (total - done) / rate if rate > 0 else 0.0
        width = 30
        filled = int(width * done / max(total, 1))
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files "
                         f"{rate:5.1f}/s  {left:4.0f}s left ")
        sys.stderr.flush()

    return show


def summary(records: list[dict[str, Any]], output: str, version: str, role: str, as_of: str) -> str:
    ok = [r for r in records if r["status"] == "ok"]
    bad = [r for r in records if r["status"] != "ok"]
    counts = Counter(r["profile"] for r in ok)
    lines = [
        f"Screened {len(records)} file(s) for {role} (as of {as_of}, taxonomy {version}): "
        f"{len(ok)} ranked, {len(bad)} could not be read. Wrote {output}",
        "Profiles: " + ", ".join(f"{p} {counts.get(p, 0)}" for p in ("ai-engineer", "ml-engineer", "hybrid", "none")),
    ]
    if ok:
        lines.append("Top 5:")
        for r in ok[:5]:
            flags = f"  [{'; '.join(r['red_flags'])}]" if r["red_flags"] else ""
            who = r["candidate"] or Path(r["file"]).name
            lines.append(f"  {r['rank']:>3}. {r['fit_score']:5.1f}  {who} ({r['profile']}){flags}")
    if bad:
        lines.append("Could not be screened:")
        for r in bad:
            lines.append(f"  {r['file']}: {r['status']} - {r['reason']}")
    return "\n".join(lines)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--role", type=click.Choice(ROLES), default="ai-engineer", show_default=True)
@click.option("--as-of", "as_of", help="The date 'today' means (YYYY-MM-DD); default: today.")
@click.option("--taxonomy", "taxonomy_dir", type=click.Path(file_okay=False))
@click.option("--engine", type=click.Choice(["auto", "pdfium", "pdfplumber"]), default="auto", show_default=True)
@click.option("--lines", "show_lines", is_flag=True, help="Also print every extracted line with its number.")
def explain(file: str, role: str, as_of: str | None, taxonomy_dir: str | None, engine: str, show_lines: bool) -> None:
    """Show the whole reasoning for one resume: every figure and flag with the lines behind it."""
    from screener.output.explain import render_explain
    from screener.output.records import record
    from screener.pipeline import Config, screen_file

    day = _as_of(as_of)
    config = Config(taxonomy=_load_taxonomy(taxonomy_dir), role=role, as_of=day, engine=engine)
    result = screen_file(Path(file), config)
    text = render_explain(result, record(result, None))
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
    names = {"A": "Column A - LLM-applied (AI engineer)", "B": "Column B - production ML (ML engineer)",
             "N": "Neutral"}
    for col in ("A", "B", "N"):
        tools = [t for t in tax.tools if t.column == col]
        click.echo(f"\n{names[col]}: {len(tools)} tools")
        by_cat: dict[str, list[Any]] = {}
        for t in tools:
            by_cat.setdefault(t.category, []).append(t)
        for cat in sorted(by_cat):
            listed = ", ".join(f"{t.name} ({t.first_release})" for t in sorted(by_cat[cat], key=lambda t: t.name.lower()))
            click.echo(f"  {cat}: {listed}")
        concepts = [c for c in tax.concepts if c.column == col]
        if concepts:
            click.echo(f"  practices: {', '.join(c.name for c in concepts)}")
    click.echo(f"\ntaxonomy {tax.version}: {len(tax.tools)} tools, {len(tax.concepts)} practices, no problems")


if __name__ == "__main__":
    main()
