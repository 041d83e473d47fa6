"""Write one small document (title lines and tables of text cells) as DOCX, XLSX, CSV and PDF.

The tests that need one fact in every format use this: the same cells, laid out as an office
would in each format. DOCX: the title paragraphs, then each table (ruled). XLSX: one sheet per
table, the title lines above it, cells as text or, with ``numbers=True``, number-looking cells
as numbers. CSV: the title lines, a blank line, the table (a CSV file holds one table: several
tables with one header are written as one). PDF: the DOCX converted by LibreOffice
(``soffice``), several files in one call; :func:`can_make_pdf` says whether it is installed.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import docx
import xlsxwriter

__all__ = ["Doc", "can_make_pdf", "to_pdfs", "write_csv", "write_docx", "write_xlsx"]

Table = Sequence[Sequence[str]]


@dataclass(frozen=True)
class Doc:
    title: tuple[str, ...]
    tables: tuple[tuple[tuple[str, ...], ...], ...]  # each: header row, then data rows


def write_docx(doc: Doc, path: Path) -> Path:
    out = docx.Document()
    for line in doc.title:
        out.add_paragraph(line)
    for table in doc.tables:
        out.add_paragraph("")
        grid = out.add_table(rows=len(table), cols=len(table[0]))
        grid.style = "Table Grid"
        for i, row in enumerate(table):
            for j, cell in enumerate(row):
                grid.cell(i, j).text = cell
    out.save(str(path))
    return path


def _number(cell: str) -> float | None:
    """The number a cell shows, for a numeric XLSX cell (a decimal comma or dot, a sign)."""
    try:
        value = Decimal(cell.replace(",", "."))
    except InvalidOperation:
        return None
    return float(value) if value.is_finite() and cell.strip() not in ("", "+", "-") else None


def write_xlsx(doc: Doc, path: Path, *, numbers: bool = False) -> Path:
    book = xlsxwriter.Workbook(str(path))
    for k, table in enumerate(doc.tables):
        sheet = book.add_worksheet(f"Bảng {k + 1}")
        for r, line in enumerate(doc.title):
            sheet.write_string(r, 0, line)
        top = len(doc.title) + 1
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                value = _number(cell) if numbers and r > 0 else None
                if value is None:
                    sheet.write_string(top + r, c, cell)
                else:
                    sheet.write_number(top + r, c, value)
    book.close()
    return path


def write_csv(doc: Doc, path: Path, *, delimiter: str = ",") -> Path:
    headers = {table[0] for table in doc.tables}
    assert len(headers) == 1, "a CSV file holds one table"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    for line in doc.title:
        writer.writerow([line])
    writer.writerow([])
    writer.writerow(doc.tables[0][0])
    for table in doc.tables:
        writer.writerows(table[1:])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def can_make_pdf() -> bool:
    return shutil.which("soffice") is not None


def to_pdfs(docx_files: Sequence[Path], out_dir: Path) -> list[Path]:
    """Convert DOCX files to PDF with LibreOffice in one call (its start-up costs seconds),
    with a profile of its own so that other LibreOffice processes do not interfere."""
    profile = out_dir / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *map(str, docx_files),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(out_dir)},
    )
    pdfs = [out_dir / f"{p.stem}.pdf" for p in docx_files]
    missing = [p.name for p in pdfs if not p.is_file()]
    assert not missing, f"LibreOffice did not write {missing}"
    return pdfs
