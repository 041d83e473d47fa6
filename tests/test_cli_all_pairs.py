"""Every command on every bundled fixture, and on pairs of them: never a traceback.

Each command is run as a user runs it (``idx766.cli.main``) on each fixture alone and on pairs
of fixtures of different kinds (a weekly report and a portal export, a commendation letter and
a spreadsheet...), then on a panel built from all of them. Whatever the files, the command ends
with 0, 1 or 2, prints readable output (no Python traceback, no polars frame repr) and says each
problem on one ``idx766:`` line. The files are read once, in this process: the worker path the
command normally takes is exercised by ``test_cli.py`` and ``test_panel.py``; here it is the
commands' own logic on every combination of records that is under test.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

import idx766
import idx766.cli.common
from idx766.batch import Encoder, FileResult
from idx766.cli import main
from idx766.errors import Idx766Error
from idx766.model import Records

HERE = Path(__file__).parent
FIXTURES = sorted(
    p
    for p in [*(HERE / "fixtures").rglob("*"), *(HERE / "portal").rglob("*.json")]
    if p.suffix in (".docx", ".pdf", ".json", ".xlsx", ".csv")
    and not {"hostile", "bad", "variants", "reportlab"} & set(p.parts)
)
"""Every bundled fixture but the variants and second-producer PDFs, whose records are those of
their originals (``test_pdf.py``, ``test_docx_reader.py``): commands on equal records are the
same test."""
# one of each family and format, for the pairs
PAIRED = [
    HERE / "fixtures/docx/000-bieu-duong-tuan-13-2026.docx",
    HERE / "fixtures/docx/001-bao-cao-tuan-21-2026.docx",
    HERE / "fixtures/docx/002-tin-bai.docx",
    HERE / "fixtures/docx/003-chi-thi-2026.docx",
    HERE / "fixtures/docx/004-bao-cao-thang-8-2023.docx",
    HERE / "fixtures/pdf/001-bao-cao-tuan-21-2026.pdf",
    HERE / "fixtures/spreadsheets/ranking.xlsx",
    HERE / "fixtures/spreadsheets/ranking-cp1258.csv",
    HERE / "portal/766-Analyze/data/provinces/2026-10-06.json",
    HERE / "portal/Crawler-766/data/gia_lai/agencies_GiaLai_03102026.json",
    HERE / "portal/Crawler-766/data/gia_lai/comparison_GiaLai_09102026.json",
    HERE / "portal/qd766/tests/fixtures/transparency/month-all.json",
    HERE / "portal/Crawler-766/data/config/provinces.json",  # not a report: exit 2
]
_REPR = re.compile(r"shape: \(|decimal\[38|^│ (str|i64|date|f64) ", re.MULTILINE)


@functools.cache
def _read(path: Path) -> Records | Idx766Error:
    try:
        return idx766.parse(path)
    except Idx766Error as exc:
        return exc


@pytest.fixture(autouse=True)
def in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files read once per test session, in this process, handed to the commands' real
    ``parse_all`` as its workers would hand them."""

    def parse_isolated(
        files: Sequence[tuple[Path, str]], *, encode: Encoder | None = None, **_: object
    ) -> Iterator[FileResult]:
        for path, sha in files:
            found = _read(path)
            if isinstance(found, Idx766Error):
                yield FileResult(
                    path=path, sha256=sha, error_kind=found.kind, error_reason=found.reason
                )
            elif encode is not None:  # what a worker hands back: the text, or the records
                yield FileResult(path=path, sha256=sha, records_json=encode(found))
            else:
                yield FileResult(path=path, sha256=sha, records=found)

    monkeypatch.setattr(idx766.cli.common, "parse_isolated", parse_isolated)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in out + err, argv
    assert not _REPR.search(out), (argv, out[:500])
    assert all(line.startswith("idx766: ") for line in err.splitlines() if line), (argv, err)
    return code, out, err


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.mark.parametrize("path", FIXTURES, ids=_id)
def test_every_command_on_every_fixture(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = str(path)
    code, out, _ = _run(capsys, "parse", name)
    if code == 0:
        assert out.strip()
    _run(capsys, "check", name)
    _run(capsys, "rank", name)
    _run(capsys, "pakn", name, "--as-of", "2026-06-01")
    _run(capsys, "recompute", name)


@pytest.mark.parametrize(
    ("first", "second"), list(itertools.combinations(PAIRED, 2)), ids=lambda p: _id(p)
)
def test_every_command_on_pairs_of_fixtures(
    first: Path, second: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a, b = str(first), str(second)
    _run(capsys, "diff", a, b)
    _run(capsys, "diff", b, a)
    _run(capsys, "rank", a, b)
    _run(capsys, "check", a, b)
    if first == PAIRED[1]:  # the workbook of each kind of file beside a weekly report
        _run(capsys, "parse", a, b, "--format", "xlsx", "-o", str(tmp_path / "both.xlsx"))


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "xlsx", "parquet"])
def test_every_output_format_of_the_table_commands(
    fmt: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    weekly, letter = PAIRED[1], PAIRED[0]
    out = ["-o", str(tmp_path / f"out.{fmt}")] if fmt in ("xlsx", "parquet") else []
    for argv in (
        ["rank", str(weekly)],
        ["diff", str(letter), str(weekly)],
        ["pakn", str(weekly), "--as-of", "2026-05-25"],
        ["parse", str(PAIRED[8])],
    ):
        if argv[0] == "parse" and fmt in ("csv", "parquet"):
            continue  # parse writes a directory of files in these formats (test_cli.py)
        code, _, _ = _run(capsys, *argv, "--format", fmt, *out)
        assert code == 0, argv


def test_panel_commands_on_a_panel_of_every_kind_of_fixture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    panel = tmp_path / "panel"
    archive = tmp_path / "archive"
    archive.mkdir()
    for path in PAIRED:
        (archive / f"{path.parent.name}-{path.name}").write_bytes(path.read_bytes())
    code, _, _ = _run(capsys, "ingest", str(archive), "-o", str(panel), "--jobs", "2")
    assert code in (0, 1)
    for unit in ("thai nguyen", "Thái Nguyên", "Sở Y tế", "UBND xã Quảng Bạch", "no such unit"):
        for fmt in ("text", "json", "csv"):
            _run(capsys, "history", unit, "--panel", str(panel), "--format", fmt)
        _run(capsys, "chart", unit, "--panel", str(panel), "-o", str(tmp_path / "c.png"))
    for level in ("province", "department", "district", "commune", "ministry"):
        _run(capsys, "trend", "--panel", str(panel), "--level", level)
    code, _, err = _run(capsys, "history", "x", "--panel", str(tmp_path / "no-panel"))
    assert code == 2 and err.count("\n") == 1
