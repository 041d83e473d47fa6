"""The check catalogue: sums within printed precision, maxima by methodology, codes documented."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from idx766 import CATALOGUE, check
from idx766.analysis.checks import tolerance
from idx766.components import SIX_GROUP
from idx766.model import Document, Provenance, Records, Snapshot, Unit

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
