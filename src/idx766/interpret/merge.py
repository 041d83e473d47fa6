"""One record per unit and date: a unit listed in several tables of one document is merged.

The components of all the tables are joined (the unit as printed in the record with the most
components wins); ``groups`` collects the group tables; every printed name and source is kept.
Two different values for one fact become a ``cross-table-conflict`` finding.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from attrs import evolve

from idx766.model import Finding, Level, Severity, Snapshot

__all__ = ["merge_snapshots"]

_Key = tuple[str, Level | None, date | None, str | None]


def _conflict(field: str, a: Snapshot, b: Snapshot, va: Any, vb: Any) -> Finding:
    where_a = a.sources[0].describe() if a.sources else "?"
    where_b = b.sources[0].describe() if b.sources else "?"
    return Finding(
        check="cross-table-conflict",
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


def _merge_two(a: Snapshot, b: Snapshot, findings: list[Finding]) -> Snapshot:
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
            findings.append(_conflict(name, a, b, va, vb))
        values[name] = va if va is not None else vb
    comps = {c.component: c.value for c in a.components or ()}
    for cb in b.components or ():
        va = comps.get(cb.component)
        if va is not None and va != cb.value:
            findings.append(_conflict(cb.component, a, b, va, cb.value))
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


def merge_snapshots(snapshots: Iterable[Snapshot]) -> tuple[list[Snapshot], list[Finding]]:
    """Merge snapshots of the same unit, level, date and period; returns them and the conflicts."""
    merged: dict[_Key, Snapshot] = {}
    findings: list[Finding] = []
    for snap in snapshots:
        key = (snap.unit.key, snap.unit.level, snap.as_of, snap.period)
        if key in merged:
            merged[key] = _merge_two(merged[key], snap, findings)
        else:
            merged[key] = snap
    return list(merged.values()), findings
