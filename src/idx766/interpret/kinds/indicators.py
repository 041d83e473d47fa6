"""The 2023 summary table: indicator rows under sections, figures at two dates, the headline.

Rows are numbered by section ("I", "1", "a)"): each row's figures are metrics of the document's
province named by the row's label, under the labels of its section and item (``section``); a
row whose cells say "Đạt 75,69 điểm; xếp hạng 09/63" gives the province's snapshots.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from idx766.interpret.columns import Column, Role
from idx766.interpret.kinds.metrics import dated_columns, metric_values
from idx766.interpret.reader import TableReader, measure_of, metric_name
from idx766.interpret.tables import Row
from idx766.model import Metric, Snapshot
from idx766.numbers import parse_decimal
from idx766.text import clean

__all__ = ["read_indicators"]

_SECTION = re.compile(r"^(?:[IVXLC]+|\d+(?:[.,]\d+)*)\.?$")
_SUBITEM = re.compile(r"^[a-zđ]\)$")
_HEADLINE_CELL = re.compile(
    r"đạt\s+(\d{1,3}(?:,\d{1,2})?)\s*điểm.*?xếp\s+(?:hạng|thứ)\s+(\d{1,2})\s*/\s*(\d{2})",
    re.IGNORECASE,
)


def read_indicators(r: TableReader) -> None:
    """Read an indicators table into ``r.out``."""
    label_col = r.first(Role.INDICATOR)
    number_col = r.first(Role.ROW_NUMBER)
    dated = dated_columns(r)
    assert label_col is not None
    path: dict[str, str] = {}

    def read(row: Row) -> None:
        label = clean(row.cells[label_col.index])
        number = clean(row.cells[number_col.index]) if number_col else ""
        if _SECTION.match(number):
            depth = "section" if number.isalpha() else "item"
            path[depth] = label
            if depth == "section":
                path.pop("item", None)
        elif not _SUBITEM.match(number):
            path["item"] = label
        if _read_headline_row(r, row, dated):
            return
        section = tuple(path[k] for k in ("section", "item") if k in path and path[k] != label)
        province = r.units.province_unit(r.where(row))
        for col in dated:
            values = metric_values(r, col, row)
            if values is None:
                continue
            value, num, den = values
            r.out.metrics.append(
                Metric(
                    unit=province,
                    metric=label,
                    section=section,
                    as_of=col.on,
                    value=value,
                    numerator=num,
                    denominator=den,
                    unit_of_measure=measure_of(metric_name(col.label)),
                    source=r.where(row),
                )
            )

    r.each_row(read)


def _read_headline_row(r: TableReader, row: Row, dated: Sequence[Column]) -> bool:
    """A row whose cells say "Đạt 75,69 điểm; xếp hạng 09/63": the province's snapshots."""
    found = False
    for col in dated:
        m = _HEADLINE_CELL.search(row.cells[col.index])
        if m is None:
            continue
        found = True
        unit = r.province_unit(row)
        r.out.scores.append(
            Snapshot(
                unit=unit,
                as_of=col.on,
                total=parse_decimal(m.group(1)),
                rank=int(m.group(2)),
                rank_of=int(m.group(3)),
                names=(unit.name,),
                sources=(r.where(row),),
            )
        )
    return found
