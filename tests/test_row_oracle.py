"""No row holding figures is lost, by a count that does not use idx766.

For every DOCX and PDF fixture, the rows of ruled tables that hold figures are counted with
python-docx's XML (lxml) or pdfplumber directly, with the rules below; every one of them must be
cited by a record of idx766 (its provenance) or by a finding that says why it gave none.

* DOCX: tables in document order (a nested table right after the table that holds it, as
  idx766 numbers them); a table is ruled when its ``w:tblBorders`` draws lines; a row holds
  figures when a cell other than its first (the row number, "TT": "1", "1,1", "a)") is a
  number (``96.77``, ``1.773``, ``-0,17``, ``16/16``, ``90%``) or a date (``16/05/2026``, a
  PAKN's day of receipt). The row is cited by ``(table, row)``.
* PDF: on each page, the rows of the tables pdfplumber finds (ruled lines) that hold figures
  by the same rule; idx766 must cite at least that many rows on the page.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree

import idx766
from idx766.model import Provenance, Records

HERE = Path(__file__).parent
DOCX = sorted((HERE / "fixtures" / "docx").rglob("*.docx"))
PDF = sorted(p for p in (HERE / "fixtures" / "pdf").rglob("*.pdf") if "bad" not in p.parts)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NUMBER = re.compile(r"^[+\-−]?\d[\d.,]*(?:/\d[\d.,]*)?\s*%?$")
DATE = re.compile(r"^\d{1,2}/ ?\d{1,2}/ ?\d{4}$")  # a narrow cell may wrap it: "16/05/ 2026"


def _is_number(text: str | None) -> bool:
    """A number or a date (a PAKN's day of receipt: its row is a record too)."""
    value = " ".join((text or "").split())
    return bool(NUMBER.match(value) or DATE.match(value))


def _cell_text(tc: etree._Element) -> str:
    return " ".join("".join(t.text or "" for t in tc.iter(f"{W}t")).split())


def _ruled(tbl: etree._Element) -> bool:
    borders = tbl.find(f"{W}tblPr/{W}tblBorders")
    if borders is None:
        return False
    return any(b.get(f"{W}val") not in (None, "nil", "none") for b in borders)


def docx_figure_rows(path: Path) -> set[tuple[int, int]]:
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    found: set[tuple[int, int]] = set()
    for index, tbl in enumerate(root.iter(f"{W}tbl")):
        if not _ruled(tbl):
            continue
        rows = tbl.findall(f"{W}tr")
        for r, tr in enumerate(rows):
            cells = [_cell_text(tc) for tc in tr.findall(f"{W}tc")]
            if any(_is_number(c) for c in cells[1:]):
                found.add((index, r))
    return found


def pdf_figure_rows(path: Path) -> Counter[int]:
    per_page: Counter[int] = Counter()
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for table in page.extract_tables():
                for row in table:
                    if any(_is_number(c) for c in row[1:]):
                        per_page[number] += 1
            page.close()
    return per_page


def _cited(records: Records) -> list[Provenance]:
    places: list[Provenance] = []
    for kind in ("scores", "changes", "overdue", "pakn", "metrics", "targets"):
        for record in getattr(records, kind):
            places.extend(getattr(record, "sources", ()) or ())
            if getattr(record, "source", None) is not None:
                places.append(record.source)
    places.extend(f.location for f in records.findings if f.location is not None)
    return [p for p in places if p.table is not None and p.row is not None]


@pytest.mark.parametrize("path", DOCX, ids=lambda p: p.name)
def test_every_docx_row_with_figures_is_accounted_for(path: Path) -> None:
    rows = docx_figure_rows(path)
    assert rows or path.name.startswith("002")  # the oracle sees the tables (002 has none)
    cited = {(p.table, p.row) for p in _cited(idx766.parse(path))}
    assert sorted(rows - cited) == []


@pytest.mark.parametrize("path", PDF, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_pdf_row_with_figures_is_accounted_for(path: Path) -> None:
    expected = pdf_figure_rows(path)
    cited: Counter[int] = Counter()
    for page, _, _ in {(p.page, p.table, p.row) for p in _cited(idx766.parse(path))}:
        if page is not None:
            cited[page] += 1
    short = {page: (n, cited[page]) for page, n in expected.items() if cited[page] < n}
    assert short == {}, f"page: (rows with figures, rows idx766 cites): {short}"
