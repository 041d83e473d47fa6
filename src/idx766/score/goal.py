"""Goal seek and the marginal table: what it takes, lever by lever, to reach a goal.

For each lever alone, the smallest whole change that reaches the goal (a total, a rank among
the unit's peers, a band), found by bisection on the exact recomputed total: a component's
points never fall when its numerator rises, so the smallest change is well defined, and the
answer respects every cap and every rounding (the change one less does not reach the goal).
All units and all levers are searched together, one polars evaluation per bisection step.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction

import polars as pl
from attrs import frozen

from idx766.analysis.groupings import DEFAULT_BANDS
from idx766.score.catalogue import Lever, Version
from idx766.score.errors import ScoreError
from idx766.score.recompute import UNIT_COLUMNS, group_scores, unit_totals
from idx766.score.select import find_unit, one_period, version_of
from idx766.score.whatif import gain_expr, lever_state
from idx766.text import fold

__all__ = ["Goal", "band_threshold", "goal_seek", "marginal"]

_CENTS = pl.Int64


def _band_key(label: str) -> str:
    return "-".join(w for w in re.split(r"[\s_-]+", fold(label)) if w)


def band_threshold(name: str) -> Decimal:
    """The lowest total of a band (``tot``, ``Tốt``, ``xuat-sac``...), from the bands the
    analysis uses (:data:`idx766.analysis.DEFAULT_BANDS`)."""
    for label, low in DEFAULT_BANDS:
        if _band_key(label) == _band_key(name):
            return Decimal(low)
    known = ", ".join(f"{_band_key(label)} (≥ {low})" for label, low in DEFAULT_BANDS)
    raise ScoreError(f"no band {name!r}; bands: {known}")


@frozen(kw_only=True)
class Goal:
    """What to reach: a ``total`` (at least), a ``rank`` (at most, among the unit's peers) or a
    ``band`` (its lowest total)."""

    total: Decimal | None = None
    rank: int | None = None
    band: str | None = None

    def __attrs_post_init__(self) -> None:
        given = [v for v in (self.total, self.rank, self.band) if v is not None]
        if len(given) != 1:
            raise ScoreError("a goal is one of: a total, a rank, a band")
        if self.rank is not None and self.rank < 1:
            raise ScoreError(f"a rank is 1 or more, not {self.rank}")
        if self.band is not None:
            band_threshold(self.band)  # a band that does not exist is refused here

    def describe(self) -> str:
        if self.total is not None:
            return f"total ≥ {self.total}"
        if self.rank is not None:
            return f"rank ≤ {self.rank}"
        assert self.band is not None
        return f"band {self.band} (total ≥ {band_threshold(self.band)})"


def _as_cents(column: str) -> pl.Expr:
    return (pl.col(column) * 100).cast(_CENTS)


def _targets(totals: pl.DataFrame, goal: Goal) -> pl.DataFrame:
    """Per unit, the total (in hundredths) it must reach."""
    ranked = totals.filter(pl.col("total").is_not_null()).with_columns(cents=_as_cents("total"))
    if goal.rank is None:
        value = goal.total if goal.total is not None else band_threshold(str(goal.band))
        cents = int((value * 100).to_integral_value(rounding=ROUND_CEILING))
        return ranked.with_columns(target=pl.lit(cents, dtype=_CENTS))
    r = goal.rank
    # the r-th highest total among the others: beat or tie it and the rank is at most r
    order = pl.col("cents").sort(descending=True)
    nth = order.get(r - 1, null_on_oob=True).over("peers")
    next_ = order.get(r, null_on_oob=True).over("peers")
    target = pl.when(pl.col("cents") >= nth).then(next_).otherwise(nth).fill_null(0)
    return ranked.with_columns(target=target.cast(_CENTS))


def _tasks(frame: pl.DataFrame, v: Version, levers: Sequence[Lever]) -> pl.DataFrame:
    parts = [lever_state(frame, lever).with_columns(lever=pl.lit(lever.key)) for lever in levers]
    return pl.concat(parts, how="diagonal_relaxed") if parts else pl.DataFrame()


def _gains(state: pl.DataFrame, change: pl.DataFrame) -> pl.DataFrame:
    """Per (unit, lever) of ``change`` (column ``n``), the hundredths the total gains."""
    return (
        state.join(change, on=["unit_id", "lever"])
        .with_columns(gain=gain_expr(pl.col("n")))
        .group_by("unit_id", "lever")
        .agg(pl.col("gain").sum())
    )


def _bisect(state: pl.DataFrame, tasks: pl.DataFrame) -> pl.DataFrame:
    """The smallest ``n`` in [1, headroom] with base + gain(n) ≥ target, for tasks known to
    miss at 0 and reach at headroom (``lo`` misses, ``hi`` reaches)."""
    work = tasks.select("unit_id", "lever", "base", "target", lo=pl.lit(0, _CENTS), hi="headroom")
    while True:
        open_ = work.filter(pl.col("hi") - pl.col("lo") > 1)
        if open_.is_empty():
            return work.select("unit_id", "lever", change="hi")
        mid = open_.with_columns(n=(pl.col("lo") + pl.col("hi")) // 2)
        reached = mid.join(
            _gains(state, mid.select("unit_id", "lever", "n")), on=["unit_id", "lever"]
        )
        step = reached.with_columns(ok=pl.col("base") + pl.col("gain") >= pl.col("target")).select(
            "unit_id",
            "lever",
            lo=pl.when(pl.col("ok")).then("lo").otherwise("n"),
            hi=pl.when(pl.col("ok")).then("n").otherwise("hi"),
        )
        work = (
            work.join(step, on=["unit_id", "lever"], how="left", suffix="_new")
            .with_columns(lo=pl.coalesce("lo_new", "lo"), hi=pl.coalesce("hi_new", "hi"))
            .drop("lo_new", "hi_new")
        )


def goal_seek(
    inputs: pl.DataFrame,
    *,
    goal: Goal,
    unit: str | None = None,
    period: str | None = None,
    levers: Sequence[str] | None = None,
) -> pl.DataFrame:
    """For each lever alone, the smallest change that reaches ``goal``: one row per unit (all
    units, or ``unit``) and lever, with ``headroom`` (the most the lever can change),
    ``change`` (null when the goal is out of reach), ``total``, ``total_after`` (after that
    change), ``target`` and ``note``.

    A rank goal counts the unit's peers as they are; a province-wide lever moves every unit of
    the province alike and so never changes a rank.
    """
    frame = one_period(inputs, period)
    v = version_of(frame)
    chosen = [v.lever(name) for name in levers] if levers is not None else list(v.levers)
    totals = unit_totals(group_scores(frame))
    targets = _targets(totals, goal)
    if unit is not None:
        unit_id = find_unit(frame, unit)
        if targets.filter(pl.col("unit_id") == unit_id).is_empty():
            raise ScoreError(f"{unit!r} has no total to raise (not every group has a score)")
        targets = targets.filter(pl.col("unit_id") == unit_id)
    state = _tasks(frame.filter(pl.col("unit_id").is_in(targets["unit_id"].implode())), v, chosen)
    if state.is_empty():
        raise ScoreError("no lever has inputs for these units")
    heads = state.group_by("unit_id", "lever").agg(pl.col("headroom").first())
    tasks = heads.join(targets.select("unit_id", base="cents", target="target"), on="unit_id")
    province_wide = [lv.key for lv in chosen if v.component(lv.primary).scope == "province"]
    at_top = _gains(state, tasks.select("unit_id", "lever", n=pl.col("headroom").fill_null(0)))
    levels = totals.select("unit_id", "peers")
    tasks = (
        tasks.join(at_top, on=["unit_id", "lever"], how="left")
        .join(levels, on="unit_id")
        .with_columns(
            already=pl.col("base") >= pl.col("target"),
            # a province-wide lever lifts the unit's peers with it (not a province's peers)
            blocked=pl.col("headroom").is_null()
            | (
                pl.lit(goal.rank is not None)
                & pl.col("lever").is_in(province_wide)
                & (pl.col("peers") != "provinces")
            ),
        )
        .drop("peers")
    )
    reachable = tasks.filter(
        ~pl.col("already")
        & ~pl.col("blocked")
        & (pl.col("base") + pl.col("gain").fill_null(0) >= pl.col("target"))
    )
    found = _bisect(state, reachable)
    done = tasks.join(found, on=["unit_id", "lever"], how="left").with_columns(
        change=pl.when(pl.col("already")).then(0).otherwise("change").cast(_CENTS)
    )
    after = _gains(state, done.select("unit_id", "lever", n=pl.col("change").fill_null(0)))
    labels = pl.DataFrame(
        [{"lever": lv.key, "en": lv.en, "label": lv.label, "counts": lv.counts} for lv in chosen]
    )
    note = (
        pl.when(pl.col("already"))
        .then(pl.lit("already reached"))
        .when(pl.col("headroom").is_null())
        .then(pl.lit("no inputs for this lever"))
        .when(pl.col("blocked"))
        .then(pl.lit("province-wide: moves every unit alike, no rank changes"))
        .when(pl.col("change").is_null())
        .then(pl.lit("out of reach with this lever alone"))
        .otherwise(None)
    )
    units = totals.select(*UNIT_COLUMNS, "total", "rank", "peers")
    return (
        done.join(after, on=["unit_id", "lever"], how="left", suffix="_after")
        .join(units, on="unit_id")
        .join(labels, on="lever")
        .with_columns(
            total_after=pl.when(pl.col("change").is_not_null())
            .then(pl.col("total") + pl.col("gain_after").cast(pl.Decimal(38, 2)) / 100)
            .otherwise(None),
            target=(pl.col("target").cast(pl.Decimal(38, 2)) / 100),
            note=note,
        )
        .select(
            *UNIT_COLUMNS,
            "total",
            "rank",
            "lever",
            "en",
            "label",
            "counts",
            "headroom",
            "change",
            "total_after",
            "target",
            "note",
        )
        .sort("unit", "unit_id", pl.col("change").is_null(), "change", "lever", nulls_last=True)
    )


def _per_one(v: Version, rows: list[dict[str, object]]) -> Fraction:
    """The exact points one more adds before rounding, summed over the lever's components
    (0 where a component is at its cap or its denominator)."""
    total = Fraction(0)
    for row in rows:
        n, d = row["n0"], row["d"]
        if not isinstance(n, int) or not isinstance(d, int) or d <= 0 or n >= d:
            continue
        c = v.component(str(row["component"]))
        if c.formula == "capped-share" and Fraction(n, d) >= c.threshold:
            continue
        total += Fraction(c.max_points) / (d * c.threshold)
    return total


def marginal(inputs: pl.DataFrame, *, unit: str, period: str | None = None) -> pl.DataFrame:
    """The unit's "points per one more X" table, one row per lever it has inputs for:
    ``inputs`` (n/d of the lever's own component), ``headroom``, ``points_per_one`` (exact,
    before rounding: what one more adds to the total), ``per_point`` (about how many for one
    point at that rate), ``for_visible`` (the smallest change that raises the published total
    by 0.01, rounding included) and ``gain_at_headroom`` (the total's gain if all were done).
    """
    frame = one_period(inputs, period)
    v = version_of(frame)
    unit_id = find_unit(frame, unit)
    totals = unit_totals(group_scores(frame)).filter(pl.col("unit_id") == unit_id)
    if totals.is_empty() or totals["total"][0] is None:
        raise ScoreError(f"{unit!r} has no total (not every group has a score)")
    total = totals["total"][0]
    seek = goal_seek(frame, goal=Goal(total=total + Decimal("0.01")), unit=unit_id)
    rows = []
    for lever in v.levers:
        state = lever_state(frame.filter(pl.col("unit_id") == unit_id), lever)
        primary = state.filter(pl.col("role") == "primary")
        if primary.is_empty() or primary["headroom"][0] is None:
            continue
        per_one = _per_one(v, state.to_dicts())
        room = int(primary["headroom"][0])
        full = _gains(
            state.with_columns(lever=pl.lit(lever.key)),
            pl.DataFrame({"unit_id": [unit_id], "lever": [lever.key], "n": [room]}),
        )["gain"][0]
        visible = seek.filter(pl.col("lever") == lever.key)["change"][0]
        rows.append(
            {
                "lever": lever.key,
                "en": lever.en,
                "label": lever.label,
                "counts": lever.counts,
                "inputs": f"{primary['n0'][0]}/{primary['d'][0]}",
                "headroom": room,
                "points_per_one": _decimal(per_one),
                "per_point": round(1 / per_one) if per_one else None,
                "for_visible": visible,
                "gain_at_headroom": Decimal(full) / 100,
            }
        )
    schema: dict[str, pl.DataType | type[pl.DataType]] = {
        "lever": pl.String,
        "en": pl.String,
        "label": pl.String,
        "counts": pl.String,
        "inputs": pl.String,
        "headroom": pl.Int64,
        "points_per_one": pl.Decimal(38, 8),
        "per_point": pl.Int64,
        "for_visible": pl.Int64,
        "gain_at_headroom": pl.Decimal(38, 2),
    }
    return pl.DataFrame(rows, schema=schema, orient="row").sort(
        "points_per_one", descending=True, nulls_last=True
    )


def _decimal(value: Fraction) -> Decimal:
    """A fraction to 8 decimal places (the marginal of one dossier in a province is ~1e-5)."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("1e-8"))
