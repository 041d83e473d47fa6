"""One fact stated twice in one document: with one value it is one record with both sources;
with two values it is a ``cross-table-conflict`` naming both, in every format (issue 15).

The documents are written here (tests/table_render.py) as DOCX, XLSX, CSV and, when LibreOffice
is installed, PDF; the portal's JSON states a province's figures twice (the ranking and the
``dakLak`` block), edited here to disagree.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import idx766
from idx766.model import Records
from table_render import Doc, can_make_pdf, to_pdfs, write_csv, write_docx, write_xlsx

TITLE = ("UBND TỈNH THÁI NGUYÊN", "BÁO CÁO CHỈ SỐ 766 TUẦN 21", "Số liệu ngày 25/05/2026")
CHANGE = ("TT", "Sở/ngành", "Từ 18/5", "Đến 25/5", "Biến động")
SCORE = ("TT", "Sở, ban, ngành của tỉnh", "Tổng điểm")
OVERDUE = ("STT", "Tên cơ quan/địa phương", "Số hồ sơ quá hạn")

# kind: (the two tables with the fact stated consistently, the same with a second value,
#        the unit, how to get the stated value of a record, the values stated)
CASES: dict[str, tuple[Doc, Doc, str, Callable[[Any], object], tuple[object, object]]] = {
    "change": (
        Doc(
            TITLE,
            (
                (CHANGE, ("1", "Sở Y tế", "95,58", "95,59", "+0,01")),
                (CHANGE, ("1", "Sở Y tế", "95,58", "95,59", "+0,01")),
            ),
        ),
        Doc(
            TITLE,
            (
                (CHANGE, ("1", "Sở Y tế", "95,58", "95,59", "+0,01")),
                (CHANGE, ("1", "Sở Y tế", "95,50", "95,59", "+0,09")),
            ),
        ),
        "Sở Y tế",
        lambda c: (c.before, c.delta),
        ((Decimal("95.58"), Decimal("0.01")), (Decimal("95.50"), Decimal("0.09"))),
    ),
    "score": (
        Doc(TITLE, ((SCORE, ("1", "Sở Nội vụ", "95,39")), (SCORE, ("1", "Sở Nội vụ", "95,39")))),
        Doc(TITLE, ((SCORE, ("1", "Sở Nội vụ", "95,39")), (SCORE, ("1", "Sở Nội vụ", "95,93")))),
        "Sở Nội vụ",
        lambda s: s.total,
        (Decimal("95.39"), Decimal("95.93")),
    ),
    "overdue": (
        Doc(TITLE, ((OVERDUE, ("1", "Sở Tư pháp", "29")), (OVERDUE, ("1", "Sở Tư pháp", "29")))),
        Doc(TITLE, ((OVERDUE, ("1", "Sở Tư pháp", "29")), (OVERDUE, ("1", "Sở Tư pháp", "31")))),
        "Sở Tư pháp",
        lambda o: o.count,
        (29, 31),
    ),
}
RECORDS = {"change": "changes", "score": "scores", "overdue": "overdue"}
WRITERS: dict[str, Callable[[Doc, Path], Path]] = {
    ".docx": write_docx,
    ".xlsx": write_xlsx,
    ".csv": write_csv,
}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, bool], Path]:
    """Every case as a PDF, converted in one LibreOffice call."""
    if not can_make_pdf():
        pytest.skip(
            "LibreOffice (soffice) renders these PDFs and is not installed; the committed "
            "LibreOffice fixtures are read in test_pdf.py without it"
        )
    out = tmp_path_factory.mktemp("pdf")
    docs = {
        (kind, conflict): write_docx(CASES[kind][int(conflict)], out / f"{kind}-{conflict}.docx")
        for kind in CASES
        for conflict in (False, True)
    }
    return dict(zip(docs, to_pdfs(list(docs.values()), out), strict=True))


def _parse(kind: str, conflict: bool, suffix: str, tmp_path: Path, request: Any) -> Records:
    if suffix == ".pdf":
        return idx766.parse(request.getfixturevalue("pdfs")[(kind, conflict)])
    doc = CASES[kind][int(conflict)]
    return idx766.parse(WRITERS[suffix](doc, tmp_path / f"{kind}{suffix}"))


def _stated(records: Records, kind: str, unit: str) -> list[Any]:
    return [r for r in getattr(records, RECORDS[kind]) if r.unit.name == unit]


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".csv", ".pdf"])
@pytest.mark.parametrize("kind", sorted(CASES))
def test_two_values_of_one_fact_are_a_conflict(
    kind: str, suffix: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    records = _parse(kind, True, suffix, tmp_path, request)
    _, _, unit, value, (first, second) = CASES[kind]
    [record] = _stated(records, kind, unit)
    assert value(record) == first  # the first statement is kept...
    assert len(record.sources) == 2  # ...with both places
    conflicts = [f for f in records.findings if f.check == "cross-table-conflict"]
    assert conflicts and all(unit in f.message for f in conflicts)
    stated = [first, second] if isinstance(first, tuple) else [(first,), (second,)]
    assert isinstance(second, tuple) or len(conflicts) == 1
    for a, b in zip(*stated, strict=True):  # each field that differs is named with both values
        if a != b:
            assert any(f"{a} in" in f.message and f"{b} in" in f.message for f in conflicts)
    places = {str(p.table) for p in record.sources if p.table is not None}
    if suffix != ".csv":  # two tables; a CSV holds one, where the fact is two rows of it
        assert places == {"0", "1"}


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".csv", ".pdf"])
@pytest.mark.parametrize("kind", sorted(CASES))
def test_one_value_stated_twice_is_one_record(
    kind: str, suffix: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    records = _parse(kind, False, suffix, tmp_path, request)
    _, _, unit, value, (first, _) = CASES[kind]
    [record] = _stated(records, kind, unit)
    assert value(record) == first and len(record.sources) == 2
    assert not [f for f in records.findings if f.check == "cross-table-conflict"]


RANKING = (
    Path(__file__).parent / "portal" / "766-Analyze" / "data" / "provinces" / "2026-10-06.json"
)


@pytest.mark.parametrize("where", ["dakLak", "provinces"])
def test_portal_json_stating_a_score_twice(where: str, tmp_path: Path) -> None:
    """The ranking states Đắk Lắk's figures in its list and again in its ``dakLak`` block;
    a list can also hold a province twice."""
    data = json.loads(RANKING.read_text(encoding="utf-8"))
    [listed] = [
        p for p in data["provinces"] if p["departmentCode"] == data["dakLak"]["departmentCode"]
    ]
    stated = Decimal(str(listed["totalScore"]))
    if where == "dakLak":
        data["dakLak"]["totalScore"] = float(stated - 1)
    else:
        data["provinces"].append({**listed, "totalScore": float(stated - 1)})
    path = tmp_path / RANKING.name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    records = idx766.parse(path)
    [snap] = [s for s in records.scores if s.unit.name == listed["departmentName"]]
    # the list's row, the dakLak block (and the second row)
    assert snap.total == stated and len(snap.sources) == (2 if where == "dakLak" else 3)
    [conflict] = [f for f in records.findings if f.check == "cross-table-conflict"]
    assert listed["departmentName"] in conflict.message
    assert f"{stated} in" in conflict.message and f"{stated - 1} in" in conflict.message
    unedited = idx766.parse(RANKING)
    assert not [f for f in unedited.findings if f.check == "cross-table-conflict"]
