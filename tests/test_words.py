"""The parse modules' word lists: skill_taxonomy/words.csv, its notation, and the hash that covers it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from screener.parse import words
from screener.parse.dates import find_date_ranges, parse_month_name


def test_the_notation_a_stem_a_spaced_slash_and_literal_text() -> None:
    assert words.pattern("engineer*") == r"engineer\w*"
    assert re.fullmatch(words.pattern("first name(s) / surname(s)"), "first name(s)/surname(s)")
    assert re.fullmatch(words.pattern("first name(s) / surname(s)"), "first name(s) /  surname(s)")
    assert words.pattern("s.a.") == r"s\.a\." and words.pattern("full name") == "full name"
    assert words.alternation("honorific") == "dr|mr|mrs|ms|prof"


def test_lists_keep_file_order_and_meanings() -> None:
    months = dict(words.entries("month"))
    assert months["janeiro"] == "1" and months["dezember"] == "12"
    assert words.words("month")[:2] == ("jan", "january")
    assert parse_month_name("Março") == 3


def test_a_missing_list_is_an_error() -> None:
    with pytest.raises(words.WordsError, match="no list"):
        words.words("no-such-list")


def _with_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str) -> Path:
    copy = tmp_path / "words.csv"
    copy.write_text(words.WORDS_FILE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    monkeypatch.setattr(words, "WORDS_FILE", copy)
    words._table.cache_clear()
    return copy


def test_a_malformed_file_is_reported_with_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        _with_words(tmp_path, monkeypatch, "month,jan,1,en,twice\n")
        with pytest.raises(words.WordsError, match="'jan' is twice in 'month'"):
            words.words("month")
    finally:
        words._table.cache_clear()


def test_editing_the_words_changes_the_screener_version_not_the_taxonomy_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The words are compiled into the code at import: a change must re-screen (state key), and
    the taxonomy version (written in every output row) must not move with them."""
    from screener.run.state import screener_version
    from screener.taxonomy import _read_toml, default_taxonomy_dir
    from screener.taxonomy import _version as taxonomy_version

    before = screener_version.__wrapped__()  # type: ignore[attr-defined]
    folder = tmp_path / "taxonomy"
    shutil.copytree(default_taxonomy_dir(), folder)
    meta = _read_toml(folder / "taxonomy.toml", [])
    tax_before = taxonomy_version(folder, meta)
    (folder / "words.csv").write_text("list,word,means,lang,notes\n", encoding="utf-8")
    assert taxonomy_version(folder, meta) == tax_before
    try:
        _with_words(tmp_path, monkeypatch, "open-end,jetzt,,de,\n")
        assert screener_version.__wrapped__() != before  # type: ignore[attr-defined]
    finally:
        words._table.cache_clear()


def test_words_from_the_file_reach_the_date_grammar() -> None:
    """Spot checks that each kind of list is wired in: months, open ends, since, seasons, counts."""
    (r,) = find_date_ranges("Analista de dados, dez 2019 até o momento")
    assert r.start is not None and (r.start.year, r.start.first_month) == (2019, 12) and r.open_end
    (r,) = find_date_ranges("Desde: março de 2021")
    assert r.open_end and r.start is not None and r.start.first_month == 3
    (r,) = find_date_ranges("Estágio, verão de 2022")
    assert r.start is not None and (r.start.year, r.start.first_month, r.start.last_month) == (2022, 6, 8)
    assert find_date_ranges("served over 2000 users") == []
