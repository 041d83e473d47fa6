"""Seed 001 (weekly report, week 21 of 2026) rendered as DOCX parses to what the seed holds.

Every expectation is derived from the seed text by tests/seed_expect.py, not retyped.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import idx766
from idx766.model import Level, Records
from idx766.units import default_registry, resolve
from projection import projection
from seed_expect import component_rows, plain, raw_tables, tables_with

REGISTRY = default_registry()
FIXTURES = Path(__file__).parent / "fixtures" / "docx"
WEEKLY = FIXTURES / "001-bao-cao-tuan-21-2026.docx"
VARIANTS = sorted((FIXTURES / "variants").glob("001-*.docx"))


@pytest.fixture(scope="module")
def weekly() -> Records:
    return idx766.parse(WEEKLY)


def _by_name(records: Records) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for s in records.scores:
        for n in s.names:
            out.setdefault(n, []).append(s)
    return out


def test_document(weekly: Records) -> None:
    doc = weekly.document
    assert doc.kind == "weekly_report"
    assert (doc.period_start, doc.period_end) == (date(2026, 5, 18), date(2026, 5, 25))
    assert doc.week == 21
    assert doc.province == "Thái Nguyên"
    assert len(doc.sha256) == 64


def test_appendix_one_units_with_components_and_rank(weekly: Records) -> None:
    expected = component_rows("001")
    assert len(expected) == 105  # 13 departments + 92 communes, as the seed's headings say
    by_name = _by_name(weekly)
    for row in expected:
        [snap] = [s for s in by_name[row["name"]] if s.components is not None]
        assert snap.as_of == date(2026, 5, 25)
        assert {c.component: c.value for c in snap.components} == row["components"]
        assert snap.total == row["total"]
        assert (snap.rank, snap.rank_of) == (row["position"], row["of"])
        assert snap.methodology == "six-group"
    with_components = [s for s in weekly.scores if s.components and s.unit.level != Level.PROVINCE]
    assert len(with_components) == 105


def test_province_comparison(weekly: Records) -> None:
    [table] = tables_with("001", "xep hang", "khoang cach")
    by_name = _by_name(weekly)
    for rank, name, score, gap in table.data:
        [snap] = [
            s
            for s in by_name[name]
            if s.unit.level == Level.PROVINCE and s.as_of == date(2026, 5, 25) and not s.period
        ]
        assert snap.rank == int(rank)
        assert snap.total == Decimal(score)
        gaps = [m for m in weekly.metrics if m.metric == "gap" and m.unit and m.unit.name == name]
        if gap.strip("-"):
            assert [m.value for m in gaps] == [Decimal(gap)]
        else:
            assert [m.value for m in gaps] == [Decimal(0)]
    assert len(table.data) == 7


def test_province_components_from_and_to(weekly: Records) -> None:
    [table] = tables_with("001", "chi so", "bien dong")
    province = [
        c
        for c in weekly.changes
        if c.unit.level == Level.PROVINCE and c.source and c.source.table is not None
    ]
    assert len(province) == len(table.data)
    for change, (label, before, after, delta) in zip(province, table.data, strict=True):
        assert change.from_date == date(2026, 5, 18) and change.to_date == date(2026, 5, 25)
        assert change.before == Decimal(before) and change.after == Decimal(after)
        expected_delta = Decimal(0) if set(delta) == {"-"} else Decimal(delta)
        assert change.delta == expected_delta
        if plain(label).startswith("xep hang"):
            assert (change.rank_before, change.rank_after) == (int(before), int(after))
    [snap] = [
        s
        for s in weekly.scores
        if s.unit.level == Level.PROVINCE and s.as_of == date(2026, 5, 25) and s.components
    ]
    assert len(snap.components or ()) == 6
    assert (snap.rank, snap.rank_of) == (5, 34)


def _changes_of(weekly: Records, table_rows: list[list[str]]) -> list[Any]:
    names = [r[1] for r in table_rows]
    found = [c for c in weekly.changes if c.component is None and c.unit.name in names]
    return found


def test_department_changes(weekly: Records) -> None:
    [table] = tables_with("001", "so/nganh", "bien dong")
    assert len(table.data) == 13
    for _, name, before, after, delta in table.data:
        [change] = [c for c in weekly.changes if c.unit.name == name and c.component is None]
        assert (change.before, change.after) == (Decimal(before), Decimal(after))
        assert change.delta == (Decimal(0) if set(delta) == {"-"} else Decimal(delta))
        assert change.unit.level == Level.DEPARTMENT


@pytest.mark.parametrize(("position", "group"), [(0, "leaders"), (1, "laggards"), (2, "gainers")])
def test_commune_group_changes(weekly: Records, position: int, group: str) -> None:
    table = tables_with("001", "xa/phuong", "bien dong")[position]
    grouped = [c for c in weekly.changes if group in c.groups]
    # a unit in two group tables (laggard and gainer) is one change with both groups
    assert sorted((c.unit.key, c.before, c.after) for c in grouped) == sorted(
        (resolve(REGISTRY, name, province="Thái Nguyên").unit.key, Decimal(before), Decimal(after))  # type: ignore[union-attr]
        for _, name, before, after, _ in table.data
    )
    for change in grouped:
        assert change.unit.level == Level.COMMUNE


def test_overdue_counts(weekly: Records) -> None:
    [table] = tables_with("001", "qua han")
    expected = [(row[1], int(row[2])) for row in table.data]
    assert [(o.unit.name, o.count) for o in weekly.overdue] == expected
    assert len(expected) == 54
    assert sum(o.count for o in weekly.overdue) == sum(c for _, c in expected)
    assert {o.as_of for o in weekly.overdue} == {date(2026, 5, 25)}


def test_pakn(weekly: Records) -> None:
    # rows 11-15 stand after the footnote that splits the table: take every row with a code
    rows = [r for t in raw_tables("001") for r in t.data if r[1].startswith("PAKN.")]
    assert len(rows) == 15
    got = [
        (p.code, p.sender, p.received_on, p.sector, p.unit.name if p.unit else None)
        for p in weekly.pakn
    ]
    want = [
        (code, sender, date(*reversed([int(x) for x in received.split("/")])), sector, unit)
        for _, code, sender, received, sector, unit in rows
    ]
    assert got == want


def test_no_findings_on_the_consistent_seed(weekly: Records) -> None:
    assert [f for f in idx766.check(weekly) if f.severity == "error"] == []


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda p: p.stem)
def test_variants_give_the_same_records(weekly: Records, variant: Path) -> None:
    assert projection(idx766.parse(variant)) == projection(weekly)
