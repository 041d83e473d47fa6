"""Target attainment: the directive's targets (seed 003) against measured values."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import polars as pl
import pytest

import idx766
from analysis_support import DIRECTIVE
from idx766.analysis import attainment
from idx766.model import Target


def test_the_directives_targets_against_values_named_in_another_spelling() -> None:
    targets = idx766.parse(DIRECTIVE).targets
    assert len(targets) > 3
    first, second, third, *_ = targets
    values = {
        # other Unicode form and case than the directive's: matched by name_key
        unicodedata.normalize("NFD", first.indicator.upper()): first.value,
        second.indicator: second.value - Decimal("0.5"),
        third.indicator: third.value + Decimal(1),
    }
    table = attainment(targets, values)
    assert table.columns == [
        "indicator",
        "op",
        "target",
        "unit_of_measure",
        "value",
        "attained",
        "shortfall",
    ]
    assert table["indicator"].to_list() == [t.indicator for t in targets]
    assert table["target"].to_list() == [t.value for t in targets]
    rows = table.iter_rows(named=True)
    row = next(rows)
    assert (row["value"], row["attained"], row["shortfall"]) == (first.value, True, 0)
    row = next(rows)
    assert row["attained"] is False
    assert row["shortfall"] == Decimal("0.5")
    row = next(rows)  # above the target: met for >=, missed for =
    assert row["attained"] is (third.op == ">=")
    assert row["shortfall"] == (0 if third.op == ">=" else 1)
    for row in rows:  # no value: unknown
        assert (row["value"], row["attained"], row["shortfall"]) == (None, None, None)


@pytest.mark.parametrize(
    ("op", "value", "attained", "shortfall"),
    [
        (">=", "80", True, "0"),
        (">=", "79.5", False, "0.5"),
        ("<=", "81", False, "1"),
        ("<=", "12", True, "0"),
        ("=", "80.0", True, "0.0"),
        ("=", "99", False, "19"),
    ],
)
def test_operators(op: str, value: str, attained: bool, shortfall: str) -> None:
    target = Target(indicator="Tỷ lệ thanh toán trực tuyến", op=op, value=Decimal(80))
    table = attainment([target], {"Tỷ lệ thanh toán trực tuyến": Decimal(value)})
    assert table["attained"].to_list() == [attained]
    assert table["shortfall"].to_list() == [Decimal(shortfall)]
    assert isinstance(table.schema["shortfall"], pl.Decimal)


def test_two_values_for_one_indicator_are_an_error() -> None:
    target = Target(indicator="Số hóa hồ sơ", op="=", value=Decimal(100))
    with pytest.raises(ValueError, match="two values"):
        attainment([target], {"Số hóa hồ sơ": Decimal(1), "SỐ HÓA HỒ SƠ": Decimal(2)})
    assert attainment([], {}).height == 0
