"""Checks of scores: sums, maxima, the 0–100 range, ranks against scores."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from itertools import pairwise

from idx766.analysis.catalogue import Check, register
from idx766.analysis.precision import tolerance
from idx766.components import METHODOLOGIES, SIX_GROUP, Methodology, infer_methodology
from idx766.model import Finding, Provenance, Records, Severity, Snapshot
from idx766.numbers import places

__all__: list[str] = []

_Column = tuple[str, int | None, int | None, str]


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


def _column_places(records: Records) -> dict[_Column, int]:
    """The most places any number shows in each column (source table and field)."""
    best: dict[_Column, int] = {}
    for snap in records.scores:
        if not snap.sources:
            continue
        src = snap.sources[0]
        for name, value in _values(snap):
            key = (src.file, src.page, src.table, name)
            best[key] = max(best.get(key, 0), places(value))
    return best


def where(snap: Snapshot) -> Provenance | None:
    """Where a snapshot was first read."""
    return snap.sources[0] if snap.sources else None


def _sum_equals_total(check: Check, records: Records) -> Iterator[Finding]:
    columns = _column_places(records)
    for snap in records.scores:
        if snap.total is None or not snap.components:
            continue
        if {c.component for c in snap.components} != set(methodology_of(snap).keys):
            continue
        src = where(snap)
        named = _values(snap)
        peers = [
            columns.get((src.file, src.page, src.table, name), 0) if src else 0 for name, _ in named
        ]
        total = sum((c.value for c in snap.components), Decimal(0))
        allowed = tolerance([v for _, v in named], peers)
        if abs(total - snap.total) > allowed:
            yield check.finding(
                unit=snap.unit.name,
                location=src,
                sum=total,
                total=snap.total,
                difference=total - snap.total,
                allowed=allowed,
            )


def _component_within_max(check: Check, records: Records) -> Iterator[Finding]:
    for snap in records.scores:
        methodology = methodology_of(snap)
        for comp in snap.components or ():
            limit = methodology.max_points(comp.component)
            if limit is not None and not (0 <= comp.value <= limit):
                yield check.finding(
                    unit=snap.unit.name,
                    location=where(snap),
                    component=comp.component,
                    value=comp.value,
                    max=limit,
                    methodology=methodology.key,
                )


def _total_within_100(check: Check, records: Records) -> Iterator[Finding]:
    for snap in records.scores:
        if snap.total is not None and not (0 <= snap.total <= 100):
            yield check.finding(unit=snap.unit.name, location=where(snap), total=snap.total)


def _rank_consistent(check: Check, records: Records) -> Iterator[Finding]:
    groups: dict[tuple[object, ...], list[Snapshot]] = {}
    for snap in records.scores:
        if snap.rank is not None and snap.total is not None:
            key = (snap.unit.level, snap.as_of, snap.period)
            groups.setdefault(key, []).append(snap)
    for snaps in groups.values():
        ordered = sorted(snaps, key=lambda s: s.rank or 0)
        for better, worse in pairwise(ordered):
            assert better.total is not None and worse.total is not None
            if better.rank != worse.rank and better.total < worse.total:
                yield check.finding(
                    unit=worse.unit.name,
                    location=where(worse),
                    rank=worse.rank,
                    total=worse.total,
                    other=better.unit.name,
                    other_rank=better.rank,
                    other_total=better.total,
                )


register(
    Check(
        code="component-sum-equals-total",
        title="Components add up to the total",
        severity=Severity.ERROR,
        description=(
            "A unit's total is the plain sum of its group scores. The check allows only the "
            "rounding that the printed precision of each number explains (75,7 against 75,69 "
            "is fine when the components were printed with one decimal)."
        ),
        template=(
            "{unit}: components sum to {sum} but the total is {total} (off by {difference}, "
            "printed precision allows {allowed})"
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
        run=_total_within_100,
    )
)
register(
    Check(
        code="rank-consistent-with-score",
        title="A better rank never has a lower score",
        severity=Severity.ERROR,
        description=(
            "Among units of one level on one date, a unit ranked above another must not have a "
            "lower total. (Equal totals at different positions are not reported: a printed "
            "position number is not a rank.)"
        ),
        template=(
            "{unit}: ranked {rank} with {total}, but {other} is ranked {other_rank} with "
            "{other_total}"
        ),
        run=_rank_consistent,
    )
)
