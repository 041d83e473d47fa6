"""Checks of scores: sums, maxima, the 0–100 range, ranks against scores."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import polars as pl
from attrs import evolve

from idx766.analysis.catalogue import Check, register
from idx766.analysis.frame_checks import out_of_range, over_maximum, sum_mismatches
from idx766.analysis.precision import PrintedPlaces
from idx766.components import METHODOLOGIES, SIX_GROUP, Methodology, infer_methodology
from idx766.frames import frame_of
from idx766.interpret.ranking import out_of_order
from idx766.model import Finding, Provenance, Records, Severity, Snapshot

__all__: list[str] = []


def methodology_of(snap: Snapshot) -> Methodology:
    """The snapshot's methodology: as recorded, else from its components, else six groups."""
    return (
        METHODOLOGIES.get(snap.methodology or "")
        or infer_methodology(c.component for c in snap.components or ())
        or SIX_GROUP
    )


def _values(snap: Snapshot) -> list[tuple[str, Decimal]]:
    values = [(c.component, c.value) for c in snap.components or ()]
    if snap.total is not None:
        values.append(("total", snap.total))
    return values


def where(snap: Snapshot) -> Provenance | None:
    """Where a snapshot was first read."""
    return snap.sources[0] if snap.sources else None


def _scores_frame(snaps: list[Snapshot], allowed: list[Decimal] | None = None) -> pl.DataFrame:
    """The snapshots as a frame for the frame checks, with their position as ``index``."""
    typed = [evolve(s, methodology=methodology_of(s).key) for s in snaps]
    frame = frame_of("scores", typed).with_row_index("index")
    if allowed is not None:
        frame = frame.with_columns(allowed=pl.Series(allowed, dtype=pl.Decimal(38, 3)))
    return frame


def _sum_equals_total(check: Check, records: Records) -> Iterator[Finding]:
    printed = PrintedPlaces(records)
    snaps = [s for s in records.scores if s.total is not None and s.components]
    allowed = [printed.tolerance([v for _, v in _values(s)], where(s), "components") for s in snaps]
    if not snaps:
        return
    for row in sum_mismatches(_scores_frame(snaps, allowed), allowed="allowed").iter_rows(
        named=True
    ):
        snap = snaps[row["index"]]
        yield check.finding(
            unit=snap.unit.name,
            location=where(snap),
            sum=row["component_sum"],
            total=snap.total,
            difference=row["difference"],
            allowed=row["allowed"].normalize(),
        )


def _component_within_max(check: Check, records: Records) -> Iterator[Finding]:
    snaps = [s for s in records.scores if s.components]
    if not snaps:
        return
    for row in over_maximum(_scores_frame(snaps)).iter_rows(named=True):
        snap = snaps[row["index"]]
        methodology = methodology_of(snap)
        for key in row["over"]:
            yield check.finding(
                unit=snap.unit.name,
                location=where(snap),
                component=key,
                value=snap.component(key),
                max=methodology.max_points(key) or "-",
                methodology=methodology.key,
            )


def _total_within_100(check: Check, records: Records) -> Iterator[Finding]:
    snaps = [s for s in records.scores if s.total is not None]
    if not snaps:
        return
    for row in out_of_range(_scores_frame(snaps)).iter_rows(named=True):
        snap = snaps[row["index"]]
        yield check.finding(unit=snap.unit.name, location=where(snap), total=snap.total)


def _components_sum_within_100(check: Check, records: Records) -> Iterator[Finding]:
    printed = PrintedPlaces(records)
    for snap in records.scores:
        if snap.total is not None or not snap.components:
            continue
        values = [c.value for c in snap.components]
        implied = sum(values, Decimal(0))
        if implied > 100 + printed.tolerance(values, where(snap), "components"):
            yield check.finding(
                unit=snap.unit.name,
                location=where(snap),
                sum=implied,
                count=len(values),
            )


def _rank_consistent(check: Check, records: Records) -> Iterator[Finding]:
    groups: dict[tuple[object, ...], list[Snapshot]] = {}
    for snap in records.scores:
        if snap.rank is not None and snap.total is not None:
            key = (snap.unit.level, snap.as_of, snap.period)
            groups.setdefault(key, []).append(snap)
    for snaps in groups.values():
        ordered = sorted(snaps, key=lambda s: s.rank or 0)
        for k in out_of_order([s.total for s in ordered]):
            snap = ordered[k]
            other = _contradicted(ordered, k)
            if other is None:
                continue
            yield check.finding(
                unit=snap.unit.name,
                location=where(snap),
                rank=snap.rank,
                total=snap.total,
                other=other.unit.name,
                other_rank=other.rank,
                other_total=other.total,
            )


def _contradicted(ordered: list[Snapshot], k: int) -> Snapshot | None:
    """The nearest unit whose rank and score contradict those of ``ordered[k]`` (ranked
    better with a lower total, or worse with a higher one; equal ranks are a tie)."""
    snap = ordered[k]
    assert snap.total is not None
    for distance in range(1, len(ordered)):
        for j in (k - distance, k + distance):
            if not 0 <= j < len(ordered) or ordered[j].rank == snap.rank:
                continue
            other = ordered[j].total
            assert other is not None
            if (j < k and other < snap.total) or (j > k and other > snap.total):
                return ordered[j]
    return None


register(
    Check(
        code="component-sum-equals-total",
        title="Components add up to the total",
        severity=Severity.ERROR,
        description=(
            "A unit's total is the plain sum of its group scores (the portal rounds each group "
            "to two decimals and adds them: checked exact on all 34 provinces). The check "
            "allows only the rounding that the precision of the table explains: none when any "
            "number of the table shows two decimals (its '18' is 18,00), half the last printed "
            "place per number when the whole table was printed with fewer (75,7 against a "
            "total of 75,69 is fine in a 2023 table of one decimal)."
        ),
        template=(
            "{unit}: components sum to {sum} but the total is {total} (off by {difference}, "
            "printed precision allows {allowed})"
        ),
        tolerance=(
            "none when any number of the table (or sentence) shows two decimals: the portal "
            "rounds each group to two decimals and adds them, so a table printed at its "
            "precision adds up exactly ('18' beside '19,89' is 18,00). When the whole table "
            "shows fewer places, half a unit of the last printed place per number (a 2023 "
            "table of one decimal: ±0,05 per cell), the most its own rounding can explain."
        ),
        run=_sum_equals_total,
    )
)
register(
    Check(
        code="component-within-max",
        title="Each component within its maximum",
        severity=Severity.ERROR,
        description=(
            "Each group has a maximum under its methodology (six groups: 18, 20, 12, 10, 18, "
            "22; five groups: online services 22). A value above it cannot be right."
        ),
        template="{unit}: {component} is {value}, above its maximum {max} ({methodology})",
        tolerance=(
            "none: the portal caps each group at its maximum, and rounding a value at most "
            "the maximum never prints it above, so even 0,01 over is reported."
        ),
        run=_component_within_max,
    )
)
register(
    Check(
        code="total-within-100",
        title="Total between 0 and 100",
        severity=Severity.ERROR,
        description="The index is scored out of 100.",
        template="{unit}: total {total} is outside 0–100",
        tolerance=("none: no rounding of a score of at most 100 prints above 100."),
        run=_total_within_100,
    )
)
register(
    Check(
        code="components-sum-within-100",
        title="Components without a total add up to at most 100",
        severity=Severity.ERROR,
        description=(
            "When a text gives a unit's group scores but not its total (a news article), their "
            "sum is the total they imply, and no total exceeds 100. Tolerance as for "
            "component-sum-equals-total."
        ),
        template="{unit}: its {count} component scores sum to {sum}, more than 100",
        tolerance=(
            "as component-sum-equals-total, by the places the components were printed with "
            "(a sentence of one-decimal groups: ±0,05 per group), since their sum is the "
            "total they imply."
        ),
        run=_components_sum_within_100,
    )
)
register(
    Check(
        code="rank-consistent-with-score",
        title="A better rank never has a lower score",
        severity=Severity.ERROR,
        description=(
            "Among units of one level on one date, a unit ranked above another must not have a "
            "lower total. The rows reported are the fewest whose removal leaves the ranking in "
            "order of score (a row printed out of place is named, not the rows it jumped "
            "over), each with the nearest unit it contradicts. Totals are compared exactly as "
            "printed: a rank is decided on the printed score, so no rounding is allowed. "
            "(Equal totals at different positions are not reported: a printed position number "
            "is not a rank.)"
        ),
        template=(
            "{unit}: ranked {rank} with {total}, but {other} is ranked {other_rank} with "
            "{other_total}"
        ),
        tolerance=(
            "none: a rank is decided on the printed score, so a better rank with a score "
            "lower by 0,01 is reported; equal scores at different positions are a tie, not "
            "reported."
        ),
        run=_rank_consistent,
    )
)
