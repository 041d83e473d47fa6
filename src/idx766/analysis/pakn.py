"""Answer deadlines of citizens' feedback (PAKN) counted in Vietnamese working days.

The answer to a PAKN is due within 15 working days of its receipt (the portal's scoring
method); the weekly report asks agencies to send their draft answer 3 working days earlier.

Reading of "15 ngày làm việc, kể từ ngày tiếp nhận": the receiving day itself is not counted,
as for any period counted in days under the Civil Code (Bộ luật Dân sự 2015, Article 147: the
first day of a period is not counted, the period runs from the next day). So the due date is the
15th working day *after* the receiving day: received Wednesday 6/5/2026, the first working day
is Thursday 7/5 and the answer is due on Wednesday 27/5/2026. A PAKN received on a weekend or
holiday starts its count on the next working day all the same.

Working days exclude Saturdays, Sundays and the public holidays of the ``holidays`` package
(``holidays.country_holidays("VN")``, which also knows the make-up Saturdays it lists). Day
swaps the government decides later are configured on :class:`WorkCalendar`:
``extra_days_off`` (a bridge day off) and ``make_up_working_days`` (a Saturday worked in
exchange, or a listed holiday that is worked after all).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any, overload

import polars as pl
from attrs import Attribute, field, frozen

from idx766.analysis._frames import as_date, date_literal, finish, lazy
from idx766.model import Pakn, Records

__all__ = [
    "DEFAULT_CALENDAR",
    "WorkCalendar",
    "due_date",
    "pakn_deadlines",
    "pakn_frame",
]

_ONE_DAY = timedelta(days=1)


def _disjoint(instance: WorkCalendar, _: Attribute[Any], value: frozenset[date]) -> None:
    both = value & instance.extra_days_off
    if both:
        raise ValueError(
            f"days both off and worked: {', '.join(d.isoformat() for d in sorted(both))}"
        )


def _dates(value: Iterable[date]) -> frozenset[date]:
    days = frozenset(value)
    for d in days:
        if not isinstance(d, date):
            raise TypeError(f"not a date: {d!r}")
    return days


@frozen(kw_only=True)
class WorkCalendar:
    """Working days: weekdays that are not public holidays, with configured day swaps.

    ``country`` is the ``holidays`` package's country code. ``extra_days_off`` are days off
    besides the public holidays; ``make_up_working_days`` are days worked although they are a
    weekend day or a listed holiday. A day cannot be in both.
    """

    country: str = "VN"
    extra_days_off: frozenset[date] = field(default=frozenset(), converter=_dates)
    make_up_working_days: frozenset[date] = field(
        default=frozenset(), converter=_dates, validator=_disjoint
    )

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day."""
        if day in self.make_up_working_days:
            return True
        if day in self.extra_days_off:
            return False
        public = _public_holidays(self.country)
        if day in public:  # also loads the year, with its make-up weekend days
            return False
        return bool(public.is_working_day(day))

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (before it when negative).

        ``start`` itself is not counted; ``count=0`` gives ``start``.
        """
        step = _ONE_DAY if count >= 0 else -_ONE_DAY
        day = start
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (``start``, ``end``] (negative if ``end`` is earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += _ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count


@functools.cache
def _public_holidays(country: str) -> Any:
    """The ``holidays`` package's calendar of a country, loaded the first time a working day
    is counted (the package costs a tenth of a second to import)."""
    import holidays

    return holidays.country_holidays(country)


DEFAULT_CALENDAR = WorkCalendar()
"""Vietnam's public holidays from the ``holidays`` package, no configured swaps."""


def due_date(
    received: date, *, working_days: int = 15, calendar: WorkCalendar = DEFAULT_CALENDAR
) -> date:
    """The day the answer is due: the ``working_days``-th working day after ``received``.

    The receiving day is not counted (see the module's docstring), so the due date is always a
    working day strictly after the receipt.
    """
    if working_days < 1:
        raise ValueError(f"working_days must be at least 1, got {working_days}")
    return calendar.add_working_days(received, working_days)


def pakn_frame(items: Records | Iterable[Pakn]) -> pl.DataFrame:
    """PAKN records as a frame: ``code, sender, received_on`` (Date), ``field, unit, unit_key``."""
    rows = list(items.pakn if isinstance(items, Records) else items)
    return pl.DataFrame(
        [
            pl.Series("code", [p.code for p in rows], dtype=pl.String),
            pl.Series("sender", [p.sender for p in rows], dtype=pl.String),
            pl.Series("received_on", [p.received_on for p in rows], dtype=pl.Date),
            pl.Series("field", [p.sector for p in rows], dtype=pl.String),
            pl.Series("unit", [p.unit.name if p.unit else None for p in rows], dtype=pl.String),
            pl.Series("unit_key", [p.unit.key if p.unit else None for p in rows], dtype=pl.String),
        ]
    )


def _per_date(
    function: Callable[[date], Any], dtype: pl.DataType
) -> Callable[[pl.Series], pl.Series]:
    """A batch function applying ``function`` to each distinct non-null date of a Series."""

    def batch(series: pl.Series) -> pl.Series:
        cache: dict[date, Any] = {}
        out: list[Any] = []
        for value in series.to_list():
            if value is None:
                out.append(None)
                continue
            if value not in cache:
                cache[value] = function(value)
            out.append(cache[value])
        return pl.Series(series.name, out, dtype=dtype)

    return batch


_CODE_DATE = r"^PAKN\.(\d{8})\.\d+$"


@overload
def pakn_deadlines(
    source: pl.DataFrame | Records | Iterable[Pakn],
    *,
    as_of: date,
    calendar: WorkCalendar = ...,
    working_days: int = ...,
    reply_lead_days: int = ...,
    received_column: str = ...,
    code_column: str = ...,
) -> pl.DataFrame: ...


@overload
def pakn_deadlines(
    source: pl.LazyFrame,
    *,
    as_of: date,
    calendar: WorkCalendar = ...,
    working_days: int = ...,
    reply_lead_days: int = ...,
    received_column: str = ...,
    code_column: str = ...,
) -> pl.LazyFrame: ...


def pakn_deadlines(
    source: pl.DataFrame | pl.LazyFrame | Records | Iterable[Pakn],
    *,
    as_of: date,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
    working_days: int = 15,
    reply_lead_days: int = 3,
    received_column: str = "received_on",
    code_column: str = "code",
) -> pl.DataFrame | pl.LazyFrame:
    """Add each PAKN's deadlines as of ``as_of``.

    ``source`` is a PAKN frame (``idx766.to_frames(records)["pakn"]``, a DataFrame or
    LazyFrame, returned as the same type), or the records themselves (a DataFrame is returned,
    see :func:`pakn_frame`). Added columns:

    - ``due``: :func:`due_date` of the receiving date;
    - ``send_draft_by``: ``reply_lead_days`` working days before ``due``;
    - ``working_days_left``: working days after ``as_of`` up to ``due``, negative when past;
    - ``overdue``: ``as_of`` is after ``due``;
    - ``code_date_after_received``: the date inside the code (``PAKN.YYYYMMDD.NNNN``) is
      after the receiving date, which cannot be (null when the code holds no valid date).

    All null where the receiving date is missing.
    """
    frame: pl.DataFrame | pl.LazyFrame = (
        source if isinstance(source, pl.DataFrame | pl.LazyFrame) else pakn_frame(source)
    )
    lf = lazy(frame)
    received = as_date(lf.collect_schema(), received_column)

    def due_of(day: date) -> date:
        return due_date(day, working_days=working_days, calendar=calendar)

    def draft_of(day: date) -> date:
        return calendar.add_working_days(day, -reply_lead_days)

    def left_of(day: date) -> int:
        return calendar.working_days_between(as_of, day)

    code_date = pl.col(code_column).str.extract(_CODE_DATE, 1).str.to_date("%Y%m%d", strict=False)
    result = lf.with_columns(
        received.map_batches(_per_date(due_of, pl.Date()), pl.Date, is_elementwise=True).alias(
            "due"
        ),
    ).with_columns(
        pl.col("due")
        .map_batches(_per_date(draft_of, pl.Date()), pl.Date, is_elementwise=True)
        .alias("send_draft_by"),
        pl.col("due")
        .map_batches(_per_date(left_of, pl.Int64()), pl.Int64, is_elementwise=True)
        .alias("working_days_left"),
        (date_literal(as_of) > pl.col("due")).alias("overdue"),
        (code_date > received).alias("code_date_after_received"),
    )
    return finish(frame, result)
