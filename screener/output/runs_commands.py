"""`screener history` and `screener diff`: the recorded runs of a state database, read back (the morning read)."""

from __future__ import annotations

import click

from screener.output.options import data_form, data_forms, examples, state_location
from screener.output.options import open_state as _open_state
from screener.output.options import state_locked as _state_locked

EXIT_USAGE = 2


@click.command(epilog=examples("screener history -o out/ranked.csv",
                               "screener history --state nightly/state.db --json"))
@state_location
@click.option("--limit", "-n", type=click.IntRange(min=1), default=20, show_default=True, help="Runs to show.")
@data_forms("the runs", "one row per run")
def history(state_path: str | None, output: str | None, limit: int, as_json: bool = False,
            as_csv: bool = False) -> None:
    """List the recorded runs, newest first: when, how long, what was screened or reused."""
    from screener.output.listings import dumps, history_csv, history_json
    from screener.run.history import render_history

    form = data_form(as_json, as_csv)
    state = _open_state(state_path, output)
    try:
        runs = state.runs(limit)
        dropped = [r["id"] for r in runs if state.list_dropped(r)]
        if form == "text":
            click.echo(render_history(runs, locked=_state_locked(state), dropped=dropped), nl=False)
        else:
            data = history_json(runs, _state_locked(state), dropped)
            click.echo(dumps(data) if form == "json" else history_csv(data), nl=False)
    finally:
        state.close()


@click.command(epilog=examples(
    "screener diff -o out/ranked.csv",
    "screener diff --state nightly/state.db --run 7 --since 5 --json",
))
@state_location
@click.option("--run", "run_id", type=int, help="The run to report on (default: the latest completed run).")
@click.option(
    "--since", "since_id", type=int, help="The run to compare with (default: the completed run before it, same role)."
)
@click.option(
    "--limit", "-n", type=click.IntRange(min=1), default=20, show_default=True, help="Lines to show per section."
)
@data_forms("every difference (no --limit)", "one row per change")
def diff(state_path: str | None, output: str | None, run_id: int | None, since_id: int | None, limit: int,
         as_json: bool = False, as_csv: bool = False) -> None:
    """What is new since the previous run: new candidates, changed ranks, new flags, who left."""
    from screener.output.listings import diff_csv, diff_json, dumps
    from screener.run.history import diff_runs, job_label, render_diff, same_job

    form = data_form(as_json, as_csv)
    data_out = dumps if form == "json" else diff_csv
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
            before = next((r for r in done if r["id"] < now["id"] and r["role"] == now["role"]
                           and same_job(r, now)), None)
            if before is None and form != "text":
                click.echo(data_out(diff_json(None, None, now, state.run_files(now["id"]))), nl=False)
                return
            if before is None:
                click.echo(
                    f"Run {now['id']} is the first completed run for {now['role']}"
                    + (f", job {job_label(now)}" if job_label(now) else "") + ": everyone is new "
                    f"({now['ranked']} ranked)."
                )
                return
        for run in (now, before):
            if state.list_dropped(run):
                click.echo(f"screener: run {run['id']}'s ranked list is no longer kept (--keep-runs); "
                           "`screener history` still shows its counts", err=True)
                raise click.exceptions.Exit(EXIT_USAGE)
        d = diff_runs(state.run_files(before["id"]), state.run_files(now["id"]))
        click.echo(render_diff(d, before, now, limit) if form == "text" else data_out(diff_json(d, before, now)),
                   nl=False)
    finally:
        state.close()
