"""Zip archives and saved emails opened into members: limits, bombs, names, clutter, nesting."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from email.message import EmailMessage
from pathlib import Path

import pytest

from screener.read import containers
from screener.read.base import ExtractError
from screener.read.containers import eml_attachments, open_zip, zip_members
from screener.read.limits import ReadLimits

ROOT = Path(__file__).resolve().parents[2]
PDF_A = (ROOT / "fixtures" / "pdf" / "01_ai_strong.pdf").read_bytes()
PDF_B = (ROOT / "fixtures" / "pdf" / "05_frontend.pdf").read_bytes()


def _zip(files: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in files.items():
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buf.getvalue()


def test_two_pdfs_are_two_members() -> None:
    members = zip_members(_zip({"cv/maya.pdf": PDF_A, "cv/sam.pdf": PDF_B}))
    assert [m.name for m in members] == ["cv/maya.pdf", "cv/sam.pdf"]
    assert [m.data for m in members] == [PDF_A, PDF_B]
    assert all(m.problem is None for m in members)


def test_stored_zip_is_a_zip_not_a_pdf() -> None:
    data = _zip({"a.pdf": PDF_A, "b.pdf": PDF_B}, zipfile.ZIP_STORED)
    assert b"%PDF-" in data[:1024]  # what fooled PDFium: the first member's header, 30-odd bytes in
    assert containers.is_zip(data)
    assert len(zip_members(data)) == 2
    from screener.read.sniff import sniff_kind

    assert sniff_kind(data) == "zip"


def test_clutter_is_skipped_and_counted() -> None:
    opened = open_zip(
        _zip({
            "cv.pdf": PDF_A, "__MACOSX/._cv.pdf": b"x", "._cv.pdf": b"x", ".DS_Store": b"x",
            "Thumbs.db": b"x", "~$cv.docx": b"x", ".hidden/cv.pdf": b"x", "notes/.env": b"x",
        })
    )  # fmt: skip
    assert [m.name for m in opened.members] == ["cv.pdf"]
    assert len(opened.clutter) == 7


def test_traversal_names_are_sanitised_for_display() -> None:
    members = zip_members(_zip({"../../etc/x.pdf": PDF_A, "/abs/y.pdf": PDF_B, "C:\\Users\\z.pdf": PDF_A}))
    names = [m.name for m in members]
    assert names == ["etc/x.pdf", "abs/y.pdf", "Users/z.pdf"]
    assert all(".." not in n and not n.startswith("/") and "\\" not in n for n in names)
    assert members[0].data == PDF_A and "outside the archive" in members[0].note
    assert containers.display_name("a\x00b/../c.pdf") == "ab/c.pdf"


def _bomb_zip(claimed: int) -> bytes:
    """A zip whose one member's headers claim `claimed` bytes unpacked from a 1 KB deflate stream."""
    data = _zip({"cv.pdf": b"\x00" * 4096})
    # Patch the uncompressed size in the local header (offset 22) and the central directory entry (offset 24).
    local = bytearray(data)
    struct.pack_into("<I", local, 22, min(claimed, 0xFFFFFFFF))
    cd = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", local, cd + 24, min(claimed, 0xFFFFFFFF))
    return bytes(local)


def test_bomb_is_refused_without_inflating() -> None:
    # 4 GB (the largest a plain zip header holds); a 10 GB claim needs zip64 and is refused the same way.
    (member,) = zip_members(_bomb_zip(4_000_000_000))
    assert member.data is None and member.status == "too-large"


def _zip64_claim(claimed: int) -> bytes:
    """A zip64 archive whose one member claims `claimed` bytes unpacked (written by hand: zipfile records the truth)."""
    body = zlib.compress(b"\x00" * 1024)[2:-4]  # a raw deflate stream
    crc, name, full = zlib.crc32(b"\x00" * 1024), b"cv.pdf", 0xFFFFFFFF
    extra = struct.pack("<HHQQ", 1, 16, claimed, len(body))  # the zip64 sizes: unpacked, then packed
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, 0, 0x21, crc, full, full, len(name), len(extra))
    head = local + name + extra + body
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 8, 0, 0x21, crc, full, full, len(name), len(extra), 0, 0, 0, 0, 0
    )
    cd = central + name + extra
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(cd), len(head), 0)
    return head + cd + end


def test_ten_gigabyte_claim_is_refused_without_inflating() -> None:
    (member,) = zip_members(_zip64_claim(10 * 1024**3))
    assert member.status == "too-large" and member.data is None
    assert "10,737 MB" in member.reason


def test_member_lying_about_its_size_is_caught() -> None:
    # Claims 100 bytes, inflates to 4 KB: stopped once the claim is passed.
    (member,) = zip_members(_bomb_zip(100))
    assert member.data is None and member.status == "corrupt"


def test_ten_thousand_members_is_one_problem() -> None:
    data = _zip({f"f{i}.pdf": b"%PDF-1.4" for i in range(10_000)})
    with pytest.raises(ExtractError) as err:
        zip_members(data)
    assert err.value.status == "too-large" and "10,000" in err.value.reason


def test_nested_zip_opened_one_level() -> None:
    inner = _zip({"b.pdf": PDF_B, "deeper.zip": _zip({"c.pdf": PDF_A})})
    members = zip_members(_zip({"a.pdf": PDF_A, "more.zip": inner}))
    assert [m.name for m in members] == ["a.pdf", "more.zip/b.pdf", "more.zip/deeper.zip"]
    assert members[2].status == "unsupported"


def test_total_size_limit() -> None:
    limits = ReadLimits(max_unpacked_bytes=len(PDF_A) + 10)
    members = zip_members(_zip({"a.pdf": PDF_A, "b.pdf": PDF_B}), limits)
    assert members[0].data == PDF_A and members[1].status == "too-large"


def test_damaged_and_empty_archives() -> None:
    with pytest.raises(ExtractError) as err:
        zip_members(_zip({"a.pdf": PDF_A})[:200])
    assert err.value.status == "corrupt"
    with pytest.raises(ExtractError) as err:
        zip_members(_zip({}))
    assert err.value.status == "empty"
    with pytest.raises(ExtractError) as err:
        zip_members(b"")
    assert err.value.status == "empty"


def test_encrypted_member() -> None:
    data = bytearray(_zip({"a.pdf": PDF_A}))
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 8] |= 0x1  # the encryption flag in the central directory
    data[6] |= 0x1  # and in the local header
    (member,) = zip_members(bytes(data))
    assert member.status == "encrypted"


def _email(attachments: dict[str, tuple[bytes, str]]) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Maya Chen <maya.chen@example.com>"
    msg["To"] = "jobs@example.com"
    msg["Subject"] = "Application: AI Engineer"
    msg.set_content("Hello, please find my resume attached.\n")
    for name, (data, ctype) in attachments.items():
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


def test_email_with_two_attachments() -> None:
    data = _email({"Maya Chen CV.pdf": (PDF_A, "application/pdf"), "portfolio.pdf": (PDF_B, "application/pdf")})
    assert containers.is_email(data)
    members = eml_attachments(data)
    assert [(m.name, m.data) for m in members] == [("Maya Chen CV.pdf", PDF_A), ("portfolio.pdf", PDF_B)]


def test_email_body_is_not_a_resume() -> None:
    with pytest.raises(ExtractError) as err:
        eml_attachments(_email({}))
    assert err.value.status == "no-text"


def test_email_with_a_zip_attachment_opens_it() -> None:
    data = _email(
        {"cvs.zip": (_zip({"a.pdf": PDF_A, "b.pdf": PDF_B}), "application/zip"), "../x.pdf": (PDF_B, "application/pdf")}
    )
    names = [m.name for m in eml_attachments(data)]
    assert names == ["cvs.zip/a.pdf", "cvs.zip/b.pdf", "x.pdf"]


@pytest.mark.parametrize(
    ("name", "clutter"),
    [("cv.pdf", False), ("._cv.pdf", True), ("__MACOSX/cv.pdf", True), ("Thumbs.db", True), ("~$cv.docx", True),
     (".DS_Store", True), ("a/.git/config", True), ("My CV.v2.pdf", False)],
)  # fmt: skip
def test_is_clutter(name: str, clutter: bool) -> None:
    assert containers.is_clutter(name) is clutter


def test_ratio_bomb_under_the_size_limit_is_refused() -> None:
    # 40 MB from a 1 KB stream passes the per-member size limit; its ratio gives it away.
    (member,) = zip_members(_zip64_claim(40 * 1024**2))
    assert member.status == "too-large" and "zip bomb" in member.reason
