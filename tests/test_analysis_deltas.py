"""Deltas between dates: antisymmetry, additivity, ranks at each date, seed 001's change tables."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analysis_support import DAYS, long_changes, panels, same_lazy_and_eager, weekly_frames
from idx766.analysis import deltas, rank

A, B, C = DAYS
VALUES = ("total", "tien_do", "so_hoa")


def _by_unit(frame: pl.DataFrame, column: str) -> dict[str, Decimal | None]:
    return dict(zip(frame["unit_key"].to_list(), frame[column].to_list(), strict=True))


@settings(max_examples=40)
@given(panel=panels())
def test_delta_is_antisymmetric(panel: pl.DataFrame) -> None:
    forward = deltas(panel, before=A, after=B)
    backward = deltas(panel, before=B, after=A)
    assert set(forward["unit_key"].to_list()) == set(backward["unit_key"].to_list())
    for v in VALUES:
        f = _by_unit(forward, f"{v}_delta")
        b = _by_unit(backward, f"{v}_delta")
        for unit, delta in f.items():
            assert (delta is None and b[unit] is None) or delta == -b[unit]
    rank_f = _by_unit(forward, "rank_change")
    rank_b = _by_unit(backward, "rank_change")
    for unit, change in rank_f.items():
        assert (change is None and rank_b[unit] is None) or change == -rank_b[unit]


@settings(max_examples=40)
@given(panel=panels())
def test_delta_is_additive_across_dates(panel: pl.DataFrame) -> None:
    ab = _by_unit(deltas(panel, before=A, after=B), "total_delta")
    bc = _by_unit(deltas(panel, before=B, after=C), "total_delta")
    ac = _by_unit(deltas(panel, before=A, after=C), "total_delta")
    for unit, delta in ac.items():
        if ab.get(unit) is not None and bc.get(unit) is not None:
            assert delta == ab[unit] + bc[unit]


@settings(max_examples=40)
@given(panel=panels())
def test_one_row_per_unit_present_at_either_date(panel: pl.DataFrame) -> None:
    result = deltas(panel, before=A, after=C)
    present = panel.filter(pl.col("as_of").is_in([A, C]))
    assert sorted(result["unit_key"].to_list()) == sorted(present["unit_key"].unique().to_list())
    for row in result.iter_rows(named=True):
        missing = row["total_before"] is None or row["total_after"] is None
        assert (row["total_delta"] is None) == missing
        assert row["unit"] is not None
    # the ranks at each date are the competition ranks of that date's scores
    for day, column in ((A, "rank_before"), (C, "rank_after")):
        ranked = rank(panel.filter(pl.col("as_of") == day), over="level")
        expected = _by_unit(ranked, "rank_calc")
        got = {k: r for k, r in _by_unit(result, column).items() if r is not None}
        assert got == expected


@settings(max_examples=40)
@given(panel=panels(), string_dates=st.booleans())
def test_deltas_lazy_in_lazy_out(panel: pl.DataFrame, string_dates: bool) -> None:
    if string_dates:  # ISO strings, as older frames held them
        panel = panel.with_columns(pl.col("as_of").dt.to_string("%Y-%m-%d"))
    same_lazy_and_eager(deltas, panel, before=A, after=C)
    same_lazy_and_eager(deltas, panel, before=B, after=C, over=(), rank_by=None)


def test_deltas_of_decimal_columns_stay_decimal() -> None:
    panel = pl.DataFrame(
        {
            "unit_key": ["x", "x"],
            "level": ["commune", "commune"],
            "as_of": [A, B],
            "total": pl.Series("total", [Decimal("97.10"), Decimal("97.3")], pl.Decimal(38, 2)),
        }
    )
    result = deltas(panel, before=A, after=B)
    assert result.schema["total_delta"] == pl.Decimal(38, 2)
    assert result["total_delta"].to_list() == [Decimal("0.20")]
    assert result.columns == [
        "unit_key",
        "level",
        "total_before",
        "total_after",
        "total_delta",
        "rank_before",
        "rank_after",
        "rank_change",
    ]


# --- seed 001 ----------------------------------------------------------------------------


def test_every_published_delta_is_after_minus_before() -> None:
    changes = weekly_frames()["changes"]
    assert changes.height > 0
    assert changes.select(pl.struct("unit_key", "component").is_unique().all()).item()
    first, last = changes["from"].unique().to_list(), changes["to"].unique().to_list()
    assert len(first) == len(last) == 1
    computed = deltas(
        long_changes(changes),
        before=first[0],
        after=last[0],
        key=("unit_key", "component"),
        values=("value",),
        rank_by=None,
    )
    published = changes.with_columns(pl.col("component").fill_null("total"))
    joined = published.join(computed, on=["unit_key", "component"], how="left")
    assert joined.height == changes.height
    assert_frame_equal(
        joined.select(pl.col("value_delta").alias("d")), joined.select(pl.col("delta").alias("d"))
    )
    # and the published table's own arithmetic
    assert (changes["after"] - changes["before"] == changes["delta"]).all()


def test_ranks_from_the_department_change_table() -> None:
    changes = weekly_frames()["changes"].filter(
        (pl.col("level") == "department") & pl.col("component").is_null()
    )
    totals = long_changes(changes).rename({"value": "total"})
    result = deltas(totals, before=date(2026, 5, 18), after=date(2026, 5, 25))
    assert result.height == 13
    # the table is ordered by the score of 25/5: its row order is the rank after (no ties)
    order = changes["unit_key"].to_list()
    assert [order.index(k) + 1 for k in result["unit_key"].to_list()] == result[
        "rank_after"
    ].to_list()
    # the rank before is the place of the unit's score among the scores of 18/5
    before = sorted(changes["before"].to_list(), reverse=True)
    for row in result.iter_rows(named=True):
        assert row["rank_before"] == before.index(row["total_before"]) + 1
        assert row["rank_change"] == row["rank_before"] - row["rank_after"]
