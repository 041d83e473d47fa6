"""How one unit's scores are made: each component's formula, inputs, exact value and rounding."""

from __future__ import annotations

import polars as pl

from idx766.score.catalogue import Version
from idx766.score.inputs import SCORE
from idx766.score.recompute import component_scores, formula_frame
from idx766.score.select import find_unit, one_period, version_of

__all__ = ["explain", "formulas_frame"]


def formulas_frame(v: Version) -> pl.DataFrame:
    """The catalogue of one version as a table: group, component, label, maximum, formula,
    zero-denominator rules, where n and d come from, and what is known and unknown."""
    return pl.DataFrame(
        [
            {
                "group": c.group,
                "component": c.code,
                "label": c.label,
                "en": c.en,
                "max": c.max_points,
                "formula": c.describe(),
                "rules": c.rules(),
                "inputs": c.source,
                "scope": c.scope,
                "known": c.known,
                "unknown": c.unknown,
            }
            for c in v.components
        ],
        schema_overrides={"max": pl.Decimal(38, 0)},
    )


def explain(inputs: pl.DataFrame, *, unit: str, period: str | None = None) -> pl.DataFrame:
    """One row per component of the unit (and per group published without inputs):
    ``formula``, ``numerator``, ``denominator``, ``exact`` (the value before rounding, four
    places), ``recomputed``, ``published``, ``difference`` and the portal's ``quality``."""
    frame = one_period(inputs, period)
    v = version_of(frame)
    unit_id = find_unit(frame, unit)
    mine = frame.filter(pl.col("unit_id") == unit_id)
    described = formulas_frame(v).select("component", "label", "formula", "rules")
    consts = formula_frame([v]).select("component", "k", "l", "cap", "capped", "scale")
    exact = (pl.col("k") * pl.col("numerator")).cast(pl.Float64) / (
        pl.col("l") * pl.col("denominator")
    ).cast(pl.Float64)
    exact = pl.when(pl.col("capped")).then(pl.min_horizontal(exact, pl.col("cap"))).otherwise(exact)
    scored = (
        component_scores(mine)
        .join(consts, on="component")
        .join(described, on="component")
        .with_columns(
            exact=pl.when(pl.col("denominator").is_null() | (pl.col("denominator") == 0))
            .then(pl.col("recomputed").cast(pl.Float64))
            .otherwise(exact / pl.col("scale"))
            .round(4)
            .cast(pl.Decimal(38, 4))
        )
    )
    bare = mine.filter(pl.col("component").is_null()).select(
        "group", published=pl.col("group_published")
    )
    order = {g.key: i for i, g in enumerate(v.groups)}
    codes = {c.code: i for i, c in enumerate(v.components)}
    return (
        pl.concat(
            [
                scored.select(
                    "group",
                    "component",
                    "label",
                    "formula",
                    "rules",
                    "numerator",
                    "denominator",
                    "exact",
                    "recomputed",
                    "published",
                    "difference",
                    "quality",
                ),
                bare.with_columns(pl.col("published").cast(SCORE)),
            ],
            how="diagonal_relaxed",
        )
        .with_columns(
            _g=pl.col("group").replace_strict(order, default=99),
            _c=pl.col("component").replace_strict(codes, default=99),
        )
        .sort("_g", "_c")
        .drop("_g", "_c")
    )
