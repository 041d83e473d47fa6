"""``idx766 recompute``, ``whatif`` and ``goal`` as a user runs them, checked on the files and
against the oracle (tests/score_oracle.py), never against idx766's own output."""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

import idx766
import idx766.cli.score
from idx766.cli import main
from idx766.cli.common import Parsed
from portal_expect import FILES, FIXTURES, MANIFEST, raw, units_of
from score_oracle import as_decimal, changed, rank, smallest, total, world
from score_support import parsed

YEAR = [p for p in FILES if p.stem == "year-all"]
RANKING = (
    Path(__file__).parent / "portal" / "766-Analyze" / "data" / "provinces" / "2026-10-06.json"
)
WEEKLY = Path(__file__).parent / "fixtures" / "docx" / "001-bao-cao-tuan-21-2026.docx"


@pytest.fixture(autouse=True)
def in_process(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files read once, in this process (the worker pool is tested with the other commands
    and by the one test marked ``workers`` here)."""
    if "workers" in request.keywords:
        return

    def parse_all(files: Sequence[str], args: argparse.Namespace, what: str) -> Parsed:
        return Parsed(records=[parsed(Path(f)) for f in files])

    monkeypatch.setattr(idx766.cli.score, "parse_all", parse_all)


def _unit(name: str) -> tuple[str, dict[str, dict[str, object]]]:
    units = world("year")
    for unit_id, unit in units.items():
        if unit["dvc-progress-tree"]["departmentName"] == name:
            return unit_id, unit
    raise KeyError(name)


@pytest.mark.workers
def test_recompute_every_group_of_the_year(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recompute", *map(str, YEAR), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out, parse_float=Decimal)
    # five groups of 164 units and the root's online services (every file: test_score_recompute)
    assert len(rows) == 5 * 164 + 1
    payment = {r["unit"]: r for r in rows if r["group"] == "thanh_toan"}
    published = {
        u["departmentName"]: u["totalScore"]
        for u in units_of(FIXTURES / "formality-online-payment-tree" / "year-all.json")
    }
    assert {u: r["published"] for u, r in payment.items()} == published
    chan_mong = payment["UBND xã Chân Mộng"]  # the half cent the portal rounds down
    assert (chan_mong["published"], chan_mong["recomputed"], chan_mong["status"]) == (
        Decimal("7.22"),
        Decimal("7.23"),
        "within 0.01",
    )
    parts = {c["component"]: c for c in chan_mong["components"]}
    procedures = parts["PAYMENT_PROCEDURES"]
    assert (procedures["numerator"], procedures["denominator"]) == (18, 40)


@pytest.mark.parametrize("path", [RANKING, WEEKLY], ids=["ranking", "weekly-report"])
def test_recompute_without_inputs_says_so_in_one_line(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["recompute", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "no score inputs" in out
    assert main(["recompute", str(path), "--fail-without-inputs"]) == 1
    assert main(["recompute", str(path), "--format", "json"]) == 0
    assert "no score inputs" in json.loads(capsys.readouterr().out.splitlines()[-1])["message"]


def test_recompute_one_unit_explains_each_component(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recompute", *map(str, YEAR), "--unit", "Chân Mộng"]) == 0
    out = capsys.readouterr().out
    for text in ("PAYMENT_PROCEDURES", "min(2, 2 × n/d ÷ 0.8)", "1,1250", "1,13", "5,5951"):
        assert text in out


def test_recompute_to_xlsx(tmp_path: Path) -> None:
    target = tmp_path / "recompute.xlsx"
    assert main(["recompute", *map(str, YEAR), "--format", "xlsx", "-o", str(target)]) == 0
    book = CalamineWorkbook.from_path(str(target))
    assert book.sheet_names == ["groups", "components"]
    groups = book.get_sheet_by_name("groups").to_python()
    assert groups[0][:4] == ["Kỳ", "Đơn vị", "Mã đơn vị", "Chỉ số thành phần"]
    assert len(groups) == 1 + 5 * 164 + 1


def test_whatif_is_the_oracle(capsys: pytest.CaptureFixture[str]) -> None:
    unit_id, unit = _unit("UBND xã Dũng Tiến")
    args = ["whatif", *map(str, FILES), "--period", "2026", "--unit", "dung tien"]
    assert main([*args, "--change", "ho-so-dung-han=+50", "--format", "json"]) == 0
    answer = json.loads(capsys.readouterr().out, parse_float=Decimal)
    after = total(changed(unit, "ho-so-dung-han", 50))
    assert answer["total"] == as_decimal(total(unit))
    assert answer["total_after"] == as_decimal(after)
    assert answer["rank_after"] == rank(world("year"), unit_id, after)
    assert answer["rank"] == rank(world("year"), unit_id, total(unit))
    moved = {c["component"] for c in answer["components"]}
    assert moved == {"DOSSIER_ON_TIME", "DOSSIER_RECEIVING_SATISFACTION"}  # the coupling


def test_whatif_in_vietnamese_and_english_alike(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["whatif", *map(str, YEAR), "--unit", "H44", "--format", "json"]
    assert main([*base, "--change", "Hồ sơ đúng hạn=+1000"]) == 0
    vietnamese = json.loads(capsys.readouterr().out)
    assert main([*base, "--change", "dossiers-on-time=1000"]) == 0
    english = json.loads(capsys.readouterr().out)
    assert vietnamese["total_after"] == english["total_after"]
    assert vietnamese["changes"] == {"Hồ sơ đúng hạn": 1000}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--unit", "Dũng Tiến", "--change", "ho-so-dung-han=+1"], "choose one with --period"),
        (["--period", "2026", "--unit", "Atlantis", "--change", "pakn-dung-han=1"], "no unit"),
        (["--period", "2026", "--unit", "H44", "--change", "bribes=1"], "no lever"),
        (
            ["--period", "2026", "--unit", "H44", "--change", "pakn-dung-han=+100000"],
            "at most",
        ),
    ],
)
def test_whatif_refuses_in_one_line(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["whatif", *map(str, FILES), *args]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


def test_a_change_is_lever_equals_n(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["whatif", str(YEAR[0]), "--unit", "H44", "--change", "pakn-dung-han"])
    assert stop.value.code == 2 and "LEVER=+N" in capsys.readouterr().err


def test_goal_is_the_oracle(capsys: pytest.CaptureFixture[str]) -> None:
    _, unit = _unit("UBND xã Dũng Tiến")
    assert (
        main(
            ["goal", *map(str, YEAR), "--unit", "Dũng Tiến", "--total", "70,5", "--format", "json"]
        )
        == 0
    )
    answer = json.loads(capsys.readouterr().out, parse_float=Decimal)
    assert answer["goal"] == "total ≥ 70.5"
    changes = {row["lever"]: row["change"] for row in answer["levers"]}
    for lever in ("ho-so-dung-han", "so-hoa-ket-qua", "thanh-toan-truc-tuyen", "so-hoa-ho-so"):
        assert changes[lever] == smallest(unit, lever, Fraction(705, 10)), lever
    marginal = {row["lever"]: row for row in answer["marginal"]}
    received = unit["dvc-progress-tree"]["totalReceived"]
    assert marginal["ho-so-dung-han"]["points_per_one"] == as_decimal(
        Fraction(20, received)  # type: ignore[arg-type]
    ).quantize(Decimal("1e-8"))  # receiving satisfaction is above 90 %: only the 20 points move


def test_goal_by_band_and_rank(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["goal", *map(str, YEAR), "--unit", "H44.20", "--band", "xuất sắc"]) == 0
    assert "band xuất sắc (total ≥ 90)" in capsys.readouterr().out
    assert main(["goal", *map(str, YEAR), "--unit", "H44.20", "--band", "giỏi"]) == 2
    assert "no band" in capsys.readouterr().err
    assert main(["goal", *map(str, YEAR), "--unit", "H44.20", "--rank", "0"]) == 2


def test_a_methodology_it_does_not_know_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = FIXTURES / "dvc-progress-tree" / "year-all.json"
    shutil.copy(source, tmp_path / "tree.json")
    capture = {
        "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "payload": {"timeType": "year", "year": 2026},
        "capturedAt": "2026-05-25T03:00:00+00:00",
    }
    (tmp_path / "manifest.json").write_text(json.dumps({"captures": [capture]}), "utf-8")
    assert main(["recompute", str(tmp_path / "tree.json")]) == 2
    err = capsys.readouterr().err
    assert "unknown_methodology" in err and "2026-05-25" in err
    assert main(["recompute", str(source), "--methodology", "portal-2024-01"]) == 2
    assert "no methodology version 'portal-2024-01'" in capsys.readouterr().err
    assert raw(MANIFEST)["captures"]  # the real manifest is untouched
