"""The six sub-criteria endpoints (qd766's captures of Phú Thọ) read into records exactly.

What the score model needs from them: every unit once (joined on ``departmentId``), every
count, numerator and denominator, the portal's data-quality flags, and the period and date of
each capture (from the manifest saved beside the files). Expectations are read from the files
with the standard library, never from idx766.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

import idx766
from idx766.model import Records
from portal_expect import FILES, FIXTURES, MANIFEST, captures, expected_period, raw, units_of
from score_support import parsed as parse_once

VIETNAM = timezone(timedelta(hours=7))
PAYMENT_COUNTS = (
    "totalDossierOnlinePaymentSuccess",
    "totalDossierFinancialObligation",
    "totalDossierOnlineFormalityPaymentSuccess",
    "totalFeeDossierFormalityDistinct",
    "totalFeeDossierFormality",
    "totalFeeFormality",
)
ONLINE_COUNTS = (
    "authorityCount",
    "partialCount",
    "fullCount",
    "onlineDossierCount",
    "onlineServiceTotal",
    "channelOnlineSum",
    "channelDirectSum",
    "channelPostalSum",
    "channelTotalSum",
    "onlineOnTimeSum",
    "onlineOverdueSum",
)


@pytest.fixture(scope="module")
def parsed() -> dict[Path, Records]:
    return {p: parse_once(p) for p in FILES}


def test_twelve_captures_copied_byte_for_byte() -> None:
    known = captures()
    assert len(FILES) == 12
    for path in FILES:
        capture = known[str(path.relative_to(FIXTURES))]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == capture["sha256"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_period_and_date_come_from_the_manifest(path: Path, parsed: dict[Path, Records]) -> None:
    capture = captures()[str(path.relative_to(FIXTURES))]
    records = parsed[path]
    captured = datetime.fromisoformat(capture["capturedAt"]).astimezone(VIETNAM).date()
    assert {s.period.label for s in records.scores if s.period} == {
        expected_period(capture["payload"])
    }
    assert {s.as_of for s in records.scores} == {captured}
    assert {m.as_of for m in records.metrics} == {captured}
    assert "undated-data" not in {f.check for f in records.findings}


def test_a_renamed_copy_is_dated_an_edited_one_is_not(tmp_path: Path) -> None:
    source = FIXTURES / "transparency" / "year-all.json"
    folder = tmp_path / "saved" / "deep"
    folder.mkdir(parents=True)
    shutil.copy(MANIFEST, tmp_path / "saved" / "manifest.m0.json")
    shutil.copy(source, folder / "renamed.json")
    renamed = idx766.parse(folder / "renamed.json")
    assert {s.period.label for s in renamed.scores if s.period} == {"2026"}
    edited = folder / "edited.json"
    edited.write_text(json.dumps(raw(source), default=str), encoding="utf-8")
    records = idx766.parse(edited)
    assert {s.period for s in records.scores} == {None}
    assert "undated-data" in {f.check for f in records.findings}


def test_a_quarter_capture_gives_the_date_but_no_period(tmp_path: Path) -> None:
    source = FIXTURES / "dvc-progress-tree" / "year-all.json"
    shutil.copy(source, tmp_path / "q.json")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    capture = {
        "sha256": digest,
        "payload": {"fromDate": "2026-07-01", "toDate": "2026-09-30"},
        "capturedAt": "2026-09-26T20:00:00+00:00",
    }
    (tmp_path / "manifest.json").write_text(json.dumps({"captures": [capture]}), "utf-8")
    records = idx766.parse(tmp_path / "q.json")
    assert {s.period for s in records.scores} == {None}
    assert {s.as_of for s in records.scores} == {date(2026, 9, 27)}  # the day in Vietnam


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_unit_once_by_its_portal_id(path: Path, parsed: dict[Path, Records]) -> None:
    records = parsed[path]
    ids = [u["departmentId"] for u in units_of(path)]
    assert len(set(ids)) == len(ids) == 164
    assert {m.unit.portal_id for m in records.metrics if m.unit} == set(ids)
    snaps = [s.unit.portal_id for s in records.scores]
    assert len(snaps) == len(set(snaps))
    checks = {f.check for f in records.findings}
    assert "cross-table-conflict" not in checks and "fuzzy-unit-match" not in checks
    assert records.document.province == "Phú Thọ"


@pytest.mark.parametrize("endpoint", ["formality-online-payment-tree", "provide-online-tree"])
def test_tree_counts_are_metrics(endpoint: str, parsed: dict[Path, Records]) -> None:
    for path in FIXTURES.glob(f"{endpoint}/*-all.json"):
        values = {(m.unit.portal_id, m.metric): m.value for m in parsed[path].metrics if m.unit}
        seen = 0
        for unit in units_of(path):
            for field in PAYMENT_COUNTS + ONLINE_COUNTS:
                if field in unit:
                    assert values[(unit["departmentId"], field)] == unit[field]
                    seen += 1
        assert seen >= 11


@pytest.mark.parametrize("endpoint", ["transparency", "dossier-digitized", "handling-satisfaction"])
def test_metric_items_keep_inputs_nulls_and_quality(
    endpoint: str, parsed: dict[Path, Records]
) -> None:
    for path in FIXTURES.glob(f"{endpoint}/*-all.json"):
        metrics = {
            (m.unit.portal_id, m.metric, m.indicator): m for m in parsed[path].metrics if m.unit
        }
        flagged = 0
        for unit in units_of(path):
            for item in unit["metrics"]:
                m = metrics[(unit["departmentId"], "ratio", item["code"])]
                assert (m.numerator, m.denominator, m.value) == (
                    item["numerator"],
                    item["denominator"],
                    item["ratio"],
                )
                status = item.get("dataQualityStatus")
                assert m.quality == status
                flagged += status is not None
                score = metrics.get((unit["departmentId"], "score", item["code"]))
                assert (score.value if score else None) == item["score"]
        assert flagged == (164 if endpoint == "transparency" else 0)
