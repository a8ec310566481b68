"""The ranked list as SQL: one indexed row per file of a run, paged, filtered and sorted in SQLite.

A run's ranked list (`run_files`) holds rank, score, profile, status and flags; the list page also
filters by specialty and searches tools, which live in the stored records. `build` copies what the
list needs into `web_list` once per run, with SQLite's own JSON functions (no record is decoded in
Python), so the page answers from one table at any size. A completed run never changes, so its rows
are built once; the rows of older runs are dropped when a newer run is built.

`web_list` lives in a file of its own beside the state (`state.db-web`, a cache: delete it at will),
attached to the app's connections as `web`: building it (about a minute for 100,000 files) never
holds the state database's write lock, so the nightly run and the decisions go on meanwhile.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screener.run.state import RunRow, State

SUFFIX = "-web"

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS web_list (
    run_id    INTEGER NOT NULL,
    position  INTEGER NOT NULL,
    rank      INTEGER,
    fit_score REAL,
    candidate TEXT NOT NULL,
    identity  TEXT NOT NULL,
    file      TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    profile   TEXT NOT NULL,
    specialty TEXT NOT NULL,
    status    TEXT NOT NULL,
    red_flags TEXT NOT NULL,
    share     REAL,
    llm       INTEGER,
    experience INTEGER,
    title     TEXT NOT NULL,
    tools     TEXT NOT NULL,
    notes     TEXT NOT NULL,
    PRIMARY KEY (run_id, position)
)""",
    # The filters' and the common sorts' indexes: a page under them reads ~50 rows, not the run.
    # Numbers are sorted descending through a DESC index (where SQLite puts NULLs, the unranked, last).
)
# Made after the rows are in (faster than keeping them up while inserting).
_INDEXES = (
    *(f"CREATE INDEX IF NOT EXISTS web_list_{c} ON web_list (run_id, {c}, position)"
      for c in ("profile", "specialty", "status")),
    *(f"CREATE INDEX IF NOT EXISTS web_list_{c} ON web_list (run_id, {c} DESC, position)"
      for c in ("fit_score", "llm", "experience", "share")),
    "CREATE INDEX IF NOT EXISTS web_list_name ON web_list (run_id, candidate COLLATE NOCASE, position)",
    "CREATE INDEX IF NOT EXISTS web_list_identity ON web_list (run_id, identity)",
)
# The stored summary (the record's CSV columns) a run's file was ranked with: the same choice as State.lookup.
_PICK = """(SELECT summary FROM st.results r WHERE r.sha256 = f.sha256 AND r.role = :role AND r.engine = :engine
 AND r.taxonomy_version = :tv AND r.screener_version = :sv
 AND (r.as_of = :as_of OR (r.valid_from IS NOT NULL AND r.valid_from <= :as_of))
 ORDER BY r.as_of = :as_of DESC, r.run_id DESC LIMIT 1)"""
_SELECT = f"""WITH picked AS (SELECT f.*, {_PICK} AS rec FROM st.run_files f WHERE f.run_id = :run)
SELECT run_id, position, rank, fit_score, candidate, identity, path, sha256, profile,
 coalesce(json_extract(rec, '$.specialty'), ''), status, red_flags,
 json_extract(rec, '$.column_a_share'), json_extract(rec, '$.llm_tenure_months'),
 json_extract(rec, '$.total_experience_months'), coalesce(json_extract(rec, '$.latest_title'), ''),
 coalesce((SELECT group_concat(value, ';') FROM json_each(rec, '$.column_a_tools')), '') || ';' ||
 coalesce((SELECT group_concat(value, ';') FROM json_each(rec, '$.column_b_tools')), ''),
 coalesce(json_extract(rec, '$.notes'), '')
FROM picked"""
_LATEST = ("SELECT identity, decision FROM decisions WHERE id IN (SELECT max(id) FROM decisions GROUP BY identity)")

# Column name in the page -> SQL expression. Unranked files sort last whatever the direction.
SORTS = {
    "rank": "l.rank", "score": "l.fit_score", "candidate": "candidate COLLATE NOCASE", "profile": "profile",
    "specialty": "specialty", "share": "share", "llm": "llm", "experience": "experience", "title": "title",
    "status": "status", "decision": "decision", "flags": "red_flags", "file": "file",
}
NOT_NULL = frozenset({"candidate", "profile", "specialty", "title", "status", "flags", "file", "decision"})
PAGE_SIZES = (25, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50


@dataclass(frozen=True)
class Query:
    """What the list page asks: filters, search, sort and page (all from the URL)."""

    profile: str = ""
    specialty: str = ""
    flag: str = ""
    status: str = ""
    decision: str = ""  # a decision, or "none" for candidates nobody decided on
    search: str = ""
    sort: str = "rank"
    desc: bool = False
    page: int = 1
    size: int = DEFAULT_PAGE_SIZE
    names: bool = True  # the search looks at names too (not under `serve --blind`)

    @classmethod
    def from_params(cls, params: Any) -> Query:
        def num(name: str, default: int) -> int:
            try:
                return max(1, int(params.get(name, default)))
            except (TypeError, ValueError):
                return default

        size = num("size", DEFAULT_PAGE_SIZE)
        sort = params.get("sort", "rank")
        def text(name: str) -> str:
            return str(params.get(name, "")).strip()[:200]

        return cls(text("profile"), text("specialty"), text("flag"), text("status"), text("decision"), text("q"),
                   sort=sort if sort in SORTS else "rank", desc=params.get("desc") == "1", page=num("page", 1),
                   size=size if size in PAGE_SIZES else DEFAULT_PAGE_SIZE)


@dataclass
class Page:
    rows: list[dict[str, Any]]
    total: int
    query: Query
    choices: dict[str, list[str]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.size))


def list_path(state_path: Path) -> Path:
    return state_path.with_name(state_path.name + SUFFIX)


def _open(state_path: Path) -> sqlite3.Connection:
    """A connection to the list's own file, with its table, the state attached read-only as `st`."""
    db = sqlite3.connect(list_path(state_path.resolve()).as_uri(), uri=True, isolation_level=None, timeout=30)
    db.execute("PRAGMA journal_mode=WAL")
    for stmt in _SCHEMA:
        db.execute(stmt)
    db.execute("ATTACH DATABASE ? AS st", (f"{state_path.resolve().as_uri()}?mode=ro",))
    return db


def attach(state: State) -> None:
    """Give one of the app's state connections the list, as `web` (created if need be)."""
    _open(state.path).close()
    state.db.execute("ATTACH DATABASE ? AS web", (str(list_path(state.path)),))


def built(state: State, run_id: int) -> bool:
    return state.db.execute("SELECT 1 FROM web_list WHERE run_id = ? LIMIT 1", (run_id,)).fetchone() is not None


def built_run(state: State) -> int | None:
    """The run whose list index is in place (there is one at a time), or None."""
    row = state.db.execute("SELECT max(run_id) FROM web_list").fetchone()
    return int(row[0]) if row and row[0] is not None else None


def build(state_path: Path, run: RunRow) -> None:
    """Copy a completed run's list into web_list, once; drop the rows of other runs.

    Only the list's own file is written; the state is read (no lock of it is taken).
    """
    db = _open(state_path)
    try:
        if db.execute("SELECT 1 FROM web_list WHERE run_id = ? LIMIT 1", (run["id"],)).fetchone():
            return
        rows = db.execute(_SELECT, {"run": run["id"], "role": run["role"], "engine": run["engine"],
                                    "tv": run["taxonomy_version"], "sv": run["screener_version"],
                                    "as_of": run["as_of"]}).fetchall()
        db.execute("BEGIN IMMEDIATE")
        try:
            for index in _INDEXES:
                db.execute(f"DROP INDEX IF EXISTS {index.split()[5]}")
            db.execute("DELETE FROM web_list")  # one run's list at a time
            db.executemany(f"INSERT INTO web_list VALUES ({','.join('?' * 18)})", rows)
            for index in _INDEXES:
                db.execute(index)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    finally:
        db.close()


def _where(q: Query) -> tuple[str, list[Any]]:
    sql, args = ["l.run_id = ?"], []
    for column, value in (("profile", q.profile), ("specialty", q.specialty), ("status", q.status)):
        if value:
            sql.append(f"l.{column} = ?")
            args.append(value)
    if q.flag:
        sql.append("l.red_flags LIKE ? ESCAPE '\\'")
        args.append('%"' + _like(q.flag) + '"%')
    if q.decision == "none":
        sql.append("NOT EXISTS (SELECT 1 FROM decisions x WHERE x.identity = l.identity)")
    elif q.decision:
        sql.append(f"l.identity IN (SELECT identity FROM ({_LATEST}) WHERE decision = ?)")
        args.append(q.decision)
    if q.search and not q.names:
        sql.append("l.tools LIKE ? ESCAPE '\\'")
        args.append("%" + _like(q.search) + "%")
    elif q.search:
        sql.append("(l.candidate LIKE ? ESCAPE '\\' OR l.tools LIKE ? ESCAPE '\\')")
        args += ["%" + _like(q.search) + "%"] * 2
    return " AND ".join(sql), args


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _order(q: Query) -> str:
    """The ORDER BY for a sort, written so the indexes serve it: the run's own order is its rank order."""
    column = SORTS[q.sort]
    if q.sort == "rank" and not q.desc:
        return "l.position"  # run_files' order: ranked by rank, then the files that could not be
    if q.desc:
        return f"{column} DESC, l.position"  # NULLs last in a descending order
    if q.sort in NOT_NULL:
        return f"{column}, l.position"
    return f"{column} IS NULL, {column}, l.position"


def count(state: State, run_id: int, q: Query) -> int:
    where, args = _where(q)
    return int(state.db.execute(f"SELECT count(*) FROM web_list l WHERE {where}", [run_id, *args]).fetchone()[0])


def query(state: State, run_id: int, q: Query, total: int | None = None) -> Page:
    """One page of the run's list under the query, with the total (counted unless given).

    The decisions are joined only to filter or sort by them; otherwise the page's own rows look theirs up.
    """
    where, args = _where(q)
    joined = q.sort == "decision"
    join = f"LEFT JOIN ({_LATEST}) d ON d.identity = l.identity " if joined else ""
    decision = "coalesce(d.decision, '')" if joined else "''"
    rows = [_row(r) for r in state.db.execute(
        f"SELECT l.*, {decision} AS decision FROM web_list l {join}WHERE {where} ORDER BY {_order(q)} LIMIT ? OFFSET ?",
        [run_id, *args, q.size, (q.page - 1) * q.size],
    )]
    if not joined and rows:
        current = _decisions(state, [r["identity"] for r in rows])
        for r in rows:
            r["decision"] = current.get(r["identity"], "")
    return Page(rows, count(state, run_id, q) if total is None else total, q)


def _decisions(state: State, identities: list[str]) -> dict[str, str]:
    marks = ",".join("?" * len(identities))
    rows = state.db.execute(f"SELECT identity, decision FROM decisions WHERE id IN (SELECT max(id) FROM decisions"
                            f" WHERE identity IN ({marks}) GROUP BY identity)", identities)
    return {str(i): str(d) for i, d in rows}


def _row(r: sqlite3.Row) -> dict[str, Any]:
    import json

    d = dict(r)
    d["red_flags"] = json.loads(d["red_flags"] or "[]")
    d["tools"] = [t for t in d["tools"].split(";") if t]
    return d


def choices(state: State, run_id: int) -> dict[str, list[str]]:
    """The profiles, specialties, statuses and flags present in the run: the filters' options."""
    out: dict[str, list[str]] = {}
    for column in ("profile", "specialty", "status"):
        rows = state.db.execute(f"SELECT DISTINCT {column} FROM web_list WHERE run_id = ? AND {column} <> ''"
                                f" ORDER BY 1", (run_id,))
        out[column] = [str(r[0]) for r in rows]
    flags = state.db.execute("SELECT DISTINCT j.value FROM web_list l, json_each(l.red_flags) j"
                             " WHERE l.run_id = ? AND l.red_flags <> '[]' ORDER BY 1", (run_id,))
    out["flag"] = [str(r[0]) for r in flags]
    return out


def row_of(state: State, run_id: int, position: int) -> dict[str, Any] | None:
    """The list row of one file of the run."""
    r = state.db.execute("SELECT l.*, coalesce(d.decision, '') AS decision FROM web_list l"
                         f" LEFT JOIN ({_LATEST}) d ON d.identity = l.identity WHERE l.run_id = ? AND l.position = ?",
                         (run_id, position)).fetchone()
    return _row(r) if r else None
