"""The numbers and words of the report's sentences, and the report's choice of province."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import idx766
from idx766.model import Level
from idx766.report import UnitLine, weekly_data
from idx766.report import phrases as ph
from idx766.report.data import province_key

TESTS = Path(__file__).parent
GIA_LAI = TESTS / "portal" / "Crawler-766" / "data" / "gia_lai"
WEEK21 = TESTS / "fixtures" / "docx" / "001-bao-cao-tuan-21-2026.docx"

scores = st.integers(0, 10_000).map(lambda cents: Decimal(cents) / 100)


@given(scores)
def test_prose_numbers_read_back(value: Decimal) -> None:
    text = ph.num(value)
    assert Decimal(text.replace(",", ".")) == value
    assert "." not in text  # no thousands mark below 1000, a comma for decimals
    assert "," not in text or len(text.split(",")[1]) == 2  # 97,90 not 97,9


@given(scores)
def test_table_numbers_read_back_without_trailing_zeros(value: Decimal) -> None:
    text = ph.table_number(value)
    assert Decimal(text) == value
    assert not (("." in text) and text.endswith("0"))
    assert "e" not in text.lower()


@given(st.integers(-10_000, 10_000).map(lambda c: Decimal(c) / 100))
def test_table_deltas_carry_their_sign(delta: Decimal) -> None:
    text = ph.table_delta(delta)
    if delta == 0:
        assert text == "---"
    else:
        assert text[0] == ("+" if delta > 0 else "-")
        assert Decimal(text) == delta


@given(st.integers(0, 999))
def test_counts_have_two_digits_at_least(n: int) -> None:
    text = ph.count(n)
    assert int(text) == n and len(text) >= 2


def _line(name: str, total: str) -> UnitLine:
    return UnitLine(
        name=name, key=name, level=Level.COMMUNE, after=Decimal(total), before=None, delta=None
    )


def test_enumeration_puts_tied_units_together() -> None:
    units = [_line("A", "97.99"), _line("B", "97.85"), _line("C", "97.85"), _line("D", "97.84")]
    assert ph.enumerate_units(units) == (
        "Dẫn đầu là A với 97,99 điểm; tiếp theo là B và C cùng đạt 97,85 điểm; D đạt 97,84 điểm."
    )
    assert ph.enumerate_units(units, lowest_first=True) == (
        "D có điểm thấp nhất với 97,84 điểm; tiếp đến là B và C cùng đạt 97,85 điểm; "
        "A đạt 97,99 điểm."
    )


def test_moves_sentence_leaves_out_empty_categories() -> None:
    assert ph.moves_sentence(10, 1, 2) == (
        "có 10 đơn vị tăng điểm, 01 đơn vị giữ nguyên điểm số và 02 đơn vị giảm điểm"
    )
    assert ph.moves_sentence(8, 0, 2) == "có 08 đơn vị tăng điểm và 02 đơn vị giảm điểm"
    assert ph.moves_sentence(0, 3, 0) == "cả 03 đơn vị đều giữ nguyên điểm số"


def test_cities_are_thanh_pho() -> None:
    assert ph.province_words("hai-phong", "Hải Phòng") == "thành phố Hải Phòng"
    assert ph.province_words("gia-lai", "Gia Lai") == "tỉnh Gia Lai"


def _two_provinces() -> pl.DataFrame:
    """Gia Lai on 2/10 and 9/10, and week 21 of Thái Nguyên moved to the same two days."""
    gia_lai = [
        idx766.to_frames(idx766.parse(GIA_LAI / name))["scores"]
        for name in ("agencies_GiaLai_02102026.json", "comparison_GiaLai_09102026.json")
    ]
    thai_nguyen = idx766.to_frames(idx766.parse(WEEK21))["scores"].filter(
        pl.col("as_of") == date(2026, 5, 25)
    )
    moved = [
        thai_nguyen.with_columns(
            pl.lit(day).alias("as_of"), pl.lit(None).cast(pl.String).alias("period")
        )
        for day in (date(2026, 10, 2), date(2026, 10, 9))
    ]
    return pl.concat([*gia_lai, *moved], how="diagonal_relaxed")


@pytest.mark.parametrize(
    ("province", "key", "units"),
    [(None, "gia-lai", 14), ("Thái Nguyên", "thai-nguyen", 13), ("gia-lai", "gia-lai", 14)],
)
def test_the_province_chosen(province: str | None, key: str, units: int) -> None:
    data = weekly_data(
        _two_provinces(),
        before=date(2026, 10, 2),
        after=date(2026, 10, 9),
        province=province,
    )
    assert data.province is not None and data.province.key == key
    departments = data.level(Level.DEPARTMENT)
    assert departments is not None and len(departments.units) == units
    assert all(u.key.startswith(key + "/") for u in departments.units)


def test_dates_out_of_order_are_refused() -> None:
    with pytest.raises(ValueError, match="in order"):
        weekly_data(_two_provinces(), before=date(2026, 10, 9), after=date(2026, 10, 9))
    with pytest.raises(ValueError, match="not a province"):
        weekly_data(
            _two_provinces(),
            before=date(2026, 10, 2),
            after=date(2026, 10, 2) + timedelta(days=7),
            province="Xứ Sở Thần Tiên",
        )


def test_a_province_scored_alone_is_the_reports_province() -> None:
    """Found by the long round-trip run: a province with no unit of its own on the later day was
    not chosen, and the report said it had no score."""
    frame = pl.DataFrame(
        {
            "unit": ["Thái Nguyên", "Văn phòng UBND tỉnh"],
            "unit_key": ["thai-nguyen", "thai-nguyen/van-phong-ubnd-tinh"],
            "level": ["province", "department"],
            "province": [None, "thai-nguyen"],
            "as_of": [date(2026, 5, 25), date(2026, 5, 24)],
            "total": [Decimal("50"), Decimal("50")],
        }
    )
    assert province_key(frame, after=date(2026, 5, 25)) == "thai-nguyen"


def test_provinces_alike_are_not_chosen_among() -> None:
    frame = pl.DataFrame(
        {
            "unit": ["Gia Lai", "Thái Nguyên"],
            "unit_key": ["gia-lai", "thai-nguyen"],
            "level": ["province", "province"],
            "province": [None, None],
            "as_of": [date(2026, 5, 25)] * 2,
            "total": [Decimal("66.14"), Decimal("80.1")],
        }
    )
    with pytest.raises(ValueError, match="--province"):
        province_key(frame, after=date(2026, 5, 25))
