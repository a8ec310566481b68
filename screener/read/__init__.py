"""Text extraction engines: PDF bytes in, positioned characters out.

Each engine yields the same `RawPage` records so that layout, and everything
after it, cannot tell which engine read the file.
"""

from screener.read.base import ExtractError, RawChar, RawPage, RawPdf, extract, extract_bytes, read_file

__all__ = ["ExtractError", "RawChar", "RawPage", "RawPdf", "extract", "extract_bytes", "read_file"]
