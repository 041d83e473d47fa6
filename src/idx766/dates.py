"""Dates, months, periods and week numbers as written in Vietnamese reports."""

from __future__ import annotations

import datetime
import re

from idx766.text import clean, nfc

__all__ = [
    "DateFormatError",
    "date_in_file_name",
    "find_dates",
    "find_period",
    "parse_date",
    "parse_month",
    "week_number",
]


class DateFormatError(ValueError):
    """A text is not a valid date, month or period."""


_I = re.IGNORECASE
_N = r"\**(\d{1,2})\**"  # a day or month number, possibly in markdown bold ("**06**")


def _numeric(sep_group: int) -> str:
    """Pattern of "25/5/2026", "25-05-2026", "25.05.2026": 4 groups, separator in group N."""
    return rf"(?<![\d.,/])(\d{{1,2}})([/.-])(\d{{1,2}})\{sep_group}(\d{{4}})(?![\d/]|[.,]\d)"


# "ngày 06 tháng 12 năm 2023".
_WORDS = rf"ngày\s+{_N}\s+tháng\s+{_N}\s+năm\s+(\d{{4}})(?!\d)"
# "18/5" (day/month, year from the context).
_DAY_MONTH = r"(?<![\d.,/])(\d{1,2})/(\d{1,2})(?![\d/]|[.,]\d)"

_DATE_RE = re.compile(rf"{_numeric(2)}|{_WORDS}|{_DAY_MONTH}", _I)
_TRAILER = r"[\s).,;:]*"
_PERIOD_RE = re.compile(
    rf"từ\s+(?:ngày\s+)?(?:{_numeric(2)}|{_WORDS}|{_DAY_MONTH})"
    rf"\s*(?:,\s*)?(?:đến|tới|-|–)\s*(?:ngày\s+)?(?:{_numeric(11)}|{_WORDS})",
    _I,
)
_MONTH_RE = re.compile(
    rf"\D*?(?:tháng\s+{_N}\s+năm\s+(\d{{4}})|(?:tháng\s+)?(\d{{1,2}})\s*[/.-]\s*(\d{{4}})){_TRAILER}",
    _I,
)
_WEEK_RE = re.compile(r"tuần\s+(?:thứ\s+)?(\d{1,2})(?!\d)", _I)


def _make(year: int, month: int, day: int, text: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise DateFormatError(f"invalid date {day}/{month}/{year} in {text!r}: {exc}") from None


def _from_groups(
    groups: tuple[str | None, ...], default_year: int | None, text: str
) -> datetime.date:
    """Build a date from the 9 groups of ``_DATE_RE`` (numeric, words, day/month)."""
    d1, _sep, m1, y1, d2, m2, y2, d3, m3 = groups
    if d1 is not None and m1 is not None and y1 is not None:
        return _make(int(y1), int(m1), int(d1), text)
    if d2 is not None and m2 is not None and y2 is not None:
        return _make(int(y2), int(m2), int(d2), text)
    assert d3 is not None and m3 is not None
    if default_year is None:
        raise DateFormatError(f"date without a year and no default year: {text!r}")
    return _make(default_year, int(m3), int(d3), text)


def parse_date(text: str, *, default_year: int | None = None) -> datetime.date:
    """Parse one date ("25/5/2026", "ngày 06 tháng 12 năm 2023", "Từ 18/5"); prefix words ignored.

    A day/month without a year needs ``default_year``. Two-digit years are not supported.
    """
    cleaned = clean(text)
    match = re.fullmatch(rf"\D*?(?:{_DATE_RE.pattern}){_TRAILER}", cleaned, _I)
    if match is None:
        raise DateFormatError(f"not a date: {text!r}")
    return _from_groups(match.groups(), default_year, text)


def parse_month(text: str) -> tuple[int, int]:
    """Parse a month ("tháng 8 năm 2023", "Tháng 01/2026", "08/2023") into (year, month)."""
    match = _MONTH_RE.fullmatch(clean(text))
    if match is None:
        raise DateFormatError(f"not a month: {text!r}")
    m1, y1, m2, y2 = match.groups()
    year, month = (int(y1), int(m1)) if y1 is not None else (int(y2), int(m2))
    if not 1 <= month <= 12 or year < 1:
        raise DateFormatError(f"invalid month in {text!r}")
    return year, month


def find_dates(
    text: str, *, default_year: int | None = None
) -> list[tuple[int, int, datetime.date]]:
    """Every valid date in ``text`` as (start, end, date); offsets refer to ``nfc(text)``.

    Day/month without a year is only reported when ``default_year`` is given.
    """
    normalized = nfc(text)
    found: list[tuple[int, int, datetime.date]] = []
    for match in _DATE_RE.finditer(normalized):
        if match.group(8) is not None and default_year is None:
            continue
        try:
            value = _from_groups(match.groups(), default_year, text)
        except DateFormatError:
            continue
        found.append((match.start(), match.end(), value))
    return found


def find_period(text: str) -> tuple[datetime.date, datetime.date] | None:
    """The first period "từ (ngày) <date> đến (ngày) <date>" in ``text``, or None.

    A start without a year takes the end's year (the year before if that would follow
    the end). Raises ``DateFormatError`` when the period ends before it starts.
    """
    normalized = clean(text)
    for match in _PERIOD_RE.finditer(normalized):
        g = match.groups()
        try:
            end = _from_groups((*g[9:16], None, None), None, text)
            start = _from_groups(g[:9], end.year, text)
        except DateFormatError:
            continue
        if g[7] is not None and start > end:  # day/month start in the previous year
            start = _make(end.year - 1, start.month, start.day, text)
        if start > end:
            raise DateFormatError(f"period ends before it starts: {match.group(0)!r}")
        return start, end
    return None


def week_number(text: str) -> int | None:
    """The week number in "Tuần thứ 13", "TUẦN THỨ 21" or "tuần 21", or None."""
    for match in _WEEK_RE.finditer(nfc(text)):
        week = int(match.group(1))
        if 1 <= week <= 53:
            return week
    return None


# A date in a file name: 2026-05-25, 2026_05_25, 25-05-2026, 25.05.2026, 25052026, 20260525.
_NAME_ISO = re.compile(r"(?<!\d)(\d{4})[-_.](\d{1,2})[-_.](\d{1,2})(?!\d)")
_NAME_DMY = re.compile(r"(?<!\d)(\d{1,2})[-_.](\d{1,2})[-_.](\d{4})(?!\d)")
_NAME_EIGHT = re.compile(r"(?<!\d)(\d{8})(?!\d)")
_NAME_YEARS = range(2015, 2100)


def date_in_file_name(name: str) -> datetime.date | None:
    """The date a file's name carries, or None when it carries none or an ambiguous one.

    ``provinces-2026-05-25.csv``, ``bao-cao-25-05-2026.docx`` and ``agencies_GiaLai_25052026``
    (day first, as the portal's crawlers write it; ``20260525`` is read year first) all give
    25/5/2026. Eight digits that read as two valid dates give None.
    """
    stem = name.rsplit("/", 1)[-1]
    found: set[datetime.date] = set()
    for pattern, order in ((_NAME_ISO, (0, 1, 2)), (_NAME_DMY, (2, 1, 0))):
        for m in pattern.finditer(stem):
            year, month, day = (int(m.group(i + 1)) for i in order)
            if year in _NAME_YEARS:
                try:
                    found.add(datetime.date(year, month, day))
                except ValueError:
                    continue
    for m in _NAME_EIGHT.finditer(stem):
        digits = m.group(1)
        readings = set()
        for y, m_, d in (
            (digits[4:], digits[2:4], digits[:2]),  # DDMMYYYY
            (digits[:4], digits[4:6], digits[6:]),  # YYYYMMDD
        ):
            if int(y) in _NAME_YEARS:
                try:
                    readings.add(datetime.date(int(y), int(m_), int(d)))
                except ValueError:
                    continue
        if len(readings) == 1:
            found |= readings
    return found.pop() if len(found) == 1 else None
