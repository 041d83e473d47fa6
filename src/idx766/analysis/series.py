"""The series a unit's scores belong to, so that a history never mixes them.

A unit has several series of scores: the running score of a day (what weekly reports copy from
the portal), scores of a week, a month or a quarter, and the year to date (the portal's
"Năm 2026" view). Drawn or ranked together they would make a line out of unlike figures.
:func:`with_series` names each score's series from its period (column ``series``).
"""

from __future__ import annotations

import polars as pl

from idx766.analysis._frames import FrameT, finish, lazy

__all__ = ["SERIES", "with_series"]

SERIES = ("day", "week", "month", "quarter", "year")
"""The series, in the order tables show them: ``day`` is a running score with no period."""


def with_series(frame: FrameT, *, period_kind: str = "period_kind", name: str = "series") -> FrameT:
    """Add ``name``: ``day`` for a score without a period, else its period's kind (an Enum of
    :data:`SERIES`, so that sorting by it follows that order)."""
    series = pl.coalesce(pl.col(period_kind), pl.lit("day")).cast(pl.Enum(SERIES))
    return finish(frame, lazy(frame).with_columns(series.alias(name)))
