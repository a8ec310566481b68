"""`screener audit impact`: Local Law 144 scoring and selection rates and impact ratios, checked against
examples worked by hand, among them the one in New York City's rules (6 RCNY §5-301)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.paths import AS_OF, FIXTURE_PDFS, ROOT

from screener import __version__
from screener.cli import main
from screener.output.impact import RACES, UNKNOWN, ImpactError, Person, Row, figures, read_demographics
from screener.output.impact_report import DISTRIBUTION_DATES

HISPANIC, WHITE, BLACK, NHPI, ASIAN, NATIVE, TWO = RACES


def _row(rows: tuple[Row, ...], measure: str, table: str, category: str) -> Row:
    return next(r for r in rows if (r.measure, r.table, r.category) == (measure, table, category))


def _rules_example() -> list[Person]:
    """6 RCNY §5-301(d)'s example (a "culture fit" score): 168 applicants, half above the median.

    The rules' table, as stored: Male 92 applicants, scoring rate 54.3%, impact ratio 1.00; Female 76, 44.7%,
    0.82; Hispanic or Latino 28, 64.2%, 1.00; White 40, 37.5%, 0.58; Black or African American 32, 50.0%, 0.78;
    Native Hawaiian or Pacific Islander 8, 62.5%, 0.97; Asian 24, 41.7%, 0.65. So 50 of 92 men and 34 of 76
    women scored above the median (84 of 168: the median splits the sample in two), and 18, 15, 16, 5 and 10
    of each race. The stored text stops before the last two race rows; the 36 applicants they must hold
    (168 - 132) are split here as Native American 12 (6 above) and Two or More Races 24 (14 above), both under
    Hispanic or Latino's rate so that the rules' ratios keep their denominator.
    """
    races = [(HISPANIC, 28, 18), (WHITE, 40, 15), (BLACK, 32, 16), (NHPI, 8, 5), (ASIAN, 24, 10), (NATIVE, 12, 6),
             (TWO, 24, 14)]
    above = [r for r, _, k in races for _ in range(k)]
    below = [r for r, n, k in races for _ in range(n - k)]
    assert len(above) == len(below) == 84
    people = [Person(f"a{i}", "Male" if i < 50 else "Female", race, 80.0) for i, race in enumerate(above)]
    people += [Person(f"b{i}", "Male" if i < 42 else "Female", race, 20.0) for i, race in enumerate(below)]
    return people


def test_the_rules_own_scoring_example() -> None:
    figs = figures(_rules_example())
    assert figs.sample == 168 and figs.median == 50.0
    expected = {  # category: (applicants, scoring rate %, impact ratio), from the rules' table
        "Male": (92, 54.3, 1.00), "Female": (76, 44.7, 0.82),
        WHITE: (40, 37.5, 0.58), BLACK: (32, 50.0, 0.78), NHPI: (8, 62.5, 0.97), ASIAN: (24, 41.7, 0.65),
    }
    for category, (n, rate, ratio) in expected.items():
        table = "sex" if category in ("Male", "Female") else "race/ethnicity"
        row = _row(figs.rows, "scoring", table, category)
        assert row.rate is not None and row.impact_ratio is not None
        assert (row.applicants, round(row.rate * 100, 1), round(row.impact_ratio, 2)) == (n, rate, ratio), category
    hispanic = _row(figs.rows, "scoring", "race/ethnicity", HISPANIC)
    # 18/28 = 64.29%: the rules print 64.2% (cut, not rounded); it is the highest rate, so its ratio is 1.00.
    assert hispanic.rate is not None and int(hispanic.rate * 1000) / 10 == 64.2 and hispanic.impact_ratio == 1.0
    assert figs.unknown == {"sex": 0, "race/ethnicity": 0, "intersection": 0}


def _ten() -> list[Person]:
    """Ten people worked by hand: 6 men (3 selected), 4 women (1 selected); Asian 5 (3), White 5 (1)."""
    spec = [("Male", ASIAN, True), ("Male", ASIAN, True), ("Male", ASIAN, False), ("Female", ASIAN, True),
            ("Female", ASIAN, False), ("Male", WHITE, True), ("Male", WHITE, False), ("Male", WHITE, False),
            ("Female", WHITE, False), ("Female", WHITE, False)]
    return [Person(str(i), sex, race, float(10 - i), sel) for i, (sex, race, sel) in enumerate(spec)]


def test_selection_rates_and_intersections_worked_by_hand() -> None:
    figs = figures(_ten(), "the top 4 ranks")
    sel = {(r.table, r.category): (r.applicants, r.counted, round(r.rate or 0, 4), r.impact_ratio)
           for r in figs.rows if r.measure == "selection"}
    assert sel[("sex", "Male")] == (6, 3, 0.5, 1.0)
    assert sel[("sex", "Female")] == (4, 1, 0.25, 0.5)  # 25% / 50%
    assert sel[("race/ethnicity", ASIAN)][:3] == (5, 3, 0.6) and sel[("race/ethnicity", ASIAN)][3] == 1.0
    assert sel[("race/ethnicity", WHITE)][:3] == (5, 1, 0.2)
    assert round(sel[("race/ethnicity", WHITE)][3] or 0, 3) == 0.333  # 20% / 60%
    # Every sex x race intersection, against the best of them (Asian men, 2 of 3).
    assert sel[("intersection", "Asian Male (Not Hispanic or Latino)")][:3] == (3, 2, 0.6667)
    assert sel[("intersection", "Asian Female (Not Hispanic or Latino)")][3] == pytest.approx(0.75)  # 1/2 / 2/3
    assert sel[("intersection", "White Male (Not Hispanic or Latino)")][3] == pytest.approx(0.5)  # 1/3 / 2/3
    assert sel[("intersection", "White Female (Not Hispanic or Latino)")][2:] == (0.0, 0.0)
    # Scores 10 down to 1: the median is 5.5; above it, people 0-4 (three Asian men, two Asian women).
    assert figs.median == 5.5
    assert _row(figs.rows, "scoring", "sex", "Male").counted == 3
    assert _row(figs.rows, "scoring", "sex", "Female").counted == 2
    assert _row(figs.rows, "scoring", "race/ethnicity", WHITE).counted == 0


def test_ties_at_the_median_are_not_above_it() -> None:
    """Scores 10, 20, 20, 20, 30, 40: the median is 20; only 30 and 40 are above it (strictly)."""
    people = [Person("m1", "Male", WHITE, 10.0), Person("f1", "Female", WHITE, 20.0),
              Person("f2", "Female", WHITE, 20.0), Person("f3", "Female", WHITE, 20.0),
              Person("m2", "Male", WHITE, 30.0), Person("m3", "Male", WHITE, 40.0)]
    figs = figures(people)
    assert figs.median == 20.0
    female, male = _row(figs.rows, "scoring", "sex", "Female"), _row(figs.rows, "scoring", "sex", "Male")
    assert (female.counted, female.rate, female.impact_ratio) == (0, 0.0, 0.0)
    assert (male.counted, male.impact_ratio) == (2, 1.0)


def test_the_unknown_category_is_counted_and_left_out_of_the_rates() -> None:
    people = _ten() + [Person("u1", UNKNOWN, ASIAN, 100.0), Person("u2", UNKNOWN, WHITE, 0.0),
                       Person("u3", "Female", UNKNOWN, 100.0)]
    figs = figures(people)
    assert figs.unknown == {"sex": 2, "race/ethnicity": 1, "intersection": 3}
    assert figs.sample == 13  # the median is the whole sample's: 0, 1..10, 100, 100; the 7th is 6
    assert figs.median == 6.0
    assert _row(figs.rows, "scoring", "sex", "Female").applicants == 5  # u3 has a sex
    assert _row(figs.rows, "scoring", "race/ethnicity", ASIAN).applicants == 6  # u1 has a race
    assert not any(r.category == UNKNOWN for r in figs.rows)


def test_categories_under_two_percent_are_marked_with_their_counts() -> None:
    people = [Person(f"w{i}", "Male", WHITE, float(i)) for i in range(59)] + [Person("a", "Female", ASIAN, 70.0)]
    figs = figures(people)  # 1 of 60 = 1.7%
    asian = _row(figs.rows, "scoring", "race/ethnicity", ASIAN)
    assert asian.small and asian.applicants == 1 and asian.small_note == "under 2% of the sample (1 of them)"
    assert not _row(figs.rows, "scoring", "race/ethnicity", WHITE).small
    exactly = figures(people[10:])  # 1 of 50 = 2.0%: not under
    assert not _row(exactly.rows, "scoring", "race/ethnicity", ASIAN).small


def test_the_demographic_file_is_read_strictly(tmp_path: Path) -> None:
    f = tmp_path / "eeo.csv"
    f.write_text("Candidate_ID,Gender,Race/Ethnicity\nA1,female,Hispanic\nB2,M,black\nC3,,Prefer not to say\n"
                 "D4,Woman,Two or More Races (Not Hispanic or Latino)\n", encoding="utf-8")
    assert read_demographics(f) == {"a1": ("Female", HISPANIC), "b2": ("Male", BLACK), "c3": (UNKNOWN, UNKNOWN),
                                    "d4": ("Female", TWO)}
    for body, message in (("id,sex,race\nA1,female,Martian\n", "unknown race/ethnicity 'Martian'"),
                          ("id,sex,race\nA1,other,White\n", "unknown sex 'other'"),
                          ("id,sex\nA1,female\n", "no race/ethnicity column"),
                          ("id,sex,race\nA1,female,White\na1,male,White\n", "listed twice")):
        f.write_text(body, encoding="utf-8")
        with pytest.raises(ImpactError, match=re.escape(message)):
            read_demographics(f)


def _state_files(db: Path) -> list[str]:
    """Every table's every row, as SQL (closing a connection may checkpoint the WAL: the bytes move)."""
    import sqlite3

    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def test_impact_from_a_run_with_decisions_writes_csv_and_html_and_stores_nothing(tmp_path: Path) -> None:
    from screener.run.decisions import DecisionRow, record_decision
    from screener.run.state import State

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    names = ("01_ai_strong.pdf", "02_ai_agents_sidebar.pdf", "03_ai_brazil_pt.pdf", "05_frontend.pdf")
    for name in names:
        shutil.copy(FIXTURE_PDFS / name, inbox / name)
    db, out = tmp_path / "state.db", tmp_path / "ranked.csv"
    res = CliRunner().invoke(main, ["screen", str(inbox), "-o", str(out), "--state", str(db), "--as-of", AS_OF,
                                    "-q", "--executor", "serial"])
    assert res.exit_code == 0, res.output
    ranked = list(csv.DictReader(out.open(encoding="utf-8")))
    sexes = {1: "Female", 2: "Male", 3: "Female", 4: "Male"}
    demo = tmp_path / "eeo.csv"
    demo.write_text("sha256,sex,race\n" + "".join(f"{r['sha256']},{sexes[int(r['rank'])]},Asian\n" for r in ranked),
                    encoding="utf-8")
    state = State(db)
    second = state.run_files(1)[1]  # rank 2, a man: the one person shortlisted
    assert second["rank"] == 2
    record_decision(state, DecisionRow(second["identity"], second["candidate"], "shortlist", "strong-evidence", "",
                                       "Kim", 2, second["fit_score"], 1, second["sha256"], second["path"]))
    state.close()
    before = _state_files(db)
    args = ["audit", "impact", "--demographics", str(demo), "--state", str(db), "--decisions",
            "-o", str(tmp_path / "impact.csv"), "--html", str(tmp_path / "impact.html")]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    assert _state_files(db) == before  # the demographic data is never stored
    rows = list(csv.DictReader(io.StringIO((tmp_path / "impact.csv").read_text(encoding="utf-8"))))
    sel = {r["category"]: r for r in rows if r["measure"] == "selection" and r["table"] == "sex"}
    assert (sel["Male"]["counted"], sel["Male"]["rate"], sel["Male"]["impact_ratio"]) == ("1", "0.5000", "1.000")
    assert (sel["Female"]["counted"], sel["Female"]["impact_ratio"]) == ("0", "0.000")
    html = (tmp_path / "impact.html").read_text(encoding="utf-8")
    assert f"screener {__version__}, distributed {DISTRIBUTION_DATES[__version__]}" in html
    assert "strictly above" in html and "Selection rates" in html and "independent auditor" in html
    assert hashlib.sha256(demo.read_bytes()).hexdigest() in html


def test_impact_from_a_ranked_csv_with_a_shortlist(tmp_path: Path) -> None:
    ranked = tmp_path / "ranked.csv"
    ranked.write_text("rank,fit_score,sha256\n1,90,aa\n2,80,bb\n3,70,cc\n4,60,dd\n,,ee\n", encoding="utf-8")
    demo = tmp_path / "eeo.csv"
    demo.write_text("sha256,sex,race\nAA,Female,White\nbb,Male,White\ncc,Female,Asian\ndd,Male,Asian\n"
                    "zz,Male,Asian\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["audit", "impact", "--demographics", str(demo), "--ranked", str(ranked),
                                    "--shortlist", "1", "-o", str(tmp_path / "i.csv")])
    assert res.exit_code == 0, res.output
    assert "4 scored candidates, median 75" in res.output
    assert "1 line(s)" in res.output  # zz matches nobody: said, not hidden
    rows = list(csv.DictReader((tmp_path / "i.csv").open(encoding="utf-8")))
    female = next(r for r in rows if (r["measure"], r["category"]) == ("selection", "Female"))
    assert (female["applicants"], female["counted"], female["rate"], female["impact_ratio"]) == \
        ("2", "1", "0.5000", "1.000")
    assert next(r for r in rows if (r["table"], r["category"]) == ("sex", "Unknown"))["applicants"] == "0"
    bad = CliRunner().invoke(main, ["audit", "impact", "--demographics", str(demo), "--ranked", str(ranked),
                                    "--shortlist", "1", "--decisions", "-o", str(tmp_path / "i.csv")])
    assert bad.exit_code == 2


def test_every_release_has_a_distribution_date() -> None:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", DISTRIBUTION_DATES[__version__])


def test_every_audit_option_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    group = main.commands["audit"]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert f"screener audit {name}" in readme
        for p in command.params:
            for opt in p.opts:
                if opt.startswith("--"):
                    assert re.search(rf"{re.escape(opt)}\b", readme), f"screener audit {name} {opt}"
    for opt in ("--operator", "--audit-retention"):
        assert opt in readme
