"""Tolerances come from the precision a table was printed with, not from each cell's digits;
rank changes are accepted in both conventions in use; an impossible implied total is found."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import idx766
from idx766 import check
from idx766.components import SIX_GROUP
from idx766.model import Change, Document, Provenance, Records, Snapshot, Unit

DOC = Document(kind="weekly_report", source="r.docx", sha256="0", parser="docx-report")
KEYS = [c.key for c in SIX_GROUP.components]
MAXIMA = [int(c.max_points) for c in SIX_GROUP.components]


def _printed(value: Decimal) -> Decimal:
    """A two-decimal figure as a report prints it: trailing zeros dropped ("18.00" → "18")."""
    return value.normalize() if value == value.to_integral() else value


def _table(rows: list[tuple[list[Decimal], Decimal]]) -> Records:
    scores = tuple(
        Snapshot(
            unit=Unit.from_printed(f"UBND xã Số {i}"),
            as_of=date(2026, 5, 25),
            total=total,
            components=dict(zip(KEYS, comps, strict=True)),
            sources=(Provenance(file="r.docx", table=7, row=i + 1),),
        )
        for i, (comps, total) in enumerate(rows)
    )
    return Records(document=DOC, scores=scores)


def _sum_findings(records: Records) -> set[str]:
    return {f.unit or "" for f in check(records) if f.check == "component-sum-equals-total"}


cents = st.tuples(*(st.integers(0, m * 100) for m in MAXIMA)).map(
    lambda t: [Decimal(v).scaleb(-2) for v in t]
)


@settings(max_examples=40)
@given(st.lists(cents, min_size=2, max_size=8), st.data())
def test_an_integer_cell_in_a_two_decimal_table_is_exact(
    rows: list[list[Decimal]], data: st.DataObject
) -> None:
    rows[0][0] = Decimal("17.95")  # the table shows two decimals somewhere
    rows[1] = [Decimal(m) for m in MAXIMA]  # a row of whole numbers: "18", "20", "12"...
    wrong = data.draw(st.integers(1, len(rows) - 1))
    off = data.draw(st.sampled_from([Decimal("0.01"), Decimal("-0.07"), Decimal("0.10")]))
    printed = [([_printed(v) for v in comps], sum(comps, Decimal(0))) for comps in rows]
    comps, total = printed[wrong]
    printed[wrong] = (comps, total + off)
    assert _sum_findings(_table(printed)) == {f"UBND xã Số {wrong}"}


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@settings(max_examples=40)
@given(st.lists(cents, min_size=1, max_size=6))
def test_a_one_decimal_table_keeps_its_rounding(rows: list[list[Decimal]]) -> None:
    """2023: components printed with one decimal, totals with two (75,7 against 75,69)."""
    printed = [([_one_decimal(v) for v in comps], sum(comps, Decimal(0))) for comps in rows]
    assert _sum_findings(_table(printed)) == set()
    comps, total = printed[0]
    printed[0] = (comps, total + Decimal("0.61"))  # beyond twice 6 × 0,05: wrong in any case
    assert _sum_findings(_table(printed)) == {"UBND xã Số 0"}


def _rank_changes(moves: list[tuple[int, int, int]]) -> Records:
    changes = tuple(
        Change(
            unit=Unit.from_printed(f"Tỉnh {i}"),
            component="rank",
            from_date=date(2026, 5, 18),
            to_date=date(2026, 5, 25),
            before=Decimal(before),
            after=Decimal(after),
            delta=Decimal(delta),
            source=Provenance(file="r.docx", table=1, row=i + 1),
        )
        for i, (before, after, delta) in enumerate(moves)
    )
    return Records(document=DOC, changes=changes)


def _delta_findings(records: Records) -> list[str]:
    return [f.message for f in check(records) if f.check == "delta-equals-difference"]


def test_both_rank_change_conventions_are_accepted() -> None:
    assert _delta_findings(_rank_changes([(5, 4, 1), (3, 6, -3)])) == []  # places gained
    assert _delta_findings(_rank_changes([(5, 4, -1), (3, 6, 3)])) == []  # to − from
    [found] = _delta_findings(_rank_changes([(5, 4, -1), (3, 6, 3), (2, 7, 4)]))
    assert "Tỉnh 2" in found and "to − from" in found


def test_the_news_article_gives_exactly_its_two_errors() -> None:
    records = idx766.parse(Path(__file__).parent / "fixtures" / "docx" / "002-tin-bai.docx")
    errors = sorted((f.check, f.unit) for f in check(records) if f.severity.value == "error")
    assert errors == [
        ("component-within-max", "Thái Nguyên"),
        ("components-sum-within-100", "Thái Nguyên"),
    ]
