"""Checks inside one table: published deltas, TỔNG rows, percentages against their counts."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from idx766.analysis.catalogue import Check, register
from idx766.analysis.precision import PrintedPlaces
from idx766.model import Aggregate, Change, Finding, Metric, Provenance, Records, Severity
from idx766.numbers import places

__all__: list[str] = []

_Table = tuple[str, int | None, int | None]


def _table(p: Provenance | None) -> _Table | None:
    return None if p is None or p.table is None else (p.file, p.page, p.table)


def _rank_convention(changes: list[Change]) -> str | None:
    """How a document writes a change of rank: ``gained`` (from − to: moving up is +1) or
    ``arithmetic`` (to − from: moving up is −1), by the rank changes that fit only one; None
    when none decides. Both are in use."""
    votes = {"gained": 0, "arithmetic": 0}
    for c in changes:
        assert c.before is not None and c.after is not None and c.delta is not None
        gained, arithmetic = c.delta == c.before - c.after, c.delta == c.after - c.before
        if gained != arithmetic:
            votes["gained" if gained else "arithmetic"] += 1
    if votes["gained"] == votes["arithmetic"]:
        return None
    return "gained" if votes["gained"] > votes["arithmetic"] else "arithmetic"


_CONVENTIONS = {
    "gained": "this document writes places gained (from − to)",
    "arithmetic": "this document writes to − from",
    None: "read as places gained (from − to) or as to − from",
}


def _delta_equals_difference(check: Check, records: Records) -> Iterator[Finding]:
    printed = PrintedPlaces(records)
    complete = [
        c
        for c in records.changes
        if c.before is not None and c.after is not None and c.delta is not None
    ]
    ranks = [c for c in complete if c.component == "rank"]
    convention = _rank_convention(ranks)
    for c in complete:
        assert c.before is not None and c.after is not None and c.delta is not None
        if c.component == "rank":
            fits = c.delta in (c.before - c.after, c.after - c.before)
            expected = c.after - c.before if convention == "arithmetic" else c.before - c.after
            how = _CONVENTIONS[convention]
        else:
            allowed = printed.tolerance([c.before, c.after, c.delta], c.source, "changes")
            expected = c.after - c.before
            fits = abs(expected - c.delta) <= allowed
            how = "to − from"
        if not fits:
            yield check.finding(
                unit=c.unit.name,
                location=c.source,
                what=c.component or "total",
                before=c.before,
                after=c.after,
                delta=c.delta,
                expected=expected,
                convention=how,
            )


def _same_table_records(records: Records, total: Metric, table: _Table) -> list[Decimal]:
    """The figures a TỔNG row's cell sums: the scores (or one component) of its table, else
    the overdue counts and the unit metrics of its column."""
    day = total.as_of
    if total.metric == "score":
        values = []
        for s in records.scores:
            if any(_table(src) == table for src in s.sources) and s.as_of == day:
                value = s.total if total.component is None else s.component(total.component)
                if value is not None:
                    values.append(value)
        return values
    counts: list[Decimal] = [
        Decimal(o.count) for o in records.overdue if _table(o.source) == table and o.as_of == day
    ]
    return counts + [m.value for m in _column_metrics(records, total, table) if m.value is not None]


def _column_metrics(records: Records, total: Metric, table: _Table) -> list[Metric]:
    """The unit metrics of the TỔNG row's column: same table, date and name."""
    return [
        m
        for m in records.metrics
        if m.unit is not None
        and _table(m.source) == table
        and m.as_of == total.as_of
        and (m.metric, m.component, m.section) == (total.metric, total.component, total.section)
    ]


def _column_total(check: Check, records: Records) -> Iterator[Finding]:
    for m in records.metrics:
        table = _table(m.source)
        if m.aggregate is not Aggregate.SUM or m.unit is not None or table is None:
            continue
        if m.unit_of_measure == "%":
            continue  # rates do not add up
        column = m.metric if m.component is None else m.component
        parts = _same_table_records(records, m, table)
        pairs = [
            (x.numerator, x.denominator)
            for x in _column_metrics(records, m, table)
            if x.numerator is not None and x.denominator is not None
        ]
        if pairs and m.numerator is not None and m.denominator is not None:
            num = sum((p[0] for p in pairs if p[0] is not None), Decimal(0))
            den = sum((p[1] for p in pairs if p[1] is not None), Decimal(0))
            if (num, den) != (m.numerator, m.denominator):
                yield check.finding(
                    unit=None,
                    location=m.source,
                    column=column,
                    printed=f"{m.numerator}/{m.denominator}",
                    computed=f"{num}/{den}",
                )
        if parts and m.value is not None:
            total = sum(parts, Decimal(0))
            if total != m.value:
                yield check.finding(
                    unit=None, location=m.source, column=column, printed=m.value, computed=total
                )


def _percent_error(rate: Decimal) -> Decimal:
    return Decimal(5).scaleb(-(places(rate) + 1))


def _percentages(check: Check, records: Records) -> Iterator[Finding]:
    rows: dict[tuple[object, ...], list[Metric]] = {}
    for m in records.metrics:
        if m.source is not None and m.source.table is not None:
            rows.setdefault((m.source.file, m.source.table, m.source.row, m.as_of), []).append(m)
    siblings: dict[tuple[object, ...], list[tuple[Metric, Decimal, Metric]]] = {}
    for (file, table, _, day), ms in rows.items():
        rates = [m for m in ms if m.unit_of_measure == "%" and m.value is not None]
        if len(rates) != 1:
            continue
        rate = rates[0]
        assert rate.value is not None
        for m in ms:
            if m.numerator is not None and m.denominator:
                yield from _share(check, m, m.numerator, m.denominator, rate)
            elif m.unit_of_measure is None and m.value is not None and m is not rate:
                # counts of the rows under one heading are the shares of their whole
                parent = m.section or (m.metric,)
                siblings.setdefault((file, table, day, parent), []).append((m, m.value, rate))
    for group in siblings.values():
        if len(group) < 2:
            continue
        whole = sum((count for _, count, _ in group), Decimal(0))
        if not whole:
            continue
        for count_metric, count, rate in group:
            yield from _share(check, count_metric, count, whole, rate)


def _share(
    check: Check, counted: Metric, part: Decimal, whole: Decimal, rate: Metric
) -> Iterator[Finding]:
    """A finding if ``part`` of ``whole`` is not the printed ``rate`` within its precision."""
    assert rate.value is not None
    computed = Decimal(100) * part / whole
    if abs(computed - rate.value) > _percent_error(rate.value):
        yield check.finding(
            unit=counted.unit.name if counted.unit else None,
            location=rate.source,
            metric=rate.metric,
            rate=rate.value,
            counts=f"{part}/{whole}",
            computed=round(computed, 2),
        )


register(
    Check(
        code="delta-equals-difference",
        title="Published changes equal the difference of their two values",
        severity=Severity.ERROR,
        description=(
            "A change printed as from / to / delta must have delta = to − from, within the "
            "precision its table was printed with: exact when any number of the table shows "
            "two decimals (the portal's precision), up to half the last printed place per "
            "number when the whole table shows fewer. '---' means no change. A change of rank "
            "is written two ways, both accepted: places gained (from − to, moving up is +1) "
            "and to − from (moving up is −1); only a change that fits neither is reported, "
            "with the way the rest of the document writes it."
        ),
        template=(
            "{unit}: {what} went from {before} to {after}, which is {expected}, but the "
            "published change is {delta} ({convention})"
        ),
        tolerance=(
            "score changes: none when any number of the table shows two decimals (the "
            "portal's precision), else half a unit of the last printed place per number "
            "(from, to and change), the most their rounding explains. Rank changes: none, "
            "ranks are whole numbers (either convention of sign accepted)."
        ),
        run=_delta_equals_difference,
    )
)
register(
    Check(
        code="column-total-equals-sum",
        title="TỔNG rows equal the sum of their column",
        severity=Severity.ERROR,
        description=(
            "A TỔNG SỐ / TỔNG CỘNG row must equal the sum of the rows of its table, column by "
            "column (counts and count pairs such as 181/187; rates are not summed)."
        ),
        template="{column}: the total row prints {printed} but the rows sum to {computed}",
        tolerance=(
            "none: the columns summed are counts (whole numbers, or pairs such as 181/187 "
            "summed part by part), which carry no rounding; rates are not summed."
        ),
        run=_column_total,
    )
)
register(
    Check(
        code="percentage-matches-counts",
        title="Percentages agree with the counts beside them",
        severity=Severity.ERROR,
        description=(
            "A rate printed beside its counts must be the counts' share, within the rate's "
            "printed precision: 378.113 of 378.113 + 41.141 is 90,19 %; 1.773/1.773 is 100 %."
        ),
        template="{metric}: {rate} % printed, but {counts} is {computed} %",
        tolerance=(
            "half a unit of the rate's last printed place (90,19 %: ±0,005 %), because the "
            "rate is the counts' exact share rounded to what it prints."
        ),
        run=_percentages,
    )
)
