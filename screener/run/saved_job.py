"""`screener report SOURCE --job JD`: a saved `screen --job` run drawn again with the JD's own analysis.

Neither a JSONL nor the state holds the JD's analysis (the JSONL has each candidate's fit, the state only
the job's name and hash), so the page redrawn from them had no JD section, and from the state not even the
requirement tables. Given the JD again, it is analysed as the screen analysed it (same taxonomy, same
as-of day) and checked to be the one the run was screened against:

- from the state: the JD's sha256 must be the run's (`runs.options["job"]`); every kept record is fitted to
  it again (`JobRanking.rescore`: deterministic, no file read), so the page shows the tables, the job's
  score parts and flags exactly as the screen's report did;
- from a JSONL: its lines must carry fits made against a JD of that file name (a JSONL keeps no hash), and
  the as-of day must be given (`--as-of`: a JSONL does not record it; the JD analysis uses it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from screener.run.saved import ReportError


def job_of_run(run: dict[str, Any]) -> dict[str, Any] | None:
    """The job a state run was screened against, as its row keeps it (None: not a `--job` run or a JSONL)."""
    job = run.get("screened_job")
    return job if isinstance(job, dict) else None


def attach_job(records: list[dict[str, Any]], run: dict[str, Any], jd: Path,
               as_of: str | None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The records and run info with the JD's analysis (and, from the state, each record's fit)."""
    from screener.job.ranking import JobOutput, JobRanking
    from screener.job.source import JobReadError
    from screener.taxonomy import default_taxonomy_dir, load_taxonomy

    from_state = bool(run.get("from_state"))
    day = run.get("as_of") if from_state else as_of
    if not day:
        raise ReportError("a JSONL does not record the as-of day the screen used: give it with --as-of "
                          "(the JD's analysis depends on it)")
    taxonomy = load_taxonomy(default_taxonomy_dir())
    used = {str(r["taxonomy_version"]) for r in records if r.get("taxonomy_version")}
    if used and used != {taxonomy.version}:
        raise ReportError(f"the run was screened with taxonomy {', '.join(sorted(used))}, not the bundled "
                          f"{taxonomy.version}: its job fits cannot be drawn again")
    try:
        ranking = JobRanking.load(jd, taxonomy, str(day))
    except (JobReadError, OSError) as exc:
        raise ReportError(f"cannot read the job description {jd}: {exc}") from exc
    if from_state:
        return _refit(records, run, ranking)
    saved = run.get("job")
    if saved is None:
        raise ReportError("these records were not screened against a job (no line has a `job` key): "
                          "screen again with --job")
    names = {fit.job for fit in saved.fits.values()}
    if names != {ranking.analysis.file}:
        raise ReportError(f"these records were screened against {', '.join(sorted(names))}, "
                          f"not {ranking.analysis.file}")
    return records, {**run, "job": JobOutput(ranking.analysis, saved.fits)}


def _refit(records: list[dict[str, Any]], run: dict[str, Any],
           ranking: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A state run's records fitted to the JD again: the screen's fits, scores and flags, its ranks kept."""
    from screener.job.ranking import JobOutput
    from screener.record import Record

    screened = job_of_run(run)
    if screened is None:
        raise ReportError(f"run {run.get('run_id')} was not screened against a job")
    if screened.get("sha256") != ranking.analysis.sha256:
        raise ReportError(f"run {run.get('run_id')} was screened against {screened.get('file')} "
                          f"(sha256 {str(screened.get('sha256'))[:12]}), not this {ranking.analysis.file} "
                          f"(sha256 {ranking.analysis.sha256[:12]})")
    out, fits = [], {}
    for rec in records:
        if rec.get("status") != "ok" or "tools" not in rec:  # not screened, or its full record is gone
            out.append(rec)
            continue
        ranked, fit = ranking.rescore(Record.from_json(rec))
        data = {**ranked.to_json(), "rank": rec.get("rank"), "file": rec.get("file"), "status": rec.get("status")}
        out.append(data)
        if fit is not None:
            fits[str(rec.get("file"))] = fit
    return out, {**run, "job": JobOutput(ranking.analysis, fits)}
