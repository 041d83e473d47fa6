"""Whether a directive's targets are met: "Tỷ lệ xử lý phản ánh, kiến nghị đúng hạn = 100 %".

Targets (:class:`idx766.model.Target`) come from a directive; the values measured against them
come from anywhere (a report's metrics, the portal, a person), keyed by indicator name. Names
are matched by :func:`idx766.text.name_key`, so case, Unicode form and tone-mark placement do
not matter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import polars as pl

from idx766.model import Target
from idx766.numbers import places
from idx766.text import name_key

__all__ = ["attainment", "shortfall"]


def shortfall(op: str, target: Decimal, value: Decimal) -> Decimal:
    """How far ``value`` is from meeting ``op target`` (0 when met).

    ``>=``: target − value; ``<=``: value − target; ``=``: the distance either way.
    """
    if op == ">=":
        return max(Decimal(0), target - value)
    if op == "<=":
        return max(Decimal(0), value - target)
    if op == "=":
        return abs(value - target)
    raise ValueError(f"unknown target operator {op!r}")


def _met(op: str, target: Decimal, value: Decimal) -> bool:
    return shortfall(op, target, value) == 0


def _decimal_series(name: str, values: list[Decimal | None]) -> pl.Series:
    present = [v for v in values if v is not None]
    scale = max((places(v) for v in present), default=0)
    return pl.Series(name, values, dtype=pl.Decimal(38, scale))


def attainment(targets: Sequence[Target], values: Mapping[str, Decimal]) -> pl.DataFrame:
    """One row per target: ``indicator, op, target, unit_of_measure, value, attained, shortfall``.

    ``values`` maps indicator names to measured values; each target takes the value whose name
    has the same :func:`~idx766.text.name_key` as its indicator. Without a value, ``attained``
    and ``shortfall`` are null. Two value names with one key are an error (``ValueError``).
    """
    by_key: dict[str, Decimal] = {}
    for name, value in values.items():
        k = name_key(name)
        if k in by_key:
            raise ValueError(f"two values for one indicator: {name!r}")
        if not isinstance(value, Decimal):
            raise TypeError(f"value of {name!r} must be a Decimal, not {type(value).__name__}")
        by_key[k] = value
    measured = [by_key.get(name_key(t.indicator)) for t in targets]
    attained = [
        None if v is None else _met(t.op, t.value, v)
        for t, v in zip(targets, measured, strict=True)
    ]
    short = [
        None if v is None else shortfall(t.op, t.value, v)
        for t, v in zip(targets, measured, strict=True)
    ]
    return pl.DataFrame(
        [
            pl.Series("indicator", [t.indicator for t in targets], dtype=pl.String),
            pl.Series("op", [t.op for t in targets], dtype=pl.String),
            _decimal_series("target", [t.value for t in targets]),
            pl.Series("unit_of_measure", [t.unit_of_measure for t in targets], dtype=pl.String),
            _decimal_series("value", measured),
            pl.Series("attained", attained, dtype=pl.Boolean),
            _decimal_series("shortfall", short),
        ]
    )
