"""How far apart two printed figures may be because of the precision they were printed with."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from idx766.numbers import places

__all__ = ["SOURCE_PLACES", "rounding_error", "tolerance"]

SOURCE_PLACES = 2  # the portal publishes every score with 2 decimals


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

    Each value counts with the places it shows, or with the places its column shows
    (``peer_places``, one per value: "95.5" in a column of "95.59" was printed as 95.50 with its
    zero dropped).
    """
    peers = list(peer_places) if peer_places is not None else [0] * len(values)
    return sum(
        (rounding_error(max(places(v), p)) for v, p in zip(values, peers, strict=True)),
        Decimal(0),
    )
