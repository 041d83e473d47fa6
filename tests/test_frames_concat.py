"""Frames of any two documents concatenate: every record kind has one fixed schema
(:data:`idx766.frames.SCHEMAS`), whatever the document holds or leaves empty (issue 15)."""

from __future__ import annotations

from itertools import combinations_with_replacement
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings

import idx766
from idx766.frames import SCHEMAS
from idx766.model import Records
from strategies import records

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
# every kind of document and record: DOCX (all), spreadsheets (all), the quick PDFs (the slow
# ones hold the same record kinds as their DOCX), portal JSON of units and of provinces, and a
# provincial tool's workbook
FILES = sorted(
    [
        *(FIXTURES / "docx").rglob("*.docx"),
        *(FIXTURES / "spreadsheets").glob("*.*"),
        FIXTURES / "pdf" / "000-bieu-duong-tuan-13-2026.pdf",
        FIXTURES / "pdf" / "003-chi-thi-2026.pdf",
        HERE / "portal" / "Crawler-766" / "data" / "gia_lai" / "agencies_GiaLai_02102026.json",
        HERE / "portal" / "766-Analyze" / "data" / "provinces" / "2026-10-06.json",
        HERE / "portal" / "new-766" / "an-giang-bao-cao-T10-2025-created-2025-10-16.xlsx",
    ]
)


@pytest.fixture(scope="module")
def frames() -> dict[str, dict[str, pl.DataFrame]]:
    return {p.name: idx766.to_frames(idx766.parse(p)) for p in FILES}


def test_the_fixtures_hold_every_record_kind(frames: dict[str, dict[str, pl.DataFrame]]) -> None:
    """So that the pairs below concatenate frames that hold rows, not only empty ones."""
    for kind in SCHEMAS:
        if kind != "documents":
            assert any(f[kind].height for f in frames.values()), kind


def test_frames_of_any_two_fixtures_concatenate(
    frames: dict[str, dict[str, pl.DataFrame]],
) -> None:
    kinds = [k for k in SCHEMAS if k != "documents"]
    for name in frames:
        for kind in kinds:
            assert frames[name][kind].schema == SCHEMAS[kind], (name, kind)
    for a, b in combinations_with_replacement(sorted(frames), 2):
        for kind in [*kinds, "document"]:
            both = pl.concat([frames[a][kind], frames[b][kind]])  # how="vertical": strict
            assert both.height == frames[a][kind].height + frames[b][kind].height
            assert both.schema == frames[a][kind].schema


@settings(max_examples=30, deadline=None)
@given(records, records)
def test_frames_of_any_two_records_concatenate(a: Records, b: Records) -> None:
    """Random records, with every field empty or filled: no column is untyped or typed by what
    one document happens to hold."""
    fa, fb = idx766.to_frames(a), idx766.to_frames(b)
    for kind, frame in fa.items():
        both = pl.concat([frame, fb[kind]])
        assert both.height == frame.height + fb[kind].height
        expected = SCHEMAS["documents" if kind == "document" else kind]
        assert frame.schema == fb[kind].schema == expected
