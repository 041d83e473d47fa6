"""Top/bottom N with ties, movers, up/unchanged/down counts, bands, weakest component."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis_support import (
    long_changes,
    same_lazy_and_eager,
    score_frames,
    weekly_frames,
)
from idx766.analysis import (
    bands,
    bottom_n,
    count_moves,
    deltas,
    movers,
    top_n,
    weakest_component,
)
from idx766.components import component
from idx766.units import default_registry, resolve
from seed_expect import component_rows, tables_with
from seedtext import seed_path

REGISTRY = default_registry()
OVER = ("level", "as_of")


def _key(name: str) -> str:
    resolved = resolve(REGISTRY, name, province="Thái Nguyên")  # the seeds' province
    assert resolved.unit is not None, name
    return resolved.unit.key


# --- properties ----------------------------------------------------------------------------


@settings(max_examples=80)
@given(frame=score_frames(), n=st.integers(0, 12), ties=st.booleans(), top=st.booleans())
def test_top_n_is_sorted_and_keeps_every_unit_tied_at_the_cut(
    frame: pl.DataFrame, n: int, ties: bool, top: bool
) -> None:
    pick = top_n if top else bottom_n
    picked = pick(frame, n, ties=ties)
    assert picked.filter(pl.col("total").is_null()).height == 0
    for (level, day), part in frame.group_by(OVER):
        scored = [r for r in part.iter_rows(named=True) if r["total"] is not None]
        # positions a score spans in the list (1 = first of the list)
        first = {}
        last = {}
        for r in scored:
            better = sum(
                1 for o in scored if (o["total"] > r["total"]) == top and o["total"] != r["total"]
            )
            same = sum(1 for o in scored if o["total"] == r["total"])
            first[r["unit_key"]] = better + 1
            last[r["unit_key"]] = better + same
        got = picked.filter((pl.col("level") == level) & (pl.col("as_of") == day))
        totals = got["total"].to_list()
        assert totals == sorted(totals, reverse=top)  # best first
        keys = got["unit_key"].to_list()
        if ties:
            assert set(keys) == {k for k, f in first.items() if f <= n}
        else:
            assert len(keys) == min(n, len(scored))
            assert {k for k, la in last.items() if la <= n} <= set(keys)
        for k, tied in zip(keys, got["tied_at_cut"].to_list(), strict=True):
            assert tied == (first[k] <= n < last[k])


@settings(max_examples=40)
@given(frame=score_frames())
def test_groupings_lazy_in_lazy_out(frame: pl.DataFrame) -> None:
    same_lazy_and_eager(top_n, frame, 3)
    same_lazy_and_eager(bottom_n, frame, 3, ties=False, tie_break="unit_key")
    same_lazy_and_eager(bands, frame)
    delta = frame.rename({"total": "total_delta"}).with_columns(pl.col("total_delta") - Decimal(50))
    same_lazy_and_eager(movers, delta, 2)
    same_lazy_and_eager(movers, delta, 2, direction="down")
    same_lazy_and_eager(count_moves, delta)
    same_lazy_and_eager(count_moves, delta, over=())


@settings(max_examples=40)
@given(frame=score_frames())
def test_count_moves_partitions_the_units(frame: pl.DataFrame) -> None:
    delta = frame.with_columns(total_delta=pl.col("total") - Decimal(50))
    counts = count_moves(delta, over=())
    assert counts.row(0) == (
        delta.filter(pl.col("total_delta") > 0).height,
        delta.filter(pl.col("total_delta") == 0).height,
        delta.filter(pl.col("total_delta") < 0).height,
    )
    per_level = count_moves(delta)
    assert per_level.select(pl.sum("up", "unchanged", "down")).row(0) == counts.row(0)


# --- seed 001: leaders, laggards, gainers, counts ------------------------------------------


def _communes() -> pl.DataFrame:
    scores = weekly_frames()["scores"]
    return scores.filter((pl.col("level") == "commune") & pl.col("so_hoa").is_not_null())


def _grouped(frame: pl.DataFrame, group: str) -> set[str]:
    return set(frame.filter(pl.col("groups").list.contains(group))["unit_key"].to_list())


def test_top_ten_communes_are_the_reports_leaders() -> None:
    communes = _communes()
    assert communes.height == 92
    top = top_n(communes, 10)
    assert top.height == 10
    assert set(top["unit_key"].to_list()) == _grouped(communes, "leaders")
    assert not top["tied_at_cut"].any()


def test_bottom_ten_communes_are_the_reports_laggards_plus_the_unit_tied_at_the_cut() -> None:
    communes = _communes()
    # from the seed text: the laggard table, and the appendix units at its highest score
    laggard_table = tables_with("001", "xa/phuong", "bien dong")[1]
    listed = {_key(row[1]) for row in laggard_table.data}
    cut = max(Decimal(row[3]) for row in laggard_table.data)
    at_cut = {
        _key(r["name"]): r["name"]
        for r in component_rows("001")
        if r["of"] == 92 and r["total"] == cut
    }
    extra = {k: name for k, name in at_cut.items() if k not in listed}
    assert len(extra) == 1 and len(at_cut) == 3  # one unlisted unit tied with two listed ones
    assert list(extra.values()) == ["UBND xã Nghĩa Tá"]

    bottom = bottom_n(communes, 10)
    assert bottom.height == 11
    assert set(bottom["unit_key"].to_list()) == _grouped(communes, "laggards") | set(extra)
    assert set(bottom.filter(pl.col("tied_at_cut"))["unit_key"].to_list()) == set(at_cut)
    assert bottom["total"].to_list() == sorted(bottom["total"].to_list())

    exact = bottom_n(communes, 10, ties=False, tie_break="unit_key")
    assert exact.height == 10
    assert set(exact.filter(~pl.col("tied_at_cut"))["unit_key"].to_list()) == (
        set(bottom.filter(~pl.col("tied_at_cut"))["unit_key"].to_list())
    )


def _commune_deltas() -> pl.DataFrame:
    changes = weekly_frames()["changes"]
    totals = long_changes(changes.filter(pl.col("component").is_null()))
    return deltas(
        totals.rename({"value": "total"}),
        before=date(2026, 5, 18),
        after=date(2026, 5, 25),
        keep=("unit", "groups"),
    )


def test_top_gainers_from_the_change_tables_are_the_reports_gainers() -> None:
    commune_deltas = _commune_deltas().filter(pl.col("level") == "commune")
    gainers = movers(commune_deltas, 10)
    assert set(gainers["unit_key"].to_list()) == _grouped(commune_deltas, "gainers")
    assert gainers["total_delta"].to_list() == sorted(
        gainers["total_delta"].to_list(), reverse=True
    )
    fallers = movers(commune_deltas, 3, direction="down")
    assert all(d < 0 for d in fallers["total_delta"].to_list())
    assert fallers["total_delta"].to_list() == sorted(fallers["total_delta"].to_list())


_COUNTS = r"(\d+) đơn vị tăng điểm(?:, (\d+) đơn vị giữ nguyên điểm số)? và (\d+) đơn vị giảm điểm"


def _sentence_counts(lead: str) -> tuple[int, int, int]:
    text = unicodedata.normalize("NFC", seed_path("001").read_text(encoding="utf-8"))
    [match] = re.findall(lead + _COUNTS, text)
    up, unchanged, down = match
    return int(up), int(unchanged or 0), int(down)


def test_department_moves_match_the_reports_sentence() -> None:
    expected = _sentence_counts(r"sở, ban, ngành, có ")
    counts = count_moves(_commune_deltas())
    department = counts.filter(pl.col("level") == "department")
    assert department.select("up", "unchanged", "down").row(0) == expected


@pytest.mark.parametrize(
    ("group", "lead"),
    [("leaders", r"10 xã, phường dẫn đầu có "), ("laggards", r"trong nhóm này có ")],
)
def test_commune_group_moves_match_the_reports_sentences(group: str, lead: str) -> None:
    in_group = _commune_deltas().filter(pl.col("groups").list.contains(group))
    counts = count_moves(in_group, over=())
    assert counts.row(0) == _sentence_counts(lead)


# --- bands and weakest component -----------------------------------------------------------


def test_bands_at_their_thresholds() -> None:
    values = ["90", "89.99", "80", "79.99", "70", "50", "49.99", "0", None]
    frame = pl.DataFrame(
        [pl.Series("total", [v and Decimal(v) for v in values], pl.Decimal(38, 2))]
    )
    assert bands(frame)["band"].to_list() == [
        "Xuất sắc",
        "Tốt",
        "Tốt",
        "Khá",
        "Khá",
        "Trung bình",
        "Yếu",
        "Yếu",
        None,
    ]
    two = bands(frame, thresholds=[("Đạt", 50), ("Cao", Decimal("89.99"))], name="muc")
    assert two["muc"].to_list() == ["Cao", "Cao", "Đạt", "Đạt", "Đạt", "Đạt", None, None, None]


def test_weakest_component_of_the_departments() -> None:
    scores = weekly_frames()["scores"].filter(pl.col("level") == "department")
    weakest = weakest_component(scores)
    keys = ("cong_khai", "tien_do", "dvc_truc_tuyen", "thanh_toan", "hai_long", "so_hoa")
    for row in weakest.iter_rows(named=True):
        shortfalls = {k: component(k).max_points - row[k] for k in keys}
        worst = max(shortfalls.values())
        first = next(k for k in keys if shortfalls[k] == worst)
        assert (row["weakest_component"], row["weakest_value"], row["weakest_shortfall"]) == (
            first,
            row[first],
            worst,
        )


def test_weakest_component_follows_the_methodology() -> None:
    d = pl.Decimal(38, 2)
    frame = pl.DataFrame(
        [
            pl.Series("methodology", ["five-group", "six-group", None, "six-group"]),
            pl.Series("cong_khai", [Decimal(17), Decimal(17), Decimal(17), None], d),
            pl.Series("dvc_truc_tuyen", [Decimal(1), Decimal(9), Decimal(9), None], d),
            pl.Series("truc_tuyen", [Decimal(15), Decimal(1), Decimal(1), None], d),
        ]
    )
    weakest = same_lazy_and_eager(weakest_component, frame)
    # five groups: truc_tuyen 15/22 (7 short) counts, dvc_truc_tuyen does not
    # six groups: dvc_truc_tuyen 9/12 (3 short), truc_tuyen ignored
    # no methodology: every group present, truc_tuyen 1/22 is the weakest
    assert weakest["weakest_component"].to_list() == [
        "truc_tuyen",
        "dvc_truc_tuyen",
        "truc_tuyen",
        None,
    ]
    assert weakest["weakest_shortfall"].to_list() == [Decimal(7), Decimal(3), Decimal(21), None]
    assert weakest["weakest_value"].to_list() == [Decimal(15), Decimal(9), Decimal(1), None]
