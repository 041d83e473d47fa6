"""Shared pieces of the analysis tests: the parsed seed 001, frame strategies, lazy checks."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import idx766
from idx766.model import Records

FIXTURES = Path(__file__).parent / "fixtures" / "docx"
WEEKLY = FIXTURES / "001-bao-cao-tuan-21-2026.docx"
DIRECTIVE = FIXTURES / "003-chi-thi-2026.docx"

DAYS = (date(2026, 5, 11), date(2026, 5, 18), date(2026, 5, 25))
LEVELS = ("commune", "department")


@functools.cache
def weekly() -> Records:
    """Seed 001 (weekly report, week 21 of 2026), parsed once per test session."""
    return idx766.parse(WEEKLY)


@functools.cache
def weekly_frames() -> dict[str, pl.DataFrame]:
    return idx766.to_frames(weekly())


def long_changes(changes: pl.DataFrame) -> pl.DataFrame:
    """A change table as scores: one row per unit, component and date (``value``).

    ``component`` null (the total) becomes ``"total"``; ``from``/``before`` and ``to``/``after``
    become two rows with ``as_of`` and ``value``.
    """
    base = changes.with_columns(pl.col("component").fill_null("total"))
    return pl.concat(
        [
            base.select(
                "unit_key",
                "unit",
                "level",
                "component",
                "groups",
                pl.col(day).alias("as_of"),
                pl.col(value).alias("value"),
            )
            for day, value in (("from", "before"), ("to", "after"))
        ]
    )


# --- strategies ---------------------------------------------------------------------------

two_places = st.integers(0, 10_000).map(lambda n: Decimal(n).scaleb(-2))


@st.composite
def score_frames(draw: st.DrawFn, max_rows: int = 30, nulls: bool = True) -> pl.DataFrame:
    """Scores of units (``u0``, ``u1``...) at levels and dates, with many ties and some nulls."""
    n = draw(st.integers(0, max_rows))
    pool = draw(st.lists(two_places, min_size=1, max_size=6, unique=True))
    value = (st.none() | st.sampled_from(pool)) if nulls else st.sampled_from(pool)
    totals = draw(st.lists(value, min_size=n, max_size=n))
    levels = draw(st.lists(st.sampled_from(LEVELS), min_size=n, max_size=n))
    days = draw(st.lists(st.sampled_from(DAYS[1:]), min_size=n, max_size=n))
    return pl.DataFrame(
        [
            pl.Series("unit_key", [f"u{i}" for i in range(n)], dtype=pl.String),
            pl.Series("level", levels, dtype=pl.String),
            pl.Series("as_of", days, dtype=pl.Date),
            pl.Series("total", totals, dtype=pl.Decimal(38, 2)),
        ]
    )


@st.composite
def panels(draw: st.DrawFn, max_units: int = 15) -> pl.DataFrame:
    """Scores of units at up to three dates (a unit may be missing at a date), two components."""
    rows: list[dict[str, Any]] = []
    for i in range(draw(st.integers(0, max_units))):
        level = draw(st.sampled_from(LEVELS))
        for day in DAYS:
            if draw(st.integers(0, 5)) == 0:
                continue  # absent at this date
            rows.append(
                {
                    "unit_key": f"u{i}",
                    "unit": f"Đơn vị {i}",
                    "level": level,
                    "as_of": day,
                    "total": draw(two_places),
                    "tien_do": draw(st.none() | two_places),
                    "so_hoa": draw(two_places),
                }
            )
    schema = {
        "unit_key": pl.String,
        "unit": pl.String,
        "level": pl.String,
        "as_of": pl.Date,
        "total": pl.Decimal(38, 2),
        "tien_do": pl.Decimal(38, 2),
        "so_hoa": pl.Decimal(38, 2),
    }
    return pl.DataFrame(rows, schema=schema)


def shuffled(frame: pl.DataFrame, order: list[int]) -> pl.DataFrame:
    return frame[order] if order else frame


def same_lazy_and_eager(
    function: Callable[..., Any], frame: pl.DataFrame, *args: Any, **kwargs: Any
) -> pl.DataFrame:
    """Run ``function`` on the frame and on it as a LazyFrame: lazy stays lazy, same result."""
    eager = function(frame, *args, **kwargs)
    lazy = function(frame.lazy(), *args, **kwargs)
    assert isinstance(eager, pl.DataFrame)
    assert isinstance(lazy, pl.LazyFrame)
    assert_frame_equal(lazy.collect(), eager)
    return eager
