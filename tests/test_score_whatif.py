"""What-if and goal seek against an independent oracle, and their invariants as properties.

The oracle (tests/score_oracle.py) is formulas.md written with fractions over the raw JSON, not
idx766.score. Property tests draw a unit of Phú Thọ's year-to-date captures, a lever and a
change or a goal: the library's answer must be the oracle's, a goal-seek answer must reach the
goal while one unit less does not, and applying the found change and recomputing must reach
it. A short run is part of the suite; ``IDX766_SCORE_EXAMPLES=2000 pytest -m score_model``
runs a long one.
"""

from __future__ import annotations

import os
from decimal import Decimal
from fractions import Fraction
from functools import cache

import polars as pl
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from idx766.score import (
    Goal,
    UnknownLeverError,
    apply_changes,
    goal_seek,
    group_scores,
    marginal,
    unit_totals,
    whatif,
    whatif_each,
)
from portal_expect import GROUP_OF
from score_oracle import (
    LEVERS,
    SCORERS,
    Unit,
    as_decimal,
    changed,
    headroom,
    rank,
    smallest,
    total,
    world,
)
from score_support import inputs as year_inputs

EXAMPLES = int(os.environ.get("IDX766_SCORE_EXAMPLES", "10"))
PERIOD = "2026"
PROPERTIES = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def inputs() -> pl.DataFrame:
    return year_inputs("year")


@cache
def units() -> dict[str, Unit]:
    return world("year")


UNIT_IDS = sorted(world("year"))
ORACLE_LEVERS = sorted(LEVERS)


def _total_after(unit_id: str, lever: str, n: int) -> Decimal:
    changed = apply_changes(inputs(), unit=unit_id, changes={lever: n}, period=PERIOD)
    totals = unit_totals(group_scores(changed))
    return totals.filter(pl.col("unit_id") == unit_id)["total"][0]


@pytest.mark.score_model
@PROPERTIES
@given(data=st.data())
def test_whatif_is_the_oracle(data: st.DataObject) -> None:
    unit_id = data.draw(st.sampled_from(UNIT_IDS), label="unit")
    lever = data.draw(st.sampled_from(ORACLE_LEVERS), label="lever")
    unit = units()[unit_id]
    room = headroom(unit, lever)
    n = data.draw(st.integers(0, room), label="n")
    answer = whatif(inputs(), unit=unit_id, changes={lever: n}, period=PERIOD)
    moved = changed(unit, lever, n)
    expected = total(moved)
    summary = answer.total.row(0, named=True)
    assert summary["total"] == as_decimal(total(unit))
    assert summary["total_after"] == as_decimal(expected)
    assert summary["rank_after"] == rank(units(), unit_id, expected)
    groups = {r["group"]: r["recomputed_after"] for r in answer.groups.iter_rows(named=True)}
    for endpoint, score in SCORERS.items():
        value = score(moved[endpoint])
        if value is not None:
            assert groups[GROUP_OF[endpoint]] == as_decimal(value)


@pytest.mark.score_model
@PROPERTIES
@given(data=st.data())
def test_goal_seek_is_the_oracle_reaches_and_one_less_does_not(data: st.DataObject) -> None:
    unit_id = data.draw(st.sampled_from(UNIT_IDS), label="unit")
    lever = data.draw(st.sampled_from(ORACLE_LEVERS), label="lever")
    unit = units()[unit_id]
    now = total(unit)
    best = int((total(changed(unit, lever, headroom(unit, lever))) - now) * 100)
    # targets up to what the lever can give, and a little beyond
    target = now + Fraction(data.draw(st.integers(0, best + 3), label="cents"), 100)
    goal = Goal(total=as_decimal(target))
    [row] = goal_seek(inputs(), goal=goal, unit=unit_id, levers=[lever], period=PERIOD).to_dicts()
    expected = smallest(unit, lever, target)
    event("out of reach" if expected is None else "reached" if expected else "already there")
    assert row["change"] == expected
    assert row["headroom"] == headroom(unit, lever)
    if expected is None:
        return
    # applying the found change and recomputing reaches the goal; one unit less does not
    assert _total_after(unit_id, lever, expected) >= goal.total  # type: ignore[operator]
    assert row["total_after"] == _total_after(unit_id, lever, expected)
    if expected > 0:
        assert _total_after(unit_id, lever, expected - 1) < goal.total  # type: ignore[operator]


@pytest.mark.score_model
@PROPERTIES
@given(data=st.data())
def test_a_rank_goal_is_reached_and_one_less_does_not(data: st.DataObject) -> None:
    unit_id = data.draw(st.sampled_from(UNIT_IDS), label="unit")
    lever = data.draw(st.sampled_from(ORACLE_LEVERS), label="lever")
    unit = units()[unit_id]
    now = rank(units(), unit_id, total(unit))
    wanted = data.draw(st.integers(max(1, now - 12), now), label="rank")
    [row] = goal_seek(
        inputs(), goal=Goal(rank=wanted), unit=unit_id, levers=[lever], period=PERIOD
    ).to_dicts()
    n = row["change"]
    event("out of reach" if n is None else "reached" if n else "already there")
    if n is None:
        assert rank(units(), unit_id, total(changed(unit, lever, headroom(unit, lever)))) > wanted
        return
    assert rank(units(), unit_id, total(changed(unit, lever, n))) <= wanted
    if n > 0:
        assert rank(units(), unit_id, total(changed(unit, lever, n - 1))) > wanted


def test_goal_seek_for_every_unit_at_once_agrees_with_one_at_a_time() -> None:
    everyone = goal_seek(inputs(), goal=Goal(band="kha"), levers=["pakn-dung-han"], period=PERIOD)
    assert everyone.height == 164
    for unit_id in UNIT_IDS[::23]:
        unit = units()[unit_id]
        [mine] = everyone.filter(pl.col("unit_id") == unit_id).to_dicts()
        assert mine["change"] == smallest(unit, "pakn-dung-han", Fraction(70))


def test_whatif_each_is_every_unit_alone() -> None:
    each = whatif_each(inputs(), lever="ho-so-dung-han", change=40, period=PERIOD)
    assert each.height == 164
    by_id = {r["unit_id"]: r for r in each.iter_rows(named=True)}
    for unit_id in UNIT_IDS[::11]:
        unit = units()[unit_id]
        n = min(40, headroom(unit, "ho-so-dung-han"))
        after = total(changed(unit, "ho-so-dung-han", n))
        row = by_id[unit_id]
        assert (row["applied"], row["total_after"]) == (n, as_decimal(after))
        assert row["rank_after"] == rank(units(), unit_id, after)


def test_marginal_points_per_one_more() -> None:
    table = {r["lever"]: r for r in marginal(inputs(), unit="H44", period=PERIOD).to_dicts()}
    province = units()[
        next(i for i in UNIT_IDS if units()[i]["dvc-progress-tree"].get("departmentCode") == "H44")
    ]
    received = province["dvc-progress-tree"]["totalReceived"]
    petitions = {m["code"]: m for m in province["handling-satisfaction"]["metrics"]}  # type: ignore[union-attr]
    on_time = table["ho-so-dung-han"]
    # formulas.md: one overdue dossier turned on time is worth 20/N + 6/(0.9·N) below 90 %
    exact = Fraction(20, received) + Fraction(6) / (Fraction(9, 10) * received)  # type: ignore[arg-type]
    assert on_time["points_per_one"] == as_decimal(exact).quantize(Decimal("1e-8"))
    pakn = petitions["PETITION_PROCESSING_ON_TIME"]
    assert table["pakn-dung-han"]["points_per_one"] == as_decimal(
        Fraction(6, pakn["denominator"])
    ).quantize(Decimal("1e-8"))
    assert table["pakn-dung-han"]["headroom"] == pakn["denominator"] - pakn["numerator"]
    # the smallest change that shows in the published total, checked on the oracle
    for lever in ("pakn-dung-han", "ho-so-dung-han", "so-hoa-ket-qua"):
        n = table[lever]["for_visible"]
        assert n == smallest(province, lever, total(province) + Fraction(1, 100))


def test_a_change_the_inputs_cannot_take_is_refused() -> None:
    commune = next(i for i in UNIT_IDS if units()[i]["dvc-progress-tree"].get("level") == "COMMUNE")
    room = headroom(units()[commune], "ho-so-dung-han")
    with pytest.raises(UnknownLeverError, match="at most"):
        whatif(inputs(), unit=commune, changes={"ho-so-dung-han": room + 1}, period=PERIOD)
    with pytest.raises(UnknownLeverError, match="no inputs"):
        whatif(inputs(), unit=commune, changes={"tthc-truc-tuyen": 1}, period=PERIOD)
    with pytest.raises(UnknownLeverError, match="no lever"):
        whatif(inputs(), unit=commune, changes={"bribe-the-inspector": 1}, period=PERIOD)


def test_a_province_wide_lever_moves_every_unit_alike() -> None:
    before = unit_totals(group_scores(inputs()))
    commune = before.filter(pl.col("level") == "commune").row(0, named=True)
    answer = whatif(
        inputs(), unit=commune["unit_id"], changes={"cong-khai-day-du": 2}, period=PERIOD
    )
    assert answer.total["rank_after"][0] == commune["rank"]
    each = whatif_each(inputs(), lever="cong-khai-day-du", change=2, period=PERIOD)
    ranked = each.filter(pl.col("peers") != "provinces")
    assert (ranked["rank_after"] == ranked["rank"]).all()
    gains = (each["total_after"] - each["total"]).unique().to_list()
    assert gains == [Decimal("0.04")]  # 87/89 → 89/89 of 2 points, on every unit
