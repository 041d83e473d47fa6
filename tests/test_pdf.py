"""PDF reports read into the same records as the DOCX they were printed from.

The LibreOffice PDFs are the DOCX fixtures printed; the reportlab PDFs are the same seed
documents written by another producer (another font, other column widths, tables split over
pages without repeated headers, page numbers). Both must give the DOCX's records, provenance
aside; the seed-derived expectations of the weekly report are run again on the PDFs. The bad
files must each fail with their own error, on one line, quickly. See tests/fixtures/README.md.
"""

from __future__ import annotations

import functools
import gc
import time
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import idx766
from fonts import dejavu_sans
from idx766.cli import main
from idx766.errors import (
    CorruptFileError,
    EncryptedFileError,
    Idx766Error,
    NotAReportError,
    NoTextLayerError,
    TooLargeError,
)
from idx766.interpret import interpret
from idx766.interpret.blocks import Block, Grid, Paragraph
from idx766.model import Records
from idx766.parsers.base import ParseOptions, Probe
from idx766.parsers.docx import read_blocks as read_docx
from idx766.parsers.pdf import PdfReportParser, read_blocks
from idx766.parsers.pdf import count_pages as pdfium_pages
from idx766.parsers.pdf_layout import drop_furniture
from idx766.parsers.pdf_tables import RuledTable, continuation
from idx766.parsers.pdf_text import Line, Word, dedupe_chars, join_lines
from idx766.parsers.registry import select_parser
from idx766.text import clean
from projection import projection
from seed_expect import raw_tables, tables_with

# The seed-derived checks of the weekly report (tests/test_docx_weekly.py), collected here again
# so that they run on the PDFs through this module's ``weekly`` fixture.
from test_docx_weekly import test_appendix_one_units_with_components_and_rank as _components
from test_docx_weekly import test_commune_group_changes as _groups
from test_docx_weekly import test_department_changes as _departments
from test_docx_weekly import test_document as _document
from test_docx_weekly import test_no_findings_on_the_consistent_seed as _no_findings
from test_docx_weekly import test_overdue_counts as _overdue
from test_docx_weekly import test_pakn as _pakn
from test_docx_weekly import test_province_comparison as _comparison
from test_docx_weekly import test_province_components_from_and_to as _province

FIXTURES = Path(__file__).parent / "fixtures"
DOCX = FIXTURES / "docx"
PDF = FIXTURES / "pdf"
REPORTLAB = PDF / "reportlab"
BAD = PDF / "bad"

NAMES = [
    "000-bieu-duong-tuan-13-2026",
    "001-bao-cao-tuan-21-2026",
    "002-tin-bai",
    "003-chi-thi-2026",
    "004-bao-cao-thang-8-2023",
]
VARIANTS = ["001-nfd", "001-reordered", "001-split-blank-header"]
PAIRS = [(DOCX / f"{n}.docx", PDF / f"{n}.pdf") for n in NAMES] + [
    (DOCX / "variants" / f"{n}.docx", PDF / "variants" / f"{n}.pdf") for n in VARIANTS
]
SECOND_PRODUCER = [
    (REPORTLAB / "000-bieu-duong-tuan-13-2026.pdf", PDF / "000-bieu-duong-tuan-13-2026.pdf"),
    (REPORTLAB / "001-bao-cao-tuan-21-2026.pdf", PDF / "001-bao-cao-tuan-21-2026.pdf"),
    (REPORTLAB / "004-bao-cao-thang-8-2023.pdf", PDF / "004-bao-cao-thang-8-2023.pdf"),
    (REPORTLAB / "001-nfd.pdf", PDF / "001-bao-cao-tuan-21-2026.pdf"),
]
FOOTNOTE_BREAK = PDF / "variants" / "001-footnote-break.pdf"
"""Phụ lục III broken after row 10: a footnote, a page number, no repeated header between."""
WEEKLY_PDFS = [
    PDF / "001-bao-cao-tuan-21-2026.pdf",
    REPORTLAB / "001-bao-cao-tuan-21-2026.pdf",
    REPORTLAB / "001-nfd.pdf",
    FOOTNOTE_BREAK,
]


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@functools.cache
def blocks(path: Path) -> tuple[Block, ...]:
    """The blocks the file's reader finds (read once per test session)."""
    if path.suffix == ".docx":
        return tuple(read_docx(path))
    return tuple(read_blocks(path))


@functools.cache
def parsed(path: Path) -> Records | str:
    """What ``idx766.parse`` gives for the file: its records, or the kind of its error.

    Interpreted from :func:`blocks` (what the parsers' ``parse`` does) so each file is read
    once; ``test_parse_is_read_blocks_then_interpret`` checks that this is the same.
    """
    parser = "docx-report" if path.suffix == ".docx" else "pdf-report"
    try:
        return interpret(blocks(path), source=path, parser=parser, options=ParseOptions())
    except Idx766Error as exc:
        return exc.kind


# --- the same records as the DOCX -----------------------------------------------------------


# the footnote-break PDF against the DOCX it was printed from and the weekly report's DOCX (its
# text differs from both: the footnote is printed, so it is not in the reader test's pairs)
RECORD_PAIRS = [
    *PAIRS,
    (DOCX / "variants" / "001-footnote-break.docx", FOOTNOTE_BREAK),
    (DOCX / "001-bao-cao-tuan-21-2026.docx", FOOTNOTE_BREAK),
]


@pytest.mark.parametrize(
    ("docx", "pdf"), RECORD_PAIRS, ids=[f"{d.stem}:{_id(p)}" for d, p in RECORD_PAIRS]
)
def test_pdf_gives_the_records_of_its_docx(docx: Path, pdf: Path) -> None:
    want, got = parsed(docx), parsed(pdf)
    if isinstance(want, str):
        assert want == NotAReportError.kind  # 002 and 003 hold no figure the interpreter reads
        assert got == want
        return
    assert not isinstance(got, str), got
    assert got.document.parser == "pdf-report"
    assert projection(got) == projection(want)


@pytest.mark.parametrize("path", [PDF / "001-bao-cao-tuan-21-2026.pdf", BAD / "not-a-report.pdf"])
def test_parse_is_read_blocks_then_interpret(path: Path) -> None:
    try:
        records: Records | str = idx766.parse(path)
    except Idx766Error as exc:
        records = exc.kind
    want = parsed(path)
    if isinstance(records, str) or isinstance(want, str):
        assert records == want
    else:
        assert records.document.parser == "pdf-report"
        assert projection(records) == projection(want)


@pytest.mark.parametrize(
    ("second", "libreoffice"), SECOND_PRODUCER, ids=[_id(p) for p, _ in SECOND_PRODUCER]
)
def test_second_producer_gives_the_same_records(second: Path, libreoffice: Path) -> None:
    got, want = parsed(second), parsed(libreoffice)
    assert not isinstance(got, str) and not isinstance(want, str)
    assert projection(got) == projection(want)


def _text(blocks: tuple[Block, ...]) -> list[tuple[str, ...]]:
    """Paragraph texts and ruled grids' cells (whitespace collapsed), layout grids counted."""
    out: list[tuple[str, ...]] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            if clean(b.text):
                out.append(("P", clean(b.text)))
        elif b.ruled is False:
            out.append(("layout",))
        else:
            out.extend(("row", *("∅" if c is None else clean(c) for c in r)) for r in b.rows)
    return out


@pytest.mark.parametrize(
    ("docx", "pdf"),
    [
        *PAIRS,
        *[(DOCX / f"{p.stem}.docx", p) for p, _ in SECOND_PRODUCER if "nfd" not in p.stem],
        (DOCX / "variants" / "001-nfd.docx", REPORTLAB / "001-nfd.pdf"),
    ],
    ids=[_id(p) for _, p in PAIRS] + ["reportlab/000", "reportlab/001", "reportlab/004", "nfd"],
)
def test_reader_finds_the_docx_paragraphs_and_cells(docx: Path, pdf: Path) -> None:
    """Wrapped lines rejoined, merged cells as None, header/signature blocks as layout grids,
    tables split by page breaks joined, page numbers dropped: the DOCX reader's blocks."""
    assert _text(blocks(pdf)) == _text(blocks(docx))


def _squeezed(row: Sequence[str | None]) -> tuple[str, ...]:
    return tuple("".join(clean(c or "").split()) for c in row)


@pytest.mark.parametrize("path", WEEKLY_PDFS[:2], ids=_id)
def test_each_row_record_names_the_page_its_row_is_on(path: Path) -> None:
    """A table joined across page breaks keeps each row's own page in its provenance: the row
    a record cites is a row pdfplumber's own ``extract_tables`` finds on the page it cites."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        on_page = {
            i: {_squeezed(r) for t in p.dedupe_chars().extract_tables() for r in t}
            for i, p in enumerate(pdf.pages, 1)
        }
    grids = {b.index: b for b in blocks(path) if isinstance(b, Grid)}
    records = parsed(path)
    assert not isinstance(records, str), records
    cited = [w for r in records.scores for w in r.sources]
    cited += [c.source for c in records.changes if c.source is not None]
    pages = set()
    for where in cited:
        if where.row is None or where.table is None or where.page is None:
            continue
        pages.add(where.page)
        row = _squeezed(grids[where.table].rows[where.row])
        assert row in on_page[where.page], (row, where)
    assert len(pages) > 3


def test_blocks_carry_pages_table_ordinals_and_nfc_text() -> None:
    found = blocks(REPORTLAB / "001-nfd.pdf")
    grids = [b for b in found if isinstance(b, Grid)]
    assert [g.index for g in grids] == list(range(len(grids)))
    assert all(b.page is not None and b.page >= 1 for b in found)
    assert [g.ruled for g in grids].count(False) == 1  # the signature block; tables are ruled
    for b in found:
        texts = [b.text] if isinstance(b, Paragraph) else [c for r in b.rows for c in r if c]
        assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    assert any("Thái Nguyên" in b.text for b in found if isinstance(b, Paragraph))


def test_read_pages_leave_no_cyclic_garbage() -> None:
    """Each page is freed when the next is read, not when the cyclic collector next runs (whose
    full runs grow rare as a long table accumulates): memory stays flat over the page count."""
    path = PDF / "001-bao-cao-tuan-21-2026.pdf"
    read_blocks(path)  # imports and caches first
    gc.collect()
    gc.disable()
    try:
        read_blocks(path)
        left = gc.collect()
    finally:
        gc.enable()
    pages = pdfium_pages(path)
    assert pages >= 3
    assert left < 40 * pages  # pdfminer's content parser refers to itself: a few per page


def test_a_table_is_not_copied_on_its_way_to_the_interpreter() -> None:
    row = ("1", "UBND xã Hợp Thành", "97,73", None)
    assert Grid(rows=[row], index=0).rows[0] is row


# --- the seed's expectations, on the PDFs ---------------------------------------------------


@pytest.fixture(scope="module", params=WEEKLY_PDFS, ids=_id)
def weekly(request: pytest.FixtureRequest) -> Records:
    records = parsed(request.param)
    assert not isinstance(records, str), records
    return records


test_weekly_document = _document
test_weekly_components_and_rank = _components
test_weekly_province_comparison = _comparison
test_weekly_province_components = _province
test_weekly_department_changes = _departments
test_weekly_commune_groups = _groups
test_weekly_overdue = _overdue
test_weekly_pakn = _pakn
test_weekly_no_findings = _no_findings


@pytest.mark.parametrize(
    "path",
    [DOCX / "000-bieu-duong-tuan-13-2026.docx", PDF / "000-bieu-duong-tuan-13-2026.pdf"],
    ids=_id,
)
def test_commendation_scores_from_the_seed(path: Path) -> None:
    records = parsed(path)
    assert not isinstance(records, str)
    scores = {(name, s.total) for s in records.scores for name in s.names}
    rows = [r for t in raw_tables("000") for r in t.data if len(r) == 3 and r[0].isdigit()]
    assert len(rows) == 30  # 5 + 5 departments, 10 + 10 communes
    for _, name, score in rows:
        assert (name, Decimal(score.replace(",", "."))) in scores


@pytest.mark.parametrize(
    "path",
    [DOCX / "004-bao-cao-thang-8-2023.docx", PDF / "004-bao-cao-thang-8-2023.pdf"],
    ids=_id,
)
def test_monthly_overdue_counts_from_the_seed(path: Path) -> None:
    records = parsed(path)
    assert not isinstance(records, str)
    [table] = tables_with("004", "qua han")
    units = [r for r in table.data if not r[1].startswith("TỔNG")]
    got = {(o.unit.name, o.count) for o in records.overdue}
    for row in units:
        assert (row[1], int(row[2])) in got and (row[1], int(row[3])) in got
    assert len(records.overdue) == 2 * len(units)


# --- honest failures ------------------------------------------------------------------------

BAD_FILES: list[tuple[str, str, str]] = [
    ("encrypted.pdf", EncryptedFileError.kind, "password"),
    ("scan.pdf", NoTextLayerError.kind, "OCR is not supported"),
    ("truncated.pdf", CorruptFileError.kind, "truncated"),
    ("empty.pdf", CorruptFileError.kind, "empty file"),
    ("random-bytes.pdf", CorruptFileError.kind, "not a PDF"),
    ("not-a-report.pdf", NotAReportError.kind, "no 766 figures"),
    ("many-pages.pdf", TooLargeError.kind, "30 pages is over the limit of 20 pages"),
]
PAGE_LIMIT = 20


@pytest.mark.parametrize(("name", "kind", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_gives_its_error_on_one_line(
    name: str, kind: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    start = time.perf_counter()
    code = main(["parse", str(BAD / name), "--max-pages", str(PAGE_LIMIT)])
    elapsed = time.perf_counter() - start
    err = capsys.readouterr().err
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert f"{name}: {kind}: " in lines[0] and reason in lines[0]
    assert "Traceback" not in err
    assert elapsed < 5


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("encrypted.pdf", EncryptedFileError),
        ("scan.pdf", NoTextLayerError),
        ("truncated.pdf", CorruptFileError),
        ("random-bytes.pdf", CorruptFileError),
        ("not-a-report.pdf", NotAReportError),
    ],
)
def test_library_raises_the_error_class(name: str, error: type[Idx766Error]) -> None:
    with pytest.raises(error) as info:
        PdfReportParser().parse(BAD / name, ParseOptions())
    assert info.value.file == str(BAD / name)


def test_empty_file_is_refused_by_the_reader_too() -> None:
    with pytest.raises(CorruptFileError, match="empty file"):
        read_blocks(BAD / "empty.pdf")


def test_page_limit_is_checked_with_pdfium_before_pdfplumber_opens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pdfplumber

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("pdfplumber opened a file over the page limit")

    monkeypatch.setattr(pdfplumber, "open", refuse)
    with pytest.raises(TooLargeError, match="30 pages"):
        idx766.parse(BAD / "many-pages.pdf", options=ParseOptions(max_pages=29))


def test_pages_pdfium_counts_but_pdfminer_misses_are_a_damaged_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pdfminer.pdfpage import PDFPage

    create_pages = PDFPage.create_pages

    def first_two(document: Any) -> Any:
        for number, page in enumerate(create_pages(document)):
            if number < 2:
                yield page

    monkeypatch.setattr(PDFPage, "create_pages", staticmethod(first_two))
    with pytest.raises(CorruptFileError, match="2 of the 3 pages"):
        read_blocks(PDF / "000-bieu-duong-tuan-13-2026.pdf")


def test_padding_after_the_end_is_not_truncation(tmp_path: Path) -> None:
    """Trailing NULs or blank lines (padded downloads) do not hide the final %%EOF; the same
    bytes cut short are still refused."""
    original = PDF / "000-bieu-duong-tuan-13-2026.pdf"
    whole = original.read_bytes()
    padded = tmp_path / "padded.pdf"
    padded.write_bytes(whole + b"\x00" * 5000 + b"\r\n" * 2000)
    assert _text(tuple(read_blocks(padded))) == _text(blocks(original))
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) - 3000] + b"\x00" * 5000)
    with pytest.raises(CorruptFileError, match="truncated"):
        read_blocks(cut)


def test_file_size_limit() -> None:
    with pytest.raises(TooLargeError, match="bytes is over the limit"):
        read_blocks(PDF / "002-tin-bai.pdf", ParseOptions(max_file_bytes=1000))


def test_a_pdf_is_read_by_the_pdf_parser_even_under_another_name(tmp_path: Path) -> None:
    renamed = tmp_path / "report.bin"
    renamed.write_bytes((PDF / "000-bieu-duong-tuan-13-2026.pdf").read_bytes())
    assert select_parser(Probe.of(renamed)).name == "pdf-report"
    assert select_parser(Probe.of(BAD / "random-bytes.pdf")).name == "pdf-report"


# --- pieces of the reader -------------------------------------------------------------------


def _char(text: str, x0: float, top: float, size: float = 10.0) -> dict[str, Any]:
    return {
        "text": text,
        "x0": x0,
        "x1": x0 + 0.6 * size,
        "top": top,
        "bottom": top + size,
        "doctop": top,
        "size": size,
        "fontname": "ABCDEF+Times-Bold",
        "upright": True,
    }


def test_dedupe_removes_glyphs_drawn_twice_for_fake_bold() -> None:
    word = "Điểm"
    chars = [_char(ch, 10 + 6 * i, 50) for i, ch in enumerate(word)]
    doubled = [c for ch in chars for c in (ch, {**ch, "x0": ch["x0"] + 0.4, "x1": ch["x1"] + 0.4})]
    kept = dedupe_chars(doubled)
    assert "".join(c["text"] for c in kept) == word
    assert kept == chars  # the first of each pair, in the original order
    assert dedupe_chars(chars) == chars


def test_fake_bold_pdf_reads_once(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    dejavu_sans()
    path = tmp_path / "fake-bold.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("DejaVuSans", 12)
    for dx in (0, 0.3, 0.6):  # a heading "bolded" by drawing it three times
        c.drawString(72 + dx, 700, "2.1. Nhóm 10 xã/phường dẫn đầu")
    c.drawString(72, 680, "tỉnh Thái Nguyên đạt 96,77/100 điểm, xếp thứ 05/34")
    c.save()
    paragraphs = [b.text for b in read_blocks(path) if isinstance(b, Paragraph)]
    assert paragraphs == [
        "2.1. Nhóm 10 xã/phường dẫn đầu",
        "tỉnh Thái Nguyên đạt 96,77/100 điểm, xếp thứ 05/34",
    ]


def _line(*words: tuple[str, float, float], size: float = 10.0, top: float = 0.0) -> Line:
    return Line(
        words=tuple(
            Word(text=t, x0=x0, x1=x1, top=top, bottom=top + size, size=size, bold=False)
            for t, x0, x1 in words
        )
    )


@pytest.mark.parametrize(
    ("first", "second", "room", "joined"),
    [
        ([("Điểm", 0, 24), ("tuần", 26, 48)], [("này", 0, 16)], 50.0, "Điểm tuần này"),
        ([("PAKN.20260", 0, 59)], [("516.0501", 0, 48)], 60.0, "PAKN.20260516.0501"),
        ([("1.773/1.", 0, 38)], [("773", 0, 17)], 40.0, "1.773/1.773"),
        ([("Than", 0, 24)], [("h", 0, 6)], 25.0, "Thanh"),
        ([("TỔNG", 0, 30), ("ĐI", 32, 44)], [("ỂM", 0, 14)], 46.0, "TỔNG ĐIỂM"),
        ([("Dịch", 0, 24)], [("vụ", 0, 12)], 25.0, "Dịch vụ"),
        ([("điểm", 0, 28)], [(";", 0, 3), ("xếp", 5, 22)], 29.0, "điểm; xếp"),
        ([("09/63", 0, 28)], [("tỉnh,", 0, 24)], 29.0, "09/63 tỉnh,"),
        ([("UBND", 0, 26), ("xã", 28, 40)], [("Yên", 0, 20)], 41.0, "UBND xã Yên"),
        ([("Tỉnh/", 0, 26)], [("thành", 0, 28), ("phố", 30, 46)], 60.0, "Tỉnh/thành phố"),
        ([("Than", 0, 24)], [("h", 0, 6)], 60.0, "Than h"),  # room left: a real space
    ],
)
def test_wrapped_lines_joined_with_or_without_a_space(
    first: list[tuple[str, float, float]],
    second: list[tuple[str, float, float]],
    room: float,
    joined: str,
) -> None:
    assert join_lines([_line(*first), _line(*second, top=12)], room) == joined


def _piece(rows: list[list[str | None]], page: int, columns: list[float]) -> RuledTable:
    return RuledTable(
        rows=[tuple(r) for r in rows],
        columns=columns,
        top=50,
        bottom=800,
        page=page,
        last_page=page,
    )


def test_table_pieces_across_a_page_break() -> None:
    edges = [80.0, 110.0, 400.0, 540.0]
    header: list[str | None] = ["TT", "Xã/phường", "Điểm"]

    def first() -> RuledTable:
        return _piece([header, ["1", "UBND xã A", "97,5"]], 3, edges)

    repeated = continuation(first(), _piece([header, ["2", "UBND xã B", "97"]], 4, edges))
    assert repeated is not None and repeated.header_rows == 1
    assert [r[0] for r in repeated.rows] == ["TT", "1", "2"]
    headerless = continuation(first(), _piece([["2", "UBND xã B", "97"]], 4, edges))
    assert headerless is not None and len(headerless.rows) == 3
    blank = continuation(first(), _piece([["", "", ""], ["2", "UBND xã B", "97"]], 4, edges))
    assert blank is not None and len(blank.rows) == 4
    other_header = _piece([["STT", "Sở, ngành", "Điểm"], ["1", "Sở Y tế", "95"]], 4, edges)
    assert continuation(first(), other_header) is None
    moved = [80.0, 130.0, 400.0, 540.0]
    assert continuation(first(), _piece([["2", "UBND xã B", "97"]], 4, moved)) is None
    assert continuation(first(), _piece([["2", "UBND xã B", "97"]], 5, edges)) is None
    spanning = _piece([["2", "UBND xã B: chưa có điểm"]], 4, [80.0, 110.0, 540.0])
    merged = continuation(first(), spanning)
    assert merged is not None and merged.rows[-1] == ("2", "UBND xã B: chưa có điểm", None)


def test_page_numbers_are_furniture() -> None:
    lines = [
        _line(("- 2 -", 280, 300), top=20),
        _line(("Nội", 72, 90), ("dung", 92, 120), top=100),
        _line(("3", 290, 296), top=800),
    ]
    assert [ln.text for ln in drop_furniture(lines, 842)] == ["Nội dung"]
    assert not any(
        isinstance(b, Paragraph) and clean(b.text).isdigit()
        for b in blocks(REPORTLAB / "001-bao-cao-tuan-21-2026.pdf")
    )
