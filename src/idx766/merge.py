"""One merge, one conflict rule, for every record kind, every format and across documents.

The same fact stated twice with the same value is one record with every source (a score keeps
every printed name and group too); stated with two values it is a conflict finding that names
both sources, and the first value is kept: ``cross-table-conflict`` within one document,
``cross-document-conflict`` across the documents of a panel. A unit listed twice in one table is
merged with a ``duplicate-unit`` error (a table of one row per unit cannot list one twice).

What makes one fact:

* a score: the unit, the date and the period;
* a change: the unit, what changed (the total, a component or the rank) and the two dates;
* an overdue count: the unit and the date;
* a metric: its unit or aggregate, its structured name (``metric``, ``component``,
  ``indicator``, ``units_level``, ``units_group``, ``section``), its unit of measure and the date.

A change, count or metric whose dates are not known ("mức tăng thấp hơn tuần trước (0,20
điểm)") cannot be told from another of the same unit: only its exact repeats are merged.

A unit is told apart by its portal code, else by the code another record with the same key
carries, else by its portal id (``departmentId``), else by its key and level
(:class:`Identities`): a national file may list two units whose printed names give one key.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

from attrs import evolve, frozen

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

__all__ = ["Identities", "Merged", "merge_records"]

_R = TypeVar("_R", Change, OverdueRecord, Metric)

_CHANGE_VALUES = ("before", "after", "delta", "rank_before", "rank_after")
_METRIC_VALUES = ("value", "numerator", "denominator", "maximum", "quality")
_SCORE_VALUES = ("total", "rank", "rank_of", "methodology")


class Identities:
    """Who a unit is among a set of records: its portal code, else its portal id, else its key.

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

    def of(self, unit: Unit | None) -> Hashable:
        """The identity of a unit (None for a figure about no unit)."""
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
                return ("key", unit.key, unit.level)
        return self._code_by_id.get(pid) or ("id", pid)


@frozen(kw_only=True)
class Merged:
    """Records of every kind with each fact once, and the conflicts found on the way."""

    scores: tuple[Snapshot, ...]
    changes: tuple[Change, ...]
    overdue: tuple[OverdueRecord, ...]
    metrics: tuple[Metric, ...]
    findings: tuple[Finding, ...]


def _where(p: Provenance | None) -> str:
    return p.describe() if p is not None else "?"


class _Conflicts:
    """The findings of one merge: every fact stated with two values, named by both sources."""

    def __init__(self, check: str) -> None:
        self.check = check
        self.findings: list[Finding] = []

    def add(
        self,
        unit: Unit | None,
        what: str,
        values: tuple[Any, Any],
        where: tuple[Provenance | None, Provenance | None],
    ) -> None:
        name = unit.name if unit is not None else None
        self.findings.append(
            Finding(
                check=self.check,
                severity=Severity.ERROR,
                message=(
                    f"{name or 'the document'}: {what} is {values[0]} in {_where(where[0])} "
                    f"but {values[1]} in {_where(where[1])}; the first is kept"
                ),
                unit=name,
                location=where[1],
            )
        )

    def duplicate(self, unit: Unit, names: Iterable[str], where: Provenance | None) -> None:
        printed = " / ".join(dict.fromkeys(names))
        self.findings.append(
            Finding(
                check="duplicate-unit",
                severity=Severity.ERROR,
                message=f"{unit.name}: listed twice in one table ({printed}); rows merged",
                unit=unit.name,
                location=where,
            )
        )


def _first(record: Snapshot | Change | OverdueRecord | Metric) -> Provenance | None:
    sources = record.sources
    return sources[0] if sources else None


def _tables(sources: Iterable[Provenance]) -> set[tuple[str, int | None, int | None, str | None]]:
    """The tables the sources are rows of: a document's table, or a sheet (a workbook's, a
    portal file's list) when the source has no table number."""
    return {
        (p.file, p.page, p.table, p.sheet if p.table is None else None)
        for p in sources
        if p.table is not None or p.sheet is not None
    }


class _Score:
    """The statements of one score, merged in one pass (linear time)."""

    def __init__(self, first: Snapshot, conflicts: _Conflicts) -> None:
        self.first = first
        self.conflicts = conflicts
        self.unit = first.unit
        self.size = len(first.components or ())
        self.values: dict[str, Any] = {n: getattr(first, n) for n in _SCORE_VALUES}
        self.comps = {c.component: c.value for c in first.components or ()}
        self.groups = list(first.groups)
        self.names = dict.fromkeys(first.names)
        self.sources = dict.fromkeys(first.sources)
        self.tables = _tables(first.sources)

    def add(self, b: Snapshot) -> None:
        where = (_first(self.first), _first(b))
        b_tables = _tables(b.sources)
        if self.tables & b_tables:
            self.conflicts.duplicate(b.unit, (*self.names, *b.names), where[1])
        for name, va in self.values.items():
            vb = getattr(b, name)
            if va is not None and vb is not None and va != vb:
                self.conflicts.add(b.unit, f"{name} on {b.as_of}", (va, vb), where)
            elif va is None:
                self.values[name] = vb
        for cb in b.components or ():
            va = self.comps.setdefault(cb.component, cb.value)
            if va != cb.value:
                self.conflicts.add(b.unit, f"{cb.component} on {b.as_of}", (va, cb.value), where)
        if len(b.components or ()) > self.size:
            self.unit, self.size = b.unit, len(b.components or ())
        self.groups += b.groups
        self.names.update(dict.fromkeys(b.names))
        self.sources.update(dict.fromkeys(b.sources))
        self.tables |= b_tables

    def snapshot(self) -> Snapshot:
        values = dict(self.values)
        inferred = infer_methodology(self.comps)
        if inferred is not None:
            values["methodology"] = inferred.key
        return evolve(
            self.first,
            unit=self.unit,
            components=self.comps or None,
            groups=tuple(self.groups),
            names=tuple(self.names),
            sources=tuple(self.sources),
            **values,
        )


def _merge_scores(
    snapshots: Iterable[Snapshot], ids: Identities, conflicts: _Conflicts
) -> list[Snapshot]:
    by_fact: dict[Hashable, Snapshot | _Score] = {}
    for snap in snapshots:
        key = (ids.of(snap.unit), snap.as_of, snap.period)
        seen = by_fact.get(key)
        if seen is None:
            by_fact[key] = snap
            continue
        if isinstance(seen, Snapshot):
            seen = by_fact[key] = _Score(seen, conflicts)
        seen.add(snap)
    # a fact stated once is kept as it is, not copied
    return [s if isinstance(s, Snapshot) else s.snapshot() for s in by_fact.values()]


def _merge_simple(
    records: Iterable[_R],
    key: Callable[[_R], Hashable],
    fields: Sequence[str],
    what: Callable[[_R], str],
    conflicts: _Conflicts,
) -> list[_R]:
    """Records of a kind with one ``source``: repeats joined (sources, groups), values that
    differ reported and the first kept."""
    kept: dict[Hashable, _R] = {}
    for record in records:
        k = key(record)
        first = kept.get(k)
        if first is None:
            kept[k] = record
            continue
        changes: dict[str, Any] = {}
        for name in fields:
            va, vb = getattr(first, name), getattr(record, name)
            if va is None and vb is not None:
                changes[name] = vb
            elif va is not None and vb is not None and va != vb:
                where = (_first(first), _first(record))
                conflicts.add(record.unit, f"{name} of the {what(record)}", (va, vb), where)
        stated: tuple[Provenance, ...] = first.sources
        earlier: tuple[Provenance, ...] = first.also
        new: tuple[Provenance, ...] = tuple(p for p in record.sources if p not in stated)
        if new:
            changes["also"] = (*earlier, *new)
        groups: tuple[str, ...] = getattr(first, "groups", ())
        more: tuple[str, ...] = getattr(record, "groups", ())
        if not set(more) <= set(groups):
            changes["groups"] = (*groups, *more)
        kept[k] = evolve(first, **changes) if changes else first
    return list(kept.values())


def _values(record: Change | Metric, fields: Sequence[str]) -> tuple[Any, ...]:
    return tuple(getattr(record, name) for name in fields)


def _change_what(c: Change) -> str:
    what = "total" if c.component is None else c.component
    return f"{what} change {c.from_date} – {c.to_date}"


def _metric_what(m: Metric) -> str:
    parts = [m.metric, m.component, m.indicator, m.units_level, m.units_group, *m.section]
    scope = f" ({m.aggregate})" if m.aggregate is not None else ""
    return " / ".join(str(p) for p in parts if p) + scope + f" on {m.as_of}"


def merge_records(
    scores: Iterable[Snapshot] = (),
    changes: Iterable[Change] = (),
    overdue: Iterable[OverdueRecord] = (),
    metrics: Iterable[Metric] = (),
    *,
    conflict_check: str = "cross-table-conflict",
) -> Merged:
    """Every fact once, in the order first stated; conflicts named ``conflict_check``."""
    scores, changes, overdue, metrics = list(scores), list(changes), list(overdue), list(metrics)
    units: list[Unit] = [s.unit for s in scores] + [c.unit for c in changes]
    units += [o.unit for o in overdue] + [m.unit for m in metrics if m.unit is not None]
    ids = Identities(units)
    conflicts = _Conflicts(conflict_check)

    return Merged(
        scores=tuple(_merge_scores(scores, ids, conflicts)),
        changes=tuple(
            _merge_simple(
                changes,
                lambda c: (
                    ids.of(c.unit),
                    c.component,
                    c.from_date,
                    c.to_date,
                    *(_values(c, _CHANGE_VALUES) if None in (c.from_date, c.to_date) else ()),
                ),
                _CHANGE_VALUES,
                _change_what,
                conflicts,
            )
        ),
        overdue=tuple(
            _merge_simple(
                overdue,
                lambda o: (ids.of(o.unit), o.as_of, o.count if o.as_of is None else None),
                ("count",),
                lambda o: f"overdue dossiers on {o.as_of}",
                conflicts,
            )
        ),
        metrics=tuple(
            _merge_simple(
                metrics,
                lambda m: (
                    ids.of(m.unit),
                    m.aggregate,
                    m.metric,
                    m.component,
                    m.indicator,
                    m.units_level,
                    m.units_group,
                    m.section,
                    m.unit_of_measure,
                    m.as_of,
                    *(_values(m, _METRIC_VALUES) if m.as_of is None else ()),
                ),
                _METRIC_VALUES,
                _metric_what,
                conflicts,
            )
        ),
        findings=tuple(conflicts.findings),
    )
