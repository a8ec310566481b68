"""The incremental state: every screened file's result by content hash, and every run.

SQLite in WAL mode. Each result is committed on its own as it arrives, so a
run killed at any moment keeps what it finished and the next run does only
the rest; a run's row is closed (finished, counts, ranked rows) in one
transaction after its outputs are in place. A run row left open was killed.

A result is reused only under the same key: content hash, role, engine,
taxonomy version and screener version, and a compatible as-of date (see
`valid_from`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import stat
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, cast

from screener.record import Record, RecordJSON
from screener.run.errors import RunError

if TYPE_CHECKING:
    from screener.run.redate import Dated, Hit
    from screener.run.rows import Row
from screener.run.results import (  # noqa: F401 - Key, valid_from and UNCACHED_STATUSES are re-exported
    UNCACHED_STATUSES,
    Key,
    hits,
    store_result,
    valid_from,
)
from screener.run.schema import (
    ROW_COLUMNS,
    SCHEMA_VERSION,
    TABLES,
    schema_of,
    statements,
    unpack,
    upgrade_from_1,
    upgrade_from_2,
)

# PRAGMA application_id of a screener state database ("SCRN"): written when screener creates one; any
# other SQLite file given as --state is refused untouched.
APPLICATION_ID = 0x5343524E
DEFAULT_DIR = ".screener"
DEFAULT_NAME = "state.db"

# Stored results are a cache: those under a key (role, engine, taxonomy and screener version) that
# none of the last KEEP_RUNS runs used are dropped after each run (see State.prune).
KEEP_RUNS = 30
# The ranked lists (`run_files`: what `diff` and `report` read) of only this many newest runs are kept by
# default (`--keep-runs` says otherwise): 100,000 files add about 20 MB a night.
KEEP_LISTS = 90


class RunRow(TypedDict):
    """A row of `runs`, with its options decoded. Dicts at run time: the report's reader reads them too."""

    id: int
    started: str
    finished: str | None
    status: str
    pid: int
    role: str
    as_of: str
    engine: str
    taxonomy_version: str
    screener_version: str
    options: dict[str, Any]
    found: int | None
    screened: int | None
    reused: int | None
    ranked: int | None
    duplicates: int | None
    failed: int | None


class RankedRow(TypedDict):
    """A row of `run_files`: one file of a run's ranked list, as `diff` follows it."""

    run_id: int
    position: int
    path: str
    sha256: str
    identity: str
    candidate: str
    rank: int | None
    fit_score: float | None
    profile: str
    status: str
    red_flags: list[str]


class StateError(RunError):
    """The state database cannot be used (not a database, a newer schema...)."""


def default_state_path(output: Path) -> Path:
    return output.parent / DEFAULT_DIR / DEFAULT_NAME


# The edges of the package: the run, the outputs drawn from records, the command line. Nothing in them
# can change a stored result, so editing them does not re-screen anything. Everything else (read/,
# parse/, judge/, the core modules beside them, and any new folder) is hashed into the version.
EDGES = frozenset({"run", "output", "web"})
EDGE_MODULES = frozenset({"__main__.py", "cli.py", "config.py"})


def makes_results(relative: str) -> bool:
    """Whether a module (a path relative to the package, with '/') can change a stored result."""
    head = relative.split("/", 1)[0]
    return head not in EDGES and relative not in EDGE_MODULES


@cache
def screener_version() -> str:
    """The release plus a hash of the source that makes results: any such change re-screens.

    A result is only as good as the code that made it; during development the
    release number does not move, so it cannot be the whole key.
    """
    from screener import __version__
    from screener.parse.words import digest as words_digest

    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for f in sorted(root.rglob("*.py")):
        rel = f.relative_to(root).as_posix()
        if not makes_results(rel):
            continue
        h.update(rel.encode())
        h.update(f.read_bytes())
    h.update(words_digest())  # parse's word lists (skill_taxonomy/words.csv) make results like its code
    return f"{__version__}+{h.hexdigest()[:12]}"


def identity(record: Record | Row) -> str:
    """Who the file is about, to follow a candidate across runs when files change."""
    email = record.email.strip().lower()
    if email:
        return "email:" + email
    name = " ".join(record.candidate.casefold().split())
    phone = record.phone
    if name and phone:
        return f"name+phone:{name}|{phone}"
    return "sha256:" + (record.sha256 or record.file)


def _fresh(path: Path) -> bool:
    """Whether the state file is to be made here: absent or empty. Anything but a regular file is refused."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return True
    if not stat.S_ISREG(st.st_mode):
        raise StateError(f"{path} is not a regular file")
    return st.st_size == 0


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class State:
    """The open database. One writer at a time (see lock.py); readers may come and go."""

    def __init__(self, path: Path, create: bool = True) -> None:
        self.path = path
        self.upgraded: int | None = None  # records kept by an upgrade from schema 1 or 2 when this opened it
        if not create and not path.exists():
            raise StateError(f"no state database at {path} (run `screener screen` first)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fresh = _fresh(path)
            # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE ... COMMIT).
            self.db = sqlite3.connect(path, isolation_level=None, timeout=10)
            self.db.row_factory = sqlite3.Row
            if not fresh:
                self._check_ours()  # before anything that writes: a foreign file is left as it was
            self.db.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: a killed process loses nothing committed; only a power
            # cut can lose the last commits, never consistency.
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            with self.transaction():
                self._set_up(path)
        except (sqlite3.DatabaseError, OSError) as exc:
            raise StateError(f"cannot use the state database {path}: {exc}") from exc

    def _set_up(self, path: Path) -> None:
        """Create the tables, or upgrade an older schema in place (schema.py); a newer one is refused."""
        version = schema_of(self.db)
        if version == 1:
            self.upgraded = upgrade_from_1(self.db)
        elif version == 2:
            self.upgraded = upgrade_from_2(self.db)
        elif version is not None and version != SCHEMA_VERSION:
            raise StateError(f"{path} has schema version {version}; this screener uses {SCHEMA_VERSION}")
        for stmt in statements(TABLES):
            self.db.execute(stmt)
        if version is None:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def _check_ours(self) -> None:
        """Raise StateError unless the database is screener's: its application id, or (made before the id
        was written) a `meta` table holding screener's schema_version row."""
        try:
            app_id = self.db.execute("PRAGMA application_id").fetchone()[0]
            ours = app_id == APPLICATION_ID or (app_id == 0 and self._has_schema_row())
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StateError(f"cannot use the state database {self.path}: it is not a screener state database "
                             f"({exc}); it was left untouched") from exc
        if not ours:
            self.db.close()
            raise StateError(f"{self.path} is not a screener state database (SQLite application id {app_id}); "
                             "it was left untouched: give --state a new path")

    def _has_schema_row(self) -> bool:
        named = self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
        return named is not None and self.db.execute(
            "SELECT 1 FROM meta WHERE key = 'schema_version'").fetchone() is not None

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # ------------------------------------------------------------------ runs

    def start_run(self, key: Key, options: dict[str, Any], pid: int) -> int:
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO runs (started, status, pid, role, as_of, engine, taxonomy_version,"
                " screener_version, options) VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?)",
                (_now(), pid, key.role, key.as_of, key.engine, key.taxonomy_version, key.screener_version,
                 json.dumps(options, sort_keys=True)),
            )
            return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, counts: dict[str, int], records: Sequence[Record | Row]) -> None:
        """Close the run with its counts and the ranked list it wrote, all or nothing."""
        flags: dict[tuple[str, ...], str] = {}  # the few sets of flags many rows share, as JSON once each
        rows = [
            (run_id, i, r.file, r.sha256, identity(r), r.candidate, r.rank, r.fit_score, r.profile, r.status,
             flags.get(r.red_flags) or flags.setdefault(r.red_flags, json.dumps(list(r.red_flags))))
            for i, r in enumerate(records)
        ]
        with self.transaction() as db:
            db.executemany("INSERT INTO run_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            db.execute(
                "UPDATE runs SET finished = ?, status = 'completed', found = ?, screened = ?, reused = ?,"
                " ranked = ?, duplicates = ?, failed = ? WHERE id = ?",
                (_now(), counts.get("found", 0), counts.get("screened", 0), counts.get("reused", 0),
                 counts.get("ranked", 0), counts.get("duplicates", 0), counts.get("failed", 0), run_id),
            )

    def end_run(self, run_id: int, status: str, reason: str) -> None:
        """Close a run that did not complete (`interrupted`, `failed`), its reason kept in its options."""
        with self.transaction() as db:
            row = db.execute("SELECT options FROM runs WHERE id = ?", (run_id,)).fetchone()
            options = {**json.loads(row[0]), "reason": reason} if row else {"reason": reason}
            db.execute("UPDATE runs SET finished = ?, status = ?, options = ? WHERE id = ?",
                       (_now(), status, json.dumps(options, sort_keys=True), run_id))

    def runs(self, limit: int | None = None) -> list[RunRow]:
        sql = "SELECT * FROM runs ORDER BY id DESC" + (" LIMIT ?" if limit else "")
        rows = self.db.execute(sql, (limit,) if limit else ()).fetchall()
        return [_run_dict(r) for r in rows]

    def run(self, run_id: int) -> RunRow | None:
        row = self.db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        return _run_dict(row) if row else None

    def run_files(self, run_id: int) -> list[RankedRow]:
        sql = "SELECT * FROM run_files WHERE run_id = ? ORDER BY position"
        rows = self.db.execute(sql, (run_id,)).fetchall()
        return [cast(RankedRow, {**dict(r), "red_flags": json.loads(r["red_flags"])}) for r in rows]

    def forget_lists(self, keep: int) -> int:
        """Drop the ranked lists (`run_files`) of all but the newest `keep` runs; how many rows went.

        The runs themselves stay, with their counts, so `history` still lists them; `diff` and
        `report` on such a run say that its list is gone (`list_dropped`).
        """
        with self.transaction() as db:
            row = db.execute("SELECT min(id) FROM (SELECT id FROM runs ORDER BY id DESC LIMIT ?)",
                             (keep,)).fetchone()
            if row is None or row[0] is None:
                return 0
            # A range on the primary key's first column: no scan of the lists that stay.
            cur = db.execute("DELETE FROM run_files WHERE run_id < ?", (row[0],))
            return max(cur.rowcount, 0)

    def list_dropped(self, run: RunRow) -> bool:
        """Whether a run ranked files whose list is no longer stored (see `forget_lists`)."""
        if run["status"] != "completed":
            return False
        counted = (run["ranked"] or 0) + (run["duplicates"] or 0) + (run["failed"] or 0)
        if counted == 0:
            return False
        return self.db.execute("SELECT 1 FROM run_files WHERE run_id = ? LIMIT 1", (run["id"],)).fetchone() is None

    def screened_in(self, run_id: int) -> int:
        """Results committed by a run so far (a killed run keeps these)."""
        return int(self.db.execute("SELECT count(*) FROM results WHERE run_id = ?", (run_id,)).fetchone()[0])

    # ------------------------------------------------------------------ results

    def lookup(self, sha256: str, key: Key) -> RecordJSON | None:
        """The stored record's JSON for this content under this key (without `rank`), or None: screen it.
        A result dated by --as-of on another day of the month comes re-dated for this one (run/redate.py).

        JSON, not a Record: the report's reader of saved runs (output/html.py) takes it as it is.
        """
        hit = self.hits([sha256], key).get(sha256)
        if hit is None or hit.rejudge:
            return None
        text = self.record_texts([hit.rid]).get(hit.rid)
        rec: RecordJSON | None = json.loads(text) if text is not None else None
        if rec is not None and hit.redate:  # a result dated by another day of the month (run/redate.py)
            rec["resume_date"] = hit.redate
        return rec

    def stored_ids(self, hashes: Sequence[str], key: Key) -> dict[str, int]:
        """The stored result (its `results.id`) for each content hash under this key, without reading any
        record: this very as-of first, then the latest run. One query per 500 hashes."""
        wanted = sorted({h for h in hashes if h})
        found: dict[str, tuple[bool, int, int]] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            rows = self.db.execute(
                f"SELECT sha256, as_of = ?, run_id, id FROM results WHERE sha256 IN ({','.join('?' * len(chunk))})"
                " AND role = ? AND engine = ? AND taxonomy_version = ? AND screener_version = ?"
                " AND (as_of = ? OR (valid_from IS NOT NULL AND valid_from <= ?))",
                (key.as_of, *chunk, key.role, key.engine, key.taxonomy_version, key.screener_version, key.as_of,
                 key.as_of),
            ).fetchall()
            for sha, exact, run_id, rid in rows:
                best = found.get(sha)
                if best is None or (bool(exact), run_id) > best[:2]:
                    found[sha] = (bool(exact), run_id, rid)
        return {sha: rid for sha, (_, _, rid) in found.items()}

    def hits(self, hashes: Sequence[str], key: Key) -> dict[str, Hit]:
        """What the state holds per hash under the run's key, and how it serves this as-of (results.hits)."""
        return hits(self.plain(), hashes, key)

    def lookup_many(self, hashes: list[str], key: Key) -> dict[str, Record]:
        """`lookup` for many files at once, decoded (a damaged record is left out: its file is screened again)."""
        ids = self.stored_ids(hashes, key)
        texts = self.record_texts(list(ids.values()))
        decoded = {sha: _decode(texts.get(rid, "")) for sha, rid in ids.items()}
        return {sha: rec for sha, rec in decoded.items() if rec is not None}

    def record_texts(self, ids: Sequence[int]) -> dict[int, str]:
        """Full stored records' JSON by result id (500 a query); a damaged one is left out."""
        out = {}
        for rid, blob in self._by_id("SELECT id, record FROM records", ids):
            try:
                out[rid] = unpack(blob)
            except (zlib.error, UnicodeDecodeError):
                continue
        return out

    def summary_texts(self, ids: Sequence[int]) -> dict[int, str]:
        """Stored records' `summary` JSON (their CSV columns) by result id."""
        return dict(self._by_id("SELECT id, summary FROM results", ids))

    def cells_texts(self, ids: Sequence[int]) -> dict[int, str]:
        """Stored records' CSV cells (schema.py `cells`; '' when a result has none) by result id."""
        return dict(self._by_id("SELECT id, cells FROM results", ids))

    def summary_rows(self, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
        """The columns a run's rows are made of (id, sha256, then schema.ROW_COLUMNS) by result id."""
        columns = ", ".join(ROW_COLUMNS)
        return {r[0]: r for r in self._by_id(f"SELECT id, sha256, {columns} FROM results", ids)}

    def documents(self, ids: Sequence[int]) -> dict[int, bytes]:
        """The stored Documents (schema.py `documents`) by result id, as stored (compressed)."""
        return dict(self._by_id("SELECT id, document FROM documents", ids))

    def _by_id(self, select: str, ids: Sequence[int]) -> Iterator[Any]:
        wanted = list(dict.fromkeys(ids))
        cur = self.plain()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            yield from cur.execute(f"{select} WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall()

    def plain(self) -> sqlite3.Cursor:
        """A cursor giving plain tuples (not sqlite3.Row): for the queries a night runs 100,000 rows through."""
        cur = self.db.cursor()
        cur.row_factory = None
        return cur

    def prune(self, key: Key, keep_runs: int = KEEP_RUNS) -> int:
        """Drop stored results that no later run can reuse; how many went.

        Two kinds, both only ever screened again, never lost from a run's history (`run_files`):
        under this run's key, results that held only for an earlier as-of date (the resume's date
        came from --as-of: no PDF date, or one in the future) and cannot serve another day (stored
        without their Document, or dated in an earlier month: run/redate.py); and results under a key that none of the
        last `keep_runs` runs used (an edited taxonomy, an upgrade, a role screened long ago).
        `screener report` on an old run then shows those files' summary rows without their evidence.
        A result's full record (`records`) goes with it (ON DELETE CASCADE).
        """
        with self.transaction() as db:
            # One kept with its Document (pdf_date set) serves the rest of its month re-dated (run/redate.py).
            day = db.execute(
                "DELETE FROM results WHERE role = ? AND engine = ? AND taxonomy_version = ?"
                " AND screener_version = ? AND valid_from IS NULL AND as_of < ?"
                " AND (pdf_date IS NULL OR substr(as_of, 1, 7) < substr(?, 1, 7))",
                (key.role, key.engine, key.taxonomy_version, key.screener_version, key.as_of, key.as_of),
            )
            gone = max(day.rowcount, 0)
            columns = "role, engine, taxonomy_version, screener_version"
            recent = {tuple(r) for r in db.execute(f"SELECT {columns} FROM runs ORDER BY id DESC LIMIT ?",
                                                    (keep_runs,))}
            for stored in db.execute(f"SELECT DISTINCT {columns} FROM results").fetchall():
                if tuple(stored) not in recent:
                    cur = db.execute("DELETE FROM results WHERE role = ? AND engine = ? AND taxonomy_version = ?"
                                     " AND screener_version = ?", tuple(stored))
                    gone += max(cur.rowcount, 0)
            return gone

    def save(self, run_id: int, key: Key, record: Record, dated: Dated | None = None) -> int:
        """Store one fresh result (committed at once); its `results.id`, or 0 when it is not worth keeping.
        `dated`: for a result dated by --as-of, what re-judges it on another day (run/redate.py)."""
        with self.transaction() as db:
            return store_result(db, run_id, key, record, _now(), dated)

    def save_many(self, run_id: int, key: Key, records: Sequence[Record],
                  dated: Sequence[Dated | None] | None = None) -> list[int]:
        """`save` for many records in one transaction (seeding a state: scripts/bench_scale.py, bench_web.py)."""
        now = _now()
        extra = dated if dated is not None else [None] * len(records)
        with self.transaction() as db:
            return [store_result(db, run_id, key, r, now, d) for r, d in zip(records, extra, strict=True)]


def _decode(text: str) -> Record | None:
    """A stored record; None for text that is not a JSON object (a damaged row): the file is screened again."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return Record.from_json(data) if isinstance(data, dict) else None


def _run_dict(row: sqlite3.Row) -> RunRow:
    return cast(RunRow, {**dict(row), "options": json.loads(row["options"])})
