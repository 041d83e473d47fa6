"""The An Giang provincial tool's workbook (two versions, tests/portal/new-766/) is read
completely: every row of every score sheet, each with its level, period and rank.

Expectations come from the sheets themselves, read here cell by cell with python-calamine and
mapped by this test's own table of the portal's column codes (tests/portal/README.md), never
from idx766's output.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

import idx766
from idx766.model import Level, Period, Records

HERE = Path(__file__).parent / "portal" / "new-766"
CONSISTENT = HERE / "an-giang-bao-cao-T10-2025-created-2025-10-11.xlsx"
BROKEN = HERE / "an-giang-bao-cao-T10-2025-created-2025-10-16.xlsx"

LEVELS = {"1": Level.PROVINCE, "2": Level.DEPARTMENT, "3": Level.COMMUNE}
PLAIN = {"CKMB": "cong_khai", "TDGQ": "tien_do", "MDHL": "hai_long", "MDSH": "so_hoa"}
# which of TTTT / CLGQ is online services and which payment is read by magnitude in this
# older service (tests/portal/README.md): the test compares the two values as a pair
AMBIGUOUS = ("TTTT", "CLGQ")
SCORE_SHEETS = ("Điểm năm", "Điểm tháng", "Sở Ban", "Xã Phường")
TREND_SHEETS = ("Xu hướng tháng", "Xu hướng quý")


def sheet_rows(path: Path, sheet: str) -> list[dict[str, str]]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    header = [str(h) for h in rows[0]]
    # some names are stored decomposed (NFD); idx766 gives every name in NFC
    cells = ([unicodedata.normalize("NFC", str(c)) for c in row] for row in rows[1:] if any(row))
    return [dict(zip(header, row, strict=True)) for row in cells]


def created(path: Path) -> date:
    """The workbook's creation date, which its file name carries (the workbook states none)."""
    found = re.search(r"created-(\d{4})-(\d\d)-(\d\d)", path.name)
    assert found is not None
    return date(*map(int, found.groups()))


def slug(name: str) -> str:
    """The unit's own name (no 'UBND', no ' - tỉnh An Giang', 'Thanh tra tỉnh An Giang' as
    'Thanh tra tỉnh') without diacritics, dashed."""
    name = (
        name.removesuffix(" - tỉnh An Giang")
        .removesuffix(" An Giang")
        .removeprefix("UBND ")
        .replace("Đ", "D")
        .replace("đ", "d")
    )
    bare = unicodedata.normalize("NFD", name).encode("ascii", "ignore").decode()
    return "-".join(bare.lower().split())


def read(path: Path) -> Records:
    return idx766.parse(path)


@pytest.fixture(scope="module")
def parsed() -> dict[Path, Records]:
    return {path: read(path) for path in (CONSISTENT, BROKEN)}


def by_sheet(records: Records, sheet: str) -> list[idx766.model.Snapshot]:
    return [s for s in records.scores if s.sources and s.sources[0].sheet == sheet]


def expected_period(path: Path, sheet: str) -> Period | None:
    day = created(path)
    if sheet == "Điểm năm":
        return Period.of_year(day.year)
    if sheet == "Điểm tháng":
        return Period.of_month(day.year, day.month)
    return None  # the workbook does not say which period the agencies and communes cover


@pytest.mark.parametrize("path", [CONSISTENT, BROKEN], ids=lambda p: p.name[-15:-5])
@pytest.mark.parametrize("sheet", SCORE_SHEETS)
def test_every_row_of_every_score_sheet(
    path: Path, sheet: str, parsed: dict[Path, Records]
) -> None:
    rows = sheet_rows(path, sheet)
    got = by_sheet(parsed[path], sheet)
    assert len(got) == len(rows)
    if sheet.startswith("Điểm"):
        assert len(rows) == 34
    for snap, row in zip(got, rows, strict=True):
        assert snap.unit.name == row["TEN"]
        assert snap.unit.level is LEVELS[row["LOAI_COQUAN"]]
        assert snap.unit.code == row["MA_COQUAN"].removeprefix("000.00.00.")
        assert snap.total == Decimal(row["TONG_SCORE"])
        assert snap.rank == int(row["ROW_STT"])
        assert snap.period == expected_period(path, sheet)
        values = {c.component: c.value for c in snap.components or ()}
        for code, key in PLAIN.items():
            assert values[key] == Decimal(row[code]), (row["TEN"], code)
        pair = sorted(values[k] for k in ("dvc_truc_tuyen", "thanh_toan"))
        assert pair == sorted(Decimal(row[c]) for c in AMBIGUOUS)


@pytest.mark.parametrize("path", [CONSISTENT, BROKEN], ids=lambda p: p.name[-15:-5])
def test_provinces_are_kept_apart_by_period(path: Path, parsed: dict[Path, Records]) -> None:
    provinces = [s for s in parsed[path].scores if s.unit.level is Level.PROVINCE]
    year = {r["TEN"]: Decimal(r["TONG_SCORE"]) for r in sheet_rows(path, "Điểm năm")}
    month = {r["TEN"]: Decimal(r["TONG_SCORE"]) for r in sheet_rows(path, "Điểm tháng")}
    assert len(provinces) == len(year) + len(month) == 68
    day = created(path)
    for periods, stated in ((Period.of_year(day.year), year), (Period.of_month(2025, 10), month)):
        got = {s.unit.name: s.total for s in provinces if s.period == periods}
        assert got == stated
        assert {s.rank_of for s in provinces if s.period == periods} == {34}


@pytest.mark.parametrize("path", [CONSISTENT, BROKEN], ids=lambda p: p.name[-15:-5])
def test_the_province_s_units_are_resolved(path: Path, parsed: dict[Path, Records]) -> None:
    rows = sheet_rows(path, "Sở Ban") + sheet_rows(path, "Xã Phường")
    units = [
        s.unit for s in parsed[path].scores if s.unit.level in (Level.DEPARTMENT, Level.COMMUNE)
    ]
    suffixed = [r["TEN"] for r in rows if r["TEN"].endswith(" - tỉnh An Giang")]
    assert len(suffixed) == len(rows) - 1  # all but 'Thanh tra tỉnh An Giang'
    assert [u.key for u in units] == [f"an-giang/{slug(r['TEN'])}" for r in rows]
    assert {u.province for u in units} == {"an-giang"}
    assert len({u.key for u in units}) == len(rows)


@pytest.mark.parametrize("path", [CONSISTENT, BROKEN], ids=lambda p: p.name[-15:-5])
def test_trend_sheets_are_metrics_or_counted_as_unread(
    path: Path, parsed: dict[Path, Records]
) -> None:
    records = parsed[path]
    unread = [f.message for f in records.findings if f.check == "unrecognized-table"]
    for sheet in TREND_SHEETS:
        rows = sheet_rows(path, sheet)
        header = list(rows[0])
        as_metrics = [m for m in records.metrics if m.source and m.source.sheet == sheet]
        counted = [m for m in unread if f"{header}" in m and f"its {len(rows)} rows" in m]
        assert len(as_metrics) == len(rows) or len(counted) == 1, (sheet, unread)
    assert not [f for f in records.findings if f.check == "skipped-row"]


def combined_ranks(path: Path) -> tuple[list[int], list[int], int]:
    """The agencies' and communes' ROW_STT as one ranking: ranks stated twice, ranks missing,
    and the number of units."""
    ranks = Counter(int(r["ROW_STT"]) for s in ("Sở Ban", "Xã Phường") for r in sheet_rows(path, s))
    n = sum(ranks.values())
    twice = sorted(r for r, c in ranks.items() if c > 1)
    return twice, [r for r in range(1, n + 1) if r not in ranks], n


def test_the_16_10_workbook_ranks_two_periods_as_one(parsed: dict[Path, Records]) -> None:
    twice, missing, n = combined_ranks(BROKEN)
    assert (len(twice), len(missing), n) == (7, 7, 117)  # what the README describes
    [finding] = [f for f in parsed[BROKEN].findings if f.check == "broken-ranking"]
    assert finding.severity is idx766.model.Severity.ERROR
    assert f"({', '.join(map(str, twice))})" in finding.message
    assert f"({', '.join(map(str, missing))})" in finding.message
    assert "'Sở Ban'" in finding.message and "'Xã Phường'" in finding.message
    # no ranking size is invented for a broken ranking
    units = [s for s in parsed[BROKEN].scores if s.unit.level is not Level.PROVINCE]
    assert {s.rank_of for s in units} == {None}


def test_the_11_10_workbook_holds_one_ranking_of_117(parsed: dict[Path, Records]) -> None:
    twice, missing, n = combined_ranks(CONSISTENT)
    assert (twice, missing, n) == ([], [], 117)
    assert not [f for f in parsed[CONSISTENT].findings if f.check == "broken-ranking"]
    units = [s for s in parsed[CONSISTENT].scores if s.unit.level is not Level.PROVINCE]
    assert len(units) == n and {s.rank_of for s in units} == {n}
