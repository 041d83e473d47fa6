"""Records as flat rows: the columns of the frames, without polars.

One dict per record, the frame's column names, dates as ``date``, numbers the ``Decimal`` that
was printed (``75.7`` keeps its one decimal). :mod:`idx766.frames` builds its DataFrames from
these rows; the command prints and writes them without importing polars.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from idx766.components import COMPONENTS
from idx766.interchange import document_dict, record_dict
from idx766.model import Document, Period

__all__ = ["DATE_COLUMNS", "document_row", "record_rows"]

_PROVENANCE_FIELDS = ("file", "page", "table", "row", "sheet")
_COMPONENT_KEYS = tuple(c.key for c in COMPONENTS)

DATE_COLUMNS = frozenset(
    {"as_of", "from", "to", "code_date", "received_on", "issue_date", "period_start", "period_end"}
)
"""The columns that hold dates (ISO text in the interchange format)."""


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
        elif key == "also":
            every = ([row["source"]] if row.get("source") else []) + list(value)
            flat["source_count"] = len(every)
            flat["source_files"] = list(dict.fromkeys(p["file"] for p in every))
        elif key == "period":
            flat["period"] = value
            flat["period_kind"] = Period.from_label(value).kind.value if value else None
        elif key in DATE_COLUMNS and isinstance(value, str):
            flat[key] = date.fromisoformat(value)
        else:
            flat[key] = value
    return flat


def record_rows(kind: str, items: Iterable[Any]) -> list[dict[str, Any]]:
    """The records of one kind as flat dicts with the frame's columns; numbers stay the
    Decimals that were printed (``75.7`` keeps one decimal)."""
    return [_flatten(record_dict(kind, item)) for item in items]


def document_row(document: Document) -> dict[str, Any]:
    """A document as a flat row (dates as ``date``)."""
    return {
        k: date.fromisoformat(v) if k in DATE_COLUMNS and v else v
        for k, v in document_dict(document).items()
    }
