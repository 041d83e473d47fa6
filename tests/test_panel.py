"""Panels: ingest an archive, one fact one row, conflicts, a cache that reparses nothing,
a kill halfway that loses nothing, files that hang or crash."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import polars as pl
import pytest

import idx766.api
from idx766.cli import main
from idx766.panel import Panel, ingest
from idx766.panel.cache import Cache
from seed_expect import component_rows

FIXTURES = Path(__file__).parent / "fixtures" / "docx"


PORTAL = Path(__file__).parent / "portal"
SHEETS = Path(__file__).parent / "fixtures" / "spreadsheets"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("archive")
    for path in FIXTURES.rglob("*.docx"):
        shutil.copy(path, folder / path.name)
    return folder


def test_reports_portal_files_and_spreadsheets_in_one_panel(archive: Path, tmp_path: Path) -> None:
    """The national ranking as JSON and as seven spreadsheets is one set of facts."""
    folder = tmp_path / "mixed"
    shutil.copytree(archive, folder)
    shutil.copytree(PORTAL, folder / "portal")
    shutil.copytree(SHEETS, folder / "sheets")
    report = ingest([folder], tmp_path / "panel", jobs=2)
    # a list of ids and a capture manifest: no figures
    assert sorted(f.path.name for f in report.failed) == ["manifest.m0.json", "provinces.json"]
    scores = Panel(tmp_path / "panel").scores.collect()
    assert scores.select("unit_key", "level", "as_of", "period").n_unique() == scores.height
    ranking = scores.filter(pl.col("as_of") == pl.date(2026, 10, 6), pl.col("level") == "province")
    assert ranking.height == 34
    assert ranking["source_files"].list.len().min() == 8  # the JSON and the 7 spreadsheets
    findings = Panel(tmp_path / "panel").findings.collect()
    conflicts = findings.filter(pl.col("check") == "cross-document-conflict")["message"]
    # the only disagreement between documents is real: the crawler's comparison and its
    # agencies file both say 9/10/2026, but were taken hours apart (portal/README.md)
    assert conflicts.len() > 0
    assert conflicts.str.contains("comparison_GiaLai_09102026").all()
    assert conflicts.str.contains("agencies_GiaLai_09102026").all()
    stale = findings.filter(pl.col("check") == "component-sum-equals-total")
    assert stale["source_file"].str.contains("03102026").any()


@pytest.fixture(scope="module")
def built(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    panel = tmp_path_factory.mktemp("panel")
    ingest([archive], panel, jobs=2)
    return panel


def test_every_seed_figure_appears_once(built: Path) -> None:
    scores = Panel(built).scores.collect()
    keys = scores.select("unit_key", "level", "as_of", "period")
    assert keys.n_unique() == scores.height  # one fact, one row
    appendix = component_rows("001")
    rows = scores.filter(pl.col("as_of") == pl.date(2026, 5, 25), pl.col("cong_khai").is_not_null())
    assert rows.filter(pl.col("level") != "province").height == len(appendix)
    # the weekly report and its four variants are one source each of the same facts
    quang_bach = rows.filter(pl.col("unit") == "UBND xã Quảng Bạch").row(0, named=True)
    assert len(quang_bach["source_files"]) == 5


def test_second_ingest_reparses_nothing(archive: Path, built: Path) -> None:
    again = ingest([archive], built)
    assert again.parsed == 0 and again.cached == again.files and not again.rebuilt


def test_a_conflict_between_documents_names_both(archive: Path, tmp_path: Path) -> None:
    folder = tmp_path / "two"
    folder.mkdir()
    original = archive / "000-bieu-duong-tuan-13-2026.docx"
    shutil.copy(original, folder / original.name)
    document = docx.Document(str(original))
    cell = next(c for t in document.tables for r in t.rows for c in r.cells if c.text == "95,5")
    cell.paragraphs[0].runs[0].text = "95,6"
    document.save(str(folder / "copy-with-a-typo.docx"))
    ingest([folder], tmp_path / "panel", jobs=1)
    findings = Panel(tmp_path / "panel").findings.collect()
    [conflict] = findings.filter(pl.col("check") == "cross-document-conflict").to_dicts()
    assert "95.5" in conflict["message"] and "95.6" in conflict["message"]
    assert "copy-with-a-typo.docx" in conflict["message"] and original.name in conflict["message"]


def test_a_file_that_hangs_or_crashes_is_an_error_and_the_rest_go_on(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    shutil.copy(archive / "000-bieu-duong-tuan-13-2026.docx", folder / "good.docx")
    shutil.copy(archive / "003-chi-thi-2026.docx", folder / "hang.docx")
    shutil.copy(archive / "002-tin-bai.docx", folder / "crash.docx")
    real = idx766.api.parse

    def misbehave(path: str | Path, **kwargs: object) -> idx766.Records:
        name = Path(path).name
        if name == "hang.docx":
            time.sleep(60)
        if name == "crash.docx":
            os._exit(9)
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(idx766.api, "parse", misbehave)  # the forked workers inherit it
    start = time.monotonic()
    report = ingest([folder], tmp_path / "panel", jobs=2, timeout=2)
    assert time.monotonic() - start < 20
    kinds = {f.path.name: f.error_kind for f in report.failed}
    assert kinds == {"hang.docx": "timeout", "crash.docx": "corrupt"}
    assert report.parsed == 1
    errors = Panel(tmp_path / "panel").table("errors").collect()
    assert sorted(errors["kind"].to_list()) == ["corrupt", "timeout"]


def test_killed_halfway_then_restarted_gives_the_same_panel(archive: Path, tmp_path: Path) -> None:
    panel = tmp_path / "panel"
    command = [
        sys.executable,
        "-m",
        "idx766.cli",
        "ingest",
        str(archive),
        "-o",
        str(panel),
        "--jobs",
        "1",
    ]
    process = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    cache = Cache(panel)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(cache.root.glob("*/*.json"))) < 2:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done_before = len(list(cache.root.glob("*/*.json")))
    assert 2 <= done_before < len(list(archive.iterdir()))
    report = ingest([archive], panel, jobs=2)
    assert report.parsed == report.files - done_before
    fresh = tmp_path / "fresh"
    ingest([archive], fresh, jobs=2)
    for table in ("scores", "changes", "overdue", "pakn", "metrics"):
        a = Panel(panel).table(table).collect()
        b = Panel(fresh).table(table).collect()
        assert a.height == b.height, table
        assert (
            a.drop("source_files", strict=False)
            .sort(pl.all())
            .equals(b.drop("source_files", strict=False).sort(pl.all()))
        ), table


def test_history_continues_through_predecessors(built: Path) -> None:
    panel = Panel(built)
    keys = panel.unit_keys("thai-nguyen/so-tai-chinh", continued=True)
    assert keys[:2] == ["thai-nguyen/so-tai-chinh", "thai-nguyen/so-ke-hoach-va-dau-tu"]
    # and Bắc Kạn's, merged into Thái Nguyên's on 1/7/2025 (the national registry's lineage)
    assert set(keys[2:]) == {"bac-kan/so-tai-chinh", "bac-kan/so-ke-hoach-va-dau-tu"}
    assert panel.unit_keys("thai-nguyen/so-tai-chinh") == ["thai-nguyen/so-tai-chinh"]
    history = panel.history("thai-nguyen", continued=True).collect()
    assert history["as_of"].drop_nulls().is_sorted()


def test_cli_ingest_and_history(
    archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    panel = tmp_path / "panel"
    assert main(["ingest", str(archive), "-o", str(panel), "--jobs", "1"]) == 0
    assert "parsed" in capsys.readouterr().out
    assert main(["history", "UBND xã Phụng Tiến", "--panel", str(panel), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "thai-nguyen/xa-phuong-tien" in out and "97.84" in out
    assert main(["trend", "--panel", str(panel), "--level", "province", "--format", "json"]) == 0
    assert main(["history", "x", "--panel", str(tmp_path / "nothing")]) == 2
