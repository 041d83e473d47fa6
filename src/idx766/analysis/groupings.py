"""The lists reports print: top and bottom N, biggest movers, up/unchanged/down counts, bands.

Ties are decided by the data: a top-10 whose 10th score is shared by two more units holds 11 or
12 units unless ``ties=False`` (then exactly N, the tie cut by ``tie_break`` or row order), and
the column ``tied_at_cut`` marks the units whose score straddles the cut. Scores stay
``Decimal``; thresholds are compared as ``Decimal``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

import polars as pl

from idx766.analysis._frames import FrameT, columns, finish, lazy, windowed
from idx766.analysis.ranks import COMPONENT_KEYS, DEFAULT_OVER
from idx766.components import METHODOLOGIES, component

__all__ = [
    "DEFAULT_BANDS",
    "bands",
    "bottom_n",
    "count_moves",
    "movers",
    "top_n",
    "weakest_component",
]

DEFAULT_BANDS: tuple[tuple[str, Decimal | int], ...] = (
    ("Xuất sắc", 90),
    ("Tốt", 80),
    ("Khá", 70),
    ("Trung bình", 50),
    ("Yếu", 0),
)
"""Bands as (label, lowest score): Xuất sắc ≥ 90, Tốt ≥ 80, Khá ≥ 70, Trung bình ≥ 50, Yếu.

Only the 90 and 50 thresholds come from a news source; 80 and 70 are what peer tools use.
"""

_INSIDE = "__idx766_inside"


def _extreme_n(
    frame: FrameT,
    n: int,
    *,
    by: str,
    over: str | Sequence[str],
    ties: bool,
    tie_break: str | None,
    highest: bool,
) -> FrameT:
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    over_cols = columns(over)
    order = [*over_cols, by] + ([tie_break] if tie_break else [])
    descending = [False] * len(over_cols) + [highest] + ([False] if tie_break else [])
    # only the rows at or above each partition's N-th value can be in it: keep those first,
    # then rank and sort the few that are left (every row that outranks a kept row is kept,
    # so their ranks are those of the whole partition)
    value = pl.col(by).to_physical()  # a Decimal compares by its scaled integers, faster
    nth = value.top_k(n).min() if highest else value.bottom_k(n).max()
    cut = windowed(nth, over_cols)
    lf = (
        lazy(frame)
        .filter(pl.col(by).is_not_null())
        .filter(value >= cut if highest else value <= cut)
        .sort(order, descending=descending, nulls_last=True, maintain_order=True)
    )
    first = windowed(pl.col(by).rank("min", descending=highest), over_cols)
    last = windowed(pl.col(by).rank("max", descending=highest), over_cols)
    position = windowed(pl.int_range(1, pl.len() + 1), over_cols)
    inside = first <= n if ties else position <= n
    lf = (
        lf.with_columns(inside.alias(_INSIDE), tied_at_cut=(first <= n) & (last > n))
        .filter(pl.col(_INSIDE))
        .drop(_INSIDE)
    )
    return finish(frame, lf)


def top_n(
    frame: FrameT,
    n: int,
    *,
    by: str = "total",
    over: str | Sequence[str] = DEFAULT_OVER,
    ties: bool = True,
    tie_break: str | None = None,
) -> FrameT:
    """The ``n`` highest ``by`` of each ``over`` partition, best first, with ``tied_at_cut``.

    With ``ties=True`` every unit tied with the N-th is included (competition rank ≤ N), so the
    list can be longer than N. With ``ties=False`` exactly N are kept; units tied at the cut
    are taken in ``tie_break`` order (ascending) or, without one, in row order. ``tied_at_cut``
    is true for the units whose score is shared across the cut (ranks N and N+1 both hold it).
    Rows with a null ``by`` are left out. The result is sorted by ``over``, then ``by``. To
    show ranks out of the whole partition, call :func:`~idx766.analysis.ranks.rank` first.
    """
    return _extreme_n(frame, n, by=by, over=over, ties=ties, tie_break=tie_break, highest=True)


def bottom_n(
    frame: FrameT,
    n: int,
    *,
    by: str = "total",
    over: str | Sequence[str] = DEFAULT_OVER,
    ties: bool = True,
    tie_break: str | None = None,
) -> FrameT:
    """The ``n`` lowest ``by`` of each ``over`` partition, lowest first; as :func:`top_n`."""
    return _extreme_n(frame, n, by=by, over=over, ties=ties, tie_break=tie_break, highest=False)


def movers(
    frame: FrameT,
    n: int,
    *,
    by: str = "total_delta",
    direction: Literal["up", "down"] = "up",
    over: str | Sequence[str] = ("level",),
    ties: bool = True,
    tie_break: str | None = None,
) -> FrameT:
    """The ``n`` biggest rises (``direction="up"``) or falls (``"down"``) of a deltas frame.

    Only units that moved that way count (``by > 0`` up, ``by < 0`` down); the biggest move
    comes first. Ties at the cut as in :func:`top_n`. ``frame`` is typically the result of
    :func:`idx766.analysis.deltas.deltas`.
    """
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    up = direction == "up"
    moved = lazy(frame).filter(pl.col(by) > 0 if up else pl.col(by) < 0)
    picked = _extreme_n(moved, n, by=by, over=over, ties=ties, tie_break=tie_break, highest=up)
    return finish(frame, picked)


def count_moves(
    frame: FrameT,
    *,
    by: str = "total_delta",
    over: str | Sequence[str] = ("level",),
) -> FrameT:
    """How many units went up, stayed unchanged and went down, per ``over`` partition.

    Columns: the ``over`` columns, then ``up``, ``unchanged``, ``down`` (Int64). A null ``by``
    (a unit missing at one of the dates) is in none of the three.
    """
    over_cols = columns(over)
    aggs = [
        (pl.col(by) > 0).sum().cast(pl.Int64).alias("up"),
        (pl.col(by) == 0).sum().cast(pl.Int64).alias("unchanged"),
        (pl.col(by) < 0).sum().cast(pl.Int64).alias("down"),
    ]
    lf = lazy(frame)
    if over_cols:
        out = lf.group_by(over_cols).agg(aggs).sort(over_cols, nulls_last=True)
    else:
        out = lf.select(aggs)
    return finish(frame, out)


def bands(
    frame: FrameT,
    *,
    by: str = "total",
    thresholds: Sequence[tuple[str, Decimal | int]] = DEFAULT_BANDS,
    name: str = "band",
) -> FrameT:
    """Add column ``name``: the label of the highest threshold that ``by`` reaches (≥).

    ``thresholds`` are (label, lowest score) pairs in any order. A null score, or one below
    every threshold, gets a null band.
    """
    ordered = sorted(((label, Decimal(low)) for label, low in thresholds), key=lambda t: -t[1])
    if not ordered:
        raise ValueError("at least one threshold is needed")
    expr: pl.Expr = pl.lit(None, dtype=pl.String)
    for label, low in reversed(ordered):  # built inside out: the highest threshold is tested first
        expr = pl.when(pl.col(by) >= pl.lit(low)).then(pl.lit(label)).otherwise(expr)
    return finish(frame, lazy(frame).with_columns(expr.alias(name)))


def weakest_component(
    frame: FrameT,
    *,
    components: Sequence[str] | None = None,
    methodology_column: str = "methodology",
) -> FrameT:
    """Add the component group furthest below its maximum, in points.

    Columns ``weakest_component`` (key), ``weakest_value`` and ``weakest_shortfall`` (maximum −
    value, ``Decimal``). Maxima come from :mod:`idx766.components`. The methodology column
    decides which groups count: a six-group row ignores ``truc_tuyen``, a five-group row
    ignores ``dvc_truc_tuyen`` and ``thanh_toan``; a row without a methodology uses every group
    it has. A tie goes to the group that comes first in the usual order. ``components=None``
    uses every component column of the frame. All null when no group has a value.
    """
    lf = lazy(frame)
    schema = lf.collect_schema()
    keys = [k for k in COMPONENT_KEYS if k in schema] if components is None else list(components)
    has_methodology = methodology_column in schema
    shortfalls: list[tuple[str, pl.Expr]] = []
    for key in keys:
        counts = pl.col(key).is_not_null()
        if has_methodology:
            allowed = [m.key for m in METHODOLOGIES.values() if key in m.keys]
            meth = pl.col(methodology_column)
            counts = counts & (meth.is_null() | meth.is_in(allowed))
        points = pl.lit(component(key).max_points) - pl.col(key)
        shortfalls.append((key, pl.when(counts).then(points).otherwise(None)))
    if not shortfalls:
        raise ValueError("no component columns to compare")
    worst = pl.max_horizontal([s for _, s in shortfalls])
    name: pl.Expr = pl.lit(None, dtype=pl.String)
    value: pl.Expr = pl.lit(None)
    for key, short in reversed(shortfalls):  # inside out: the first group wins a tie
        name = pl.when(short == worst).then(pl.lit(key)).otherwise(name)
        value = pl.when(short == worst).then(pl.col(key)).otherwise(value)
    return finish(
        frame,
        lf.with_columns(
            name.alias("weakest_component"),
            value.alias("weakest_value"),
            worst.alias("weakest_shortfall"),
        ),
    )
