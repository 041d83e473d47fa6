"""Many documents' records as one set of facts: one fact, one row, with all its sources.

The same unit, date and figure read from a weekly report, its PDF twin and a portal file
become one record listing every source; two different values for one fact become a
``cross-document-conflict`` finding that names both sources. It is the merge each document's
own records went through (:mod:`idx766.merge`), with the conflict named for documents; PAKN
are one per code, targets one per indicator and value.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from idx766.merge import merge_records
from idx766.model import (
    Change,
    Document,
    Finding,
    Metric,
    OverdueRecord,
    Pakn,
    Records,
    Severity,
    Snapshot,
    Target,
)

__all__ = ["Combined", "combine"]


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


def _pakn(items: Sequence[Pakn], findings: list[Finding]) -> tuple[Pakn, ...]:
    kept: dict[str, Pakn] = {}
    for p in items:
        first = kept.setdefault(p.code, p)
        if first is p:
            continue
        if (first.received_on, first.unit and first.unit.key) != (
            p.received_on,
            p.unit and p.unit.key,
        ):
            where_a = first.source.describe() if first.source else "?"
            where_b = p.source.describe() if p.source else "?"
            findings.append(
                Finding(
                    check="cross-document-conflict",
                    severity=Severity.ERROR,
                    message=(
                        f"{p.code}: received {first.received_on} in {where_a} but "
                        f"{p.received_on} in {where_b}; the first is kept"
                    ),
                    unit=p.code,
                    location=p.source,
                )
            )
    return tuple(kept.values())


def combine(all_records: Sequence[Records]) -> Combined:
    """Combine the records of many documents (in a stable order: sort them first)."""
    findings: list[Finding] = [f for r in all_records for f in r.findings]
    merged = merge_records(
        (s for r in all_records for s in r.scores),
        (c for r in all_records for c in r.changes),
        (o for r in all_records for o in r.overdue),
        (m for r in all_records for m in r.metrics),
        conflict_check="cross-document-conflict",
    )
    findings.extend(merged.findings)
    documents: dict[str, Document] = {}
    for r in all_records:
        documents.setdefault(r.document.sha256, r.document)
    targets: dict[tuple[object, ...], Target] = {}
    for t in (t for r in all_records for t in r.targets):
        targets.setdefault((t.indicator, t.op, t.value, t.unit_of_measure), t)
    return Combined(
        documents=tuple(documents.values()),
        scores=merged.scores,
        changes=merged.changes,
        overdue=merged.overdue,
        pakn=_pakn([p for r in all_records for p in r.pakn], findings),
        metrics=merged.metrics,
        targets=tuple(targets.values()),
        findings=tuple(findings),
    )
