"""Dates a file does not state: given by the user, or read from the file's name.

A portal export saved as ``provinces-2026-05-25.csv`` often holds no date inside; its figures
still hold for 25/5/2026. After a parser has read a file, the records it left undated get the
date the user gave (``ParseOptions.as_of``, ``--as-of``) or else the date in the file's name,
and a ``date-supplied`` finding says which. Dates a file states are never replaced. A period
the user gives (``--period``) is set on scores that state none.
"""

from __future__ import annotations

from pathlib import Path

from attrs import evolve

from idx766.dates import date_in_file_name
from idx766.model import Finding, Provenance, Records, Severity
from idx766.parsers.base import ParseOptions

__all__ = ["supply_dates"]

_UNDATED = "undated-data"


def _undated(records: Records) -> bool:
    return any(
        r.as_of is None for kind in (records.scores, records.overdue, records.metrics) for r in kind
    )


def supply_dates(records: Records, path: Path, options: ParseOptions) -> Records:
    """``records`` with the dates (and period) that the file left out filled in."""
    findings = list(records.findings)
    where = Provenance(file=records.document.source)
    scores = records.scores
    if options.period is not None and any(s.period is None for s in scores):
        scores = tuple(s if s.period else evolve(s, period=options.period) for s in scores)
        findings.append(
            Finding(
                check="date-supplied",
                severity=Severity.WARNING,
                message=f"scores that state no period are taken as {options.period.label} "
                "(given by --period)",
                location=where,
            )
        )
    overdue, metrics = records.overdue, records.metrics
    day, said = options.as_of, "given by --as-of"
    if day is None:
        day, said = date_in_file_name(path.name), "read from the file's name"
    if day is not None and _undated(records):
        scores = tuple(s if s.as_of else evolve(s, as_of=day) for s in scores)
        overdue = tuple(o if o.as_of else evolve(o, as_of=day) for o in overdue)
        metrics = tuple(m if m.as_of else evolve(m, as_of=day) for m in metrics)
        findings = [f for f in findings if f.check != _UNDATED]
        findings.append(
            Finding(
                check="date-supplied",
                severity=Severity.WARNING,
                message=f"the file states no date for some figures: they are dated "
                f"{day:%d/%m/%Y} ({said})",
                location=where,
            )
        )
    if scores is records.scores and overdue is records.overdue and metrics is records.metrics:
        return records
    return evolve(
        records, scores=scores, overdue=overdue, metrics=metrics, findings=tuple(findings)
    )
