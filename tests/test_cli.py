"""The idx766 command as a user runs it: output, exit codes, one-line errors, batches."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from idx766.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "docx"
WEEKLY = FIXTURES / "001-bao-cao-tuan-21-2026.docx"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("idx766 ")


HEAVY = ("polars", "rich", "holidays", "pdfplumber", "pdfminer", "pypdfium2", "docx", "lxml")


@pytest.mark.parametrize(
    "code",
    [
        "import idx766",
        "from idx766.cli import main; main(['--version'])",
        "from idx766.cli import build_parser; build_parser().format_help()",
    ],
)
def test_start_up_loads_nothing_heavy(code: str) -> None:
    probe = f"import sys; {code}; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_parse_json_prints_one_object(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(WEEKLY), "--format", "json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert set(obj) == {
        "document",
        "scores",
        "changes",
        "overdue",
        "pakn",
        "metrics",
        "targets",
        "findings",
    }
    assert obj["document"]["kind"] == "weekly_report"
    assert obj["document"]["period_end"] == "2026-05-25"
    assert all(isinstance(s["total"], float | int | None) for s in obj["scores"])
    assert sum(isinstance(s["total"], float | int) for s in obj["scores"]) >= 105


def test_parse_text_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(WEEKLY)]) == 0
    out = capsys.readouterr().out
    assert "UBND xã Quảng Bạch" in out and "97,99" in out


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_parse_writes_frames(fmt: str, tmp_path: Path) -> None:
    assert main(["parse", str(WEEKLY), "--format", fmt, "-o", str(tmp_path)]) == 0
    path = tmp_path / f"scores.{fmt}"
    frame = pl.read_parquet(path) if fmt == "parquet" else pl.read_csv(path)
    assert "UBND xã Quảng Bạch" in frame["unit"].to_list()
    assert (tmp_path / f"pakn.{fmt}").exists()


def test_missing_file_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "no/such/report.docx"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no/such/report.docx" in err and "not_found" in err


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [
        (b"", "empty.docx", "corrupt"),
        (random.Random(766).randbytes(4096), "random.docx", "corrupt"),
        (random.Random(766).randbytes(4096), "random.bin", "unsupported_format"),
        (b"PK\x03\x04" + random.Random(767).randbytes(2000), "broken.docx", "corrupt"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "locked.docx", "encrypted"),
    ],
)
def test_bad_files_give_their_kind(
    content: bytes, name: str, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["parse", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert f"{kind}:" in err and str(path) in err
    assert "Traceback" not in err


def test_a_bad_file_does_not_stop_the_batch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a docx")
    good = tmp_path / "good.docx"
    shutil.copy(WEEKLY, good)
    assert main(["parse", str(bad), str(good), "--format", "json"]) == 2
    captured = capsys.readouterr()
    objs = json.loads(captured.out)
    assert [o["document"]["source"] for o in objs] == [str(good)]
    assert "bad.docx" in captured.err


def test_check_consistent_report_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(WEEKLY), "--lang", "en"]) == 0
    assert ": 0 errors," in capsys.readouterr().out


def test_check_unknown_code_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(WEEKLY), "--only", "no-such-check"]) == 2
    assert "no-such-check" in capsys.readouterr().err


def test_parsers_lists_builtin(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parsers"]) == 0
    assert "docx-report" in capsys.readouterr().out


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["parse"])
    assert exit_info.value.code == 2


def test_console_script_is_installed() -> None:
    exe = shutil.which("idx766")
    assert exe is not None
    result = subprocess.run([exe, "parsers"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "docx-report" in result.stdout
