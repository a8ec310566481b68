"""skill_taxonomy/ -> a validated, versioned Taxonomy: tools (aliases, columns, categories, sourced
first-release months), practices, signal phrases, section headings, scoring rules and target profiles.
Every problem is reported with its file and line; the version is the human version plus a hash of the
files, so any edit shows in every output."""

from __future__ import annotations

import csv
import hashlib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screener.codes import COLUMN_A, COLUMN_B, COLUMN_N
from screener.judge import grain as grain_mod
from screener.judge.rules import ScoringRules, parse_scoring
from screener.judge.specialty import specialty_problems
from screener.judge.targets import Target, files_digest, profile_files, read_targets

COLUMNS = (COLUMN_A, COLUMN_B, COLUMN_N)
CATEGORIES = {
    COLUMN_A: (
        "llm-provider",
        "agent-framework",
        "vector-store",
        "retrieval/rerank",
        "eval",
        "observability",
        "structured-output",
        "llm-serving",
        "orchestration",
    ),
    COLUMN_B: (
        "training",
        "classical-ml",
        "experiment-tracking",
        "distributed-compute",
        "feature-store",
        "model-serving",
        "pipeline",
        "data",
        "monitoring",
        "ml-platform",
    ),
    COLUMN_N: ("language", "cloud", "infra", "database", "web", "devtools", "data-general"),
}
GUARDS = ("none", "cased", "context")
SIGNAL_KINDS = ("production", "academic-title", "academic-org", "title-ai", "title-ml", "llm-claim-topic")
SECTION_KINDS = (
    "summary",
    "experience",
    "projects",
    "education",
    "skills",
    "publications",
    "research",
    "certifications",
    "awards",
    "volunteering",
    "languages",
    "interests",
    "references",
    "contact",
    "courses",
    "leadership",
    "activities",
    "internships",
    "other",
)
TOOL_FIELDS = (
    "id",
    "name",
    "aliases",
    "column",
    "category",
    "first_release",
    "source",
    "guard",
    "cues",
    "strength",
    "fuzzy",
    "alias_dates",
    "notes",
)
CONCEPT_FIELDS = ("id", "name", "column", "patterns", "guard", "strength", "notes")
_YM = re.compile(r"^(\d{4})-(\d{2})$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Tool:
    id: str
    name: str
    aliases: tuple[str, ...]
    column: str
    category: str
    first_release: str
    source: str
    guard: str = "none"
    cues: tuple[str, ...] = ()
    strength: float = 1.0
    fuzzy: bool = False
    alias_dates: dict[str, str] = field(default_factory=dict)
    notes: str = ""

    def release_for(self, alias: str) -> str:
        """The month this spelling became public (a rename or model version may be later)."""
        return self.alias_dates.get(alias.lower(), self.first_release)


@dataclass(frozen=True)
class Concept:
    id: str
    name: str
    column: str
    patterns: tuple[str, ...]
    guard: str = "none"
    strength: float = 1.0
    notes: str = ""


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class TaxonomyError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems[:5]))
        self.problems = problems


@dataclass(frozen=True)
class Taxonomy:
    tools: tuple[Tool, ...]
    concepts: tuple[Concept, ...]
    signals: dict[str, tuple[str, ...]]
    headings: dict[str, str]
    version: str
    path: Path
    scoring: dict[str, Any]  # scoring.toml as read: the report's chart guides; the judgement reads `rules`
    rules: ScoringRules
    targets: dict[str, Target]  # profiles/<name>.toml by name: the roles a screen can rank for
    digest: str  # a hash of every file, profiles/ included (see `_version`)

    def tool(self, tool_id: str) -> Tool:
        return self._index()[tool_id]

    def _index(self) -> dict[str, Tool]:
        cached: dict[str, Tool] | None = self.__dict__.get("_by_id")
        if cached is None:
            cached = {t.id: t for t in self.tools}
            object.__setattr__(self, "_by_id", cached)
        return cached


def default_taxonomy_dir() -> Path:
    """The bundled skill_taxonomy: package data when installed, the repo folder in a checkout."""
    import importlib.util

    candidates: list[Path] = []
    try:
        spec = importlib.util.find_spec("skill_taxonomy")
    except (ImportError, ValueError):
        spec = None
    if spec is not None:
        # A data-only folder is a namespace package: it may have several locations.
        candidates += [Path(p) for p in (spec.submodule_search_locations or [])]
    candidates.append(Path(__file__).resolve().parents[1] / "skill_taxonomy")
    for path in candidates:
        if (path / "tools.csv").exists():
            return path
    return candidates[-1]


# ----------------------------------------------------------------------------- reading


def _rows(path: Path, fields: tuple[str, ...], problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    """CSV rows with their physical line numbers (the header is line 1)."""
    if not path.exists():
        problems.append(Problem(path.name, 0, "file is missing"))
        return []
    out: list[tuple[int, dict[str, str]]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            problems.append(Problem(path.name, 1, "file is empty"))
            return []
        missing = [f for f in fields if f not in header]
        if missing:
            problems.append(Problem(path.name, 1, f"missing columns: {', '.join(missing)}"))
            return []
        line = reader.line_num
        for row in reader:
            start = line + 1
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                problems.append(Problem(path.name, start, f"expected {len(header)} fields, found {len(row)}"))
                continue
            out.append((start, {k: v.strip() for k, v in zip(header, row, strict=True)}))
    return out


def _split(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split("|") if p.strip())


def _date_problem(value: str) -> str | None:
    m = _YM.match(value)
    if not m:
        return f"bad date {value!r}: use YYYY-MM"
    year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        return f"bad date {value!r}: month must be 01-12"
    if not 1950 <= year <= 2030:
        return f"bad date {value!r}: year out of range 1950-2030"
    return None


def _float(value: str, default: float) -> float | None:
    if value == "":
        return default
    try:
        return float(value)
    except ValueError:
        return None


def _tool_fields(row: dict[str, str], bad: Callable[[str], None]) -> tuple[str, float]:
    """The column, category, release, guard, strength and fuzzy cells of one tools.csv row: the guard and strength."""
    column = row["column"]
    if column not in COLUMNS:
        bad(f"unknown column {column!r}: use A, B or N")
    elif row["category"] not in CATEGORIES[column]:
        bad(f"unknown category {row['category']!r} for column {column}")
    problem = _date_problem(row["first_release"])
    if problem:
        bad(problem)
    if column in (COLUMN_A, COLUMN_B) and not row["source"]:
        bad("no source for the first-release month")
    guard = row["guard"] or "none"
    if guard not in GUARDS:
        bad(f"unknown guard {guard!r}: use none, cased or context")
    strength = _float(row["strength"], 0.0 if column == COLUMN_N else 1.0)
    if strength is None or not 0 <= strength <= 1:
        bad(f"bad strength {row['strength']!r}: a number from 0 to 1")
        strength = 1.0
    if row["fuzzy"] not in ("", "yes", "no"):
        bad(f"bad fuzzy {row['fuzzy']!r}: yes or no")
    return guard, float(strength)


def _tool_names(
    row: dict[str, str], tid: str, line: int, aliases: dict[str, tuple[str, int]], bad: Callable[[str], None]
) -> tuple[tuple[str, ...], dict[str, str]]:
    """The names a tool is found by (its name first) and the release dates of aliases that came later."""
    names = _split(row["aliases"])
    if row["name"] and row["name"] not in names:
        names = (row["name"], *names)
    if not names:
        bad("no name or aliases")
    for alias in names:
        key = alias.lower()
        if key in aliases and aliases[key][0] != tid:
            bad(f"alias {alias!r} also belongs to {aliases[key][0]!r} (line {aliases[key][1]})")
        aliases.setdefault(key, (tid, line))
    dates: dict[str, str] = {}
    for part in (p.strip() for p in row["alias_dates"].split(";") if p.strip()):
        alias, _, when = part.partition("=")
        alias = alias.strip()
        if alias.lower() not in (n.lower() for n in names):
            bad(f"alias_dates names {alias!r}, which is not an alias of this tool")
        elif _date_problem(when.strip()):
            bad(f"alias_dates for {alias!r}: {_date_problem(when.strip())}")
        else:
            dates[alias.lower()] = when.strip()
    return names, dates


def _read_tools(folder: Path, problems: list[Problem]) -> list[Tool]:
    name = "tools.csv"
    tools: list[Tool] = []
    ids: dict[str, int] = {}
    aliases: dict[str, tuple[str, int]] = {}
    for line, row in _rows(folder / name, TOOL_FIELDS, problems):
        before = len(problems)

        def bad(msg: str, line: int = line) -> None:
            problems.append(Problem(name, line, msg))

        tid = row["id"]
        if not _ID.match(tid):
            bad(f"bad id {tid!r}: use lower-case letters, digits and hyphens")
        elif tid in ids:
            bad(f"duplicate id {tid!r} (first on line {ids[tid]})")
        ids.setdefault(tid, line)
        guard, strength = _tool_fields(row, bad)
        names, dates = _tool_names(row, tid, line, aliases, bad)
        if len(problems) > before:
            continue
        tools.append(
            Tool(
                id=tid,
                name=row["name"] or names[0],
                aliases=names,
                column=row["column"],
                category=row["category"],
                first_release=row["first_release"],
                source=row["source"],
                guard=guard,
                cues=tuple(c.lower() for c in _split(row["cues"])),
                strength=strength,
                fuzzy=row["fuzzy"] == "yes",
                alias_dates=dates,
                notes=row["notes"],
            )
        )
    return tools


def _read_concepts(folder: Path, problems: list[Problem], tool_aliases: set[str]) -> list[Concept]:
    name = "concepts.csv"
    out: list[Concept] = []
    ids: set[str] = set()
    patterns: dict[str, int] = {}
    for line, row in _rows(folder / name, CONCEPT_FIELDS, problems):
        before = len(problems)
        if not _ID.match(row["id"]) or row["id"] in ids:
            problems.append(Problem(name, line, f"bad or duplicate id {row['id']!r}"))
        ids.add(row["id"])
        if row["column"] not in COLUMNS:
            # N practices weigh nothing; they exist to absorb look-alikes ("RAG status" in project management).
            problems.append(Problem(name, line, f"unknown column {row['column']!r}: use A, B or N"))
        guard = row["guard"] or "none"
        if guard not in ("none", "cased"):
            problems.append(Problem(name, line, f"unknown guard {guard!r}: use none or cased"))
        pats = _split(row["patterns"])
        if not pats:
            problems.append(Problem(name, line, "no patterns"))
        for p in pats:
            if p.lower() in patterns:
                problems.append(Problem(name, line, f"pattern {p!r} duplicated (line {patterns[p.lower()]})"))
            patterns.setdefault(p.lower(), line)
        strength = _float(row["strength"], 1.0)
        if strength is None or not 0 <= strength <= 1:
            problems.append(Problem(name, line, f"bad strength {row['strength']!r}"))
            strength = 1.0
        if len(problems) == before:
            out.append(Concept(row["id"], row["name"], row["column"], pats, guard, float(strength), row["notes"]))
    return out


def _read_signals(folder: Path, problems: list[Problem]) -> dict[str, tuple[str, ...]]:
    signals: dict[str, list[str]] = {k: [] for k in SIGNAL_KINDS}
    for line, row in _rows(folder / "signals.csv", ("kind", "pattern", "notes"), problems):
        if row["kind"] not in SIGNAL_KINDS:
            problems.append(Problem("signals.csv", line, f"unknown signal kind {row['kind']!r}"))
            continue
        if row["pattern"].startswith("re:"):
            try:
                re.compile(row["pattern"][3:])
            except re.error as exc:
                problems.append(Problem("signals.csv", line, f"bad regular expression: {exc}"))
                continue
        if row["pattern"]:
            signals[row["kind"]].append(row["pattern"])
    return {k: tuple(v) for k, v in signals.items()}


def _read_headings(folder: Path, problems: list[Problem]) -> dict[str, str]:
    from screener.parse.sections import heading_key

    headings: dict[str, str] = {}
    lines: dict[str, int] = {}
    for line, row in _rows(folder / "sections.csv", ("kind", "heading"), problems):
        if row["kind"] not in SECTION_KINDS:
            problems.append(Problem("sections.csv", line, f"unknown section kind {row['kind']!r}"))
            continue
        key = heading_key(row["heading"])
        if key in headings and headings[key] != row["kind"]:
            problems.append(
                Problem(
                    "sections.csv",
                    line,
                    f"heading {row['heading']!r} already means {headings[key]!r} (line {lines[key]})",
                )
            )
            continue
        headings[key] = row["kind"]
        lines.setdefault(key, line)
    return headings


def _read_toml(path: Path, problems: list[Problem]) -> dict[str, Any]:
    if not path.exists():
        problems.append(Problem(path.name, 0, "file is missing"))
        return {}
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        problems.append(Problem(path.name, int(m.group(1)) if m else 0, f"bad TOML: {exc}"))
        return {}


# The files the published version hashes: the folder's own, not profiles/. Hashing profiles/ too
# would change the version (and so the taxonomy_version of every output) for a move of data that
# changes no result; `digest` covers them meanwhile. The day the taxonomy's version is bumped,
# hash `_data_files(folder)` here and drop `digest`.
def _version(folder: Path, meta: dict[str, Any]) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.glob("*")):
        if p.suffix in (".csv", ".toml") and p.name != "words.csv":  # parse's words: the screener version
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return f"{meta.get('version', '0')}+{h.hexdigest()[:8]}"


def _data_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*") if p.suffix in (".csv", ".toml")) + profile_files(folder)


def _read_rules(folder: Path, problems: list[Problem]) -> tuple[dict[str, Any], ScoringRules | None]:
    name = "scoring.toml"
    before = len(problems)
    scoring = _read_toml(folder / name, problems)
    if len(problems) > before:
        return scoring, None  # missing or bad TOML: already reported

    def bad(line: int, message: str) -> None:
        problems.append(Problem(name, line, message))

    return scoring, parse_scoring(scoring, (folder / name).read_text(encoding="utf-8"), bad)


def _read_targets(folder: Path, rules: ScoringRules | None, problems: list[Problem]) -> dict[str, Target]:
    def bad(file: str, line: int, message: str) -> None:
        problems.append(Problem(file, line, message))

    return read_targets(folder, rules.score if rules is not None else None, bad)


def _read(folder: Path) -> tuple[Taxonomy | None, list[Problem]]:
    problems: list[Problem] = []
    if not folder.is_dir():
        return None, [Problem(str(folder), 0, "taxonomy folder does not exist")]
    meta = _read_toml(folder / "taxonomy.toml", problems)
    tools = _read_tools(folder, problems)
    aliases = {a.lower() for t in tools for a in t.aliases}
    concepts = _read_concepts(folder, problems, aliases)
    signals = _read_signals(folder, problems)
    headings = _read_headings(folder, problems)
    scoring, rules = _read_rules(folder, problems)
    targets = _read_targets(folder, rules, problems)
    problems += [Problem("specialty.toml", n, m) for n, m in specialty_problems(folder, (*tools, *concepts))]
    problems += [Problem(grain_mod.FILE, line, msg) for line, msg in grain_mod.problems(folder)]
    if problems or rules is None:
        return None, problems
    version = _version(folder, meta)
    digest = files_digest(_data_files(folder), folder)
    tax = Taxonomy(tuple(tools), tuple(concepts), signals, headings, version, folder, scoring, rules, targets, digest)
    return tax, []


def validate_taxonomy(path: Path) -> list[Problem]:
    return _read(path)[1]


_CACHE: dict[tuple[str, tuple[float, ...]], Taxonomy] = {}


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    folder = (path or default_taxonomy_dir()).resolve()
    files = [*sorted(folder.glob("*")), *profile_files(folder)] if folder.is_dir() else []
    stamp = tuple(p.stat().st_mtime for p in files)
    key = (str(folder), stamp)
    if key in _CACHE:
        return _CACHE[key]
    tax, problems = _read(folder)
    if tax is None:
        raise TaxonomyError(problems)
    _CACHE[key] = tax
    return tax
