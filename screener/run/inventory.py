"""What each discovered file is, before any screening: its hash, its kind, and a container's members.

The parent reads every file once (it hashes it anyway, to find what the state already holds) and
sniffs its kind from the bytes. A zip or a saved email is opened here (screener.read.containers
bounds what that may cost) and each member becomes a row of its own, named `archive.zip/member.pdf`
and keyed in the state by the hash of its own bytes: a resume sent once as a PDF and once inside a
zip is one candidate. A small member travels to the worker as bytes; a large one is taken out of
its container again there (`member_bytes`), so the parent never holds a whole archive's contents.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from screener.codes import Status
from screener.read.base import MAX_BYTES, ExtractError
from screener.read.containers import Member, Opened, member_label, open_eml, open_zip
from screener.read.limits import DEFAULT_LIMITS, ReadLimits
from screener.read.sniff import sniff_kind
from screener.run.discover import Skipped, clutter_reason, display_name
from screener.run.kinds import CONTAINERS, not_a_resume

INLINE_MEMBER_BYTES = 1 << 20  # a member up to this size is handed to its worker as bytes
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Found:
    """One row before screening: a file, or a member of a container file; its hash and kind, or its problem."""

    path: Path  # the file on disk (for a member: its container)
    name: str  # as shown in the outputs
    sha256: str = ""
    mtime: float = 0.0
    problem: str = ""  # the file cannot be read at all: status `error` with this reason
    kind: str = ""  # what its bytes are (screener.read.sniff); '' when they could not be had
    member: str = ""  # its name inside the container at `path`; '' for a file
    status: str = ""  # set when the row is decided without screening (with `reason`)
    reason: str = ""
    data: bytes | None = field(default=None, repr=False)  # a small member's bytes


@dataclass
class Stock:
    """A discovered file as the plan takes it: its rows, and for a container, what it held."""

    rows: list[Found]
    skipped: list[Skipped] = field(default_factory=list)  # clutter inside a container
    container: Found | None = None  # the container itself, when the rows are its members


def fingerprint(path: Path) -> Found:
    """Hash one file and sniff its kind. Never raises, never blocks on a FIFO or a device."""
    return _read(path)[0]


_TOO_LARGE = f"the file is over the {MAX_BYTES // 10**6} MB limit"


def take_stock(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> Stock:
    """The rows a file gives: itself, or a container's members (its clutter skipped and counted)."""
    found, data, whole = _read(path)
    if found.status:
        return Stock([found])
    if found.kind in CONTAINERS and not whole:
        return Stock([decided_found(found, Status.TOO_LARGE, _TOO_LARGE)])
    if found.problem or found.kind not in CONTAINERS:
        why = not_a_resume(found.name, found.kind)
        return Stock([decided_found(found, Status.UNSUPPORTED, why) if why else found])
    try:
        opened = _open(data, found.kind, limits)
    except ExtractError as exc:
        return Stock([decided_found(found, exc.status, exc.reason)])
    rows = [_member_row(found, m) for m in opened.members]
    skipped = [Skipped(f"{found.name}/{c}", clutter_reason(c) or "clutter") for c in opened.clutter]
    return Stock(rows, skipped, found)


def member_bytes(path: Path, member: str, sha256: str, limits: ReadLimits = DEFAULT_LIMITS) -> bytes:
    """A member's bytes, taken out of its container again (in a worker); ExtractError when it changed."""
    found, data, whole = _read(path)
    if found.problem or not whole:
        raise ExtractError(Status.ERROR, found.problem or _TOO_LARGE)
    for m in _open(data, found.kind, limits).members:
        if m.name == member and m.data is not None and hashlib.sha256(m.data).hexdigest() == sha256:
            return m.data
    raise ExtractError(Status.ERROR, f"{found.name} changed while it was screened: {member} is gone or different")


def member_named(path: Path, member: str, limits: ReadLimits = DEFAULT_LIMITS) -> tuple[bytes, str]:
    """A member's bytes and kind, by the name the outputs give it (for `explain`).

    LookupError when there is no such member; ExtractError when it is there but cannot be taken out.
    """
    found, data, whole = _read(path)
    if found.problem or not whole or found.kind not in CONTAINERS:
        raise LookupError(found.problem or f"{found.name} is not a zip archive or an email")
    opened = _open(data, found.kind, limits)
    for m in opened.members:
        if m.name == member:
            if m.data is None:
                raise ExtractError(m.status or Status.ERROR, m.reason)
            return m.data, sniff_kind(m.data)
    names = ", ".join(m.name for m in opened.members) or "none"
    raise LookupError(f"{found.name} holds no {member!r} (its files: {names})")


def _open(data: bytes, kind: str, limits: ReadLimits) -> Opened:
    if kind == "eml":
        return open_eml(data, limits)
    return open_zip(data, limits)


def _member_row(container: Found, m: Member) -> Found:
    name = member_label(container.name, m)
    base = Found(container.path, name, mtime=container.mtime, member=m.name)
    if m.data is None:
        return decided_found(base, m.status or Status.ERROR, m.reason or "the member could not be taken out")
    kind = sniff_kind(m.data)
    sha = hashlib.sha256(m.data).hexdigest()
    row = Found(container.path, name, sha, container.mtime, kind=kind, member=m.name,
                data=m.data if len(m.data) <= INLINE_MEMBER_BYTES else None)
    why = not_a_resume(m.name, kind)
    return decided_found(row, Status.UNSUPPORTED, why) if why else row


def decided_found(found: Found, status: str, reason: str) -> Found:
    return Found(found.path, found.name, found.sha256, found.mtime, kind=found.kind, member=found.member,
                 status=status, reason=reason)


def _read(path: Path) -> tuple[Found, bytes, bool]:
    """The file's Found, its bytes, and whether they are whole (a file over the size limit keeps one chunk)."""
    name = display_name(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        return Found(path, name, problem=f"cannot read the file: {_os_reason(exc)}"), b"", False
    if not stat.S_ISREG(st.st_mode):
        problem = "not a regular file (a FIFO, a device or a socket)"
        return Found(path, name, mtime=st.st_mtime, problem=problem), b"", False
    if st.st_size > MAX_BYTES:
        # Decided by its size alone: a 100 GB sparse file is never read, not even to hash it.
        return Found(path, name, mtime=st.st_mtime, status=Status.TOO_LARGE, reason=_TOO_LARGE), b"", False
    h = hashlib.sha256()
    chunks: list[bytes] = []
    keep_all = st.st_size <= MAX_BYTES
    try:
        # O_NONBLOCK: a file swapped for a FIFO after the stat must not hang the run.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            for chunk in iter(lambda: fh.read(_CHUNK), b""):
                h.update(chunk)
                if keep_all or not chunks:
                    chunks.append(chunk)
    except OSError as exc:
        return Found(path, name, mtime=st.st_mtime, problem=f"cannot read the file: {_os_reason(exc)}"), b"", False
    data = b"".join(chunks)
    return Found(path, name, h.hexdigest(), st.st_mtime, kind=sniff_kind(data)), data, keep_all


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "it vanished, or is a link to nothing"
    return (exc.strerror or str(exc)).lower()
