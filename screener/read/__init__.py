"""Reading: file bytes in, a laid-out `Document` out, by the reader for what the bytes are.

`sniff` says what a file is by its content; the registry picks the reader for that kind
(PDFium or pdfplumber for a PDF); every reader yields the same positioned, styled lines, so
that nothing after reading can tell which reader read the file.
"""

from screener.read.base import ExtractError, RawChar, RawPage, RawPdf, read_file
from screener.read.limits import DEFAULT_LIMITS, ReadLimits
from screener.read.pdf import extract, extract_bytes
from screener.read.registry import Reader, read_bytes
from screener.read.sniff import Sniffed, sniff

__all__ = [
    "DEFAULT_LIMITS",
    "ExtractError",
    "RawChar",
    "RawPage",
    "RawPdf",
    "ReadLimits",
    "Reader",
    "Sniffed",
    "extract",
    "extract_bytes",
    "read_bytes",
    "read_file",
    "sniff",
]
