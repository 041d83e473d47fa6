"""The panel on disk: one Parquet file per record kind, a manifest, replaced atomically.

``PANEL/scores.parquet``, ``changes``, ``overdue``, ``pakn``, ``metrics``, ``targets``,
``findings``, ``documents`` and ``errors`` (files that could not be read), readable by polars,
DuckDB or Spark; ``manifest.json`` lists the files and content hashes the panel was built from.
Each table is written to a temporary file and renamed into place; the manifest is written last,
so a panel whose manifest does not match its inputs is simply rebuilt.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

__all__ = ["TABLES", "read_manifest", "write_manifest", "write_tables"]

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


def _atomic(path: Path, write: Any) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_tables(panel: Path, frames: Mapping[str, pl.DataFrame]) -> None:
    """Write every table given (a table not given is removed: the panel has none of it)."""
    panel.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        path = panel / f"{name}.parquet"
        frame = frames.get(name)
        if frame is None:
            path.unlink(missing_ok=True)
            continue
        _atomic(path, lambda tmp, f=frame: f.write_parquet(tmp))


def read_manifest(panel: Path) -> dict[str, Any] | None:
    """The manifest of a panel, or None if it has none (or a damaged one)."""
    try:
        data = json.loads((panel / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_manifest(panel: Path, manifest: Mapping[str, Any]) -> None:
    """Write the manifest (last, atomically)."""
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
    _atomic(panel / MANIFEST, lambda tmp: tmp.write_text(text, encoding="utf-8"))
