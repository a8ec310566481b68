"""Tiny PDFs written byte by byte, for tests that need a structure no generator writes."""

from __future__ import annotations


def pdf_of(objects: list[bytes], header: bytes = b"%PDF-1.7\n") -> bytes:
    """A PDF of these objects (numbered from 1; the first is the catalog), with a correct xref."""
    out = bytearray(header)
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
