"""What an OLE compound file (``D0 CF 11 E0``) holds: a password-protected Office file, an old
Excel workbook (``.xls``, BIFF) or an old Word document (``.doc``).

A DOCX or XLSX that begins with these bytes is not a zip: either it is encrypted (Office wraps
the real file in an OLE container with ``EncryptionInfo`` and ``EncryptedPackage`` streams) or
it is an old binary file saved under a new name. The names of the streams in the container's
directory tell which (MS-CFB: the header gives the sector size and the directory's first
sector, the FAT chains the directory's sectors; each entry is 128 bytes, its name UTF-16).
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import NoReturn

from idx766.errors import EncryptedFileError, UnsupportedFormatError

__all__ = ["OLE_MAGIC", "ole_kind", "refuse_ole", "stream_names"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_MAX_DIRECTORY_SECTORS = 4096
_MAX_BYTES = 64 * 2**20


def stream_names(data: bytes) -> set[str]:
    """The names in an OLE file's directory (empty when it cannot be read)."""
    if not data.startswith(OLE_MAGIC) or len(data) < 512:
        return set()
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    if not 7 <= shift <= 16:
        return set()
    size = 1 << shift
    fat_count = struct.unpack_from("<I", data, 0x2C)[0]
    directory = struct.unpack_from("<I", data, 0x30)[0]
    difat = struct.unpack_from("<109I", data, 0x4C)[: min(fat_count, 109)]

    def sector(n: int) -> bytes:
        start = 512 + n * size if size == 512 else size + n * size
        return data[start : start + size]

    fat: list[int] = []
    for n in difat:
        chunk = sector(n)
        fat.extend(struct.unpack(f"<{len(chunk) // 4}I", chunk[: len(chunk) // 4 * 4]))
    names: set[str] = set()
    seen: set[int] = set()
    current = directory
    while current != _END_OF_CHAIN and current not in seen and len(seen) < _MAX_DIRECTORY_SECTORS:
        seen.add(current)
        chunk = sector(current)
        for offset in range(0, len(chunk) - 127, 128):
            length = struct.unpack_from("<H", chunk, offset + 64)[0]
            if 2 <= length <= 64:
                name = chunk[offset : offset + length - 2].decode("utf-16-le", "replace")
                if name:
                    names.add(name)
        if current >= len(fat):
            break
        current = fat[current]
    return names


def ole_kind(path: Path) -> str | None:
    """``encrypted``, ``xls``, ``doc`` or ``ole`` (another OLE file); None when not OLE."""
    with path.open("rb") as fh:
        data = fh.read(_MAX_BYTES)
    if not data.startswith(OLE_MAGIC):
        return None
    names = stream_names(data)
    if {"EncryptionInfo", "EncryptedPackage"} & names:
        return "encrypted"
    if "WordDocument" in names:
        return "doc"
    if {"Workbook", "Book"} & names:
        return "xls"
    return "ole"


_OLD = {
    "xls": "old Excel format (a .xls workbook, BIFF)",
    "doc": "old Word format (a .doc document)",
}


def refuse_ole(path: Path, expected: str) -> NoReturn:
    """Raise the error an OLE file named as a ``expected`` (DOCX, workbook) deserves: an
    old binary format is ``unsupported_format``, an encrypted file ``encrypted``."""
    kind = ole_kind(path)
    if kind in _OLD:
        raise UnsupportedFormatError(
            path, f"{_OLD[kind]} under a {path.suffix} name: open it and save it as {path.suffix}"
        )
    if kind == "encrypted":
        raise EncryptedFileError(path, f"a password-protected {expected} (an encrypted package)")
    raise EncryptedFileError(
        path, f"an OLE compound file, not a zip: a password-protected {expected} or an old format"
    )
