"""Day over day on the real Gia Lai files: our deltas and rank changes equal the crawler's."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl

import idx766
from idx766.analysis import deltas
from idx766.frames import frame_of

GIA_LAI = Path(__file__).parent / "portal" / "Crawler-766" / "data" / "gia_lai"
COMPARISON = GIA_LAI / "comparison_GiaLai_09102026.json"
PREVIOUS = GIA_LAI / "agencies_GiaLai_09102026.json"


def _frames() -> tuple[pl.DataFrame, dict[str, dict[str, object]]]:
    records = idx766.parse(COMPARISON)
    units = [s for s in records.scores if s.unit.code and "." in s.unit.code]
    current = frame_of("scores", units)
    [after] = current["as_of"].unique().to_list()
    before_rows = [
        {"unit_key": c.unit.key, "as_of": c.from_date, "total": c.before}
        for c in records.changes
        if c.component is None and c.unit.code and "." in c.unit.code
    ]
    previous = pl.DataFrame(before_rows, schema_overrides={"total": pl.Decimal(38, 2)})
    both = pl.concat(
        [current.select("unit_key", "as_of", "total"), previous], how="vertical_relaxed"
    ).with_columns(province=pl.lit("gia-lai"))
    raw = json.loads(COMPARISON.read_text(encoding="utf-8"))
    published = {u["departmentCode"]: u for u in raw["units"]}
    by_key = {s.unit.key: published[s.unit.code] for s in units if s.unit.code}
    assert after == date(2026, 10, 9) and len(by_key) == 149
    return both, by_key


def test_deltas_and_rank_changes_equal_the_crawlers() -> None:
    both, published = _frames()
    days = sorted(both["as_of"].unique().to_list())
    out = deltas(both, before=days[0], after=days[1], over=("province",))
    assert out.height == 149
    # the crawler numbers tied units one after another (ordinal ranks); ours share a rank
    # ("1, 1, 3"): where a score is tied, ours is the first of the crawler's positions
    first_position: dict[tuple[str, Decimal], int] = {}
    for unit in published.values():
        for field, rank in (
            ("currentScore", "currentRank"),
            ("previousScoreDaily", "previousRankDaily"),
        ):
            key = (field, Decimal(str(unit[field])))
            first_position[key] = min(first_position.get(key, 10**6), unit[rank])
    ties = 0
    for row in out.iter_rows(named=True):
        unit = published[row["unit_key"]]
        assert row["total_delta"] == Decimal(str(unit["scoreDeltaDaily"])), row["unit_key"]
        now = first_position[("currentScore", Decimal(str(unit["currentScore"])))]
        then = first_position[("previousScoreDaily", Decimal(str(unit["previousScoreDaily"])))]
        assert (row["rank_after"], row["rank_before"]) == (now, then)
        if (now, then) == (unit["currentRank"], unit["previousRankDaily"]):
            assert row["rank_change"] == unit["rankChangeDaily"]
        else:
            ties += 1
    assert 0 < ties < 40  # a few tied scores; the rest equal the crawler's ranks exactly


def test_the_comparisons_previous_day_is_the_agencies_file() -> None:
    both, _ = _frames()
    previous = idx766.parse(PREVIOUS)
    earlier = min(both["as_of"].unique().to_list())
    totals = dict(both.filter(pl.col("as_of") == earlier).select("unit_key", "total").iter_rows())
    agencies = [s for s in previous.scores if s.unit.code and "." in s.unit.code]
    assert len(agencies) == 14
    for snap in agencies:
        assert totals[snap.unit.key] == snap.total
