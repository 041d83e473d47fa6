"""Spreadsheets (XLSX, XLS, ODS, CSV) read by the same table interpreter as DOCX and PDF.

Each sheet becomes the blocks a report's page would: the rows above its header row are title
paragraphs ("BẢNG XẾP HẠNG ... NĂM 2026", "Số liệu ngày 06/10/2026"), the header row and the
rows below it a grid named by the sheet, one-cell rows after the table paragraphs after it.
The header row is the first of the first rows whose cells the vocabulary knows (two at least),
else the first row of two cells or more. Number cells stay numbers (the interpreter never guesses
their decimal mark); dates are written ``dd/mm/yyyy``. From there on :func:`idx766.interpret.
interpret` decides, as for any report, what each table is and reads its rows.

CSV files are read line by line (:mod:`.csv_lines`), workbooks through python-calamine
(:mod:`.workbook`); what those readers find wrong (a malformed line, a formula without its value)
is added to the document's findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from idx766.errors import NotAReportError
from idx766.interpret import interpret
from idx766.interpret.blocks import Block, Grid, Paragraph
from idx766.model import DocumentKind, Finding, Records
from idx766.parsers import sniff
from idx766.parsers.base import ParseOptions, Probe, check_size
from idx766.parsers.csv_lines import read_csv
from idx766.parsers.workbook import Cell, Sheet, read_workbook
from idx766.text import clean
from idx766.vocabulary import Role, column_role

__all__ = ["SpreadsheetParser", "sheet_blocks"]

_HEADER_SEARCH_ROWS = 30


def _number(cell: Cell) -> Decimal | None:
    """The number a typed cell holds (a whole float is a whole number), None for any other."""
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        return None
    if isinstance(cell, float):
        if cell != cell or cell in (float("inf"), float("-inf")):
            return None
        return Decimal(int(cell)) if cell.is_integer() else Decimal(repr(cell))
    return Decimal(cell)


def _text(cell: Cell) -> str:
    if cell is None or isinstance(cell, bool):
        return ""
    number = _number(cell)
    if number is not None:
        return format(number, "f")
    if isinstance(cell, datetime):
        return f"{cell:%d/%m/%Y}"
    if isinstance(cell, date):
        return f"{cell:%d/%m/%Y}"
    if isinstance(cell, time | timedelta | float):
        return str(cell)
    return clean(str(cell))


def _known(texts: Sequence[str]) -> int:
    return sum(1 for t in texts if t and column_role(t, None)[0] is not Role.OTHER)


def _header(texts: Sequence[Sequence[str]]) -> int | None:
    """The header row: the first of the first rows with two cells the vocabulary knows, else
    the first row of two cells or more."""
    for r, row in enumerate(texts[:_HEADER_SEARCH_ROWS]):
        if _known(row) >= 2:
            return r
    return next((r for r, row in enumerate(texts) if sum(1 for t in row if t) >= 2), None)


def sheet_blocks(sheet: Sheet, index: int, row_numbers: Sequence[int] | None = None) -> list[Block]:
    """The blocks of one sheet: title paragraphs, the grid, paragraphs after it.

    ``row_numbers`` gives the number of each row in the file (a CSV file's lines), else rows
    are numbered from 1.
    """
    numbers = list(row_numbers) if row_numbers is not None else list(range(1, len(sheet.rows) + 1))
    texts = [[_text(c) for c in row] for row in sheet.rows]
    width = max((i + 1 for row in texts for i, t in enumerate(row) if t), default=0)
    texts = [row[:width] + [""] * (width - len(row)) for row in texts]
    header = _header(texts)
    if header is None:
        return [Paragraph(text=" ".join(t for t in row if t)) for row in texts if any(row)]
    end = len(texts)
    while end > header + 1 and sum(1 for t in texts[end - 1] if t) <= 1:
        end -= 1  # one-cell rows after the table: notes, not rows
    blocks: list[Block] = [
        Paragraph(text=" ".join(t for t in row if t)) for row in texts[:header] if any(row)
    ]
    values = [
        [_number(c) for c in row[:width]] + [None] * (width - len(row[:width]))
        for row in sheet.rows[header:end]
    ]
    blocks.append(
        Grid(
            rows=[tuple(row) for row in texts[header:end]],
            index=index,
            sheet=sheet.name,
            row_numbers=numbers[header:end],
            numbers=values if any(v is not None for row in values for v in row) else None,
        )
    )
    blocks += [Paragraph(text=" ".join(t for t in row if t)) for row in texts[end:] if any(row)]
    return blocks


class SpreadsheetParser:
    """Score tables and any other 766 table in XLSX / XLS / ODS workbooks and CSV files."""

    name = "spreadsheet"
    description = "Score tables exported as spreadsheets (XLSX, XLS, ODS, CSV)"
    suffixes = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")

    def sniff(self, probe: Probe) -> float:
        """1.0 for a zip with ``xl/workbook.xml``; a CSV whose header names components 0.9."""
        return sniff.spreadsheet(probe)

    def parse(self, path: Path, options: ParseOptions) -> Records:
        """Read every sheet into blocks and interpret them."""
        check_size(path, options.max_file_bytes)
        blocks: list[Block] = []
        findings: list[Finding] = []
        if path.suffix.lower() in sniff.CSV_SUFFIXES:
            read = read_csv(path)
            sheet = Sheet(name=None, rows=read.rows)
            blocks = sheet_blocks(sheet, 0, read.lines)
            findings += read.findings
        else:
            for i, sheet in enumerate(read_workbook(path, options)):
                blocks += sheet_blocks(sheet, i)
                findings += sheet.findings
        if not any(isinstance(b, Grid) for b in blocks):
            raise NotAReportError(path, "no sheet has a header row (no table)")
        return interpret(
            blocks,
            source=path,
            parser=self.name,
            options=options,
            kind=DocumentKind.SPREADSHEET,
            findings=findings,
        )
