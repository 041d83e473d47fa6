"""Score gaps: to the leader, to the next unit above and below, to a chosen unit.

Every gap is "this unit's score minus the other's", in ``Decimal``: the "Khoảng cách" column of
a province comparison (Vĩnh Long +0,35 against Thái Nguyên) is ``gap_to_unit`` with
``to_unit="thai-nguyen"``. Gaps above are therefore ≤ 0 and gaps below ≥ 0.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from idx766.analysis._frames import FrameT, columns, finish, lazy, windowed
from idx766.analysis.ranks import DEFAULT_OVER, rank_expr

__all__ = ["gaps"]

_DENSE = "__idx766_gap_dense"
_ABOVE = "__idx766_gap_above"
_BELOW = "__idx766_gap_below"


def gaps(
    frame: FrameT,
    *,
    by: str = "total",
    over: str | Sequence[str] = DEFAULT_OVER,
    to_unit: str | None = None,
    key: str = "unit_key",
) -> FrameT:
    """Add ``gap_to_leader``, ``gap_to_above``, ``gap_to_below`` (and ``gap_to_unit``).

    Within each ``over`` partition: ``gap_to_leader`` = score − the highest score (0 for the
    leader); ``gap_to_above`` = score − the next higher distinct score (null for the leader;
    units tied with this one are not "above" it); ``gap_to_below`` = score − the next lower
    distinct score (null for the last). With ``to_unit`` (a value of column ``key``),
    ``gap_to_unit`` = score − that unit's score in the same partition (null where the unit is
    absent). Rows with a null score get null gaps. Row order is kept.
    """
    over_cols = columns(over)
    lf = lazy(frame).with_columns(rank_expr(by, over=over_cols, method="dense").alias(_DENSE))
    levels = (
        lf.filter(pl.col(by).is_not_null())
        .group_by([*over_cols, _DENSE])
        .agg(pl.col(by).first().alias("__value"))
    )
    above = levels.select(
        *over_cols, (pl.col(_DENSE) + 1).alias(_DENSE), pl.col("__value").alias(_ABOVE)
    )
    below = levels.select(
        *over_cols, (pl.col(_DENSE) - 1).alias(_DENSE), pl.col("__value").alias(_BELOW)
    )
    on = [*over_cols, _DENSE]
    joined = lf.join(above, on=on, how="left", nulls_equal=True, maintain_order="left").join(
        below, on=on, how="left", nulls_equal=True, maintain_order="left"
    )
    exprs = [
        (pl.col(by) - windowed(pl.col(by).max(), over_cols)).alias("gap_to_leader"),
        (pl.col(by) - pl.col(_ABOVE)).alias("gap_to_above"),
        (pl.col(by) - pl.col(_BELOW)).alias("gap_to_below"),
    ]
    if to_unit is not None:
        reference = windowed(pl.col(by).filter(pl.col(key) == to_unit).first(), over_cols)
        exprs.append((pl.col(by) - reference).alias("gap_to_unit"))
    result = joined.with_columns(exprs).drop(_DENSE, _ABOVE, _BELOW)
    return finish(frame, result)
