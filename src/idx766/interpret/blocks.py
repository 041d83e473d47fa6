"""What a file-format reader hands the interpreter: paragraphs and table grids in reading order.

Readers (DOCX, PDF, XLSX, CSV) only say what is in the file; deciding what a table means is the
interpreter's job, so the same report in two formats gives the same records.
A grid cell is ``None`` when a merged cell covers it (the merge's text sits in its first cell),
as pdfplumber reports it and as the DOCX reader rebuilds it from ``gridSpan`` / ``vMerge``.
A workbook's number cells are numbers (``numbers``), never text to guess a decimal mark from;
its sheet's name (``sheet``) is context the interpreter reads like a heading.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from attrs import field, frozen

from idx766.text import nfc

__all__ = ["Block", "Grid", "Paragraph"]


def _nfc_row(row: Sequence[str | None]) -> tuple[str | None, ...]:
    """The row as a tuple of NFC cells; a tuple already in NFC is kept, not copied."""
    cells = tuple(None if c is None else nfc(c) for c in row)
    if isinstance(row, tuple) and all(a is b for a, b in zip(cells, row, strict=True)):
        return row
    return cells


def _nfc_rows(rows: Iterable[Sequence[str | None]]) -> tuple[tuple[str | None, ...], ...]:
    return tuple(_nfc_row(row) for row in rows)


def _pages(value: Iterable[int] | None) -> tuple[int, ...] | None:
    return None if value is None else tuple(value)


def _numbers(
    value: Iterable[Sequence[Decimal | None]] | None,
) -> tuple[tuple[Decimal | None, ...], ...] | None:
    return None if value is None else tuple(tuple(row) for row in value)


@frozen(kw_only=True)
class Paragraph:
    """A paragraph of running text (NFC), with the page it is on where the format has pages."""

    text: str = field(converter=nfc)
    page: int | None = None
    bold: bool = False


@frozen(kw_only=True)
class Grid:
    """A table as a grid of cell texts, with its ordinal in the file and what the file says of it.

    ``header_rows`` is how many leading rows the file marks as repeated header rows (DOCX
    ``tblHeader``), 0 when it does not say. ``ruled`` is True when the table draws borders,
    False when it is drawn borderless (a layout table), None when the format cannot tell.
    ``page`` is the page the table starts on; ``row_pages``, when it runs over pages, the page
    of each row. A spreadsheet's grid names its ``sheet``, the number of each row in the sheet
    (``row_numbers``: 1-based, the line of a CSV file) and, cell by cell, the value of the
    cells that hold a number (``numbers``, None for a text cell), the cell's text being that
    number written out.
    """

    rows: tuple[tuple[str | None, ...], ...] = field(converter=_nfc_rows)
    index: int
    page: int | None = None
    header_rows: int = 0
    ruled: bool | None = None
    nested_in: int | None = None
    row_pages: tuple[int, ...] | None = field(default=None, converter=_pages)
    sheet: str | None = None
    row_numbers: tuple[int, ...] | None = field(default=None, converter=_pages)
    numbers: tuple[tuple[Decimal | None, ...], ...] | None = field(default=None, converter=_numbers)

    @row_pages.validator
    def _one_page_per_row(self, _: object, value: tuple[int, ...] | None) -> None:
        if value is not None and len(value) != len(self.rows):
            raise ValueError(f"{len(value)} row pages for {len(self.rows)} rows")

    @row_numbers.validator
    def _one_number_per_row(self, _: object, value: tuple[int, ...] | None) -> None:
        if value is not None and len(value) != len(self.rows):
            raise ValueError(f"{len(value)} row numbers for {len(self.rows)} rows")

    @numbers.validator
    def _numbers_per_row(
        self, _: object, value: tuple[tuple[Decimal | None, ...], ...] | None
    ) -> None:
        if value is not None and [len(r) for r in value] != [len(r) for r in self.rows]:
            raise ValueError("the number cells do not match the rows")

    def page_of(self, row: int) -> int | None:
        """The page row ``row`` is on (None where the format has no pages)."""
        return self.row_pages[row] if self.row_pages is not None else self.page

    def number_of(self, row: int) -> int:
        """The number of row ``row`` in the file: its sheet row, else its index in the grid."""
        return self.row_numbers[row] if self.row_numbers is not None else row

    def numbers_of(self, row: int) -> tuple[Decimal | None, ...] | None:
        """The number cells of row ``row`` (None where the format has only text)."""
        return self.numbers[row] if self.numbers is not None else None

    @property
    def width(self) -> int:
        """The number of columns (the longest row)."""
        return max((len(r) for r in self.rows), default=0)


Block = Paragraph | Grid
