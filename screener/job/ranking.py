"""A run ranked against a job (`screener screen INBOX --job JD`): every candidate's Record, as screened
or as stored in the state, fitted to the JD at ranking time. Nothing here reads a resume, so a second
JD over an inbox already screened reads no file: only the ranking is done again.

The evidence a Record holds does not depend on the role it was screened for: only its `fit_score` and
`score_parts` do, and the job replaces both (the job's variant parts are scored from the evidence, for
the JD's own target profile). So the resumes are screened (or found in the state) under the run's role,
whatever the JD's variant, and any JD over an inbox already screened reads nothing.

`JobRanking.rescore` gives the record the ranking sees (its fit score and parts are the job's, its
`role` the JD's target; a missing must-have adds the `missing-must-have` flag) and the JobFit the
writers show (the requirement table, the probes). `JobOutput` is what the writers receive
(RunInfo.extra["job"]).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol, TypeVar

from screener.codes import FlagCode, Status
from screener.job.context import FitRules
from screener.job.fit import match_job
from screener.job.model import JobAnalysis, JobFit
from screener.record import FlagRecord, Record, ScorePartRecord
from screener.taxonomy import Taxonomy

# What the run row's options keep of the job (history and diff show it).
RUN_KEYS = ("file", "sha256", "title", "variant", "target")


class _HasRecord(Protocol):
    @property
    def record(self) -> Record: ...


E = TypeVar("E", bound=_HasRecord)


@dataclass(frozen=True)
class JobOutput:
    """The job as the writers show it: its analysis, and each ranked file's fit (by the record's `file`)."""

    analysis: JobAnalysis | None  # None: redrawn from a saved JSONL, which holds the fits but not the JD's analysis
    fits: Mapping[str, JobFit]

    def fit(self, record: Record) -> JobFit | None:
        return self.fits.get(record.file)


@dataclass(frozen=True)
class JobRanking:
    analysis: JobAnalysis
    rules: FitRules

    @classmethod
    def load(cls, path: Path, taxonomy: Taxonomy, as_of: str) -> JobRanking:
        """Read and analyse the JD (JobReadError when it cannot be read)."""
        from screener.job import analyze_file

        return cls(analyze_file(path, taxonomy, as_of), FitRules.of(taxonomy))

    @property
    def role(self) -> str:
        """The target profile the candidates are ranked for: the JD variant's (a mixed JD: its heavier column's)."""
        return self.analysis.target

    def run_options(self) -> dict[str, Any]:
        """What the run row keeps of the job, in `runs.options["job"]`."""
        data = self.analysis.to_json()
        return {key: data[key] for key in RUN_KEYS}

    def rescore(self, record: Record) -> tuple[Record, JobFit | None]:
        """The record as ranked against the job, and its fit; a file not screened is left as it is."""
        if record.status != Status.OK:
            return record, None
        fit = match_job(self.analysis, record, self.rules)
        ranked = replace(record, fit_score=fit.score, role=self.role,
                         score_parts=tuple(ScorePartRecord(p.name, p.points, p.why) for p in fit.parts))
        missing = fit.names("must", "missing")
        if not missing:
            return ranked, fit
        flag = FlagRecord(FlagCode.MISSING_MUST_HAVE, "must-haves of the job the resume never shows: "
                          + ", ".join(missing), (), ())
        return replace(ranked, red_flags=(*record.red_flags, flag.code), flags=(*record.flags, flag)), fit

    def rescore_all(self, entries: Sequence[E]) -> tuple[list[E], JobOutput]:
        """Every entry's record against the job (entries: anything with a `record`, as runner.Entry)."""
        out: list[E] = []
        fits: dict[str, JobFit] = {}
        for e in entries:
            rec, fit = self.rescore(e.record)
            if fit is not None:
                fits[rec.file] = fit
            out.append(replace(e, record=rec) if fit is not None else e)  # type: ignore[type-var]
        return out, JobOutput(self.analysis, fits)


@dataclass(frozen=True)
class _Fitted:
    """What the job changed in one record: applied again each time the writers read it back."""

    fit_score: float | None
    score_parts: tuple[ScorePartRecord, ...]
    red_flags: tuple[str, ...]
    flag: FlagRecord | None


def rescore_rows(job: JobRanking, rows: Sequence[Any], records: Any) -> tuple[JobOutput, Any]:
    """The job over a run's rows (run/rows.Row, mutable, not yet ranked), their records read back one at a time
    from `records` (a run/stream.RankedRecords over the same rows): each ok row takes the job's fit score, role
    and flags, so the ranking is the job's; returns the writers' JobOutput and the transform that puts the
    job's score, parts and flags back on each record the writers read (summaries and full records alike).
    Holds one fit per candidate, not the records."""
    fits: dict[str, JobFit] = {}
    changed: dict[str, _Fitted] = {}
    for row, rec in zip(rows, records.records(), strict=True):
        ranked, fit = job.rescore(rec)
        if fit is None:
            continue
        fits[rec.file] = fit
        extra = ranked.flags[-1] if len(ranked.flags) > len(rec.flags) else None
        changed[rec.file] = _Fitted(ranked.fit_score, ranked.score_parts, ranked.red_flags, extra)
        row.fit_score, row.role, row.red_flags = ranked.fit_score, ranked.role, ranked.red_flags
    role = job.role

    def apply(rec: Record) -> Record:
        got = changed.get(rec.file)
        if got is None:
            return rec
        flags = (*rec.flags, got.flag) if got.flag is not None and got.flag not in rec.flags else rec.flags
        return replace(rec, fit_score=got.fit_score, role=role, score_parts=got.score_parts,
                       red_flags=got.red_flags, flags=flags)

    return JobOutput(job.analysis, fits), apply
