"""The weekly report written from data, checked against documents nobody here wrote.

* week 21 (seed 001): from the bundled fixture's own records (its 25/5 tables, and the 18/5
  values its change tables give), the generated report reproduces the seed's departments
  table and its top-10 and bottom-10 communes: same units, same figures, same tie at the cut.
  The expected rows come from the seed text through ``tests/seedtext.py``;
* Gia Lai (real portal files): ``idx766 report`` of two days of agency data and the national
  ranking writes a report whose parse gives back the portal's figures (read here from the JSON
  with the standard library) and in which ``idx766 check`` finds no error;
* the commendation letter, the chat bulletin, the workbook, the panel mode and the errors of
  the command; the PDF LibreOffice prints of a report reads back the same (where installed).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import polars as pl
import pytest
from python_calamine import CalamineWorkbook

from report_support import change_facts, dec, errors, score_facts

try:
    import seedtext as s
except ModuleNotFoundError:  # pragma: no cover - when tests/ is imported as a package
    from tests import seedtext as s  # type: ignore[no-redef]

import idx766
from idx766.cli import main
from idx766.report import (
    changes_as_scores,
    chat_text,
    report_data,
    weekly_data,
    write_docx,
)
from idx766.units import default_registry, resolve

TESTS = Path(__file__).parent
WEEK21 = TESTS / "fixtures" / "docx" / "001-bao-cao-tuan-21-2026.docx"
GIA_LAI = TESTS / "portal" / "Crawler-766" / "data" / "gia_lai"
OLD = GIA_LAI / "agencies_GiaLai_02102026.json"
NEW = GIA_LAI / "comparison_GiaLai_09102026.json"
NEW_STALE = GIA_LAI / "agencies_GiaLai_09102026.json"
RANKING = TESTS / "portal" / "766-Analyze" / "data" / "provinces" / "2026-10-06.json"
CHANGE_HEADER = ["TT", "{unit}", "Từ 18/5", "Đến 25/5", "Biến động"]
GROUP_CODES = {"CKMB": "cong_khai", "TDGQ": "tien_do", "CLGQ": "dvc_truc_tuyen"}
GROUP_CODES |= {"ONLINE": "dvc_truc_tuyen", "TTTT": "thanh_toan", "MDHL": "hai_long"}
GROUP_CODES |= {"MDSH": "so_hoa"}


def _key(name: str, province: str) -> str:
    """The registry key of a printed unit name (spellings differ between the seed's tables)."""
    found = resolve(default_registry(), name, province=province)
    assert found.unit is not None, name
    return found.unit.key


def _docx_tables(path: Path) -> list[list[list[str]]]:
    return [
        [[c.text for c in row.cells] for row in t.rows] for t in docx.Document(str(path)).tables
    ]


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


# --- week 21 ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def week21(tmp_path_factory: pytest.TempPathFactory) -> Path:
    records = idx766.parse(WEEK21)
    frames = idx766.to_frames(records)
    scores = pl.concat([frames["scores"], changes_as_scores(frames["changes"])])
    data = weekly_data(
        scores,
        before=date(2026, 5, 18),
        after=date(2026, 5, 25),
        overdue=frames["overdue"],
        pakn=frames["pakn"],
    )
    path = tmp_path_factory.mktemp("week21") / "bao-cao-tuan-21.docx"
    write_docx(data, path)
    return path


def _seed_change_tables() -> dict[str, list[list[str]]]:
    doc = s.read_seed(s.seed_path("001"))
    tables = [b for b in s.join_page_breaks(doc.blocks) if isinstance(b, s.Table)]
    departments = [CHANGE_HEADER[0], "Sở/ngành", *CHANGE_HEADER[2:]]
    communes = [CHANGE_HEADER[0], "Xã/phường", *CHANGE_HEADER[2:]]
    [dep] = [t.data for t in tables if t.rows[0] == departments]
    leaders, laggards, _gainers = [t.data for t in tables if t.rows[0] == communes]
    appendix = [t for t in tables if t.rows[0][:2] == ["TT", "Xã/phường"] and t.width == 9]
    return {"departments": dep, "leaders": leaders, "laggards": laggards, "all": appendix[0].data}


def _same_rows(got: list[list[str]], want: list[list[str]]) -> None:
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert g[0] == w[0]  # the row number
        assert _key(g[1], "thai-nguyen") == _key(w[1], "thai-nguyen"), (g[1], w[1])
        assert [dec(c) for c in g[2:]] == [dec(c) for c in w[2:]], (g, w)


def test_week21_reproduces_the_departments_and_the_top_and_bottom_ten(week21: Path) -> None:
    seed = _seed_change_tables()
    tables = _docx_tables(week21)
    departments = [
        t for t in tables if t[0] == ["TT", "Sở/ngành", "Từ 18/5", "Đến 25/5", "Biến động"]
    ]
    communes = [
        t for t in tables if t[0] == ["TT", "Xã/phường", "Từ 18/5", "Đến 25/5", "Biến động"]
    ]
    assert len(departments) == 1 and len(communes) == 3
    _same_rows(departments[0][1:], seed["departments"])
    _same_rows(communes[0][1:], seed["leaders"])
    _same_rows(communes[1][1:], seed["laggards"])


def test_week21_cuts_the_tie_where_the_seed_does_and_says_so(week21: Path) -> None:
    seed = _seed_change_tables()
    listed = {_key(r[1], "thai-nguyen") for r in seed["laggards"]}
    cut = max(dec(r[3]) for r in seed["laggards"])
    left_out = [
        r[1] for r in seed["all"] if dec(r[8]) == cut and _key(r[1], "thai-nguyen") not in listed
    ]
    assert left_out == ["UBND xã Nghĩa Tá"]  # 97,32 like La Bằng and Trại Cau, 82nd
    notes = [p for p in _paragraphs(week21) if p.startswith("Ghi chú:")]
    assert len(notes) == 1 and "Nghĩa Tá" in notes[0] and "97,32" in notes[0]
    # the top 10 ends at 97,84 (three units), the 11th has 97,81: no tie at that cut
    assert {dec(r[8]) for r in seed["all"][9:11]} == {Decimal("97.84"), Decimal("97.81")}


def test_week21_report_reads_back_its_groups_and_has_no_error(week21: Path) -> None:
    seed = _seed_change_tables()
    parsed = idx766.parse(week21)
    assert errors(parsed) == []
    groups: dict[str, set[str]] = {}
    for snap in parsed.scores:
        for g in snap.groups:
            groups.setdefault(g, set()).add(snap.unit.key)
    assert groups["leaders"] == {_key(r[1], "thai-nguyen") for r in seed["leaders"]}
    assert groups["laggards"] == {_key(r[1], "thai-nguyen") for r in seed["laggards"]}
    assert parsed.document.week == 21
    assert (parsed.document.period_start, parsed.document.period_end) == (
        date(2026, 5, 18),
        date(2026, 5, 25),
    )


def test_week21_headline_sentences_follow_the_seed(week21: Path) -> None:
    doc = s.read_seed(s.seed_path("001"))
    texts = [p.text for p in s.paragraphs(doc)]
    seed_counts = next(t for t in texts if t.startswith("Kết quả xếp hạng các sở"))
    got = _paragraphs(week21)
    # "Trong 13 sở, ban, ngành, có 10 đơn vị tăng điểm, 01 đơn vị giữ nguyên điểm số và 02 đơn
    # vị giảm điểm so với ngày 18/5/2026."
    sentence = seed_counts.split(". ", 1)[1]
    assert sentence in got
    headline = next(p for p in got if p.startswith("Trong kỳ báo cáo từ ngày 18/5/2026"))
    assert "đạt 96,77/100 điểm, xếp thứ 05/34 tỉnh, thành phố" in headline
    assert (
        "tăng 0,05 điểm so với thời điểm ngày 18/5/2026 (từ 96,72 điểm lên 96,77 điểm)" in headline
    )
    assert "giữ nguyên thứ hạng 05/34 tỉnh, thành phố" in headline
    seed_components = next(t for t in texts if t.startswith("Về các chỉ số thành phần"))
    for phrase in (
        "Số hóa hồ sơ tăng 0,03 điểm, từ 20,96 điểm lên 20,99/22 điểm",
        "Công khai, minh bạch đạt 18/18 điểm",
    ):
        assert phrase in seed_components
        assert any(phrase in p for p in got)
    seed_list = next(t for t in texts if t.startswith("Trong kỳ đánh giá từ ngày 18/5/2026"))
    counted = (
        "03/06 chỉ số thành phần tăng điểm là Số hóa hồ sơ, Tiến độ giải quyết và Mức độ hài lòng"
    )
    assert counted in seed_list
    assert any(counted in p for p in got)
    # the communes: the laggards one by one, ties together in the list's order, and the counts
    seed_laggards = next(t for t in texts if t.startswith("Trong kỳ đánh giá, nhóm 10 xã"))
    clause = seed_laggards.split("Trong nhóm này, ", 1)[1].split(". ", 1)[0]
    assert any(clause in p for p in got)
    seed_leaders = next(t for t in texts if t.startswith("Nhóm 10 xã, phường dẫn đầu"))
    counts = "So với ngày 18/5/2026, trong nhóm 10 xã, phường dẫn đầu có 07 đơn vị tăng điểm"
    assert counts in seed_leaders
    assert any(counts in p for p in got)
    overdue = next(p for p in got if p.startswith("- Hồ sơ quá hạn"))
    assert "811 hồ sơ, trong đó Sở Nông nghiệp và Môi trường có 519 hồ sơ" in overdue


# --- Gia Lai --------------------------------------------------------------------------------


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def _short(name: str) -> str:
    return name.removesuffix(" - tỉnh Gia Lai")


def _portal_units(path: Path) -> dict[str, dict[str, Any]]:
    """The units of a Crawler-766 file by printed name (short): total, groups, rank."""
    data = _json(path)
    rows = data.get("units") or data["agencies"]
    out = {}
    for u in rows:
        out[_short(u["departmentName"])] = {
            "total": u.get("currentScore", u.get("totalScore")),
            "components": {GROUP_CODES[k]: v for k, v in u["groupScores"].items()},
            "rank": u["groupRank"],
            "level": "department" if u["childGroup"] == "AGENCY" else "commune",
        }
    return out


def _by_name(parsed: idx766.Records, day: date) -> dict[str, Any]:
    return {
        name: snap
        for snap in parsed.scores
        if snap.as_of == day and snap.period is None
        for name in snap.names
    }


@pytest.fixture(scope="module")
def gia_lai(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gia-lai") / "bao-cao-gia-lai.docx"
    code = main(["report", str(OLD), str(NEW), "--with", str(RANKING), "-o", str(out)])
    assert code == 0
    return out


def test_gia_lai_report_gives_back_the_portal_figures(gia_lai: Path) -> None:
    parsed = idx766.parse(gia_lai)
    assert errors(parsed) == []
    after, before = date(2026, 10, 9), date(2026, 10, 2)
    units = _portal_units(NEW)
    got = _by_name(parsed, after)
    counts = {"department": 14, "commune": 135}
    for name, want in units.items():
        snap = got[name]
        assert snap.total == want["total"], name
        assert {c.component: c.value for c in snap.components or ()} == want["components"]
        assert (snap.rank, snap.rank_of) == (want["rank"], counts[want["level"]]), name
    assert sum(counts.values()) == len(units) == 149
    # the province on 9/10 and its change since 2/10
    overview = _json(NEW)["overview"]
    province = next(s for s in parsed.scores if s.unit.key == "gia-lai" and s.as_of == after)
    assert province.total == overview["currentScore"]
    assert {c.component: c.value for c in province.components or ()} == {
        GROUP_CODES[k]: v for k, v in overview["groupScores"].items()
    }
    changes = change_facts(parsed.changes)
    earlier = _json(OLD)["overview"]
    assert changes[("gia-lai", None, before, after)]["before"] == earlier["totalScore"]
    # every department's change from 2/10 to 9/10
    old_units = _portal_units(OLD)
    by_unit = {c.unit.name: c for c in parsed.changes if c.component is None and c.unit.level}
    for name, want in units.items():
        if want["level"] != "department":
            continue
        change = by_unit[name]
        assert (change.before, change.after) == (old_units[name]["total"], want["total"])
        assert change.delta == want["total"] - old_units[name]["total"]
    # the national ranking of 6/10: the first three and two on each side of Gia Lai (4th)
    ranking = {p["departmentCode"]: p for p in _json(RANKING)["provinces"]}
    shown = [s for s in parsed.scores if s.as_of == date(2026, 10, 6)]
    assert sorted(s.rank for s in shown) == [1, 2, 3, 4, 5, 6]
    for snap in shown:
        assert snap.unit.code is not None
        assert snap.total == ranking[snap.unit.code]["totalScore"]
        assert snap.rank == ranking[snap.unit.code]["rank"]


def test_gia_lai_leaders_and_laggards_are_the_portals_first_and_last_ten(gia_lai: Path) -> None:
    parsed = idx766.parse(gia_lai)
    communes = sorted(
        ((v["rank"], n) for n, v in _portal_units(NEW).items() if v["level"] == "commune")
    )
    groups = {
        g: {s.names[0] for s in parsed.scores if g in s.groups} for g in ("leaders", "laggards")
    }
    assert groups["leaders"] == {n for _, n in communes[:10]}
    assert groups["laggards"] == {n for _, n in communes[-10:]}


def test_gia_lai_stale_totals_are_printed_as_given_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """agencies_GiaLai_09102026.json holds totals that are not the sum of their components
    (portal/README.md): the report prints them as the portal gives them, the command names them
    on stderr and exits 1, and checking the report finds exactly those units, no other."""
    out = tmp_path / "stale.docx"
    code = main(["report", str(OLD), str(NEW_STALE), "--with", str(RANKING), "-o", str(out)])
    assert code == 1
    stale = set()
    for u in _json(NEW_STALE)["agencies"]:
        if sum(u["groupScores"].values()) != u["totalScore"]:
            stale.add(_short(u["departmentName"]))
    assert len(stale) == 8
    err = capsys.readouterr().err
    assert err.count("input: component-sum-equals-total") == 8
    found = errors(idx766.parse(out))
    assert len(found) == 8
    assert {line.split(": ")[1] for line in found} == stale


# --- the other templates, the workbook, the command --------------------------------------


@pytest.fixture(scope="module")
def gia_lai_data() -> Any:
    return report_data([idx766.parse(OLD)], [idx766.parse(NEW)], extra=[idx766.parse(RANKING)])


def test_commendation_letter_reads_back_as_leaders_and_laggards(
    gia_lai_data: Any, tmp_path: Path
) -> None:
    path = write_docx(gia_lai_data, tmp_path / "bieu-duong.docx", template="commendation")
    parsed = idx766.parse(path)
    assert parsed.document.kind.value == "commendation"
    assert errors(parsed) == []
    units = _portal_units(NEW)
    by_level: dict[str, list[tuple[int, str]]] = {}
    for name, v in units.items():
        by_level.setdefault(v["level"], []).append((v["rank"], name))
    want = {
        ("leaders", "department"): {n for _, n in sorted(by_level["department"])[:5]},
        ("laggards", "department"): {n for _, n in sorted(by_level["department"])[-5:]},
        ("leaders", "commune"): {n for _, n in sorted(by_level["commune"])[:10]},
        ("laggards", "commune"): {n for _, n in sorted(by_level["commune"])[-10:]},
    }
    for (group, level), names in want.items():
        got = {
            s.names[0]: s.total
            for s in parsed.scores
            if group in s.groups and s.unit.level is not None and s.unit.level.value == level
        }
        assert set(got) == names, (group, level)
        assert all(got[n] == units[n]["total"] for n in names)
    text = "\n".join(_paragraphs(path))
    assert "tỉnh Gia Lai đạt 66,14/100 điểm, tăng 0,67 điểm so với thời điểm ngày 2/10/2026" in text


def test_chat_bulletin(gia_lai_data: Any) -> None:
    text = chat_text(gia_lai_data)
    lines = text.splitlines()
    assert lines[0] == "CHỈ SỐ 766 - TUẦN 41, TỪ 2/10/2026 ĐẾN 9/10/2026"
    assert lines[1] == (
        "Tỉnh Gia Lai đạt 66,14/100 điểm, tăng 0,67 điểm; xếp thứ 04/34 tỉnh, thành phố "
        "(ngày 6/10/2026)."
    )
    assert "Sở, ban, ngành (14 đơn vị): có 08 đơn vị tăng điểm" in text
    assert lines[-1] == "Nguồn: Cổng Dịch vụ công quốc gia, ngày 9/10/2026."
    assert all(len(line) < 1000 for line in lines) and "\t" not in text


def test_xlsx_companion_holds_the_tables(tmp_path: Path) -> None:
    book = tmp_path / "bao-cao.xlsx"
    out = tmp_path / "bao-cao.docx"
    assert main(["report", str(OLD), str(NEW), "-o", str(out), "--xlsx", str(book)]) == 0
    workbook = CalamineWorkbook.from_path(str(book))
    names = workbook.sheet_names
    assert {"Tỉnh Gia Lai", "Xếp hạng - Sở, ban, ngành", "Xếp hạng - Xã, phường"} <= set(names)
    assert {"Dẫn đầu - Xã, phường", "Cần cải thiện - Xã, phường"} <= set(names)
    rows = workbook.get_sheet_by_name("Xếp hạng - Sở, ban, ngành").to_python()
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[:5] == ["Hạng", "Đơn vị", "Trước", "Sau", "Tăng/giảm"]
    units = _portal_units(NEW)
    assert first["Đơn vị"] == "Sở Văn hóa, Thể thao và Du lịch"
    assert Decimal(str(first["Sau"])) == units[first["Đơn vị"]]["total"]
    assert len(rows) == 1 + 14


def test_report_from_a_panel(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for path in (OLD, NEW):
        shutil.copy(path, archive / path.name)
    panel = tmp_path / "panel"
    assert main(["ingest", str(archive), "-o", str(panel), "--jobs", "1"]) == 0
    out = tmp_path / "panel-report.docx"
    code = main(
        [
            "report",
            "--panel",
            str(panel),
            "--from",
            "2026-10-02",
            "--to",
            "2026-10-09",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    from_files = tmp_path / "files-report.docx"
    assert main(["report", str(OLD), str(NEW), "-o", str(from_files)]) == 0
    assert score_facts(idx766.parse(out).scores) == score_facts(idx766.parse(from_files).scores)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["report", str(NEW), str(OLD), "-o", "x.docx"], "must come before"),
        (["report", str(OLD), "-o", "x.docx"], "give OLD and NEW files"),
        (["report", str(OLD), str(NEW)], "needs -o FILE.docx"),
        (["report", "--panel", "p", "--from", "2026-10-02"], "--panel takes --from"),
    ],
)
def test_report_command_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = [str(tmp_path / a) if a == "x.docx" else a for a in argv]
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_chat_template_prints(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(OLD), str(NEW), "--template", "chat"]) == 0
    assert capsys.readouterr().out.startswith("CHỈ SỐ 766 - TUẦN 41")


def test_same_data_same_bytes(gia_lai_data: Any, tmp_path: Path) -> None:
    a = write_docx(gia_lai_data, tmp_path / "a.docx").read_bytes()
    b = write_docx(gia_lai_data, tmp_path / "b.docx").read_bytes()
    assert a == b


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice prints the generated report to PDF and is not installed; the report's "
    "DOCX is read back in the other tests of this module",
)
def test_the_pdf_print_reads_back_the_same(gia_lai: Path, tmp_path: Path) -> None:
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(gia_lai)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = tmp_path / gia_lai.with_suffix(".pdf").name
    from_docx = score_facts(idx766.parse(gia_lai).scores)
    from_pdf = score_facts(idx766.parse(pdf).scores)
    assert from_pdf == from_docx
    assert errors(idx766.parse(pdf)) == []


def test_seed_layout_is_shared_with_the_fixtures() -> None:
    """The fixture generator draws with the report's layout module (one renderer)."""
    source = (TESTS / "fixtures" / "make_docx.py").read_text(encoding="utf-8")
    assert "from idx766.report import docx_layout" in source
    assert sys.modules.get("idx766.report.docx_layout") is not None
