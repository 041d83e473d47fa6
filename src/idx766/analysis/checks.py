"""The catalogue of consistency checks: each a code, title, severity, description and message.

A check reads one file's :class:`~idx766.model.Records` and yields findings located at the file,
table and row of the figure it doubts. Parsers report their own findings (``skipped-row``,
``cross-table-conflict``, ``ambiguous-number``...) under codes listed here too, so that the
catalogue is the one place where every finding code is explained.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from attrs import frozen

from idx766.components import METHODOLOGIES, SIX_GROUP, infer_methodology
from idx766.model import Finding, Provenance, Records, Severity, Snapshot
from idx766.numbers import places

__all__ = ["CATALOGUE", "Check", "register", "run_checks", "tolerance"]

SOURCE_PLACES = 2  # the portal publishes every score with 2 decimals


@frozen(kw_only=True)
class Check:
    """One entry of the catalogue. ``run`` is None for codes that parsers report themselves."""

    code: str
    title: str
    severity: Severity
    description: str
    template: str
    run: Callable[[Check, Records], Iterable[Finding]] | None = None

    def finding(self, *, unit: str | None, location: Provenance | None, **values: Any) -> Finding:
        """A finding of this check with its message template filled in."""
        return Finding(
            check=self.code,
            severity=self.severity,
            message=self.template.format(unit=unit, **values),
            unit=unit,
            location=location,
        )


CATALOGUE: dict[str, Check] = {}


def register(check: Check) -> Check:
    """Add a check to the catalogue (codes are unique)."""
    if check.code in CATALOGUE:
        raise ValueError(f"a check with code {check.code!r} is already registered")
    CATALOGUE[check.code] = check
    return check


def _error(places_printed: int) -> Decimal:
    """Largest rounding error of a score printed with this many places."""
    if places_printed >= SOURCE_PLACES:
        return Decimal(0)
    return Decimal(5).scaleb(-(places_printed + 1))


def tolerance(values: Sequence[Decimal], peer_places: Sequence[int] | None = None) -> Decimal:
    """How far a sum may be off because of the precision its terms were printed with.

    Each value counts with the places it shows, or with the places its column shows
    (``peer_places``, one per value: "95.5" in a column of "95.59" was printed as 95.50 with its
    zero dropped). Scores exist with 2 places; one printed with fewer is off by up to half its
    last place.
    """
    peers = list(peer_places) if peer_places is not None else [0] * len(values)
    return sum((_error(max(places(v), p)) for v, p in zip(values, peers, strict=True)), Decimal(0))


_Column = tuple[str, int | None, int | None, str]


def _snapshot_values(snap: Snapshot) -> list[tuple[str, Decimal]]:
    values = [(c.component, c.value) for c in snap.components or ()]
    if snap.total is not None:
        values.append(("total", snap.total))
    return values


def _column_places(records: Records) -> dict[_Column, int]:
    """The most places any number shows in each column (source table and field)."""
    best: dict[_Column, int] = {}
    for snap in records.scores:
        if not snap.sources:
            continue
        src = snap.sources[0]
        for name, value in _snapshot_values(snap):
            key = (src.file, src.page, src.table, name)
            best[key] = max(best.get(key, 0), places(value))
    return best


def _where(snap: Snapshot) -> Provenance | None:
    return snap.sources[0] if snap.sources else None


def _sum_equals_total(check: Check, records: Records) -> Iterator[Finding]:
    columns = _column_places(records)
    for snap in records.scores:
        if snap.total is None or not snap.components:
            continue
        methodology = METHODOLOGIES.get(snap.methodology or "") or infer_methodology(
            c.component for c in snap.components
        )
        keys = (methodology or SIX_GROUP).keys
        if {c.component for c in snap.components} != set(keys):
            continue
        src = _where(snap)
        named = _snapshot_values(snap)
        peers = [
            columns.get((src.file, src.page, src.table, name), 0) if src else 0 for name, _ in named
        ]
        total = sum((c.value for c in snap.components), Decimal(0))
        allowed = tolerance([v for _, v in named], peers)
        if abs(total - snap.total) > allowed:
            yield check.finding(
                unit=snap.unit.name,
                location=src,
                sum=total,
                total=snap.total,
                difference=total - snap.total,
                allowed=allowed,
            )


def _component_within_max(check: Check, records: Records) -> Iterator[Finding]:
    for snap in records.scores:
        methodology = METHODOLOGIES.get(snap.methodology or "") or infer_methodology(
            c.component for c in snap.components or ()
        )
        for comp in snap.components or ():
            limit = (methodology or SIX_GROUP).max_points(comp.component)
            if limit is None:
                continue
            if comp.value < 0 or comp.value > limit:
                yield check.finding(
                    unit=snap.unit.name,
                    location=_where(snap),
                    component=comp.component,
                    value=comp.value,
                    max=limit,
                    methodology=(methodology or SIX_GROUP).key,
                )


def _total_within_100(check: Check, records: Records) -> Iterator[Finding]:
    for snap in records.scores:
        if snap.total is not None and not (0 <= snap.total <= 100):
            yield check.finding(unit=snap.unit.name, location=_where(snap), total=snap.total)


register(
    Check(
        code="component-sum-equals-total",
        title="Components add up to the total",
        severity=Severity.ERROR,
        description=(
            "A unit's total is the plain sum of its group scores. The check allows only the "
            "rounding that the printed precision of each number explains (75,7 against 75,69 "
            "is fine when the components were printed with one decimal)."
        ),
        template=(
            "{unit}: components sum to {sum} but the total is {total} (off by {difference}, "
            "printed precision allows {allowed})"
        ),
        run=_sum_equals_total,
    )
)
register(
    Check(
        code="component-within-max",
        title="Each component within its maximum",
        severity=Severity.ERROR,
        description=(
            "Each group has a maximum under its methodology (six groups: 18, 20, 12, 10, 18, "
            "22; five groups: online services 22). A value above it cannot be right."
        ),
        template="{unit}: {component} is {value}, above its maximum {max} ({methodology})",
        run=_component_within_max,
    )
)
register(
    Check(
        code="total-within-100",
        title="Total between 0 and 100",
        severity=Severity.ERROR,
        description="The index is scored out of 100.",
        template="{unit}: total {total} is outside 0–100",
        run=_total_within_100,
    )
)
for _code, _title, _severity, _description in (
    (
        "skipped-row",
        "A data row that gave no record",
        Severity.WARNING,
        "Reported by parsers: a row of a data table was read but could not become a record "
        "(no name, an unreadable number...). Nothing is dropped silently.",
    ),
    (
        "unrecognized-table",
        "A table idx766 does not read",
        Severity.WARNING,
        "Reported by parsers: a ruled table whose columns match no known kind of table.",
    ),
    (
        "ambiguous-number",
        "Numbers that read differently with a decimal comma or dot",
        Severity.WARNING,
        "Reported by parsers: a column holds only tokens like 1.773 and nothing else in its "
        "table decides the style; the Vietnamese convention (decimal comma) was used.",
    ),
    (
        "unknown-unit",
        "A unit name the registry does not know",
        Severity.WARNING,
        "Reported by parsers: the printed name matched no unit of the registry (within the "
        "document's province, level and date); the best candidates are named. The record keeps "
        "a key made from the printed name.",
    ),
    (
        "ambiguous-unit",
        "A unit name that fits several units",
        Severity.WARNING,
        "Reported by parsers: the printed name fits more than one unit equally well (say a "
        "misspelling that reads as both 'Văn Lang' and 'Văn Lãng').",
    ),
    (
        "fuzzy-unit-match",
        "A unit name resolved by fuzzy matching",
        Severity.WARNING,
        "Reported by parsers: the printed name was resolved by similarity, with its score; "
        "add the spelling to the registry as an alias to make it exact.",
    ),
    (
        "cross-table-conflict",
        "One unit, one date, two values in one document",
        Severity.ERROR,
        "Reported by parsers when merging the tables of one document: the same figure of the "
        "same unit on the same date is printed with two different values.",
    ),
):
    register(
        Check(
            code=_code,
            title=_title,
            severity=_severity,
            description=_description,
            template="{unit}: {message}",
        )
    )


def run_checks(records: Records, *, only: Iterable[str] | None = None) -> tuple[Finding, ...]:
    """The parser's findings plus those of every runnable check (or only the named ones)."""
    wanted = set(only) if only is not None else set(CATALOGUE)
    unknown = wanted - set(CATALOGUE)
    if unknown:
        raise KeyError(f"unknown check(s): {', '.join(sorted(unknown))}")
    found = [f for f in records.findings if f.check in wanted or f.check not in CATALOGUE]
    for code in CATALOGUE:
        check = CATALOGUE[code]
        if code in wanted and check.run is not None:
            found.extend(check.run(check, records))
    return tuple(found)
