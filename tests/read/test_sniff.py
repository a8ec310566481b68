"""sniff: what a file is by its bytes, every kind, and the note when the name says otherwise."""

from __future__ import annotations

import io

import pytest
from read_samples import ODT_MIME, odf, ole2, ooxml, zip_of

from screener.read.sniff import sniff, sniff_kind

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EML = (
    b"From: Jane Doe <jane@example.com>\r\nTo: jobs@example.com\r\nSubject: Application\r\n"
    b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n"
)


def docx_bytes() -> bytes:
    import docx

    buf = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Jane Doe")
    document.save(buf)
    return buf.getvalue()


SAMPLES = {
    "pdf": PDF,
    "pdf after junk": b"\x00" * 100 + PDF,
    "docx": docx_bytes(),
    "xlsx": ooxml("xl", "workbook.xml"),
    "pptx": ooxml("ppt", "presentation.xml"),
    "odt": odf(ODT_MIME),
    "ods": odf("application/vnd.oasis.opendocument.spreadsheet"),
    "pages": zip_of({"Index/Document.iwa": b"\x00", "preview.jpg": b"\xff\xd8\xff"}),
    "zip": zip_of({"a.pdf": PDF, "b.pdf": PDF}),
    "stored zip of PDFs": zip_of({"a.pdf": PDF, "b.pdf": PDF}, stored=True),
    "doc": ole2(["WordDocument", "1Table"]),
    "encrypted": ole2(["EncryptionInfo", "EncryptedPackage"]),
    "xls": ole2(["Workbook"]),
    "rtf": b"{\\rtf1\\ansi Jane Doe\\par}",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF",
    "tiff": b"II*\x00\x08\x00\x00\x00",
    "webp": b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    "heic": b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00",
    "gif": b"GIF89a\x01\x00\x01\x00",
    "eml": EML,
    "html": b"<!DOCTYPE html>\n<html><body><h1>Jane</h1></body></html>",
    "xhtml": b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>x</body></html>',
    "utf-8 text": "Jane Doe — Engineer\nPython\n".encode(),
    "utf-16 text": "Jane Doe\nEngineer\n".encode("utf-16"),
    "utf-16 text without a BOM": "Jane Doe\nEngineer\n".encode("utf-16-le"),
    "latin-1 text": "José Núñez\nIngeniero\n".encode("latin-1"),
    "markdown": b"# Jane Doe\n\n## Experience\n- **Engineer**, Acme\n",
    "empty": b"",
    "unknown": bytes(range(256)) * 4,
}
EXPECTED = {
    "pdf": "pdf",
    "pdf after junk": "pdf",
    "docx": "docx",
    "xlsx": "xlsx",
    "pptx": "pptx",
    "odt": "odt",
    "ods": "odf",
    "pages": "pages",
    "zip": "zip",
    "stored zip of PDFs": "zip",
    "doc": "ole2",
    "encrypted": "encrypted",
    "xls": "xls",
    "rtf": "rtf",
    "png": "png",
    "jpeg": "jpeg",
    "tiff": "tiff",
    "webp": "webp",
    "heic": "heic",
    "gif": "gif",
    "eml": "eml",
    "html": "html",
    "xhtml": "html",
    "utf-8 text": "text",
    "utf-16 text": "text",
    "utf-16 text without a BOM": "text",
    "latin-1 text": "text",
    "markdown": "text",
    "empty": "empty",
    "unknown": "unknown",
}


@pytest.mark.parametrize("sample", list(SAMPLES))
def test_every_kind_is_found_by_its_bytes(sample: str) -> None:
    assert sniff_kind(SAMPLES[sample]) == EXPECTED[sample]


def test_a_matching_or_unknown_extension_gives_no_note() -> None:
    assert sniff(SAMPLES["docx"], "cv.DOCX").note == ""
    assert sniff(SAMPLES["docx"], "cv.docm").note == ""
    assert sniff(SAMPLES["pdf"], "resume").note == ""
    assert sniff(SAMPLES["pdf"], "resume.final").note == ""
    assert sniff(SAMPLES["encrypted"], "cv.docx").note == ""  # an encrypted .docx is an OLE2 file


def test_the_extension_disagreeing_with_the_content_is_noted() -> None:
    assert sniff(SAMPLES["docx"], "cv.pdf").note == "named .pdf but is a Word document"
    assert sniff(SAMPLES["pdf"], "inbox/cv.docx").note == "named .docx but is a PDF"
    assert sniff(SAMPLES["docx"], "old.doc").note == "named .doc but is a Word document"
    assert sniff(SAMPLES["html"], "cv.txt").note == "named .txt but is an HTML page"
    assert sniff(SAMPLES["jpeg"], "scan.png").note == "named .png but is a JPEG image"


def test_a_truncated_word_file_is_still_a_word_file() -> None:
    data = SAMPLES["docx"]
    assert sniff_kind(data[: len(data) // 2]) == "docx"  # no central directory: the first local header tells
    assert sniff_kind(SAMPLES["odt"][:100]) == "odt"


def test_text_with_binary_bytes_is_unknown_and_a_header_block_is_an_email_only_with_mime() -> None:
    assert sniff_kind(b"Jane\x00Doe" * 100) == "unknown"
    assert sniff_kind(b"Name: Jane Doe\nEmail: jane@example.com\nPhone: 555\n\nExperience\n") == "text"
    assert sniff_kind(b"From: a@b.c\nTo: d@e.f\nSubject: hi\n\nbody\n") == "text"  # no MIME header


def test_work_is_bounded_a_large_text_file_is_judged_by_its_start() -> None:
    big = b"Jane Doe\n" + b"x" * 20_000_000 + b"\x00"
    assert sniff_kind(big) == "text"
