"""Changes between two dates computed from scores: "from 96,72 to 96,77, +0,05, rank 5 -> 5".

:func:`deltas` pairs each unit's row on one date with its row on another and subtracts, in
``Decimal`` arithmetic, so ``delta(a, b) == -delta(b, a)`` and ``delta(a, c) == delta(a, b) +
delta(b, c)`` hold exactly. Ranks at each date are competition ranks computed with
:func:`idx766.analysis.ranks.rank_expr`, not the positions printed in a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from idx766.analysis._frames import FrameT, as_date, columns, date_literal, finish, lazy
from idx766.analysis.ranks import COMPONENT_KEYS, rank_expr

__all__ = ["deltas"]


def deltas(
    frame: FrameT,
    *,
    before: date,
    after: date,
    key: str | Sequence[str] = "unit_key",
    date_column: str = "as_of",
    values: Sequence[str] | None = None,
    over: str | Sequence[str] = ("level",),
    keep: Sequence[str] | None = None,
    rank_by: str | None = "total",
) -> FrameT:
    """One row per unit present at ``before`` or ``after``: values at both dates and the change.

    For each column ``v`` of ``values`` the result has ``v_before``, ``v_after`` and
    ``v_delta = v_after - v_before`` (null when either side is missing). With ``rank_by`` (the
    total by default) it also has ``rank_before`` and ``rank_after``, the competition rank of
    ``rank_by`` among the units of the same ``over`` partition at each date, and ``rank_change
    = rank_before - rank_after`` (positive: the unit moved up).

    ``key`` identifies a unit (one column or several); the frame must hold at most one row per
    key and date (filter ``period`` first if the frame mixes running and monthly scores).
    ``values=None`` takes ``total`` and every component column present; ``keep=None`` carries
    the printed ``unit`` name if present (the one of ``after``, else ``before``). The ``over``
    columns are part of the unit's identity. The date column may hold dates or ISO strings.
    Rows are ordered by ``over``, then by rank at ``after`` and at ``before``.
    """
    lf = lazy(frame)
    schema = lf.collect_schema()
    keys = columns(key)
    over_cols = [c for c in columns(over) if c not in keys]
    if values is None:
        vals = [c for c in ("total", *COMPONENT_KEYS) if c in schema]
    else:
        vals = list(values)
    if keep is None:
        kept = [c for c in ("unit",) if c in schema and c not in keys]
    else:
        kept = [c for c in keep if c not in keys]
    day = as_date(schema, date_column)

    def side(on: date, suffix: str) -> pl.LazyFrame:
        part = lf.filter(day == date_literal(on))
        extra: list[str] = []
        if rank_by is not None:
            part = part.with_columns(
                rank_expr(rank_by, over=over_cols, method="min").alias(f"rank_{suffix}")
            )
            extra = [f"rank_{suffix}"]
        return part.select(
            *keys,
            *over_cols,
            *(pl.col(c).alias(f"{c}_{suffix}") for c in (*kept, *vals)),
            *extra,
        )

    joined = side(before, "before").join(
        side(after, "after"),
        on=[*keys, *over_cols],
        how="full",
        coalesce=True,
        nulls_equal=True,
        maintain_order="left_right",
    )
    out: list[pl.Expr | str] = [*keys, *over_cols]
    out += [pl.coalesce(f"{c}_after", f"{c}_before").alias(c) for c in kept]
    for v in vals:
        out += [
            f"{v}_before",
            f"{v}_after",
            (pl.col(f"{v}_after") - pl.col(f"{v}_before")).alias(f"{v}_delta"),
        ]
    order = [*over_cols]
    if rank_by is not None:
        out += [
            "rank_before",
            "rank_after",
            (pl.col("rank_before") - pl.col("rank_after")).alias("rank_change"),
        ]
        order += ["rank_after", "rank_before"]
    result = joined.select(out).sort([*order, *keys], nulls_last=True, maintain_order=True)
    return finish(frame, result)
