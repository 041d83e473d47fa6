"""Reading a panel: lazy frames over its Parquet tables, a unit's history, rank trends.

A panel is opened at the generation its manifest names, and each table is checked against the
manifest (size and SHA-256) before anything is read: a missing, truncated or altered table is a
:class:`~idx766.errors.DamagedPanelError` naming the file, never a wrong answer.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from idx766.panel import store
from idx766.panel.store import TABLES
from idx766.units import Registry, default_registry

__all__ = ["Panel"]


class Panel:
    """A panel directory opened lazily: ``panel.scores`` is a ``pl.LazyFrame`` (scan_parquet).

    Raises :class:`~idx766.errors.NotAPanelError` for a folder without a manifest and
    :class:`~idx766.errors.DamagedPanelError` when the manifest or a table is damaged
    (``verify=False`` skips hashing the tables, for a quick look at a large panel).
    """

    def __init__(
        self, path: str | Path, *, registry: Registry | None = None, verify: bool = True
    ) -> None:
        self.path = Path(path)
        self.manifest = store.load_manifest(self.path)
        if verify:
            store.raise_damage(store.verify(self.path, self.manifest))
        self.registry = registry or default_registry()

    def table_file(self, name: str) -> Path:
        """The Parquet file of one table in the generation opened (for DuckDB, Spark...)."""
        if name not in TABLES:
            raise KeyError(f"no table {name!r} (tables: {', '.join(TABLES)})")
        return store.table_path(self.path, self.manifest, name)

    def table(self, name: str) -> pl.LazyFrame:
        """One table as a LazyFrame (no rows when the panel has none of its records)."""
        return pl.scan_parquet(self.table_file(name))

    @property
    def scores(self) -> pl.LazyFrame:
        """Every unit's scores, one row per unit, date and period."""
        return self.table("scores")

    @property
    def changes(self) -> pl.LazyFrame:
        """Published changes."""
        return self.table("changes")

    @property
    def findings(self) -> pl.LazyFrame:
        """Every finding of every document, and the conflicts between documents."""
        return self.table("findings")

    def unit_keys(self, key: str, *, continued: bool = False, on: date | None = None) -> list[str]:
        """The key, and with ``continued`` the keys of the units whose series it carries on.

        "Sở Tài chính" continued includes "Sở Kế hoạch và Đầu tư" (merged into it on
        1/3/2025); a unit's own series is never extended with invented figures.
        """
        if not continued or key not in self.registry:
            return [key]
        keys = [key]
        frontier = [key]
        while frontier:
            current = frontier.pop()
            for pred in self.registry.predecessors(current):
                if pred.key not in keys:
                    keys.append(pred.key)
                    frontier.append(pred.key)
        return keys

    def history(self, key: str, *, continued: bool = False) -> pl.LazyFrame:
        """A unit's scores over time (``continued``: through its predecessors too)."""
        keys = self.unit_keys(key, continued=continued)
        return self.scores.filter(pl.col("unit_key").is_in(keys)).sort("as_of", nulls_last=True)
