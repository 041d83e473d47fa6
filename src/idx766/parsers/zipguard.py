"""Guards for zip-based formats (DOCX, XLSX), checked before anything is inflated.

The central directory is read (not the data): the number of members, each member's declared
uncompressed size and compression ratio, and their total. XML parts are refused when they
declare a DOCTYPE (external entities, entity expansion): it is never resolved, the file is
refused. Each check names the file and the limit it broke.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from idx766.errors import CorruptFileError, TooLargeError
from idx766.parsers.base import ParseOptions

__all__ = ["check_zip"]

_XML_HEAD = 4096


def check_zip(path: Path, options: ParseOptions) -> None:
    """Raise TooLargeError or CorruptFileError if the zip at ``path`` breaks a limit."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > options.max_zip_members:
                raise TooLargeError(
                    path, f"{len(infos)} zip members, over the limit of {options.max_zip_members}"
                )
            total = 0
            for info in infos:
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > options.max_inflated_bytes or total > (
                    options.max_inflated_bytes
                ):
                    raise TooLargeError(
                        path,
                        f"{info.filename} would inflate past the limit of "
                        f"{options.max_inflated_bytes} bytes",
                    )
                if ratio > options.max_compression_ratio and info.file_size > 1 << 20:
                    raise TooLargeError(
                        path,
                        f"{info.filename} is compressed {ratio:.0f}:1, over the limit of "
                        f"{options.max_compression_ratio}:1 (a zip bomb?)",
                    )
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with zf.open(info) as member:
                        head = member.read(_XML_HEAD)
                    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
                        raise CorruptFileError(
                            path,
                            f"{info.filename} declares a DOCTYPE or entities; refused, "
                            "never resolved",
                        )
    except zipfile.BadZipFile as exc:
        raise CorruptFileError(path, f"not a readable zip package: {exc}") from exc
    except (OSError, EOFError, ValueError, NotImplementedError, zlib.error) as exc:
        raise CorruptFileError(path, f"damaged zip package: {exc}") from exc
