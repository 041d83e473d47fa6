"""Reading files: pick the parser, apply the limits, turn failures into library errors."""

from __future__ import annotations

from pathlib import Path

from idx766.boundary import admit
from idx766.dating import supply_dates
from idx766.errors import (
    CorruptFileError,
    Idx766Error,
    InternalError,
    raised_by_reader,
)
from idx766.model import Records
from idx766.parsers.base import ParseOptions, Probe, check_size
from idx766.parsers.registry import select_parser

__all__ = ["MissingFileError", "parse"]


class MissingFileError(Idx766Error):
    """The path does not exist or is not a regular file."""

    kind = "not_found"


def parse(
    path: str | Path, *, parser: str | None = None, options: ParseOptions | None = None
) -> Records:
    """Parse one file into records.

    ``parser`` names a parser explicitly (see ``idx766 parsers``); otherwise the best-fitting one
    is chosen by sniffing the file. Every failure to read the file is an
    :class:`~idx766.errors.Idx766Error` naming the file and the reason; what a third-party
    reader raises on the file's bytes is a ``CorruptFileError``. An exception from idx766's own
    code (or a plugin's) is a bug: an :class:`~idx766.errors.InternalError`, its cause
    attached. What the parser returns passes the record boundary
    (:func:`idx766.boundary.admit`): a record no column can hold is refused with a finding.

    This runs in the calling process with no time limit: for files from outside, use
    :func:`idx766.parse_in_worker`, which adds a time and a memory limit.
    """
    path = Path(path)
    options = options or ParseOptions()
    if not path.is_file():
        raise MissingFileError(path, "no such file")
    check_size(path, options.max_file_bytes)
    chosen = select_parser(Probe.of(path), parser)
    try:
        records = chosen.parse(path, options)
    except (Idx766Error, MemoryError, RecursionError):
        raise
    except OSError as exc:  # the file could not be read from disk
        raise CorruptFileError(path, f"{chosen.name} could not read it: {exc}") from exc
    except Exception as exc:
        if raised_by_reader(exc):
            raise CorruptFileError(
                path, f"{chosen.name} could not read it ({type(exc).__name__}: {exc})"
            ) from exc
        raise InternalError(path, f"{chosen.name}: {type(exc).__name__}: {exc}") from exc
    return admit(supply_dates(records, path, options), path)
