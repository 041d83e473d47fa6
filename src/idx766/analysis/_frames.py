"""Shared plumbing of the analysis functions: the frame type variable and small helpers.

Every analysis function accepts a ``pl.DataFrame`` or a ``pl.LazyFrame`` and returns the same
type. Internally the work is one lazy query: a DataFrame is made lazy, the query built with
expressions, and collected only because the caller handed in an eager frame. A LazyFrame is
returned lazy; nothing is collected behind the caller's back (reading a LazyFrame's schema with
``collect_schema`` resolves the plan's column types, not its data).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TypeVar, cast

import polars as pl

__all__ = ["FrameT", "as_date", "columns", "date_literal", "finish", "lazy", "windowed"]

FrameT = TypeVar("FrameT", bound=pl.DataFrame | pl.LazyFrame)
"""A DataFrame or a LazyFrame; a function taking a ``FrameT`` returns the same type."""


def lazy(frame: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """The frame as a LazyFrame (a LazyFrame is returned as it is)."""
    return frame.lazy()


def finish(original: FrameT, result: pl.LazyFrame) -> FrameT:
    """``result`` in the type of ``original``: collected only if ``original`` was a DataFrame."""
    if isinstance(original, pl.DataFrame):
        return cast(FrameT, result.collect())
    return cast(FrameT, result)


def columns(names: str | Sequence[str]) -> list[str]:
    """A column argument given as one name or as several, as a list."""
    return [names] if isinstance(names, str) else list(names)


def windowed(expr: pl.Expr, over: Sequence[str]) -> pl.Expr:
    """``expr`` evaluated within the partitions ``over`` (the whole frame when empty)."""
    return expr.over(list(over)) if over else expr


def as_date(schema: pl.Schema, column: str) -> pl.Expr:
    """The column as ``pl.Date``; ISO strings (as a CSV export holds them) are parsed."""
    dtype = schema.get(column)
    if dtype is None:
        raise KeyError(f"no column {column!r} in the frame (columns: {list(schema)})")
    if dtype == pl.String:
        return pl.col(column).str.to_date("%Y-%m-%d")
    if isinstance(dtype, pl.Datetime):
        return pl.col(column).dt.date()
    if dtype in (pl.Date, pl.Null):
        return pl.col(column).cast(pl.Date)
    raise TypeError(f"column {column!r} holds {dtype}, not dates")


def date_literal(value: date) -> pl.Expr:
    """A date as a ``pl.Date`` literal."""
    return pl.lit(value, dtype=pl.Date)
