"""Records as polars DataFrames (Decimal columns), and writers for Parquet and CSV.

One frame per record kind, one row per record, flat columns: a score's components become
columns named by their keys, provenance becomes ``source_file``, ``source_page``... The frames
are built from the interchange dicts, so the two views cannot drift apart.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

from idx766.components import COMPONENTS
from idx766.interchange import KINDS, record_dicts, to_dict
from idx766.model import Records
from idx766.numbers import places

__all__ = ["to_frames", "write_frames"]

_PROVENANCE_FIELDS = ("file", "page", "table", "row", "sheet")
_COMPONENT_KEYS = tuple(c.key for c in COMPONENTS)


def _flatten(row: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if key == "components":
            comps = value or {}
            for ck in _COMPONENT_KEYS:
                flat[ck] = comps.get(ck)
        elif key in ("source", "location"):
            for pf in _PROVENANCE_FIELDS:
                flat[f"source_{pf}"] = value.get(pf) if value else None
        elif key == "sources":
            first = value[0] if value else None
            for pf in _PROVENANCE_FIELDS:
                flat[f"source_{pf}"] = first.get(pf) if first else None
            flat["source_count"] = len(value)
        else:
            flat[key] = value
    return flat


def _series(name: str, values: list[Any]) -> pl.Series:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, Decimal) for v in present):
        scale = max(places(v) for v in present)
        return pl.Series(name, values, dtype=pl.Decimal(38, scale))
    if present and all(isinstance(v, list) for v in present):
        return pl.Series(name, values, dtype=pl.List(pl.String))
    if not present:
        return pl.Series(name, values, dtype=pl.Null)
    return pl.Series(name, values, strict=False)


def to_frames(records: Records) -> dict[str, pl.DataFrame]:
    """One DataFrame per record kind (``scores``, ``changes``...), plus ``document`` (one row)."""
    frames: dict[str, pl.DataFrame] = {}
    document = to_dict(records)["document"]
    frames["document"] = pl.DataFrame([document])
    for kind in KINDS:
        rows = [_flatten(r) for r in record_dicts(records, kind)]
        if not rows:
            frames[kind] = pl.DataFrame()
            continue
        columns = list(rows[0])
        frames[kind] = pl.DataFrame([_series(c, [r[c] for r in rows]) for c in columns])
    return frames


def write_frames(records: Records, directory: Path, *, fmt: str) -> list[Path]:
    """Write each non-empty frame as ``DIR/<kind>.parquet`` or ``.csv``; returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for kind, frame in to_frames(records).items():
        if frame.is_empty():
            continue
        path = directory / f"{kind}.{fmt}"
        if fmt == "parquet":
            frame.write_parquet(path)
        elif fmt == "csv":
            lists = [c for c, t in frame.schema.items() if isinstance(t, pl.List)]
            frame.with_columns(pl.col(c).list.join(";") for c in lists).write_csv(path)
        else:
            raise ValueError(f"unknown frame format {fmt!r} (parquet or csv)")
        written.append(path)
    return written
