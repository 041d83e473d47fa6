"""Resolving a printed name to a registry unit: exact, then alias, then fuzzy — and why.

The name is reduced first (:mod:`.names`): decorations and abbreviations off, the province it
names (" - tỉnh X", ", tỉnh X") and a parent in parentheses ("Phường X (TP.Y)") set aside.
The province (the name's own, else the document's) narrows the search to that province's units
and the units of no province (provinces, ministries); the provinces merged into it come second.
Candidates are then narrowed to the level, the type word and the date, and to the parent when
one is named and fits.

Order: the name's key against official names (``exact``), then against aliases (``alias``),
then the same with the i/y spellings of a syllable and the spacing of words folded ("Lam Vĩ" =
"Lam Vỹ", "Albá" = "Al Bá": ``via="spelling"``),
then — only for a name printed without any diacritics — without diacritics
(``via="unaccented"``), and last fuzzy matching of diacritic-free names with rapidfuzz
(``fuzzy``), which needs a score of at least ``THRESHOLD`` and a lead of ``MARGIN`` over any
other unit. Tones are never folded before the fuzzy step, so "Văn Lang" and "Văn Lăng" stay two
communes; a name that fits several units equally is ``ambiguous``, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from attrs import evolve, frozen

from idx766.model import Level
from idx766.units.names import NameParts, split_name
from idx766.units.registry import Entry, Registry, RegistryUnit, _Index

__all__ = ["MARGIN", "THRESHOLD", "Candidate", "Resolution", "resolve"]

THRESHOLD = 88.0
MARGIN = 4.0


@frozen(kw_only=True)
class Candidate:
    """A unit a name might be, with its fuzzy score (0–100)."""

    unit: RegistryUnit
    score: float


@frozen(kw_only=True)
class Resolution:
    """What a printed name resolved to: the unit, the method and score, or the candidates.

    ``via`` says how an ``exact`` or ``alias`` match was reached beyond the name's written
    form: ``"spelling"`` (a syllable spelt with the other of i and y, words run together or
    apart) or ``"unaccented"`` (a name printed without diacritics); ``None`` otherwise.
    """

    printed: str
    unit: RegistryUnit | None
    method: str | None  # "exact", "alias", "fuzzy"; None when unresolved
    score: float | None
    candidates: tuple[Candidate, ...] = ()
    ambiguous: bool = False
    via: str | None = None

    @property
    def resolved(self) -> bool:
        """True when the name resolved to one unit."""
        return self.unit is not None


@frozen(kw_only=True)
class _Query:
    parts: NameParts
    level: Level | None
    on: date | None
    parents: frozenset[str]
    national: bool = False  # no province to search in

    def fits(self, entry: Entry) -> bool:
        unit, name, _ = entry
        if self.level is not None and unit.level != self.level:
            return False
        parts = self.parts
        if parts.type_word:
            if name.type_word:
                if name.type_word != parts.type_word:
                    return False
            elif unit.level not in parts.levels:
                return False
        elif parts.agency_levels and unit.level not in parts.agency_levels:
            return False
        return unit.valid_on(self.on)

    def narrow(self, entries: list[Entry]) -> list[Entry]:
        """The entries under the named parent, when some are (else all of them)."""
        if not self.parents:
            return entries
        under = [e for e in entries if e[0].parent in self.parents]
        return under or entries


def _context(
    registry: Registry, parts: NameParts, province: str | None, on: date | None
) -> tuple[str | None, frozenset[str]]:
    """The province to search (the name's own, else the document's) and the keys of the
    districts the name says it lies in."""
    province_key = registry.province_key(province) if province else None
    places: list[NameParts] = []
    for hint in parts.hints:
        named = registry.province_key(hint.full)
        if named is not None:
            province_key = named
        else:
            places.append(hint)
    parents: set[str] = set()
    for place in places:
        query = _Query(parts=place, level=Level.DISTRICT, on=None, parents=frozenset())
        first, _ = registry.indexes(province_key, level=Level.DISTRICT)
        for entries in _stages(query, first):
            if entries:
                parents.update(e[0].key for e in entries)
                break
    return province_key, frozenset(parents)


def _stages(query: _Query, indexes: Sequence[_Index]) -> Iterable[list[Entry]]:
    """The entries that fit at each stage: exact, alias, spelling, unaccented."""
    parts = query.parts
    lookups = [
        ("exact", parts.base),
        ("alias", parts.base),
        ("spelling", parts.spelling),
    ]
    if parts.unaccented:
        lookups.append(("folded", parts.folded.replace(" ", "")))
    for table, key in lookups:
        found = [e for idx in indexes for e in getattr(idx, table).get(key, ()) if query.fits(e)]
        yield query.narrow(found)


_VIA = {"exact": None, "alias": None, "spelling": "spelling", "folded": "unaccented"}


def _named(printed: str, query: _Query, indexes: Sequence[_Index]) -> Resolution | None:
    for stage, entries in zip(_VIA, _stages(query, indexes), strict=False):
        if not entries:
            continue
        units = _preferred(entries, query)
        if len(units) > 1:
            return _ambiguous(printed, units)
        unit = units[0]
        official = any(e[0] is unit and not e[2] for e in entries)
        method = "exact" if stage == "exact" or (stage != "alias" and official) else "alias"
        return Resolution(printed=printed, unit=unit, method=method, score=100.0, via=_VIA[stage])
    return None


def _preferred(entries: list[Entry], query: _Query) -> list[RegistryUnit]:
    """The distinct units of the entries; a unit whose own name has the printed type word is
    preferred ("thành phố Thái Nguyên" is the district-level city, bare "Thái Nguyên" the
    province) — but with no province to search in a province's name is the province (a
    national ranking's "UBND thành phố Bắc Ninh") — and without a date a unit that still
    exists over one that ended (the name as it is used today: "xã Phượng Tiến" of 2026, not
    the commune of Định Hóa merged into it)."""
    distinct = list({e[0].key: e[0] for e in entries}.values())
    if len(distinct) > 1 and query.national:
        provinces = [u for u in distinct if u.level == Level.PROVINCE]
        distinct = provinces or distinct
    if len(distinct) > 1:
        typed = [u for u in distinct if u.parts.type_word == query.parts.type_word]
        distinct = typed or distinct
    if len(distinct) > 1 and query.on is None:
        current = [u for u in distinct if u.valid_to is None]
        distinct = current or distinct
    return distinct


def _unresolved(
    printed: str, candidates: tuple[Candidate, ...], *, ambiguous: bool = False
) -> Resolution:
    return Resolution(
        printed=printed,
        unit=None,
        method=None,
        score=None,
        candidates=candidates,
        ambiguous=ambiguous,
    )


def _ambiguous(printed: str, units: Iterable[RegistryUnit]) -> Resolution:
    candidates = tuple(Candidate(unit=u, score=100.0) for u in units)
    return _unresolved(printed, candidates, ambiguous=True)


def _scored(query: _Query, indexes: Sequence[_Index]) -> list[Candidate]:
    """The closest units by fuzzy score, best first (rapidfuzz on the narrowed entries)."""
    entries = [e for idx in indexes for e in idx.entries if query.fits(e)]
    entries = query.narrow(entries)
    if not entries:
        return []
    from rapidfuzz import fuzz, process  # imported when a name first needs it

    found = process.extract(
        query.parts.folded,
        [e[1].folded for e in entries],
        scorer=fuzz.ratio,
        limit=min(len(entries), 12),
    )
    best: dict[str, Candidate] = {}
    for _, score, i in found:
        if score <= 0:  # nothing in common: not a candidate
            continue
        unit = entries[i][0]
        if unit.key not in best or score > best[unit.key].score:
            best[unit.key] = Candidate(unit=unit, score=float(score))
    return sorted(best.values(), key=lambda c: (-c.score, c.unit.key))[:5]


def _fuzzy(printed: str, ranked: list[Candidate]) -> Resolution:
    candidates = tuple(ranked)
    if not ranked or ranked[0].score < THRESHOLD:
        return _unresolved(printed, candidates)
    best = ranked[0]
    if len(ranked) > 1 and best.score - ranked[1].score < MARGIN:
        return _unresolved(printed, candidates, ambiguous=True)
    return Resolution(
        printed=printed, unit=best.unit, method="fuzzy", score=best.score, candidates=candidates
    )


def resolve(
    registry: Registry,
    printed: str,
    *,
    level: Level | None = None,
    province: str | None = None,
    on: date | None = None,
) -> Resolution:
    """Resolve a printed name (with the level, province and date the document gives)."""
    name = printed
    head, dash, tail = printed.rpartition(" - ")
    if dash and registry.province_key(tail) is not None:  # "UBND xã X - Gia Lai"
        name, province = head, tail
    parts = split_name(name)
    province_key, parents = _context(registry, parts, province, on)
    query = _Query(parts=parts, level=level, on=on, parents=parents, national=province_key is None)
    tiers = [t for t in registry.indexes(province_key, on, level=level) if t]
    untyped = parts.untyped()
    for indexes in tiers:
        found = _named(printed, query, indexes)
        if found is None and untyped is not None:
            found = _named(printed, evolve(query, parts=untyped), indexes)
        if found is not None:
            return found
    closest: list[Candidate] = []
    for indexes in tiers:
        ranked = _scored(query, indexes)
        found = _fuzzy(printed, ranked)
        if found.unit is not None or found.ambiguous:
            return found
        closest = closest or ranked
    return _fuzzy(printed, closest)
