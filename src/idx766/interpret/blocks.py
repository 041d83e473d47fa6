"""What a file-format reader hands the interpreter: paragraphs and table grids in reading order.

Readers (DOCX, PDF) only say what is on the page; deciding what a table means is the
interpreter's job, so the same report in two formats gives the same records.
A grid cell is ``None`` when a merged cell covers it (the merge's text sits in its first cell),
as pdfplumber reports it and as the DOCX reader rebuilds it from ``gridSpan`` / ``vMerge``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

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
    of each row.
    """

    rows: tuple[tuple[str | None, ...], ...] = field(converter=_nfc_rows)
    index: int
    page: int | None = None
    header_rows: int = 0
    ruled: bool | None = None
    nested_in: int | None = None
    row_pages: tuple[int, ...] | None = field(default=None, converter=_pages)

    @row_pages.validator
    def _one_page_per_row(self, _: object, value: tuple[int, ...] | None) -> None:
        if value is not None and len(value) != len(self.rows):
            raise ValueError(f"{len(value)} row pages for {len(self.rows)} rows")

    def page_of(self, row: int) -> int | None:
        """The page row ``row`` is on (None where the format has no pages)."""
        return self.row_pages[row] if self.row_pages is not None else self.page

    @property
    def width(self) -> int:
        """The number of columns (the longest row)."""
        return max((len(r) for r in self.rows), default=0)


Block = Paragraph | Grid
