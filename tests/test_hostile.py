"""Hostile and broken files: each gives its own error kind, one line, exit 2, no traceback,
within 10 seconds and 500 MB — and never a byte of a file it was not given."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).parent
HOSTILE = HERE / "fixtures" / "hostile"
BAD_PDF = HERE / "fixtures" / "pdf" / "bad"
SECRET_MARKER = (HOSTILE / "secret.txt").read_text(encoding="utf-8").strip()

CASES = [
    (HOSTILE / "zip-bomb.docx", "too_large"),
    (HOSTILE / "external-entity.docx", "corrupt"),
    (HOSTILE / "random-bytes.docx", "corrupt"),
    (HOSTILE / "claims-200000-pages.pdf", "too_large"),
    (BAD_PDF / "truncated.pdf", "corrupt"),
    (BAD_PDF / "encrypted.pdf", "encrypted"),
    (BAD_PDF / "scan.pdf", "no_text_layer"),
    (BAD_PDF / "random-bytes.pdf", "corrupt"),
    (BAD_PDF / "not-a-report.pdf", "not_a_report"),
]

_MEASURE = """
import json, resource, subprocess, sys, time
start = time.monotonic()
r = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"code": r.returncode, "out": r.stdout, "err": r.stderr,
                  "seconds": time.monotonic() - start,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def run_measured(*args: str) -> dict[str, object]:
    """Run the idx766 command; its exit code, output, time and the peak memory of its
    processes (the command and its parsing workers)."""
    command = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "idx766.cli", *args]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize(("path", "kind"), CASES, ids=lambda c: getattr(c, "name", c))
def test_hostile_file_gives_its_error(path: Path, kind: str) -> None:
    run = run_measured("parse", str(path), "--format", "json")
    assert run["code"] == 2
    err = str(run["err"])
    assert err.count("\n") == 1 and f": {kind}: " in err and str(path) in err
    assert "Traceback" not in err and run["out"] == ""
    assert float(run["seconds"]) < 10  # type: ignore[arg-type]
    assert float(run["max_rss_mb"]) < 500  # type: ignore[arg-type]
    assert SECRET_MARKER not in err


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    run = run_measured("parse", str(path))
    assert run["code"] == 2 and ": corrupt: empty file" in str(run["err"])


def test_an_entity_pointing_at_a_local_file_never_leaks(tmp_path: Path) -> None:
    for command in (["parse", "--format", "json"], ["check"], ["parse"]):
        run = run_measured(*command[:1], str(HOSTILE / "external-entity.docx"), *command[1:])
        assert SECRET_MARKER not in str(run["out"]) + str(run["err"])


def test_a_batch_goes_on_past_hostile_files(tmp_path: Path) -> None:
    good = HERE / "fixtures" / "docx" / "000-bieu-duong-tuan-13-2026.docx"
    start = time.monotonic()
    run = run_measured("parse", *(str(p) for p, _ in CASES), str(good), "--format", "json")
    assert time.monotonic() - start < 20
    assert run["code"] == 2
    [parsed] = json.loads(str(run["out"]))
    assert parsed["document"]["source"] == str(good)
    assert str(run["err"]).count("\n") == len(CASES)
