"""One record per unit and date: the same unit listed in several places of one file is merged.

Crawler files repeat their rows (``units[]`` and again ``agencies[]`` / ``communes[]``, the top
improvers by name only; a ranking repeats one province as ``dakLak``). A unit is identified by its
portal code, or by the code another record with the same key carries, else by its portal id
(``departmentId``), else by its key. Repeats
that agree are merged (their sources and groups kept, their components joined); figures that
differ are reported as ``cross-table-conflict`` and the first value is kept. Unlike
:mod:`idx766.interpret.merge` (by key), units are told apart by their portal code: a national
file may list two units whose printed names give one key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from attrs import evolve

from idx766.components import infer_methodology
from idx766.model import (
    Change,
    Finding,
    Metric,
    OverdueRecord,
    Provenance,
    Severity,
    Snapshot,
    Unit,
)

__all__ = ["Identities", "merge_all"]

T = TypeVar("T")


class Identities:
    """Who a unit is within one file: its portal code, else its portal id, else its key.

    Two records with different portal ids (``departmentId``) are two units even when their
    names resolve to one key (an endpoint without codes lists communes whose names a fuzzy
    match can take for one another); a record without code or id joins the unit its key names.
    """

    def __init__(self, units: Iterable[Unit]) -> None:
        codes: dict[str, set[str]] = {}
        ids: dict[str, set[str]] = {}
        code_by_id: dict[str, set[str]] = {}
        for unit in units:
            if unit.code:
                codes.setdefault(unit.key, set()).add(unit.code)
            if unit.portal_id:
                ids.setdefault(unit.key, set()).add(unit.portal_id)
                if unit.code:
                    code_by_id.setdefault(unit.portal_id, set()).add(unit.code)
        self._code_by_key = {k: next(iter(v)) for k, v in codes.items() if len(v) == 1}
        self._id_by_key = {k: next(iter(v)) for k, v in ids.items() if len(v) == 1}
        self._shared_keys = {k for k, v in ids.items() if len(v) > 1}
        self._code_by_id = {k: next(iter(v)) for k, v in code_by_id.items() if len(v) == 1}

    def of(self, unit: Unit | None) -> str | None:
        if unit is None:
            return None
        if unit.code:
            return unit.code
        pid = unit.portal_id
        if pid is None or (unit.key in self._code_by_key and unit.key not in self._shared_keys):
            # by key: the code, else the id, that the key's other records carry
            if unit.key in self._code_by_key:
                return self._code_by_key[unit.key]
            pid = self._id_by_key.get(unit.key)
            if pid is None:
                return f"key:{unit.key}"
        return self._code_by_id.get(pid) or f"id:{pid}"


def _where(p: Provenance | None) -> str:
    return p.describe() if p is not None else "?"


def _conflict(
    unit: Unit | None, what: str, a: Any, b: Any, pa: Provenance | None, pb: Provenance | None
) -> Finding:
    name = unit.name if unit else None
    return Finding(
        check="cross-table-conflict",
        severity=Severity.ERROR,
        message=(
            f"{name or 'the file'}: {what} is {a} in {_where(pa)} but {b} in {_where(pb)} "
            "(the first is kept)"
        ),
        unit=name,
        location=pb,
    )


def _combine(
    a: T,
    b: T,
    fields: Sequence[str],
    where: tuple[Provenance | None, Provenance | None],
    unit: Unit | None,
    findings: list[Finding],
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in fields:
        va, vb = getattr(a, name), getattr(b, name)
        if va is None and vb is not None:
            changes[name] = vb
        elif va is not None and vb is not None and va != vb:
            findings.append(_conflict(unit, name, va, vb, *where))
    return changes


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _merge_snapshots(a: Snapshot, b: Snapshot, findings: list[Finding]) -> Snapshot:
    where = (a.sources[0] if a.sources else None, b.sources[0] if b.sources else None)
    changes = _combine(a, b, ("total", "rank", "rank_of"), where, a.unit, findings)
    comps = {c.component: c.value for c in a.components or ()}
    for c in b.components or ():
        if c.component in comps and comps[c.component] != c.value:
            findings.append(_conflict(a.unit, c.component, comps[c.component], c.value, *where))
        comps.setdefault(c.component, c.value)
    methodology = infer_methodology(comps) if comps else None
    return evolve(
        a,
        **changes,
        components=comps or None,
        methodology=methodology.key if methodology else a.methodology,
        names=_unique((*a.names, *b.names)),
        groups=(*a.groups, *b.groups),
        sources=(*a.sources, *b.sources),
    )


def _merge_changes(a: Change, b: Change, findings: list[Finding]) -> Change:
    fields = ("before", "after", "delta", "rank_before", "rank_after")
    changes = _combine(a, b, fields, (a.source, b.source), a.unit, findings)
    return evolve(a, **changes, groups=(*a.groups, *b.groups))


def _merge_overdue(a: OverdueRecord, b: OverdueRecord, findings: list[Finding]) -> OverdueRecord:
    _combine(a, b, ("count",), (a.source, b.source), a.unit, findings)
    return a


def _merge_metrics(a: Metric, b: Metric, findings: list[Finding]) -> Metric:
    fields = ("value", "numerator", "denominator", "unit_of_measure")
    changes = _combine(a, b, fields, (a.source, b.source), a.unit, findings)
    return evolve(a, **changes)


def _merge(
    records: Iterable[T],
    key: Callable[[T], tuple[Any, ...]],
    merge: Callable[[T, T, list[Finding]], T],
    findings: list[Finding],
) -> list[T]:
    merged: dict[tuple[Any, ...], T] = {}
    for record in records:
        k = key(record)
        merged[k] = merge(merged[k], record, findings) if k in merged else record
    return list(merged.values())


def merge_all(
    scores: Sequence[Snapshot],
    changes: Sequence[Change],
    overdue: Sequence[OverdueRecord],
    metrics: Sequence[Metric],
) -> tuple[list[Snapshot], list[Change], list[OverdueRecord], list[Metric], list[Finding]]:
    """Merge the repeats of every record kind (first occurrence first); conflicts as findings."""
    units: list[Unit] = [s.unit for s in scores] + [c.unit for c in changes]
    units += [o.unit for o in overdue] + [m.unit for m in metrics if m.unit is not None]
    ids = Identities(units)
    findings: list[Finding] = []
    return (
        _merge(scores, lambda s: (ids.of(s.unit), s.as_of, s.period), _merge_snapshots, findings),
        _merge(
            changes,
            lambda c: (ids.of(c.unit), c.component, c.from_date, c.to_date),
            _merge_changes,
            findings,
        ),
        _merge(overdue, lambda o: (ids.of(o.unit), o.as_of), _merge_overdue, findings),
        _merge(metrics, lambda m: (ids.of(m.unit), m.metric, m.as_of), _merge_metrics, findings),
        findings,
    )
