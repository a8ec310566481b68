"""Issue 17: the specialty beside the profile, its evidence in every output, title-mismatch against it,
and rank ties broken by evidence and name rather than by path.

Expectations are written from skill_taxonomy/specialty.toml's rule (votes: a title naming the specialty 2,
each listed tool, practice or phrase in the latest work role's bullets 1, other column-A items for
ai-engineer, other column-B items for ml-engineer; a specialist needs 3, one from the text).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from support import ROOT
from support.lines import NAME, H, screen_text

from screener.judge import flags as flags_mod
from screener.model import Screening, month_index
from screener.output.csv import render_csv
from screener.output.explain import render_explain
from screener.output.jsonl import render_jsonl
from screener.record import CSV_COLUMNS, Record
from screener.run.runner import Entry, rank

# --------------------------------------------------------------------------- the rule, on small resumes


def test_an_llm_engineer_who_fine_tunes_open_models(config: Any) -> None:
    s = screen_text(
        config, NAME, H("Experience"),
        "LLM Engineer, Cinder\tFeb 2024 – Present",
        "• Fine-tuned open-weight models with LoRA and QLoRA (PEFT, TRL) on 40,000 preference pairs",
        "• Trained with PyTorch on 16 GPUs",
    )
    # llm-engineer: title 2 + LoRA, QLoRA, PEFT, TRL, 'open-weight', 'preference pairs' >= 8; ml-engineer: PyTorch
    assert s.specialty == "llm-engineer", s.specialty_reason
    assert "LoRA" in s.specialty_reason and "line" in s.specialty_reason
    assert not any(f.code == "title-mismatch" for f in s.flags)


def test_the_title_alone_never_makes_a_specialist(config: Any) -> None:
    s = screen_text(
        config, NAME, H("Experience"),
        "Data Scientist, Beacon\tApr 2021 – Present",
        "• Built churn models with XGBoost and scikit-learn for the retention team",
    )
    # data-scientist: the title's 2 and nothing from the text; ml-engineer: XGBoost, scikit-learn, churn models
    assert s.profile == "ml-engineer"
    assert s.specialty == "ml-engineer", s.specialty_reason


def test_a_data_scientist_running_experiments(config: Any) -> None:
    s = screen_text(
        config, NAME, H("Experience"),
        "Senior Data Scientist, Northstar\tMay 2022 – Present",
        "• Designed A/B tests and uplift models in scikit-learn; statsmodels for the forecasts",
    )
    assert s.specialty == "data-scientist", s.specialty_reason


def test_an_mlops_engineer_with_llm_focus_is_mlops_and_no_mismatch(config: Any) -> None:
    s = screen_text(
        config, NAME, H("Experience"),
        "Senior MLOps Engineer, Peachtree\tJan 2024 – Present",
        "• Run the ML platform: Kubeflow pipelines and KServe for 60 models used by 9 product teams",
        "• Built the LLM gateway on LiteLLM with provider fallbacks; Langfuse tracing of every call",
    )
    assert s.specialty == "mlops", s.specialty_reason
    assert not any(f.code == "title-mismatch" for f in s.flags)


def test_the_latest_long_role_decides_not_a_later_internship(config: Any) -> None:
    s = screen_text(
        config, NAME, H("Experience"),
        "AI Engineering Intern, Orbit\tJun 2026 – Aug 2026",
        "• Built a RAG chatbot with LangChain and Pinecone",
        "Machine Learning Engineer, Freight\tJan 2020 – Present",
        "• Trained PyTorch and XGBoost models; MLflow registry; drift monitoring with Evidently",
    )
    assert s.specialty == "ml-engineer", s.specialty_reason
    assert "Machine Learning Engineer" in s.specialty_reason


def test_an_academic_latest_role_is_research(config: Any) -> None:
    s = screen_text(
        config, NAME, H("Research Experience"),
        "Postdoctoral Researcher, Vision Lab, Stanford University\t2022 – Present",
        "• Train vision transformers in PyTorch and JAX on a 128-GPU cluster",
    )
    assert s.specialty == "research", s.specialty_reason


def test_none_exactly_when_the_profile_is_none(config: Any) -> None:
    s = screen_text(
        config, NAME, H("Experience"),
        "Data Scientist, Acme\tJan 2020 – Present",
        "• Built dashboards and ran A/B tests with stakeholders",
    )
    assert (s.profile, s.specialty) == ("none", "none")


# --------------------------------------------------------------------------- the fixtures, in every output


def test_the_csv_has_specialty_right_after_profile(fixture_screens: dict[str, Screening]) -> None:
    assert CSV_COLUMNS[CSV_COLUMNS.index("profile") + 1] == "specialty"
    text = render_csv(rank(list(fixture_screens.values())))
    rows = {r["file"].rsplit("/", 1)[-1]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["60_llm_engineer.pdf"]["specialty"] == "llm-engineer"
    assert rows["60_llm_engineer.pdf"]["profile"] == "ml-engineer"  # the profile keeps its meaning
    assert rows["61_mlops_llm.pdf"]["specialty"] == "mlops"
    assert rows["62_data_scientist.pdf"]["specialty"] == "data-scientist"
    assert rows["93_not_a_pdf.pdf"]["specialty"] == ""  # not screened: no specialty, like no profile


def test_the_jsonl_carries_the_specialty_and_its_reason(fixture_screens: dict[str, Screening]) -> None:
    rec = json.loads(render_jsonl([Record.from_screening(fixture_screens["61_mlops_llm.pdf"])]))
    assert rec["specialty"] == "mlops"
    assert rec["specialty_reason"].startswith("the latest work role, 'Senior MLOps Engineer': mlops")
    assert "LiteLLM (line" in rec["specialty_reason"]
    assert list(rec).index("specialty_reason") == list(rec).index("profile_reason") + 1


def test_explain_prints_each_vote_with_its_line(fixture_screens: dict[str, Screening]) -> None:
    text = render_explain(fixture_screens["60_llm_engineer.pdf"])
    part = text.split("\nSpecialty\n", 1)[1].split("\n\n", 1)[0]
    assert "llm-engineer: the latest work role, 'LLM Engineer'" in part
    assert "* line    5  llm-engineer    +2  title 'LLM Engineer'" in part
    assert any(ln.strip().startswith("* line") and ln.endswith("  LoRA") for ln in part.splitlines())
    assert any("ml-engineer" in ln and "DeepSpeed" in ln and not ln.lstrip().startswith("*")
               for ln in part.splitlines())


def test_the_report_shows_the_specialty(fixture_screens: dict[str, Screening]) -> None:
    from screener.output.report.render import render_html
    from screener.record import records_json

    page = render_html(records_json(rank(list(fixture_screens.values()))), {"role": "ai-engineer"})
    assert '<td class="specialty">llm-engineer</td>' in page
    assert 'data-k="specialty"' in page
    assert '"sp":"llm-engineer","spr":"the latest work role, \'LLM Engineer\': llm-engineer' in page  # the details


# --------------------------------------------------------------------------- title-mismatch


def _facts(s: Screening, specialty: str, config: Any) -> flags_mod.Facts:
    tax = config.runtime.taxonomy
    present = month_index(int(s.resume_date[:4]), int(s.resume_date[5:7]))
    assert s.document is not None
    return flags_mod.Facts(document=s.document, sections=s.sections, roles=s.roles, mentions=s.mentions,
                           evidence=s.evidence, profile=s.profile, llm_months=s.llm_tenure_months,
                           tenure_parts=s.tenure_parts, present=present, headline=s.contact.headline,
                           taxonomy=tax, rules=tax.rules, specialty=specialty)


def test_title_mismatch_compares_the_title_with_the_specialty(
        fixture_screens: dict[str, Screening], config: Any) -> None:
    llm = fixture_screens["60_llm_engineer.pdf"]  # "LLM Engineer", profile ml-engineer
    assert flags_mod.title_mismatch(_facts(llm, "llm-engineer", config)) is None
    flag = flags_mod.title_mismatch(_facts(llm, "ml-engineer", config))
    assert flag is not None and "specialty ml-engineer" in flag.reason
    ml_title = fixture_screens["24_title_ml_work_ai.pdf"]  # "Machine Learning Engineer" doing RAG
    assert flags_mod.title_mismatch(_facts(ml_title, "ai-engineer", config)) is not None
    assert flags_mod.title_mismatch(_facts(ml_title, "mlops", config)) is None


# --------------------------------------------------------------------------- rank ties


def _rec(name: str, file: str, a: float, b: float, role: str = "ai-engineer", score: float = 0.0) -> Entry:
    return Entry(Record(candidate=name, file=file, status="ok", fit_score=score, column_a=a, column_b=b, role=role))


def test_ties_go_to_target_evidence_then_all_evidence_then_name_never_the_path_first() -> None:
    recs = [
        _rec("Zoe Nothing", "a/0.pdf", 0, 0),
        _rec("Yann Thin", "a/1.pdf", 3, 0),
        _rec("Xia Mlonly", "a/2.pdf", 0, 9),
        _rec("Bea Same", "b/3.pdf", 3, 0),
        _rec("", "a/4.pdf", 0, 0),
        _rec("Ann Better", "z/5.pdf", 0, 0, score=10),
    ]
    order = [r.candidate for r in rank(recs)]
    # the score first; then column A (the AI role's); then A + B; then the name (none last); the path never
    assert order == ["Ann Better", "Bea Same", "Yann Thin", "Xia Mlonly", "Zoe Nothing", ""]
    ml = [r.candidate for r in rank([_rec(e.record.candidate, e.record.file, e.record.column_a, e.record.column_b,
                                          "ml-engineer", e.record.fit_score or 0) for e in recs])]
    assert ml == ["Ann Better", "Xia Mlonly", "Bea Same", "Yann Thin", "Zoe Nothing", ""]


def test_equal_candidates_still_come_out_in_one_order() -> None:
    recs = [_rec("Sam Same", "b.pdf", 1, 1), _rec("Sam Same", "a.pdf", 1, 1)]
    assert [r.file for r in rank(recs)] == [r.file for r in rank(list(reversed(recs)))] == ["a.pdf", "b.pdf"]


# --------------------------------------------------------------------------- the data


def test_a_broken_specialty_file_is_reported_by_file(tmp_path: Path) -> None:
    from screener.taxonomy import validate_taxonomy

    folder = tmp_path / "tax"
    shutil.copytree(ROOT / "skill_taxonomy", folder)
    path = folder / "specialty.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"lora",', '"no-such-tool",', 1), encoding="utf-8")
    problems = [str(p) for p in validate_taxonomy(folder)]
    assert any(p.startswith("specialty.toml") and "no-such-tool" in p for p in problems), problems


@pytest.mark.parametrize("key", ["titles", "phrases"])
def test_every_specialty_list_has_a_source(key: str) -> None:
    import tomllib

    data = tomllib.loads((ROOT / "skill_taxonomy" / "specialty.toml").read_text(encoding="utf-8"))
    for s in data["specialty"]:
        assert s["source"].strip() and isinstance(s[key], list), s["name"]


def _phrase_votes_both_ways(lines: list[str], rules: Any) -> tuple[list[Any], list[Any]]:
    """The phrase votes with the one-pattern line filter and without it (every phrase on every line)."""
    from screener.judge.specialty import _phrase_votes
    from screener.model import Line

    doc = [Line(text=t, page=1, x0=0, top=10.0 * i, x1=100, bottom=10.0 * i + 9, size=10.0, bold=False, number=i + 1)
           for i, t in enumerate(lines)]
    filtered = _phrase_votes(doc, rules)
    rules.__dict__["any_phrase"] = None  # the cached filter, switched off for this object
    try:
        return filtered, _phrase_votes(doc, rules)
    finally:
        del rules.__dict__["any_phrase"]


def test_the_line_filter_never_loses_a_phrase() -> None:
    # One alternation of every phrase passes over lines that hold none; each vote (its phrase, the
    # first line with it) must be what searching every phrase on every line gives.
    from screener.judge.specialty import specialty_rules

    rules = specialty_rules(str(ROOT / "skill_taxonomy"))
    assert rules.any_phrase is not None
    lines = [
        "Built dashboards for stakeholders; ran A/B testing and cohort analysis",
        "Fine-tuned Llama 3 on 12k preference pairs with DPO",
        "Owned the ML platform for 6 product teams (GPU scheduling, LLM gateway)",
        "Two NeurIPS papers; first-author of one",
        "Openweight? no: open-weight and open  weight (two spaces), reward modelling is not reward model",
        "Nothing here at all",
    ]
    filtered, every = _phrase_votes_both_ways(lines, rules)
    assert filtered == every
    names = {v.what for v in every}
    assert {"'DPO'", "'preference pairs'", "'ML platform'", "'NeurIPS'", "'dashboards'"} <= names
    assert {v.line for v in every if v.what == "'open-weight'"} == {5}


def test_a_phrase_that_refers_back_turns_the_filter_off(tmp_path: Path) -> None:
    # Joined into one pattern, a back-reference would point at another phrase's group.
    from screener.judge.specialty import read_specialty

    folder = tmp_path / "tax"
    shutil.copytree(ROOT / "skill_taxonomy", folder)
    path = folder / "specialty.toml"
    text = path.read_text(encoding="utf-8").replace('"ICML",', '"ICML", "re:(pap)er \\\\1",', 1)
    path.write_text(text, encoding="utf-8")
    rules = read_specialty(folder, None, lambda line, message: None)
    assert rules is not None and rules.any_phrase is None
    filtered, every = _phrase_votes_both_ways(["A paper pap on ICML"], rules)
    assert filtered == every and any(v.what == "'paper pap'" for v in every)
