"""Reading files: pick the parser, apply the limits, turn failures into library errors."""

from __future__ import annotations

from pathlib import Path

from idx766.boundary import admit
from idx766.dating import supply_dates
from idx766.errors import CorruptFileError, Idx766Error, TooLargeError
from idx766.model import Records
from idx766.parsers.base import ParseOptions, Probe
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
    is chosen by sniffing the file. Every failure is an :class:`~idx766.errors.Idx766Error`
    naming the file and the reason. What the parser returns passes the record boundary
    (:func:`idx766.boundary.admit`): a record no column can hold is refused with a finding.

    This runs in the calling process with no time limit: for files from outside, use
    :func:`idx766.parse_in_worker`, which adds a time and a memory limit.
    """
    path = Path(path)
    options = options or ParseOptions()
    if not path.is_file():
        raise MissingFileError(path, "no such file")
    size = path.stat().st_size
    if size == 0:
        raise CorruptFileError(path, "empty file (0 bytes)")
    if size > options.max_file_bytes:
        raise TooLargeError(
            path, f"{size} bytes is over the limit of {options.max_file_bytes} bytes"
        )
    chosen = select_parser(Probe.of(path), parser)
    try:
        records = chosen.parse(path, options)
    except Idx766Error:
        raise
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise CorruptFileError(path, f"{chosen.name} could not read it: {exc}") from exc
    return admit(supply_dates(records, path, options), path)
