"""Records without provenance, to compare two renderings (or two formats) of one document."""

from __future__ import annotations

from typing import Any

from idx766.interchange import to_dict
from idx766.model import Records

PROVENANCE = ("source", "sources", "also", "location", "sha256", "parser")
"""Keys that say where a record was read (file, page, table, row; the parser's name)."""


def projection(records: Records) -> dict[str, Any]:
    """The records as interchange dicts without provenance (which differs between renderings
    of one document: its file, pages, table ordinals, rows, and the parser that read it)."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in PROVENANCE}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    result: dict[str, Any] = strip(to_dict(records))
    return result
