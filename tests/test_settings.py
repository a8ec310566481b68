"""Settings and the rules they point at: typed, validated with file and line, picklable, digested."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from support import AS_OF, FIXTURE_PDFS

from screener.cli import main
from screener.codes import FLAG_ORDER, PROFILES, STATUSES
from screener.judge.parts import PART_SCORERS
from screener.judge.targets import PART_KINDS
from screener.settings import Screen, Settings
from screener.taxonomy import TaxonomyError, default_taxonomy_dir, load_taxonomy, validate_taxonomy

# A third target: LLM work judged on shipping and evals, with its numbers in its own file.
LLM_ENGINEER = """\
label = "LLM engineer"
column = "A"

[score]
depth = 40
shipped = 30
evals = 30
off_profile = 0.4
hybrid = 0.9

[[parts]]
name = "column A depth"
scorer = "column_depth"
points = "depth"
full = 12.0
why = "LLM evidence weighs {depth:g} (full at {full:g})"

[[parts]]
name = "production"
scorer = "production"
points = "shipped"
why = "shipped: '{line}'"
why_none = "nothing shipped"

[[parts]]
name = "evals"
scorer = "practice"
points = "evals"
categories = ["eval"]
why = "evals ({item})"
why_none = "no evals"
"""


def copy_taxonomy(tmp_path: Path) -> Path:
    folder = tmp_path / "tax"
    shutil.copytree(default_taxonomy_dir(), folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return folder


def edit(path: Path, old: str, new: str) -> int:
    """Replace one line's text; return that line's number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, ln in enumerate(lines) if ln.startswith(old))
    lines[number] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def header_line(path: Path, header: str) -> int:
    return path.read_text(encoding="utf-8").split("\n").index(header) + 1


# ------------------------------------------------------------------ the codes


def test_codes_are_the_words_the_outputs_use() -> None:
    assert "duplicate" in STATUSES and "too-large" in STATUSES and len(set(STATUSES)) == len(STATUSES)
    assert PROFILES == ("ai-engineer", "ml-engineer", "hybrid", "none")
    assert FLAG_ORDER[0] == "research-only" and FLAG_ORDER[-1] == "no-text-layer"
    assert all(type(code) is str for code in (*STATUSES, *PROFILES, *FLAG_ORDER))


def test_every_kind_of_part_has_its_scorer() -> None:
    assert set(PART_KINDS) == set(PART_SCORERS)


# ------------------------------------------------------------------ scoring.toml


def test_a_missing_value_is_reported_with_file_and_line(tmp_path: Path) -> None:
    folder = copy_taxonomy(tmp_path)
    scoring = folder / "scoring.toml"
    edit(scoring, "dominant_share", "")
    problems = [str(p) for p in validate_taxonomy(folder)]
    assert f"scoring.toml:{header_line(scoring, '[profile]')}: [profile] has no dominant_share" in problems
    with pytest.raises(TaxonomyError):
        load_taxonomy(folder)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("min_evidence", '"four"', "expected a number"),
        ("skills_only_min", "5.5", "expected a whole number"),
        ("llm_floor", '"June 2020"', "expected a month"),
        ("hidden_min_words", "true", "expected a whole number"),
        ("research-only", '"a lot"', "expected a number"),
        ("dominant_sahre", "0.6", "unknown key 'dominant_sahre'"),
    ],
)
def test_a_mistyped_value_is_reported_with_file_and_line(tmp_path: Path, key: str, value: str, message: str) -> None:
    folder = copy_taxonomy(tmp_path)
    scoring = folder / "scoring.toml"
    old = "min_evidence" if key == "dominant_sahre" else key
    line = edit(scoring, old, f"{key} = {value}")
    problems = [str(p) for p in validate_taxonomy(folder)]
    assert any(p.startswith(f"scoring.toml:{line}:") and message in p for p in problems), problems
    result = CliRunner().invoke(main, ["taxonomy", "--check", "--taxonomy", str(folder)])
    assert result.exit_code == 2
    assert f"scoring.toml:{line}:" in result.output


def test_a_penalty_for_an_unknown_flag_names_its_line(tmp_path: Path) -> None:
    folder = copy_taxonomy(tmp_path)
    line = edit(folder / "scoring.toml", "title-mismatch", "title-mismatcher = 5")
    assert f"scoring.toml:{line}: penalty for unknown flag 'title-mismatcher'" in map(str, validate_taxonomy(folder))


def test_the_typed_rules_hold_the_files_numbers(taxonomy: Any) -> None:
    rules = taxonomy.rules
    assert rules.profile.dominant_share == taxonomy.scoring["profile"]["dominant_share"]
    assert rules.tenure.llm_floor == taxonomy.scoring["tenure"]["llm_floor"]
    assert rules.penalty("research-only") == 25.0 and rules.penalty("no-text-layer") == 0.0
    assert rules.evidence.weight("role") == 3.0
    assert [p.name for p in taxonomy.targets["ai-engineer"].parts][:2] == ["column A depth", "production"]
    assert taxonomy.targets["ml-engineer"].profile == "ml-engineer"


# ------------------------------------------------------------------ target profiles


def test_a_broken_profile_is_reported_with_file_and_line(tmp_path: Path) -> None:
    folder = copy_taxonomy(tmp_path)
    profile = folder / "profiles" / "ai-engineer.toml"
    scorer = edit(profile, 'scorer = "practice"', 'scorer = "vibes"')
    points = edit(profile, 'points = "strong_plus"', 'points = "strong_plusses"')
    problems = [str(p) for p in validate_taxonomy(folder)]
    at = "profiles/ai-engineer.toml"
    assert any(p.startswith(f"{at}:{scorer}: ") and "unknown scorer 'vibes'" in p for p in problems), problems
    assert any(p.startswith(f"{at}:{points}: ") and "'strong_plusses'" in p for p in problems), problems


def test_a_third_profile_is_one_file(tmp_path: Path) -> None:
    folder = copy_taxonomy(tmp_path)
    (folder / "profiles" / "llm-engineer.toml").write_text(LLM_ENGINEER, encoding="utf-8")
    taxonomy = load_taxonomy(folder)
    assert sorted(taxonomy.targets) == ["ai-engineer", "llm-engineer", "ml-engineer"]
    out = tmp_path / "ranked.jsonl"
    args = ["screen", str(FIXTURE_PDFS), "-o", str(out), "--format", "jsonl", "--no-state", "--quiet"]
    result = CliRunner().invoke(main, [*args, "--as-of", AS_OF, "--taxonomy", str(folder), "--role", "llm-engineer"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    strong = next(r for r in records if r["file"].endswith("01_ai_strong.pdf"))
    assert strong["role"] == "llm-engineer"
    names = [p["name"] for p in strong["score_parts"]]
    assert names[:3] == ["column A depth", "production", "evals"]
    assert 0 < strong["fit_score"] <= 100


def test_an_unknown_role_is_a_usage_error(tmp_path: Path) -> None:
    args = ["screen", str(FIXTURE_PDFS), "-o", str(tmp_path / "r.csv"), "--no-state", "--role", "llm-engineer"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "llm-engineer" in result.output and "ai-engineer, ml-engineer" in result.output


def test_editing_a_profile_changes_the_digest_that_keys_results(tmp_path: Path, taxonomy: Any) -> None:
    folder = copy_taxonomy(tmp_path)
    assert load_taxonomy(folder).digest == taxonomy.digest
    edit(folder / "profiles" / "ml-engineer.toml", "full = 2", "full = 3")
    assert load_taxonomy(folder).digest != taxonomy.digest


# ------------------------------------------------------------------ Settings


def test_settings_pickle_and_their_digest_follows_what_changes_results(taxonomy: Any) -> None:
    settings = Settings.for_taxonomy(taxonomy, role="ai-engineer", as_of=AS_OF)
    again = pickle.loads(pickle.dumps(settings))
    assert again == settings and again.digest() == settings.digest()
    changed = [
        settings.with_(role="ml-engineer"),
        settings.with_(as_of="2026-11-02"),
        settings.with_(engine="pdfplumber"),
        settings.with_(taxonomy_version="2026.11.1+00000000"),
        settings.with_(taxonomy_digest="0" * 64),
        settings.with_(spacy_label="spacy:en_core_web_sm-3.8.0"),
    ]
    assert len({settings.digest(), *(s.digest() for s in changed)}) == len(changed) + 1
    # Where things are is not what they are: the same taxonomy or pipeline elsewhere screens alike.
    assert settings.with_(taxonomy_dir="/elsewhere").digest() == settings.digest()
    assert settings.with_(spacy_model="/opt/models/en").digest() == settings.digest()


def test_a_screen_keeps_its_live_objects_out_of_the_settings(config: Any) -> None:
    other = config.replace(role="ml-engineer", timings={})
    assert other.settings.role == "ml-engineer" and other.runtime.timings == {}
    assert other.runtime.taxonomy is config.runtime.taxonomy
    assert config.settings.role == "ai-engineer" and config.runtime.timings is None
    assert isinstance(config, Screen)
    pickle.dumps(config.settings)  # the runtime (spaCy, the matcher) never has to be
