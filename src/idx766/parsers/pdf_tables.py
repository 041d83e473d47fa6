"""Ruled PDF tables: cell grids with merged cells as ``None``, pieces split by page breaks joined.

pdfplumber finds the cells from the ruling lines; the glyphs inside each cell are read here
(one pass over the page's glyphs, each placed by bisection) so that wrapped cell text can be
joined with :func:`~idx766.parsers.pdf_text.join_lines`. A cell a merge covers is ``None``, the
merge's text sits in its first (top-left) cell, as in the DOCX reader's grids.

A table that runs over a page break arrives as two pieces: the last thing on one page and the
first on the next, drawn with the same columns. :func:`continuation` recognises them; a
repeated header at the top of the second piece is dropped and counted as the table's header
rows (like DOCX's repeat-header flag).

Rows are kept as tuples of NFC text, the form a :class:`~idx766.interpret.blocks.Grid` holds, so
a table of thousands of rows is never held twice on its way to the interpreter.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from attrs import define, field

from idx766.interpret.tables import blank_row, looks_like_header, row_key
from idx766.parsers.pdf_text import Char, join_lines, lines_of
from idx766.text import nfc

__all__ = ["RuledTable", "continuation", "read_table"]

COLUMN_TOLERANCE = 2.5
"""Column edges of two pieces of one table agree within this many points."""
_MAX_REPEATED_HEADER = 3
_DEFAULT_PADDING = 5.0

Bbox = tuple[float, float, float, float]
Row = tuple[str | None, ...]


@define
class RuledTable:
    """One table found on one page (or several pieces joined): rows of cell texts, geometry."""

    rows: list[Row]
    columns: list[float]
    """The left edge of each column, then the table's right edge."""
    top: float
    bottom: float
    page: int
    last_page: int
    header_rows: int = 0
    size: float = 0.0
    """The font size most of its text is set in (0 when it holds none)."""
    row_pages: list[int] = field()
    """The page of each row (a table joined across page breaks spans several)."""

    @row_pages.default
    def _all_on_first_page(self) -> list[int]:
        return [self.page] * len(self.rows)

    @property
    def width(self) -> int:
        return len(self.columns) - 1


def _center_in(char: Char, bbox: Bbox) -> bool:
    cx = (float(char["x0"]) + float(char["x1"])) / 2
    cy = (float(char["top"]) + float(char["bottom"])) / 2
    return bbox[0] <= cx < bbox[2] and bbox[1] <= cy < bbox[3]


def read_table(table: Any, chars: Sequence[Char], page: int) -> RuledTable:
    """Read a pdfplumber ``Table``: place each glyph of ``chars`` in its cell, join the lines.

    ``chars`` are the page's glyphs inside the table's box (the caller decides which).
    """
    cells: list[Bbox] = [tuple(map(float, c)) for c in table.cells]  # type: ignore[misc]
    xs = sorted({c[0] for c in cells})
    right = max(c[2] for c in cells)
    tops = sorted({c[1] for c in cells})
    by_origin: dict[tuple[float, float], Bbox] = {(c[0], c[1]): c for c in cells}
    grid: list[list[Bbox | None]] = [[by_origin.get((x, t)) for x in xs] for t in tops]
    content: dict[Bbox, list[Char]] = {}
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        r = bisect_right(tops, cy) - 1
        c = bisect_right(xs, cx) - 1
        cell = _covering(grid, r, c, ch)
        if cell is not None:
            content.setdefault(cell, []).append(ch)
    padding = _padding(content)
    rows: list[Row] = []
    for row in grid:
        out: list[str | None] = []
        for cell in row:
            if cell is None:
                out.append(None)
                continue
            lines = lines_of(content.get(cell, ()))
            room = (cell[2] - cell[0]) - 2 * padding
            out.append(nfc(join_lines(lines, room)))
        rows.append(tuple(out))
    sizes = sorted(round(float(ch["size"]), 1) for ch in chars)
    return RuledTable(
        rows=rows,
        columns=[*xs, right],
        top=min(c[1] for c in cells),
        bottom=max(c[3] for c in cells),
        page=page,
        last_page=page,
        size=sizes[len(sizes) // 2] if sizes else 0.0,
    )


def _covering(grid: list[list[Bbox | None]], r: int, c: int, ch: Char) -> Bbox | None:
    """The cell holding a glyph: the one at (r, c), or a merge from above or left covering it."""
    for rr in range(min(r, len(grid) - 1), -1, -1):
        row = grid[rr]
        for cc in range(min(c, len(row) - 1), -1, -1):
            cell = row[cc]
            if cell is not None and _center_in(ch, cell):
                return cell
    return None


def _padding(content: dict[Bbox, list[Char]]) -> float:
    """The table's inner cell padding: how far left-aligned text stands from its cell's edge
    (a low percentile of the distances, centered text standing further in)."""
    distances = sorted(
        d
        for cell, chars in content.items()
        if (d := min(float(ch["x0"]) for ch in chars) - cell[0]) >= 0
    )
    if not distances:
        return _DEFAULT_PADDING
    return min(max(distances[len(distances) // 10], 0.5), 8.0)


def _column_map(prev: RuledTable, nxt: RuledTable) -> list[int] | None:
    """Where each column of ``nxt`` falls in ``prev``, if ``nxt`` is drawn on the same edges."""
    if abs(prev.columns[0] - nxt.columns[0]) > COLUMN_TOLERANCE:
        return None
    if abs(prev.columns[-1] - nxt.columns[-1]) > COLUMN_TOLERANCE:
        return None
    out: list[int] = []
    for x in nxt.columns[:-1]:
        match = [i for i, px in enumerate(prev.columns[:-1]) if abs(px - x) <= COLUMN_TOLERANCE]
        if not match:
            return None
        out.append(match[0])
    return out


def _remap(row: Row, mapping: list[int], width: int) -> Row:
    if len(row) == width and all(i == k for k, i in enumerate(mapping)):
        return row
    out: list[str | None] = [None] * width
    for value, index in zip(row, mapping, strict=True):
        out[index] = value
    return tuple(out)


def continuation(prev: RuledTable, nxt: RuledTable) -> RuledTable | None:
    """``prev``, ``nxt`` appended to it, if ``nxt`` continues it after a page break; else None.

    The caller has checked that ``prev`` ends one page and ``nxt`` starts the next. The pieces
    must share their column edges; ``nxt`` then starts with a copy of ``prev``'s header rows
    (dropped and counted as header rows), a blank row, or body rows; a different header row
    means a different table.
    """
    if nxt.page != prev.last_page + 1 or not nxt.rows:
        return None
    mapping = _column_map(prev, nxt)
    if mapping is None:
        return None
    rows = [_remap(r, mapping, prev.width) for r in nxt.rows]
    repeated = 0
    for k in range(1, min(_MAX_REPEATED_HEADER, len(prev.rows), len(rows)) + 1):
        head = prev.rows[:k]
        if any(blank_row(r) for r in head):
            break
        if [row_key(r) for r in rows[:k]] == [row_key(r) for r in head]:
            repeated = k
    if repeated == 0 and looks_like_header(rows[0]):
        return None
    prev.rows.extend(rows[repeated:])
    prev.row_pages.extend(nxt.row_pages[repeated:])
    prev.bottom = nxt.bottom
    prev.last_page = nxt.last_page
    prev.header_rows = max(prev.header_rows, repeated)
    return prev
