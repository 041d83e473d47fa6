"""Target tables of directives: an indicator and the value it must reach ("≥ 80 %")."""

from __future__ import annotations

from idx766.interpret.columns import Role
from idx766.interpret.reader import SkipRow, TableReader
from idx766.interpret.tables import Row
from idx766.model import Target
from idx766.numbers import NumberFormatError, parse_comparison
from idx766.text import clean

__all__ = ["read_targets"]


def read_targets(r: TableReader) -> None:
    """Read a targets table into ``r.out``."""
    label_col, target_col = r.first(Role.INDICATOR), r.first(Role.TARGET)
    assert label_col is not None and target_col is not None

    def read(row: Row) -> None:
        indicator = clean(row.cells[label_col.index])
        cell = clean(row.cells[target_col.index])
        if not indicator or not cell:
            raise SkipRow("a target row without its indicator or value")
        try:
            op, value, measure = parse_comparison(cell)
        except NumberFormatError as exc:
            raise SkipRow(f"{indicator}: {exc}") from exc
        if op not in ("=", ">=", "<="):
            raise SkipRow(f"{indicator}: operator {op!r} is not one a target uses")
        r.out.targets.append(
            Target(
                indicator=indicator,
                op=op,
                value=value,
                unit_of_measure=measure,
                source=r.where(row),
            )
        )

    r.each_row(read)
