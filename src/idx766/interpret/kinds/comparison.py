"""Comparison tables: a rank, a unit and a score, maybe the gap to the document's province.

"Xếp hạng | Tỉnh/thành phố | Điểm tuần này | Khoảng cách": an excerpt of a ranking (the ranks
are the published ones, the size of the ranking is not the table's), the gap a metric.
"""

from __future__ import annotations

from idx766.interpret.columns import Role
from idx766.interpret.reader import TableReader
from idx766.interpret.tables import Row
from idx766.model import Level, Metric, Snapshot, level_from_name
from idx766.vocabulary import aggregate_of

__all__ = ["read_comparison"]


def read_comparison(r: TableReader) -> None:
    """Read a comparison table into ``r.out``."""
    rank_col, gap_col = r.first(Role.RANK), r.first(Role.GAP)
    score_col = r.first(Role.SCORE) or r.first(Role.TOTAL)

    def read(row: Row) -> None:
        name = r.name(row)
        if (kind := aggregate_of(name)) is not None:
            r.aggregate_row(row, kind, [score_col])
            return
        level = level_from_name(name) or r.level or Level.PROVINCE
        unit = r.units.unit(name, level=level, where=r.where(row))
        as_of = r.as_of(score_col)
        r.out.scores.append(
            Snapshot(
                unit=unit,
                as_of=as_of,
                total=r.dec(score_col, row),
                rank=r.integer(rank_col, row),
                period=r.period,
                names=(name,),
                sources=(r.where(row),),
            )
        )
        gap = r.delta(gap_col, row)
        if gap is not None:
            r.out.metrics.append(
                Metric(
                    unit=unit,
                    metric="gap",
                    as_of=as_of,
                    value=gap,
                    unit_of_measure="điểm",
                    source=r.where(row),
                )
            )

    r.each_row(read)
