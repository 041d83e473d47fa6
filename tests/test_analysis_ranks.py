"""Ranks: properties of competition and dense ranking, and seed 001's Phụ lục I standings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analysis_support import same_lazy_and_eager, score_frames, shuffled, weekly_frames
from idx766.analysis import component_ranks, rank, rank_of
from seed_expect import component_rows

OVER = ("level", "as_of")


def _partitions(frame: pl.DataFrame) -> dict[tuple[object, ...], list[dict[str, object]]]:
    groups: dict[tuple[object, ...], list[dict[str, object]]] = {}
    for row in frame.iter_rows(named=True):
        groups.setdefault((row["level"], row["as_of"]), []).append(row)
    return groups


@settings(max_examples=40)
@given(frame=score_frames(), data=st.data())
def test_ranks_do_not_depend_on_row_order(frame: pl.DataFrame, data: st.DataObject) -> None:
    order = data.draw(st.permutations(list(range(frame.height))))
    for method in ("min", "dense"):
        a = rank(frame, method=method).sort("unit_key")
        b = rank(shuffled(frame, order), method=method).sort("unit_key")
        assert_frame_equal(a, b)


@settings(max_examples=40)
@given(frame=score_frames())
def test_competition_and_dense_ranks_by_definition(frame: pl.DataFrame) -> None:
    ranked = rank(rank(frame, method="dense", name="dense"), name="comp")
    ranked = rank_of(ranked)
    for rows in _partitions(ranked).values():
        scored = [r["total"] for r in rows if r["total"] is not None]
        for r in rows:
            if r["total"] is None:  # nulls are not ranked
                assert (r["comp"], r["dense"], r["rank_of_calc"]) == (None, None, None)
                continue
            higher = [s for s in scored if s > r["total"]]
            assert r["comp"] == 1 + len(higher)
            assert r["dense"] == 1 + len(set(higher))
            assert r["dense"] <= r["comp"]
            assert r["rank_of_calc"] == len(scored)


@settings(max_examples=40)
@given(frame=score_frames())
def test_equal_scores_equal_ranks_and_higher_scores_better_ranks(frame: pl.DataFrame) -> None:
    ranked = rank(frame)
    for rows in _partitions(ranked).values():
        scored = [r for r in rows if r["total"] is not None]
        for a in scored:
            for b in scored:
                if a["total"] == b["total"]:
                    assert a["rank_calc"] == b["rank_calc"]
                elif a["total"] > b["total"]:
                    assert a["rank_calc"] < b["rank_calc"]


@settings(max_examples=40)
@given(frame=score_frames())
def test_ascending_ranks_mirror_descending(frame: pl.DataFrame) -> None:
    both = rank(rank(frame, method="dense"), method="dense", descending=False, name="up")
    for rows in _partitions(both).values():
        distinct = {r["total"] for r in rows if r["total"] is not None}
        for r in rows:
            if r["total"] is not None:
                assert r["rank_calc"] + r["up"] == len(distinct) + 1


@settings(max_examples=40)
@given(frame=score_frames())
def test_lazy_in_lazy_out(frame: pl.DataFrame) -> None:
    same_lazy_and_eager(rank, frame)
    same_lazy_and_eager(rank, frame, method="dense", over="level")
    same_lazy_and_eager(rank_of, frame)
    same_lazy_and_eager(component_ranks, frame.with_columns(so_hoa=pl.col("total")))


def test_whole_frame_ranking_without_partitions() -> None:
    frame = pl.DataFrame(
        {"total": pl.Series("t", [Decimal(1), Decimal(3), Decimal(3), None], pl.Decimal(38, 2))}
    )
    assert rank(frame, over=())["rank_calc"].to_list() == [3, 1, 1, None]
    assert rank(frame, over=(), method="dense")["rank_calc"].to_list() == [2, 1, 1, None]
    assert rank_of(frame, over=())["rank_of_calc"].to_list() == [3, 3, 3, None]


# --- seed 001 ----------------------------------------------------------------------------


def _appendix(of: int) -> tuple[pl.DataFrame, list[dict[str, Any]]]:
    """The computed ranks of the units of Phụ lục I's table of ``of`` rows, and that table."""
    rows = [r for r in component_rows("001") if r["of"] == of]
    assert len(rows) == of
    scores = weekly_frames()["scores"].filter(pl.col("so_hoa").is_not_null())
    ranked = rank_of(rank(scores))
    found = [
        ranked.filter(pl.col("names").list.contains(r["name"]) & (pl.col("total") == r["total"]))
        for r in rows
    ]
    assert all(f.height == 1 for f in found)
    return pl.concat(found), rows


def test_department_ranking_reproduces_appendix_one() -> None:
    ranked, rows = _appendix(13)
    assert ranked["level"].unique().to_list() == ["department"]
    assert ranked["rank_calc"].to_list() == [r["position"] for r in rows]
    assert ranked["rank_of_calc"].to_list() == [13] * 13
    # the published order is the order of the computed ranks
    assert (
        ranked.sort("rank_calc", maintain_order=True)["unit"].to_list() == ranked["unit"].to_list()
    )


def test_commune_ranking_shares_ranks_where_the_appendix_numbers_positions() -> None:
    ranked, rows = _appendix(92)
    assert ranked["rank_of_calc"].to_list() == [92] * 92
    previous_total = None
    tie_rank = 0
    for computed, row in zip(ranked["rank_calc"].to_list(), rows, strict=True):
        if row["total"] != previous_total:  # first of a tie: the position is the rank
            tie_rank = row["position"]
            previous_total = row["total"]
        assert computed == tie_rank
        assert computed <= row["position"]


def test_component_ranks_one_column_per_component() -> None:
    scores = weekly_frames()["scores"].filter(pl.col("level") == "department")
    ranked = component_ranks(scores)
    for key in ("cong_khai", "tien_do", "dvc_truc_tuyen", "thanh_toan", "hai_long", "so_hoa"):
        assert_frame_equal(
            ranked.select(pl.col(f"rank_{key}").alias("r")),
            rank(scores, by=key, name="r").select("r"),
        )
    best = ranked.filter(pl.col("cong_khai") == pl.col("cong_khai").max())
    assert best["rank_cong_khai"].unique().to_list() == [1]
    assert component_ranks(scores, components=["so_hoa"]).columns[-1] == "rank_so_hoa"
