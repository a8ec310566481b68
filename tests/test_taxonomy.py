"""The bundled taxonomy is valid and sourced; broken copies are caught with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from screener.taxonomy import TaxonomyError, default_taxonomy_dir, load_taxonomy, validate_taxonomy


def test_bundled_taxonomy_is_valid_and_large_enough(taxonomy: Any) -> None:
    assert validate_taxonomy(default_taxonomy_dir()) == []
    assert len(taxonomy.tools) >= 150
    for t in taxonomy.tools:
        if t.column in ("A", "B"):
            assert t.source, f"{t.name} has no source for its release month"
    columns = {t.column for t in taxonomy.tools}
    assert columns == {"A", "B", "N"}


def test_key_facts(taxonomy: Any) -> None:
    by_alias = {a.lower(): t for t in taxonomy.tools for a in t.aliases}
    assert (by_alias["langchain"].column, by_alias["langchain"].first_release) == ("A", "2022-10")
    assert (by_alias["langgraph"].column, by_alias["langgraph"].first_release) == ("A", "2024-01")
    assert by_alias["lang graph"] is by_alias["langgraph"]
    assert by_alias["pytorch"].column == "B"
    assert by_alias["python"].column == "N"
    assert by_alias["wandb"] is by_alias["weights & biases"] is by_alias["w&b"]
    assert by_alias["gpt index"] is by_alias["llamaindex"]


@pytest.mark.parametrize(
    "name",
    [
        "Ray",
        "Spark",
        "Phoenix",
        "Chroma",
        "Comet",
        "Feast",
        "Triton",
        "Temporal",
        "Inspect",
        "Outlines",
        "Instructor",
        "Evidently",
        "Airflow",
        "Mastra",
        "Helicone",
        "Arize",
        "Go",
        "R",
        "Julia",
        "Rust",
    ],
)
def test_ambiguous_names_need_context(taxonomy: Any, name: str) -> None:
    tools = [t for t in taxonomy.tools if name in t.aliases]
    assert tools, f"no tool is written {name!r}"
    assert all(t.guard == "context" for t in tools)


def test_alias_dates(taxonomy: Any) -> None:
    llama = next(t for t in taxonomy.tools if "GPT Index" in t.aliases)
    assert llama.first_release == "2022-11"
    assert any(v > llama.first_release for v in llama.alias_dates.values())


def copy_taxonomy(tmp_path: Path) -> Path:
    folder = tmp_path / "tax"
    shutil.copytree(default_taxonomy_dir(), folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return folder


def append(path: Path, row: str) -> int:
    """Append a CSV row; return its line number."""
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n" + row + "\n"
    path.write_text(text, encoding="utf-8")
    return len(text.rstrip("\n").split("\n"))


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("zz-tool,Zz,LangChain,A,agent-framework,2023-01,a source,none,,1.0,no,,", "also belongs to"),
        ("zz-tool,Zz,Zz,Q,agent-framework,2023-01,a source,none,,1.0,no,,", "unknown column"),
        ("zz-tool,Zz,Zz,A,training,2023-01,a source,none,,1.0,no,,", "unknown category"),
        ("zz-tool,Zz,Zz,A,eval,2023-13,a source,none,,1.0,no,,", "bad date"),
        ("zz-tool,Zz,Zz,A,eval,March 2023,a source,none,,1.0,no,,", "bad date"),
        ("zz-tool,Zz,Zz,A,eval,2023-03,,none,,1.0,no,,", "no source"),
        ("zz-tool,Zz,Zz,A,eval,2023-03,src,maybe,,1.0,no,,", "unknown guard"),
        ("zz-tool,Zz,Zz,A,eval,2023-03,src,none,,7,no,,", "bad strength"),
        ("zz-tool,Zz,Zz,A,eval,2023-03,src,none,,1.0,no,Other=2024-01,", "not an alias"),
    ],
)
def test_broken_tools_are_reported_with_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    folder = copy_taxonomy(tmp_path)
    line = append(folder / "tools.csv", row)
    problems = validate_taxonomy(folder)
    assert any(p.file == "tools.csv" and p.line == line and message in p.message for p in problems), problems
    with pytest.raises(TaxonomyError):
        load_taxonomy(folder)


def test_duplicate_ids_and_unknown_section_kinds(tmp_path: Path) -> None:
    folder = copy_taxonomy(tmp_path)
    first = (folder / "tools.csv").read_text(encoding="utf-8").splitlines()[1]
    tool_id = first.split(",")[0]
    line = append(folder / "tools.csv", f"{tool_id},Other Name,Other Name,A,eval,2023-01,src,none,,1.0,no,,")
    sline = append(folder / "sections.csv", "hobbies-and-more,weird heading")
    problems = [str(p) for p in validate_taxonomy(folder)]
    assert any(p.startswith(f"tools.csv:{line}:") and "duplicate id" in p for p in problems)
    assert any(p.startswith(f"sections.csv:{sline}:") and "unknown section kind" in p for p in problems)


def test_any_edit_changes_the_version(tmp_path: Path, taxonomy: Any) -> None:
    folder = copy_taxonomy(tmp_path)
    assert load_taxonomy(folder).version == taxonomy.version
    append(folder / "signals.csv", "production,went to production,")
    changed = load_taxonomy(folder).version
    assert changed != taxonomy.version
    assert changed.split("+")[0] == taxonomy.version.split("+")[0]
