"""Files recognised without reading them: (device, inode, size, mtime in ns) -> the sha256 last read.

A nightly run over 100,000 unchanged files would otherwise read and hash every byte of them each
night. A file whose fingerprint is in the state's `files` table with the same size and mtime is taken
to hold the bytes it held then: its hash and kind come from the table. Any change of size or mtime
(an edit, a copy over it, `touch`) reads and hashes the file again, once; the new fingerprint is then
stored, so a touched but unchanged file is read on one night only. Containers (zip, email) are always
read: their members are rows of their own.

What this trusts: that a file rewritten with other bytes changes its size or its mtime. Tools that
restore an old mtime after changing the bytes (`touch -r`, some sync tools) defeat it; `--rescreen`
reads every file again.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from screener.read.base import MAX_BYTES
from screener.run.discover import display_name
from screener.run.inventory import Found
from screener.run.kinds import CONTAINERS

CHUNK = 400  # fingerprints asked for in one query (two parameters each, under SQLite's 999)


class Print(NamedTuple):
    device: int
    inode: int
    size: int
    mtime_ns: int


def print_of(path: Path) -> tuple[Print, float] | None:
    """A regular file's fingerprint and mtime (seconds), or None for anything that must be read to be told."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
        return None
    return Print(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns), st.st_mtime


def recognise(db: sqlite3.Connection, files: Sequence[Path]) -> list[Found | None]:
    """Per file, as `inventory.take_stock` would find it when the state holds its fingerprint unchanged, else
    None. A list beside `files`, not a dict: hashing 100,000 Paths costs more than the lookups."""
    out: list[Found | None] = [None] * len(files)
    for i in range(0, len(files), CHUNK):
        prints = {}
        for j in range(i, min(i + CHUNK, len(files))):
            got = print_of(files[j])
            if got is not None:
                prints[(got[0].device, got[0].inode)] = (j, got[0], got[1])
        for device, inode, size, mtime_ns, sha, kind in _known(db, list(prints)):
            j, p, mtime = prints[(device, inode)]
            if (p.size, p.mtime_ns) == (size, mtime_ns) and kind not in CONTAINERS:
                out[j] = Found(files[j], display_name(files[j]), sha, mtime, kind=kind)
    return out


def _known(db: sqlite3.Connection, keys: list[tuple[int, int]]) -> list[tuple[int, int, int, int, str, str]]:
    """The stored fingerprints of these (device, inode) pairs: one query per device, on the primary key
    (a row-value IN list would scan the whole table for every chunk)."""
    devices: dict[int, list[int]] = {}
    for device, inode in keys:
        devices.setdefault(device, []).append(inode)
    out = []
    cur = db.cursor()
    cur.row_factory = None  # plain tuples: 100,000 rows a night
    for device, inodes in devices.items():
        out += cur.execute(f"SELECT device, inode, size, mtime_ns, sha256, kind FROM files WHERE device = ?"
                          f" AND inode IN ({','.join('?' * len(inodes))})", (device, *inodes)).fetchall()
    return out


def remember(db: sqlite3.Connection, read: Iterable[tuple[Print, str, str]], run_id: int) -> int:
    """Store the fingerprints of files read and hashed in this run (print, sha256, kind); how many."""
    rows = [(p.device, p.inode, p.size, p.mtime_ns, sha, kind, run_id) for p, sha, kind in read]
    db.execute("BEGIN IMMEDIATE")
    try:
        db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return len(rows)


def forget_unused(db: sqlite3.Connection) -> int:
    """Drop fingerprints whose hash no stored result has (after State.prune): they would only say
    'read it', which reading it says too. How many went."""
    cur = db.execute("DELETE FROM files WHERE sha256 NOT IN (SELECT sha256 FROM results)")
    return max(cur.rowcount, 0)
