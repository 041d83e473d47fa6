"""The library's errors: one class per kind of failure, each naming the file and the reason.

The kinds are a stable vocabulary shared by the library, the CLI's one-line messages and the
interchange format (``kind``): ``not_a_report``, ``encrypted``, ``no_text_layer``, ``corrupt``,
``too_large``, ``unsupported_format``, ``timeout``. ``Idx766Error`` is the base; catching it
catches every failure the library reports about an input file.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

__all__ = [
    "CorruptFileError",
    "EncryptedFileError",
    "Idx766Error",
    "NoTextLayerError",
    "NotAReportError",
    "ParseTimeoutError",
    "TooLargeError",
    "UnsupportedFormatError",
]


class Idx766Error(Exception):
    """Base of every error the library raises about an input (a file and a reason)."""

    kind: ClassVar[str] = "error"

    def __init__(self, file: str | Path | None, reason: str) -> None:
        self.file = str(file) if file is not None else None
        self.reason = reason
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """``FILE: kind: reason`` on one line, as the CLI prints it."""
        reason = " ".join(self.reason.split())
        where = f"{self.file}: " if self.file else ""
        return f"{where}{self.kind}: {reason}"


class NotAReportError(Idx766Error):
    """The file is readable but holds no 766 figures."""

    kind = "not_a_report"


class EncryptedFileError(Idx766Error):
    """The file is encrypted or password-protected."""

    kind = "encrypted"


class NoTextLayerError(Idx766Error):
    """A PDF without a text layer (a scan); OCR is not supported."""

    kind = "no_text_layer"


class CorruptFileError(Idx766Error):
    """The file is truncated, damaged or not what its name says."""

    kind = "corrupt"


class TooLargeError(Idx766Error):
    """The file exceeds a configured limit (size, pages, members, inflated size)."""

    kind = "too_large"


class UnsupportedFormatError(Idx766Error):
    """No parser reads this file (or the named parser does not exist)."""

    kind = "unsupported_format"


class ParseTimeoutError(Idx766Error):
    """Parsing the file took longer than the configured time limit."""

    kind = "timeout"
