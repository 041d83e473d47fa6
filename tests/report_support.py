"""Facts of records as plain dicts, to compare a generated report's parse with its input.

A *score fact* is what a snapshot says of a unit on a date: total, components, rank, rank_of
and groups; a *change fact* what a change says of a unit (or one of its components) between two
dates. Values are compared as numbers (``Decimal("18.0") == Decimal("18")``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from idx766.model import Change, Records, Snapshot

ScoreKey = tuple[str, date]
ChangeKey = tuple[str, str | None, date | None, date | None]


def score_facts(snapshots: Iterable[Snapshot]) -> dict[ScoreKey, dict[str, Any]]:
    """(unit key, date) → {total, components, rank, rank_of, groups} of running snapshots."""
    out: dict[ScoreKey, dict[str, Any]] = {}
    for s in snapshots:
        if s.as_of is None or (s.period is not None and s.period.kind.value != "year"):
            continue
        out[(s.unit.key, s.as_of)] = {
            "total": s.total,
            "components": {c.component: c.value for c in s.components or ()},
            "rank": s.rank,
            "rank_of": s.rank_of,
            "groups": set(s.groups),
        }
    return out


def change_facts(changes: Iterable[Change]) -> dict[ChangeKey, dict[str, Any]]:
    """(unit key, component, from, to) → {before, after, delta, groups}."""
    return {
        (c.unit.key, c.component, c.from_date, c.to_date): {
            "before": c.before,
            "after": c.after,
            "delta": c.delta,
            "groups": set(c.groups),
        }
        for c in changes
    }


def errors(records: Records) -> list[str]:
    """The error findings of the checks, as "code: message" lines."""
    import idx766

    return [f"{f.check}: {f.message}" for f in idx766.check(records) if f.severity.value == "error"]


def dec(text: str) -> Decimal:
    """A number as the seeds print it in tables ("95.59", "+0.35", "---" for 0, "" for none)."""
    if text == "---":
        return Decimal(0)
    return Decimal(text.replace(",", "."))
