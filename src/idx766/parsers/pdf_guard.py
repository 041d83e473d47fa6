"""What pdfminer does quietly, made visible and bounded while idx766 reads a PDF.

* **Warnings.** pdfminer logs its complaints about a damaged file (a bad operator, a font it
  cannot use, a stream it could only partly inflate) to the ``pdfminer`` logger, which Python
  prints on stderr when nobody configured logging. While idx766 reads a PDF they are captured,
  with the page being read, and become findings; they are never printed. Outside idx766's
  reading, pdfminer's records go to the root logger as before.
* **Compressed streams.** pdfminer inflates a FlateDecode stream in one call, whatever it
  inflates to (a 1 MB file can hold a 1 GB stream). While idx766 reads, a stream may inflate
  to ``max_stream_bytes`` and all of a file's streams to ``max_inflated_bytes``; beyond that the
  file is :class:`~idx766.errors.TooLargeError`. A stream damaged in the middle is inflated as
  far as it goes (pdfminer would drop all of it without a word), and the loss is recorded.

The hooks are installed once, the first time a PDF is read, and act only inside
:func:`capturing` (a context variable says which reading they belong to).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from attrs import define, field, frozen

from idx766.errors import TooLargeError
from idx766.parsers.base import ParseOptions

__all__ = ["Capture", "Note", "capturing"]

_CHUNK = 4096


@frozen(kw_only=True)
class Note:
    """Something pdfminer reported while reading a page (0: the file's structure)."""

    page: int
    loss: bool
    message: str


@define
class Capture:
    """The notes and inflated bytes of one PDF being read."""

    path: Path
    options: ParseOptions
    page: int = 0
    inflated: int = 0
    notes: list[Note] = field(factory=list)
    too_large: str | None = None

    def note(self, message: str, *, loss: bool) -> None:
        self.notes.append(Note(page=self.page, loss=loss, message=message))

    def room(self) -> int:
        """How many more bytes the next stream may inflate to."""
        return max(
            0, min(self.options.max_stream_bytes, self.options.max_inflated_bytes - self.inflated)
        )

    def refuse(self, what: str) -> TooLargeError:
        where = f"page {self.page}: " if self.page else ""
        self.too_large = f"{where}{what}"
        return TooLargeError(self.path, self.too_large)

    def count(self, size: int) -> None:
        self.inflated += size
        if self.inflated > self.options.max_inflated_bytes:
            raise self.refuse(
                f"its compressed streams inflate to more than "
                f"{self.options.max_inflated_bytes} bytes in all (max_inflated_bytes)"
            )


_CURRENT: contextvars.ContextVar[Capture | None] = contextvars.ContextVar(
    "idx766_pdf_capture", default=None
)


def _limit_message(capture: Capture) -> str:
    return (
        f"a compressed stream inflates to more than {capture.options.max_stream_bytes} bytes "
        "(max_stream_bytes)"
    )


class _GuardedZlib:
    """``zlib`` as pdfminer's ``pdftypes`` module sees it: bounded inside :func:`capturing`."""

    error = zlib.error

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def decompress(data: bytes, *args: Any) -> bytes:
        capture = _CURRENT.get()
        if capture is None:
            return zlib.decompress(data, *args)
        room = capture.room()
        inflater = zlib.decompressobj(*args[:1])
        out = inflater.decompress(data, room + 1)
        if len(out) > room:
            raise capture.refuse(_limit_message(capture))
        if not inflater.eof:
            raise zlib.error("incomplete or truncated stream")
        capture.count(len(out))
        return out


def _decompress_corrupted(data: bytes) -> bytes:
    """Inflate a damaged stream as far as it goes, and say how much was lost."""
    capture = _CURRENT.get()
    if capture is None:
        return bytes(_ORIGINAL_CORRUPTED(data))
    room = capture.room()
    inflater = zlib.decompressobj()
    out = bytearray()
    error_at: int | None = None
    pos = 0

    def feed(piece: bytes) -> None:
        out.extend(inflater.decompress(piece, room + 1 - len(out)))
        if len(out) > room or inflater.unconsumed_tail:
            raise capture.refuse(_limit_message(capture))

    while pos < len(data) and not inflater.eof:
        piece = data[pos : pos + _CHUNK]
        saved = inflater.copy()
        try:
            feed(piece)
        except zlib.error:
            inflater = saved
            for i in range(len(piece)):
                try:
                    feed(piece[i : i + 1])
                except zlib.error:
                    error_at = pos + i
                    break
            break
        pos += len(piece)
    capture.count(len(out))
    if error_at is None and inflater.eof:
        return bytes(out)
    if error_at is None:
        capture.note(
            f"a compressed stream is cut short: {len(out)} bytes were read, the rest is lost",
            loss=True,
        )
    elif error_at >= len(data) - 4:
        capture.note(
            f"a compressed stream ends in a damaged checksum ({len(out)} bytes read)", loss=False
        )
    else:
        capture.note(
            f"a compressed stream is damaged at byte {error_at} of {len(data)}: "
            f"{len(out)} bytes were read before it, what follows is lost",
            loss=True,
        )
    return bytes(out)


_ORIGINAL_CORRUPTED: Any = None
_QUIET = ("Data-loss while decompressing corrupted data",)
"""pdfminer's own words for what :func:`_decompress_corrupted` reports itself."""


class _Route(logging.Handler):
    """pdfminer's (and pdfplumber's) log records: into the current capture, else on to the
    root logger, as if they had not been routed."""

    def emit(self, record: logging.LogRecord) -> None:
        capture = _CURRENT.get()
        if capture is None:
            logging.getLogger().handle(record)
            return
        if record.levelno < logging.WARNING:
            return
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call in pdfminer must not stop the reading
            message = str(record.msg)
        if message not in _QUIET:
            capture.note(" ".join(message.split())[:300], loss=False)


_installed = False


def _install() -> None:
    global _installed, _ORIGINAL_CORRUPTED
    if _installed:
        return
    from pdfminer import pdftypes

    _ORIGINAL_CORRUPTED = pdftypes.decompress_corrupted
    setattr(pdftypes, "zlib", _GuardedZlib())  # noqa: B010 - not exported, so not typed
    pdftypes.decompress_corrupted = _decompress_corrupted
    for name in ("pdfminer", "pdfplumber"):
        logger = logging.getLogger(name)
        logger.addHandler(_Route())
        logger.propagate = False
    _installed = True


@contextlib.contextmanager
def capturing(path: Path, options: ParseOptions) -> Iterator[Capture]:
    """Capture pdfminer's warnings and bound its inflating while the block runs."""
    _install()
    capture = Capture(path=path, options=options)
    token = _CURRENT.set(capture)
    try:
        yield capture
    finally:
        _CURRENT.reset(token)
