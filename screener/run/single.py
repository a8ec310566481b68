"""One file as `explain` takes it: a file on disk, a member named as the outputs name it
(`archive.zip/cv.pdf`), or a container, whose members are listed to choose from.

The same rules as a run: the kind comes from the bytes, a text file holding data or code is
`unsupported`, a zip or an email is opened by screener.read.containers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from screener.codes import Status
from screener.model import Screening
from screener.read.base import ExtractError
from screener.run.discover import Skipped
from screener.run.errors import UsageError
from screener.run.inventory import Found, member_named, take_stock
from screener.run.kinds import not_a_resume
from screener.settings import Screen


@dataclass
class Single:
    """What explain shows: a screening (with the kind of its bytes), or a container's members."""

    name: str
    kind: str = ""
    screening: Screening | None = None
    members: list[Found] = field(default_factory=list)  # set for a container
    skipped: list[Skipped] = field(default_factory=list)


def screen_named(name: str, screen: Screen) -> Single:
    """Screen the file or member called `name`; UsageError when there is none."""
    from screener.pipeline import screen_bytes, screen_file

    path = Path(name)
    if path.is_file():
        stock = take_stock(path)
        if stock.container is not None:
            return Single(name, stock.container.kind, members=stock.rows, skipped=stock.skipped)
        row = stock.rows[0]
        if row.status:
            return Single(name, row.kind, _decided(row, screen))
        return Single(name, row.kind, screen_file(path, screen, name))
    container, member = _split(name)
    try:
        data, kind = member_named(container, member)
    except LookupError as exc:
        raise UsageError(str(exc)) from exc
    except ExtractError as exc:  # there, but it could not be taken out (too large, protected...)
        return Single(name, "", _decided(Found(container, name, status=exc.status, reason=exc.reason), screen))
    why = not_a_resume(member, kind)
    if why:
        return Single(name, kind, _decided(Found(container, name, kind=kind, status=Status.UNSUPPORTED, reason=why),
                                           screen))
    return Single(name, kind, screen_bytes(data, name, screen))


def _split(name: str) -> tuple[Path, str]:
    """The container file a member name starts with, and the member's name inside it."""
    path = Path(name)
    for parent in path.parents:
        if parent.is_file():
            return parent, path.relative_to(parent).as_posix()
    raise UsageError(f"no such file: {name}")


def _decided(row: Found, screen: Screen) -> Screening:
    return Screening(file=row.name, sha256=row.sha256, status=row.status or Status.ERROR,
                     reason=row.reason or row.problem, role_target=screen.settings.role,
                     taxonomy_version=screen.settings.taxonomy_version)
