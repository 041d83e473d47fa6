"""Third-party parsers: the worked example package, built, installed and used.

``examples/idx766-html-plugin`` (the plugin guide's example) is built and installed into a
separate target directory; ``idx766`` then runs in a subprocess with that directory on its
path, as a user who ``pip install``-ed the plugin would run it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
PLUGIN = HERE.parent / "examples" / "idx766-html-plugin"


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
            str(PLUGIN),
        ],
        check=True,
        capture_output=True,
    )
    return site


def _idx766(site: Path, *args: str, plugins: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
    }
    if not plugins:  # whatever happens to be installed here (the example plugin, say)
        env["IDX766_NO_PLUGINS"] = "*"
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
    assert any(line.startswith("html-table") and "idx766-html" in line for line in lines)


def test_parse_selects_the_plugin_by_file_type(plugin_site: Path) -> None:
    result = _idx766(plugin_site, "parse", str(PLUGIN / "sample.html"), "--format", "json")
    assert result.returncode == 0, result.stderr
    obj = json.loads(result.stdout)
    assert obj["document"]["parser"] == "html-table"
    # the sample's table, as the plugin hands it to idx766's interpreter
    rows = re.findall(
        r"<td>\d+</td><td>([^<]+)</td><td>([\d,]+)</td><td>([\d,]+)</td>",
        (PLUGIN / "sample.html").read_text("utf-8"),
    )
    assert [(c["unit"], c["before"], c["after"]) for c in obj["changes"]] == [
        (name, float(a.replace(",", ".")), float(b.replace(",", "."))) for name, a, b in rows
    ]
    assert {c["unit_key"] for c in obj["changes"]} == {
        "thai-nguyen/so-y-te",
        "thai-nguyen/so-dan-toc-va-ton-giao",
        "thai-nguyen/so-noi-vu",
    }


def test_without_the_plugin_the_file_is_unsupported(tmp_path: Path) -> None:
    result = _idx766(tmp_path, "parse", str(PLUGIN / "sample.html"), plugins=False)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "unsupported_format" in result.stderr and "docx-report" in result.stderr
