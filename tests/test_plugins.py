"""Third-party parsers: a real package with an ``idx766.parsers`` entry point, built and installed.

The package in ``tests/plugin_example`` is built into a wheel and installed into a separate
target directory; ``idx766`` then runs in a subprocess with that directory on its path, as a user
who ``pip install``-ed the plugin would run it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(site),
            str(HERE / "plugin_example"),
        ],
        check=True,
        capture_output=True,
    )
    return site


def _idx766(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [sys.executable, "-m", "idx766.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_parsers_lists_the_plugin(plugin_site: Path) -> None:
    result = _idx766(plugin_site, "parsers")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("docx-report") and "builtin" in line for line in lines)
    assert any(line.startswith("demo-tsv") and "idx766-demo-plugin" in line for line in lines)


def test_parse_selects_the_plugin_by_file_type(plugin_site: Path, tmp_path: Path) -> None:
    data = tmp_path / "scores.766tsv"
    data.write_text("Sở Y tế\t2026-05-25\t95.59\nSở Tư pháp\t2026-05-25\t95.28\n", "utf-8")
    result = _idx766(plugin_site, "parse", str(data), "--format", "json")
    assert result.returncode == 0, result.stderr
    obj = json.loads(result.stdout)
    assert obj["document"]["parser"] == "demo-tsv"
    assert [s["total"] for s in obj["scores"]] == [95.59, 95.28]


def test_without_the_plugin_the_file_is_unsupported(tmp_path: Path) -> None:
    data = tmp_path / "scores.766tsv"
    data.write_text("Sở Y tế\t2026-05-25\t95.59\n", "utf-8")
    result = _idx766(tmp_path, "parse", str(data))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "unsupported_format" in result.stderr and "docx-report" in result.stderr
