"""What if a unit did N more of something: new components, groups, total and rank.

A lever (:class:`~idx766.score.catalogue.Lever`) adds N to the numerator of its own component
(at most what its denominator leaves) and to the components it is coupled with (each kept
within its own denominator): an overdue dossier turned on time also counts for receiving
satisfaction, whose score stops rising at 90 %. A lever on a province-wide component (the
province's transparency counts, repeated on every unit) moves every unit of the province.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
from attrs import frozen

from idx766.score.catalogue import Lever, Version
from idx766.score.errors import UnknownLeverError
from idx766.score.recompute import (
    UNIT_COLUMNS,
    cents_expr,
    component_scores,
    formula_frame,
    group_scores,
    unit_totals,
)
from idx766.score.select import find_unit, one_period, version_of

__all__ = ["WhatIf", "apply_changes", "lever_state", "whatif", "whatif_each"]


def _moves(lever: Lever) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "component": list(lever.moves),
            "role": ["primary"] + ["coupled"] * (len(lever.moves) - 1),
        }
    )


def lever_state(inputs: pl.DataFrame, lever: Lever) -> pl.DataFrame:
    """Per unit, the rows of the components a lever moves, with their inputs (``n0``, ``d``),
    formula constants and current points in hundredths (``cents0``), and the unit's
    ``headroom``: how many more the lever's own component can take (null without inputs)."""
    rows = (
        inputs.join(_moves(lever), on="component")
        .join(formula_frame().drop("group"), on=["version", "component"])
        .with_columns(n0=pl.col("numerator"), d=pl.col("denominator"), cents0=cents_expr())
    )
    primary = pl.col("role") == "primary"
    room = (pl.col("d") - pl.col("n0")).clip(lower_bound=0)
    if lever.ceiling is not None:
        ceiling = inputs.filter(pl.col("component") == lever.ceiling).select(
            "version", "period", "unit_id", ceiling_n=pl.col("numerator")
        )
        rows = rows.join(ceiling, on=["version", "period", "unit_id"], how="left")
        room = pl.min_horizontal(room, (pl.col("ceiling_n") - pl.col("n0")).clip(lower_bound=0))
    return rows.with_columns(
        headroom=room.filter(primary).first().over("version", "period", "unit_id"),
    )


def gain_expr(change: pl.Expr) -> pl.Expr:
    """Per row of :func:`lever_state`, how many hundredths the row's component gains when the
    lever moves by ``change`` (clipped within the row's denominator)."""
    n1 = (pl.col("n0") + change).clip(lower_bound=0, upper_bound=pl.col("d"))
    return (cents_expr(n1, pl.col("d")) - pl.col("cents0")).fill_null(0)


def _lever(v: Version, name: str) -> Lever:
    return v.lever(name)


def apply_changes(
    inputs: pl.DataFrame, *, unit: str, changes: Mapping[str, int], period: str | None = None
) -> pl.DataFrame:
    """The inputs of one period with the changes made for ``unit`` (a name, code or id).

    ``changes`` maps lever names (Vietnamese or English) to how many more (or fewer). A change
    the unit's inputs cannot take (more overdue dossiers turned on time than it has, a lever
    on a component it has no inputs for) raises
    :class:`~idx766.score.errors.UnknownLeverError`.
    """
    frame = one_period(inputs, period)
    v = version_of(frame)
    unit_id = find_unit(frame, unit)
    name = frame.filter(pl.col("unit_id") == unit_id)["unit"][0]
    for lever_name, n in changes.items():
        lever = _lever(v, lever_name)
        state = lever_state(frame, lever).filter(pl.col("unit_id") == unit_id)
        primary = state.filter(pl.col("role") == "primary")
        if primary.is_empty() or primary["headroom"][0] is None:
            raise UnknownLeverError(
                f"{name} has no inputs for {lever.primary} (lever {lever.key}), so it cannot "
                "be changed there"
            )
        n0, room = primary["n0"][0], primary["headroom"][0]
        if n > room or n0 + n < 0:
            raise UnknownLeverError(
                f"{lever.key}{n:+d}: {name} has {n0} of {primary['d'][0]} {lever.counts}, "
                f"so at most {room:+d} and at least {-n0:+d} can change"
            )
        component = v.component(lever.primary)
        where = pl.col("unit_id") == unit_id
        if component.scope == "province":  # the province's counts, repeated on every unit
            root = frame.filter(where)["root_id"][0]
            where = pl.col("root_id") == root if root is not None else where
        moved = pl.col("component").is_in(list(lever.moves)) & where
        frame = frame.with_columns(
            numerator=pl.when(moved)
            .then((pl.col("numerator") + n).clip(lower_bound=0, upper_bound=pl.col("denominator")))
            .otherwise(pl.col("numerator"))
        )
    return frame


@frozen(kw_only=True)
class WhatIf:
    """The answer to "what if": the unit's components, groups and total before and after."""

    unit_id: str
    components: pl.DataFrame
    groups: pl.DataFrame
    total: pl.DataFrame


def _before_after(before: pl.DataFrame, after: pl.DataFrame, on: list[str]) -> pl.DataFrame:
    joined = before.join(after, on=on, suffix="_after")
    return joined.with_columns(change=pl.col("recomputed_after") - pl.col("recomputed"))


def whatif(
    inputs: pl.DataFrame, *, unit: str, changes: Mapping[str, int], period: str | None = None
) -> WhatIf:
    """Recompute after ``changes`` (see :func:`apply_changes`): every component and group of
    the unit before and after, its total and its rank among its peers (the other units of the
    files, unchanged), competition ranks with ties shared."""
    frame = one_period(inputs, period)
    unit_id = find_unit(frame, unit)
    changed = apply_changes(frame, unit=unit_id, changes=changes)
    mine = pl.col("unit_id") == unit_id
    comp_cols = ["group", "component", "numerator", "denominator", "recomputed"]
    components = _before_after(
        component_scores(frame.filter(mine)).select(comp_cols),
        component_scores(changed.filter(mine)).select(comp_cols),
        ["group", "component"],
    ).select(
        "group",
        "component",
        "numerator",
        "numerator_after",
        "denominator",
        "recomputed",
        "recomputed_after",
        "change",
    )
    group_cols = ["group", "recomputed", "published"]
    groups = _before_after(
        group_scores(frame.filter(mine)).select(group_cols),
        group_scores(changed.filter(mine)).select(group_cols).drop("published"),
        ["group"],
    )
    totals_before = unit_totals(group_scores(frame))
    totals_after = unit_totals(group_scores(changed))
    keep = ["unit_id", "total", "rank", "peers"]
    size = (
        totals_before.filter(pl.col("rank").is_not_null()).group_by("peers").agg(rank_of=pl.len())
    )
    total = (
        totals_before.filter(mine)
        .select(*UNIT_COLUMNS, *keep[1:])
        .join(totals_after.select(keep), on=["unit_id", "peers"], suffix="_after")
        .join(size, on="peers", how="left")
        .with_columns(change=pl.col("total_after") - pl.col("total"))
    )
    return WhatIf(unit_id=unit_id, components=components, groups=groups, total=total)


def whatif_each(
    inputs: pl.DataFrame, *, lever: str, change: int, period: str | None = None
) -> pl.DataFrame:
    """For every unit at once, what ``change`` more of one lever would do if that unit alone
    made it: ``applied`` (the change, cut to what the unit's inputs allow), ``total`` and
    ``total_after``, ``rank`` and ``rank_after`` among its peers (the others unchanged).

    A province-wide lever moves every unit of the province at once, so its ranks are those of
    the changed totals.
    """
    frame = one_period(inputs, period)
    v = version_of(frame)
    chosen = v.lever(lever)
    totals = unit_totals(group_scores(frame))
    state = lever_state(frame, chosen)
    applied = pl.lit(change).clip(
        lower_bound=-pl.col("n0").filter(pl.col("role") == "primary").first().over("unit_id"),
        upper_bound=pl.col("headroom"),
    )
    gains = (
        state.filter(pl.col("headroom").is_not_null())
        .with_columns(applied=applied)
        .with_columns(gain=gain_expr(pl.col("applied")))
        .group_by("unit_id")
        .agg(pl.col("applied").first(), gain=pl.col("gain").sum())
    )
    out = totals.join(gains, on="unit_id", how="left").with_columns(
        applied=pl.col("applied").fill_null(0).cast(pl.Int64),
        total_after=(pl.col("total") + pl.col("gain").fill_null(0).cast(pl.Decimal(38, 2)) / 100),
    )
    ranked = _rank_alone(out)
    if v.component(chosen.primary).scope == "province":
        # the whole province moves: its units are ranked among their changed peers
        together = pl.col("total_after").to_physical().rank("min", descending=True).over("peers")
        ranked = ranked.with_columns(
            rank_after=pl.when(pl.col("peers") == "provinces")
            .then("rank_after")
            .otherwise(together.cast(pl.Int64))
        )
    return ranked.select(
        *UNIT_COLUMNS, "peers", "applied", "total", "total_after", "rank", "rank_after"
    ).sort("peers", "rank_after", "unit", nulls_last=True)


def _rank_alone(frame: pl.DataFrame) -> pl.DataFrame:
    """rank_after of each unit as if it alone had changed: 1 + how many of its peers' unchanged
    totals are above its new one (itself not counted)."""
    ranked = frame.filter(pl.col("total").is_not_null())
    by_peers = ranked.group_by("peers").agg(
        "unit_id",
        above=pl.len()
        - pl.col("total")
        .to_physical()
        .sort()
        .search_sorted(pl.col("total_after").to_physical(), side="right"),
        self_above=(pl.col("total") > pl.col("total_after")).cast(pl.Int64),
    )
    ranks = by_peers.explode("unit_id", "above", "self_above").select(
        "unit_id", rank_after=(1 + pl.col("above") - pl.col("self_above")).cast(pl.Int64)
    )
    return frame.join(ranks, on="unit_id", how="left")
