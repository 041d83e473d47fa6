"""Logical tables: grids joined across page breaks, header rows found, context attached.

A table continued after a page break comes either under a repeated header row or under a blank
one (or, from some producers, with no header at all but its numbering going on). Such pieces are
joined into one logical table; repeated header rows inside the body are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import cast

from attrs import frozen

from idx766.interpret.blocks import Block, Grid, Paragraph
from idx766.text import clean

__all__ = ["LogicalTable", "Row", "blank_row", "logical_tables", "looks_like_header", "row_key"]

_NUMERIC = re.compile(r"^[+\-−–]?\s*\d[\d.,]*\s*%?$|^[-–—]{2,}$")
_MAX_HEADER_ROWS = 3
_CONTEXT_PARAGRAPHS = 3
_BEFORE_PARAGRAPHS = 12
_HEADING = re.compile(
    r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s+\S|^PHỤ LỤC|^Phụ lục", re.IGNORECASE
)
_HEADING_MAX_CHARS = 160
_Cells = tuple[str, ...]


@frozen(kw_only=True)
class Row:
    """A body row with where it stands in the file (table ordinal, row, page or sheet) and, from
    a workbook, the numbers its number cells hold."""

    cells: tuple[str, ...]
    table: int
    row: int
    page: int | None = None
    sheet: str | None = None
    numbers: tuple[Decimal | None, ...] | None = None

    def number(self, column: int) -> Decimal | None:
        """The number a number cell holds (None for a text cell, and for every cell of a format
        that has only text)."""
        return self.numbers[column] if self.numbers is not None else None


@frozen(kw_only=True)
class LogicalTable:
    """A table as the reader sees it: header rows, body rows, the text before and after it."""

    index: int
    header: tuple[tuple[str | None, ...], ...]
    rows: tuple[Row, ...]
    before: tuple[str, ...]
    after: tuple[str, ...]
    ruled: bool | None
    page: int | None
    width: int
    sheet: str | None = None

    @property
    def heading(self) -> str:
        """The nearest heading above the table ("2.1. Nhóm 10 xã/phường dẫn đầu"), else ""."""
        return next(iter(self.headings), "")

    @property
    def headings(self) -> tuple[str, ...]:
        """The headings between the previous table and this one, nearest first."""
        return tuple(
            t for t in reversed(self.before) if len(t) <= _HEADING_MAX_CHARS and _HEADING.match(t)
        )


def _is_numeric(cell: str | None) -> bool:
    return cell is not None and bool(_NUMERIC.match(cell.strip()))


def blank_row(row: Sequence[str | None]) -> bool:
    """True when no cell of ``row`` holds any text."""
    return all(not (c or "").strip() for c in row)


def looks_like_header(row: Sequence[str | None]) -> bool:
    """True for a row of labels: mostly filled (merged cells count), and no number in it."""
    if blank_row(row) or any(_is_numeric(c) for c in row):
        return False
    filled = sum(1 for c in row if c is None or c.strip())
    return filled * 2 >= len(row)


def header_row_count(grid: Grid) -> int:
    """How many leading rows are header rows: the file's flag, else the rows of labels."""
    if grid.header_rows:
        return grid.header_rows
    count = 0
    for row in grid.rows[:_MAX_HEADER_ROWS]:
        if not looks_like_header(row):
            break
        count += 1
    return count


def row_key(row: Sequence[str | None]) -> tuple[str, ...]:
    """The row's cells as compared when a header row repeats (spacing and case aside)."""
    return tuple(clean(c or "").casefold() for c in row)


def _first_number(rows: Sequence[Row]) -> int | None:
    for r in rows:
        if r.cells and r.cells[0].strip().isdigit():
            return int(r.cells[0])
    return None


def _last_number(rows: Sequence[Row]) -> int | None:
    for r in reversed(rows):
        if r.cells and r.cells[0].strip().isdigit():
            return int(r.cells[0])
    return None


class _Builder:
    def __init__(self, grid: Grid, before: list[str]) -> None:
        self.index = grid.index
        self.width = grid.width
        self.ruled = grid.ruled
        self.page = grid.page
        self.sheet = grid.sheet
        n = header_row_count(grid)
        self.header = tuple(grid.rows[:n])
        self.before = tuple(before[-_BEFORE_PARAGRAPHS:])
        self.after: list[str] = []
        self.rows: list[Row] = []
        self.add_body(grid, n)

    def add_body(self, grid: Grid, start: int) -> None:
        header = {row_key(h) for h in self.header}
        for i in range(start, len(grid.rows)):
            cells = grid.rows[i]
            if blank_row(cells) or (header and row_key(cells) in header):
                continue
            text = tuple(c or "" for c in cells) if None in cells else cast(_Cells, cells)
            self.rows.append(
                Row(
                    cells=text,
                    table=grid.index,
                    row=grid.number_of(i),
                    page=grid.page_of(i),
                    sheet=grid.sheet,
                    numbers=grid.numbers_of(i),
                )
            )

    def continues_into(self, grid: Grid) -> int | None:
        """How many leading rows of ``grid`` to drop if it continues this table, else None."""
        if grid.width != self.width or not grid.rows or grid.nested_in is not None:
            return None
        if grid.sheet is not None or self.sheet is not None:
            return None  # a workbook's sheets are tables of their own
        first = grid.rows[0]
        if blank_row(first):
            return 1
        n = len(self.header)
        if n and [row_key(r) for r in grid.rows[:n]] == [row_key(h) for h in self.header]:
            return n
        if header_row_count(grid) == 0:
            last = _last_number(self.rows)
            nxt = _first_number(
                [Row(cells=tuple(c or "" for c in grid.rows[0]), table=grid.index, row=0)]
            )
            if last is not None and nxt == last + 1:
                return 0
        return None

    def build(self) -> LogicalTable:
        return LogicalTable(
            index=self.index,
            header=self.header,
            rows=tuple(self.rows),
            before=self.before,
            after=tuple(self.after[:_CONTEXT_PARAGRAPHS]),
            ruled=self.ruled,
            page=self.page,
            width=self.width,
            sheet=self.sheet,
        )


_FOOTNOTE = re.compile(r"^\s*[¹²³⁴⁵⁶⁷⁸⁹*]")


def logical_tables(blocks: Sequence[Block]) -> list[LogicalTable]:
    """Join the grids of a document into logical tables, each with its context.

    A grid continues the table before it when nothing but footnotes stands between them and it
    starts with a blank row, the same header rows, or no header and the next row number.
    """
    built: list[_Builder] = []
    before: list[str] = []
    last: _Builder | None = None
    text_between = False
    for block in blocks:
        if isinstance(block, Paragraph):
            text = clean(block.text)
            if not text:
                continue
            before.append(text)
            if last is not None and len(last.after) < _CONTEXT_PARAGRAPHS:
                last.after.append(text)
            if not _FOOTNOTE.match(text):
                text_between = True
            continue
        grid: Grid = block
        if last is not None and not text_between:
            drop = last.continues_into(grid)
            if drop is not None:
                last.add_body(grid, drop)
                continue
        last = _Builder(grid, before)
        built.append(last)
        before = []
        text_between = False
    return [b.build() for b in built]
