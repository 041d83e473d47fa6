"""The check catalogue: sums within printed precision, maxima by methodology, codes documented."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

import idx766
from idx766 import CATALOGUE, Check, check
from idx766.analysis.checks import catalogue_markdown, register, tolerance
from idx766.cli import main
from idx766.components import SIX_GROUP
from idx766.model import (
    Aggregate,
    Document,
    Finding,
    Level,
    Provenance,
    Records,
    Severity,
    Snapshot,
    Unit,
)

DOC = Document(kind="weekly_report", source="r.docx", sha256="0", parser="docx-report")


def _records(components: dict[str, Decimal], total: Decimal, methodology: str | None) -> Records:
    snap = Snapshot(
        unit=Unit.from_printed("Sở Y tế"),
        as_of=date(2026, 5, 25),
        total=total,
        components=components,
        methodology=methodology,
        sources=(Provenance(file="r.docx", table=3, row=1),),
    )
    return Records(document=DOC, scores=(snap,))


def _codes(records: Records) -> list[str]:
    return [f.check for f in check(records)]


two_place_components = st.tuples(
    *(st.integers(0, int(c.max_points) * 100) for c in SIX_GROUP.components)
).map(
    lambda t: {c.key: Decimal(v).scaleb(-2) for c, v in zip(SIX_GROUP.components, t, strict=True)}
)


@given(two_place_components)
def test_exact_two_place_sum_is_fine(comps: dict[str, Decimal]) -> None:
    total = sum(comps.values(), Decimal(0))
    assert "component-sum-equals-total" not in _codes(_records(comps, total, "six-group"))


@given(two_place_components, st.integers(1, 500), st.sampled_from([1, -1]))
def test_any_perturbation_of_a_two_place_total_is_found(
    comps: dict[str, Decimal], cents: int, sign: int
) -> None:
    total = sum(comps.values(), Decimal(0)) + sign * Decimal(cents).scaleb(-2)
    assert "component-sum-equals-total" in _codes(_records(comps, total, "six-group"))


@given(two_place_components)
def test_rounding_to_one_place_is_never_an_error(comps: dict[str, Decimal]) -> None:
    exact = sum(comps.values(), Decimal(0))
    printed = {k: v.quantize(Decimal("0.1")) for k, v in comps.items()}
    assert "component-sum-equals-total" not in _codes(_records(printed, exact, "six-group"))


def test_the_2023_report_sum_is_within_printed_precision() -> None:
    comps = dict(
        zip(SIX_GROUP.keys, map(Decimal, ["14.6", "18.6", "7.1", "5.3", "18", "12.1"]), strict=True)
    )
    assert sum(comps.values()) == Decimal("75.7")
    assert _codes(_records(comps, Decimal("75.69"), None)) == []
    # five terms printed with one place (±0,05 each), "18" with none (±0,5), the total exact
    assert tolerance([*comps.values(), Decimal("75.69")]) == Decimal("0.75")
    assert tolerance([Decimal("18"), Decimal("18.60")], [2, 2]) == Decimal(0)


def test_component_over_its_maximum_depends_on_methodology() -> None:
    six = {
        "cong_khai": Decimal("15.61"),
        "tien_do": Decimal("19.63"),
        "dvc_truc_tuyen": Decimal("18.4"),
        "thanh_toan": Decimal("10"),
        "hai_long": Decimal("17.76"),
        "so_hoa": Decimal("20.8"),
    }
    codes = _codes(_records(six, Decimal("102.2"), None))
    assert "component-within-max" in codes and "total-within-100" in codes
    five = {
        "cong_khai": Decimal("15.67"),
        "tien_do": Decimal("19.31"),
        "truc_tuyen": Decimal("17.49"),
        "hai_long": Decimal("17.86"),
        "so_hoa": Decimal("16.64"),
    }
    assert _codes(_records(five, Decimal("86.97"), None)) == []


def test_every_catalogue_entry_is_documented() -> None:
    for code, entry in CATALOGUE.items():
        assert entry.code == code and entry.title and entry.description and entry.template
        # what it lets pass and why, shown on docs/checks.md (issue 16)
        assert entry.tolerance, f"{code} does not say what tolerance it applies"
        page = catalogue_markdown()
        assert f"## `{code}`" in page and f"Tolerance: {entry.tolerance}" in page


# -- the checks on real documents, and what they catch when a figure is changed ------------------

FIXTURES = Path(__file__).parent / "fixtures" / "docx"


def _parsed(prefix: str) -> Records:
    [path] = FIXTURES.glob(f"{prefix}-*.docx")
    return idx766.parse(path)


def _errors(records: Records) -> set[str]:
    return {f.check for f in check(records) if f.severity == "error"}


def test_the_2023_tables_add_up_and_their_rates_match_their_counts() -> None:
    records = _parsed("004")
    totals = [m for m in records.metrics if m.aggregate is Aggregate.SUM and m.unit is None]
    assert totals, "the TỔNG rows are read as sums to check"
    assert _errors(records) == set()
    # one overdue count changed: its column no longer adds up
    first = records.overdue[0]
    changed = evolve(records, overdue=(evolve(first, count=first.count + 1), *records.overdue[1:]))
    assert "column-total-equals-sum" in _errors(changed)
    # one rate changed beyond its printed precision
    i, rate = next(
        (i, m)
        for i, m in enumerate(records.metrics)
        if m.unit_of_measure == "%" and m.value == Decimal("90.19")
    )
    metrics = list(records.metrics)
    metrics[i] = evolve(rate, value=Decimal("90.29"))
    assert "percentage-matches-counts" in _errors(evolve(records, metrics=tuple(metrics)))


def test_weekly_deltas_counts_and_ties() -> None:
    records = _parsed("001")
    findings = check(records)
    assert [f.check for f in findings] == ["top-n-cuts-tie"]
    assert findings[0].unit == "UBND xã Nghĩa Tá"
    # a published delta that is not after − before
    i, change = next((i, c) for i, c in enumerate(records.changes) if c.delta)
    changes = list(records.changes)
    changes[i] = evolve(change, delta=change.delta + Decimal("0.01"))  # type: ignore[operator]
    assert "delta-equals-difference" in _errors(evolve(records, changes=tuple(changes)))
    # the sentence's count of units that gained no longer matches the table
    i, said = next(
        (i, m)
        for i, m in enumerate(records.metrics)
        if m.metric == "units_up" and m.units_level is Level.DEPARTMENT and m.units_group is None
    )
    metrics = list(records.metrics)
    metrics[i] = evolve(said, value=said.value + 1)  # type: ignore[operator]
    assert "narrative-matches-table" in _errors(evolve(records, metrics=tuple(metrics)))


def test_pakn_code_dated_after_receipt() -> None:
    records = _parsed("001")
    first = records.pakn[0]
    assert first.received_on is not None
    late = evolve(first, code=f"PAKN.{first.received_on + timedelta(days=3):%Y%m%d}.0001")
    assert "pakn-code-date" in _errors(evolve(records, pakn=(late, *records.pakn[1:])))


def test_rank_against_score() -> None:
    records = _parsed("001")
    i, snap = next((i, s) for i, s in enumerate(records.scores) if s.rank == 1 and s.rank_of)
    scores = list(records.scores)
    scores[i] = evolve(snap, total=Decimal("50"))
    assert "rank-consistent-with-score" in _errors(evolve(records, scores=tuple(scores)))


def test_user_checks_run_when_enabled_by_name() -> None:
    def nothing_below_95(entry: Check, records: Records) -> list[Finding]:
        return [
            entry.finding(unit=s.unit.name, location=None, total=s.total)
            for s in records.scores
            if s.total is not None and s.total < 95
        ]

    entry = register(
        Check(
            code="test-below-95",
            title="below 95",
            severity=Severity.WARNING,
            description="demo",
            template="{unit}: {total}",
            run=nothing_below_95,
            default=False,
        )
    )
    try:
        records = _parsed("000")
        assert "test-below-95" not in {f.check for f in check(records)}
        enabled = {f.check for f in check(records, enable=["test-below-95"])}
        assert "test-below-95" in enabled
        assert {f.check for f in check(records, only=["test-below-95"])} == {"test-below-95"}
    finally:
        del CATALOGUE[entry.code]


def test_docs_checks_page_is_generated_from_the_catalogue(
    capsys: pytest.CaptureFixture[str],
) -> None:
    page = Path(__file__).parents[1] / "docs" / "checks.md"
    assert page.read_text(encoding="utf-8") == catalogue_markdown()
    assert main(["checks", "--format", "markdown"]) == 0
    assert capsys.readouterr().out == catalogue_markdown()
