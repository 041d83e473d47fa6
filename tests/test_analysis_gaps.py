"""Gaps: seed 001's "Khoảng cách" column, and properties of the gaps to leader, above, below."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given, settings

from analysis_support import same_lazy_and_eager, score_frames, shuffled, weekly, weekly_frames
from idx766.analysis import gaps
from seed_expect import tables_with


def test_gap_to_thai_nguyen_is_the_published_khoang_cach() -> None:
    records = weekly()
    day = records.document.period_end
    assert day is not None
    published = {
        m.unit.key: m.value for m in records.metrics if m.metric == "gap" and m.unit is not None
    }
    [table] = tables_with("001", "xep hang", "khoang cach")
    assert len(published) == len(table.data)
    scores = weekly_frames()["scores"]
    computed = gaps(scores, to_unit="thai-nguyen").filter(
        (pl.col("level") == "province") & (pl.col("as_of") == day) & pl.col("period").is_null()
    )
    assert dict(zip(computed["unit_key"], computed["gap_to_unit"], strict=True)) == published
    # the leader's gap to Thái Nguyên is Thái Nguyên's gap to the leader, negated
    leader = computed.filter(pl.col("gap_to_leader") == 0)
    thai_nguyen = computed.filter(pl.col("unit_key") == "thai-nguyen")
    assert leader["gap_to_unit"].item() == -thai_nguyen["gap_to_leader"].item()


def test_a_unit_absent_from_the_partition_has_no_gap() -> None:
    scores = weekly_frames()["scores"].filter(pl.col("as_of") == date(2026, 5, 25))
    communes = gaps(scores, to_unit="thai-nguyen").filter(pl.col("level") == "commune")
    assert communes["gap_to_unit"].null_count() == communes.height


@settings(max_examples=40)
@given(frame=score_frames())
def test_gaps_by_definition(frame: pl.DataFrame) -> None:
    result = gaps(frame, to_unit="u0")
    for (_, _), part in result.group_by(["level", "as_of"]):
        scored = [t for t in part["total"].to_list() if t is not None]
        reference = part.filter(pl.col("unit_key") == "u0")["total"].to_list()
        for row in part.iter_rows(named=True):
            t = row["total"]
            if t is None:
                assert [row[c] for c in ("gap_to_leader", "gap_to_above", "gap_to_below")] == [
                    None
                ] * 3
                continue
            above = [s for s in scored if s > t]
            below = [s for s in scored if s < t]
            assert row["gap_to_leader"] == t - max(scored)
            assert row["gap_to_above"] == (t - min(above) if above else None)
            assert row["gap_to_below"] == (t - max(below) if below else None)
            ref = reference[0] if reference else None
            assert row["gap_to_unit"] == (t - ref if ref is not None else None)


@settings(max_examples=40)
@given(frame=score_frames())
def test_gaps_keep_row_order_and_laziness(frame: pl.DataFrame) -> None:
    result = same_lazy_and_eager(gaps, frame, to_unit="u1")
    assert result["unit_key"].to_list() == frame["unit_key"].to_list()
    same_lazy_and_eager(gaps, shuffled(frame, list(reversed(range(frame.height)))), over=())
