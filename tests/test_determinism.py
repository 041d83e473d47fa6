"""The same input gives byte-identical JSON, whatever the process's hash seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
FILES = [
    HERE / "fixtures" / "docx" / "001-bao-cao-tuan-21-2026.docx",
    HERE / "fixtures" / "docx" / "004-bao-cao-thang-8-2023.docx",
    HERE / "portal" / "Crawler-766" / "data" / "gia_lai" / "comparison_GiaLai_09102026.json",
    HERE / "fixtures" / "spreadsheets" / "ranking.xlsx",
]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_json_output_is_byte_identical(path: Path) -> None:
    outputs = set()
    for seed in ("1", "766"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-m", "idx766.cli", "parse", str(path), "--format", "json"],
            capture_output=True,
            env=env,
            check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1
