"""PAKN tables: citizens' feedback awaiting an answer, one code per row."""

from __future__ import annotations

from idx766.dates import DateFormatError, parse_date
from idx766.interpret.columns import Column, Role
from idx766.interpret.reader import SkipRow, TableReader
from idx766.interpret.tables import Row
from idx766.model import Pakn
from idx766.text import clean

__all__ = ["read_pakn"]


def read_pakn(r: TableReader) -> None:
    """Read a PAKN table into ``r.out``."""
    code_col, received = r.first(Role.PAKN_CODE), r.first(Role.RECEIVED)
    sender, sector, handler = r.first(Role.SENDER), r.first(Role.SECTOR), r.first(Role.HANDLER)
    assert code_col is not None

    def text(col: Column | None, row: Row) -> str | None:
        return (clean(row.cells[col.index]) or None) if col else None

    def read(row: Row) -> None:
        code = clean(row.cells[code_col.index])
        received_on = None
        if received is not None and row.cells[received.index].strip():
            try:
                received_on = parse_date(row.cells[received.index])
            except DateFormatError as exc:
                raise SkipRow(str(exc)) from exc
        handler_name = text(handler, row)
        try:
            record = Pakn(
                code=code,
                sender=text(sender, row),
                received_on=received_on,
                sector=text(sector, row),
                unit=r.unit(handler_name, row) if handler_name else None,
                source=r.where(row),
            )
        except ValueError as exc:
            raise SkipRow(f"{code!r} is not a PAKN code") from exc
        r.out.pakn.append(record)

    r.each_row(read)
