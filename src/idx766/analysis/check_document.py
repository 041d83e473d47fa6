"""Checks across a document: its sentences against its tables, top-N cuts, PAKN codes."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from idx766.analysis.catalogue import Check, register
from idx766.model import Change, Finding, Level, Records, Severity, Snapshot
from idx766.numbers import places

__all__: list[str] = []

_MOVES = {"units_up": 1, "units_unchanged": 0, "units_down": -1}
_COMPONENT_MOVES = {"components_up": 1, "components_unchanged": 0, "components_down": -1}


def _sign(delta: Decimal) -> int:
    return (delta > 0) - (delta < 0)


def _table_changes(records: Records, level: Level | None, group: str | None) -> list[Change]:
    return [
        c
        for c in records.changes
        if c.component is None
        and c.delta is not None
        and c.source is not None
        and c.source.table is not None
        and (level is None or c.unit.level == level)
        and ((group in c.groups) if group else not c.groups)
    ]


def _narrative_counts(check: Check, records: Records) -> Iterator[Finding]:
    for m in records.metrics:
        if m.metric not in _MOVES or m.unit is not None or m.value is None:
            continue
        if m.units_level is None and m.units_group is None:
            continue  # a count of no named group of units: nothing to count it against
        changes = _table_changes(records, m.units_level, m.units_group)
        if not changes:
            continue
        moved = _MOVES[m.metric]
        counted = sum(1 for c in changes if c.delta is not None and _sign(c.delta) == moved)
        if counted != m.value:
            scope = ", ".join(str(x) for x in (m.units_level, m.units_group) if x)
            yield check.finding(
                unit=None,
                location=m.source,
                said=f"{m.value} ({m.metric}, {scope})",
                table=counted,
            )
    for m in records.metrics:
        if m.metric not in _COMPONENT_MOVES or m.unit is None or m.value is None:
            continue
        groups = [
            c
            for c in records.changes
            if c.unit.key == m.unit.key
            and c.component not in (None, "rank")
            and c.delta is not None
            and c.to_date == m.as_of
        ]
        if not groups:
            continue
        counted = sum(
            1 for c in groups if _sign(c.delta or Decimal(0)) == _COMPONENT_MOVES[m.metric]
        )
        if counted != m.value:
            yield check.finding(
                unit=m.unit.name,
                location=m.source,
                said=f"{m.value} ({m.metric}, of {len(groups)} groups)",
                table=counted,
            )
    yield from _group_ranges(check, records)
    for m in records.metrics:
        if m.metric != "overdue_total" or m.value is None:
            continue
        counts = [o.count for o in records.overdue if o.as_of == m.as_of]
        if counts and sum(counts) != m.value:
            yield check.finding(
                unit=m.unit.name if m.unit is not None else None,
                location=m.source,
                said=f"{m.value} overdue dossiers",
                table=sum(counts),
            )


def _group_ranges(check: Check, records: Records) -> Iterator[Finding]:
    """'Nhóm 10 xã dẫn đầu đạt từ X điểm đến Y điểm' against the group's own scores."""
    for m in records.metrics:
        if m.metric not in ("score_low", "score_high") or m.value is None:
            continue
        totals = [
            s.total
            for s in records.scores
            if s.total is not None
            and m.units_group in s.groups
            and s.unit.level == m.units_level
            and s.as_of == m.as_of
            and s.period is None
        ]
        if not totals:
            continue
        shown = min(totals) if m.metric == "score_low" else max(totals)
        allowed = Decimal(0) if places(m.value) >= 2 else Decimal(5).scaleb(-places(m.value) - 1)
        if abs(shown - m.value) > allowed:
            end = "lowest" if m.metric == "score_low" else "highest"
            yield check.finding(
                unit=None,
                location=m.source,
                said=f"{m.value} as the {end} score of the {m.units_level} {m.units_group}",
                table=shown,
            )


def _lists_and_tables(records: Records) -> list[list[Snapshot]]:
    """The dated scores of each level below the province: its tables and its lists together."""
    full: dict[tuple[object, ...], list[Snapshot]] = {}
    for s in records.scores:
        if s.total is not None and s.period is None and s.unit.level != Level.PROVINCE:
            full.setdefault((s.unit.level, s.as_of), []).append(s)
    return list(full.values())


def _top_n_cuts_tie(check: Check, records: Records) -> Iterator[Finding]:
    for snaps in _lists_and_tables(records):
        for group, pick in (("leaders", min), ("laggards", max)):
            members = [s for s in snaps if group in s.groups]
            others = [s for s in snaps if group not in s.groups]
            if not members or not others:
                continue
            cut = pick(s.total for s in members if s.total is not None)
            for s in others:
                if s.total == cut:
                    listed = ", ".join(m.unit.name for m in members if m.total == cut)
                    yield check.finding(
                        unit=s.unit.name,
                        location=s.sources[0] if s.sources else None,
                        group=group,
                        n=len(members),
                        total=cut,
                        listed=listed,
                    )


def _top_n_complete(check: Check, records: Records) -> Iterator[Finding]:
    for snaps in _lists_and_tables(records):
        for group in ("leaders", "laggards"):
            members = [s for s in snaps if group in s.groups and s.total is not None]
            others = [s for s in snaps if group not in s.groups and s.total is not None]
            if not members or not others:
                continue
            if group == "leaders":
                cut = min(members, key=lambda s: s.total or 0)
                passed = [s for s in others if (s.total or 0) > (cut.total or 0)]
            else:
                cut = max(members, key=lambda s: s.total or 0)
                passed = [s for s in others if (s.total or 0) < (cut.total or 0)]
            for s in passed:
                yield check.finding(
                    unit=s.unit.name,
                    location=s.sources[0] if s.sources else None,
                    group=group,
                    n=len(members),
                    total=s.total,
                    other=cut.unit.name,
                    other_total=cut.total,
                )


def _pakn_code_date(check: Check, records: Records) -> Iterator[Finding]:
    for p in records.pakn:
        if p.code_date is None:
            yield check.finding(
                unit=p.unit.name if p.unit else None,
                location=p.source,
                code=p.code,
                problem="holds no valid date",
            )
        elif p.received_on is not None and p.code_date > p.received_on:
            yield check.finding(
                unit=p.unit.name if p.unit else None,
                location=p.source,
                code=p.code,
                problem=f"is dated after its receipt on {p.received_on.isoformat()}",
            )


register(
    Check(
        code="narrative-matches-table",
        title="The sentences say what the tables show",
        severity=Severity.ERROR,
        description=(
            "Counts written in sentences ('có 10 đơn vị tăng điểm, 01 đơn vị giữ nguyên điểm số "
            "và 02 đơn vị giảm điểm') must match the change table they describe; the count of "
            "the province's groups that rose, held or fell ('có 03/06 chỉ số thành phần tăng "
            "điểm', 'không có chỉ số thành phần giảm điểm') the sign of each group's published "
            "change; the range a group's scores span ('nhóm 10 xã, phường dẫn đầu đạt từ 97,84 "
            "điểm đến 97,99 điểm') the lowest and highest score of the group's table; an "
            "overdue total ('811 hồ sơ') the sum of the overdue table. Counts are "
            "whole numbers, compared exactly; a change counts as up, held or down by the sign "
            "of its printed delta ('---' is held). (A headline total that differs from a "
            "table's is a cross-table-conflict.)"
        ),
        template="the text says {said}, the table shows {table}",
        tolerance=(
            "counts: none, they are whole numbers of units, groups or dossiers (a change counts "
            "as up, held or down by the sign of its printed value). A range's ends: none when "
            "printed with two decimals, like the table's scores; half a unit of the last "
            "printed place when printed with fewer (97,8 for 97,84)."
        ),
        run=_narrative_counts,
    )
)
register(
    Check(
        code="top-n-cuts-tie",
        title="A top-N list that leaves out a tied unit",
        severity=Severity.WARNING,
        description=(
            "A published leaders' or laggards' list whose cut-off score is shared by a unit "
            "that is not listed: the list is not determined by the scores alone."
        ),
        template=(
            "{unit} has {total}, the cut-off score of the {n} {group} ({listed}), and is not listed"
        ),
        tolerance=("none: the printed scores are compared for equality, the way the list was cut."),
        run=_top_n_cuts_tie,
    )
)
register(
    Check(
        code="top-n-list-complete",
        title="A top-N list leaves out no unit that scores beyond it",
        severity=Severity.ERROR,
        description=(
            "A leaders' list (laggards' list) must hold every unit of its level that scores "
            "strictly higher (lower) than a unit it lists, by the full table of the same "
            "document and date. Scores are compared exactly as printed: the list was cut on "
            "them. A unit tied with the cut is a top-n-cuts-tie warning instead."
        ),
        template=(
            "{unit} has {total}, beyond {other} ({other_total}) of the {n} {group}, and is not "
            "listed"
        ),
        tolerance=(
            "none: printed scores compared strictly (a unit equal to the cut is the "
            "top-n-cuts-tie warning), the way the list was cut."
        ),
        run=_top_n_complete,
    )
)
register(
    Check(
        code="pakn-code-date",
        title="A PAKN's code date is not after its receipt",
        severity=Severity.ERROR,
        description=(
            "A PAKN code PAKN.YYYYMMDD.NNNN carries the filing date, which can precede the "
            "receiving date (PAKN.20260417.0001 received 11/05/2026) but never follow it."
        ),
        template="{code} {problem}",
        tolerance=("none: dates compared by the day; a code dated before its receipt is accepted."),
        run=_pakn_code_date,
    )
)
