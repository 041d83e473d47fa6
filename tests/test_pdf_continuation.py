"""A PDF table that goes on over a page break without its header, after what stands between.

The committed fixture ``pdf/variants/001-footnote-break.pdf`` (LibreOffice) breaks Phụ lục III
after row 10: a Word footnote at the foot of page 14, the page number at the top of page 15,
rows 11-15 with no header row. Two-page PDFs drawn here with reportlab put a running header
and a page number above the second piece and a superscript footnote mark below the first, and
give the second piece the same column edges, moved ones or other columns. Expected rows and
footnote come from the seed text (``seedtext``), pages from pdfplumber directly.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fonts import dejavu_sans
from idx766.interpret.blocks import Block, Grid, Paragraph
from idx766.parsers.pdf import read_blocks
from idx766.parsers.pdf_layout import page_footnotes, running_header
from idx766.parsers.pdf_tables import RuledTable, continuation
from idx766.parsers.pdf_text import Line, Word
from idx766.text import clean
from seed_expect import raw_tables
from seedtext import paragraphs, read_seed, seed_path

FIXTURE = Path(__file__).parent / "fixtures" / "pdf" / "variants" / "001-footnote-break.pdf"


@functools.cache
def seed_pakn() -> tuple[list[str], list[list[str]], str]:
    """Phụ lục III as the seed prints it: header, the 15 rows, the footnote between rows 10
    and 11."""
    tables = raw_tables("001")
    at = next(i for i, t in enumerate(tables) if t.rows[0][:2] == ["STT", "Số PAKN"])
    first, second = tables[at], tables[at + 1]
    [note] = [p.text for p in paragraphs(read_seed(seed_path("001"))) if p.text.startswith("¹ Th")]
    return first.rows[0], [*first.data, *second.rows], note


def _cells(row: Sequence[str | None]) -> list[str]:
    return [clean(c or "") for c in row]


def _squeezed(rows: Sequence[Sequence[str | None]]) -> list[list[str]]:
    """Cells without any space: pdfplumber breaks "PAKN.20260516.0501" in a narrow cell."""
    return [["".join((c or "").split()) for c in r] for r in rows]


def _pakn_grids(blocks: Sequence[Block]) -> list[Grid]:
    codes = {row[1] for row in seed_pakn()[1]}
    return [b for b in blocks if isinstance(b, Grid) and any(_cells(r)[1] in codes for r in b.rows)]


# --- the LibreOffice fixture ----------------------------------------------------------------


def test_fixture_breaks_after_row_10_with_a_footnote_and_a_page_number() -> None:
    """What the reader has to get over, seen by pdfplumber alone."""
    header, rows, _ = seed_pakn()
    with pdfplumber.open(FIXTURE) as pdf:
        pages = [(p.extract_text() or "", p.extract_tables()) for p in pdf.pages]
    at = next(i for i, (text, _) in enumerate(pages) if "Số PAKN" in text)
    (text, tables), (next_text, next_tables) = pages[at], pages[at + 1]
    assert _squeezed(tables[-1]) == _squeezed([header, *rows[:10]])
    assert text.splitlines()[-1].startswith("ngày làm việc để xem xét")
    assert next_text.splitlines()[0] == str(at + 2)  # the page number
    assert _squeezed(next_tables[0]) == _squeezed(rows[10:])  # no header row


def test_fixture_table_is_joined_and_its_footnote_follows_it() -> None:
    header, rows, note = seed_pakn()
    [title] = [p.text for p in paragraphs(read_seed(seed_path("001"))) if "TRẢ LỜI¹" in p.text]
    found = read_blocks(FIXTURE)
    [grid] = _pakn_grids(found)
    before = found[found.index(grid) - 1]  # the reference mark, raised and small, reads "¹"
    assert isinstance(before, Paragraph) and before.text == title.splitlines()[-1]
    assert [_cells(r) for r in grid.rows] == [header, *rows]
    pages = [grid.page_of(i) for i in range(len(grid.rows))]
    assert pages == [14] * 11 + [15] * 5
    after = found[found.index(grid) + 1]
    assert isinstance(after, Paragraph) and clean(after.text) == clean(note)


# --- two pages drawn here -------------------------------------------------------------------

PAGE_W, PAGE_H = 595.0, 842.0
SIZE = 7.5


def _font() -> str:
    return dejavu_sans()


def _widths(rows: Sequence[Sequence[str]], font: str) -> list[float]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return [
        max(stringWidth(r[c], font, SIZE) for r in rows) + 16 for c in range(max(map(len, rows)))
    ]


def _table(rows: Sequence[Sequence[str]], widths: Sequence[float], font: str) -> object:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table([list(r) for r in rows], colWidths=list(widths))
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("FONT", (0, 0), (-1, -1), font, SIZE),
            ]
        )
    )
    return table


def _two_pages(path: Path, second: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
    """Page 1: a title, the PAKN header and rows 1-10 down to the foot, the footnote (mark in
    superscript) under them; page 2: a running header and the page number in the top margin,
    then ``second`` drawn on ``widths``."""
    from reportlab.pdfgen import canvas

    font = _font()
    header, rows, note = seed_pakn()
    first = [header, *rows[:10]]
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
    c.setFont(font, 12)
    c.drawCentredString(PAGE_W / 2, 560, "Phụ lục III:")
    c.drawCentredString(PAGE_W / 2, 544, "DANH SÁCH MÃ PHẢN ÁNH KIẾN NGHỊ")
    table = _table(first, _widths([*first, *rows[10:]], font), font)
    _, height = table.wrapOn(c, PAGE_W, PAGE_H)  # type: ignore[attr-defined]
    table.drawOn(c, 40, 130)  # type: ignore[attr-defined]
    assert 130 + height < 540
    c.line(40, 112, 200, 112)  # the footnote separator
    c.setFont(font, 5)
    c.drawString(40, 100, "1")  # the mark, raised
    c.setFont(font, 7)
    text = note[1:].strip()
    cut = text.rfind(" ", 0, 130)
    c.drawString(46, 96, text[:cut])
    c.drawString(40, 86, text[cut + 1 :])
    c.showPage()
    c.setFont(font, 9)
    c.drawString(40, PAGE_H - 30, "UBND tỉnh Thái Nguyên - Báo cáo tuần thứ 21 năm 2026")
    c.drawCentredString(PAGE_W / 2, PAGE_H - 45, "2")
    table = _table(second, widths, font)
    _, height = table.wrapOn(c, PAGE_W, PAGE_H)  # type: ignore[attr-defined]
    table.drawOn(c, 40, PAGE_H - 90 - height)  # type: ignore[attr-defined]
    c.showPage()
    c.save()


def test_continuation_after_a_footnote_a_running_header_and_a_page_number(tmp_path: Path) -> None:
    font = _font()
    header, rows, note = seed_pakn()
    path = tmp_path / "same-columns.pdf"
    _two_pages(path, rows[10:], _widths([header, *rows], font))
    found = read_blocks(path)
    [grid] = _pakn_grids(found)
    assert [_cells(r) for r in grid.rows] == [header, *rows]
    texts = [clean(b.text) for b in found[found.index(grid) + 1 :] if isinstance(b, Paragraph)]
    assert texts == [clean(note), "UBND tỉnh Thái Nguyên - Báo cáo tuần thứ 21 năm 2026"]


@pytest.mark.parametrize("kind", ["moved-edge", "other-table"])
def test_a_following_table_with_other_columns_is_not_joined(tmp_path: Path, kind: str) -> None:
    """The same pages, the second piece on other column edges: one column edge 8 pt off, or
    another table altogether (the units with overdue dossiers, three columns)."""
    font = _font()
    header, rows, _ = seed_pakn()
    widths = _widths([header, *rows], font)
    if kind == "moved-edge":
        second = rows[10:]
        widths = [widths[0], widths[1] + 8, widths[2] - 8, *widths[3:]]
    else:
        overdue = next(t for t in raw_tables("001") if t.rows[0][-1] == "Số hồ sơ quá hạn")
        second = overdue.data[:5]
        widths = _widths(second, font)
    path = tmp_path / f"{kind}.pdf"
    _two_pages(path, second, widths)
    found = read_blocks(path)
    grids = [b for b in found if isinstance(b, Grid)]
    assert [[_cells(r) for r in g.rows] for g in grids] == [
        [header, *rows[:10]],
        [_cells(r) for r in second],
    ]


# --- the rules, on lines and pieces ---------------------------------------------------------


def _line(text: str, top: float, size: float, x0: float = 72.0) -> Line:
    words, x = [], x0
    for t in text.split():
        words.append(
            Word(
                text=t,
                x0=x,
                x1=x + size * len(t) / 2,
                top=top,
                bottom=top + size,
                size=size,
                bold=False,
            )
        )
        x += size * (len(t) + 1) / 2
    return Line(words=tuple(words))


def test_footnotes_at_the_foot_of_a_page() -> None:
    libreoffice = [_line("1", 745, 14), _line("Thời hạn trả lời", 749, 10)]
    assert page_footnotes(libreoffice, 12) == ["¹ Thời hạn trả lời"]
    word = [Line(words=(*_line("2", 700, 6).words, *_line("Nguồn: Cổng", 703, 10, 80).words))]
    assert page_footnotes(word, 12) == ["² Nguồn: Cổng"]
    assert page_footnotes([_line("¹ Thời điểm", 700, 10)], 12) == ["¹ Thời điểm"]
    assert page_footnotes([_line("*Số liệu được lấy", 700, 12)], 12) == ["*Số liệu được lấy"]
    # body text after a table is not a footnote: no mark, a number in the text's size, or
    # text set larger than the table's
    assert page_footnotes([_line("Kính gửi các cơ quan", 700, 14)], 12) is None
    assert page_footnotes([_line("15 ngày làm việc", 700, 12)], 12) is None
    assert page_footnotes([_line("1", 700, 14), _line("Tổng hợp chung", 704, 14)], 12) is None
    assert page_footnotes([], 12) is None


def test_running_header_is_in_the_top_margin() -> None:
    assert running_header([], 842)
    assert running_header([_line("Báo cáo tuần 21", 30, 9), _line("2", 45, 12)], 842)
    assert not running_header([_line("Phụ lục III", 300, 14)], 842)


def _piece(columns: Sequence[float], page: int, first: str) -> RuledTable:
    width = len(columns) - 1
    return RuledTable(
        rows=[(first, *["x"] * (width - 1))],
        columns=list(columns),
        top=60,
        bottom=700,
        page=page,
        last_page=page,
    )


edges = st.lists(st.floats(10, 120), min_size=2, max_size=9).map(
    lambda gaps: [40.0 + sum(gaps[:i]) for i in range(len(gaps) + 1)]
)


@given(edges, st.integers(0, 8), st.floats(2.6, 40))
def test_pieces_join_only_on_the_same_column_edges(
    columns: list[float], which: int, shift: float
) -> None:
    """A headerless piece on the previous piece's edges is joined; one with an edge further off
    than the tolerance is not."""
    same = continuation(_piece(columns, 3, "10"), _piece(columns, 4, "11"))
    assert same is not None and [r[0] for r in same.rows] == ["10", "11"]
    moved = list(columns)
    i = which % len(moved)
    moved[i] += (
        shift if i == 0 or i == len(moved) - 1 else min(shift, 0.45 * (moved[i + 1] - moved[i]))
    )
    if abs(moved[i] - columns[i]) > 2.5:
        assert continuation(_piece(columns, 3, "10"), _piece(moved, 4, "11")) is None
