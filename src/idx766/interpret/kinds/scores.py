"""Tables of one score per unit: a unit column and a score (or total) column, maybe a rank.

Commendation letters list their leaders and laggards so ("Nhóm 10 xã dẫn đầu"); a full list
numbered by STT in order of score is a ranking.
"""

from __future__ import annotations

from idx766.interpret.columns import Role
from idx766.interpret.ranking import rank_by_row_numbers
from idx766.interpret.reader import SkipRow, TableReader
from idx766.interpret.tables import Row
from idx766.model import Snapshot
from idx766.vocabulary import aggregate_of

__all__ = ["read_scores"]


def read_scores(r: TableReader) -> None:
    """Read a scores table into ``r.out``."""
    score_col = r.first(Role.SCORE) or r.first(Role.TOTAL)
    read_rows: list[tuple[Row, int]] = []

    def read(row: Row) -> None:
        name = r.name(row)
        if (kind := aggregate_of(name)) is not None:
            r.aggregate_row(row, kind, [score_col])
            return
        total = r.dec(score_col, row)
        if total is None:
            raise SkipRow(f"{name}: no score")
        read_rows.append((row, len(r.out.scores)))
        r.out.scores.append(
            Snapshot(
                unit=r.unit(name, row),
                as_of=r.as_of(score_col),
                total=total,
                period=r.period,
                groups=(r.group,) if r.group else (),
                names=(name,),
                sources=(r.where(row),),
            )
        )

    r.each_row(read)
    rank_by_row_numbers(r, read_rows)
