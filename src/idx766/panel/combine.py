"""Many documents' records as one set of facts: one fact, one row, with all its sources.

The same unit, date and figure read from a weekly report, its PDF twin and a portal file
become one snapshot listing every source; two different values for one fact become a
``cross-document-conflict`` finding that names both sources.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from idx766.interpret.merge import (
    merge_snapshots,
    metric_fact,
    unique_by,
    unique_changes,
)
from idx766.model import (
    Change,
    Document,
    Finding,
    Metric,
    OverdueRecord,
    Pakn,
    Provenance,
    Records,
    Severity,
    Snapshot,
    Target,
)

__all__ = ["Combined", "as_records", "combine"]


@frozen(kw_only=True)
class Combined:
    """The facts of many documents, and the documents they came from."""

    documents: tuple[Document, ...]
    scores: tuple[Snapshot, ...]
    changes: tuple[Change, ...]
    overdue: tuple[OverdueRecord, ...]
    pakn: tuple[Pakn, ...]
    metrics: tuple[Metric, ...]
    targets: tuple[Target, ...]
    findings: tuple[Finding, ...]


def _overdue(items: Sequence[OverdueRecord], findings: list[Finding]) -> tuple[OverdueRecord, ...]:
    kept: dict[tuple[object, ...], OverdueRecord] = {}
    for o in items:
        key = (o.unit.key, o.as_of)
        if key in kept and kept[key].count != o.count:
            findings.append(
                _conflict(
                    o.unit.name,
                    "overdue count",
                    kept[key].count,
                    o.count,
                    kept[key].source,
                    o.source,
                )
            )
        kept.setdefault(key, o)
    return tuple(kept.values())


def _pakn(items: Sequence[Pakn], findings: list[Finding]) -> tuple[Pakn, ...]:
    kept: dict[str, Pakn] = {}
    for p in items:
        if p.code in kept:
            first = kept[p.code]
            if (first.received_on, first.unit and first.unit.key) != (
                p.received_on,
                p.unit and p.unit.key,
            ):
                findings.append(
                    _conflict(
                        p.code, "PAKN", first.received_on, p.received_on, first.source, p.source
                    )
                )
            continue
        kept[p.code] = p
    return tuple(kept.values())


def _conflict(
    unit: str, what: str, a: object, b: object, sa: Provenance | None, sb: Provenance | None
) -> Finding:
    where_a = sa.describe() if sa else "?"
    where_b = sb.describe() if sb else "?"
    return Finding(
        check="cross-document-conflict",
        severity=Severity.ERROR,
        message=f"{unit}: {what} {a} ({where_a}) but {b} ({where_b})",
        unit=unit,
        location=sb,
    )


def combine(all_records: Sequence[Records]) -> Combined:
    """Combine the records of many documents (in a stable order: sort them first)."""
    findings: list[Finding] = [f for r in all_records for f in r.findings]
    scores, conflicts = merge_snapshots(
        (s for r in all_records for s in r.scores), conflict_check="cross-document-conflict"
    )
    findings.extend(conflicts)
    documents: dict[str, Document] = {}
    for r in all_records:
        documents.setdefault(r.document.sha256, r.document)
    return Combined(
        documents=tuple(documents.values()),
        scores=tuple(scores),
        changes=unique_changes(c for r in all_records for c in r.changes),
        overdue=_overdue([o for r in all_records for o in r.overdue], findings),
        pakn=_pakn([p for r in all_records for p in r.pakn], findings),
        metrics=unique_by((m for r in all_records for m in r.metrics), metric_fact),
        targets=unique_by(
            (t for r in all_records for t in r.targets),
            lambda t: (t.indicator, t.op, t.value, t.unit_of_measure),
        ),
        findings=tuple(findings),
    )


def as_records(combined: Combined, document: Document) -> Records:
    """The combined facts as one :class:`Records` (to run the checks over the whole panel)."""
    return Records(
        document=document,
        scores=combined.scores,
        changes=combined.changes,
        overdue=combined.overdue,
        pakn=combined.pakn,
        metrics=combined.metrics,
        targets=combined.targets,
        findings=combined.findings,
    )
