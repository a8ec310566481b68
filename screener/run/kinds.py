"""The kinds of file a run meets, as the summary names them, and which text files are not resumes.

The kind of a file is what `screener.read.sniff` finds in its bytes. One decision is the run's:
a text file whose extension says it is data or code (a .csv export, a .json, a log, a script) is
`unsupported`, not read as a resume. Its text would be screened as if it were one (a CSV of
candidates becomes one candidate with every name in it), and a recruiter who drops a spreadsheet
into the inbox wants it left alone and said so. The content still wins over the name: a .csv that
is really a PDF is read as a PDF.
"""

from __future__ import annotations

from pathlib import PurePath

# Containers: opened, each member its own row (screener.read.containers).
CONTAINERS = frozenset({"zip", "eml"})

# The summary's word for each sniffed kind (screener.read.sniff.DESCRIBE has the long form).
LABELS = {
    "pdf": "PDF",
    "docx": "Word",
    "ole2": "Word 97-2003",
    "encrypted": "protected Office",
    "odt": "OpenDocument",
    "odf": "OpenDocument (not text)",
    "rtf": "RTF",
    "text": "text",
    "html": "HTML",
    "png": "PNG",
    "jpeg": "JPEG",
    "tiff": "TIFF",
    "webp": "WebP",
    "heic": "HEIC",
    "gif": "GIF",
    "zip": "zip",
    "eml": "email",
    "pages": "iWork",
    "xlsx": "Excel",
    "xls": "Excel 97-2003",
    "pptx": "PowerPoint",
    "ppt": "PowerPoint 97-2003",
    "ooxml": "Office",
    "msg": "Outlook message",
    "epub": "EPUB",
    "empty": "empty",
    "unknown": "unknown",
    "": "unread",  # a file that could not even be opened
}

# Text files that hold data or code, by extension: `unsupported`, never read as resumes.
DATA_EXTENSIONS = frozenset({
    ".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".xml", ".yaml", ".yml", ".toml", ".ini", ".cfg", ".conf",
    ".log", ".sql", ".vcf", ".ics", ".bib", ".srt", ".vtt", ".properties", ".env",
})
CODE_EXTENSIONS = frozenset({
    ".py", ".ipynb", ".js", ".mjs", ".ts", ".tsx", ".jsx", ".java", ".kt", ".scala", ".c", ".h", ".cc", ".cpp",
    ".hpp", ".cs", ".go", ".rs", ".rb", ".php", ".pl", ".lua", ".r", ".swift", ".m", ".sh", ".bash", ".zsh",
    ".bat", ".cmd", ".ps1", ".css", ".scss", ".less", ".tex", ".sty", ".cls", ".mk",
})
# What to do instead, for the kinds of text a resume is often kept as.
_NEXT = {".tex": "compile it to PDF and screen the PDF", ".vcf": "a contact card: screen the resume itself"}
_DEFAULT_NEXT = "screener reads resumes as PDF, Word, OpenDocument, RTF, plain text, Markdown, HTML or images"


def label(kind: str) -> str:
    return LABELS.get(kind, kind)


def not_a_resume(name: str, kind: str) -> str:
    """Why a text file is `unsupported` by its extension (data or code), or '' when it may be a resume."""
    if kind != "text":
        return ""
    ext = PurePath(name).suffix.lower()
    if ext in DATA_EXTENSIONS:
        what = "data"
    elif ext in CODE_EXTENSIONS:
        what = "source code"
    else:
        return ""
    return f"a {ext} file holds {what}, not a resume: {_NEXT.get(ext, _DEFAULT_NEXT)}"
