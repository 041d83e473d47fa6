"""From the logical tables of a document to records: what each table is, what its scores cover,
which group its printed codes stand for, then each table read by the reader of its kind.

Every body row ends as a record or as a ``skipped-row`` finding that says why (row accounting);
a table of no kind idx766 reads is an ``unrecognized-table`` finding that counts its rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from attrs import frozen

from idx766.dates import DateFormatError, find_dates, parse_month
from idx766.group_codes import decide_online
from idx766.interpret.classify import TableKind, classify
from idx766.interpret.columns import Column, Role, header_labels, read_columns
from idx766.interpret.context import DocumentContext
from idx766.interpret.kinds import READERS
from idx766.interpret.ranking import size_rankings
from idx766.interpret.reader import Extracted, SkipRow, TableReader
from idx766.interpret.tables import LogicalTable
from idx766.model import Finding, Period, PeriodKind, Provenance, Severity
from idx766.units.document import DocumentUnits
from idx766.vocabulary import ONLINE_CODES, period_kind_of, words

__all__ = ["extract_tables"]

_TITLE_LINES = 3
_PERIOD_KINDS = (TableKind.COMPONENTS, TableKind.SCORES, TableKind.COMPARISON)
_TITLE_MAX_CHARS = 160
_MONTH = re.compile(r"tháng\s+\d{1,2}\s*(?:/|năm)\s*\d{4}", re.IGNORECASE)
_YEAR = re.compile(r"\bnam (\d{4})\b")


@frozen(kw_only=True)
class _Plan:
    table: LogicalTable
    labels: list[str]
    columns: list[Column]
    kind: TableKind


def _title_period(table: LogicalTable) -> Period | None:
    """The period the table's own title names ("NĂM 2026", "Tháng 8/2026"), dates aside."""
    lines = [t for t in table.before[-_TITLE_LINES:] if len(t) <= _TITLE_MAX_CHARS]
    text = " ".join(lines)
    for start, end, _ in reversed(find_dates(text)):
        text = text[:start] + " " + text[end:]
    month = _MONTH.search(text)
    if month:
        try:
            year, m = parse_month(month.group(0))
            return Period.of_month(year, m)
        except DateFormatError:
            pass
    year_match = _YEAR.search(words(text))
    return Period.of_year(int(year_match.group(1))) if year_match else None


def _sheet_period(kind: PeriodKind, day: date) -> Period | None:
    if kind == PeriodKind.YEAR:
        return Period.of_year(day.year)
    if kind == PeriodKind.MONTH:
        return Period.of_month(day.year, day.month)
    if kind == PeriodKind.QUARTER:
        return Period.of_quarter(day.year, (day.month + 2) // 3)
    return None


class _Periods:
    """What the scores of each table cover: the period its title names, else the span its sheet
    names ("Điểm năm") in the year (month) of the document's date, else of the date the reader
    was given (the user's, the file name's), which is then said in a finding."""

    def __init__(self, ctx: DocumentContext, fallback: date | None, source: str) -> None:
        self.ctx = ctx
        self.fallback = fallback
        self.source = source
        self.supplied: list[str] = []

    def of(self, table: LogicalTable) -> Period | None:
        if self.ctx.period is not None or self.ctx.week is not None:
            return None  # a report of a week: its scores are the running ones
        titled = _title_period(table)
        if titled is not None or table.sheet is None:
            return titled
        kind = period_kind_of(table.sheet)
        day = self.ctx.as_of or self.fallback
        if kind is None or day is None:
            return None
        period = _sheet_period(kind, day)
        if period is not None and self.ctx.as_of is None:
            self.supplied.append(f"sheet {table.sheet!r} ({period.label})")
        return period

    def finding(self) -> Finding | None:
        if not self.supplied:
            return None
        return Finding(
            check="date-supplied",
            severity=Severity.WARNING,
            message=(
                f"the periods of {', '.join(self.supplied)} are named by the sheets and dated "
                f"by {self.fallback:%d/%m/%Y}, a date the file does not state (the user's or its "
                "name's)"
            ),
            location=Provenance(file=self.source),
        )


def _plan(table: LogicalTable, ctx: DocumentContext) -> _Plan:
    labels = header_labels(table.header, table.width)
    columns = read_columns(labels, ctx.year)
    return _Plan(table=table, labels=labels, columns=columns, kind=classify(columns, table))


def _online_keys(readers: Sequence[TableReader], source: str) -> Finding | None:
    """Decide, once for the document, which group the printed codes TTTT and CLGQ / ONLINE
    stand for (the older service's letters are not trusted: the magnitudes decide), and set
    each reader's keys."""
    coded = [
        (r, c)
        for r in readers
        for c in r.all(Role.COMPONENT)
        if c.code in ONLINE_CODES and r.first(Role.UNIT) is not None
    ]
    if not coded:
        return None
    values: dict[str, list[Decimal]] = {}
    for r, c in coded:
        for row in r.table.rows:
            try:
                value = r.dec(c, row)
            except SkipRow:  # an unreadable cell is reported when its row is read
                value = None
            if value is not None:
                values.setdefault(c.code, []).append(value)
    old = any(c.code == "TONG SCORE" for r, _ in coded for c in r.columns)
    decision = decide_online(values, letters_trusted=not old)
    for r, c in coded:
        r.keys[c.index] = decision.keys.get(c.code, c.key or "")
    if decision.message is None:
        return None
    sheets = sorted({r.table.sheet for r, _ in coded if r.table.sheet})
    return Finding(
        check="ambiguous-group-code",
        severity=Severity.WARNING,
        message=decision.message,
        location=Provenance(file=source, sheet=sheets[0] if len(sheets) == 1 else None),
    )


def extract_tables(
    tables: Sequence[LogicalTable],
    ctx: DocumentContext,
    source: str,
    out: Extracted,
    units: DocumentUnits,
    *,
    fallback_date: date | None = None,
) -> list[TableKind]:
    """Read every logical table into ``out``; returns what kind each table was."""
    periods = _Periods(ctx, fallback_date, source)
    plans = [_plan(t, ctx) for t in tables]
    readers: dict[int, TableReader] = {}
    for i, plan in enumerate(plans):
        if plan.kind in READERS:
            readers[i] = TableReader(
                table=plan.table,
                columns=plan.columns,
                ctx=ctx,
                source=source,
                out=out,
                units=units,
                period=periods.of(plan.table) if plan.kind in _PERIOD_KINDS else None,
            )
    decided = _online_keys(list(readers.values()), source)
    if decided is not None:
        out.findings.append(decided)
    for i, plan in enumerate(plans):
        if i in readers:
            READERS[plan.kind](readers[i])
        elif plan.kind == TableKind.UNKNOWN and plan.table.rows:
            out.findings.append(
                Finding(
                    check="unrecognized-table",
                    severity=Severity.WARNING,
                    message=(
                        f"table with columns {plan.labels!r} is not one idx766 reads; "
                        f"its {len(plan.table.rows)} rows were not read"
                    ),
                    location=Provenance(
                        file=source,
                        page=plan.table.page,
                        table=plan.table.index,
                        sheet=plan.table.sheet,
                    ),
                )
            )
    size_rankings(out, source)
    if (supplied := periods.finding()) is not None:
        out.findings.append(supplied)
    return [p.kind for p in plans]
