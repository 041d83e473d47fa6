"""Change tables: a unit (or an indicator of the province) from one date to another.

"Đơn vị | Từ 18/5 | Đến 25/5 | Biến động": one change per unit and the unit's score on the later
date. "Chỉ số | Từ 18/5 | Đến 25/5 | Biến động", rows of components, the total and the rank: the
document's province's changes and its snapshot.
"""

from __future__ import annotations

import re
from decimal import Decimal

from idx766.components import infer_methodology
from idx766.interpret.columns import Column, Role
from idx766.interpret.reader import SkipRow, TableReader
from idx766.interpret.tables import Row
from idx766.model import Change, Snapshot, Unit
from idx766.vocabulary import TOTAL, aggregate_of, match_label, words

__all__ = ["read_changes"]

_RANK_OF = re.compile(r"\b(\d{2,3})\b")


def read_changes(r: TableReader) -> None:
    """Read a changes table into ``r.out``."""
    frm, to, dlt = r.first(Role.FROM), r.first(Role.TO), r.first(Role.DELTA)
    assert frm is not None and to is not None
    if r.first(Role.UNIT) is None and r.first(Role.INDICATOR) is not None:
        _read_indicator_changes(r, frm, to, dlt)
        return

    def read(row: Row) -> None:
        name = r.name(row)
        if (kind := aggregate_of(name)) is not None:
            r.aggregate_row(row, kind, [frm, to])
            return
        unit = r.unit(name, row)
        after = r.dec(to, row)
        r.out.changes.append(
            Change(
                unit=unit,
                component=None,
                from_date=frm.on,
                to_date=to.on,
                before=r.dec(frm, row),
                after=after,
                delta=r.delta(dlt, row),
                groups=(r.group,) if r.group else (),
                source=r.where(row),
            )
        )
        if after is not None:
            r.out.scores.append(
                Snapshot(
                    unit=unit,
                    as_of=to.on,
                    total=after,
                    groups=(r.group,) if r.group else (),
                    names=(name,),
                    sources=(r.where(row),),
                )
            )

    r.each_row(read)


def _rank_of(label: str) -> int | None:
    m = _RANK_OF.search(label)
    return int(m.group(1)) if m else None


def _read_indicator_changes(r: TableReader, frm: Column, to: Column, dlt: Column | None) -> None:
    unit: Unit | None = None
    components: dict[str, Decimal] = {}
    total: Decimal | None = None
    rank: int | None = None
    rank_of: int | None = None
    first_row: Row | None = None

    def read(row: Row) -> None:
        nonlocal total, rank, rank_of, first_row, unit
        label = r.name(row, Role.INDICATOR)
        unit = r.province_unit(row)
        first_row = first_row or row
        if words(label).startswith("xep hang"):
            rank_before, rank_after = r.integer(frm, row), r.integer(to, row)
            rank, rank_of = rank_after, _rank_of(label)
            r.out.changes.append(
                Change(
                    unit=unit,
                    component="rank",
                    from_date=frm.on,
                    to_date=to.on,
                    before=None if rank_before is None else Decimal(rank_before),
                    after=None if rank_after is None else Decimal(rank_after),
                    delta=r.delta(dlt, row),
                    rank_before=rank_before,
                    rank_after=rank_after,
                    source=r.where(row),
                )
            )
            return
        match = match_label(label)
        if match is None:
            raise SkipRow(f"{label!r} is not a component of the index")
        value = r.dec(to, row)
        key = None if match.key == TOTAL else match.key
        if key is None:
            total = value
        elif value is not None:
            components[key] = value
        r.out.changes.append(
            Change(
                unit=unit,
                component=key,
                from_date=frm.on,
                to_date=to.on,
                before=r.dec(frm, row),
                after=value,
                delta=r.delta(dlt, row),
                source=r.where(row),
            )
        )

    r.each_row(read)
    if first_row is not None and unit is not None and (components or total is not None):
        methodology = infer_methodology(components)
        r.out.scores.append(
            Snapshot(
                unit=unit,
                as_of=to.on,
                total=total,
                components=components or None,
                rank=rank,
                rank_of=rank_of,
                methodology=methodology.key if methodology else None,
                names=(unit.name,),
                sources=(r.where(first_row),),
            )
        )
