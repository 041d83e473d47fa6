"""The score checks as frame operations: the same rules over millions of rows.

The catalogue's ``component-sum-equals-total``, ``component-within-max`` and ``total-within-100``
run these on the scores of one document (with a per-row tolerance from the printed precision);
a panel runs them on all its scores at once. Each returns the rows that break the rule.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from idx766.analysis._frames import FrameT, finish, lazy
from idx766.components import FIVE_GROUP, SIX_GROUP, component

__all__ = ["out_of_range", "over_maximum", "sum_mismatches"]


def _group_sum(keys: tuple[str, ...]) -> pl.Expr:
    expr = pl.col(keys[0])
    for key in keys[1:]:
        expr = expr + pl.col(key)  # null if any group is missing: then there is no sum to check
    return expr


def sum_mismatches(
    frame: FrameT,
    *,
    total: str = "total",
    allowed: str | Decimal = Decimal(0),
    methodology_column: str = "methodology",
) -> FrameT:
    """Rows whose groups do not add up to the total by more than ``allowed``.

    ``allowed`` is a tolerance or the name of a column holding one per row. The groups are the
    six of today's methodology, or the five of the 2022 one for rows whose methodology says so;
    rows missing a group are not checked. Adds ``component_sum`` and ``difference``
    (sum − total).
    """
    lf = lazy(frame)
    names = set(lf.collect_schema().names())
    six, five = _group_sum(SIX_GROUP.keys), _group_sum(FIVE_GROUP.keys)
    if not set(SIX_GROUP.keys) <= names:
        six = pl.lit(None)
    if set(FIVE_GROUP.keys) <= names and methodology_column in names:
        summed = pl.when(pl.col(methodology_column) == FIVE_GROUP.key).then(five).otherwise(six)
    else:
        summed = six
    limit = pl.col(allowed) if isinstance(allowed, str) else pl.lit(allowed)
    result = (
        lf.with_columns(component_sum=summed)
        .with_columns(difference=pl.col("component_sum") - pl.col(total))
        .filter(pl.col("difference").abs() > limit)
    )
    return finish(frame, result)


def over_maximum(frame: FrameT, *, methodology_column: str = "methodology") -> FrameT:
    """Rows with a group above its maximum or below 0; adds ``over`` (the offending groups).

    A five-group row's online services may reach 22; a six-group row's reach 12 and 10.
    """
    lf = lazy(frame)
    names = lf.collect_schema().names()
    five = (
        pl.col(methodology_column) == FIVE_GROUP.key
        if methodology_column in names
        else pl.lit(False)
    )
    flags = []
    for key in (*SIX_GROUP.keys, "truc_tuyen"):
        if key not in names:
            continue
        limit = pl.lit(component(key).max_points)
        bad = (pl.col(key) > limit) | (pl.col(key) < 0)
        if key in ("dvc_truc_tuyen", "thanh_toan"):
            bad = bad & ~five
        flags.append(pl.when(bad).then(pl.lit(key)).otherwise(None))
    if not flags:
        return finish(frame, lf.with_columns(over=pl.lit([], dtype=pl.List(pl.String))).head(0))
    over = pl.concat_list(flags).list.drop_nulls()
    result = lf.with_columns(over=over).filter(pl.col("over").list.len() > 0)
    return finish(frame, result)


def out_of_range(frame: FrameT, *, total: str = "total") -> FrameT:
    """Rows whose total is below 0 or above 100."""
    lf = lazy(frame)
    return finish(frame, lf.filter((pl.col(total) < 0) | (pl.col(total) > 100)))
