"""Resolving a printed name to a registry unit: exact, then alias, then fuzzy — and why.

Order: the name's match key against official names (``exact``), then against aliases
(``alias``) — both after decorations and abbreviations are taken off (:mod:`.names`) — then
fuzzy matching of diacritic-folded names with rapidfuzz (``fuzzy``), which needs a score of at
least ``threshold`` and a lead of ``margin`` over any other unit. "Văn Lang" and "Văn Lãng" are
distinct names, so an exact match never merges them; a misspelling that folds to both is
``ambiguous``. Candidates are first narrowed to the level, the province and the date.
"""

from __future__ import annotations

from datetime import date

from attrs import frozen
from rapidfuzz import fuzz

from idx766.model import Level
from idx766.units.names import NameParts, split_name
from idx766.units.registry import Registry, RegistryUnit

__all__ = ["Candidate", "Resolution", "resolve"]

THRESHOLD = 88.0
MARGIN = 4.0


@frozen(kw_only=True)
class Candidate:
    """A unit a name might be, with its fuzzy score (0–100)."""

    unit: RegistryUnit
    score: float


@frozen(kw_only=True)
class Resolution:
    """What a printed name resolved to: the unit, the method and score, or the candidates."""

    printed: str
    unit: RegistryUnit | None
    method: str | None  # "exact", "alias", "fuzzy"; None when unresolved
    score: float | None
    candidates: tuple[Candidate, ...] = ()
    ambiguous: bool = False

    @property
    def resolved(self) -> bool:
        """True when the name resolved to one unit."""
        return self.unit is not None


def _type_fits(parts: NameParts, unit: RegistryUnit, candidate: NameParts) -> bool:
    if not parts.type_word:
        return True
    if candidate.type_word:
        return candidate.type_word == parts.type_word
    return unit.level in parts.levels


def _same(parts: NameParts, unit: RegistryUnit, candidate: NameParts) -> bool:
    if parts.base != candidate.base:
        return False
    return _type_fits(parts, unit, candidate)


def _pool(
    registry: Registry,
    parts: NameParts,
    level: Level | None,
    province: str | None,
    on: date | None,
) -> list[RegistryUnit]:
    province_key = registry.province_key(province) if province else None
    if parts.province_hint:
        province_key = registry.province_key(parts.province_hint) or province_key
    pool = []
    for unit in registry.units:
        if level is not None and unit.level != level:
            continue
        if parts.type_word and unit.level not in parts.levels:
            continue
        if (
            province_key is not None
            and unit.level != Level.PROVINCE
            and unit.province != province_key
        ):
            continue
        if not unit.valid_on(on):
            continue
        pool.append(unit)
    return pool


def _unique(units: list[RegistryUnit], parts: NameParts) -> RegistryUnit | None:
    """The one unit meant; a unit whose own name has the printed type word is preferred
    ("thành phố Thái Nguyên" is the district-level city, bare "Thái Nguyên" the province)."""
    distinct = list({u.key: u for u in units}.values())
    if len(distinct) > 1:
        typed = [u for u in distinct if u.parts.type_word == parts.type_word]
        distinct = typed or distinct
    return distinct[0] if len(distinct) == 1 else None


def resolve(
    registry: Registry,
    printed: str,
    *,
    level: Level | None = None,
    province: str | None = None,
    on: date | None = None,
) -> Resolution:
    """Resolve a printed name (with the level, province and date the document gives)."""
    parts = split_name(printed)
    pool = _pool(registry, parts, level, province, on)
    exact = [u for u in pool if _same(parts, u, u.parts)]
    if exact:
        unit = _unique(exact, parts)
        if unit is not None:
            return Resolution(printed=printed, unit=unit, method="exact", score=100.0)
        return _ambiguous(printed, exact)
    alias = [u for u in pool if any(_same(parts, u, a) for a in u.alias_parts)]
    if alias:
        unit = _unique(alias, parts)
        if unit is not None:
            return Resolution(printed=printed, unit=unit, method="alias", score=100.0)
        return _ambiguous(printed, alias)
    return _fuzzy(printed, parts, pool)


def _ambiguous(printed: str, units: list[RegistryUnit]) -> Resolution:
    candidates = tuple(Candidate(unit=u, score=100.0) for u in units)
    return Resolution(
        printed=printed,
        unit=None,
        method=None,
        score=None,
        candidates=candidates,
        ambiguous=True,
    )


def _fuzzy(printed: str, parts: NameParts, pool: list[RegistryUnit]) -> Resolution:
    scored: dict[str, Candidate] = {}
    for unit in pool:
        for cand in (unit.parts, *unit.alias_parts):
            if not _type_fits(parts, unit, cand):
                continue
            score = float(fuzz.ratio(parts.folded, cand.folded))
            if unit.key not in scored or score > scored[unit.key].score:
                scored[unit.key] = Candidate(unit=unit, score=score)
    ranked = tuple(sorted(scored.values(), key=lambda c: (-c.score, c.unit.key))[:5])
    if not ranked or ranked[0].score < THRESHOLD:
        return Resolution(printed=printed, unit=None, method=None, score=None, candidates=ranked)
    best = ranked[0]
    if len(ranked) > 1 and best.score - ranked[1].score < MARGIN:
        return Resolution(
            printed=printed,
            unit=None,
            method=None,
            score=None,
            candidates=ranked,
            ambiguous=True,
        )
    return Resolution(
        printed=printed, unit=best.unit, method="fuzzy", score=best.score, candidates=ranked
    )
