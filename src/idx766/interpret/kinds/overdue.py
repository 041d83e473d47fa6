"""Overdue tables: a unit and its number of overdue dossiers, at one date or several."""

from __future__ import annotations

from datetime import date

from idx766.dates import find_dates
from idx766.interpret.columns import Role
from idx766.interpret.reader import SkipRow, TableReader
from idx766.interpret.tables import Row
from idx766.model import OverdueRecord
from idx766.text import fold
from idx766.vocabulary import aggregate_of

__all__ = ["read_overdue"]


def _after_date(r: TableReader) -> date | None:
    """A date the text right after the table gives its figures ("Số liệu ngày 25/5/2026")."""
    for text in r.table.after:
        found = find_dates(text, default_year=r.ctx.year)
        if found and ("so lieu" in fold(text) or "ngay" in fold(text)):
            return found[-1][2]
    return None


def read_overdue(r: TableReader) -> None:
    """Read an overdue table into ``r.out``."""
    cols = r.all(Role.OVERDUE)
    default_date = _after_date(r) or r.ctx.as_of

    def read(row: Row) -> None:
        name = r.name(row)
        if (kind := aggregate_of(name)) is not None:
            r.aggregate_row(row, kind, cols)
            return
        unit = r.unit(name, row)
        for col in cols:
            count = r.integer(col, row)
            if count is None:
                raise SkipRow(f"{name}: no count in {col.label!r}")
            if count < 0:
                raise SkipRow(f"{name}: negative count {count}")
            r.out.overdue.append(
                OverdueRecord(
                    unit=unit, as_of=col.on or default_date, count=count, source=r.where(row)
                )
            )

    r.each_row(read)
