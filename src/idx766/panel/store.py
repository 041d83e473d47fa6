"""The panel on disk: generations of tables, switched by one atomic rename of the manifest.

::

    PANEL/manifest.json                the current generation: each table's file, rows, size, hash
    PANEL/tables/scores-<hash>.parquet one file per table and content (``changes``, ``overdue``...)
    PANEL/_generations/<n>.json        the manifests of the last generations (for repairs)
    PANEL/.lock                        held by the ingest that writes the panel; says who it is
    PANEL/_cache/                      each file's records by content hash (:mod:`.cache`)

An ingest writes the tables of a new generation beside those of the old one (a table whose
content did not change keeps its file), flushes them to disk, and then replaces
``manifest.json`` in one atomic rename: a reader sees the old generation or the new one, never
a mix, and an ingest killed at any point leaves the old one whole. The files of the previous
generation are kept, so a reader that opened it just before the switch can still read it.

Readers (:class:`~idx766.panel.Panel`) open the generation the manifest names and check each
table's size and SHA-256 against it: a missing, truncated or altered table is a
:class:`~idx766.errors.DamagedPanelError` naming the file, and the next ingest rebuilds it from
the cache. Files are created as the user's umask says, like any other file they write. To read
a table with another tool (DuckDB, Spark), take its file from the manifest
(``manifest["tables"]["scores"]["file"]``).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import secrets
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
from attrs import frozen

from idx766.errors import DamagedPanelError, NotAPanelError, PanelLockedError

__all__ = [
    "FORMAT",
    "MANIFEST",
    "TABLES",
    "Damage",
    "clean_temporaries",
    "load_manifest",
    "lock",
    "read_manifest",
    "table_path",
    "verify",
    "write_generation",
]

TABLES = (
    "scores",
    "changes",
    "overdue",
    "pakn",
    "metrics",
    "targets",
    "findings",
    "documents",
    "errors",
)
MANIFEST = "manifest.json"
FORMAT = 2
_TABLES_DIR = "tables"
_GENERATIONS_DIR = "_generations"
_LOCK = ".lock"
_KEEP_GENERATIONS = 3
_TMP_SUFFIX = ".tmp"
_REPAIR_HINT = "run `idx766 ingest --repair` (or any ingest) to rebuild it from the cache"


# -- small file helpers -------------------------------------------------------------------------


def _temporary(path: Path) -> Path:
    """A new temporary name beside ``path`` (removed by :func:`clean_temporaries` if left)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{_TMP_SUFFIX}")


def _fsync(path: Path) -> None:
    """Flush a file (or a directory's entries) to disk; a no-op where the OS cannot."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    try:
        fd = os.open(path, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (a temporary file flushed, then renamed)."""
    tmp = _temporary(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync(path.parent)


def _sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def clean_temporaries(panel: Path) -> list[Path]:
    """Remove temporary files a killed ingest left in the panel (call with the lock held)."""
    removed: list[Path] = []
    if not panel.is_dir():
        return removed
    for folder in (panel, panel / _TABLES_DIR, panel / _GENERATIONS_DIR):
        if folder.is_dir():
            for tmp in folder.glob(f".*{_TMP_SUFFIX}"):
                tmp.unlink(missing_ok=True)
                removed.append(tmp)
    cache = panel / "_cache"
    if cache.is_dir():
        for tmp in cache.glob(f"*/*/*{_TMP_SUFFIX}"):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


# -- the lock -----------------------------------------------------------------------------------


def _holder(fd: int) -> str:
    try:
        data = json.loads(os.pread(fd, 4096, 0).decode("utf-8", "replace") or "{}")
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict) or not data:
        return "another ingest"
    return (
        f"ingest pid {data.get('pid', '?')} on {data.get('host', '?')}, "
        f"since {data.get('since', '?')}"
    )


@contextlib.contextmanager
def lock(
    panel: Path,
    *,
    timeout: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the panel's exclusive lock (an ``fcntl`` record lock on ``PANEL/.lock``).

    Another ingest holding it is waited for, ``timeout`` seconds at most (None: as long as it
    takes; 0: not at all), then :class:`~idx766.errors.PanelLockedError` says who holds it.
    ``on_wait(holder)`` is called once when waiting starts. The lock dies with its process, so
    a killed ingest never leaves a stale one.
    """
    key = os.path.realpath(panel)
    with _THREADS_GUARD:
        in_process = _THREAD_LOCKS.setdefault(key, threading.Lock())
    if not in_process.acquire(timeout=-1 if timeout is None else timeout):
        raise PanelLockedError(panel, "another ingest in this process is writing it")
    try:
        with _file_lock(panel, timeout, on_wait):
            yield
    finally:
        in_process.release()


_THREADS_GUARD = threading.Lock()
_THREAD_LOCKS: dict[str, threading.Lock] = {}
"""fcntl locks belong to a process: two threads of one process would both get one, so each
panel also has a lock for the threads of this process."""


@contextlib.contextmanager
def _file_lock(
    panel: Path, timeout: float | None, on_wait: Callable[[str], None] | None
) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: the in-process lock only
        yield
        return
    fd = os.open(panel / _LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = None if timeout is None else time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EACCES, errno.EAGAIN):
                    raise
            holder = _holder(fd)
            if deadline is not None and time.monotonic() >= deadline:
                raise PanelLockedError(panel, f"{holder} is writing it; try again when it ends")
            if not told and on_wait is not None:
                on_wait(holder)
                told = True
            time.sleep(0.1)
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": " ".join(sys.argv)[:500],
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.lockf(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# -- manifests ----------------------------------------------------------------------------------


def read_manifest(panel: Path) -> dict[str, Any] | None:
    """The manifest of a panel, or None if it has none (or a damaged one)."""
    try:
        return load_manifest(panel)
    except (NotAPanelError, DamagedPanelError):
        return None


def _parse_manifest(path: Path) -> dict[str, Any]:
    try:
        text = path.read_bytes().decode("utf-8")
        data = json.loads(text)
    except (UnicodeDecodeError, ValueError) as exc:
        raise DamagedPanelError(
            path, f"the manifest is not valid JSON ({exc}); {_REPAIR_HINT}"
        ) from exc
    if not isinstance(data, dict):
        raise DamagedPanelError(path, f"the manifest is not a JSON object; {_REPAIR_HINT}")
    return data


def load_manifest(panel: Path) -> dict[str, Any]:
    """The manifest of a panel; :class:`NotAPanelError` when there is none,
    :class:`DamagedPanelError` when it cannot be read."""
    path = panel / MANIFEST
    if not path.exists():
        if panel.is_dir() and (panel / _GENERATIONS_DIR).is_dir():
            raise DamagedPanelError(path, f"the manifest is missing; {_REPAIR_HINT}")
        raise NotAPanelError(panel, "not a panel (no manifest.json); run `idx766 ingest`")
    data = _parse_manifest(path)
    tables = data.get("tables")
    if data.get("format") != FORMAT or not isinstance(tables, dict):
        raise DamagedPanelError(
            path, f"a panel written by an older idx766 (no table hashes); {_REPAIR_HINT}"
        )
    for name in TABLES:
        entry = tables.get(name)
        if not isinstance(entry, dict) or not {"file", "bytes", "sha256", "rows"} <= set(entry):
            raise DamagedPanelError(path, f"the manifest does not describe table {name!r}")
    return data


def last_good_manifest(panel: Path) -> dict[str, Any] | None:
    """The current manifest if it is readable, else the newest readable one kept of the
    previous generations (what a repair rebuilds from)."""
    with contextlib.suppress(NotAPanelError, DamagedPanelError):
        return load_manifest(panel)
    folder = panel / _GENERATIONS_DIR
    if not folder.is_dir():
        return None
    for path in sorted(folder.glob("*.json"), reverse=True):
        with contextlib.suppress(OSError, DamagedPanelError):
            data = _parse_manifest(path)
            if isinstance(data.get("inputs"), dict):
                return data
    return None


# -- tables -------------------------------------------------------------------------------------


@frozen(kw_only=True)
class Damage:
    """A table of a generation that is not what its manifest says."""

    table: str
    file: Path
    reason: str


def table_path(panel: Path, manifest: Mapping[str, Any], name: str) -> Path:
    """The file of one table of a generation."""
    return panel / str(manifest["tables"][name]["file"])


def verify(panel: Path, manifest: Mapping[str, Any]) -> list[Damage]:
    """Every table of the generation whose file is missing or not the one the manifest lists
    (size first, then SHA-256)."""
    damaged: list[Damage] = []
    for name in TABLES:
        entry = manifest["tables"][name]
        path = table_path(panel, manifest, name)
        try:
            size = path.stat().st_size
        except OSError as exc:
            damaged.append(Damage(table=name, file=path, reason=f"missing ({exc.strerror})"))
            continue
        if size != entry["bytes"]:
            damaged.append(
                Damage(
                    table=name,
                    file=path,
                    reason=f"{size} bytes where the manifest says {entry['bytes']} (truncated "
                    "or replaced)",
                )
            )
            continue
        try:
            digest, _ = _sha256(path)
        except OSError as exc:
            damaged.append(Damage(table=name, file=path, reason=f"unreadable ({exc.strerror})"))
            continue
        if digest != entry["sha256"]:
            damaged.append(
                Damage(
                    table=name,
                    file=path,
                    reason="its content is not the one the manifest lists (altered)",
                )
            )
    return damaged


def raise_damage(damaged: list[Damage]) -> None:
    """Raise :class:`DamagedPanelError` for the first damaged table (counting the others)."""
    if not damaged:
        return
    first = damaged[0]
    others = f" (and {len(damaged) - 1} more tables)" if len(damaged) > 1 else ""
    raise DamagedPanelError(
        first.file, f"damaged table {first.table!r}: {first.reason}{others}; {_REPAIR_HINT}"
    )


_TABLE_FILE = re.compile(r"^(?P<name>[a-z]+)-(?P<hash>[0-9a-f]{16})\.parquet$")


def _write_table(panel: Path, name: str, frame: pl.DataFrame) -> dict[str, Any]:
    folder = panel / _TABLES_DIR
    folder.mkdir(exist_ok=True)
    tmp = _temporary(folder / f"{name}.parquet")
    try:
        frame.write_parquet(tmp)
        _fsync(tmp)
        digest, size = _sha256(tmp)
        final = folder / f"{name}-{digest[:16]}.parquet"
        same = False
        with contextlib.suppress(OSError):
            same = final.stat().st_size == size and _sha256(final)[0] == digest
        if not same:
            os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    return {
        "file": f"{_TABLES_DIR}/{final.name}",
        "rows": frame.height,
        "bytes": size,
        "sha256": digest,
    }


def write_generation(
    panel: Path,
    frames: Mapping[str, pl.DataFrame],
    meta: Mapping[str, Any],
    previous: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """Write every table and switch the panel to them; returns the new manifest.

    Call with the panel's lock held. Only the rename of ``manifest.json`` makes the new
    generation current; an error before it leaves the old one whole.
    """
    panel.mkdir(parents=True, exist_ok=True)
    tables = {name: _write_table(panel, name, frames[name]) for name in TABLES}
    _fsync(panel / _TABLES_DIR)
    number = int(previous.get("generation", 0)) + 1 if previous else 1
    manifest = {
        **meta,
        "format": FORMAT,
        "generation": number,
        "built": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": tables,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
    generations = panel / _GENERATIONS_DIR
    generations.mkdir(exist_ok=True)
    _write_text(generations / f"{number:08d}.json", text)
    _write_text(panel / MANIFEST, text)  # the switch
    _collect_garbage(panel, manifest, previous)
    return manifest


def _collect_garbage(
    panel: Path, manifest: Mapping[str, Any], previous: Mapping[str, Any] | None
) -> None:
    """Remove table files that neither this generation nor the previous one uses, old kept
    manifests, and the flat tables of panels written by older versions."""
    keep = {str(e["file"]) for e in manifest["tables"].values()}
    if previous and isinstance(previous.get("tables"), dict):
        keep |= {str(e.get("file")) for e in previous["tables"].values() if isinstance(e, dict)}
    folder = panel / _TABLES_DIR
    for path in folder.glob("*.parquet"):
        if _TABLE_FILE.match(path.name) and f"{_TABLES_DIR}/{path.name}" not in keep:
            path.unlink(missing_ok=True)
    kept = sorted((panel / _GENERATIONS_DIR).glob("*.json"))
    for old in kept[:-_KEEP_GENERATIONS]:
        old.unlink(missing_ok=True)
    for name in TABLES:  # format 1 kept its tables beside the manifest
        (panel / f"{name}.parquet").unlink(missing_ok=True)
