"""What a screen is asked for (`Settings`), apart from what a process builds to do it (`Runtime`).

`Settings` holds every choice that can change a result, as plain values: it pickles, compares and
hashes (`digest()`), so a run can be keyed by it, sent to another process or written down.
`Runtime` holds the live objects built from it once per process: the loaded taxonomy, the spaCy
pipeline, the matcher and, when timing, the per-stage clock. `Screen` carries one of each through
the pipeline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from screener.codes import DEFAULT_ROLE

if TYPE_CHECKING:
    from screener.judge.targets import Target
    from screener.match import Matcher
    from screener.taxonomy import Taxonomy

DEFAULT_ENGINE = "auto"  # let the reader pick the engine per file
# Settings that name where things are, not what they are: the same taxonomy in another folder, or the
# same spaCy pipeline under another path, screens alike (their version and digest are in the digest).
NOT_IN_DIGEST = frozenset({"taxonomy_dir", "spacy_model"})


def today() -> str:
    return dt.date.today().isoformat()


class SettingsError(ValueError):
    """The settings ask for something the taxonomy does not have (an unknown role...)."""


@dataclass(frozen=True)
class Settings:
    taxonomy_dir: str  # the skill_taxonomy folder
    taxonomy_version: str  # its published version (written into every record)
    taxonomy_digest: str  # a hash of all its files, target profiles included
    role: str = DEFAULT_ROLE  # the target profile to rank for (profiles/<role>.toml)
    as_of: str = field(default_factory=today)  # the date 'today' means, YYYY-MM-DD
    engine: str = DEFAULT_ENGINE  # the PDF text engine
    spacy_model: str = ""  # an installed spaCy pipeline to tokenize with ("" = blank English)
    spacy_label: str = ""  # its name and version (see pipeline.load_spacy_model)

    @classmethod
    def for_taxonomy(cls, taxonomy: Taxonomy, **values: Any) -> Settings:
        return cls(str(taxonomy.path), taxonomy.version, taxonomy.digest, **values)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    @property
    def engine_key(self) -> str:
        """The text engine and, when given, the spaCy pipeline: the state's `engine` column."""
        return f"{self.engine}+{self.spacy_label}" if self.spacy_label else self.engine

    def state_version(self, code_version: str) -> str:
        """The state's screener_version column: the code's hash, plus the taxonomy digest while the target
        profiles (which were code in judge/score.py) are outside the taxonomy version (see taxonomy._version)."""
        return f"{code_version}+{self.taxonomy_digest[:12]}"

    def digest(self) -> str:
        """A hash of every setting that can change a result (hex): equal digests, equal results."""
        values = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in NOT_IN_DIGEST}
        return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()

    def target(self, taxonomy: Taxonomy) -> Target:
        try:
            return taxonomy.targets[self.role]
        except KeyError:
            known = ", ".join(sorted(taxonomy.targets))
            raise SettingsError(f"no target profile {self.role!r} in {self.taxonomy_dir} (known: {known})") from None


@dataclass
class Runtime:
    """The live objects one process builds from Settings: never pickled, never in a key."""

    taxonomy: Taxonomy
    nlp: Any = None  # an installed spaCy pipeline whose tokenizer replaces blank English
    timings: dict[str, float] | None = None  # stage -> seconds, filled when given
    _matcher: Matcher | None = field(default=None, repr=False)

    @classmethod
    def build(cls, settings: Settings, timings: dict[str, float] | None = None) -> Runtime:
        """Load what the settings name (the taxonomy, the spaCy pipeline) in this process."""
        from screener.taxonomy import load_taxonomy

        taxonomy = load_taxonomy(Path(settings.taxonomy_dir))
        if taxonomy.digest != settings.taxonomy_digest:
            raise SettingsError(f"the taxonomy in {settings.taxonomy_dir} changed since the settings were made")
        nlp = load_spacy_model(settings.spacy_model)[0] if settings.spacy_model else None
        return cls(taxonomy, nlp, timings)

    @property
    def matcher(self) -> Matcher:
        """Built on first use (seconds): a parent builds it before forking so workers share it."""
        if self._matcher is None:
            from screener.match import Matcher

            self._matcher = Matcher(self.taxonomy, self.nlp)
        return self._matcher

    @property
    def matcher_built(self) -> bool:
        return self._matcher is not None


@dataclass
class Screen:
    """One screen's settings and this process's runtime: what the pipeline's stages take."""

    settings: Settings
    runtime: Runtime

    @classmethod
    def of(
        cls, taxonomy: Taxonomy, *, nlp: Any = None, timings: dict[str, float] | None = None, **settings: Any
    ) -> Screen:
        """A Screen around an already loaded taxonomy (and spaCy pipeline): the CLI's and the tests' way."""
        return cls(Settings.for_taxonomy(taxonomy, **settings), Runtime(taxonomy, nlp, timings))

    def replace(self, **changes: Any) -> Screen:
        """Another role, date, engine... (settings) or timings (runtime); the matcher stays shared."""
        runtime_names = {"nlp", "timings"}
        runtime = {k: v for k, v in changes.items() if k in runtime_names}
        settings = {k: v for k, v in changes.items() if k not in runtime_names}
        if "nlp" in runtime:
            runtime["_matcher"] = None  # the matcher tokenizes with the pipeline: build it again
        return Screen(self.settings.with_(**settings), replace(self.runtime, **runtime) if runtime else self.runtime)

    # The names the call sites used on the old Config.
    @property
    def role(self) -> str:
        return self.settings.role

    @property
    def taxonomy(self) -> Taxonomy:
        return self.runtime.taxonomy

    @property
    def matcher(self) -> Matcher:
        return self.runtime.matcher

    @property
    def target(self) -> Target:
        return self.settings.target(self.runtime.taxonomy)


class SpacyModelError(Exception):
    pass


def load_spacy_model(name: str) -> tuple[Any, str]:
    """An installed spaCy pipeline (package name or folder) and a label naming its version.

    Nothing is ever downloaded: a pipeline that is not installed is an error. Only its
    tokenizer and vocabulary are used (its trained components load but do not run).
    """
    import spacy

    try:
        nlp = spacy.load(name)
    except (OSError, ValueError, ImportError) as exc:
        raise SpacyModelError(
            f"cannot load the spaCy pipeline {name!r} (screener never downloads one; install it first): {exc}"
        ) from exc
    return nlp, f"spacy:{nlp.meta.get('lang', '?')}_{nlp.meta.get('name', name)}-{nlp.meta.get('version', '?')}"
