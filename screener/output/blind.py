"""Blind mode (`--blind`): the typed Records as a reviewer may see them, without who the candidate is.

A pure transform, `blind_records(records) -> records`, applied at the output edge after ranking: the
screen, the ranking and the state never see it, so no score, profile, specialty, flag or rank can
change (tests/test_blind.py screens every fixture with and without it and compares them).

What changes, record by record:

- `candidate` and `file` become the candidate id (below); `email`, `phone`, `links` and `location` are
  emptied; every role's location is emptied; an education entry's school becomes `[school]` and its
  dates go (start, end and the dates as written).
- In every line quoted from the resume (each tool's found lines, each flag's quotes, titles,
  headline, organisations, the dates as written): every four-digit year becomes `[year]` (a line
  cannot tell a graduation or birth year from another), a birth date `[birth date]`, school names
  `[school]`, emails `[email]`, web links `[link]`, phone numbers `[phone]`, street addresses and zip
  codes `[address]`, the candidate's name and its parts `[name]`, and gendered words their neutral
  form (he -> they, Mrs -> Mx, chairman -> chair).
- In screener's own sentences (notes, reasons, score parts, flag reasons): the same, except years
  written as screener writes its dates (YYYY-MM) stay, since they are the evidence's dates.

The word lists are data: `skill_taxonomy/blind/words.csv` (gendered words with their neutral form,
the words that name a school, the words before a birth date), each row with its source.

The candidate id is `C-` and the first 12 hex digits of the file's SHA-256 (the `sha256` column).
It is stable (the same file has the same id in every run, with or without a state database, on any
machine) and says nothing about the person: it is a hash of the whole file, not of the name or the
email (a hash of an email is reversed by hashing a list of emails; a resume file cannot be guessed).
Whoever holds the original files can find one from its id (`sha256sum`), which is how the employer
goes back to the person without the reveal map; a reviewer who sees only the outputs cannot. It is
deliberately not keyed: a key would have to be kept beside the state, ids would change between
`--no-state` runs, and an auditor joining demographics to ids could no longer recompute them. Two
identical files share an id (they are the same resume). A file never hashed (over the size limit)
gets an id from a hash of its path, marked `C-path-`.

`--reveal-map PATH` writes id -> candidate, email, phone, file and sha256 as CSV (`reveal_csv`), a
separate file only when asked for.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from screener.output.writers import RunInfo
from screener.record import FlagRecord, FoundRecord, Record, RoleRecord, ScorePartRecord, TenureRecord
from screener.taxonomy import default_taxonomy_dir

if TYPE_CHECKING:
    from screener.job.model import JobFit
    from screener.job.ranking import JobOutput
    from screener.run.result import Comparison
    from screener.run.rows import Row
    from screener.run.stream import RankedRecords

WORDS_FILE = Path("blind") / "words.csv"
ID_PREFIX = "C-"
ID_HEX = 12  # 48 bits: two of 100,000 files share an id with odds of about 1 in 56,000
REVEAL_COLUMNS = ("id", "candidate", "email", "phone", "links", "file", "sha256")
HIDDEN = "(hidden in blind mode)"
BIRTH_REACH = 30  # characters after a birth word that may hold the date

_YEAR = re.compile(r"(?<!\d)(?:19[3-9]\d|20\d\d)(?!\d)|['’]\d\d\b")
_OWN_YEAR = re.compile(r"(?<![\d-])(?:19[3-9]\d|20\d\d)(?![\d-])")  # screener's YYYY-MM dates stay
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LINK = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|io|dev|net|org|me|ai|co)/\S*", re.I)
_PHONE = re.compile(r"(?<![\w.])\+?\(?\d(?:[\s().-]{0,3}\d){8,14}(?![\w])")
_STREET = re.compile(r"\b\d{1,6}\s+(?:[A-Z][\w.'-]*\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|"
                     r"Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Square|Sq)\b\.?")
_ZIP = re.compile(r"\b([A-Z]{2})\s+\d{5}(?:-\d{4})?\b")
_SEGMENTS = re.compile(r"\s*(?:,|\||·|•|–|—|\s-\s|\sat\s|\s@\s)\s*")  # an education title's parts
_MONTH = (r"(?:jan|feb|fév|fev|mar|mär|apr|avr|abr|may|mai|jun|juin|jul|juil|aug|ago|aoû|sep|set|oct|okt|out|nov|dec|"
          r"déc|dez|dic|ene)[\w.]*")  # a month's first letters in the languages screener reads
_DATE_PART = rf"(?:\d{{1,4}}|{_MONTH})"
_BIRTH_DATE = re.compile(rf"[\s:.,-]*(?:(?:on|in|em|el|le|am)\s+)?{_DATE_PART}"
                         rf"(?:(?:[\s./,-]|de\s|of\s)+{_DATE_PART}){{0,2}}\b", re.I)
_NAME_PART = re.compile(r"[^\W\d_][\w'’.-]*")


@dataclass(frozen=True)
class BlindWords:
    """skill_taxonomy/blind/words.csv, compiled."""

    gendered: Mapping[str, str]  # lower-case word -> its neutral form
    gendered_re: re.Pattern[str]
    honorific_re: re.Pattern[str]  # Mr, Mrs, Ms... only before a capitalised word ("120 ms" stays)
    school_re: re.Pattern[str]  # a run of capitalised words around a word that names a school
    birth_re: re.Pattern[str]
    degree_re: re.Pattern[str]  # a part of an education entry that names a degree (kept; the rest is the school)


@lru_cache(maxsize=4)
def load_words(folder: Path | None = None) -> BlindWords:
    """The word lists of a taxonomy folder (the bundled one when it has none)."""
    path = (folder or default_taxonomy_dir()) / WORDS_FILE
    if not path.is_file():
        path = default_taxonomy_dir() / WORDS_FILE
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    lists: dict[str, dict[str, str]] = {}
    for row in rows:
        lists.setdefault(row["list"], {})[row["word"].casefold()] = row["replacement"]
    gendered = lists.get("gendered", {})
    honorifics = "|".join(re.escape(w) for w in sorted(_originals(rows, "honorific"), key=len, reverse=True))
    school = "|".join(re.escape(w) for w in sorted(lists.get("school", {}), key=len, reverse=True))
    birth = "|".join(re.escape(w) for w in sorted(lists.get("birth", {}), key=len, reverse=True))
    cap = r"[A-Z][\w&.'’-]*"
    link = r"(?:of|de|do|da|di|del|für|for|at|the|and|&)"
    after = rf"(?:\s+(?:{link}\s+)?{cap}){{0,4}}"  # 'University of California', 'Universidade Federal do Paraná'
    school_re = re.compile(rf"(?:(?:{cap}\s+){{0,4}})(?<!\[)(?i:{school})\b(?!\]){after}")
    return BlindWords(
        gendered=gendered,
        gendered_re=re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(gendered, key=len, reverse=True))
                               + r")\b\.?", re.I),
        honorific_re=re.compile(rf"\b(?:{honorifics})\b\.?(?=\s+[A-Z])"),
        school_re=school_re,
        birth_re=re.compile(rf"(?<!\w)(?:{birth})(?!\w)", re.I),
        degree_re=re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in _originals(rows, "degree")) + r")(?!\w)",
                             re.I),
    )


def _originals(rows: Iterable[Mapping[str, str]], name: str) -> list[str]:
    return [r["word"] for r in rows if r["list"] == name]


def candidate_id(sha256: str, file: str = "") -> str:
    """The stable opaque id of a file (see the module's doc for why it is safe to show)."""
    if sha256:
        return ID_PREFIX + sha256[:ID_HEX]
    return ID_PREFIX + "path-" + hashlib.sha256(file.encode("utf-8", "surrogateescape")).hexdigest()[:ID_HEX]


def record_id(rec: Record) -> str:
    return candidate_id(rec.sha256, rec.file)


# --------------------------------------------------------------------------- the transform


def blind_records(records: Sequence[Record], folder: Path | None = None) -> list[Record]:
    """Every record blinded; a path of one file named in another's notes (a duplicate's) becomes its id."""
    words = load_words(folder)
    paths = {r.file: record_id(r) for r in records if r.file}
    return [_blind(r, words, paths) for r in records]


def blind_with_job(records: Sequence[Record], job: JobOutput,
                   folder: Path | None = None) -> tuple[list[Record], JobOutput]:
    """`blind_records`, and the job's fits (a saved `--job` screen's) keyed by id and masked with each record's
    own masks (built once per record)."""
    words = load_words(folder)
    paths = {r.file: record_id(r) for r in records if r.file}
    out, fits = [], {}
    for rec in records:
        m = _masks(rec, words, paths)
        out.append(_blind(rec, words, paths, m))
        fit = job.fit(rec)
        if fit is not None:
            fits[record_id(rec)] = blind_fit(fit, m)
    return out, replace(job, fits=fits)


def blind_record(rec: Record, folder: Path | None = None) -> Record:
    return blind_records([rec], folder)[0]


@dataclass(frozen=True)
class _Masks:
    """How one record's texts are masked: `quoted` for the resume's own lines, `own` for screener's."""

    quoted: Callable[[str], str]
    own: Callable[[str], str]


# long: one field after another, in the Record's order, so none is forgotten
def _blind(rec: Record, words: BlindWords, paths: Mapping[str, str], m: _Masks | None = None) -> Record:
    m = m or _masks(rec, words, paths)
    q, o = m.quoted, m.own
    return replace(
        rec,
        candidate=record_id(rec), email="", phone="", links=(), file=record_id(rec), location="",
        latest_title=q(rec.latest_title), headline=q(rec.headline),
        notes=o(rec.notes), reason=o(rec.reason), profile_reason=o(rec.profile_reason),
        specialty_reason=o(rec.specialty_reason), sections=tuple(q(s) for s in rec.sections),
        roles=tuple(_role(r, q, words) for r in rec.roles),
        tools=tuple(replace(t, found=tuple(_found(f, q) for f in t.found)) for t in rec.tools),
        tenure=tuple(TenureRecord(t.role, t.start, t.end, t.months, o(t.reason)) for t in rec.tenure),
        flags=tuple(FlagRecord(f.code, o(f.reason), f.lines, tuple(q(x) for x in f.quote)) for f in rec.flags),
        score_parts=tuple(ScorePartRecord(p.name, p.points, o(p.why)) for p in rec.score_parts),
        read_notes=tuple(o(n) for n in rec.read_notes),
    )


def blind_fit(fit: JobFit, m: _Masks) -> JobFit:
    """A candidate's fit to the job (--job) with its record's masks: the resume lines it quotes as the record's
    quoted lines, screener's sentences (the reasons, the score parts, the probes) as its own."""
    q, o = m.quoted, m.own
    table = tuple(replace(r, why=o(r.why), text=q(r.text), evidence=o(r.evidence), place=o(r.place))
                  for r in fit.table)
    return replace(fit, parts=tuple(replace(p, why=o(p.why)) for p in fit.parts), table=table,
                   probes=tuple(o(p) for p in fit.probes))


def _role(r: RoleRecord, q: Callable[[str], str], words: BlindWords) -> RoleRecord:
    if r.kind == "education":
        return replace(r, title=_degree_only(r.title, q, words), organization=_degree_only(r.organization, q, words),
                       location="", start=None, end=None, dates_text="[dates]" if r.dates_text else "", problems=())
    return replace(r, title=q(r.title), organization=q(r.organization), location="", dates_text=q(r.dates_text),
                   problems=tuple(q(p) for p in r.problems))


def _degree_only(text: str, q: Callable[[str], str], words: BlindWords) -> str:
    """An education entry's title or organisation: the parts naming a degree kept, any other part (the
    school, its place) `[school]`, a year `[year]`."""
    parts = [p for p in _SEGMENTS.split(text.strip()) if p]
    shown = [q(p) if words.degree_re.search(p) or _YEAR.fullmatch(p) else "[school]" for p in parts]
    return ", ".join(dict.fromkeys(shown)) if shown else ""


def _found(f: FoundRecord, q: Callable[[str], str]) -> FoundRecord:
    return replace(f, text=q(f.text))


def _masks(rec: Record, words: BlindWords, paths: Mapping[str, str]) -> _Masks:
    paths_first = _patterns([(path, ident) for path, ident in paths.items()])
    exact = _exact_terms(rec, paths, words)

    def common(text: str) -> str:
        for path, ident in paths_first:
            text = path.sub(ident, text)
        text = _LINK.sub("[link]", _EMAIL.sub("[email]", text))
        text = words.honorific_re.sub("Mx", text)
        for term, mark in exact:
            text = term.sub(mark, text)
        text = _STREET.sub("[address]", text)
        text = _ZIP.sub(r"\1 [address]", text)
        text = _birth(text, words)
        text = words.school_re.sub("[school]", text)
        return words.gendered_re.sub(lambda m: _neutral(m.group(0), words), text)

    def quoted(text: str) -> str:
        if not text:
            return text
        return _YEAR.sub("[year]", _PHONE.sub(_phone, common(text)))

    def own(text: str) -> str:
        if not text:
            return text
        return _OWN_YEAR.sub("[year]", _PHONE.sub(_phone, common(text)))

    return _Masks(quoted, own)


def _exact_terms(rec: Record, paths: Mapping[str, str], words: BlindWords) -> list[tuple[re.Pattern[str], str]]:
    """What this record says about the person, to find in any of its texts: paths, name, school, location."""
    terms = [(Path(path).name, ident) for path, ident in paths.items() if len(Path(path).name) > 4]
    terms += [(s, "[school]") for s in _schools(rec, words)]
    if rec.location:
        terms.append((rec.location, "[location]"))
    if rec.email:
        terms.append((rec.email, "[email]"))
    name = rec.candidate.strip()
    if name:
        terms.append((name, "[name]"))
        terms += [(p, "[name]") for p in _NAME_PART.findall(name) if len(p.strip(".")) >= 2]
    return _patterns(terms)


def _patterns(terms: list[tuple[str, str]]) -> list[tuple[re.Pattern[str], str]]:
    """Each text (longest first, once) as a case-blind pattern that matches it as a whole."""
    seen: set[str] = set()
    out = []
    for term, mark in sorted(terms, key=lambda t: -len(t[0])):
        key = term.casefold()
        if term.strip() and key not in seen:
            seen.add(key)
            out.append((re.compile(r"(?<!\w)" + re.escape(term) + r"(?!\w)", re.I), mark))
    return out


def _schools(rec: Record, words: BlindWords) -> Iterable[str]:
    """The parts of an education entry's title and organisation that name no degree and are no year ('UC San
    Diego' of 'B.S. Data Science, UC San Diego, 2019'): the school, however the entry was laid out."""
    for r in rec.roles:
        if r.kind != "education":
            continue
        for part in [*_SEGMENTS.split(r.title.strip()), *_SEGMENTS.split(r.organization.strip())]:
            part = part.strip()
            if len(part) > 2 and not _YEAR.fullmatch(part) and not words.degree_re.search(part):
                yield part


def _phone(m: re.Match[str]) -> str:
    """A phone number, unless the digits are dates ('01.2019 - 12.2023': groups of 1, 2 and 4 digits)."""
    groups = re.findall(r"\d+", m.group(0))
    if all(len(g) in (1, 2, 4) for g in groups) and any(_OWN_YEAR.fullmatch(g) for g in groups):
        return m.group(0)
    return "[phone]"


def _birth(text: str, words: BlindWords) -> str:
    """'Born 12 March 1990', 'DOB: 1990-03-12', 'Age 34': the birth word and the date right after it (a date
    starts with a number or a month: 'age-old pipeline with 3 stages' is no birth date)."""
    out, at = [], 0
    for m in words.birth_re.finditer(text):
        date = _BIRTH_DATE.match(text, m.end(), m.end() + BIRTH_REACH) if m.start() >= at else None
        if date is None or not any(c.isdigit() for c in date.group(0)):
            continue
        out.append(text[at:m.start()] + "[birth date]")
        at = date.end()
    return "".join(out) + text[at:]


def _neutral(word: str, words: BlindWords) -> str:
    dot = word.endswith(".")
    bare = word[:-1] if dot else word
    neutral = words.gendered.get(bare.casefold(), bare)
    if bare[:1].isupper() and neutral[:1].islower():
        neutral = neutral[:1].upper() + neutral[1:]
    return neutral + ("." if dot else "")


# --------------------------------------------------------------------------- around the records


def blind_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ranked rows as the state stores them (the diff's): the candidate, path and identity as the id."""
    out = []
    for r in rows:
        ident = candidate_id(str(r.get("sha256") or ""), str(r.get("path") or ""))
        out.append({**r, "candidate": ident, "path": ident, "identity": ident})
    return out


def blind_extra(extra: Mapping[str, Any]) -> dict[str, Any]:
    """A run's extra information for the writers, with the names of skipped files hidden."""
    files = extra.get("files")
    if not isinstance(files, Mapping):
        return dict(extra)
    skipped = [{**s, "name": HIDDEN} for s in files.get("skipped", ()) if isinstance(s, Mapping)]
    return {**extra, "files": {**files, "skipped": skipped}}


def reveal_rows(records: Iterable[Record]) -> list[tuple[str, ...]]:
    """id -> who and which file, for the records as screened (not blinded)."""
    return [(record_id(r), r.candidate, r.email, r.phone, ";".join(r.links), r.file, r.sha256) for r in records]


def reveal_csv(records: Iterable[Record]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(REVEAL_COLUMNS)
    w.writerows(reveal_rows(records))
    return buf.getvalue()


def write_reveal_map(path: Path, records: Iterable[Record]) -> Path:
    """The reveal map, written beside its place and renamed over it, readable by its owner only (0600)."""
    from screener.output.files import atomic_path
    from screener.run.errors import WriteFailed

    try:
        with atomic_path(path) as tmp:
            tmp.write_text(reveal_csv(records), encoding="utf-8", newline="")
            tmp.chmod(0o600)
    except OSError as exc:
        raise WriteFailed(f"cannot write the reveal map {path}: {exc.strerror or exc}") from exc
    return path


def present(records: list[Record], info: RunInfo, blind: bool, folder: Path | None = None) -> tuple[list[Record],
                                                                                                    RunInfo]:
    """The records and run information the writers get: as screened, or blinded (the one place it is done)."""
    if not blind:
        return records, info
    return blind_records(records, folder), replace(info, source=HIDDEN, extra=blind_extra(info.extra))


def present_stream(stream: RankedRecords, rows: Sequence[Row], info: RunInfo, blind: bool,
                   folder: Path | None = None) -> tuple[RankedRecords, RunInfo, list[Row]]:
    """A run's records as the writers get them, read back one at a time (run/stream.py), and its rows as the
    summary shows them: as screened, or blinded (the one place a run does it)."""
    if not blind:
        return stream, info, list(rows)
    words = load_words(folder)
    paths = {r.file: candidate_id(r.sha256, r.file) for r in rows if r.file}
    shown = [replace(r, candidate=paths.get(r.file, r.candidate), file=paths.get(r.file, r.file), email="",
                     phone="") for r in rows]
    extra = blind_extra(info.extra)
    job: JobOutput | None = info.extra.get("job")
    fits: dict[str, JobFit] = {}  # by id, each filled as its record is read (a fit is asked for by its record)

    def show(rec: Record) -> Record:
        m = _masks(rec, words, paths)  # once per record: its fit is masked as the record is
        out = _blind(rec, words, paths, m)
        fit = job.fit(rec) if job is not None else None
        if fit is not None:
            fits[out.file] = blind_fit(fit, m)
        return out

    if job is not None:
        extra["job"] = replace(job, fits=fits)
    # Full records even for the CSV: the masks need what a summary lacks (the location, the schools).
    return (replace(stream, full_only=True).mapped(show), replace(info, source=HIDDEN, extra=extra), shown)


def blind_comparison(c: Comparison) -> Comparison:
    """`--diff` under `--blind`: every row named by its id."""
    if c.diff is None:
        return c
    d = c.diff
    diff = type(d)(new=_rows(d.new), gone=_rows(d.gone),
                   moved=[(a, b) for a, b in zip(_rows(x for x, _ in d.moved), _rows(y for _, y in d.moved),
                                                 strict=True)],
                   new_flags=[(r, flags) for r, (_, flags) in zip(_rows(x for x, _ in d.new_flags), d.new_flags,
                                                                  strict=True)],
                   resent=_rows(d.resent))
    return replace(c, diff=diff)


def _rows(rows: Iterable[Any]) -> list[Any]:
    return blind_rows(rows)


# --------------------------------------------------------------------------- the web app's rows


def blind_list_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row of the app's ranked list (web/listing.py) as `serve --blind` shows it."""
    rec = blind_record(Record(candidate=str(row.get("candidate") or ""), file=str(row.get("file") or ""),
                              sha256=str(row.get("sha256") or ""), latest_title=str(row.get("title") or ""),
                              notes=str(row.get("notes") or "")))
    return {**row, "candidate": rec.candidate, "file": rec.file, "identity": rec.candidate,
            "title": rec.latest_title, "notes": rec.notes}


def blind_decision(row: Any) -> Any:
    """A recorded decision (run/decisions.DecisionRow) with the candidate, file and identity as the id, and the
    reviewer's note masked as screener's own sentences are."""
    rec = blind_record(Record(candidate=row.candidate, file=row.file, sha256=row.sha256, notes=row.note))
    return replace(row, candidate=rec.candidate, identity=rec.candidate, file=rec.file, note=rec.notes)
