"""The interchange format: JSON -> model -> JSON is the identity, numbers keep their digits."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import polars as pl
from hypothesis import given, settings

from idx766 import dumps, loads, to_frames
from idx766.model import Document, Records, Snapshot, Unit
from strategies import records


@settings(max_examples=200)
@given(records)
def test_model_json_model_is_identity(r: Records) -> None:
    assert loads(dumps(r)) == r


@settings(max_examples=100)
@given(records)
def test_json_model_json_is_identity(r: Records) -> None:
    text = dumps(r)
    assert dumps(loads(text)) == text
    assert dumps(loads(text), indent=None) == dumps(r, indent=None)


@given(records)
def test_json_is_standard_json_with_all_keys(r: Records) -> None:
    obj = json.loads(dumps(r))
    assert list(obj) == [
        "document",
        "scores",
        "changes",
        "overdue",
        "pakn",
        "metrics",
        "targets",
        "findings",
    ]


def _one(total: str, comps: dict[str, str] | None) -> Records:
    snap = Snapshot(
        unit=Unit.from_printed("Sở Y tế"),
        as_of=date(2026, 5, 25),
        total=Decimal(total),
        components=None if comps is None else {k: Decimal(v) for k, v in comps.items()},
    )
    doc = Document(kind="weekly_report", source="x.docx", sha256="0", parser="docx-report")
    return Records(document=doc, scores=(snap,))


def test_printed_precision_survives_json() -> None:
    r = _one("95.50", {"cong_khai": "18", "so_hoa": "19.7"})
    text = dumps(r)
    assert '"total": 95.50' in text
    assert '"cong_khai": 18,' in text
    back = loads(text).scores[0]
    assert back.total is not None and back.total.as_tuple() == Decimal("95.50").as_tuple()
    assert back.component("so_hoa") == Decimal("19.7")


def test_score_fields_of_the_interchange_format() -> None:
    obj = json.loads(dumps(_one("95.59", None)))
    score = obj["scores"][0]
    for key in ("unit", "unit_key", "level", "as_of", "total", "rank", "components", "groups"):
        assert key in score
    assert score["level"] == "department"
    assert score["as_of"] == "2026-05-25"


def test_frames_have_decimal_columns() -> None:
    r = _one("75.69", {"cong_khai": "14.6", "tien_do": "18.6"})
    frames = to_frames(r)
    scores = frames["scores"]
    assert scores.schema["total"] == pl.Decimal(38, 2)
    assert scores["cong_khai"].to_list() == [Decimal("14.6")]
    assert scores["unit"].to_list() == ["Sở Y tế"]
