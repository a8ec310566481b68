"""What a file is, from its first bytes (and a zip's or OLE2 file's directory), never from its name.

`sniff(data, name)` is cheap and bounded: it looks at a few kilobytes, a zip's central
directory (no member is inflated but ODF's tiny `mimetype`), or an OLE2 file's directory
sectors. The name only serves the note that says the extension disagrees with the content.
"""

from __future__ import annotations

import codecs
import io
import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

# What each kind is, in the words of a note or a reason ("named .pdf but is a Word document").
DESCRIBE = {
    "pdf": "a PDF",
    "docx": "a Word document",
    "xlsx": "an Excel workbook",
    "pptx": "a PowerPoint presentation",
    "ooxml": "an Office Open XML file",
    "odt": "an OpenDocument text",
    "odf": "an OpenDocument spreadsheet, presentation or drawing",
    "pages": "an Apple iWork file (Pages, Numbers or Keynote)",
    "epub": "an EPUB e-book",
    "zip": "a zip archive",
    "ole2": "a legacy Word document (.doc)",
    "xls": "a legacy Excel workbook (.xls)",
    "ppt": "a legacy PowerPoint presentation (.ppt)",
    "msg": "an Outlook message (.msg)",
    "encrypted": "a password-protected Office file",
    "rtf": "an RTF document",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "tiff": "a TIFF image",
    "webp": "a WebP image",
    "heic": "a HEIC/HEIF image",
    "gif": "a GIF image",
    "eml": "an email message",
    "html": "an HTML page",
    "text": "a plain-text file",
    "empty": "an empty file",
    "unknown": "binary data of an unknown type",
}

# The kinds each extension promises; a content of another kind gets a note. Unknown extensions promise nothing.
_EXPECTED = {
    ".pdf": {"pdf"},
    ".docx": {"docx", "encrypted"},
    ".docm": {"docx", "encrypted"},
    ".dotx": {"docx", "encrypted"},
    ".doc": {"ole2", "encrypted"},
    ".dot": {"ole2"},
    ".xlsx": {"xlsx", "encrypted"},
    ".pptx": {"pptx", "encrypted"},
    ".xls": {"xls"},
    ".ppt": {"ppt"},
    ".msg": {"msg"},
    ".odt": {"odt"},
    ".ods": {"odf"},
    ".odp": {"odf"},
    ".pages": {"pages"},
    ".numbers": {"pages"},
    ".key": {"pages"},
    ".epub": {"epub"},
    ".zip": {"zip"},
    ".rtf": {"rtf"},
    ".png": {"png"},
    ".jpg": {"jpeg"},
    ".jpeg": {"jpeg"},
    ".tif": {"tiff"},
    ".tiff": {"tiff"},
    ".webp": {"webp"},
    ".heic": {"heic"},
    ".heif": {"heic"},
    ".gif": {"gif"},
    ".eml": {"eml"},
    ".mht": {"eml", "html"},
    ".html": {"html"},
    ".htm": {"html"},
    ".xhtml": {"html"},
    ".txt": {"text"},
    ".text": {"text"},
    ".md": {"text"},
    ".markdown": {"text"},
}

PDF_HEADER_WINDOW = 1024  # readers allow junk before %PDF- in the first kilobyte
TEXT_WINDOW = 64 * 1024  # enough text to tell UTF-8 from Latin-1, and what kind of text it is
MARKUP_WINDOW = 4096  # where an HTML page or an email shows what it is
ODF_MIMETYPE_LIMIT = 200  # ODF's `mimetype` member is one short line
OLE2_MAX_DIRECTORY_SECTORS = 64  # a real document's directory fits in a few
_BINARY_SHARE = 0.01  # Latin-1 text has (almost) no control bytes

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}
_HEADER_FIELD = re.compile(rb"^[!-9;-~]+:[ \t]")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAG = re.compile(rb"<(?:html|body)\b", re.I)


@dataclass(frozen=True)
class Sniffed:
    kind: str
    note: str = ""  # '' unless the name's extension promises another kind


def sniff(data: bytes, name: str = "") -> Sniffed:
    kind = sniff_kind(data)
    return Sniffed(kind, extension_note(kind, name))


def extension_note(kind: str, name: str) -> str:
    """'named .pdf but is a Word document' when the extension promises another kind, else ''."""
    ext = PurePath(name).suffix.lower()
    expected = _EXPECTED.get(ext)
    if not expected or kind in expected or kind in ("empty", "unknown"):
        return ""
    return f"named {ext} but is {DESCRIBE.get(kind, kind)}"


def sniff_kind(data: bytes) -> str:
    if not data:
        return "empty"
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return "pdf"
    # Containers first: a zip that stores a PDF uncompressed has %PDF- in its first kilobyte too.
    if head.startswith(_ZIP):
        return _zip_kind(data)
    if head.startswith(_OLE2):
        return _ole2_kind(data)
    if b"%PDF-" in data[:PDF_HEADER_WINDOW]:
        return "pdf"
    image = _image_kind(head)
    if image:
        return image
    return _text_kind(data)


def _image_kind(head: bytes) -> str:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "heic"
    return ""


# --------------------------------------------------------------------------- zip


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            mimetype = _odf_mimetype(zf)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        # A truncated file has no central directory: its first local header still names the format.
        return _local_header_kind(data)
    return _members_kind(names, mimetype)


def _odf_mimetype(zf: zipfile.ZipFile) -> str:
    try:
        info = zf.getinfo("mimetype")
    except KeyError:
        return ""
    if info.file_size > ODF_MIMETYPE_LIMIT:
        return ""
    return zf.read(info).decode("ascii", "replace").strip()


def _members_kind(names: list[str], mimetype: str) -> str:
    if mimetype:
        if mimetype.startswith("application/vnd.oasis.opendocument.text"):
            return "odt"
        if mimetype.startswith("application/vnd.oasis.opendocument."):
            return "odf"
        if mimetype == "application/epub+zip":
            return "epub"
    if "[Content_Types].xml" in names:
        tops = {n.split("/", 1)[0] for n in names}
        for top, kind in (("word", "docx"), ("xl", "xlsx"), ("ppt", "pptx")):
            if top in tops:
                return kind
        return "ooxml"
    if any(_is_iwork(n) for n in names):
        return "pages"
    return "zip"


def _is_iwork(name: str) -> bool:
    lowered = name.lower()
    return (lowered.startswith("index/") and lowered.endswith(".iwa")) or lowered in (
        "index.zip",
        "index.xml",
        "index.xml.gz",
        "index.apxl",
        "index.apxl.gz",
    )


_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, then (after 22 bytes) name and extra lengths


def _local_header_kind(data: bytes) -> str:
    if len(data) < _LOCAL_HEADER.size or not data.startswith(b"PK\x03\x04"):
        return "zip"
    _, name_len, extra_len = _LOCAL_HEADER.unpack_from(data)
    start = _LOCAL_HEADER.size
    first = data[start : start + name_len].decode("utf-8", "replace")
    if first == "mimetype":
        # ODF stores `mimetype` first and uncompressed, so its text follows the header.
        body = data[start + name_len + extra_len : start + name_len + extra_len + ODF_MIMETYPE_LIMIT]
        return _members_kind([first], body.split(b"PK", 1)[0].decode("ascii", "replace").strip())
    if first == "[Content_Types].xml" or first.startswith(("word/", "_rels/", "docProps/")):
        return "docx" if b"word/" in data[:TEXT_WINDOW] or first.startswith("word/") else "ooxml"
    return _members_kind([first], "")


# --------------------------------------------------------------------------- OLE2 (legacy Office)


def _ole2_kind(data: bytes) -> str:
    names = ole2_names(data)
    if "EncryptionInfo" in names or "EncryptedPackage" in names:
        return "encrypted"  # an OOXML file encrypted with a password: Word wraps it in OLE2
    if "WordDocument" in names:
        return "ole2"
    if "Workbook" in names or "Book" in names:
        return "xls"
    if "PowerPoint Document" in names:
        return "ppt"
    if any(n.startswith("__substg1.0_") for n in names):
        return "msg"
    return "ole2"


_OLE2_HEADER = struct.Struct("<30xH12xII8xI")  # sector shift, FAT sectors, first directory sector
_FREE = 0xFFFFFFFA  # this and above: end of chain, free or special sectors
_ENTRY = 128  # one directory entry
_DIFAT_IN_HEADER = 109


def ole2_names(data: bytes) -> set[str]:
    """The stream and storage names in an OLE2 file's directory (a bounded walk of its sector chain)."""
    if len(data) < 512:
        return set()
    shift, fat_count, first_dir, _ = _OLE2_HEADER.unpack_from(data)
    if shift not in (9, 12):
        return set()
    size = 1 << shift
    difat = struct.unpack_from(f"<{_DIFAT_IN_HEADER}I", data, 0x4C)
    fat_sectors = [s for s in difat[: min(fat_count, _DIFAT_IN_HEADER)] if s < _FREE]
    per_fat = size // 4

    def sector(index: int) -> bytes:
        offset = (index + 1) * size
        return data[offset : offset + size]

    def next_sector(index: int) -> int:
        which, at = divmod(index, per_fat)
        if which >= len(fat_sectors):
            return _FREE
        fat = sector(fat_sectors[which])
        return struct.unpack_from("<I", fat, at * 4)[0] if len(fat) >= (at + 1) * 4 else _FREE

    names: set[str] = set()
    current, seen = first_dir, 0
    while current < _FREE and seen < OLE2_MAX_DIRECTORY_SECTORS:
        block = sector(current)
        for off in range(0, len(block) - _ENTRY + 1, _ENTRY):
            length = struct.unpack_from("<H", block, off + 64)[0]
            if 2 <= length <= 64:
                names.add(block[off : off + length - 2].decode("utf-16-le", "replace"))
        current, seen = next_sector(current), seen + 1
    return names


# --------------------------------------------------------------------------- text


def decode_text(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) when the bytes are text in UTF-8, UTF-16 or Latin-1 (cp1252), else None."""
    encoding = text_encoding(data[:TEXT_WINDOW], whole=len(data) <= TEXT_WINDOW)
    if encoding is None:
        return None
    text = data.decode(encoding, "replace")
    return text.lstrip("\ufeff"), encoding


def text_encoding(head: bytes, whole: bool = True) -> str | None:
    """The encoding of text that starts with `head`, or None for binary data."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:512]
    if len(sample) >= 4 and sample.count(0) >= 0.3 * len(sample):
        # UTF-16 without a byte order mark: ASCII letters leave every other byte zero.
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd >= 0.8 * (len(sample) // 2) and even == 0:
            return "utf-16-le"
        if even >= 0.8 * (len(sample) // 2) and odd == 0:
            return "utf-16-be"
        return None
    if 0 in head:
        return None
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if not whole and exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"  # the window cut a character in two
    controls = sum(1 for b in head if b < 32 and b not in b"\t\n\r\f" or b == 0x7F)
    return "cp1252" if controls <= _BINARY_SHARE * len(head) else None


def _text_kind(data: bytes) -> str:
    head = data[:TEXT_WINDOW]
    encoding = text_encoding(head, whole=len(data) <= TEXT_WINDOW)
    if encoding is None:
        return "unknown"
    if encoding.startswith("utf-16"):
        start = head.decode(encoding, "replace")[:MARKUP_WINDOW].lstrip("\ufeff").encode("utf-8", "replace")
    else:
        start = head[:MARKUP_WINDOW].removeprefix(codecs.BOM_UTF8)
    stripped = start.lstrip()
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    if _is_email(stripped):
        return "eml"
    if _HTML_START.match(stripped) or stripped.startswith(b"<?xml") and _HTML_TAG.search(stripped):
        return "html"
    return "text"


def _is_email(start: bytes) -> bool:
    """RFC 822 headers with MIME: header fields up to the first blank line, From and a MIME field among them."""
    block = start.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    lines = block.split(b"\n")
    if lines and lines[0].startswith(b"From "):
        lines = lines[1:]  # an mbox separator line
    fields: set[bytes] = set()
    for line in lines:
        if line[:1] in (b" ", b"\t"):
            continue  # a folded header line
        if not _HEADER_FIELD.match(line):
            return False
        fields.add(line.split(b":", 1)[0].lower())
    return len(fields) >= 3 and b"from" in fields and bool(fields & {b"mime-version", b"content-type"})
