"""A result dated by --as-of, served on another day without reading its file again.

A resume whose document carries no date (or a date after --as-of) is dated by --as-of itself, and
judgement sees that date only as the resume's date and its month (`pipeline.judge`: "present" is a
month index; `record._roles` likewise). So a nightly run whose as-of moved:

- within the same month, takes the stored record as it is but for `resume_date`, which becomes the new
  as-of (or the document's own date, once the as-of has reached it): a re-dated hit, nothing read;
- in another month, re-judges the Document the state kept when the file was first read (its lines as
  laid out, before judgement; table `documents`) in a worker, without reading or parsing the file:
  the record is what screening the file that day gives, byte for byte.

The state keeps a Document only for such results (a few percent of an inbox; see BENCHMARKS.md for
its size), pickled and compressed, and reads it back with an unpickler that makes nothing but
screener's own classes and plain containers: a state database is trusted no further than that.
"""

from __future__ import annotations

import io
import pickle
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from screener.model import Document, Screening


@dataclass(frozen=True)
class Dated:
    """A result whose resume date is --as-of (no PDF date, or one after it): what the state keeps beside it so
    that another day's run re-judges it without the file (its worker returns it with the record: Task.dated)."""

    pdf_date: str  # the document's own date, '' when it has none
    document: bytes  # the (Screening, Document) that judgement starts from, pickled and compressed


class Candidate(NamedTuple):
    """A stored result under the run's key that may serve its as-of (State.hits)."""

    rid: int
    run_id: int
    as_of: str
    valid_from: str | None
    pdf_date: str | None  # None: dated by its document, or stored before schema 3
    has_document: bool


class Hit(NamedTuple):
    """How a stored result serves this as-of."""

    rid: int
    redate: str | None = None  # the record as stored, but for this resume date
    rejudge: bool = False  # its stored Document is judged again (another month)


def served(c: Candidate, as_of: str) -> tuple[int, Hit] | None:
    """How well a stored result serves `as_of` (higher is better), or None when it does not."""
    if c.as_of == as_of:
        return 3, Hit(c.rid)
    if c.valid_from is not None and c.valid_from <= as_of:
        return 2, Hit(c.rid)
    if c.pdf_date is None:
        return None
    if c.as_of[:7] == as_of[:7]:
        date = c.pdf_date if c.pdf_date and c.pdf_date <= as_of else as_of  # pipeline.resume_date
        return 1, Hit(c.rid, redate=date)
    if c.has_document:
        return 0, Hit(c.rid, rejudge=True)
    return None


def dated(read: Screening, doc: Document, as_of: str) -> Dated | None:
    """What the state keeps to serve another day a document dated by `as_of`; None for one with its own date
    on or before it (valid from that date on: state.valid_from) or one that cannot be pickled."""
    if doc.metadata_date and doc.metadata_date <= as_of:
        return None
    try:
        blob = zlib.compress(pickle.dumps((read, doc), protocol=pickle.HIGHEST_PROTOCOL), 6)
    except Exception:  # noqa: BLE001 - e.g. too deeply nested: it is screened again another day
        return None
    return Dated(doc.metadata_date or "", blob)


def prepared(blob: bytes, name: str, sha256: str = "") -> tuple[Screening, Document]:
    """The (Screening, Document) of a task read ahead (head_start, pickled) or stored (compressed), named as
    the file is named now and keyed by the hash the plan took (`sha256`, when it took one)."""
    data = zlib.decompress(blob) if blob[:1] == b"x" else blob  # zlib's header, never a pickle's first byte
    read, doc = _Unpickler(io.BytesIO(data)).load()
    read.file = name
    read.sha256 = sha256 or read.sha256
    return read, doc


_BUILTINS = frozenset({"set", "frozenset", "list", "dict", "tuple", "bytearray", "complex", "slice", "range"})


class _Unpickler(pickle.Unpickler):
    """screener's classes and plain containers only: a damaged or foreign state makes no other object."""

    def find_class(self, module: str, name: str) -> Any:
        if (module == "screener" or module.startswith("screener.")) and not name.startswith("_"):
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        elif module == "builtins" and name in _BUILTINS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a stored document")
