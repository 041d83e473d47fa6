"""Tests of the seed-text reader (tests/seedtext.py) and of the generated DOCX fixtures."""

from __future__ import annotations

import importlib.util
import re
import sys
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

try:
    import seedtext as s
except ModuleNotFoundError:  # pragma: no cover - when tests/ is imported as a package
    from tests import seedtext as s  # type: ignore[no-redef]

TESTS_DIR = Path(__file__).resolve().parent
DOCX_DIR = TESTS_DIR / "fixtures" / "docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

COMMUNE_HEADER = [
    "TT",
    "Xã/phường",
    "C.khai (18)",
    "T.độ (20)",
    "DV công (12)",
    "T.toán (10)",
    "H.lòng (18)",
    "S.hóa (22)",
    "Tổng (100)",
]
OVERDUE_HEADER = ["STT", "Tên cơ quan/địa phương", "Số hồ sơ quá hạn"]


def seed(prefix: str) -> s.SeedDoc:
    return s.read_seed(s.seed_path(prefix))


def dec(cell: str) -> Decimal:
    """A score printed with a dot (weekly-report tables) or a comma (narrative, 2023 tables)."""
    return Decimal(cell.replace(",", "."))


def tables_under(doc: s.SeedDoc, header: list[str]) -> list[s.Table]:
    return [t for t in s.tables(doc) if t.header_rows and t.rows[0] == header]


# --- the reader: seed 001 -------------------------------------------------------------------


def test_001_department_component_table_has_13_rows_that_add_up() -> None:
    doc = seed("001")
    [table] = [
        t for t in s.tables(doc) if s.heading_before(doc, t).startswith("1. NHÓM CÁC SỞ, NGÀNH")
    ]
    assert table.source == "tsv"
    assert table.header_rows == 1
    assert table.rows[0][2] == "Công khai (18)"
    assert len(table.data) == 13
    for row in table.data:
        assert sum(dec(c) for c in row[2:8]) == dec(row[8])


def test_001_commune_table_chunks_total_92_rows() -> None:
    doc = seed("001")
    chunks = tables_under(doc, COMMUNE_HEADER)
    assert [len(c.data) for c in chunks] == [15, 16, 16, 16, 16, 13]
    numbers = [int(row[0]) for c in chunks for row in c.data]
    assert numbers == list(range(1, 93))
    assert all(s.heading_before(doc, c) == "2. NHÓM CÁC XÃ, PHƯỜNG (92 ĐƠN VỊ)" for c in chunks)
    for chunk in chunks:
        for row in chunk.data:
            assert sum(dec(c) for c in row[2:8]) == dec(row[8])


def test_001_join_page_breaks_merges_repeated_headers() -> None:
    joined = [b for b in s.join_page_breaks(seed("001").blocks) if isinstance(b, s.Table)]
    communes = [t for t in joined if t.rows[0] == COMMUNE_HEADER]
    assert len(communes) == 1
    assert len(communes[0].data) == 92
    assert communes[0].repeated_header
    gainers = [t for t in joined if t.repeated_header and t.rows[0][1] == "Xã/phường"]
    assert [len(t.data) for t in gainers] == [10, 92]
    assert len(joined) == 11


def test_001_appendix_ii_has_54_overdue_rows_totalling_811() -> None:
    chunks = tables_under(seed("001"), OVERDUE_HEADER)
    assert [len(c.data) for c in chunks] == [29, 25]
    rows = [row for c in chunks for row in c.data]
    assert len(rows) == 54
    assert sum(int(row[2]) for row in rows) == 811


def test_001_appendix_iii_has_15_pakn_rows_split_by_a_footnote() -> None:
    doc = seed("001")
    pakn = [t for t in s.tables(doc) if any(c.startswith("PAKN.") for r in t.rows for c in r)]
    assert [(t.header_rows, len(t.data)) for t in pakn] == [(1, 10), (0, 5)]
    assert pakn[0].rows[0][1] == "Số PAKN"
    codes = [row[1] for t in pakn for row in t.data]
    assert len(codes) == 15
    assert all(re.fullmatch(r"PAKN\.\d{8}\.\d{4}", c) for c in codes)
    footnote = s.heading_before(doc, pakn[1])
    assert footnote.startswith("¹ Thời hạn trả lời PAKN")
    # the footnote sits between the chunks, so they are not joined
    joined = [b for b in s.join_page_breaks(doc.blocks) if isinstance(b, s.Table)]
    assert sum(1 for t in joined if t.rows[0][:2] == ["STT", "Số PAKN"]) == 1


def test_001_cells_are_kept_exactly() -> None:
    doc = seed("001")
    first = s.tables(doc)[0]
    assert first.rows[0] == ["Xếp hạng", "Tỉnh/thành phố", "Điểm tuần này", "Khoảng cách"]
    assert first.rows[1] == ["1", "Vĩnh Long", "97.12", "+0.35"]
    assert first.rows[5] == ["5", "Thái Nguyên", "96.77", "---"]


def test_001_paragraphs() -> None:
    doc = seed("001")
    paras = s.paragraphs(doc)
    assert paras[0].text == "BÁO CÁO TUẦN THỨ 21"
    assert paras[1].lines[1] == "(từ ngày 18/5/2026 đến ngày 25/5/2026)"
    kinh_gui = next(i for i, p in enumerate(paras) if p.text == "Kính gửi:")
    assert paras[kinh_gui + 1].text == "- Đồng chí Chủ tịch Ủy ban nhân dân tỉnh;"
    assert paras[kinh_gui + 1].is_list_item
    assert paras[kinh_gui + 2].is_list_item
    assert not any("<https" in p.text or "**" in p.text for p in paras)
    assert any("(địa chỉ: https://dichvucong.gov.vn)" in p.text for p in paras)
    bold = next(p for p in paras if p.text.startswith("Tháng 01/2026"))
    assert not bold.bold
    assert [x.text for x in bold.spans if x.bold] == ["tăng 0,05 điểm"]
    assert any(p.bold and p.lines == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"] for p in paras)


# --- the reader: seeds 000, 002, 003, 004 ---------------------------------------------------


def test_000_has_five_pipe_chunks_with_30_rows() -> None:
    doc = seed("000")
    chunks = s.tables(doc)
    assert all(t.source == "pipe" and t.header_rows == 1 for t in chunks)
    assert [len(t.data) for t in chunks] == [5, 5, 4, 6, 10]
    assert sum(len(t.data) for t in chunks) == 30
    assert chunks[3].rows[0] == ["", "", ""]
    assert chunks[3].data[0] == ["5", "UBND xã Phú Xuyên", "97,74"]
    assert chunks[0].data[1] == ["2", "Sở Dân tộc và Tôn giáo", "95,5"]
    assert s.heading_before(doc, chunks[3]) == "1. Các địa phương có điểm số dẫn đầu"
    # a blank header is not a repetition: the chunk stays a separate table
    assert len([b for b in s.join_page_breaks(doc.blocks) if isinstance(b, s.Table)]) == 5


def test_000_markers() -> None:
    paras = s.paragraphs(seed("000"))
    annex = next(p for p in paras if p.text.startswith("(Ban hành kèm theo"))
    assert annex.italic
    assert annex.text.endswith("Thái Nguyên)")
    footnotes = [p for p in paras if p.is_footnote]
    assert [p.text[:12] for p in footnotes] == ["¹ Thời điểm "]
    assert any(p.text.endswith("Chính phủ¹ (gửi kèm Văn bản này).") for p in paras)
    title = next(p for p in paras if p.text.startswith("NHÓM CÁC CƠ QUAN"))
    assert title.bold
    assert len(title.lines) == 3


def test_004_overdue_table_has_25_units_and_a_total_row() -> None:
    doc = seed("004")
    [table] = [
        t
        for t in s.tables(doc)
        if s.heading_before(doc, t).startswith("II. THỐNG KÊ CHI TIẾT HỒ SƠ QUÁ HẠN")
    ]
    units, total = table.data[:-1], table.data[-1]
    assert len(units) == 25
    assert [r[0] for r in units] == [str(i) for i in range(1, 26)]
    assert total[:2] == ["", "TỔNG SỐ"]
    for col in (2, 3, 4):
        assert sum(int(r[col]) for r in units) == int(total[col])
    assert total[2:] == ["1277", "1102", "-175"]


def test_004_summary_table_has_two_header_rows_and_a_headerless_continuation() -> None:
    doc = seed("004")
    summary, continuation = s.tables(doc)[:2]
    assert summary.header_rows == 2
    assert summary.rows[1][:4] == ["", "", "Số liệu", "Tỷ lệ (%)"]
    assert summary.rows[0][3] == ""
    assert summary.width == continuation.width == 7
    assert summary.data[1][2] == "1.773/1.773"
    assert summary.data[3][2] == "378.113"
    assert continuation.header_rows == 0
    assert continuation.rows[0][0] == "3,6"
    assert continuation.rows[-1][1] == "ĐIỂM TỔNG HỢP VÀ XẾP HẠNG"
    joined = next(b for b in s.join_page_breaks(doc.blocks) if isinstance(b, s.Table))
    assert len(joined.data) == 18 + 24
    assert not joined.repeated_header


def test_004_bold_numbers_in_the_header() -> None:
    paras = s.paragraphs(seed("004"))
    number = next(p for p in paras if p.text.startswith("Số: 6274"))
    assert number.text == "Số: 6274 /UBND-TTPVHCC"
    assert [x.text for x in number.spans if x.bold] == ["6274"]
    note = next(p for p in paras if "Ghi chú:" in p.text)
    assert note.text.startswith("* Ghi chú:")


def test_002_and_003_have_no_tables() -> None:
    news = seed("002")
    assert s.tables(news) == []
    assert len(s.paragraphs(news)) == 1  # the article's lines are not separated by blank lines
    assert "18,4" in news.blocks[0].text  # type: ignore[union-attr]
    directive = seed("003")
    assert s.tables(directive) == []
    texts = [p.text for p in s.paragraphs(directive)]
    assert texts[0] == "CHỈ THỊ"
    assert "STT Nhiệm vụ Chỉ tiêu" in texts


def test_all_seeds_read_as_nfc() -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        doc = seed(prefix)
        for block in doc.blocks:
            if isinstance(block, s.Para):
                texts = [block.text]
            else:
                texts = [c for r in block.rows for c in r]
            assert all(unicodedata.is_normalized("NFC", t) for t in texts)


def test_read_seed_normalizes_nfd(tmp_path: Path) -> None:
    path = tmp_path / "nfd.txt"
    path.write_text(unicodedata.normalize("NFD", "Điểm\tXã\n1\t96,32\n"), encoding="utf-8")
    [table] = s.tables(s.read_seed(path))
    assert table.rows == [["Điểm", "Xã"], ["1", "96,32"]]


@pytest.mark.parametrize(
    ("cell", "numeric"),
    [
        ("96,32", True),
        ("95.59", True),
        ("+0.35", True),
        ("-175", True),
        ("1.773/1.773", True),
        ("100%", True),
        ("---", False),
        ("1,1", True),
        ("I", False),
        ("a)", False),
        ("Từ 18/5", False),
        ("", False),
    ],
)
def test_is_numeric_cell(cell: str, numeric: bool) -> None:
    assert s.is_numeric_cell(cell) is numeric


_CELL = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="|"),
    max_size=12,
).map(str.strip)


@given(st.lists(st.lists(_CELL, min_size=2, max_size=4), min_size=1, max_size=6))
def test_tsv_cells_round_trip(rows: list[list[str]]) -> None:
    width = max(len(r) for r in rows)
    rows = [[*r, *[""] * (width - len(r))] for r in rows]
    rows = [[unicodedata.normalize("NFC", c) for c in r] for r in rows]
    text = "\n".join("\t".join(r) for r in rows)
    blocks = list(s._blocks(text.split("\n")))
    tsv = [b for b in blocks if isinstance(b, s.Table)]
    assert len(tsv) == 1
    assert tsv[0].rows == rows


# --- the generated DOCX fixtures ------------------------------------------------------------

import docx  # noqa: E402  (a dependency of idx766: never missing)

FIXTURE_FILES = [
    "000-bieu-duong-tuan-13-2026.docx",
    "001-bao-cao-tuan-21-2026.docx",
    "002-tin-bai.docx",
    "003-chi-thi-2026.docx",
    "004-bao-cao-thang-8-2023.docx",
    "variants/001-reordered.docx",
    "variants/001-split-blank-header.docx",
    "variants/001-nfd.docx",
    "variants/001-footnote-break.docx",
]


def open_docx(name: str) -> Any:
    return docx.Document(str(DOCX_DIR / name))


def borders(table: Any) -> list[str]:
    el = table._tbl.tblPr.find(f"{W}tblBorders")
    return [] if el is None else [b.get(f"{W}val") for b in el]


def repeats_header(row: Any) -> bool:
    tr_pr = row._tr.trPr
    return tr_pr is not None and tr_pr.find(f"{W}tblHeader") is not None


def rows_text(table: Any) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


@pytest.mark.parametrize("name", FIXTURE_FILES)
def test_fixture_is_a4_times_new_roman(name: str) -> None:
    document = open_docx(name)
    section = document.sections[0]
    assert abs(section.page_width.cm - 21.0) < 0.01
    assert abs(section.page_height.cm - 29.7) < 0.01
    assert abs(section.left_margin.cm - 3.0) < 0.01
    rfonts = document.styles["Normal"].element.rPr.find(f"{W}rFonts")
    assert {rfonts.get(f"{W}{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    assert document.core_properties.author == "idx766 fixtures"


def test_001_commune_table_is_one_table_with_a_repeated_header() -> None:
    document = open_docx("001-bao-cao-tuan-21-2026.docx")
    [table] = [t for t in document.tables if t.rows[0].cells[0].text == "TT" and len(t.rows) > 50]
    assert len(table.rows) == 93
    assert repeats_header(table.rows[0])
    assert not repeats_header(table.rows[1])
    assert set(borders(table)) == {"single"}
    expected = [COMMUNE_HEADER] + [
        row for c in tables_under(seed("001"), COMMUNE_HEADER) for row in c.data
    ]
    assert rows_text(table) == expected


def test_001_other_tables() -> None:
    tables = open_docx("001-bao-cao-tuan-21-2026.docx").tables
    overdue = [t for t in tables if t.rows[0].cells[1].text == OVERDUE_HEADER[1]]
    assert [len(t.rows) for t in overdue] == [55]
    assert sum(int(r.cells[2].text) for r in overdue[0].rows[1:]) == 811
    gainers = [t for t in tables if len(t.rows) == 11 and repeats_header(t.rows[0])]
    assert len(gainers) == 1
    pakn = [t for t in tables if any(c.text.startswith("PAKN.") for c in t.columns[1].cells)]
    assert [len(t.rows) for t in pakn] == [11, 5]


def test_000_layout_tables_are_borderless() -> None:
    tables = open_docx("000-bieu-duong-tuan-13-2026.docx").tables
    layout = [t for t in tables if set(borders(t)) == {"nil"}]
    assert len(layout) == 2
    header, signature = layout
    left, right = (c.text for c in header.rows[0].cells)
    assert left.startswith("UBND TỈNH THÁI NGUYÊN\nVĂN PHÒNG UBND TỈNH\nSố:")
    assert right.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    left, right = (c.text for c in signature.rows[0].cells)
    assert left.startswith("Nơi nhận:")
    assert right.startswith("KT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG")
    assert right.endswith("Nguyễn Anh Tuấn")
    for cell in (c for t in layout for r in t.rows for c in r.cells):
        tc_pr = cell._tc.tcPr
        assert tc_pr is None or tc_pr.find(f"{W}tcBorders") is None
    data = [t for t in tables if t not in layout]
    assert [len(t.rows) for t in data] == [6, 6, 5, 7, 11]
    assert all(set(borders(t)) == {"single"} for t in data)
    assert [c.text for c in data[3].rows[0].cells] == ["", "", ""]


def test_004_summary_table_has_merged_header_cells() -> None:
    tables = open_docx("004-bao-cao-thang-8-2023.docx").tables
    summary = next(t for t in tables if t.rows[0].cells[0].text == "Số TT")
    assert len(summary.rows) == 2 + 42
    tcs = summary._tbl.tr_lst[0].tc_lst
    spans = [tc.tcPr.find(f"{W}gridSpan") for tc in tcs]
    assert [None if x is None else x.get(f"{W}val") for x in spans] == [
        None,
        None,
        "2",
        "2",
        None,
    ]
    second = summary._tbl.tr_lst[1].tc_lst
    vmerge = [tc.tcPr.find(f"{W}vMerge") for tc in second]
    assert [x is not None for x in vmerge] == [True, True, False, False, False, False, True]
    assert [c.text for c in summary.rows[1].cells][2:6] == [
        "Số liệu",
        "Tỷ lệ (%)",
        "Số liệu",
        "Tỷ lệ (%)",
    ]
    last = [c.text for c in summary.rows[-1].cells]
    assert last[3] == "Đạt 75,1 điểm; xếp hạng 09/63 tỉnh, thành phố"


def test_003_annex_is_a_table_of_seven_targets() -> None:
    tables = open_docx("003-chi-thi-2026.docx").tables
    annex = rows_text(tables[-1])
    assert annex[0] == ["STT", "Nhiệm vụ", "Chỉ tiêu"]
    assert [r[2] for r in annex[1:]] == ["100%", "100%", "≥ 80%", "≥ 90%", "100%", "100%", "100%"]


def test_variants_of_001() -> None:
    base = open_docx("001-bao-cao-tuan-21-2026.docx")
    base_communes = next(t for t in base.tables if len(t.rows) == 93)
    scores = {r[1]: sorted(r[2:]) for r in rows_text(base_communes)[1:]}

    reordered = open_docx("variants/001-reordered.docx")
    communes = next(t for t in reordered.tables if len(t.rows) == 93)
    header = [c.text for c in communes.rows[0].cells]
    assert header[-1] == "Tổng điểm"
    assert header != COMMUNE_HEADER
    assert {r[1]: sorted(r[2:]) for r in rows_text(communes)[1:]} == scores

    split = open_docx("variants/001-split-blank-header.docx")
    halves = [t for t in split.tables if len(t.rows) == 47]
    assert len(halves) == 2
    assert [c.text for c in halves[1].rows[0].cells] == [""] * 9
    assert rows_text(halves[0])[1:] + rows_text(halves[1])[1:] == rows_text(base_communes)[1:]

    nfd = open_docx("variants/001-nfd.docx")
    text = "\n".join(p.text for p in nfd.paragraphs)
    assert unicodedata.is_normalized("NFD", text)
    assert unicodedata.normalize("NFC", text) == "\n".join(p.text for p in base.paragraphs)


def test_footnote_break_variant_of_001() -> None:
    """Phụ lục III whole, its footnote a real Word footnote, the page number a header field:
    compared with the seed's text (two chunks and the footnote between them)."""
    doc = s.read_seed(s.seed_path("001"))
    tables = s.tables(doc)
    at = next(i for i, t in enumerate(tables) if t.rows[0][:2] == ["STT", "Số PAKN"])
    first, second = tables[at : at + 2]
    assert second.header_rows == 0 and second.rows[0][0] == "11"
    [note] = [p for p in s.paragraphs(doc) if p.text.startswith("¹ Thời hạn trả lời PAKN")]
    path = DOCX_DIR / "variants" / "001-footnote-break.docx"
    variant = open_docx("variants/001-footnote-break.docx")
    pakn = [t for t in variant.tables if rows_text(t)[0][:2] == ["STT", "Số PAKN"]]
    assert [rows_text(t) for t in pakn] == [first.rows + second.rows]
    assert not any(repeats_header(r) for r in pakn[0].rows)
    with zipfile.ZipFile(path) as zf:
        body = zf.read("word/document.xml").decode()
        notes = zf.read("word/footnotes.xml").decode()
        rels = zf.read("word/_rels/document.xml.rels").decode()
        headers = [zf.read(n).decode() for n in zf.namelist() if n.startswith("word/header")]
    assert "relationships/footnotes" in rels
    assert re.search(r"TRÁCH NHIỆM TRẢ LỜI</w:t></w:r><w:r>.*?<w:footnoteReference", body)
    assert "¹" not in body
    assert note.text[1:].strip() in notes
    assert "<w:footnoteRef/>" in notes
    assert any("PAGE" in h and "fldChar" in h for h in headers)
    assert "<w:titlePg/>" in body


def load_generator() -> ModuleType:
    path = TESTS_DIR / "fixtures" / "make_docx.py"
    spec = importlib.util.spec_from_file_location("make_docx", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_committed_fixtures_match_the_generator(tmp_path: Path) -> None:
    written = load_generator().main(tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == sorted(FIXTURE_FILES)
    for path in written:
        name = path.relative_to(tmp_path).as_posix()
        with zipfile.ZipFile(path) as new, zipfile.ZipFile(DOCX_DIR / name) as old:
            assert new.namelist() == old.namelist(), name
            for member in new.namelist():
                assert new.read(member) == old.read(member), f"{name}:{member} is stale"
