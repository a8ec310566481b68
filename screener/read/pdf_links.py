"""The targets of a PDF's links on its first page: `mailto:`, `tel:` and web addresses.

Many templates (awesome-cv, moderncv) draw the contact line as icons and text whose glyphs carry no
Unicode, and give its text layer only as squeezed, invisible text that the visibility check rightly
keeps out. The link a reader clicks on those icons is what the page shows them: the email, the phone
and the profiles. Contact details only; links are never evidence.
"""

from __future__ import annotations

import ctypes
import re

MAX_LINKS = 50  # a resume's first page has a handful; more is not a contact line
MAX_URI_BYTES = 2048


def _name(word: str) -> bytes:
    """A pattern for the PDF name /word however it is spelled: each byte itself or as a #xx escape."""
    out = b"/"
    for c in word.encode("ascii"):
        hex_ = "".join(f"[{h.lower()}{h}]" if h.isalpha() else h for h in f"{c:02X}")
        out += b"(?:" + re.escape(bytes([c])) + b"|#" + hex_.encode() + b")"
    return out


# A link PDFium reports has a /URI key in its action's dictionary. Dictionaries are plain text in
# the file unless they sit in an object stream (whose dictionary names /Type /ObjStm): a file with
# neither name anywhere has no URI to read, and is not opened again (3-4 ms on a page of
# glyph-per-object text, most of them loading the page).
_MAY_HAVE_URI = re.compile(_name("URI") + b"|" + _name("ObjStm"))


def link_uris(data: bytes) -> list[str]:
    """The URIs of the first page's links, in page order; [] when there are none or the PDF will not open."""
    if not _MAY_HAVE_URI.search(data):
        return []
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw
    except ImportError:
        return []
    try:
        doc = pdfium.PdfDocument(data)
    except Exception:  # noqa: BLE001 - the reader reports a broken PDF; links are a bonus
        return []
    try:
        if len(doc) == 0:
            return []
        try:
            page = doc[0]
        except Exception:  # noqa: BLE001 - a page PDFium cannot load has no links to read
            return []
        pos, link = ctypes.c_int(0), raw.FPDF_LINK()
        out: list[str] = []
        while len(out) < MAX_LINKS and raw.FPDFLink_Enumerate(page, ctypes.byref(pos), ctypes.byref(link)):
            action = raw.FPDFLink_GetAction(link)
            if not action:
                continue
            size = raw.FPDFAction_GetURIPath(doc, action, None, 0)
            if not 0 < size <= MAX_URI_BYTES:
                continue
            buf = ctypes.create_string_buffer(size)
            raw.FPDFAction_GetURIPath(doc, action, buf, size)
            uri = buf.value.decode("latin-1").strip()
            if uri and uri not in out:
                out.append(uri)
        return out
    finally:
        doc.close()
