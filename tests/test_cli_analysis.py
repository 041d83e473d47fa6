"""The computing commands: rank, diff and pakn, as a user runs them."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from idx766.cli import main
from seed_expect import component_rows

HERE = Path(__file__).parent
WEEKLY = HERE / "fixtures" / "docx" / "001-bao-cao-tuan-21-2026.docx"
GIA_LAI = HERE / "portal" / "Crawler-766" / "data" / "gia_lai"


def test_rank_reproduces_the_department_ranking(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rank", str(WEEKLY), "--level", "department", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    departments = [r for r in component_rows("001") if r["of"] == 13]
    assert [(r["unit"], r["rank"]) for r in rows] == [
        (d["name"], d["position"]) for d in departments
    ]
    assert set(rows[0]["component_ranks"]) == {
        "cong_khai",
        "tien_do",
        "dvc_truc_tuyen",
        "thanh_toan",
        "hai_long",
        "so_hoa",
    }


def test_rank_ties_share_a_rank(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rank", str(WEEKLY), "--level", "commune", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_total: dict[float, set[int]] = {}
    for r in rows:
        by_total.setdefault(r["total"], set()).add(r["rank"])
    assert all(len(ranks) == 1 for ranks in by_total.values())
    assert len(rows) == 92


def test_diff_between_two_days_of_portal_data(capsys: pytest.CaptureFixture[str]) -> None:
    old, new = GIA_LAI / "agencies_GiaLai_02102026.json", GIA_LAI / "agencies_GiaLai_09102026.json"
    assert main(["diff", str(old), str(new), "--format", "json"]) == 0
    rows = [r for r in json.loads(capsys.readouterr().out) if r["component"] is None]
    before = {a["departmentCode"]: a for a in json.loads(old.read_text("utf-8"))["agencies"]}
    after = {a["departmentCode"]: a for a in json.loads(new.read_text("utf-8"))["agencies"]}
    names = {a["departmentName"]: code for code, a in after.items()}
    departments = [r for r in rows if r["level"] == "department"]
    assert len(departments) == 14
    for r in departments:
        code = names[r["unit"]]
        expected = Decimal(str(after[code]["totalScore"])) - Decimal(
            str(before[code]["totalScore"])
        )
        assert Decimal(str(r["delta"])) == expected
        assert (r["from"], r["to"]) == ("2026-10-02", "2026-10-09")


def test_pakn_deadlines(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["pakn", str(WEEKLY), "--as-of", "2026-05-25", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 15
    assert all(r["due"] > r["received_on"] for r in rows)
    out = tmp_path / "pakn.parquet"
    assert (
        main(["pakn", str(WEEKLY), "--as-of", "2026-05-25", "--format", "parquet", "-o", str(out)])
        == 0
    )
    assert pl.read_parquet(out).height == 15
    assert main(["pakn", str(WEEKLY), "--as-of", "2026-05-25", "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 16  # header and 15 rows
