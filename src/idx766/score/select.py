"""Choosing what a question is about: one period of the inputs, one unit by name or code."""

from __future__ import annotations

import polars as pl

from idx766.score.catalogue import Version, version
from idx766.score.errors import PeriodError, ScoreError, UnknownUnitError
from idx766.text import fold

__all__ = ["find_unit", "one_period", "version_of"]


def one_period(inputs: pl.DataFrame, period: str | None = None) -> pl.DataFrame:
    """The inputs of one period: the one named, or the only one there is."""
    periods = inputs["period"].unique().to_list()
    if period is not None:
        if period not in periods:
            shown = ", ".join(str(p) for p in periods)
            raise PeriodError(f"no inputs for period {period!r}; the files hold {shown}")
        return inputs.filter(pl.col("period") == period)
    if len(periods) > 1:
        shown = ", ".join(sorted(str(p) for p in periods))
        raise PeriodError(f"the files hold several periods ({shown}); choose one")
    return inputs


def version_of(inputs: pl.DataFrame) -> Version:
    """The methodology version of one period's inputs."""
    keys = inputs["version"].unique().to_list()
    if len(keys) != 1:
        raise ScoreError(f"inputs of several methodology versions: {keys}")
    return version(keys[0])


def _bare(name: str) -> str:
    """A printed unit name without the portal's " - Tỉnh X" suffix and "UBND" prefix, folded."""
    folded = fold(name).split(" - tinh ")[0].split(" - thanh pho ")[0]
    return folded.removeprefix("ubnd ").strip()


def find_unit(inputs: pl.DataFrame, text: str) -> str:
    """The ``unit_id`` a user means: by portal id, unit code, or printed name (accents, case,
    "UBND" and the province suffix do not matter; a part of the name that only one unit
    has will do)."""
    units = inputs.select("unit_id", "unit", "unit_code").unique("unit_id").sort("unit")
    rows = units.to_dicts()
    for row in rows:
        if text in (row["unit_id"], row["unit_code"]):
            return str(row["unit_id"])
    wanted = _bare(text)
    exact = [r for r in rows if r["unit"] and _bare(r["unit"]) == wanted]
    partial = [r for r in rows if r["unit"] and wanted and wanted in _bare(r["unit"])]
    for found in (exact, partial):
        if len(found) == 1:
            return str(found[0]["unit_id"])
        if len(found) > 1:
            names = "; ".join(r["unit"] for r in found[:6])
            raise UnknownUnitError(f"{text!r} names {len(found)} units: {names}")
    raise UnknownUnitError(f"no unit {text!r} in the inputs ({len(rows)} units)")
