"""Tests for idx766.numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from idx766.numbers import (
    MixedNumberStyleError,
    NumberFormatError,
    NumberStyle,
    format_decimal,
    infer_style,
    is_no_change,
    parse_comparison,
    parse_count_pair,
    parse_decimal,
    parse_delta,
    parse_int,
    parse_percent,
    places,
)

COMMA = NumberStyle.COMMA_DECIMAL
DOT = NumberStyle.DOT_DECIMAL


def same(a: Decimal, b: Decimal) -> bool:
    """Equal value and equal printed form (sign, digits, exponent)."""
    return a.as_tuple() == b.as_tuple()


@pytest.mark.parametrize(
    ("token", "style", "expected"),
    [
        ("96,32", COMMA, "96.32"),
        ("1.773", COMMA, "1773"),
        ("378.113", COMMA, "378113"),
        ("1.234.567,5", COMMA, "1234567.5"),
        ("+0,05", COMMA, "0.05"),
        ("-1", COMMA, "-1"),
        ("\u22120,19", COMMA, "-0.19"),
        ("\u20130,19", COMMA, "-0.19"),
        (" 95,50 ", COMMA, "95.50"),
        ("18", COMMA, "18"),
        ("96", COMMA, "96"),
        ("96,00", COMMA, "96.00"),
        ("75,7", COMMA, "75.7"),
        ("12,3456", COMMA, "12.3456"),
        ("01", COMMA, "1"),
        ("95.59", DOT, "95.59"),
        ("1,773", DOT, "1773"),
        ("1,234,567.25", DOT, "1234567.25"),
    ],
)
def test_parse_decimal_examples(token: str, style: NumberStyle, expected: str) -> None:
    assert same(parse_decimal(token, style), Decimal(expected))


def test_parse_decimal_keeps_precision() -> None:
    assert places(parse_decimal("75,7")) == 1
    assert places(parse_decimal("75,69")) == 2
    assert parse_decimal("96").as_tuple() != parse_decimal("96,00").as_tuple()


@pytest.mark.parametrize(
    ("token", "style"),
    [
        ("", COMMA),
        ("   ", COMMA),
        ("---", COMMA),
        ("abc", COMMA),
        ("1.77.3", COMMA),
        ("12.34", COMMA),
        ("95.59", COMMA),
        ("1.2345", COMMA),
        ("0.773", COMMA),
        ("12,34", DOT),
        ("1,77,3", DOT),
        ("96,32", DOT),
        ("1.234,5", DOT),
        (",5", COMMA),
        ("5,", COMMA),
        ("+-5", COMMA),
        ("5 %", COMMA),
        ("1 773", COMMA),
    ],
)
def test_parse_decimal_rejects(token: str, style: NumberStyle) -> None:
    with pytest.raises(NumberFormatError) as info:
        parse_decimal(token, style)
    assert repr(token) in str(info.value)


@pytest.mark.parametrize("token", ["---", "--", "-", "—", "–", " --- ", "\u2212"])
def test_no_change(token: str) -> None:
    assert is_no_change(token)
    assert same(parse_delta(token), Decimal("0"))


@pytest.mark.parametrize("token", ["", "-1", "0", "+0,05", "abc", "- 1"])
def test_not_no_change(token: str) -> None:
    assert not is_no_change(token)


def test_parse_delta_values() -> None:
    assert same(parse_delta("+0,05"), Decimal("0.05"))
    assert same(parse_delta("-1"), Decimal("-1"))
    assert same(parse_delta("-0.19", DOT), Decimal("-0.19"))
    with pytest.raises(NumberFormatError):
        parse_delta("n/a")


@pytest.mark.parametrize(
    ("token", "expected"),
    [("1.773", 1773), ("811", 811), ("01", 1), ("-175", -175), ("+3", 3), ("1,773", 1773)],
)
def test_parse_int(token: str, expected: int) -> None:
    assert parse_int(token) == expected


@pytest.mark.parametrize("token", ["", "1,5", "1.77.3", "12.34", "1.773,000", "x", "---"])
def test_parse_int_rejects(token: str) -> None:
    with pytest.raises(NumberFormatError, match="not an integer"):
        parse_int(token)


def test_parse_count_pair() -> None:
    assert parse_count_pair("1.773/1.773") == (1773, 1773)
    assert parse_count_pair("16/16") == (16, 16)
    assert parse_count_pair(" 3 / 16 ") == (3, 16)
    for bad in ["16", "1/2/3", "a/b", "96,5/100"]:
        with pytest.raises(NumberFormatError, match="count pair"):
            parse_count_pair(bad)


@pytest.mark.parametrize(
    ("token", "expected"),
    [("90,19%", "90.19"), ("90,19 %", "90.19"), ("100%", "100"), ("99,5", "99.5")],
)
def test_parse_percent(token: str, expected: str) -> None:
    assert same(parse_percent(token), Decimal(expected))


def test_parse_percent_dot_and_errors() -> None:
    assert same(parse_percent("97.5%", DOT), Decimal("97.5"))
    with pytest.raises(NumberFormatError, match="percentage"):
        parse_percent("abc%")


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("≥ 80%", (">=", Decimal("80"), "%")),
        (">= 90%", (">=", Decimal("90"), "%")),
        ("≥90%", (">=", Decimal("90"), "%")),
        ("100%", ("=", Decimal("100"), "%")),
        ("Đạt 100%", ("=", Decimal("100"), "%")),
        ("≤ 5", ("<=", Decimal("5"), None)),
        ("<= 2,5%", ("<=", Decimal("2.5"), "%")),
    ],
)
def test_parse_comparison(token: str, expected: tuple[str, Decimal, str | None]) -> None:
    assert parse_comparison(token) == expected


@pytest.mark.parametrize("token", ["", "≥", "≥ abc", "80% hồ sơ", "≥≥ 80"])
def test_parse_comparison_rejects(token: str) -> None:
    with pytest.raises(NumberFormatError, match="comparison"):
        parse_comparison(token)


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        (["96,32", "95,5", "18"], COMMA),
        (["1.234,5"], COMMA),
        (["1.773.000"], COMMA),
        (["12,3456"], COMMA),
        (["+0,05", "---", "-1"], COMMA),
        (["90,19%", "100%"], COMMA),
        (["95.59", "97.5", "18", "Sở Y tế"], DOT),
        (["1,234.5"], DOT),
        (["1.773", "811", "378.113"], None),
        (["1,773", "18"], None),
        (["18", "20", "10"], None),
        (["---", "", "Sở Y tế"], None),
        ([], None),
    ],
)
def test_infer_style(column: list[str], expected: NumberStyle | None) -> None:
    assert infer_style(column) is expected
    assert infer_style(iter(column)) is expected


@pytest.mark.parametrize("column", [["96,32", "95.59"], ["1.773", "95.5", "1.234,5"]])
def test_infer_style_mixed(column: list[str]) -> None:
    with pytest.raises(MixedNumberStyleError) as info:
        infer_style(column)
    assert isinstance(info.value, NumberFormatError)
    assert "95.5" in str(info.value)


def test_format_decimal_examples() -> None:
    assert format_decimal(Decimal("96.32")) == "96,32"
    assert format_decimal(Decimal("1773")) == "1.773"
    assert format_decimal(Decimal("1773"), thousands=False) == "1773"
    assert format_decimal(Decimal("-1234567.50")) == "-1.234.567,50"
    assert format_decimal(Decimal("-1234567.50"), DOT) == "-1,234,567.50"
    assert format_decimal(Decimal("1E+2")) == "100"
    assert format_decimal(Decimal("0E+3")) == "0"
    assert format_decimal(Decimal("0.05")) == "0,05"
    assert format_decimal(Decimal("1E-7"), DOT) == "0.0000001"
    assert format_decimal(Decimal("95.5"), DOT) == "95.5"
    assert format_decimal(Decimal("96.00")) == "96,00"
    with pytest.raises(NumberFormatError):
        format_decimal(Decimal("NaN"))


def test_places() -> None:
    assert places(Decimal("75.7")) == 1
    assert places(Decimal("75.69")) == 2
    assert places(Decimal("96")) == 0
    assert places(Decimal("1E+2")) == 0
    with pytest.raises(NumberFormatError):
        places(Decimal("Infinity"))


decimals_0_to_2 = st.integers(min_value=0, max_value=2).flatmap(
    lambda p: st.decimals(places=p, allow_nan=False, allow_infinity=False)
)
any_decimals = st.integers(-(10**30), 10**30).flatmap(
    lambda n: st.integers(-6, 6).map(lambda e: Decimal(n).scaleb(e))
)


@given(
    st.one_of(decimals_0_to_2, any_decimals),
    st.sampled_from(list(NumberStyle)),
    st.booleans(),
)
@example(Decimal("1E+2"), COMMA, True)
@example(Decimal("-0.00"), DOT, False)
@example(Decimal("1234567.89"), COMMA, True)
@example(Decimal("-1000"), DOT, True)
def test_format_parse_identity(value: Decimal, style: NumberStyle, thousands: bool) -> None:
    printed = format_decimal(value, style, thousands=thousands)
    assert "E" not in printed and "e" not in printed
    parsed = parse_decimal(printed, style)
    assert parsed == value
    assert places(parsed) == places(value)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent <= 0:
        assert same(parsed, value)


@given(st.integers(-(10**15), 10**15), st.booleans())
def test_format_parse_int_identity(n: int, thousands: bool) -> None:
    assert parse_int(format_decimal(Decimal(n), thousands=thousands)) == n
    assert parse_int(format_decimal(Decimal(n), DOT, thousands=thousands)) == n


@given(decimals_0_to_2, st.sampled_from(list(NumberStyle)))
def test_infer_style_never_contradicts_printing(value: Decimal, style: NumberStyle) -> None:
    inferred = infer_style([format_decimal(value, style)])
    assert inferred in (style, None)
    if places(value) in (1, 2):
        assert inferred is style
