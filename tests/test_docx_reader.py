"""The DOCX reader and the table interpreter on small documents built here with python-docx."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

import idx766
from idx766.interpret import Grid, Paragraph
from idx766.interpret.columns import header_labels
from idx766.parsers.docx import read_blocks


def _table(document, rows):  # type: ignore[no-untyped-def]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return table


def test_merged_header_cells_and_nested_tables(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("II. THỐNG KÊ HỒ SƠ QUÁ HẠN")
    table = _table(
        document,
        [
            ["Số TT", "Đơn vị", "Số hồ sơ quá hạn", ""],
            ["", "", "ngày 31/7/2023", "ngày 31/8/2023"],
            ["1", "Sở Tư pháp", "90", "31"],
        ],
    )
    table.cell(0, 2).merge(table.cell(0, 3))
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 1).merge(table.cell(1, 1))
    inner = table.cell(2, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "nested"
    document.add_paragraph("Số liệu ngày 31/8/2023.")
    path = tmp_path / "merged.docx"
    document.save(str(path))

    blocks = read_blocks(path)
    grids = [b for b in blocks if isinstance(b, Grid)]
    outer, nested = grids
    assert outer.rows[0][2] == "Số hồ sơ quá hạn" and outer.rows[0][3] is None
    assert outer.rows[1][0] is None and outer.rows[1][1] is None
    assert outer.rows[2][1] == "Sở Tư pháp"
    assert nested.nested_in == outer.index and nested.rows[0][0] == "nested"
    assert [b.text for b in blocks if isinstance(b, Paragraph)][-1].startswith("Số liệu")
    labels = header_labels(outer.rows[:2], outer.width)
    assert labels == [
        "Số TT",
        "Đơn vị",
        "Số hồ sơ quá hạn ngày 31/7/2023",
        "Số hồ sơ quá hạn ngày 31/8/2023",
    ]

    records = idx766.parse(path, options=idx766.ParseOptions(province="Thái Nguyên"))
    assert [(o.unit.key, o.as_of.isoformat(), o.count) for o in records.overdue] == [
        ("thai-nguyen/so-tu-phap", "2023-07-31", 90),
        ("thai-nguyen/so-tu-phap", "2023-08-31", 31),
    ]


def _report(tmp_path: Path, rows: list[list[str]], *, split: str | None = None) -> Path:
    document = docx.Document()
    document.add_paragraph("BÁO CÁO TUẦN THỨ 21 (từ ngày 18/5/2026 đến ngày 25/5/2026)")
    document.add_paragraph("tỉnh Thái Nguyên")
    document.add_paragraph("1. Các cơ quan có điểm số dẫn đầu")
    header = ["STT", "Sở, ngành", "Điểm"]
    if split is None:
        _table(document, [header, *rows])
    else:
        at = len(rows) // 2
        first = _table(document, [header, *rows[:at]])
        del first  # the second part follows directly, as after a page break
        cont = [header] if split == "repeat" else [["", "", ""]]
        _table(document, [*cont, *rows[at:]])
    path = tmp_path / f"report-{split}.docx"
    document.save(str(path))
    return path


ROWS = [
    ["1", "Sở Y tế", "95,59"],
    ["2", "Sở Tư pháp", "95,28"],
    ["3", "Sở Nội vụ", "95,39"],
    ["4", "Sở Xây dựng", "95,18"],
]


@pytest.mark.parametrize("split", [None, "repeat", "blank"])
def test_a_table_continued_under_a_repeated_or_blank_header_is_one_table(
    tmp_path: Path, split: str | None
) -> None:
    records = idx766.parse(_report(tmp_path, ROWS, split=split))
    got = [(s.unit.name, str(s.total), s.groups, s.rank) for s in records.scores]
    assert got == [(n, v.replace(",", "."), ("leaders",), None) for _, n, v in ROWS]


def test_a_repeated_header_row_inside_the_body_is_dropped(tmp_path: Path) -> None:
    rows = [*ROWS[:2], ["STT", "Sở, ngành", "Điểm"], *ROWS[2:]]
    records = idx766.parse(_report(tmp_path, rows))
    assert len(records.scores) == 4 and not records.findings


def test_every_row_is_a_record_or_a_finding(tmp_path: Path) -> None:
    rows = [*ROWS, ["5", "Sở Tài chính", "9x,41"], ["6", "", "91,00"]]
    records = idx766.parse(_report(tmp_path, rows))
    skipped = [f for f in records.findings if f.check == "skipped-row"]
    assert len(records.scores) + len(skipped) == len(rows)
    assert {f.location.row for f in skipped if f.location} == {5, 6}
    assert any("9x,41" in f.message for f in skipped)


def test_a_unit_listed_twice_in_one_table_is_reported(tmp_path: Path) -> None:
    rows = [*ROWS, ["5", "Sở Y tế - tỉnh Thái Nguyên", "95,59"]]
    records = idx766.parse(_report(tmp_path, rows))
    assert len(records.scores) == 4
    [dup] = [f for f in records.findings if f.check == "duplicate-unit"]
    assert "Sở Y tế" in dup.message and dup.location is not None and dup.location.row == 5
