"""Dates, months, periods and week numbers as written in Vietnamese reports."""

from __future__ import annotations

import calendar
import datetime
import re

from attrs import frozen

from idx766.model import Period
from idx766.text import clean, nfc

__all__ = [
    "DateFormatError",
    "TimeRef",
    "date_in_file_name",
    "find_dates",
    "find_period",
    "find_times",
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


# --- time references in running text (articles and notices of any province) ------------------

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_SEP = r"\s*[/.-]\s*"
_TIME_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 2025-08-29 (an ISO date line)
    ("iso", re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")),
    # 31/5/2023, 25-05-2026, 23.06.2022; "ngày 06 tháng 12 năm 2023"
    ("date", re.compile(r"(?<![\d.,/])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d|[.,/]\d)")),
    ("date_words", re.compile(_WORDS, _I)),
    # "quý II/2024", "quý 2 năm 2024", "quý II"
    (
        "quarter",
        re.compile(r"\bquý\s+(IV|I{1,3}|[1-4])(?:\s*(?:/|năm)\s*(\d{4}))?(?!\w)", _I),
    ),
    # "tháng 10/2023", "tháng 8- 2025", "tháng 5 năm 2023", "tháng 9" (year from the document)
    (
        "month",
        re.compile(
            r"\btháng\s+(\d{1,2})(?:" + _SEP + r"(\d{4})|\s+năm\s+(\d{4}))?(?![\d/]|\s*[.,]\d)", _I
        ),
    ),
    # "tuần thứ 47", "Tuần 03 năm 2024"
    ("week", re.compile(r"\btuần\s+(?:thứ\s+)?(\d{1,2})(?:\s+năm\s+(\d{4}))?(?!\d)", _I)),
    # "năm 2023"
    ("year", re.compile(r"\bnăm\s+(\d{4})(?!\d)", _I)),
    # a day and month after "ngày" or a time of day: "đến ngày 22/01", "Chiều 28- 8", "Ngày 27-1"
    (
        "day",
        re.compile(
            r"\b(?:ngày|sáng|chiều|trưa|tối)\s+(\d{1,2})\s*([/-])\s*(\d{1,2})(?![\d/]|[.,]\d|\s*[/-]\s*\d)",
            _I,
        ),
    ),
)


@frozen(kw_only=True)
class TimeRef:
    """A time the text names: a day, a month, a quarter, a week or a year, with what it lacks.

    ``kind`` is ``day``, ``month``, ``quarter``, ``week`` or ``year``; ``year`` is None when the
    text does not print it ("ngày 25-7", "tháng 9"): :meth:`complete` fills it from the
    document's year. ``start``/``end`` are offsets in the NFC text.
    """

    kind: str
    start: int
    end: int
    year: int | None
    month: int | None = None
    day: int | None = None
    number: int | None = None  # the quarter or the week

    def complete(self, year: int | None) -> TimeRef:
        """The same reference with its year taken from ``year`` if it printed none."""
        if self.year is not None or year is None:
            return self
        return TimeRef(
            kind=self.kind,
            start=self.start,
            end=self.end,
            year=year,
            month=self.month,
            day=self.day,
            number=self.number,
        )

    @property
    def date(self) -> datetime.date | None:
        """The day, for a day with its year; None otherwise."""
        if self.kind != "day" or self.year is None or self.month is None or self.day is None:
            return None
        return datetime.date(self.year, self.month, self.day)

    @property
    def period(self) -> Period | None:
        """The year, quarter, month or (ISO) week; None for a day or for a reference without
        its year."""
        if self.year is None or self.kind == "day":
            return None
        if self.kind == "year":
            return Period.of_year(self.year)
        if self.kind == "quarter" and self.number is not None:
            return Period.of_quarter(self.year, self.number)
        if self.kind == "month" and self.month is not None:
            return Period.of_month(self.year, self.month)
        if self.kind == "week" and self.number is not None:
            monday = datetime.date.fromisocalendar(self.year, self.number, 1)
            return Period.of_week(monday, monday + datetime.timedelta(days=6))
        return None

    @property
    def last_day(self) -> datetime.date | None:
        """The last day of a month or a year (what "tính đến cuối tháng" means at the latest)."""
        if self.year is None:
            return None
        if self.kind == "month" and self.month is not None:
            return datetime.date(
                self.year, self.month, calendar.monthrange(self.year, self.month)[1]
            )
        if self.kind == "year":
            return datetime.date(self.year, 12, 31)
        return None


def _valid_day(year: int | None, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    return day <= calendar.monthrange(year if year is not None else 2024, month)[1]


def _time_ref(kind: str, m: re.Match[str]) -> TimeRef | None:
    start, end = m.start(), m.end()
    g = m.groups()
    if kind == "iso":
        year, month, day = int(g[0]), int(g[1]), int(g[2])
        kind, g = "day", (str(day), "-", str(month), str(year))
    elif kind == "date":
        day, month, year = int(g[0]), int(g[2]), int(g[3])
    elif kind == "date_words":
        day, month, year = int(g[0]), int(g[1]), int(g[2])
    if kind in ("day", "date", "date_words"):
        if kind == "day" and len(g) == 3:
            day, month, year_or_none = int(g[0]), int(g[2]), None
        else:
            year_or_none = year
        if not _valid_day(year_or_none, month, day):
            return None
        return TimeRef(kind="day", start=start, end=end, year=year_or_none, month=month, day=day)
    if kind == "quarter":
        return TimeRef(
            kind="quarter",
            start=start,
            end=end,
            year=int(g[1]) if g[1] else None,
            number=_ROMAN[g[0].lower()],
        )
    if kind == "month":
        month = int(g[0])
        if not 1 <= month <= 12:
            return None
        year_text = g[1] or g[2]
        return TimeRef(
            kind="month",
            start=start,
            end=end,
            year=int(year_text) if year_text else None,
            month=month,
        )
    if kind == "week":
        week = int(g[0])
        if not 1 <= week <= 53:
            return None
        return TimeRef(
            kind="week", start=start, end=end, year=int(g[1]) if g[1] else None, number=week
        )
    return TimeRef(kind="year", start=start, end=end, year=int(g[0]))


def find_times(text: str) -> list[TimeRef]:
    """Every time reference in ``text``, in order, none overlapping (the longer one wins).

    Days: full dates ("31/5/2023", "ngày 06 tháng 12 năm 2023", "2025-08-29") and a day and
    month after "ngày" or a time of day ("đến ngày 22/01", "Chiều 28- 8"): a bare "1/9" is not
    taken for a date (it is a rank or a count in running text). Months ("tháng 10/2023",
    "tháng 9"), quarters ("quý II/2024"), weeks ("tuần thứ 47") and years ("năm 2023").
    """
    normalized = nfc(text)
    found: list[TimeRef] = []
    for kind, pattern in _TIME_PATTERNS:
        for m in pattern.finditer(normalized):
            ref = _time_ref(kind, m)
            if ref is not None:
                found.append(ref)
    found.sort(key=lambda r: (r.start, -(r.end - r.start)))
    kept: list[TimeRef] = []
    for ref in found:
        if kept and ref.start < kept[-1].end:
            continue
        kept.append(ref)
    return kept
