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

from idx766.model import Change, Finding, Level, Metric, Period, Severity, Snapshot

__all__ = [
    "change_fact",
    "merge_snapshots",
    "metric_fact",
    "unique_by",
    "unique_changes",
]

_R = TypeVar("_R")

_Key = tuple[str, Level | None, date | None, Period | None]


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


def _tables(snap: Snapshot) -> set[tuple[str, int | None, int]]:
    return {(p.file, p.page, p.table) for p in snap.sources if p.table is not None}


class _Merged:
    """The snapshots of one unit, level, date and period, merged in one pass (linear time)."""

    def __init__(self, first: Snapshot, check: str, findings: list[Finding]) -> None:
        self.first = first
        self.check = check
        self.findings = findings
        self.unit = first.unit
        self.size = len(first.components or ())
        self.values: dict[str, Any] = {
            n: getattr(first, n) for n in ("total", "rank", "rank_of", "methodology")
        }
        self.comps = {c.component: c.value for c in first.components or ()}
        self.groups = list(first.groups)
        self.names = dict.fromkeys(first.names)
        self.sources = dict.fromkeys(first.sources)
        self.tables = _tables(first)

    def add(self, b: Snapshot) -> None:
        b_tables = _tables(b)
        if self.tables & b_tables:
            names = " / ".join(dict.fromkeys((*self.names, *b.names)))
            self.findings.append(
                Finding(
                    check="duplicate-unit",
                    severity=Severity.WARNING,
                    message=f"{b.unit.name}: listed twice in one table ({names}); rows merged",
                    unit=b.unit.name,
                    location=b.sources[0] if b.sources else None,
                )
            )
        for name, va in self.values.items():
            vb = getattr(b, name)
            if va is not None and vb is not None and va != vb:
                self.findings.append(_conflict(name, self.first, b, va, vb, self.check))
            elif va is None:
                self.values[name] = vb
        for cb in b.components or ():
            va = self.comps.get(cb.component)
            if va is not None and va != cb.value:
                self.findings.append(
                    _conflict(cb.component, self.first, b, va, cb.value, self.check)
                )
            self.comps.setdefault(cb.component, cb.value)
        if len(b.components or ()) > self.size:
            self.unit, self.size = b.unit, len(b.components or ())
        self.groups += b.groups
        self.names.update(dict.fromkeys(b.names))
        self.sources.update(dict.fromkeys(b.sources))
        self.tables |= b_tables

    def snapshot(self) -> Snapshot:
        return evolve(
            self.first,
            unit=self.unit,
            components=self.comps or None,
            groups=tuple(self.groups),
            names=tuple(self.names),
            sources=tuple(self.sources),
            **self.values,
        )


def merge_snapshots(
    snapshots: Iterable[Snapshot], *, conflict_check: str = "cross-table-conflict"
) -> tuple[list[Snapshot], list[Finding]]:
    """Merge snapshots of the same unit, level, date and period; returns them and the conflicts.

    ``conflict_check`` names the finding for two different values of one fact: within one
    document ``cross-table-conflict``, across documents ``cross-document-conflict``.
    A conflict names the first statement of the fact and the one that contradicts it.
    """
    by_fact: dict[_Key, Snapshot | list[Snapshot]] = {}
    for snap in snapshots:
        key = (snap.unit.key, snap.unit.level, snap.as_of, snap.period)
        seen = by_fact.setdefault(key, snap)
        if isinstance(seen, list):
            seen.append(snap)
        elif seen is not snap:
            by_fact[key] = [seen, snap]
    merged: list[Snapshot] = []
    findings: list[Finding] = []
    for group in by_fact.values():
        if not isinstance(group, list):
            merged.append(group)  # stated once: kept as it is, not copied
            continue
        state = _Merged(group[0], conflict_check, findings)
        for snap in group[1:]:
            state.add(snap)
        merged.append(state.snapshot())
    return merged, findings


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
