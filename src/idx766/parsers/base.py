"""The parser contract: a typed Protocol, the probe a parser sniffs, and the options it obeys."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from attrs import frozen

from idx766.errors import CorruptFileError, TooLargeError
from idx766.model import Period, Records

if TYPE_CHECKING:
    from idx766.units import Registry

__all__ = ["HEAD_BYTES", "ParseOptions", "Parser", "Probe", "check_size"]

HEAD_BYTES = 8192


@frozen(kw_only=True)
class ParseOptions:
    """What a parse may assume and how much it may take.

    ``province`` is the province a document is about when the document does not say;
    ``max_file_bytes`` and ``max_pages`` bound what a parser will open; for zip-based formats
    ``max_zip_members``, ``max_inflated_bytes`` (declared uncompressed size, per member and in
    all) and ``max_compression_ratio`` are checked before anything is inflated;
    ``max_stream_bytes`` bounds what one compressed PDF stream may inflate to (and
    ``max_inflated_bytes`` all of a PDF's streams together); ``max_memory_bytes`` is what a
    worker process (batches, :func:`idx766.parse_in_worker`) may grow by, None for 2 GiB or
    less so that all workers together stay under half the machine's memory (it does not
    apply to :func:`idx766.parse` in the calling process); ``registry`` is the unit registry
    names are resolved with (the shipped one when None). ``as_of`` and
    ``period`` are what the user says the figures of a file that states no date (or period)
    hold for; a date in the file's name is used when neither the file nor the user gives one
    (:mod:`idx766.dating`).
    """

    province: str | None = None
    as_of: date | None = None
    period: Period | None = None
    max_file_bytes: int = 200 * 1024 * 1024
    max_pages: int = 500
    max_zip_members: int = 5000
    max_inflated_bytes: int = 512 * 1024 * 1024
    max_compression_ratio: int = 200
    max_stream_bytes: int = 64 * 1024 * 1024
    max_memory_bytes: int | None = None
    registry: Registry | None = None


def check_size(path: Path, max_bytes: int) -> int:
    """The file's size; an empty file is ``corrupt`` and one over ``max_bytes`` ``too_large``,
    before any reader opens it."""
    size = path.stat().st_size
    if size == 0:
        raise CorruptFileError(path, "empty file (0 bytes)")
    if size > max_bytes:
        raise TooLargeError(path, f"{size} bytes is over the limit of {max_bytes} bytes")
    return size


@frozen(kw_only=True)
class Probe:
    """What parsers sniff: the path, its suffix, size, first bytes and (for zips) member names."""

    path: Path
    suffix: str
    size: int
    head: bytes
    zip_members: tuple[str, ...] | None

    @classmethod
    def of(cls, path: Path) -> Probe:
        """Read the probe of a file (only its first bytes and, for a zip, its central directory)."""
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
        members: tuple[str, ...] | None = None
        if head.startswith(b"PK"):
            try:
                with zipfile.ZipFile(path) as zf:
                    members = tuple(zf.namelist())
            except (zipfile.BadZipFile, OSError, ValueError):
                members = None
        return cls(path=path, suffix=path.suffix.lower(), size=size, head=head, zip_members=members)


@runtime_checkable
class Parser(Protocol):
    """A parser: a name, the suffixes it reads, how well it fits a file, and how to read it.

    ``sniff`` returns a fit between 0 (not mine) and 1 (certainly mine) from the probe alone.
    ``parse`` returns the file's records or raises an :class:`idx766.errors.Idx766Error`.
    Third-party parsers are registered under the ``idx766.parsers`` entry-point group; the entry
    point names either a parser object or a class that is called with no arguments.
    """

    @property
    def name(self) -> str: ...

    @property
    def description(self) -> str: ...

    @property
    def suffixes(self) -> tuple[str, ...]: ...

    def sniff(self, probe: Probe) -> float: ...

    def parse(self, path: Path, options: ParseOptions) -> Records: ...
