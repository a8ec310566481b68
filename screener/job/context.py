"""What fitting a candidate to a job needs besides the two of them: the job data and the taxonomy
(tool release months and categories, the target profiles, the flag penalties, the place weights)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from screener.job.rules import JobRules, job_rules
from screener.taxonomy import Taxonomy, Tool


@dataclass(frozen=True)
class FitRules:
    job: JobRules
    taxonomy: Taxonomy

    @classmethod
    def of(cls, taxonomy: Taxonomy) -> FitRules:
        return cls(job_rules(str(taxonomy.path)), taxonomy)

    @cached_property
    def tools_by_name(self) -> dict[str, Tool]:
        return {t.name: t for t in self.taxonomy.tools}

    def strength(self, weight: float, places: list[str]) -> float:
        """An item's strength from its stored weight: the weight is the best place's weight times it."""
        best = max((self.taxonomy.rules.evidence.weight(p) for p in places), default=0.0)
        return weight / best if best else 0.0
