"""What a portal file says about itself: its date, the period, the province it is about.

The as-of date comes from the file (a crawler's ``runDateStr`` or ``currentRunDate``, a ranking's
``date``, else the day in Vietnam of ``extractedAt`` / ``comparedAt`` / ``updatedAt``), never
from today. Periods are a year (the year to date) or a month (:class:`idx766.model.Period`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from attrs import field, frozen

from idx766.dates import DateFormatError, parse_month
from idx766.model import Level, Period
from idx766.text import clean, fold

__all__ = ["FileContext", "Subject", "parse_day", "period_of", "read_json_context"]

VIETNAM = timezone(timedelta(hours=7))
_DAY_KEYS = ("runDateStr", "currentRunDate", "date", "asOf", "reportDate")
_TIME_KEYS = ("extractedAt", "comparedAt", "updatedAt", "crawledAt", "fetchedAt")
_DDMMYYYY = re.compile(r"(\d{2})(\d{2})(\d{4})")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_YEAR_LABEL = re.compile(r"nam (\d{4})")


@frozen(kw_only=True)
class Subject:
    """The unit a file is about (its metadata's province), for records that do not name it."""

    name: str
    code: str | None = None
    id: str | None = None


@frozen(kw_only=True)
class FileContext:
    """Dates, period, subject and unit counts of one file."""

    as_of: date | None = None
    date_field: str | None = None
    from_date: date | None = None
    period: Period | None = None
    subject: Subject | None = None
    level_counts: Mapping[Level, int] = field(factory=dict)
    all_units: int | None = None
    months_with_data: tuple[str, ...] = ()
    hints: str = ""


def parse_day(value: Any) -> date | None:
    """A date from "2026-10-06", "06102026", "6/10/2026" or an ISO time (its day in Vietnam)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if m := _DDMMYYYY.fullmatch(text):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if m := _DMY.fullmatch(text):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VIETNAM).date()


def _period_from_label(label: Any) -> Period | None:
    if not isinstance(label, str) or not label.strip():
        return None
    try:
        year, month = parse_month(label)
        return Period.of_month(year, month)
    except DateFormatError:
        pass
    m = _YEAR_LABEL.fullmatch(fold(clean(label)))
    return Period.of_year(int(m.group(1))) if m else None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _period(places: list[Mapping[str, Any]]) -> Period | None:
    def first(*keys: str) -> Any:
        for place in places:
            for key in keys:
                if place.get(key) is not None:
                    return place[key]
        return None

    time_type = str(first("timeType") or "").lower()
    year = _int(first("year"))
    month = _int(first("period", "month"))
    if time_type == "month" and year and month and 1 <= month <= 12:
        return Period.of_month(year, month)
    if time_type == "year" and year:
        return Period.of_year(year)
    labelled = _period_from_label(first("periodLabel", "currentPeriod", "periodName"))
    if labelled:
        return labelled
    if not time_type and year:
        return Period.of_year(year)
    return None


def period_of(places: list[Mapping[str, Any]]) -> Period | None:
    """The period these objects name (``timeType`` with ``year``/``month``, or a label)."""
    return _period(places)


def _subject(meta: Mapping[str, Any]) -> Subject | None:
    name = meta.get("province") or meta.get("provinceName") or meta.get("departmentName")
    if not isinstance(name, str) or not name.strip():
        return None
    code = meta.get("provinceCode") or meta.get("departmentCode")
    ident = meta.get("rootDepartmentId") or meta.get("departmentId")
    return Subject(
        name=clean(name),
        code=code if isinstance(code, str) else None,
        id=str(ident) if ident is not None else None,
    )


def _months(data: Mapping[str, Any]) -> tuple[str, ...]:
    chart = data.get("monthlyChart")
    if not isinstance(chart, list):
        return ()
    months = []
    for point in chart:
        if not isinstance(point, Mapping):
            continue
        values = [v for k, v in point.items() if k != "month"]
        if any(v not in (None, 0) for v in values):
            months.append(str(point.get("month")))
    return tuple(months)


def read_json_context(root: Any) -> FileContext:
    """The context of a parsed JSON file (an empty one for a bare list)."""
    if not isinstance(root, Mapping):
        return FileContext()
    meta = root.get("metadata") or root.get("meta") or {}
    data = root.get("data")
    if not isinstance(data, Mapping):
        data = {}
    places: list[Mapping[str, Any]] = [p for p in (meta, root, data) if isinstance(p, Mapping)]
    as_of = date_field = None
    for keys in (_DAY_KEYS, _TIME_KEYS):
        for place, where in zip(places, ("metadata.", "", "data."), strict=False):
            for key in keys:
                day = parse_day(place.get(key))
                if day is not None and as_of is None:
                    as_of, date_field = day, where + key
    from_date = next(
        (d for p in places if (d := parse_day(p.get("previousRunDate"))) is not None), None
    )
    overview = root.get("overview")
    if not isinstance(overview, Mapping):
        overview = {}
    counts: dict[Level, int] = {}
    for key, level in (("agencyCount", Level.DEPARTMENT), ("communeCount", Level.COMMUNE)):
        if (n := _int(overview.get(key))) is not None:
            counts[level] = n
    all_units = _int(overview.get("totalUnitsCount") or overview.get("totalUnits"))
    hints = " ".join(
        str(p.get(k)) for p in places for k in ("sourceUrl", "endpoint", "source") if p.get(k)
    )
    return FileContext(
        as_of=as_of,
        date_field=date_field,
        from_date=from_date,
        period=_period(places),
        subject=_subject(meta) if isinstance(meta, Mapping) else None,
        level_counts=counts,
        all_units=all_units,
        months_with_data=_months(data),
        hints=hints,
    )
