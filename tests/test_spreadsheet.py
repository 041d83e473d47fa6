"""Spreadsheet exports (XLSX, CSV) of a ranking parse to the same records as the portal's JSON.

The fixtures in tests/fixtures/spreadsheets/ are written by tests/fixtures/make_spreadsheets.py
from the national ranking in tests/portal; expectations come from that JSON file.
"""

from __future__ import annotations

import csv as csv_module
import importlib.util
import json
import re
import sys
import tempfile
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from attrs import evolve
from hypothesis import given, settings
from hypothesis import strategies as st

import idx766
from idx766.errors import CorruptFileError, EncryptedFileError, NotAReportError
from idx766.model import Aggregate, Period, Records, Severity, Snapshot
from idx766.parsers.base import Probe
from idx766.parsers.registry import select_parser
from idx766.text import name_key
from strategies import SYLLABLES

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures" / "spreadsheets"
RANKING = TESTS / "portal" / "766-Analyze" / "data" / "provinces" / "2026-10-06.json"
FILES = sorted(FIXTURES.iterdir())


def load_writer() -> ModuleType:
    path = TESTS / "fixtures" / "make_spreadsheets.py"
    spec = importlib.util.spec_from_file_location("make_spreadsheets", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


W = load_writer()


def without_sources(records: Records) -> list[Snapshot]:
    return [evolve(s, sources=()) for s in records.scores]


@pytest.fixture(scope="module")
def portal() -> Records:
    return idx766.parse(RANKING)


@pytest.fixture(scope="module")
def parsed() -> dict[str, Records]:
    return {p.name: idx766.parse(p) for p in FILES}


def test_committed_fixtures_match_the_writer(tmp_path: Path) -> None:
    written = W.main(tmp_path)
    assert sorted(p.name for p in written) == [p.name for p in FILES]
    for path in written:
        old = FIXTURES / path.name
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as new_zip, zipfile.ZipFile(old) as old_zip:
                assert new_zip.namelist() == old_zip.namelist()
                for member in new_zip.namelist():
                    assert new_zip.read(member) == old_zip.read(member), f"{path.name}:{member}"
        else:
            assert path.read_bytes() == old.read_bytes(), f"{path.name} is stale"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_spreadsheet_parser_is_chosen(path: Path) -> None:
    assert select_parser(Probe.of(path)).name == "spreadsheet"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_variant_gives_the_portal_records(
    path: Path, parsed: dict[str, Records], portal: Records
) -> None:
    records = parsed[path.name]
    assert without_sources(records) == without_sources(portal)
    assert records.document.kind == "spreadsheet" and records.document.parser == "spreadsheet"
    data = json.loads(RANKING.read_text(encoding="utf-8"), parse_float=Decimal)
    assert records.document.period_end == date.fromisoformat(data["date"])
    assert records.findings == ()
    assert idx766.check(records) == ()
    header_row = 4  # two title lines, a blank line, the header (1-based rows)
    for i, snap in enumerate(records.scores):
        [where] = snap.sources
        assert where.file == str(path) and where.row == header_row + 1 + i
        assert where.sheet == ("Xếp hạng" if path.suffix == ".xlsx" else None)


def test_the_ranking_itself(parsed: dict[str, Records]) -> None:
    data = json.loads(RANKING.read_text(encoding="utf-8"), parse_float=Decimal)
    records = parsed["ranking-cp1258.csv"]
    by_name = {s.unit.name: s for s in records.scores}
    for p in data["provinces"]:
        snap = by_name[p["departmentName"]]  # names decoded from Windows-1258 and NFC
        assert (snap.total, snap.rank, snap.rank_of) == (p["totalScore"], p["rank"], 34)
        assert snap.unit.code == p["departmentCode"]
        assert sorted(c.value for c in snap.components or ()) == sorted(p["scores"].values())
        assert snap.period == Period.of_year(int(data["year"]))


# -- numbers stored as text -------------------------------------------------------------------


def _csv(tmp_path: Path, lines: list[str], name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


HEADER = "Đơn vị;Công khai;Tiến độ;Dịch vụ công;Thanh toán;Hài lòng;Số hóa;Tổng điểm"


def test_thousands_dots_read_as_the_sheet_decides(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        ["Số liệu ngày 06/10/2026", HEADER, "UBND xã A;11,5;17,25;2.777;6,5;12;9,75;59,75"],
    )
    records = idx766.parse(path)
    [snap] = records.scores
    assert snap.component("dvc_truc_tuyen") == Decimal(2777)  # the sheet writes decimal commas
    over = [f for f in idx766.check(records) if f.check == "component-within-max"]
    assert over and over[0].severity is Severity.ERROR


def test_an_undecidable_token_is_reported(tmp_path: Path) -> None:
    path = _csv(tmp_path, ["Số liệu ngày 06/10/2026", HEADER, "UBND xã A;11;17;2.777;6;12;9;60"])
    records = idx766.parse(path)
    assert records.scores[0].component("dvc_truc_tuyen") == Decimal(2777)
    [finding] = [f for f in records.findings if f.check == "ambiguous-number"]
    assert "2.777" in finding.message and "2777" in finding.message


def test_typed_cells_are_never_ambiguous(tmp_path: Path) -> None:
    table = W.Table(
        title=("Số liệu ngày 06/10/2026",),
        rows=(
            W.UnitRow(name="UBND xã A", components={"cong_khai": Decimal("2.777")}, rank=1),
            W.UnitRow(name="UBND xã B", components={"cong_khai": Decimal("9.5")}, rank=2),
        ),
    )
    columns = ("name", "cong_khai", "tien_do", "rank")
    numeric = W.write_xlsx(tmp_path / "n.xlsx", table, W.Layout(columns=columns))
    text = W.write_xlsx(tmp_path / "t.xlsx", table, W.Layout(columns=columns, numbers_as_text=True))
    for path in (numeric, text):
        records = idx766.parse(path)
        # read as 2.777, never as 2777: a score of three decimals is then refused with a finding
        assert [s.component("cong_khai") for s in records.scores] == [Decimal("9.5")]
        [refused] = [f for f in records.findings if f.check == "unrepresentable-value"]
        assert "2.777" in refused.message
        assert not [f for f in records.findings if f.check == "ambiguous-number"]


def test_aggregates_blank_rows_and_rows_without_names(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        [
            "Tháng 8/2026",
            "",
            HEADER,
            "UBND xã A;11,5;17,25;8,5;6,5;12;9,75;65,5",
            "",
            ";11;17;8;6;12;9;63",
            "Cả nước;10,07;17,53;;;10,1;9,47;61,88",
        ],
    )
    records = idx766.parse(path)
    [snap] = records.scores
    assert snap.period == Period.of_month(2026, 8) and snap.as_of is None
    national = {
        (m.metric, m.component): m.value
        for m in records.metrics
        if m.unit is None and m.aggregate is Aggregate.NATIONAL
    }
    assert national[("score", None)] == Decimal("61.88")
    assert national[("score", "tien_do")] == Decimal("17.53")
    checks = sorted(f.check for f in records.findings)
    assert checks == ["skipped-row", "undated-data", "unknown-unit"]


def test_ranks_that_restart_per_level(tmp_path: Path) -> None:
    head = "Xếp hạng;Đơn vị;Công khai;Tiến độ"
    rows = ["1;Sở Y tế;10;12", "2;Sở Nội vụ;9;11", "1;UBND xã A;8;7", "2;UBND xã B;7;6"]
    records = idx766.parse(
        _csv(tmp_path, ["Số liệu ngày 25/05/2026", head, *rows, "3;UBND xã C;6;5"])
    )
    assert [(s.rank, s.rank_of) for s in records.scores] == [(1, 2), (2, 2), (1, 3), (2, 3), (3, 3)]


def test_old_service_codes_in_a_sheet_are_decided_by_magnitude(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        [
            "Số liệu ngày 06/10/2026",
            "TEN,CKMB,TDGQ,TTTT,CLGQ,MDHL,MDSH,TONG_SCORE",
            "UBND xã A,11.5,17.25,10.75,6.5,12,9.75,67.75",
            "UBND xã B,11,17,9,7,12,9,65",
        ],
    )
    records = idx766.parse(path)
    assert records.scores[0].component("dvc_truc_tuyen") == Decimal("10.75")
    assert records.scores[0].component("thanh_toan") == Decimal("6.5")
    [finding] = [f for f in records.findings if f.check == "ambiguous-group-code"]
    assert "decided by magnitude" in finding.message


# -- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("broken.xlsx", b"PK\x03\x04" + bytes(300), CorruptFileError),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), EncryptedFileError),
        ("plain.csv", b"a;b;c\n1;2;3\n", NotAReportError),
        ("binary.csv", "Công khai;Tiến độ\x00\x00".encode(), CorruptFileError),
    ],
)
def test_bad_files_give_library_errors(
    name: str, content: bytes, error: type[Exception], tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(error):
        idx766.parse(path, parser="spreadsheet")


def test_a_workbook_without_a_score_table(tmp_path: Path) -> None:
    table = W.Table(title=("Ghi chú",), rows=())
    path = W.write_xlsx(tmp_path / "empty.xlsx", table, W.Layout(columns=("name",)))
    with pytest.raises(NotAReportError, match="no sheet has a header row"):
        idx766.parse(path)


# -- the property: whatever scores are written, they read back ---------------------------------

MAXIMA = {"cong_khai": 18, "tien_do": 20, "dvc_truc_tuyen": 12, "thanh_toan": 10}
MAXIMA |= {"hai_long": 18, "so_hoa": 22}


def _score(key: str) -> st.SearchStrategy[Decimal]:
    top = MAXIMA[key] * 100
    return st.integers(0, top).flatmap(
        lambda n: st.integers(0, 2).map(
            lambda p: (Decimal(n).scaleb(-2)).quantize(Decimal(1).scaleb(-p), rounding="ROUND_DOWN")
        )
    )


# names the registry does not know (no two resolve to one unit) and that are not aggregates
names = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=3).map(
    lambda words: "Đơn vị thử " + " ".join(words)
)


@st.composite
def tables(draw: st.DrawFn) -> tuple[Any, Any, dict[str, Any]]:
    unit_names = draw(st.lists(names, min_size=1, max_size=8, unique_by=name_key))
    ranks = draw(st.permutations(range(1, len(unit_names) + 1)))
    with_code = draw(st.booleans())
    rows = []
    for i, (name, rank) in enumerate(zip(unit_names, ranks, strict=True)):
        comps = {k: draw(_score(k)) for k in W.KEYS}
        rows.append(
            W.UnitRow(
                name=name,
                components=comps,
                total=sum(comps.values(), Decimal(0)),
                rank=rank,
                code=f"H99.{i + 1}" if with_code else None,
            )
        )
    day = draw(st.dates(min_value=date(2023, 1, 1), max_value=date(2030, 12, 31)))
    table = W.Table(
        title=(f"CHỈ SỐ 766 NĂM {day.year}", f"Số liệu ngày {day:%d/%m/%Y}"), rows=tuple(rows)
    )
    labels = draw(st.sampled_from([W.STANDARD, W.LONG, W.CODES]))
    fields = [*W.KEYS, "total", "rank", "name"] + (["code"] if with_code else [])
    layout = W.Layout(
        columns=tuple(draw(st.permutations(fields))),
        labels=labels,
        decimal=draw(st.sampled_from([".", ","])),
        numbers_as_text=draw(st.booleans()),
    )
    csv_options = {
        "encoding": draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1258"])),
        "delimiter": draw(st.sampled_from([",", ";", "\t"])),
        "newline": draw(st.sampled_from(["\n", "\r\n"])),
    }
    return table, layout, csv_options


@settings(max_examples=40, deadline=None)
@given(tables())
def test_written_scores_parse_back_equal(case: tuple[Any, Any, dict[str, Any]]) -> None:
    table, layout, csv_options = case
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = idx766.parse(W.write_xlsx(Path(tmp) / "t.xlsx", table, layout))
        csv = idx766.parse(W.write_csv(Path(tmp) / "t.csv", table, layout, **csv_options))
    assert without_sources(xlsx) == without_sources(csv)
    day = date(int(table.title[1][-4:]), int(table.title[1][-7:-5]), int(table.title[1][-10:-8]))
    got = [(s.unit.name, s.unit.code, s.total, s.rank, s.rank_of, s.as_of) for s in xlsx.scores]
    expected = [(r.name, r.code, r.total, r.rank, len(table.rows), day) for r in table.rows]
    assert got == expected
    for snap, row in zip(xlsx.scores, table.rows, strict=True):
        assert {c.component: c.value for c in snap.components or ()} == dict(row.components)
        assert snap.period == Period.of_year(day.year) and snap.methodology == "six-group"
    assert not [f for f in xlsx.findings if f.severity is Severity.ERROR]
    assert idx766.check(xlsx, only=["component-sum-equals-total"]) == ()


# -- no row lost in silence (issue 18): damaged lines and cells are findings -------------------

CSV_LINES = (FIXTURES / "ranking.csv").read_text(encoding="utf-8").splitlines()
FIRST_ROW = next(i for i, line in enumerate(CSV_LINES) if line.startswith("Xếp hạng,")) + 1
STATED = {int(row[0]): row[2] for row in csv_module.reader(CSV_LINES[FIRST_ROW:])}


def _read_lines(tmp_path: Path, lines: list[str]) -> Records:
    return idx766.parse(_csv(tmp_path, lines, "damaged.csv"))


@settings(max_examples=8, deadline=None)
@given(st.integers(0, len(STATED) - 1))
def test_a_stray_quote_loses_only_its_line(at: int) -> None:
    lines = list(CSV_LINES)
    line = FIRST_ROW + at
    rank, _, rest = lines[line].partition(",")
    lines[line] = f'{rank},"{rest}'  # a quote opened and never closed
    with tempfile.TemporaryDirectory() as tmp:
        records = _read_lines(Path(tmp), lines)
    lost = STATED[int(rank)]
    assert [s.unit.name for s in records.scores] == [n for n in STATED.values() if n != lost]
    [skipped] = [f for f in records.findings if f.check == "skipped-row"]
    assert skipped.location is not None and skipped.location.row == line + 1  # 1-based
    assert f"line {line + 1}" in skipped.message and "quote" in skipped.message


def test_lines_with_another_delimiter_are_each_a_finding(tmp_path: Path) -> None:
    lines = list(CSV_LINES)
    other = [FIRST_ROW + 3, FIRST_ROW + 4, FIRST_ROW + 20]
    for i in other:
        lines[i] = lines[i].replace(",", ";")
    records = _read_lines(tmp_path, lines)
    kept = [name for i, name in enumerate(STATED.values()) if FIRST_ROW + i not in other]
    assert [s.unit.name for s in records.scores] == kept
    skipped = [f for f in records.findings if f.check == "skipped-row"]
    assert [f.location.row for f in skipped if f.location] == [i + 1 for i in other]
    assert all("semicolons" in f.message for f in skipped)


def _edit_sheet(source: Path, target: Path, cells: dict[str, str]) -> Path:
    """A copy of a workbook whose sheet XML has some cells replaced (keyed by reference)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                xml = data.decode("utf-8")
                for ref, cell in cells.items():
                    xml, n = re.subn(rf'<c r="{ref}"[^>]*>.*?</c>', cell, xml, count=1)
                    assert n == 1, ref
                data = xml.encode("utf-8")
            zout.writestr(info, data)
    return target


def test_formulas_without_values_and_error_cells_are_named(tmp_path: Path) -> None:
    """ranking.xlsx: the header on row 4, the first province on row 5, numbers in D..J."""
    path = _edit_sheet(
        FIXTURES / "ranking.xlsx",
        tmp_path / "formulas.xlsx",
        {
            "J6": '<c r="J6"><f>SUM(D6:I6)</f></c>',  # saved by a tool that computes nothing
            "D7": '<c r="D7" t="e"><f>D5/0</f><v>#DIV/0!</v></c>',
            "J8": '<c r="J8" t="e"><v>#N/A</v></c>',
        },
    )
    records = idx766.parse(path)
    assert [s.unit.name for s in records.scores] == list(STATED.values())  # no row dropped
    unread = {f.message.split()[1]: f for f in records.findings if f.check == "unread-cell"}
    assert sorted(unread) == ["D7", "J6", "J8"]
    assert "SUM(D6:I6)" in unread["J6"].message
    assert "#DIV/0!" in unread["D7"].message and "#N/A" in unread["J8"].message
    for ref, finding in unread.items():
        assert finding.location is not None
        assert (finding.location.sheet, finding.location.row) == ("Xếp hạng", int(ref[1:]))
    assert records.scores[1].total is None and records.scores[3].total is None
    assert records.scores[2].component("cong_khai") is None
