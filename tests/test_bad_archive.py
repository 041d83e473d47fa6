"""A bad file is a finding, never a stop: an archive with one of each bad input ingests with
exit 1, every good file's records present, one finding per bad file or row; the next ingest
says the same, and ``--retry-failed`` reads the bad ones again."""

from __future__ import annotations

import importlib
import os
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import idx766
from hostile_support import AGENCIES, damage_pdf_stream, ole_file, portal_json
from idx766.boundary import MAX_INTEGER_DIGITS, MAX_PLACES, admit, problem
from idx766.cli import main
from idx766.interchange import dumps
from idx766.model import SCORE_PLACES, Provenance, Snapshot, Unit
from idx766.panel import Panel, ingest, scan

HERE = Path(__file__).parent
DOCX = HERE / "fixtures" / "docx"
PDF = HERE / "fixtures" / "pdf" / "001-bao-cao-tuan-21-2026.pdf"
RANKING_CSV = HERE / "fixtures" / "spreadsheets" / "ranking.csv"
RANKING_XLSX = HERE / "fixtures" / "spreadsheets" / "ranking.xlsx"
NON_UTF8 = b"b\xe1o-c\xe1o-tu\xe2n-13.docx"  # "báo-cáo-tuân-13" in Windows-1258


@pytest.fixture(scope="module")
def bad_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Good files, and one of each bad input of issue 18 (rows and files)."""
    root = tmp_path_factory.mktemp("bad")
    folder = root / "archive"
    folder.mkdir()
    shutil.copy(DOCX / "001-bao-cao-tuan-21-2026.docx", folder / "good-week-21.docx")
    shutil.copy(AGENCIES, folder / "good-agencies.json")
    (folder / "score-1e400.json").write_text(
        portal_json('"totalScore": 79.07', '"totalScore": 1e400'), encoding="utf-8"
    )
    (folder / "score-1e-400.json").write_text(
        portal_json('"totalScore": 73.01', '"totalScore": 1e-400'), encoding="utf-8"
    )
    (folder / "lone-surrogate.json").write_text(
        portal_json("Sở Văn hóa", "Sở \\ud800 Văn hóa"), encoding="utf-8"
    )
    with open(os.path.join(os.fsencode(folder), NON_UTF8), "wb") as fh:
        fh.write((DOCX / "000-bieu-duong-tuan-13-2026.docx").read_bytes())
    damage_pdf_stream(PDF, folder / "damaged-stream.pdf", page=2)
    lines = RANKING_CSV.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Xếp hạng,")) + 1
    rank, _, rest = lines[first + 5].partition(",")
    lines[first + 5] = f'{rank},"{rest}'  # a quote opened and never closed
    (folder / "stray-quote.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with zipfile.ZipFile(RANKING_XLSX) as zin, zipfile.ZipFile(folder / "formula.xlsx", "w") as z:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":  # J6: a formula saved without value
                xml, n = re.subn(
                    r'<c r="J6"[^>]*>.*?</c>', '<c r="J6"><f>SUM(D6:I6)</f></c>', data.decode()
                )
                assert n == 1
                data = xml.encode()
            z.writestr(info, data)
    (folder / "old-excel.xlsx").write_bytes(ole_file(["Workbook", "SummaryInformation"]))
    outside = root / "outside.docx"
    shutil.copy(DOCX / "002-tin-bai.docx", outside)
    (folder / "link-out.docx").symlink_to(outside)
    (folder / "dangling.docx").symlink_to(root / "nothing-here.docx")
    (folder / "loop").symlink_to(folder)
    (folder / "self.pdf").symlink_to(folder / "self.pdf")
    return folder


BAD_ROWS = {  # file: the finding its bad row or content gives
    "score-1e400.json": "unrepresentable-value",
    "score-1e-400.json": "unrepresentable-value",
    "lone-surrogate.json": "unrepresentable-value",
    "damaged-stream.pdf": "data-loss",
    "stray-quote.csv": "skipped-row",
    "formula.xlsx": "unread-cell",
    os.fsdecode(NON_UTF8): "file-name-not-utf8",
}
BAD_FILES = {"old-excel.xlsx": "unsupported_format"}
SKIPPED = {
    "link-out.docx": "out of the archive",
    "dangling.docx": "dangling",
    "loop": "loop",
    "self.pdf": "loop",
}


def _lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line]


def test_an_archive_of_bad_inputs_ingests_with_exit_1(
    bad_archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    panel = tmp_path / "panel"
    assert main(["ingest", str(bad_archive), "-o", str(panel), "--jobs", "2"]) == 1
    first = capsys.readouterr()
    assert "Traceback" not in first.err
    findings = Panel(panel).findings.collect()
    # one finding per bad row or file, none for the good files
    for name, check in {**BAD_ROWS, **{k: "unreadable-file" for k in BAD_FILES}}.items():
        shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        mine = findings.filter(
            pl.col("source_file").str.ends_with(shown) & (pl.col("check") == check)
        )
        assert mine.height == 1, (name, check, mine)
    for name, why in SKIPPED.items():
        mine = findings.filter(pl.col("source_file").str.ends_with(name))
        assert mine.height == 1 and why in mine["message"][0], (name, mine)
    # every line on stderr is one bad file or row, named
    lines = _lines(first.err)
    assert len(lines) == len(BAD_ROWS) - 1 + len(BAD_FILES) + len(SKIPPED)  # the name: a warning
    # every good file's records, and the good records of the files with a bad row
    scores = Panel(panel).scores.collect()

    def rows_from(name: str) -> int:
        listed = pl.col("source_files").list.eval(pl.element().str.ends_with(name)).list.any()
        return scores.filter(listed).height

    for good in ("good-week-21.docx", "good-agencies.json"):
        assert rows_from(good) == len(idx766.parse(bad_archive / good).scores), good
    week_13 = idx766.parse(DOCX / "000-bieu-duong-tuan-13-2026.docx").scores
    assert rows_from(
        os.fsdecode(NON_UTF8).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    ) == len(week_13)
    whole = len(idx766.parse(AGENCIES).scores)
    assert rows_from("score-1e400.json") == rows_from("score-1e-400.json") == whole - 1
    assert rows_from("lone-surrogate.json") == whole - 1
    assert rows_from("damaged-stream.pdf") >= len(idx766.parse(PDF).scores) - 3  # after the damage
    ranking = len(idx766.parse(RANKING_CSV).scores)
    assert rows_from("stray-quote.csv") == ranking - 1  # its line, and only its line
    assert rows_from("formula.xlsx") == ranking  # the row kept, its total unread

    # the next ingest says the same, from the cache
    assert main(["ingest", str(bad_archive), "-o", str(panel)]) == 1
    second = capsys.readouterr()
    assert sorted(_lines(second.err)) == sorted(lines)
    assert " 0 parsed" in second.out

    # --retry-failed reads the failed file and the files read in part again
    assert main(["ingest", str(bad_archive), "-o", str(panel), "--retry-failed"]) == 1
    third = capsys.readouterr()
    assert sorted(_lines(third.err)) == sorted(lines)
    retried = len(BAD_FILES) + sum(1 for c in BAD_ROWS.values() if c != "file-name-not-utf8")
    assert f" {retried - len(BAD_FILES)} parsed" in third.out
    assert f" {len(BAD_FILES)} failed" in third.out


def test_a_clean_archive_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "good"
    folder.mkdir()
    shutil.copy(AGENCIES, folder)
    assert main(["ingest", str(folder), "-o", str(tmp_path / "panel")]) == 0
    assert capsys.readouterr().err == ""


def test_a_failed_file_is_never_cached_as_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any exception after the parse (checks, merge) fails that file only, every time."""
    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.copy(AGENCIES, folder / "breaks-a-check.json")
    shutil.copy(DOCX / "000-bieu-duong-tuan-13-2026.docx", folder)
    ingest_module = importlib.import_module("idx766.panel.ingest")
    real = ingest_module.run_checks

    def broken(records: idx766.Records) -> list[idx766.Finding]:
        if records.document.source.endswith("breaks-a-check.json"):
            raise ZeroDivisionError("a bug in a check")
        return real(records)

    monkeypatch.setattr(ingest_module, "run_checks", broken)
    report = ingest([folder], tmp_path / "panel", jobs=1)
    assert [(f.path.name, f.unexpected, f.error_kind) for f in report.failed] == [
        ("breaks-a-check.json", True, "internal")
    ]  # a bug in idx766, never called a damaged file
    assert "ZeroDivisionError" in (report.failed[0].error_reason or "")
    assert Panel(tmp_path / "panel").scores.collect().height > 0
    monkeypatch.undo()
    again = ingest([folder], tmp_path / "panel", jobs=1)
    assert not again.failed  # the parse was whole and cached; the bug is gone


def test_a_damaged_cache_entry_is_parsed_again(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.copy(AGENCIES, folder)
    ingest([folder], tmp_path / "panel", jobs=1)
    [entry] = list((tmp_path / "panel" / "_cache").rglob("*.json"))
    entry.write_text('{"document": ', encoding="utf-8")
    shutil.copy(DOCX / "000-bieu-duong-tuan-13-2026.docx", folder)  # the panel must be rebuilt
    again = ingest([folder], tmp_path / "panel", jobs=1)
    assert not again.failed and again.parsed == 2 and again.rebuilt
    fresh = ingest([folder], tmp_path / "fresh", jobs=1)
    assert again.records == fresh.records


# -- the record boundary ------------------------------------------------------------------------


def _snapshot(total: Decimal) -> Snapshot:
    return Snapshot(
        unit=Unit(name="Sở Y tế", key="x"),
        as_of=None,
        total=total,
        sources=(Provenance(file="f.json", row=3),),
    )


@settings(max_examples=60, deadline=None)
@given(
    st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(lambda d: d.is_finite())
)
def test_a_value_is_admitted_exactly_when_a_column_can_hold_it(value: Decimal) -> None:
    """Whatever Decimal a parser makes, the panel's frames can hold what admit keeps."""
    records = idx766.Records(
        document=idx766.Document(kind="portal_data", source="f.json", sha256="0", parser="t"),
        scores=(_snapshot(value),),
    )
    kept = admit(records)
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    whole = max(0, len(digits) + exponent) if any(digits) else 0
    fits = whole <= MAX_INTEGER_DIGITS and -exponent <= MAX_PLACES
    assert (problem(value) is None) == fits
    assert (len(kept.scores) == 1) == (fits and -exponent <= SCORE_PLACES)
    frames = idx766.to_frames(kept)
    assert frames["scores"].height == len(kept.scores)
    dumps(kept)  # and the interchange JSON


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('"totalScore": 1e400', "401 digits before"),
        ('"totalScore": -1e400', "401 digits before"),
        ('"totalScore": 1e-400', "400 decimal places"),
        ('"totalScore": 1234567890123456789012345678901234567890', "40 digits"),
    ],
)
def test_numbers_no_column_holds_are_refused_with_a_finding(
    text: str, why: str, tmp_path: Path
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(portal_json('"totalScore": 79.07', text), encoding="utf-8")
    records = idx766.parse(path)
    [finding] = [f for f in records.findings if f.check == "unrepresentable-value"]
    assert why in finding.message and finding.unit and "Văn hóa" in finding.unit
    assert len(records.scores) == len(idx766.parse(AGENCIES).scores) - 1
    idx766.to_frames(records)


def test_nan_in_a_plugin_record_is_refused() -> None:
    assert problem(Decimal("NaN")) and problem(float("nan")) and problem(2**70)
    assert problem("ok") is None and problem("\udc80") is not None


def test_a_non_utf8_file_name_round_trips(tmp_path: Path) -> None:
    raw = os.path.join(os.fsencode(tmp_path), NON_UTF8)
    with open(raw, "wb") as fh:
        fh.write((DOCX / "000-bieu-duong-tuan-13-2026.docx").read_bytes())
    path = Path(os.fsdecode(raw))
    assert os.fsencode(path) == raw  # the name Python holds opens the file
    records = idx766.parse(path)
    assert "\\xe1" in records.document.source and records.scores
    [note] = [f for f in records.findings if f.check == "file-name-not-utf8"]
    assert "báo-cáo-tuân-13.docx" in note.message  # read as Windows-1258
    dumps(records).encode("utf-8")
    assert [p.name for p in scan([tmp_path]).files] == [path.name]


def test_utf16_json_is_read(tmp_path: Path) -> None:
    text = AGENCIES.read_text(encoding="utf-8")
    expected = len(idx766.parse(AGENCIES).scores)
    for name, data in [
        ("utf16le-bom.json", b"\xff\xfe" + text.encode("utf-16-le")),
        ("utf16be.json", text.encode("utf-16-be")),
        ("utf8-bom.json", b"\xef\xbb\xbf" + text.encode("utf-8")),
    ]:
        (tmp_path / name).write_bytes(data)
        assert len(idx766.parse(tmp_path / name).scores) == expected, name


@pytest.mark.parametrize(
    ("name", "streams", "kind", "says"),
    [
        ("old.xlsx", ["Workbook"], "unsupported_format", "old Excel format"),
        ("old.docx", ["WordDocument", "1Table"], "unsupported_format", "old Word format"),
        ("locked.xlsx", ["EncryptionInfo", "EncryptedPackage"], "encrypted", "password"),
        ("locked.docx", ["EncryptionInfo", "EncryptedPackage"], "encrypted", "password"),
    ],
)
def test_an_ole_file_says_what_it_is(
    name: str, streams: list[str], kind: str, says: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(ole_file(streams))
    with pytest.raises(idx766.Idx766Error) as caught:
        idx766.parse(path)
    assert caught.value.kind == kind and says in caught.value.reason
