"""PAKN answer deadlines in Vietnamese working days, and seed 001's 15 PAKN."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis_support import same_lazy_and_eager, weekly, weekly_frames
from idx766.analysis import DEFAULT_CALENDAR, WorkCalendar, due_date, pakn_deadlines
from seed_expect import raw_tables

VN = holidays.country_holidays("VN")


def _naive_due(received: date, working_days: int) -> date:
    """The test's own count: weekdays that are not public holidays, from the day after."""
    day, counted = received, 0
    while counted < working_days:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in VN:
            counted += 1
    return day


def _seed_rows() -> list[list[str]]:
    return [r for t in raw_tables("001") for r in t.data if r[1].startswith("PAKN.")]


def _dmy(text: str) -> date:
    d, m, y = (int(x) for x in text.split("/"))
    return date(y, m, d)


def test_the_weekly_reports_pakn_get_due_dates() -> None:
    records = weekly()
    as_of = records.document.period_end
    assert as_of is not None
    rows = _seed_rows()
    result = pakn_deadlines(weekly_frames()["pakn"], as_of=as_of)
    assert result.height == len(rows) == len(records.pakn)
    cal = DEFAULT_CALENDAR
    for row, seed in zip(result.iter_rows(named=True), rows, strict=True):
        received, due = row["received_on"], row["due"]
        assert (row["code"], received) == (seed[1], _dmy(seed[3]))
        assert due > received and cal.is_working_day(due)
        assert cal.working_days_between(received, due) == 15
        assert due == _naive_due(received, 15)  # no make-up day in the seed's weeks
        assert cal.is_working_day(row["send_draft_by"])
        assert cal.working_days_between(row["send_draft_by"], due) == 3
        assert row["overdue"] == (as_of > due)
        assert row["working_days_left"] == cal.working_days_between(as_of, due)
        # the code's date (PAKN.YYYYMMDD.NNNN) against the receiving date, read from the seed
        code_day = date(int(seed[1][5:9]), int(seed[1][9:11]), int(seed[1][11:13]))
        assert row["code_date_after_received"] == (code_day > _dmy(seed[3]))
    from_records = pakn_deadlines(records, as_of=as_of)
    assert from_records["due"].to_list() == result["due"].to_list()


def test_reading_of_fifteen_working_days() -> None:
    # received Wednesday 6/5/2026: day 1 is Thursday 7/5, day 15 is Wednesday 27/5
    assert due_date(date(2026, 5, 6)) == date(2026, 5, 27)
    # received on Friday, Saturday or Sunday: the count starts on Monday all the same
    assert due_date(date(2026, 5, 15)) == due_date(date(2026, 5, 16)) == due_date(date(2026, 5, 17))
    # the 30/4 and 1/5 holidays (Thursday, Friday) are not working days
    assert due_date(date(2026, 4, 29), working_days=1) == date(2026, 5, 4)


@settings(max_examples=60)
@given(
    received=st.dates(min_value=date(2023, 1, 1), max_value=date(2030, 12, 31)),
    working_days=st.integers(1, 30),
)
def test_due_date_is_a_working_day_strictly_after_receipt(
    received: date, working_days: int
) -> None:
    due = due_date(received, working_days=working_days)
    assert due > received
    assert DEFAULT_CALENDAR.is_working_day(due)
    assert DEFAULT_CALENDAR.working_days_between(received, due) == working_days
    assert DEFAULT_CALENDAR.add_working_days(due, -working_days) <= received


def test_a_make_up_saturday_counts_as_a_working_day() -> None:
    friday, saturday, monday = date(2027, 3, 5), date(2027, 3, 6), date(2027, 3, 8)
    assert saturday.weekday() == 5 and not DEFAULT_CALENDAR.is_working_day(saturday)
    swapped = WorkCalendar(make_up_working_days={saturday}, extra_days_off={monday})
    assert swapped.is_working_day(saturday) and not swapped.is_working_day(monday)
    assert due_date(friday, working_days=1) == monday
    assert due_date(friday, working_days=1, calendar=swapped) == saturday
    assert due_date(friday, working_days=2, calendar=swapped) == monday + timedelta(days=1)
    assert due_date(friday, working_days=15, calendar=swapped) == due_date(friday)


def test_the_packages_own_make_up_days_are_working_days() -> None:
    listed = holidays.country_holidays("VN", years=range(2024, 2027)).weekend_workdays
    calendar = WorkCalendar()  # fresh: nothing loaded yet
    for day in sorted(listed):
        assert day.weekday() >= 5 and calendar.is_working_day(day)


def test_a_day_both_off_and_worked_is_refused() -> None:
    day = date(2027, 3, 6)
    with pytest.raises(ValueError, match="both off and worked"):
        WorkCalendar(extra_days_off={day}, make_up_working_days={day})
    assert WorkCalendar() == WorkCalendar()
    with pytest.raises(ValueError, match="at least 1"):
        due_date(day, working_days=0)


def test_code_dates_after_receipt_are_flagged() -> None:
    frame = pl.DataFrame(
        {
            "code": ["PAKN.20260512.0001", "PAKN.20260417.0001", "PAKN.20261399.0001"],
            "received_on": [date(2026, 5, 11), date(2026, 5, 11), date(2026, 5, 11)],
        }
    )
    result = same_lazy_and_eager(pakn_deadlines, frame, as_of=date(2026, 6, 5))
    assert result["code_date_after_received"].to_list() == [True, False, None]
    assert result["overdue"].to_list() == [True] * 3
    assert result["working_days_left"].to_list() == [-4] * 3  # due 1/6; 2, 3, 4, 5 June past


def test_missing_receiving_dates_give_null_deadlines() -> None:
    frame = pl.DataFrame(
        {"code": ["PAKN.20260512.0001"], "received_on": [None]},
        schema={"code": pl.String, "received_on": pl.Date},
    )
    result = pakn_deadlines(frame.lazy(), as_of=date(2026, 5, 25)).collect()
    assert result.row(0)[2:] == (None, None, None, None, None)
