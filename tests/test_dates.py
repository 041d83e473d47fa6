"""Tests for idx766.dates."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from idx766.dates import (
    DateFormatError,
    find_dates,
    find_period,
    parse_date,
    parse_month,
    week_number,
)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25/5/2026", date(2026, 5, 25)),
        ("25/05/2026", date(2026, 5, 25)),
        ("25-05-2026", date(2026, 5, 25)),
        ("25.05.2026", date(2026, 5, 25)),
        ("ngày 06 tháng 12 năm 2023", date(2023, 12, 6)),
        ("Ngày 28/3/2026", date(2026, 3, 28)),
        ("Thái Nguyên, ngày 05 tháng 9 năm 2023", date(2023, 9, 5)),
        ("Thái Nguyên, ngày **06** tháng 12 năm 2023", date(2023, 12, 6)),
        ("NGÀY 6 THÁNG 12 NĂM 2023", date(2023, 12, 6)),
        (nfd("ngày 06 tháng 12 năm 2023"), date(2023, 12, 6)),
        ("  31/7/2023 ", date(2023, 7, 31)),
        ("(ngày 31/8/2023)", date(2023, 8, 31)),
        ("29/2/2024", date(2024, 2, 29)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("18/5", date(2026, 5, 18)), ("Từ 18/5", date(2026, 5, 18)), ("Đến 25/5", date(2026, 5, 25))],
)
def test_parse_date_default_year(text: str, expected: date) -> None:
    assert parse_date(text, default_year=2026) == expected
    assert parse_date(nfd(text), default_year=2026) == expected
    with pytest.raises(DateFormatError, match="year"):
        parse_date(text)


def test_full_date_ignores_default_year() -> None:
    assert parse_date("25/5/2026", default_year=2020) == date(2026, 5, 25)


@pytest.mark.parametrize(
    "text",
    [
        "31/2/2026",
        "29/2/2026",
        "0/5/2026",
        "25/13/2026",
        "25/5/26",
        "25/05-2026",
        "",
        "ngày tháng 03 năm 2026",
        "tháng 8 năm 2023",
        "25/5/2026 và 26/5/2026",
        "96,32",
    ],
)
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(DateFormatError):
        parse_date(text, default_year=2026)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tháng 8 năm 2023", (2023, 8)),
        ("Tháng 01/2026", (2026, 1)),
        ("tháng 02/2026", (2026, 2)),
        ("08/2023", (2023, 8)),
        ("THÁNG 12 NĂM 2025", (2025, 12)),
        (nfd("tháng 8 năm 2023"), (2023, 8)),
    ],
)
def test_parse_month(text: str, expected: tuple[int, int]) -> None:
    assert parse_month(text) == expected


@pytest.mark.parametrize("text", ["tháng 13 năm 2023", "00/2023", "25/5/2026", "tháng 8", ""])
def test_parse_month_rejects(text: str) -> None:
    with pytest.raises(DateFormatError):
        parse_month(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "trong tuần thứ 21 (từ ngày 18/5/2026 đến ngày 25/5/2026), như sau:",
            (date(2026, 5, 18), date(2026, 5, 25)),
        ),
        ("(từ ngày 22/03/2026 đến ngày 28/03/2026)", (date(2026, 3, 22), date(2026, 3, 28))),
        ("TỪ NGÀY 22/03/2026 ĐẾN NGÀY 28/03/2026", (date(2026, 3, 22), date(2026, 3, 28))),
        ("từ 18/5 đến 25/5/2026", (date(2026, 5, 18), date(2026, 5, 25))),
        ("từ 29/12 đến 04/01/2026", (date(2025, 12, 29), date(2026, 1, 4))),
        (
            "từ ngày 01 tháng 8 năm 2023 đến ngày 31 tháng 8 năm 2023",
            (date(2023, 8, 1), date(2023, 8, 31)),
        ),
        (
            "từ ngày 31/2/2026 đến 1/3/2026 ... từ 1/3/2026 đến 8/3/2026",
            (date(2026, 3, 1), date(2026, 3, 8)),
        ),
    ],
)
def test_find_period(text: str, expected: tuple[date, date]) -> None:
    assert find_period(text) == expected
    assert find_period(nfd(text)) == expected


@pytest.mark.parametrize("text", ["", "ngày 18/5/2026", "từ 96,13 điểm lên 96,32 điểm"])
def test_find_period_none(text: str) -> None:
    assert find_period(text) is None


def test_find_period_reversed() -> None:
    with pytest.raises(DateFormatError, match="before"):
        find_period("từ ngày 25/5/2026 đến ngày 18/5/2026")


def test_find_dates() -> None:
    text = (
        "Quyết định số 766/QĐ-TTg ngày 23/6/2022; tỉnh đạt 96,77/100 điểm, xếp thứ 05/34; "
        "Văn bản số 2374/UBND-TTPVHCC ngày 13 tháng 3 năm 2026; 1.773/1.773 hồ sơ; "
        "Nghị quyết số 66.7/2025/NQ-CP; Từ 18/5 Đến 25/5; sai 31/2/2026."
    )
    found = find_dates(text)
    assert [d for _, _, d in found] == [date(2022, 6, 23), date(2026, 3, 13)]
    for start, end, _ in found:
        assert text[start:end] in ("23/6/2022", "ngày 13 tháng 3 năm 2026")
    with_year = find_dates(text, default_year=2026)
    assert [d for _, _, d in with_year] == [
        date(2022, 6, 23),
        date(2026, 3, 13),
        date(2026, 5, 18),
        date(2026, 5, 25),
    ]
    assert text[with_year[2][0] : with_year[2][1]] == "18/5"


def test_find_dates_empty() -> None:
    assert find_dates("") == []
    assert find_dates("không có ngày") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tuần thứ 13", 13),
        ("TUẦN THỨ 21", 21),
        ("BÁO CÁO TUẦN THỨ 21", 21),
        ("tuần 21", 21),
        ("(Tuần thứ 13)", 13),
        (nfd("Tuần thứ 13"), 13),
        ("không có", None),
        ("tuần thứ 99", None),
    ],
)
def test_week_number(text: str, expected: int | None) -> None:
    assert week_number(text) == expected


dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


def render(d: date, pad_day: bool, pad_month: bool) -> tuple[str, str]:
    day = f"{d.day:02d}" if pad_day else str(d.day)
    month = f"{d.month:02d}" if pad_month else str(d.month)
    return day, month


@given(dates, st.booleans(), st.booleans(), st.sampled_from(["/", "-", "."]))
def test_parse_date_numeric_roundtrip(d: date, pad_day: bool, pad_month: bool, sep: str) -> None:
    day, month = render(d, pad_day, pad_month)
    assert parse_date(f"{day}{sep}{month}{sep}{d.year}") == d


@given(dates, st.booleans(), st.booleans(), st.sampled_from(["", "Ngày ", "Hà Nội, ngày "]))
def test_parse_date_words_roundtrip(d: date, pad_day: bool, pad_month: bool, prefix: str) -> None:
    day, month = render(d, pad_day, pad_month)
    text = f"{prefix}ngày {day} tháng {month} năm {d.year}".replace("ngày ngày", "ngày")
    assert parse_date(text) == d
    assert parse_date(nfd(text)) == d


@given(dates, st.booleans())
def test_parse_date_default_year_roundtrip(d: date, pad: bool) -> None:
    day, month = render(d, pad, pad)
    assert parse_date(f"Từ {day}/{month}", default_year=d.year) == d


@given(dates, st.integers(0, 400), st.booleans(), st.booleans(), st.booleans())
def test_find_period_roundtrip(
    start: date, length: int, with_ngay: bool, yearless_start: bool, upper: bool
) -> None:
    end = start + timedelta(days=length)
    # a start without a year is only defined within a year of the end
    assume(not yearless_start or length < 365)
    ngay = "ngày " if with_ngay else ""
    first = f"{start.day}/{start.month}" + ("" if yearless_start else f"/{start.year}")
    text = f"Báo cáo (từ {ngay}{first} đến {ngay}{end.day}/{end.month}/{end.year}), như sau"
    if upper:
        text = text.upper()
    assert find_period(text) == (start, end)


@given(st.lists(dates, max_size=5), st.sampled_from([" ", "; ", " và ngày "]))
def test_find_dates_roundtrip(values: list[date], sep: str) -> None:
    text = "Số liệu " + sep.join(f"{d.day}/{d.month}/{d.year}" for d in values) + "."
    found = find_dates(text)
    assert [d for _, _, d in found] == values
    for start, end, d in found:
        assert parse_date(text[start:end]) == d
    offsets = [offset for start, end, _ in found for offset in (start, end)]
    assert offsets == sorted(offsets)
