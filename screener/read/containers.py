"""Archives and saved emails opened into their members: bytes in, named bytes (or a problem) out.

Pure functions: nothing is written to disk, so a member's name is only ever shown, never used
as a path. A zip is checked from its central directory before any member is inflated: the
count, each member's declared size, the total, and the ratio of declared to stored size (a
zip bomb declares gigabytes in a few kilobytes). Inflation is then bounded by the declared
size, so a member that lies about its size cannot run past it.
"""

from __future__ import annotations

import email
import email.policy
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from email.message import EmailMessage

from screener.read.base import ExtractError
from screener.read.limits import DEFAULT_LIMITS, ReadLimits
from screener.read.sniff import sniff_kind

# --------------------------------------------------------------------------- limits

# The count, per-member and total bounds are ReadLimits' max_members (past it the archive is one problem
# row, not 10,000 rows), max_bytes (as for a file on disk) and max_unpacked_bytes (nested archives included).
MAX_RATIO = 200  # declared size over stored size: text compresses 5-10x, documents far less; bombs 1000x+
RATIO_FLOOR = 1024 * 1024  # members declaring less than this are never called bombs, whatever the ratio
MAX_DEPTH = 1  # a zip inside a zip is opened; one inside that is reported, not opened
CHUNK = 1024 * 1024  # inflate in steps, so a lying size header is caught after one chunk too many


@dataclass
class Member:
    """One file found inside a container: its bytes, or why it was not taken out."""

    name: str  # the member's path inside the container, sanitised for display ('archive.zip/' is the caller's)
    data: bytes | None = None
    status: str = ""  # '' when `data` holds the member; else the row's status (too-large, corrupt, encrypted...)
    reason: str = ""
    note: str = ""  # something worth telling about a member that was read ('the archive named it ../cv.pdf')

    @property
    def problem(self) -> tuple[str, str] | None:
        return (self.status, self.reason) if self.status else None


@dataclass
class Opened:
    """What a container held: its members and the clutter skipped (counted, never silent)."""

    members: list[Member] = field(default_factory=list)
    clutter: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- names

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def display_name(raw: str) -> str:
    """A member's name made safe to show: forward slashes, no drive, no root, no '..', no control characters.

    Never used to write a file: the name only labels a row ('archive.zip/cv/jane.pdf').
    """
    name = _CONTROL.sub("", raw.replace("\\", "/"))
    name = re.sub(r"^[A-Za-z]:", "", name)  # 'C:/Users/x.pdf'
    parts = [p for p in name.split("/") if p not in ("", ".", "..")]
    return "/".join(parts) or "(unnamed)"


def is_traversal(raw: str) -> bool:
    """The stored name tries to leave the archive: absolute, a drive, or a '..' step."""
    name = raw.replace("\\", "/")
    return name.startswith("/") or bool(re.match(r"^[A-Za-z]:", name)) or ".." in name.split("/")


_CLUTTER_NAMES = {"thumbs.db", ".ds_store", "desktop.ini"}


def is_clutter(name: str) -> bool:
    """Files an operating system or an editor leaves beside real ones: skipped and counted."""
    parts = name.replace("\\", "/").split("/")
    base = parts[-1]
    if any(p == "__MACOSX" for p in parts[:-1]) or any(p.startswith(".") and p not in (".", "..") for p in parts[:-1]):
        return True
    return base.lower() in _CLUTTER_NAMES or base.startswith(("._", "~$", "."))


# --------------------------------------------------------------------------- zip


def is_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")  # a local header, or an empty archive's end record


def is_archive(data: bytes) -> bool:
    """A plain zip of files, to open; not a package that is a zip inside (Word, OpenDocument, EPUB...)."""
    return is_zip(data) and sniff_kind(data) == "zip"


def zip_members(data: bytes, limits: ReadLimits | None = None) -> list[Member]:
    """Every file in a zip (nested zips opened one level), each as bytes or a problem; clutter left out."""
    return open_zip(data, limits).members


def open_zip(data: bytes, limits: ReadLimits | None = None) -> Opened:
    """`zip_members` with the skipped clutter's names, for the summary's count."""
    limits = limits or DEFAULT_LIMITS
    budget = [limits.max_unpacked_bytes]  # shared with nested archives
    return _open_zip(data, "", limits, 0, budget)


def _open_zip(data: bytes, prefix: str, limits: ReadLimits, depth: int, budget: list[int]) -> Opened:
    if not data:
        raise ExtractError("empty", "the archive is empty (0 bytes)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ExtractError("corrupt", f"the zip archive is damaged: {exc}") from exc
    opened = Opened()
    files = []
    for info in infos:
        if is_clutter(info.filename):
            opened.clutter.append(prefix + display_name(info.filename))
        else:
            files.append(info)
    if len(files) > limits.max_members:
        # One row for the archive, not thousands: a resume bundle has a handful of files.
        raise ExtractError("too-large", f"the archive holds {len(files):,} files; the limit is {limits.max_members:,}")
    if not files and not opened.clutter:
        raise ExtractError("empty", "the archive holds no files")
    with archive:
        for info in files:
            name = prefix + display_name(info.filename)
            member = _take(archive, info, name, limits, budget)
            if member.data is not None and is_archive(member.data):
                opened_inner = _nested(member, limits, depth, budget)
                opened.members.extend(opened_inner.members)
                opened.clutter.extend(opened_inner.clutter)
            else:
                opened.members.append(member)
    return opened


def _nested(member: Member, limits: ReadLimits, depth: int, budget: list[int]) -> Opened:
    assert member.data is not None
    if depth + 1 > MAX_DEPTH:
        return Opened(
            [Member(member.name, status="unsupported", reason="a zip inside a zip inside a zip is not opened")]
        )
    try:
        return _open_zip(member.data, member.name + "/", limits, depth + 1, budget)
    except ExtractError as exc:
        return Opened([Member(member.name, status=exc.status, reason=exc.reason)])


def _take(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limits: ReadLimits, budget: list[int]) -> Member:
    """One member's bytes, after its declared sizes pass the limits; inflation bounded by them."""
    if info.flag_bits & 0x1:
        return Member(name, status="encrypted", reason="the archive member is protected by a password")
    declared, stored = info.file_size, info.compress_size
    if declared == 0:
        return Member(name, status="empty", reason="the file is empty (0 bytes)")
    if declared > limits.max_bytes:
        limit = limits.max_bytes // 10**6
        return Member(
            name, status="too-large", reason=f"the file would be {declared / 1e6:,.0f} MB unpacked; limit {limit} MB"
        )
    if declared > RATIO_FLOOR and declared > MAX_RATIO * max(stored, 1):
        claim = f"the file claims {declared / 1e6:,.0f} MB from {stored:,} bytes"
        return Member(name, status="too-large", reason=f"{claim} (a zip bomb); not unpacked")
    if declared > budget[0]:
        return Member(
            name, status="too-large", reason=f"the archive unpacks to over {limits.max_unpacked_bytes // 10**6} MB"
        )
    try:
        data = _inflate(archive, info, declared)
    except ExtractError as exc:
        return Member(name, status=exc.status, reason=exc.reason)
    budget[0] -= len(data)
    # A name that climbs out of the archive is harmless here (nothing is written), but worth saying.
    note = f"the archive named it {info.filename!r}, outside the archive" if is_traversal(info.filename) else ""
    return Member(name, data=data, note=note)


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, declared: int) -> bytes:
    """Read at most `declared` bytes (plus one chunk to catch a header that lies)."""
    out = bytearray()
    try:
        with archive.open(info) as fh:
            while chunk := fh.read(CHUNK):
                out += chunk
                if len(out) > declared:
                    raise ExtractError("corrupt", "the file unpacks to more than its header says (a zip bomb?)")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ExtractError("corrupt", f"the archive member is damaged: {exc}") from exc
    except RuntimeError as exc:  # zipfile's 'password required' for a member whose flag was not set
        raise ExtractError("encrypted", f"the archive member cannot be read: {exc}") from exc
    return bytes(out)


# --------------------------------------------------------------------------- email


_EMAIL_HEADER = re.compile(
    rb"(?i)(received|return-path|from|to|subject|date|message-id|mime-version|delivered-to|x-[\w-]+):"
)


def is_email(data: bytes) -> bool:
    """A saved message (.eml): RFC 822 headers from the first line."""
    head = data[:2048].lstrip()
    return bool(_EMAIL_HEADER.match(head))


def eml_attachments(data: bytes, limits: ReadLimits | None = None) -> list[Member]:
    """The files attached to a saved email; the message body itself is not a resume.

    Attached zips are opened like any zip (one level); an attached .eml (a forward) is listed
    as a member for the caller to open in turn.
    """
    return open_eml(data, limits).members


def open_eml(data: bytes, limits: ReadLimits | None = None) -> Opened:
    limits = limits or DEFAULT_LIMITS
    if not data:
        raise ExtractError("empty", "the email is empty (0 bytes)")
    try:
        msg = email.message_from_bytes(data, policy=email.policy.default)
    except (ValueError, TypeError, IndexError) as exc:
        raise ExtractError("corrupt", f"the email cannot be parsed: {exc}") from exc
    if not isinstance(msg, EmailMessage):
        raise ExtractError("corrupt", "the email cannot be parsed")
    opened = Opened()
    budget = [limits.max_unpacked_bytes]
    count = 0
    for index, part in enumerate(msg.iter_attachments(), 1):
        raw_name = part.get_filename() or f"attachment-{index}"
        name = display_name(raw_name)
        if is_clutter(raw_name):
            opened.clutter.append(name)
            continue
        count += 1
        if count > limits.max_members:
            raise ExtractError("too-large", f"the email has over {limits.max_members:,} attachments")
        member = _attachment(part, name, limits, budget)
        if member.data is not None and is_archive(member.data):
            inner = _nested(member, limits, 0, budget)
            opened.members.extend(inner.members)
            opened.clutter.extend(inner.clutter)
        else:
            opened.members.append(member)
    if not opened.members and not opened.clutter:
        raise ExtractError("no-text", "the email has no attachments (its body is not read as a resume)")
    return opened


def _attachment(part: EmailMessage, name: str, limits: ReadLimits, budget: list[int]) -> Member:
    # Base64 grows data by 4/3: the encoded size bounds the decoded one before decoding.
    encoded = part.get_payload()
    if isinstance(encoded, str) and len(encoded) * 3 // 4 > limits.max_bytes:
        return Member(name, status="too-large", reason=f"the attachment is over {limits.max_bytes // 10**6} MB")
    try:
        payload = part.get_payload(decode=True)
    except (ValueError, TypeError) as exc:
        return Member(name, status="corrupt", reason=f"the attachment cannot be decoded: {exc}")
    if not isinstance(payload, bytes):
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            payload = (
                inner[0].as_bytes() if isinstance(inner, list) and inner and not isinstance(inner[0], str) else b""
            )
        else:
            return Member(name, status="corrupt", reason="the attachment has no content")
    if not payload:
        return Member(name, status="empty", reason="the attachment is empty (0 bytes)")
    if len(payload) > budget[0]:
        return Member(
            name, status="too-large", reason=f"the email's attachments are over {limits.max_unpacked_bytes // 10**6} MB"
        )
    budget[0] -= len(payload)
    return Member(name, data=payload)


def member_label(container: str, member: Member) -> str:
    """The row's file name: 'inbox/archive.zip/cv/jane.pdf'."""
    return posixpath.join(container, member.name)
