"""Records as polars DataFrames (Decimal columns), and writers for Parquet and CSV.

One frame per record kind, one row per record, flat columns: a score's components become
columns named by their keys, provenance becomes ``source_file``, ``source_page``... The frames
are built from the interchange dicts, so the two views cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

from idx766.components import COMPONENTS
from idx766.interchange import KINDS, document_dict, record_dict
from idx766.model import (
    Change,
    Document,
    Finding,
    Metric,
    OverdueRecord,
    Pakn,
    Provenance,
    Records,
    Snapshot,
    Target,
    Unit,
)
from idx766.numbers import places

__all__ = ["documents_frame", "frame_of", "to_frames", "write_frames"]

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
            flat["source_files"] = list(dict.fromkeys(p["file"] for p in value))
        else:
            flat[key] = value
    return flat


_DATE_COLUMNS = frozenset(
    {"as_of", "from", "to", "received_on", "code_date", "issue_date", "period_start", "period_end"}
)


def _series(name: str, values: list[Any]) -> pl.Series:
    if name in _DATE_COLUMNS:
        return pl.Series(name, values, dtype=pl.String).str.to_date("%Y-%m-%d")
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, Decimal) for v in present):
        scale = max(places(v) for v in present)
        return pl.Series(name, values, dtype=pl.Decimal(38, scale))
    if present and all(isinstance(v, list) for v in present):
        return pl.Series(name, values, dtype=pl.List(pl.String))
    if not present:
        return pl.Series(name, values, dtype=pl.Null)
    return pl.Series(name, values, strict=False)


def _example(kind: str) -> Any:
    """A minimal record of a kind: its columns name an empty frame of that kind."""
    unit = Unit(name="-", key="-")
    day = date(2000, 1, 1)
    makers: dict[str, Callable[[], Any]] = {
        "scores": lambda: Snapshot(unit=unit, as_of=day, sources=(Provenance(file="-"),)),
        "changes": lambda: Change(unit=unit, from_date=day, to_date=day),
        "overdue": lambda: OverdueRecord(unit=unit, as_of=day, count=0),
        "pakn": lambda: Pakn(code="PAKN.20000101.0001"),
        "metrics": lambda: Metric(unit=unit, metric="-", as_of=day),
        "targets": lambda: Target(indicator="-", op="=", value=Decimal(0)),
        "findings": lambda: Finding(check="-", severity="warning", message="-"),
    }
    return makers[kind]()


def frame_of(kind: str, items: Iterable[Any]) -> pl.DataFrame:
    """The records of one kind (``scores``, ``changes``...) as a DataFrame.

    With no records the frame is empty but has the kind's columns.
    """
    rows = [_flatten(record_dict(kind, item)) for item in items]
    if not rows:
        return frame_of(kind, [_example(kind)]).clear()
    columns = list(rows[0])
    return pl.DataFrame([_series(c, [r[c] for r in rows]) for c in columns])


def documents_frame(documents: Iterable[Document]) -> pl.DataFrame:
    """Documents as a DataFrame, one row each."""
    rows = [document_dict(d) for d in documents]
    if not rows:
        return pl.DataFrame()
    return pl.DataFrame([_series(c, [r[c] for r in rows]) for c in rows[0]])


def to_frames(records: Records) -> dict[str, pl.DataFrame]:
    """One DataFrame per record kind (``scores``, ``changes``...), plus ``document`` (one row)."""
    frames = {"document": documents_frame([records.document])}
    for kind in KINDS:
        frames[kind] = frame_of(kind, getattr(records, kind))
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
