"""One record per unit and date: a unit listed in several tables of one document is merged.

The components of all the tables are joined (the unit as printed in the record with the most
components wins); ``groups`` collects the group tables; every printed name and source is kept.
Two different values for one fact become a ``cross-table-conflict`` finding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TypeVar

from attrs import evolve

from idx766.model import Change, Finding, Level, Metric, Severity, Snapshot

__all__ = [
    "change_fact",
    "merge_snapshots",
    "metric_fact",
    "unique_by",
    "unique_changes",
]

_R = TypeVar("_R")

_Key = tuple[str, Level | None, date | None, str | None]


def _conflict(
    field: str, a: Snapshot, b: Snapshot, va: Any, vb: Any, check: str = "cross-table-conflict"
) -> Finding:
    where_a = a.sources[0].describe() if a.sources else "?"
    where_b = b.sources[0].describe() if b.sources else "?"
    return Finding(
        check=check,
        severity=Severity.ERROR,
        message=(
            f"{b.unit.name}: {field} {va} ({where_a}) but {vb} ({where_b}) "
            f"for the same date {b.as_of}"
        ),
        unit=b.unit.name,
        location=b.sources[0] if b.sources else None,
    )


def _unique(items: Iterable[Any]) -> tuple[Any, ...]:
    out: list[Any] = []
    for item in items:
        if item not in out:
            out.append(item)
    return tuple(out)


def _table_of(snap: Snapshot) -> set[tuple[str, int | None, int]]:
    return {(p.file, p.page, p.table) for p in snap.sources if p.table is not None}


def _merge_two(a: Snapshot, b: Snapshot, findings: list[Finding], check: str) -> Snapshot:
    if _table_of(a) & _table_of(b):
        where = b.sources[0] if b.sources else None
        names = " / ".join(dict.fromkeys((*a.names, *b.names)))
        findings.append(
            Finding(
                check="duplicate-unit",
                severity=Severity.WARNING,
                message=f"{b.unit.name}: listed twice in one table ({names}); rows merged",
                unit=b.unit.name,
                location=where,
            )
        )
    values: dict[str, Any] = {}
    for name in ("total", "rank", "rank_of", "methodology"):
        va, vb = getattr(a, name), getattr(b, name)
        if va is not None and vb is not None and va != vb:
            findings.append(_conflict(name, a, b, va, vb, check))
        values[name] = va if va is not None else vb
    comps = {c.component: c.value for c in a.components or ()}
    for cb in b.components or ():
        va = comps.get(cb.component)
        if va is not None and va != cb.value:
            findings.append(_conflict(cb.component, a, b, va, cb.value, check))
        comps.setdefault(cb.component, cb.value)
    more_b = len(b.components or ()) > len(a.components or ())
    unit = b.unit if more_b else a.unit
    return evolve(
        a,
        unit=unit,
        components=comps or None,
        groups=(*a.groups, *b.groups),
        names=_unique((*a.names, *b.names)),
        sources=_unique((*a.sources, *b.sources)),
        **values,
    )


def merge_snapshots(
    snapshots: Iterable[Snapshot], *, conflict_check: str = "cross-table-conflict"
) -> tuple[list[Snapshot], list[Finding]]:
    """Merge snapshots of the same unit, level, date and period; returns them and the conflicts.

    ``conflict_check`` names the finding for two different values of one fact: within one
    document ``cross-table-conflict``, across documents ``cross-document-conflict``.
    """
    merged: dict[_Key, Snapshot] = {}
    findings: list[Finding] = []
    for snap in snapshots:
        key = (snap.unit.key, snap.unit.level, snap.as_of, snap.period)
        if key in merged:
            merged[key] = _merge_two(merged[key], snap, findings, conflict_check)
        else:
            merged[key] = snap
    return list(merged.values()), findings


def change_fact(c: Change) -> tuple[object, ...]:
    """What makes two change records one fact."""
    return (c.unit.key, c.component, c.from_date, c.to_date, c.before, c.after, c.delta)


def metric_fact(m: Metric) -> tuple[object, ...]:
    """What makes two metric records one fact."""
    key = m.unit.key if m.unit else None
    return (key, m.metric, m.as_of, m.value, m.numerator, m.denominator)


def unique_changes(changes: Iterable[Change]) -> tuple[Change, ...]:
    """Changes without repeats; a change printed in two group tables keeps both groups."""
    kept: dict[tuple[object, ...], Change] = {}
    for change in changes:
        key = change_fact(change)
        if key in kept:
            kept[key] = evolve(kept[key], groups=(*kept[key].groups, *change.groups))
        else:
            kept[key] = change
    return tuple(kept.values())


def unique_by(records: Iterable[_R], fact: Callable[[_R], tuple[object, ...]]) -> tuple[_R, ...]:
    """The records without repeats of one fact (the first statement is kept)."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for record in records:
        key = fact(record)
        if key not in seen:
            seen.add(key)
            out.append(record)
    return tuple(out)
