"""Blind mode (issue 22): scoring unchanged, nothing about who the candidate is in any output file.

Every fixture is screened with and without --blind (no state, so both screens really run) and every
score, profile, specialty, flag and rank compared; each output file of the blind screen (CSV, JSONL,
Parquet, HTML) is scanned for every original name, email, phone, link, file name, school and
education date. The real corpus gets the same scan.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from support.paths import AS_OF, FIXTURE_PDFS, FIXTURES, shared_path

from screener.cli import main
from screener.output.blind import blind_record, candidate_id
from screener.record import FlagRecord, FoundRecord, Record, RoleRecord, ToolRecord

FORMATS = ("csv", "jsonl", "parquet", "html")
YEAR = re.compile(r"(?<!\d)(?:19[4-9]\d|20[0-3]\d)(?!\d)")


def _screen(paths: list[str], out: Path, *extra: str) -> None:
    args = ["screen", *paths, "-o", str(out / "r.csv"), "--jsonl", str(out / "r.jsonl"),
            "--parquet", str(out / "r.parquet"), "--html", str(out / "r.html"), "--as-of", AS_OF, "-q", *extra]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output


def _records(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "r.jsonl").read_text(encoding="utf-8").splitlines()]


def _texts(out: Path) -> dict[str, str]:
    """Each output file as text; the Parquet file's rows as JSON (its strings are compressed on disk)."""
    import polars as pl

    texts = {f: (out / f"r.{f}").read_text(encoding="utf-8") for f in ("csv", "jsonl", "html")}
    texts["parquet"] = json.dumps(pl.read_parquet(out / "r.parquet").to_dicts(), ensure_ascii=False, default=str)
    return texts


@pytest.fixture(scope="module")
def fixtures_both(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict[str, Any]], Path]:
    """Every fixture (PDFs and the other formats of fixtures/inbox) screened twice: as is and --blind."""
    base = tmp_path_factory.mktemp("blind")
    paths = [str(FIXTURE_PDFS), str(FIXTURES / "inbox")]
    (base / "plain").mkdir()
    (base / "blind").mkdir()
    _screen(paths, base / "plain", "--no-state")
    _screen(paths, base / "blind", "--no-state", "--blind")
    return _records(base / "plain"), base / "blind"


def test_blind_mode_changes_no_score_profile_flag_or_rank(fixtures_both: tuple[list[dict[str, Any]], Path]) -> None:
    plain, out = fixtures_both
    blind = _records(out)
    assert len(plain) == len(blind) > 70
    for p, b in zip(plain, blind, strict=True):
        assert b["candidate"] == b["file"] == candidate_id(p["sha256"], p["file"])
        for key in ("rank", "fit_score", "profile", "specialty", "red_flags", "status", "sha256", "column_a_share",
                    "column_a_tools", "column_b_tools", "llm_tenure_months", "total_experience_months"):
            assert b[key] == p[key], (p["file"], key)
        assert [f["code"] for f in b["flags"]] == [f["code"] for f in p["flags"]]
        assert [(s["name"], s["points"]) for s in b["score_parts"]] == [(s["name"], s["points"])
                                                                        for s in p["score_parts"]]
        assert [(t["name"], t["weight"], t["months"]) for t in b["tools"]] == [(t["name"], t["weight"], t["months"])
                                                                               for t in p["tools"]]


DEGREE = re.compile(r"(?<!\w)(?:B\.?S|M\.?S|B\.?A|M\.?A|B\.?E|B\.?Sc|M\.?Sc|B\.?Tech|M\.?Tech|Ph\.?D|MBA|Bachelor|"
                    r"Master|Diplom|Diplôme|Licenciatura|Bacharelado|Mestrado|Doutorado|Maestría|Ingénieur|Ingeniería)(?!\w)",
                    re.I)
SCHOOL = re.compile(r"Universit|College|Institut|School|Hochschule|Politecnico|Polytechnic|Academy|Escuela|École|"
                    r"Tecnol", re.I)
FIELD = re.compile(r"Science|Engineering|Mathematics|Statistics|Physics|Informati|Computa", re.I)  # studied, not where


def _schools(title: str, organization: str) -> list[str]:
    """The schools of an education entry, as a reader would name them: a part naming a school ('University
    of Leeds'), or any part after the degree ('IISc Bangalore' in 'M.Tech. Signal Processing, IISc Bangalore,
    2019', 'NYU Tandon' as the organisation of 'B.S. Computer Engineering'); a year, a lone word
    ('University', 'Year') or a field of study ('Computer Science') is none."""
    found, after_degree = [], False
    for part in re.split(r"\s*(?:,|\||·|–|—|\s-\s)\s*", f"{title}, {organization}"):
        if DEGREE.search(part):
            after_degree = True
        elif len(part.split()) >= 2 and (SCHOOL.search(part) or (after_degree and not YEAR.search(part)
                                                                 and not FIELD.search(part))):
            found.append(part)
    return found


def _originals(rec: dict[str, Any]) -> list[str]:
    """What a blind output must not hold of one screened file: who, how to reach them, which file, which school,
    which years of study."""
    values = [rec["candidate"], rec["email"], *rec["links"], rec["location"], rec["file"]]
    if re.search(r"[_\d]", Path(rec["file"]).stem):  # a distinctive name ('01_ai_strong'), not 'resume'
        values.append(Path(rec["file"]).stem)
    for role in rec["roles"]:
        if role["kind"] == "education":
            values += _schools(role["title"], role["organization"])
            if YEAR.search(role["dates_text"] or ""):
                values.append(role["dates_text"])
    return [v for v in values if v and len(v.strip()) > 2]


def _phone_pattern(phone: str) -> re.Pattern[str] | None:
    """The national number's digits, with any separators a resume puts between them."""
    digits = re.sub(r"\D", "", phone)[-10:]
    if len(digits) < 7:
        return None
    return re.compile(r"[\s().-]{0,3}".join(digits))


def _leaks(plain: list[dict[str, Any]], texts: dict[str, str]) -> list[str]:
    found = []
    folded = {name: text.casefold() for name, text in texts.items()}
    for rec in plain:
        for value in _originals(rec):
            key = value.casefold()
            found += [f"{name}: {value!r} of {rec['file']}" for name, text in folded.items() if key in text]
        pattern = _phone_pattern(rec["phone"]) if rec["phone"] else None
        if pattern is not None:
            found += [f"{name}: phone of {rec['file']}" for name, text in texts.items() if pattern.search(text)]
    return found


def _quoted_years(blind: list[dict[str, Any]]) -> list[str]:
    """Years in any line quoted from a resume, and any date an education entry kept."""
    found = []
    for rec in blind:
        quoted = [rec["headline"], rec["latest_title"], *rec["sections"]]
        quoted += [f["text"] for t in rec["tools"] for f in t["found"]]
        quoted += [q for f in rec["flags"] for q in f["quote"]]
        for role in rec["roles"]:
            quoted += [role["title"], role["organization"], role["dates_text"]]
            if role["kind"] == "education":
                assert role["start"] is None and role["end"] is None and role["location"] == ""
        found += [f"{rec['file']}: {q!r}" for q in quoted if q and YEAR.search(q)]
    return found


def test_no_name_email_phone_school_or_year_in_any_blind_output(
        fixtures_both: tuple[list[dict[str, Any]], Path]) -> None:
    plain, out = fixtures_both
    named = [r for r in plain if r["candidate"]]
    assert len(named) > 60 and sum(1 for r in plain for role in r["roles"] if role["kind"] == "education") > 40
    assert _leaks(plain, _texts(out)) == []
    assert _quoted_years(_records(out)) == []


def test_a_blind_screen_of_the_real_corpus_leaks_nothing(tmp_path: Path) -> None:
    real = shared_path("corpus", "real")
    labels = json.loads((Path(__file__).parent / "data" / "real_corpus.json").read_text(encoding="utf-8"))
    state = tmp_path / "state.db"
    (tmp_path / "plain").mkdir()
    (tmp_path / "blind").mkdir()
    _screen([str(real)], tmp_path / "plain", "--state", str(state))
    _screen([str(real)], tmp_path / "blind", "--state", str(state), "--blind")  # the same results, blinded
    plain = _records(tmp_path / "plain")
    hand = [{"candidate": v.get("name") or "", "email": v.get("email") or "", "links": [], "location": "",
             "file": "", "roles": [], "phone": ""} for v in labels.values()]
    texts = _texts(tmp_path / "blind")
    assert _leaks([*plain, *hand], texts) == []
    assert _quoted_years(_records(tmp_path / "blind")) == []
    # measured on 2026-12-07: 47 files; 42 names and 37 emails hand-labelled; 42 names and 26 phones read
    assert len(plain) == 47
    assert sum(1 for r in hand if r["candidate"]) == 42 and sum(1 for r in hand if r["email"]) == 37
    assert sum(1 for r in plain if r["candidate"]) == 42 and sum(1 for r in plain if r["phone"]) == 26


# --------------------------------------------------------------------------- addresses and zip codes

ADDRESSES = ("123 Main Street, Springfield, IL 62704", "9 Elm Road, Chicago, IL 60614")


def _with_address(folder: Path, address: str) -> Path:
    """Two text resumes with an address line under the contact line, beside two PDFs, in one inbox."""
    folder.mkdir()
    for name in ("29_no_metadata_date.txt", "23_title_ai_work_ml.md"):
        lines = (FIXTURES / "inbox" / name).read_text(encoding="utf-8").splitlines()
        contact = next(i for i, line in enumerate(lines) if "@" in line)
        lines.insert(contact + 1, address)
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name in ("01_ai_strong.pdf", "08_ml_strong.pdf"):
        os.symlink(FIXTURE_PDFS / name, folder / name)
    return folder


def test_addresses_and_zip_codes_change_no_score_profile_flag_or_rank(tmp_path: Path) -> None:
    seen = []
    for n, address in enumerate(ADDRESSES):
        inbox = _with_address(tmp_path / f"inbox{n}", address)
        out = tmp_path / f"out{n}.jsonl"
        result = CliRunner().invoke(main, ["screen", str(inbox), "-o", str(out), "--no-state", "--as-of", AS_OF,
                                           "-q", "--executor", "serial"])
        assert result.exit_code == 0, result.output
        recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        seen.append([(Path(r["file"]).name, r["rank"], r["fit_score"], r["profile"], r["specialty"], r["red_flags"],
                      [(p["name"], p["points"]) for p in r["score_parts"]], r["llm_tenure_months"],
                      r["total_experience_months"]) for r in recs])
    assert seen[0] == seen[1]
    assert {s[0] for s in seen[0]} == {"29_no_metadata_date.txt", "23_title_ai_work_ml.md", "01_ai_strong.pdf",
                                        "08_ml_strong.pdf"}


# --------------------------------------------------------------------------- the masks, by hand


def _quoted(text: str, **given: Any) -> str:
    found = FoundRecord("langchain", "role", "experience", 0, 3, text, False)
    rec = Record(sha256="ab" * 32, file="inbox/x.pdf", status="ok",
                 tools=(ToolRecord("LangChain", "tool", "A", "agent-framework", 3.0, 0, None, (found,)),), **given)
    return blind_record(rec).tools[0].found[0].text


def test_gendered_words_become_neutral_and_ordinary_words_stay() -> None:
    assert _quoted("She led the team; Mrs. Okafor praised her work as chairman") == \
        "They led the team; Mx Okafor praised their work as chair"
    assert _quoted("Waitress, then salesman; Women in AI chapter lead") == \
        "Server, then salesperson; People in AI chapter lead"
    assert _quoted("p95 latency 120 ms; cache miss rate 2%; MS Excel") == \
        "p95 latency 120 ms; cache miss rate 2%; MS Excel"  # honorifics only as written, before a name


def test_names_contacts_schools_years_and_birth_dates_are_masked() -> None:
    given = {"candidate": "Ana Souza", "email": "ana@souza.dev", "location": "Curitiba, PR"}
    assert _quoted("Ana Souza · ana@souza.dev · +55 41 99999-1234 · github.com/asouza · Curitiba, PR", **given) \
        == "[name] · [email] · [phone] · [link] · [location]"
    assert _quoted("MSc, Universidade Federal do Paraná, 2019; B.S., Stanford University 2015", **given) \
        == "MSc, [school], [year]; B.S., [school] [year]"
    assert _quoted("Born 12 March 1990 in Recife; class of '12", **given) == "[birth date] in Recife; class of [year]"
    assert _quoted("DOB: 1990-03-12; an age-old pipeline with 3 stages") == \
        "[birth date]; an age-old pipeline with 3 stages"
    assert _quoted("12 Main Street, Springfield, IL 62704") == "[address], Springfield, IL [address]"
    assert _quoted("Jan 2022 – 03.2024; 01.2019 - 12.2023") == "Jan [year] – 03.[year]; 01.[year] - 12.[year]"


def test_education_entries_keep_the_degree_and_lose_the_school_and_dates() -> None:
    edu = RoleRecord("B.S. Data Science, UC San Diego, 2019", "", "La Jolla, CA", "education", "education",
                     "2015-09", "2019-06", "2015 – 2019", 46, False, False, 20, ())
    rec = blind_record(Record(candidate="Dee Ray", sha256="cd" * 32, file="a.pdf", roles=(edu,),
                              flags=(FlagRecord("research-only", "only academic roles at UC San Diego", (20,),
                                                ("TA at UC San Diego, 2018",)),)))
    role = rec.roles[0]
    assert (role.title, role.organization, role.location, role.start, role.end, role.dates_text) == \
        ("B.S. Data Science, [school], [year]", "", "", None, None, "[dates]")
    assert rec.flags[0].reason == "only academic roles at [school]"
    assert rec.flags[0].quote == ("TA at [school], [year]",)


def test_screener_dates_stay_in_its_own_sentences_and_paths_become_ids() -> None:
    rec = blind_record(Record(candidate="Bo Li", sha256="ef" * 32, file="inbox/bo_li_cv.pdf",
                              notes="LangGraph in a role that ended 2023-12 (first released 2024-01), since 2021",
                              read_notes=("inbox/bo_li_cv.pdf is named .pdf but is a Word document",)))
    assert rec.candidate == rec.file == "C-efefefefefef"
    assert rec.notes == "LangGraph in a role that ended 2023-12 (first released 2024-01), since [year]"
    assert rec.read_notes == ("C-efefefefefef is named .pdf but is a Word document",)


def test_the_id_is_the_start_of_the_file_hash_and_stable() -> None:
    assert candidate_id("0123456789abcdef" * 4) == "C-0123456789ab"
    assert candidate_id("", "inbox/big.pdf") == candidate_id("", "inbox/big.pdf") != candidate_id("", "inbox/b.pdf")
    assert candidate_id("", "inbox/big.pdf").startswith("C-path-")


# --------------------------------------------------------------------------- the reveal map and the commands


def test_the_reveal_map_is_written_only_when_asked_and_readable_by_its_owner(tmp_path: Path) -> None:
    pdf = str(FIXTURE_PDFS / "01_ai_strong.pdf")
    base = ["screen", pdf, "--no-state", "--as-of", AS_OF, "-q", "--executor", "serial"]
    result = CliRunner().invoke(main, [*base, "-o", str(tmp_path / "a.csv"), "--blind"])
    assert result.exit_code == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]
    mapping = tmp_path / "keep" / "map.csv"
    result = CliRunner().invoke(main, [*base, "-o", str(tmp_path / "b.csv"), "--blind", "--reveal-map", str(mapping)])
    assert result.exit_code == 0, result.output
    lines = mapping.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,candidate,email,phone,links,file,sha256"
    assert lines[1].startswith("C-dab0486c893d,Maya Chen,maya.chen@example.com,+14155550123,")
    assert stat.S_IMODE(mapping.stat().st_mode) == 0o600
    assert "Maya Chen" not in (tmp_path / "b.csv").read_text(encoding="utf-8")


def test_the_reveal_map_cannot_collide_or_go_without_blind(tmp_path: Path) -> None:
    pdf = str(FIXTURE_PDFS / "01_ai_strong.pdf")
    out = str(tmp_path / "r.csv")
    base = ["screen", pdf, "-o", out, "--no-state", "--as-of", AS_OF, "-q"]
    same = CliRunner().invoke(main, [*base, "--blind", "--reveal-map", out])
    assert same.exit_code == 2 and "give each its own path" in same.output
    over_input = CliRunner().invoke(main, [*base, "--blind", "--reveal-map", pdf])
    assert over_input.exit_code == 2 and "one of the files to screen" in over_input.output
    alone = CliRunner().invoke(main, [*base, "--reveal-map", str(tmp_path / "m.csv")])
    assert alone.exit_code == 2 and "--reveal-map goes with --blind" in alone.output
    assert not (tmp_path / "m.csv").exists() and not Path(out).exists()


def test_report_blind_redraws_a_saved_screen_without_names(tmp_path: Path) -> None:
    jsonl = tmp_path / "r.jsonl"
    pdfs = [str(FIXTURE_PDFS / n) for n in ("01_ai_strong.pdf", "08_ml_strong.pdf")]
    assert CliRunner().invoke(main, ["screen", *pdfs, "-o", str(jsonl), "--no-state", "--as-of", AS_OF, "-q"]
                              ).exit_code == 0
    plain = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    html = tmp_path / "blind.html"
    result = CliRunner().invoke(main, ["report", str(jsonl), "-o", str(html), "--blind", "--reveal-map",
                                       str(tmp_path / "map.csv")])
    assert result.exit_code == 0, result.output
    page = html.read_text(encoding="utf-8")
    assert _leaks(plain, {"html": page}) == []
    assert all(candidate_id(r["sha256"]) in page for r in plain)
    assert "Maya Chen" in (tmp_path / "map.csv").read_text(encoding="utf-8")


def test_diff_and_summary_under_blind_name_ids(tmp_path: Path) -> None:
    pdfs = [str(FIXTURE_PDFS / n) for n in ("01_ai_strong.pdf", "08_ml_strong.pdf")]
    out = str(tmp_path / "r.csv")
    assert CliRunner().invoke(main, ["screen", pdfs[0], "-o", out, "--as-of", AS_OF, "-q"]).exit_code == 0
    result = CliRunner().invoke(main, ["screen", *pdfs, "-o", out, "--as-of", AS_OF, "--blind", "--diff"])
    assert result.exit_code == 0, result.output
    assert "Maya Chen" not in result.output and "01_ai_strong" not in result.output
    assert "C-dab0486c893d" in result.output
