"""The content-hash cache: each file's records as interchange JSON, keyed by its SHA-256.

An unchanged file is never parsed again, whatever its name or folder; a new idx766 version has a
cache of its own (its parsers may read more). Entries are written atomically, so an ingest that
is killed halfway leaves only whole entries behind and the next one goes on from there.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from idx766 import __version__
from idx766.interchange import loads
from idx766.model import Records

__all__ = ["Cache"]


class Cache:
    """A directory of ``<sha256>.json`` files under the panel."""

    def __init__(self, panel: Path) -> None:
        self.root = panel / "_cache" / f"v{__version__}"

    def path(self, sha256: str) -> Path:
        """Where the entry of a content hash lives."""
        return self.root / sha256[:2] / f"{sha256}.json"

    def error_path(self, sha256: str) -> Path:
        """Where the entry of a file that could not be read lives."""
        return self.root / sha256[:2] / f"{sha256}.error.json"

    def __contains__(self, sha256: object) -> bool:
        return isinstance(sha256, str) and (
            self.path(sha256).is_file() or self.error_path(sha256).is_file()
        )

    def error(self, sha256: str) -> tuple[str, str] | None:
        """The cached failure of a content hash (kind, reason), if it failed."""
        path = self.error_path(sha256)
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
            return str(data["kind"]), str(data["reason"])
        except (OSError, ValueError, KeyError, TypeError):  # damaged: as if never tried
            path.unlink(missing_ok=True)
            return None

    def put_error(self, sha256: str, kind: str, reason: str) -> None:
        """Remember that a content hash could not be read (so it is not retried every time)."""
        self._write(self.error_path(sha256), json.dumps({"kind": kind, "reason": reason}))

    def forget_errors(self) -> None:
        """Drop every cached failure (to retry those files)."""
        for path in self.root.glob("*/*.error.json"):
            path.unlink(missing_ok=True)

    def get(self, sha256: str) -> Records:
        """The cached records of a content hash (``KeyError`` if not cached, ``ValueError``
        if the entry is damaged: :meth:`forget` it and parse the file again)."""
        path = self.path(sha256)
        if not path.is_file():
            raise KeyError(sha256)
        try:
            return loads(path.read_bytes().decode("utf-8"))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"damaged cache entry {path.name}: {exc}") from exc

    def forget(self, sha256: str) -> None:
        """Drop the entry of a content hash (read or failed)."""
        self.path(sha256).unlink(missing_ok=True)
        self.error_path(sha256).unlink(missing_ok=True)

    def put(self, sha256: str, records_json: str) -> None:
        """Store an entry atomically (a temporary file renamed into place)."""
        self._write(self.path(sha256), records_json)

    @staticmethod
    def _write(path: Path, text: str) -> None:
        """Encode first (text that is not valid Unicode raises before anything is written),
        then write a temporary file (mode from the umask) and rename it into place."""
        data = text.encode("utf-8")
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
