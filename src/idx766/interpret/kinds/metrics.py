"""Tables of dated figures per unit: rates and counts at one or more dates.

"Đơn vị | Tỷ lệ cung cấp DVC trực tuyến (%) ngày 31/7/2023 | ... ngày 31/8/2023": one metric per
unit and dated column, named by the column's label without its date; a count pair "16/16" is a
numerator and a denominator. An aggregate row gives the same metrics about no unit.
"""

from __future__ import annotations

from decimal import Decimal

from idx766.interpret.classify import VALUE_ROLES
from idx766.interpret.columns import Column
from idx766.interpret.reader import SkipRow, TableReader, measure_of, metric_name
from idx766.interpret.tables import Row
from idx766.model import Metric
from idx766.numbers import NumberFormatError, parse_count_pair
from idx766.vocabulary import aggregate_of

__all__ = ["dated_columns", "metric_values", "read_unit_metrics"]


def dated_columns(r: TableReader) -> list[Column]:
    """The columns of dated figures (rates, counts) of a table."""
    return [c for c in r.columns if c.on is not None and c.role in VALUE_ROLES]


def metric_values(
    r: TableReader, col: Column, row: Row
) -> tuple[Decimal | None, Decimal | None, Decimal | None] | None:
    """(value, numerator, denominator) of a cell; None for an empty or textual cell."""
    number = row.number(col.index)
    if number is not None:
        return number, None, None
    cell = row.cells[col.index].strip()
    if not cell or not any(ch.isdigit() for ch in cell):
        return None
    if "/" in cell:
        try:
            num, den = parse_count_pair(cell)
        except NumberFormatError as exc:
            raise SkipRow(f"{col.label!r}: {exc}") from exc
        return None, Decimal(num), Decimal(den)
    return r.dec(col, row), None, None


def read_unit_metrics(r: TableReader) -> None:
    """Read a table of dated figures per unit into ``r.out``."""
    dated = dated_columns(r)

    def read(row: Row) -> None:
        name = r.name(row)
        aggregate = aggregate_of(name)
        unit = None if aggregate is not None else r.unit(name, row)
        found = False
        for col in dated:
            values = metric_values(r, col, row)
            if values is None:
                continue
            value, num, den = values
            found = True
            r.out.metrics.append(
                Metric(
                    unit=unit,
                    aggregate=aggregate,
                    metric=metric_name(col.label),
                    as_of=col.on,
                    value=value,
                    numerator=num,
                    denominator=den,
                    unit_of_measure=measure_of(col.label),
                    source=r.where(row),
                )
            )
        if not found:
            raise SkipRow(f"{name}: no figure in the dated columns")

    r.each_row(read)
