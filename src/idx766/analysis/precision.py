"""How far apart two printed figures may be because of the precision they were printed with.

The precision is the table's, not the cell's: a table (or a sentence) whose numbers show two
decimals anywhere was printed from two-decimal figures, so its "18" is 18.00, exact, and its
"95.5" is 95.50 with the zero dropped. Only a table printed with fewer places everywhere (the
one-decimal tables of 2023: 14,6 + 18,6 + 7,1 + 5,3 + 18 + 12,1 = 75,7 against a total of
75,69) carries a rounding error: up to half its last place per figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from idx766.model import Provenance, Records
from idx766.numbers import places

__all__ = [
    "SOURCE_PLACES",
    "PrintedPlaces",
    "rounding_error",
    "tolerance",
]

SOURCE_PLACES = 2  # the portal publishes every score with 2 decimals

TableKey = tuple[object, ...]


def rounding_error(places_printed: int, source_places: int = SOURCE_PLACES) -> Decimal:
    """Largest rounding error of a figure printed with this many places.

    A figure printed with all the places it exists with (2 for scores) is exact; one printed
    with fewer is off by up to half its last place.
    """
    if places_printed >= source_places:
        return Decimal(0)
    return Decimal(5).scaleb(-(places_printed + 1))


def tolerance(values: Sequence[Decimal], peer_places: Sequence[int] | None = None) -> Decimal:
    """How far a sum may be off because of the precision its terms were printed with.

    Each value counts with the places it shows, or with the places its table shows
    (``peer_places``, one per value).
    """
    peers = list(peer_places) if peer_places is not None else [0] * len(values)
    return sum(
        (rounding_error(max(places(v), p)) for v, p in zip(values, peers, strict=True)),
        Decimal(0),
    )


def table_key(where: Provenance | None) -> TableKey | None:
    """The table (or the paragraph, for figures read from running text) a figure was printed
    in: a table split over pages is one table."""
    if where is None:
        return None
    if where.table is not None:
        return (where.file, where.sheet, "table", where.table)
    return (where.file, where.sheet, "text", where.page, where.row)


class PrintedPlaces:
    """The most decimal places the terms of a sum show in each table of a document.

    The terms are what a check adds up: the component scores (``components``; a total printed
    with more places than its components does not make them exact: 75,69 beside components of
    one decimal) and the from / to / change figures (``changes``).
    """

    def __init__(self, records: Records) -> None:
        self._best: dict[tuple[TableKey, str], int] = {}
        for snap in records.scores:
            values = [c.value for c in snap.components or ()]
            for where in snap.sources:
                self._note(where, "components", values)
        for change in records.changes:
            if change.component != "rank":
                self._note(change.source, "changes", (change.before, change.after, change.delta))

    def _note(self, where: Provenance | None, terms: str, values: Iterable[Decimal | None]) -> None:
        key = table_key(where)
        shown = [places(v) for v in values if v is not None]
        if key is not None and shown:
            self._best[key, terms] = max(self._best.get((key, terms), 0), *shown)

    def of(self, where: Provenance | None, terms: str) -> int:
        """The places the ``terms`` of the table of ``where`` were printed with (0 if unknown)."""
        key = table_key(where)
        return self._best.get((key, terms), 0) if key is not None else 0

    def tolerance(self, values: Sequence[Decimal], where: Provenance | None, terms: str) -> Decimal:
        """How far a sum of ``values`` (``terms`` of the table of ``where``) may be off."""
        table = self.of(where, terms)
        return tolerance(values, [table] * len(values))
