"""Records as polars DataFrames (Decimal columns), and writers for Parquet and CSV.

One frame per record kind, one row per record, flat columns: a score's components become
columns named by their keys, provenance becomes ``source_file``, ``source_page``... The frames
are built from the interchange dicts, so the two views cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import polars as pl

from idx766.components import COMPONENTS
from idx766.interchange import KINDS
from idx766.model import SCORE_PLACES, Document, Finding, Records
from idx766.numbers import places
from idx766.rows import document_row, record_rows

__all__ = [
    "MEASURE",
    "SCHEMAS",
    "SCORE",
    "documents_frame",
    "findings_frame",
    "frame_of",
    "record_rows",
    "to_frames",
    "write_frames",
]

_COMPONENT_KEYS = tuple(c.key for c in COMPONENTS)

SCORE = pl.Decimal(38, SCORE_PLACES)
"""The type of every score, component, change and target column: the portal's 2 decimals."""
MEASURE = pl.Decimal(38, 6)
"""The type of other figures (rates, counts, numerators, denominators)."""

_UNIT: dict[str, pl.DataType] = {
    "unit": pl.String(),
    "unit_key": pl.String(),
    "unit_code": pl.String(),
    "unit_portal_id": pl.String(),
    "level": pl.String(),
    "province": pl.String(),
}
_SOURCE: dict[str, pl.DataType] = {
    "source_file": pl.String(),
    "source_page": pl.Int64(),
    "source_table": pl.Int64(),
    "source_row": pl.Int64(),
    "source_sheet": pl.String(),
}
_TEXTS = pl.List(pl.String())
_SOURCES: dict[str, pl.DataType] = {"source_count": pl.Int64(), "source_files": _TEXTS}

SCHEMAS: dict[str, pl.Schema] = {
    "scores": pl.Schema(
        {
            **_UNIT,
            "as_of": pl.Date(),
            "total": SCORE,
            "rank": pl.Int64(),
            "rank_of": pl.Int64(),
            **{k: SCORE for k in _COMPONENT_KEYS},
            "methodology": pl.String(),
            "period": pl.String(),
            "period_kind": pl.String(),
            "groups": _TEXTS,
            "names": _TEXTS,
            **_SOURCE,
            **_SOURCES,
        }
    ),
    "changes": pl.Schema(
        {
            **_UNIT,
            "component": pl.String(),
            "from": pl.Date(),
            "to": pl.Date(),
            "before": SCORE,
            "after": SCORE,
            "delta": SCORE,
            "rank_before": pl.Int64(),
            "rank_after": pl.Int64(),
            "groups": _TEXTS,
            **_SOURCE,
            **_SOURCES,
        }
    ),
    "overdue": pl.Schema({**_UNIT, "as_of": pl.Date(), "count": pl.Int64(), **_SOURCE, **_SOURCES}),
    "pakn": pl.Schema(
        {
            "code": pl.String(),
            "code_date": pl.Date(),
            "sender": pl.String(),
            "received_on": pl.Date(),
            "field": pl.String(),
            **_UNIT,
            **_SOURCE,
        }
    ),
    "metrics": pl.Schema(
        {
            **_UNIT,
            "metric": pl.String(),
            "component": pl.String(),
            "indicator": pl.String(),
            "aggregate": pl.String(),
            "units_level": pl.String(),
            "units_group": pl.String(),
            "section": _TEXTS,
            "as_of": pl.Date(),
            "value": MEASURE,
            "numerator": MEASURE,
            "denominator": MEASURE,
            "measure": pl.String(),
            "maximum": MEASURE,
            "quality": pl.String(),
            **_SOURCE,
            **_SOURCES,
        }
    ),
    "targets": pl.Schema(
        {
            "indicator": pl.String(),
            "op": pl.String(),
            "value": MEASURE,
            "unit": pl.String(),
            **_SOURCE,
        }
    ),
    "findings": pl.Schema(
        {
            "check": pl.String(),
            "severity": pl.String(),
            "unit": pl.String(),
            "message": pl.String(),
            **_SOURCE,
        }
    ),
    "documents": pl.Schema(
        {
            "kind": pl.String(),
            "title": pl.String(),
            "number": pl.String(),
            "issuer": pl.String(),
            "issue_date": pl.Date(),
            "period_start": pl.Date(),
            "period_end": pl.Date(),
            "week": pl.Int64(),
            "province": pl.String(),
            "source": pl.String(),
            "sha256": pl.String(),
            "parser": pl.String(),
        }
    ),
}
"""One fixed schema per record kind: frames of any two documents concatenate."""


def _column(name: str, dtype: pl.DataType, values: list[Any]) -> pl.Series:
    if isinstance(dtype, pl.Decimal):
        scale = dtype.scale
        for v in values:
            if v is not None and places(v) > scale:
                raise ValueError(f"{name}: {v} has more than {scale} decimals")
    return pl.Series(name, values, dtype=dtype)


def _frame(schema: pl.Schema, rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(
        [_column(name, dtype, [r[name] for r in rows]) for name, dtype in schema.items()]
    )


def frame_of(kind: str, items: Iterable[Any]) -> pl.DataFrame:
    """The records of one kind (``scores``, ``changes``...) as a DataFrame of the kind's schema.

    Every frame of a kind has the same columns and types (:data:`SCHEMAS`), whatever the
    records hold, so frames of any documents concatenate.
    """
    return _frame(SCHEMAS[kind], record_rows(kind, items))


def documents_frame(documents: Iterable[Document]) -> pl.DataFrame:
    """Documents as a DataFrame, one row each."""
    return _frame(SCHEMAS["documents"], [document_row(d) for d in documents])


def findings_frame(findings: Iterable[Finding]) -> pl.DataFrame:
    """Findings (from :func:`idx766.check`) as a polars DataFrame, one row each, located."""
    return frame_of("findings", findings)


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
