"""The JSON Schema shipped in the package describes what the command prints, for every kind of
input idx766 reads."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

HERE = Path(__file__).parent
INPUTS = [
    *sorted((HERE / "fixtures" / "docx").glob("00[0-4]*.docx")),
    *sorted((HERE / "fixtures" / "spreadsheets").glob("ranking*.*")),
    *sorted((HERE / "portal").rglob("*.json"))[:6],
]
SCHEMA = json.loads(
    (resources.files("idx766") / "schema" / "interchange.schema.json").read_text("utf-8")
)


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_cli_output_validates_against_the_schema(path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "idx766.cli", "parse", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode == 2:  # not every JSON in the portal folder is a report
        assert "not_a_report" in result.stderr
        return
    jsonschema.validate(json.loads(result.stdout), SCHEMA)


def test_the_schema_rejects_what_is_not_the_format() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"document": {}, "scores": [{"total": "96,32"}]}, SCHEMA)
