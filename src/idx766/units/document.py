"""The units of one document: printed names and portal codes through the registry.

Every reader (the table interpreter, the prose reader, the portal parser) makes its units here.
A portal code the registry knows (``H21``, a province) gives the registry's unit; otherwise the
printed name is resolved within the province (the code's, the name's " - tỉnh X" suffix, the
document's) and the level the source says. Every record keeps the name as printed and gets the
registry's key, level and province; ``Unit.province`` is always a registry key, or None.

A name the registry does not know keeps a key made from the name itself and is reported
(``unknown-unit``), as are ``ambiguous-unit`` names and fuzzy matches (``fuzzy-unit-match``,
with the score, so that a person can make the spelling an alias); each printed name once. A
unit that carries a portal code the registry lacks is identified by its code, so it is not
reported and never fuzzy-matched. A name printed without a code (a crawler's "top improvers"
list) that names a unit listed with its code elsewhere in the document is that unit.
"""

from __future__ import annotations

import re
from datetime import date

from attrs import evolve

from idx766.model import Finding, Level, Provenance, Severity, Unit, level_from_name
from idx766.text import clean, name_key
from idx766.units.registry import Registry, RegistryUnit
from idx766.units.resolve import Candidate, Resolution, resolve
from idx766.vocabulary import PROVINCE_CODE, UNIT_CODE, normal_code

__all__ = ["DocumentUnits", "province_in_name", "province_name"]

_PROVINCE_PREFIX = re.compile(r"^(?:UBND\s+)?(?:tỉnh|thành\s+phố|TP\.?)\s+(.+)$", re.IGNORECASE)
_PROVINCE_SUFFIX = re.compile(r"\s+-\s+((?:tỉnh|thành\s+phố)\s+.+)$", re.IGNORECASE)


def province_name(printed: str) -> str:
    """``Gia Lai`` from "UBND tỉnh Gia Lai", "UBND Thành phố Đồng Nai" or "Tỉnh Phú Thọ"."""
    text = clean(printed)
    match = _PROVINCE_PREFIX.match(text)
    return clean(match.group(1)) if match else text


def province_in_name(printed: str) -> str | None:
    """The province a name carries after " - tỉnh X" (the portal's suffix), if any."""
    match = _PROVINCE_SUFFIX.search(clean(printed))
    return province_name(match.group(1)) if match else None


def _names(candidates: tuple[Candidate, ...]) -> str:
    return ", ".join(f"{c.unit.name} ({c.score:.0f})" for c in candidates[:3])


class DocumentUnits:
    """Makes the :class:`Unit` of each record of one document and reports the names it cannot
    place. ``province`` is the province the document is about, as printed (or None); ``on``
    the date its units are looked up at."""

    def __init__(self, registry: Registry, province: str | None, on: date | None) -> None:
        self.registry = registry
        self.province_name = province
        self.province = registry.province_key(province) if province else None
        self.on = on
        self.findings: list[Finding] = []
        self._reported: set[str] = set()
        self._cache: dict[tuple[str, Level | None, str | None], Resolution] = {}
        self._province_names: dict[str, str] = {}  # province code -> printed province name
        self._by_name: dict[str, Unit | None] = {}  # units of this document with a code

    # -- what the document says about its provinces ----------------------------------------

    def know_province(self, code: str | None, printed: str) -> None:
        """Remember a province the document names with its code (for the units below it)."""
        if code and PROVINCE_CODE.match(normal_code(code)):
            self._province_names.setdefault(normal_code(code), province_name(printed))

    def _registered(self, code: str) -> RegistryUnit | None:
        found = [u for u in self.registry.by_code(code) if u.valid_on(self.on)]
        return found[0] if len(found) == 1 else None

    def _province_key(self, printed: str | None) -> str | None:
        return self.registry.province_key(printed) if printed else None

    def _province_of(self, code: str | None, name: str) -> str | None:
        """The registry key of the province a unit is in: its code's, its name's suffix's, the
        document's."""
        if code and UNIT_CODE.match(code):
            parent = code.split(".", 1)[0]
            registered = self._registered(parent)
            if registered is not None:
                return registered.key
            by_code = self._province_key(self._province_names.get(parent))
            if by_code is not None:
                return by_code
        return self._province_key(province_in_name(name)) or self.province

    # -- units -------------------------------------------------------------------------------

    def province_unit(self, where: Provenance | None) -> Unit | None:
        """The document's own province as a unit, if the document names one."""
        if self.province_name is None:
            return None
        return self.unit(self.province_name, level=Level.PROVINCE, where=where)

    def unit(
        self,
        printed: str,
        *,
        level: Level | None = None,
        code: str | None = None,
        where: Provenance | None = None,
    ) -> Unit:
        """The unit a printed name (and portal code) stands for; ``level`` is what the source
        says of it, if anything."""
        name = clean(printed)
        code = normal_code(code) if code and code.strip() else None
        if code is None:
            known = self._by_name.get(name_key(name))
            if known is not None:
                return evolve(known, name=name, portal_id=None)
        unit = self._unit(name, level=level, code=code, where=where)
        if unit.code:
            key = name_key(name)
            seen = self._by_name.get(key, unit)
            self._by_name[key] = unit if seen is not None and seen.code == unit.code else None
        return unit

    def _unit(
        self, name: str, *, level: Level | None, code: str | None, where: Provenance | None
    ) -> Unit:
        if code:
            registered = self._registered(code)
            if registered is not None:
                return Unit(
                    name=name,
                    key=registered.key,
                    level=registered.level,
                    province=registered.province,
                    code=code,
                )
        hint = level or level_from_name(name)
        province = None if hint == Level.PROVINCE else self._province_of(code, name)
        found = self._resolve(name, hint, province)
        fuzzy_ok = found.method == "fuzzy" and code is None
        if found.unit is not None and (found.method in ("exact", "alias") or fuzzy_ok):
            if fuzzy_ok:
                self._report(found, where)
            ru = found.unit
            return Unit(
                name=name, key=ru.key, level=ru.level, province=ru.province, code=code or ru.code
            )
        if code is None:
            self._report(found, where)
        return Unit(name=name, key=name_key(name), level=hint, province=province, code=code)

    def _resolve(self, printed: str, level: Level | None, province: str | None) -> Resolution:
        key = (printed, level, province)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        found = resolve(self.registry, printed, level=level, province=province, on=self.on)
        if not found.resolved and level is not None and not found.ambiguous:
            found = resolve(self.registry, printed, province=province, on=self.on)
        # The candidates serve the finding made on first sight; a document of thousands of
        # unknown names need not keep five candidates for each.
        self._cache[key] = evolve(found, candidates=()) if found.candidates else found
        return found

    def _report(self, found: Resolution, where: Provenance | None) -> None:
        if found.method in ("exact", "alias") or found.printed in self._reported:
            return
        self._reported.add(found.printed)
        best = _names(found.candidates)
        if found.method == "fuzzy" and found.unit is not None:
            check = "fuzzy-unit-match"
            message = (
                f"{found.printed!r} read as {found.unit.name!r} ({found.unit.key}) by fuzzy "
                f"match, score {found.score or 0:.0f}; add it as an alias to make it exact"
            )
        elif found.ambiguous:
            check = "ambiguous-unit"
            message = f"{found.printed!r} could be any of: {best}"
        else:
            check = "unknown-unit"
            message = f"{found.printed!r} is not in the unit registry" + (
                f"; closest: {best}" if best else ""
            )
        self.findings.append(
            Finding(
                check=check,
                severity=Severity.WARNING,
                message=message,
                unit=found.printed,
                location=where,
            )
        )
