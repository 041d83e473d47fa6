"""Tables of component scores: one row per unit, a column per group, a total, maybe a rank.

The layout of Phụ lục I of a weekly report, and of every score export (the portal's, a
provincial tool's): the groups under any of their labels or portal codes, the total, a rank
(``Xếp hạng``, ``Thứ hạng``, ``ROW_STT``), a portal code (``Mã``, ``MA_COQUAN``) and a level
code (``LOAI_COQUAN``). A row with some groups empty keeps the groups it has; a row with no
figure at all is a ``skipped-row``.
"""

from __future__ import annotations

from idx766.components import infer_methodology
from idx766.interpret.columns import Role
from idx766.interpret.ranking import note_ranked, rank_by_row_numbers
from idx766.interpret.reader import SkipRow, TableReader
from idx766.interpret.tables import Row
from idx766.model import Snapshot
from idx766.vocabulary import aggregate_of

__all__ = ["read_components"]


def read_components(r: TableReader) -> None:
    """Read a components table into ``r.out``."""
    comps = r.all(Role.COMPONENT)
    total_col, rank_col = r.first(Role.TOTAL), r.first(Role.RANK)
    keys = {c.index: k for c in comps if (k := r.key(c)) is not None}
    methodology = infer_methodology(keys.values())
    read_rows: list[tuple[Row, int]] = []  # each row and where its snapshot stands in out.scores

    def read(row: Row) -> None:
        name = r.name(row)
        if (kind := aggregate_of(name)) is not None:
            r.aggregate_row(row, kind, [*comps, total_col])
            return
        values = {keys[c.index]: r.dec(c, row) for c in comps if c.index in keys}
        present = {k: v for k, v in values.items() if v is not None}
        total = r.dec(total_col, row)
        if not present and total is None:
            raise SkipRow(f"{name}: no score")
        snap = Snapshot(
            unit=r.unit(name, row),
            as_of=r.ctx.as_of,
            total=total,
            components=present or None,
            rank=r.integer(rank_col, row),
            methodology=methodology.key if methodology else None,
            period=r.period,
            groups=(r.group,) if r.group else (),
            names=(name,),
            sources=(r.where(row),),
        )
        read_rows.append((row, len(r.out.scores)))
        r.out.scores.append(snap)

    r.each_row(read)
    if rank_col is None:
        rank_by_row_numbers(r, read_rows)
    else:
        note_ranked(r, read_rows)
