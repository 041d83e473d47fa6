"""Recompute every component, group and total from the inputs, for all units at once.

The arithmetic is exact: a component's points are the fraction the catalogue defines, rounded
half-up to the version's places in integer arithmetic (cents), so no float ever decides a
rounding. Components are rounded first and then summed (the portal's order). Every function
takes a polars DataFrame or LazyFrame and returns the same type.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

import polars as pl

from idx766.analysis._frames import FrameT, finish, lazy
from idx766.analysis.ranks import rank_expr
from idx766.model import Level
from idx766.score.catalogue import Component, Version, catalogue
from idx766.score.inputs import SCORE

__all__ = [
    "TOLERANCE",
    "UNIT_COLUMNS",
    "cents_expr",
    "component_scores",
    "formula_frame",
    "group_scores",
    "unit_totals",
]

TOLERANCE = Decimal("0.01")
"""A published group score within 0.01 of the recomputed one agrees with it: the portal rounds
an intermediate percentage in floating point, which tips a half cent either way (observed on 4
of 328 payment groups of Phú Thọ; see ``docs/score-model.md``)."""

UNIT_COLUMNS = ("version", "period", "unit_id", "unit", "unit_code", "level", "root_id")
"""What names a unit in a period, in every frame of the model (``as_of`` beside them is the
latest capture date of the unit's inputs)."""

_FORMULA_SCHEMA: dict[str, pl.DataType] = {
    "version": pl.String(),
    "group": pl.String(),
    "component": pl.String(),
    "k": pl.Int64(),
    "l": pl.Int64(),
    "cap": pl.Int64(),
    "capped": pl.Boolean(),
    "zero": pl.Int64(),
    "missing": pl.Int64(),
    "scale": pl.Int64(),
    "parts": pl.Int64(),
    "scope": pl.String(),
}


def _rule(rule: str, cap: int) -> int | None:
    return {"zero": 0, "full": cap, "unknown": None}[rule]


def _constants(c: Component, places: int) -> dict[str, object]:
    """points × 10^places = k·n / (l·d): k = 10^places · max_num · b, l = max_den · a for
    max = max_num/max_den and full_at = a/b."""
    scale = 10**places
    maximum = Fraction(c.max_points)
    threshold = c.threshold
    cap = int(maximum * scale)
    return {
        "component": c.code,
        "group": c.group,
        "k": scale * maximum.numerator * threshold.denominator,
        "l": maximum.denominator * threshold.numerator,
        "cap": cap,
        "capped": c.formula == "capped-share",
        "zero": _rule(c.when_zero, cap),
        "missing": _rule(c.when_missing, cap),
        "scale": scale,
        "scope": c.scope,
    }


def formula_frame(versions: Iterable[Version] | None = None) -> pl.DataFrame:
    """The catalogue's components as integer constants, one row per version and component."""
    rows = []
    for v in versions if versions is not None else catalogue().values():
        for g in v.groups:
            for c in g.components:
                rows.append(
                    {"version": v.key, **_constants(c, v.places), "parts": len(g.components)}
                )
    return pl.DataFrame(rows, schema=_FORMULA_SCHEMA)


def cents_expr(n: str | pl.Expr = "numerator", d: str | pl.Expr = "denominator") -> pl.Expr:
    """A component's points in hundredths (Int64), from a frame holding the formula constants
    (:func:`formula_frame`) beside the numerator and denominator: half-up rounded, capped,
    with the zero and missing denominator rules; null when the inputs give no score."""
    num = pl.col(n) if isinstance(n, str) else n
    den = pl.col(d) if isinstance(d, str) else d
    k, low = pl.col("k"), pl.col("l")
    rounded = (2 * k * num + low * den) // (2 * low * den)  # floor(x + 1/2), x = k·n / (l·d)
    capped = pl.when(pl.col("capped")).then(pl.min_horizontal(rounded, pl.col("cap")))
    return (
        pl.when(den.is_null())
        .then(pl.col("missing"))
        .when(den == 0)
        .then(pl.col("zero"))
        .when(num.is_null())
        .then(None)
        .otherwise(capped.otherwise(rounded))
        .cast(pl.Int64)
    )


def _to_score(cents: pl.Expr, scale: pl.Expr) -> pl.Expr:
    return (cents.cast(SCORE) / scale).cast(SCORE)


def component_scores(inputs: FrameT) -> FrameT:
    """The inputs with each component recomputed: ``recomputed`` (Decimal), ``difference``
    (published − recomputed, where the component is published) and ``max_points``.

    Rows without a component (a group published without inputs) are left out.
    """
    formulas = formula_frame().lazy()
    lf = (
        lazy(inputs)
        .filter(pl.col("component").is_not_null())
        .join(formulas.drop("group"), on=["version", "component"], how="left")
        .with_columns(cents=cents_expr())
        .with_columns(
            recomputed=_to_score(pl.col("cents"), pl.col("scale")),
            max_points=_to_score(pl.col("cap"), pl.col("scale")),
        )
        .with_columns(difference=pl.col("published") - pl.col("recomputed"))
        .drop("k", "l", "cap", "capped", "zero", "missing", "scale", "parts", "cents")
    )
    return finish(inputs, lf)


def _status() -> pl.Expr:
    gap = pl.col("difference").abs()
    return (
        pl.when(pl.col("components") == 0)
        .then(pl.lit("no inputs"))
        .when(pl.col("recomputed").is_null())
        .then(pl.lit("incomplete inputs"))
        .when(pl.col("published").is_null())
        .then(pl.lit("not published"))
        .when(gap == 0)
        .then(pl.lit("equal"))
        .when(gap <= pl.lit(TOLERANCE, dtype=SCORE))
        .then(pl.lit("within 0.01"))
        .otherwise(pl.lit("differs"))
    )


def group_scores(inputs: FrameT) -> FrameT:
    """One row per unit, period and group: ``published``, ``recomputed``, ``difference``,
    ``components`` (how many components have inputs) and ``status`` (``equal``,
    ``within 0.01``, ``differs``, ``not published``, ``no inputs``, ``incomplete inputs``).

    A group is recomputed only when every one of its components has a score; otherwise its
    recomputed score is null (null stays null).
    """
    formulas = formula_frame().lazy()
    lf = (
        lazy(inputs)
        .join(formulas.drop("group"), on=["version", "component"], how="left")
        .with_columns(cents=cents_expr())
        .group_by(*UNIT_COLUMNS, "group")
        .agg(
            as_of=pl.col("as_of").max(),
            published=pl.col("group_published").drop_nulls().first(),
            cents=pl.col("cents").sum(),
            scored=pl.col("cents").count(),
            components=pl.col("component").count(),
            parts=pl.col("parts").max(),
            scale=pl.col("scale").max(),
        )
        .with_columns(
            recomputed=pl.when(pl.col("scored") == pl.col("parts"))
            .then(_to_score(pl.col("cents"), pl.col("scale")))
            .otherwise(None),
        )
        .with_columns(difference=pl.col("published") - pl.col("recomputed"))
        .with_columns(status=_status())
        .select(
            *UNIT_COLUMNS,
            "as_of",
            "group",
            "published",
            "recomputed",
            "difference",
            "components",
            "status",
        )
        .sort("version", "period", "unit_id", "group", nulls_last=True)
    )
    return finish(inputs, lf)


def peer_expr() -> pl.Expr:
    """Whom a unit is ranked against: provinces against provinces, every other unit against
    the units of its province (the root of the response it came in)."""
    return (
        pl.when(pl.col("level") == Level.PROVINCE.value)
        .then(pl.lit("provinces"))
        .otherwise(pl.coalesce(pl.col("root_id"), pl.lit("units")))
        .alias("peers")
    )


def unit_totals(groups: FrameT) -> FrameT:
    """One row per unit and period from :func:`group_scores`: each group's score (recomputed
    where it could be, else the published one), ``recomputed_groups`` (how many were),
    ``total`` (null unless every group of the version has a score), ``peers`` and ``rank``
    (competition rank of the total among the unit's peers, ties shared).
    """
    lf = lazy(groups).with_columns(score=pl.coalesce("recomputed", "published"))
    keys = sorted({g.key for v in catalogue().values() for g in v.groups})
    wide = (
        lf.group_by(*UNIT_COLUMNS)
        .agg(
            *[pl.col("score").filter(pl.col("group") == k).first().alias(k) for k in keys],
            as_of=pl.col("as_of").max(),
            recomputed_groups=pl.col("recomputed").count(),
            groups=pl.col("score").count(),
        )
        .with_columns(
            total=pl.when(pl.col("groups") == len(keys))
            .then(pl.sum_horizontal(*keys))
            .otherwise(None)
            .cast(SCORE),
            peers=peer_expr(),
        )
        .with_columns(rank=rank_expr("total", over=("version", "period", "peers")))
        .drop("groups")
        .sort("version", "period", "peers", "rank", "unit", nulls_last=True)
    )
    return finish(groups, wide)
