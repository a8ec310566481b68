"""Files of every kind, built in the test run: zips, OLE2 directories, a zip64 member that claims 10 GB."""

from __future__ import annotations

import io
import struct
import zipfile

ODT_MIME = "application/vnd.oasis.opendocument.text"


def zip_of(members: dict[str, bytes], first: tuple[str, bytes] | None = None, stored: bool = False) -> bytes:
    buf = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buf, "w", method) as zf:
        if first:
            zf.writestr(zipfile.ZipInfo(first[0]), first[1])  # stored, as ODF wants its mimetype
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def ooxml(top: str, main: str) -> bytes:
    return zip_of({"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>", f"{top}/{main}": b"<x/>"})


def odf(mimetype: str, content: bytes = b"<office:document-content/>") -> bytes:
    return zip_of({"content.xml": content}, first=("mimetype", mimetype.encode()))


def ole2(names: list[str]) -> bytes:
    """A minimal OLE2 compound file: a header, one FAT sector, one directory sector naming `names`."""
    sector = 512
    header = bytearray(sector)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 0x2C, 1)  # FAT sectors
    struct.pack_into("<I", header, 0x30, 1)  # first directory sector
    struct.pack_into("<I", header, 0x38, 4096)
    struct.pack_into("<I", header, 0x3C, 0xFFFFFFFE)
    struct.pack_into("<I", header, 0x44, 0xFFFFFFFE)
    struct.pack_into("<109I", header, 0x4C, 0, *([0xFFFFFFFF] * 108))
    fat = bytearray(b"\xff" * sector)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)  # sector 0: the FAT; sector 1: the directory's end
    directory = bytearray(sector)
    for i, name in enumerate(["Root Entry", *names][:4]):
        encoded = name.encode("utf-16-le") + b"\0\0"
        directory[i * 128 : i * 128 + len(encoded)] = encoded
        struct.pack_into("<H", directory, i * 128 + 64, len(encoded))
    return bytes(header + fat + directory)


def claim_size(data: bytes, member: str, claimed: int) -> bytes:
    """The zip with `member`'s central directory entry claiming `claimed` bytes inflated (a zip64 extra field)."""
    out = bytearray(data)
    eocd = out.rfind(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack_from("<II", out, eocd + 12)
    pos = cd_offset
    while pos < cd_offset + cd_size:
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", out, pos + 28)
        name = bytes(out[pos + 46 : pos + 46 + name_len]).decode()
        entry_end = pos + 46 + name_len + extra_len + comment_len
        if name == member:
            struct.pack_into("<I", out, pos + 24, 0xFFFFFFFF)  # uncompressed size: see the zip64 field
            extra = struct.pack("<HHQ", 0x0001, 8, claimed)
            insert_at = pos + 46 + name_len + extra_len
            struct.pack_into("<H", out, pos + 30, extra_len + len(extra))
            out[insert_at:insert_at] = extra
            struct.pack_into("<I", out, eocd + len(extra) + 12, cd_size + len(extra))
            return bytes(out)
        pos = entry_end
    raise KeyError(member)
