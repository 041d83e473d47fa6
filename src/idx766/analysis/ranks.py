"""Rankings computed from scores: competition ("1, 1, 3") or dense ("1, 1, 2") ranks.

Reports print a position in a list, which is not a rank when scores tie: two communes at 97,85
are positions 6 and 7 but share rank 6. These functions rank the values themselves, so a rank
never depends on the order of the rows, and equal scores (compared as ``Decimal``, not float)
always share a rank. A null score is not ranked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import polars as pl

from idx766.analysis._frames import FrameT, columns, finish, lazy, windowed
from idx766.components import COMPONENTS

__all__ = [
    "COMPONENT_KEYS",
    "DEFAULT_OVER",
    "RankMethod",
    "component_ranks",
    "full_rankings",
    "rank",
    "rank_expr",
    "rank_of",
]

RankMethod = Literal["min", "dense"]
"""``min``: competition ranking, 1, 1, 3. ``dense``: 1, 1, 2."""

DEFAULT_OVER: tuple[str, ...] = ("level", "as_of")
"""Units are ranked against the units of their level on the same date."""

COMPONENT_KEYS: tuple[str, ...] = tuple(c.key for c in COMPONENTS)


def rank_expr(
    by: str,
    *,
    over: str | Sequence[str] = DEFAULT_OVER,
    method: RankMethod = "min",
    descending: bool = True,
) -> pl.Expr:
    """The rank of column ``by`` within ``over`` as an ``Int64`` expression (null for nulls)."""
    if method not in ("min", "dense"):
        raise ValueError(f"rank method must be 'min' or 'dense', not {method!r}")
    # a Decimal column ranks by its scaled integers (same order, faster comparisons)
    expr = pl.col(by).to_physical().rank(method, descending=descending)
    return windowed(expr, columns(over)).cast(pl.Int64)


def rank(
    frame: FrameT,
    *,
    by: str = "total",
    over: str | Sequence[str] = DEFAULT_OVER,
    method: RankMethod = "min",
    descending: bool = True,
    name: str = "rank_calc",
) -> FrameT:
    """Add column ``name``: the rank of ``by`` among the rows of the same ``over`` partition.

    Highest first by default (``descending=True``); ``method="min"`` gives the competition
    ranking the reports use ("1, 1, 3"), ``"dense"`` gives "1, 1, 2". Rows whose ``by`` is null
    get a null rank and take no place in the ranking. ``over=()`` ranks the whole frame.
    """
    expr = rank_expr(by, over=over, method=method, descending=descending)
    return finish(frame, lazy(frame).with_columns(expr.alias(name)))


def rank_of(
    frame: FrameT,
    *,
    by: str = "total",
    over: str | Sequence[str] = DEFAULT_OVER,
    name: str = "rank_of_calc",
) -> FrameT:
    """Add column ``name``: how many rows of the ``over`` partition are ranked (non-null ``by``).

    The "of" of "xếp thứ 05/34". Null on a row that is itself unranked (null ``by``).
    """
    count = windowed(pl.col(by).count(), columns(over)).cast(pl.Int64)
    expr = pl.when(pl.col(by).is_not_null()).then(count).otherwise(None)
    return finish(frame, lazy(frame).with_columns(expr.alias(name)))


def component_ranks(
    frame: FrameT,
    *,
    components: Sequence[str] | None = None,
    over: str | Sequence[str] = DEFAULT_OVER,
    method: RankMethod = "min",
    descending: bool = True,
    prefix: str = "rank_",
) -> FrameT:
    """Add one rank column per component group, ``rank_<key>`` (e.g. ``rank_so_hoa``).

    ``components=None`` ranks every component column the frame has (see
    :mod:`idx766.components`); named components must exist. Ranks as in :func:`rank`.
    """
    lf = lazy(frame)
    if components is None:
        present = set(lf.collect_schema().names())
        keys = [k for k in COMPONENT_KEYS if k in present]
    else:
        keys = list(components)
    exprs = [
        rank_expr(k, over=over, method=method, descending=descending).alias(prefix + k)
        for k in keys
    ]
    return finish(frame, lf.with_columns(exprs) if exprs else lf)


def full_rankings(
    frame: FrameT,
    *,
    over: str | Sequence[str] = DEFAULT_OVER,
    groups: str = "groups",
    of: str = "rank_of",
    name: str = "full_ranking",
) -> FrameT:
    """Add column ``name``: whether the rows of an ``over`` partition are every unit of it.

    A commendation letter lists the top and bottom ten communes, not all of them; ranking those
    twenty as if they were all would invent positions. A partition is *not* a full ranking when
    every row of it comes from such a list (a non-empty ``groups``: leaders, laggards, gainers)
    or when a printed "of N" (``of``) says the level has more units than the rows. Columns the
    frame lacks are not used.
    """
    lf = lazy(frame)
    schema = lf.collect_schema()
    over_cols = columns(over)
    full = pl.lit(True)
    if groups in schema:
        listed = pl.col(groups).list.len().fill_null(0) > 0
        full = full & ~windowed(listed.all(), over_cols)
    if of in schema:
        rows = windowed(pl.len(), over_cols)
        full = full & (windowed(pl.col(of).max(), over_cols).fill_null(0) <= rows)
    return finish(frame, lf.with_columns(full.alias(name)))
