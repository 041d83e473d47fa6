"""The library's errors: one class per kind of failure, each naming the file and the reason.

The kinds are a stable vocabulary shared by the library, the CLI's one-line messages and the
interchange format (``kind``): ``not_a_report``, ``encrypted``, ``no_text_layer``, ``corrupt``,
``too_large``, ``unsupported_format``, ``timeout``. ``Idx766Error`` is the base; catching it
catches every failure the library reports about an input file. Panels add three:
``not_a_panel``, ``damaged_panel`` (a table or the manifest is not what it should be) and
``panel_locked`` (another ingest is writing it).

Only what the third-party readers (python-docx and lxml, pdfminer and pdfplumber, PDFium,
calamine, the ``csv``, ``json`` and ``zipfile`` modules...) raise on bad bytes is a damaged
file (:func:`raised_by_reader` tells); an exception from idx766's own code is a bug, an
:class:`InternalError`, never a ``corrupt`` file.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import ClassVar

__all__ = [
    "CorruptFileError",
    "DamagedPanelError",
    "EncryptedFileError",
    "Idx766Error",
    "InternalError",
    "MissingDependencyError",
    "NoTextLayerError",
    "NotAPanelError",
    "NotAReportError",
    "PanelLockedError",
    "ParseTimeoutError",
    "TooLargeError",
    "UnsupportedFormatError",
    "raised_by_reader",
    "shown_path",
]

READERS = (
    "docx",
    "lxml",
    "pdfminer",
    "pdfplumber",
    "pypdfium2",
    "PIL",
    "python_calamine",
    "csv",
    "_csv",
    "json",
    "zipfile",
    "zlib",
    "xml",
    "pyexpat",
    "charset_normalizer",
)
"""The packages that read a file's bytes for idx766: what they raise on bad bytes is the
file's fault."""


def shown_path(path: str | Path) -> str:
    """A path as valid Unicode, for messages and tables: bytes of a file name that are not
    UTF-8 (kept by Python as ``os.fsdecode`` surrogates) are written as ``\\xe1`` escapes.
    The path itself, not this, is what opens the file."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _printable(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


class Idx766Error(Exception):
    """Base of every error the library raises about an input (a file and a reason)."""

    kind: ClassVar[str] = "error"

    def __init__(self, file: str | Path | None, reason: str) -> None:
        self.file = shown_path(file) if file is not None else None
        self.reason = _printable(reason)
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


class NotAPanelError(Idx766Error):
    """The folder is not a panel (it has no ``manifest.json``)."""

    kind = "not_a_panel"


class DamagedPanelError(Idx766Error):
    """A file of a panel is missing, truncated or altered (names the file); any ingest, or
    ``idx766 ingest --repair``, rebuilds it from the cache."""

    kind = "damaged_panel"


class PanelLockedError(Idx766Error):
    """Another ingest is writing the panel (says which process, where, since when)."""

    kind = "panel_locked"


class MissingDependencyError(Idx766Error):
    """An optional dependency that a feature needs is not installed (``idx766[chart]``)."""

    kind = "missing_dependency"


class InternalError(RuntimeError):
    """idx766 failed while reading a file: a bug in idx766 (or in a plugin parser), never a
    damaged file. The exception that idx766's code raised is its ``__cause__``."""

    kind: ClassVar[str] = "internal"

    def __init__(self, file: str | Path | None, reason: str) -> None:
        self.file = shown_path(file) if file is not None else None
        self.reason = _printable(reason)
        where = f"{self.file}: " if self.file else ""
        super().__init__(f"{where}idx766 failed while reading it (a bug to report): {self.reason}")


def _module_of(tb: TracebackType) -> str:
    name = tb.tb_frame.f_globals.get("__name__")
    return name if isinstance(name, str) else ""


def _is_reader(module: str) -> bool:
    return module.split(".", 1)[0] in READERS


def raised_by_reader(exc: BaseException) -> bool:
    """True when a third-party reader raised ``exc`` (on the file's bytes): the exception is
    one of a reader's own classes, or it was raised inside a reader's code (the innermost frame
    of its traceback). False for an exception raised by idx766's own code: a bug."""
    if _is_reader(type(exc).__module__):
        return True
    tb = exc.__traceback__
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    return _is_reader(_module_of(tb))
