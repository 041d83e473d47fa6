"""Portal data in JSON (tests/portal, copied byte for byte from ../shared/portal) parses exactly.

Every expectation is read from the sample files themselves with the standard library (numbers
as ``Decimal`` from the JSON text), never retyped.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import idx766
from idx766.analysis.checks import CATALOGUE
from idx766.cli import main
from idx766.errors import CorruptFileError, NotAReportError, UnsupportedFormatError
from idx766.group_codes import decide_online
from idx766.model import Aggregate, Change, Level, Metric, Period, Records, Severity, Snapshot
from idx766.parsers.base import Probe
from idx766.parsers.portal import PortalJsonParser
from idx766.parsers.registry import select_parser

PORTAL = Path(__file__).parent / "portal"
RANKING = PORTAL / "766-Analyze" / "data" / "provinces" / "2026-10-06.json"
GIA_LAI = PORTAL / "Crawler-766" / "data" / "gia_lai"
AGENCIES = sorted(GIA_LAI.glob("agencies_GiaLai_*.json"))
STALE = GIA_LAI / "agencies_GiaLai_03102026.json"
COMPARISON = GIA_LAI / "comparison_GiaLai_09102026.json"
CONFIG = PORTAL / "Crawler-766" / "data" / "config" / "provinces.json"
TREE = PORTAL / "qd766" / "tests" / "fixtures" / "dvc-progress-tree" / "month-all.json"
CONSISTENT = [RANKING, GIA_LAI / "agencies_GiaLai_02102026.json", COMPARISON, TREE]

# the portal's group codes (portal/README.md) -> component keys
GROUP = {
    "CKMB": "cong_khai",
    "TDGQ": "tien_do",
    "CLGQ": "dvc_truc_tuyen",
    "ONLINE": "dvc_truc_tuyen",
    "TTTT": "thanh_toan",
    "MDHL": "hai_long",
    "MDSH": "so_hoa",
    "ONLINE_SERVICE": "truc_tuyen",
}


def raw(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def ddmmyyyy(text: str) -> date:
    return date(int(text[4:]), int(text[2:4]), int(text[:2]))


def components(groups: dict[str, Decimal]) -> dict[str, Decimal]:
    return {GROUP[code]: value for code, value in groups.items()}


def comps(snap: Snapshot) -> dict[str, Decimal]:
    return {c.component: c.value for c in snap.components or ()}


def by_code(records: Records) -> dict[str, Snapshot]:
    out: dict[str, Snapshot] = {}
    for s in records.scores:
        assert s.unit.code is not None
        assert s.unit.code not in out, f"{s.unit.code} appears twice"
        out[s.unit.code] = s
    return out


def metric(records: Records, code: str, name: str, **fields: Any) -> Metric:
    """The one metric of a unit with this name (and these fields: ``component=...``)."""
    [m] = [
        m
        for m in records.metrics
        if m.unit
        and m.unit.code == code
        and m.metric == name
        and all(getattr(m, k) == v for k, v in fields.items())
    ]
    return m


@pytest.fixture(scope="module")
def parsed() -> dict[Path, Records]:
    return {p: idx766.parse(p) for p in (RANKING, *AGENCIES, COMPARISON, TREE)}


def test_samples_are_copied_with_their_readme() -> None:
    assert (PORTAL / "README.md").read_text(encoding="utf-8").startswith("# Real portal data")
    assert len(list(PORTAL.rglob("*.json"))) == 19


@pytest.mark.parametrize("path", [RANKING, *AGENCIES, COMPARISON, TREE, CONFIG])
def test_the_portal_parser_is_chosen(path: Path) -> None:
    assert select_parser(Probe.of(path)).name == "portal-json"


# -- 766-Analyze: the national ranking ------------------------------------------------------


def test_ranking_every_province(parsed: dict[Path, Records]) -> None:
    data = raw(RANKING)
    records = parsed[RANKING]
    snaps = by_code(records)
    assert len(snaps) == len(data["provinces"]) == data["totalCount"]
    for p in data["provinces"]:
        snap = snaps[p["departmentCode"]]
        assert snap.unit.name == p["departmentName"]
        assert snap.unit.level is Level.PROVINCE and snap.unit.province is None
        assert comps(snap) == components(p["scores"])
        assert snap.total == p["totalScore"]
        assert (snap.rank, snap.rank_of) == (p["rank"], len(data["provinces"]))
        assert snap.as_of == date.fromisoformat(data["date"])
        assert snap.period == Period.of_year(int(data["year"]))
        assert snap.methodology == "six-group"
        for code, key in GROUP.items():
            if f"rank_{code}" in p:
                rank = metric(records, p["departmentCode"], "rank", component=key)
                assert rank.value == p[f"rank_{code}"]
        assert snap.unit.portal_id == p["departmentId"]
        assert metric(records, p["departmentCode"], "scoreDelta").value == p["scoreDelta"]
    assert records.document.kind == "portal_data"
    assert records.document.period_end == date.fromisoformat(data["date"])
    assert records.document.province is None


def test_ranking_repeat_and_aggregates(parsed: dict[Path, Records]) -> None:
    data = raw(RANKING)
    records = parsed[RANKING]
    dak_lak = by_code(records)[data["dakLak"]["departmentCode"]]
    assert [s.sheet for s in dak_lak.sources] == ["provinces", "dakLak"]
    national = {(m.metric, m.component): m for m in records.metrics if m.unit is None}
    assert {m.aggregate for m in national.values()} == {Aggregate.NATIONAL}  # "Cả nước"
    name = data["overview"]["departmentName"]
    assert national[("score", None)].value == data["overview"]["totalScore"]
    assert national[("growthPercent", None)].value == data["growthPercent"]
    for row in data["radar"]:
        m = national[("score", GROUP[row["code"]])]
        assert m.value == row["score"] and m.unit_of_measure == "points"
        assert m.maximum == row["maxScore"]
    assert all(s.unit.name != name for s in records.scores)
    assert records.findings == ()


# -- Crawler-766: a province's agencies -----------------------------------------------------


@pytest.mark.parametrize("path", AGENCIES, ids=lambda p: p.name)
def test_agencies(path: Path, parsed: dict[Path, Records]) -> None:
    data = raw(path)
    meta, overview = data["metadata"], data["overview"]
    records = parsed[path]
    snaps = by_code(records)
    as_of = ddmmyyyy(meta["runDateStr"])
    assert len(snaps) == len(data["agencies"]) + 1
    province = snaps[overview["departmentCode"]]
    assert province.unit.level is Level.PROVINCE and province.unit.key == "gia-lai"
    assert comps(province) == components(overview["groupScores"])
    assert province.total == overview["totalScore"] and province.rank is None
    for a in data["agencies"]:
        snap = snaps[a["departmentCode"]]
        assert snap.unit.name == a["departmentName"]
        assert snap.unit.level is Level.DEPARTMENT and snap.unit.province == "gia-lai"
        assert comps(snap) == components(a["groupScores"])
        assert snap.total == a["totalScore"]
        assert (snap.rank, snap.rank_of) == (a["groupRank"], overview["agencyCount"])
        assert (snap.as_of, snap.period) == (as_of, Period.of_year(int(meta["year"])))
        overall = metric(records, a["departmentCode"], "rank", component=None)
        assert (overall.value, overall.denominator) == (a["rank"], overview["totalUnitsCount"])
        assert snap.unit.portal_id == a["departmentId"]
    code = overview["departmentCode"]
    assert metric(records, code, "growthPercent").value == overview["growthPercent"]
    assert metric(records, code, "communeCount").value == overview["communeCount"]
    assert records.document.province == "Gia Lai"
    assert records.document.period_end == as_of


def _stale(path: Path) -> list[str]:
    data = raw(path)
    rows = [data["overview"], *data["agencies"]]
    return [r["departmentName"] for r in rows if sum(r["groupScores"].values()) != r["totalScore"]]


def test_every_stale_total_is_found(parsed: dict[Path, Records]) -> None:
    expected = _stale(STALE)
    assert {"Sở Công Thương - tỉnh Gia Lai", "Sở Y tế - tỉnh Gia Lai"} <= set(expected)
    findings = idx766.check(parsed[STALE])
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert all(f.check == "component-sum-equals-total" for f in errors)
    assert sorted(f.unit or "" for f in errors) == sorted(expected)
    for f in errors:
        assert f.location is not None and f.location.sheet == "agencies"


@pytest.mark.parametrize("path", CONSISTENT, ids=lambda p: p.name)
def test_consistent_files_give_no_error(path: Path, parsed: dict[Path, Records]) -> None:
    findings = idx766.check(parsed[path])
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    if path != TREE:
        assert findings == ()


def test_check_command_reports_each_stale_total(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(STALE), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    for name in _stale(STALE):
        assert name in out
    assert f"{len(_stale(STALE))} errors" in out
    assert main(["check", *map(str, CONSISTENT), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.count(": 0 errors,") == len(CONSISTENT) and "Error" not in out


# -- Crawler-766: the day-over-day comparison -----------------------------------------------


def test_comparison_changes(parsed: dict[Path, Records]) -> None:
    data = raw(COMPARISON)
    meta = data["metadata"]
    records = parsed[COMPARISON]
    frm, to = ddmmyyyy(meta["previousRunDate"]), ddmmyyyy(meta["currentRunDate"])
    changes: dict[tuple[str | None, str | None], Change] = {}
    for c in records.changes:
        key = (c.unit.code, c.component)
        assert key not in changes, key
        changes[key] = c
        assert (c.from_date, c.to_date) == (frm, to)
    assert len(data["units"]) == 149
    for u in data["units"]:
        code = u["departmentCode"]
        total = changes[(code, None)]
        assert (total.before, total.after, total.delta) == (
            u["previousScoreDaily"],
            u["currentScore"],
            u["scoreDeltaDaily"],
        )
        assert (total.rank_before, total.rank_after) == (u["previousRankDaily"], u["currentRank"])
        rank = changes[(code, "rank")]
        assert rank.delta == u["rankChangeDaily"]
        assert rank.rank_before is not None and rank.rank_after is not None
        assert rank.rank_before - rank.rank_after == u["rankChangeDaily"]
        for group, delta in u["groupScoresDeltaDaily"].items():
            change = changes[(code, GROUP[group])]
            assert (change.delta, change.after) == (delta, u["groupScores"][group])
    units = {u["departmentCode"] for u in data["units"]}
    assert {k[0] for k in changes} == units | {meta["provinceCode"]}
    province = changes[(meta["provinceCode"], None)]
    o = data["overview"]
    assert (province.before, province.after, province.delta) == (
        o["previousScoreDaily"],
        o["currentScore"],
        o["scoreDeltaDaily"],
    )
    gainers = {c.unit.name: c for c in records.changes if "gainers" in c.groups}
    assert set(gainers) == {t["name"] for t in data["topImproversDaily"]}
    for t in data["topImproversDaily"]:
        g = gainers[t["name"]]
        assert (g.before, g.after, g.delta) == (t["prevDaily"], t["current"], t["deltaDaily"])


def test_comparison_scores_once_per_unit(parsed: dict[Path, Records]) -> None:
    data = raw(COMPARISON)
    records = parsed[COMPARISON]
    snaps = by_code(records)
    assert len(snaps) == len(data["units"]) + 1
    count = {"AGENCY": data["overview"]["agencyCount"], "COMMUNE": data["overview"]["communeCount"]}
    assert Counter(u["childGroup"] for u in data["units"]) == count
    level = {"AGENCY": Level.DEPARTMENT, "COMMUNE": Level.COMMUNE}
    for u in data["units"]:
        snap = snaps[u["departmentCode"]]
        assert snap.unit.level is level[u["childGroup"]]
        assert comps(snap) == components(u["groupScores"]) and snap.total == u["currentScore"]
        assert (snap.rank, snap.rank_of) == (u["groupRank"], count[u["childGroup"]])
        assert snap.as_of == ddmmyyyy(data["metadata"]["currentRunDate"])
        sheets = {s.sheet for s in snap.sources}
        assert {"units", "agencies" if u["childGroup"] == "AGENCY" else "communes"} <= sheets
    province = snaps[data["metadata"]["provinceCode"]]
    assert province.total == data["overview"]["currentScore"]
    for key in ("increasedCount", "decreasedCount", "unchangedCount", "newUnitsCount"):
        m = metric(records, data["metadata"]["provinceCode"], key)
        assert m.value == data["overview"][key]
    assert records.findings == ()


# -- qd766: the raw dvc-progress-tree response ----------------------------------------------


def test_progress_tree(parsed: dict[Path, Records]) -> None:
    data = raw(TREE)["data"]
    records = parsed[TREE]
    children = data["children"]
    assert len(records.overdue) == len(children) == 163
    overdue = {o.unit.code: o.count for o in records.overdue}
    assert overdue == {c["departmentCode"]: c["totalOverdue"] for c in children}
    snaps = by_code(records)
    parent = snaps[data["parent"]["departmentCode"]]
    assert comps(parent) == {"tien_do": data["parent"]["totalScore"]} and parent.total is None
    levels = {"PROVINCE": Level.DEPARTMENT, "COMMUNE": Level.COMMUNE}
    for c in children:
        code = c["departmentCode"]
        ratio = metric(records, code, "ratio")
        assert (ratio.numerator, ratio.denominator) == (c["totalOnTime"], c["totalReceived"])
        assert metric(records, code, "totalReceived").value == c["totalReceived"]
        if c["totalReceived"] == 0:  # "no data, not a measured zero"
            assert code not in snaps and ratio.value is None
            continue
        assert ratio.value == c["ratio"]
        assert comps(snaps[code]) == {"tien_do": Decimal(c["score"])}
        assert snaps[code].unit.level is levels[c["level"]]
    # the response names no date: the capture manifest beside it does (matched by sha256)
    manifest = raw(TREE.parents[1] / "manifest.m0.json")
    [capture] = [c for c in manifest["captures"] if c["file"] == "dvc-progress-tree/month-all.json"]
    vietnam = timezone(timedelta(hours=7))
    captured = datetime.fromisoformat(capture["capturedAt"]).astimezone(vietnam)
    payload = capture["payload"]
    assert {s.as_of for s in records.scores} == {captured.date()}
    assert {s.period for s in records.scores} == {
        Period.of_month(payload["year"], payload["month"])
    }
    assert records.findings == ()
    assert records.document.province == "Phú Thọ"


def test_a_directory_of_units_is_not_a_report() -> None:
    with pytest.raises(NotAReportError, match="34 units are named but none has a figure"):
        idx766.parse(CONFIG)


# -- other shapes: wrappers, raw envelopes, the old service ---------------------------------


def _write(tmp_path: Path, name: str, obj: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(obj, ensure_ascii=False, default=str), encoding="utf-8")
    return path


def _dumps_decimal(obj: Any) -> str:
    """JSON text with Decimals written with their own digits (as the portal wrote them)."""

    class Encoder(json.JSONEncoder):
        def default(self, o: Any) -> Any:
            return float(o) if isinstance(o, Decimal) else super().default(o)

    return json.dumps(obj, ensure_ascii=False, cls=Encoder)


def _json_file(tmp_path: Path, name: str, obj: Any) -> Path:
    path = tmp_path / name
    path.write_text(_dumps_decimal(obj), encoding="utf-8")
    return path


def _numbers(records: Records) -> list[tuple[Any, ...]]:
    return sorted(
        (s.unit.code, s.unit.key, s.total, tuple(s.components or ()), s.rank, s.rank_of, s.as_of)
        for s in records.scores
    )


def test_a_new_wrapper_around_the_same_records(tmp_path: Path, parsed: dict[Path, Records]) -> None:
    data = raw(STALE)
    wrapped = {
        "metadata": data["metadata"],
        "overview": data["overview"],
        "result": {"page": 1, "items": {"list": data["agencies"]}},
    }
    path = _json_file(tmp_path, "wrapped.json", wrapped)
    records = idx766.parse(path)
    assert _numbers(records) == _numbers(parsed[STALE])
    assert {s.sources[0].sheet for s in records.scores} == {"result.items.list", "overview"}


def test_dates_and_periods_come_from_the_metadata(tmp_path: Path) -> None:
    data = raw(STALE)
    month = {**data, "metadata": {**data["metadata"], "timeType": "month", "period": 8}}
    records = idx766.parse(_json_file(tmp_path, "month.json", month))
    assert {s.period for s in records.scores} == {Period.of_month(int(data["metadata"]["year"]), 8)}
    assert records.document.period_start == date(data["metadata"]["year"], 8, 1)
    label = {**data, "metadata": {**data["metadata"], "timeType": None, "year": None}}
    label["metadata"]["periodLabel"] = "Tháng 9/2026"
    assert idx766.parse(_json_file(tmp_path, "l.json", label)).scores[0].period == Period.of_month(
        2026, 9
    )
    meta = {k: v for k, v in data["metadata"].items() if k != "runDateStr"}
    records = idx766.parse(_json_file(tmp_path, "t.json", {**data, "metadata": meta}))
    extracted = datetime.fromisoformat(meta["extractedAt"]).astimezone(timezone(timedelta(hours=7)))
    assert {s.as_of for s in records.scores} == {extracted.date()}  # the day in Vietnam


def test_a_tree_nested_in_its_parent(tmp_path: Path, parsed: dict[Path, Records]) -> None:
    data = raw(TREE)
    nested = {
        "code": "OK",
        "data": {"parent": {**data["data"]["parent"], "children": data["data"]["children"]}},
    }
    records = idx766.parse(_json_file(tmp_path, "nested.json", nested))
    undated = [(*n[:-1], None) for n in _numbers(parsed[TREE])]  # no manifest beside the copy
    assert _numbers(records) == undated
    assert len(records.overdue) == len(data["data"]["children"])
    [finding] = records.findings
    assert finding.check == "undated-data"


def test_raw_service_results_envelope(tmp_path: Path, parsed: dict[Path, Records]) -> None:
    data = raw(RANKING)
    evaluation = [
        {
            "departmentId": p["departmentId"],
            "departmentName": p["departmentName"],
            "departmentCode": p["departmentCode"],
            "level": "PROVINCE",
            "totalScore": p["totalScore"],
            "groupScores": p["scores"],
            "rank": p["rank"],
        }
        for p in data["provinces"]
    ]
    path = _json_file(
        tmp_path,
        "service-results.json",
        {"code": "OK", "data": {"evaluation": evaluation}, "message": "OK"},
    )
    records = idx766.parse(path)
    expected = {
        (s.unit.code, s.total, s.components, s.rank, s.rank_of) for s in parsed[RANKING].scores
    }
    assert {
        (s.unit.code, s.total, s.components, s.rank, s.rank_of) for s in records.scores
    } == expected
    assert [f.check for f in records.findings] == ["undated-data"]
    assert all(s.as_of is None for s in records.scores)


def test_metrics_keep_nulls_and_quality_flags(tmp_path: Path) -> None:
    child = raw(TREE)["data"]["children"][1]
    metrics = [
        {
            "code": "TDGQ_01",
            "name": "Tỷ lệ hồ sơ đúng hạn",
            "numerator": child["totalOnTime"],
            "denominator": None,
            "ratio": None,
            "score": child["score"],
            "maxScore": child["maxScore"],
            "dataQualityStatus": "MISSING_DENOMINATOR",
            "dataQualityMessage": "denominator not reported",
        }
    ]
    unit = {k: child[k] for k in ("departmentId", "departmentName", "departmentCode", "level")}
    path = _json_file(
        tmp_path,
        "metrics.json",
        {"code": "OK", "data": {"evaluation": [{**unit, "metrics": metrics}]}},
    )
    records = idx766.parse(path)
    [m] = [m for m in records.metrics if m.metric == "ratio" and m.indicator == "TDGQ_01"]
    assert (m.numerator, m.denominator, m.value) == (child["totalOnTime"], None, None)
    [score] = [m for m in records.metrics if m.metric == "score" and m.indicator == "TDGQ_01"]
    assert score.value == child["score"] and score.unit_of_measure == "points"
    assert score.maximum == child["maxScore"]
    [flag] = [f for f in records.findings if f.check == "portal-data-quality"]
    assert "MISSING_DENOMINATOR" in flag.message and "denominator not reported" in flag.message


def _old_rows(swap: bool) -> list[dict[str, Any]]:
    """The ranking as the older report_tinh_766_service sent it: flat codes, strings."""
    rows = []
    for p in raw(RANKING)["provinces"]:
        s = p["scores"]
        online, payment = (s["TTTT"], s["CLGQ"]) if swap else (s["CLGQ"], s["TTTT"])
        rows.append(
            {
                "ID": p["departmentId"],
                "TEN": p["departmentName"],
                "ROW_STT": p["rank"],
                "CKMB": str(s["CKMB"]),
                "TDGQ": str(s["TDGQ"]),
                "TTTT": str(payment),
                "CLGQ": str(online),
                "MDHL": str(s["MDHL"]),
                "MDSH": str(s["MDSH"]),
                "TONG_SCORE": str(p["totalScore"]),
            }
        )
    return rows


@pytest.mark.parametrize("swap", [False, True], ids=["letters-as-today", "letters-swapped"])
def test_old_service_rows_decided_by_magnitude(
    swap: bool, tmp_path: Path, parsed: dict[Path, Records]
) -> None:
    rows = _old_rows(swap)
    path = _write(tmp_path, "report_tinh_766.json", rows)
    records = idx766.parse(path)
    expected = {s.unit.key: (s.total, comps(s), s.rank) for s in parsed[RANKING].scores}
    assert {s.unit.key: (s.total, comps(s), s.rank) for s in records.scores} == expected
    [finding] = [f for f in records.findings if f.check == "ambiguous-group-code"]
    assert finding.severity is Severity.WARNING and "may be swapped" in finding.message
    assert "ambiguous-group-code" in CATALOGUE


def test_old_service_decisive_magnitude(tmp_path: Path) -> None:
    rows = _old_rows(swap=True)  # TTTT holds the 12-point group
    first = rows[0]
    bump = Decimal("2.5")  # one unit above 10 in that group decides it
    first["TTTT"] = str(Decimal(first["TTTT"]) + bump)
    first["TONG_SCORE"] = str(Decimal(first["TONG_SCORE"]) + bump)
    records = idx766.parse(_write(tmp_path, "old.json", rows))
    snap = next(s for s in records.scores if s.unit.name == first["TEN"])
    assert snap.component("dvc_truc_tuyen") == Decimal(first["TTTT"])
    assert snap.component("thanh_toan") == Decimal(first["CLGQ"])
    [finding] = [f for f in records.findings if f.check == "ambiguous-group-code"]
    assert "decided by magnitude" in finding.message
    assert idx766.check(records, only=["component-sum-equals-total"]) == ()


def test_decide_online_rules() -> None:
    d = Decimal
    today = decide_online({"CLGQ": [d("11.5")], "TTTT": [d("9")]}, letters_trusted=True)
    assert today.keys["CLGQ"] == "dvc_truc_tuyen" and today.message is None
    contradicted = decide_online({"ONLINE": [d("9")], "TTTT": [d("10.5")]}, letters_trusted=True)
    assert contradicted.keys["TTTT"] == "thanh_toan" and "swapped" in (contradicted.message or "")
    assert decide_online({"CKMB": [d("1")]}, letters_trusted=False).message is None


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "error", "reason"),
    [
        (b'{"data": [1, 2', CorruptFileError, "not valid JSON"),
        (b'{"totalScore": NaN, "departmentName": "x"}', CorruptFileError, "NaN"),
        (b"[" * 100_000, CorruptFileError, "nested too deeply"),
        (b"\x80 not text", CorruptFileError, "not UTF-8"),
        (b'{"a": 1, "b": [true, null]}', NotAReportError, "no unit records"),
        (b'{"code": "UNAUTHORIZED", "message": "token expired"}', NotAReportError, "token expired"),
        (b'\xff\xfe{\x00"\x00', CorruptFileError, "Unterminated string"),
    ],
)
def test_bad_json_gives_library_errors(
    content: bytes, error: type[Exception], reason: str, tmp_path: Path
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(error, match=reason):
        PortalJsonParser().parse(path, idx766.ParseOptions())


def test_a_bad_number_skips_its_record_only(tmp_path: Path) -> None:
    data = raw(STALE)
    data["agencies"][0]["groupScores"]["CKMB"] = "mười một"
    records = idx766.parse(_json_file(tmp_path, "x.json", data))
    [skipped] = [f for f in records.findings if f.check == "skipped-row"]
    assert skipped.location is not None and skipped.location.row == 0 and "CKMB" in skipped.message
    assert len(records.scores) == len(data["agencies"])


def test_random_bytes_named_json_are_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(UnsupportedFormatError):
        idx766.parse(path)


@pytest.mark.parametrize("path", [RANKING, COMPARISON, TREE], ids=lambda p: p.name)
def test_interchange_round_trip(path: Path, parsed: dict[Path, Records]) -> None:
    text = idx766.dumps(parsed[path])
    assert idx766.loads(text) == parsed[path]
