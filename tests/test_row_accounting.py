"""Row accounting on every fixture: each data row of each table became a record or a finding
that says why; none holding figures vanished."""

from __future__ import annotations

from pathlib import Path

import pytest

import idx766

HERE = Path(__file__).parent
FIXTURES = sorted(
    [
        *(HERE / "fixtures" / "docx").rglob("00[0-4]*.docx"),
        *(HERE / "fixtures" / "pdf").glob("00[014]*.pdf"),
        *(HERE / "fixtures" / "pdf" / "reportlab").glob("*.pdf"),
        *(HERE / "fixtures" / "spreadsheets").glob("*.*"),
        *(HERE / "portal").rglob("*_GiaLai_*.json"),
    ]
)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_row_is_lost(path: Path) -> None:
    records = idx766.parse(path)
    lost = [f for f in records.findings if f.check in ("skipped-row", "unrecognized-table")]
    assert lost == [], [f.message for f in lost]
