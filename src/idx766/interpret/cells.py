"""Tables whose cells a text holds one per line: web pages copied as text flatten their tables.

A notice's table ("Stt | Cấp hành chính | Xuất sắc | Tốt | Khá | Trung bình | Yếu | Tổng", then
one row per level) arrives as one short paragraph per cell. :func:`cell_tables` finds such runs:
a header that starts with "Stt"/"TT" and ends before the first row number ("1", "I"), then rows
of the header's width while each row starts with a row number or a "Tổng" row. A row that does
not fit (an empty cell the copy dropped) ends the table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from attrs import frozen

from idx766.interpret.blocks import Paragraph
from idx766.model import Provenance
from idx766.text import clean, fold

__all__ = ["CellTable", "cell_tables"]

_INDEX = re.compile(r"^(?:\d{1,3}|[IVX]{1,5})\.?$")
_TOTAL_ROW = re.compile(r"^(?:tong(?: cong| so)?|cong)$")
_MAX_CELL = 80
_MAX_WIDTH = 12


@frozen(kw_only=True)
class CellTable:
    """A table rebuilt from one-cell paragraphs: its header cells, rows and their sources."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    sources: tuple[Provenance, ...]
    paragraphs: range  # the paragraphs the table's cells are


def _is_index(cell: str) -> bool:
    return bool(_INDEX.match(cell)) or bool(_TOTAL_ROW.match(fold(cell)))


def cell_tables(paragraphs: Sequence[Paragraph], source: str = "") -> list[CellTable]:
    """The tables a text holds one cell per paragraph (none for ordinary prose)."""
    cells = [(i, clean(p.text), p.page) for i, p in enumerate(paragraphs) if clean(p.text)]
    found: list[CellTable] = []
    k = 0
    while k < len(cells):
        if fold(cells[k][1]) not in ("stt", "tt", "so tt"):
            k += 1
            continue
        end = k + 1
        while end < len(cells) and end - k <= _MAX_WIDTH and not _INDEX.match(cells[end][1]):
            if len(cells[end][1]) > _MAX_CELL:
                break
            end += 1
        width = end - k
        if width < 3 or end >= len(cells) or not _INDEX.match(cells[end][1]):
            k += 1
            continue
        rows: list[tuple[str, ...]] = []
        sources: list[Provenance] = []
        at = end
        while at + width <= len(cells):
            row = cells[at : at + width]
            if not _is_index(row[0][1]) or any(len(c[1]) > _MAX_CELL for c in row):
                break
            if any(_INDEX.match(c[1]) and j == 0 for j, c in enumerate(row[1:], 1)):
                break
            rows.append(tuple(c[1] for c in row))
            sources.append(Provenance(file=source, page=row[0][2], row=row[0][0]))
            at += width
        if rows:
            found.append(
                CellTable(
                    header=tuple(c[1] for c in cells[k:end]),
                    rows=tuple(rows),
                    sources=tuple(sources),
                    paragraphs=range(cells[k][0], cells[at - 1][0] + 1),
                )
            )
        k = max(at, k + 1)
    return found
