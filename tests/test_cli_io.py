"""The command line's edges (issue 23): `-` for standard input and output, the format from -o's extension,
--bom, --as-of in the future, and a summary that names every output and ranks only evidence."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from support import AS_OF, FIXTURE_PDFS

from screener.cli import main

ONE = str(FIXTURE_PDFS / "01_ai_strong.pdf")
TWO = str(FIXTURE_PDFS / "02_ai_agents_sidebar.pdf")


def run(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "screener", *args], input=stdin, capture_output=True, text=True,
                          timeout=600)


def test_paths_from_standard_input_and_ranked_list_to_standard_output(tmp_path: Path) -> None:
    proc = run(["screen", "-", "-o", "-", "--no-state", "--as-of", AS_OF, "-j", "1"], stdin=f"{ONE}\n{TWO}\n")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("rank,fit_score,candidate")
    assert len(lines) == 3 and "Maya Chen" in proc.stdout  # two rows, nothing else on stdout
    assert "Screened 2 file(s)" in proc.stderr and "Wrote standard output" in proc.stderr
    assert not list(tmp_path.iterdir()) and not Path("-").exists()


def test_nul_separated_paths_and_jsonl_to_standard_output(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    proc = run(["screen", "-", "-0", "-o", str(out), "--no-state", "--as-of", AS_OF, "-q"], stdin=f"{ONE}\0{TWO}\0")
    assert proc.returncode == 0, proc.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    proc = run(["screen", ONE, "-o", "-", "--format", "jsonl", "--no-state", "--as-of", AS_OF, "-q"])
    assert proc.stdout.startswith('{"rank": 1') and proc.stderr == ""


def test_a_closed_pipe_ends_quietly() -> None:
    shell = (f"{sys.executable} -m screener screen {ONE} {TWO} -o - --no-state --as-of {AS_OF} -j 1 | head -c 1;"
             " echo; echo rc=${PIPESTATUS[0]}")
    proc = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=600)
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr
    assert "rc=0" in proc.stdout


def test_the_extension_picks_the_format_and_an_unknown_one_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    result = CliRunner().invoke(main, ["screen", ONE, "-o", str(out), "--no-state", "--as-of", AS_OF, "-q"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith('{"rank": 1')
    result = CliRunner().invoke(main, ["screen", ONE, "-o", str(tmp_path / "r.xlsx"), "--no-state", "--as-of", AS_OF])
    assert result.exit_code == 2
    assert ".xlsx" in result.output and ".csv, .jsonl, .parquet, .html" in result.output
    assert not (tmp_path / "r.xlsx").exists()


def test_bom_makes_a_csv_excel_reads_as_utf8(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    pdf = str(FIXTURE_PDFS / "03_ai_brazil_pt.pdf")
    result = CliRunner().invoke(main, ["screen", pdf, "-o", str(out), "--bom", "--no-state", "--as-of", AS_OF, "-q"])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfrank,") and "Araújo".encode() in data
    plain = tmp_path / "plain.csv"
    result = CliRunner().invoke(main, ["screen", pdf, "-o", str(plain), "--no-state", "--as-of", AS_OF, "-q"])
    assert data == b"\xef\xbb\xbf" + plain.read_bytes()  # the mark and nothing else differs
    proc = run(["screen", pdf, "-o", "-", "--bom", "--no-state", "--as-of", AS_OF, "-q", "-j", "1"])
    assert proc.stdout.encode() == data  # the same bytes on standard output
    result = CliRunner().invoke(main, ["screen", pdf, "-o", str(tmp_path / "r.jsonl"), "--bom", "--no-state"])
    assert result.exit_code == 2 and "--bom" in result.output


def test_an_as_of_in_the_future_needs_allow_future(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    result = CliRunner().invoke(main, ["screen", ONE, "-o", str(out), "--as-of", "2999-01-01", "--no-state"])
    assert result.exit_code == 2 and "in the future" in result.output and "--allow-future" in result.output
    result = CliRunner().invoke(main, ["screen", ONE, "-o", str(out), "--as-of", "2999-01-01", "--allow-future",
                                       "--no-state", "-q"])
    assert result.exit_code == 0, result.output


def test_the_summary_names_every_output(tmp_path: Path) -> None:
    outs = [tmp_path / "r.csv", tmp_path / "r.jsonl", tmp_path / "r.parquet", tmp_path / "r.html"]
    result = CliRunner().invoke(main, ["screen", ONE, "-o", str(outs[0]), "--jsonl", str(outs[1]), "--parquet",
                                       str(outs[2]), "--html", str(outs[3]), "--no-state", "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert f"Wrote {outs[0]}, {outs[1]}, {outs[2]} and {outs[3]}" in result.output


def test_the_top_five_lists_only_evidence_for_the_role(tmp_path: Path) -> None:
    # an AI engineer's resume screened for ml-engineer: no evidence, so no ranking to show
    result = CliRunner().invoke(main, ["screen", ONE, "-o", str(tmp_path / "r.csv"), "--role", "ml-engineer",
                                       "--no-state", "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert "  1. " not in result.output  # no 0.0 candidate presented as a ranking
    assert "no candidate shows evidence for this role (ml-engineer)" in result.output


def test_the_top_five_leaves_out_candidates_without_evidence(tmp_path: Path) -> None:
    # Maya Chen has LLM-applied evidence; Olivia Brandt's frontend resume has none (score 0.0, profile none)
    frontend = str(FIXTURE_PDFS / "05_frontend.pdf")
    result = CliRunner().invoke(main, ["screen", ONE, frontend, "-o", str(tmp_path / "r.csv"), "--no-state",
                                       "--as-of", AS_OF, "-j", "1"])
    assert result.exit_code == 0, result.output
    top = result.output.split("Top 5", 1)[1].splitlines()
    assert top[0] == " (1 with evidence for ai-engineer):"
    assert top[1].startswith("    1. ") and "Maya Chen (ai-engineer)" in top[1]
    assert "Olivia Brandt" not in result.output.split("Top 5", 1)[1].split("Could not")[0]


def test_find_piped_into_screen_writes_the_named_csv(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "a.pdf").write_bytes(Path(ONE).read_bytes())
    (inbox / "sub" / "b.pdf").write_bytes(Path(TWO).read_bytes())
    (inbox / "notes.txt").write_text("not a pdf\n")
    shell = (f"find {inbox} -name '*.pdf' | {sys.executable} -m screener screen - -o {tmp_path / 'out.csv'}"
             f" --no-state --as-of {AS_OF} -j 1")
    proc = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert len(text.splitlines()) == 3 and "Maya Chen" in text and "Aarav Mehta" in text  # notes.txt not listed
    assert "Screened 2 file(s)" in proc.stdout
