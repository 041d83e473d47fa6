"""Units for one document: printed names resolved through the registry, findings kept once.

Every record keeps the name as printed and gets the registry's key, level and province; a name
the registry does not know keeps a key made from the name itself and is reported
(``unknown-unit``), as are ``ambiguous-unit`` names and fuzzy matches (``fuzzy-unit-match``,
with the score, so that a person can make the spelling an alias).
"""

from __future__ import annotations

from datetime import date

from attrs import evolve

from idx766.model import Finding, Level, Provenance, Severity, Unit, level_from_name
from idx766.text import name_key
from idx766.units import Registry, Resolution, resolve

__all__ = ["UnitResolver"]


class UnitResolver:
    """Resolves the unit names of one document (its province and date narrow the search)."""

    def __init__(self, registry: Registry, province: str | None, on: date | None) -> None:
        self.registry = registry
        self.province_name = province
        self.province = registry.province_key(province) if province else None
        self.on = on
        self.findings: list[Finding] = []
        self._reported: set[str] = set()
        self._cache: dict[tuple[str, Level | None], Resolution] = {}

    def _resolve(self, printed: str, level: Level | None) -> Resolution:
        key = (printed, level)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        found = resolve(self.registry, printed, level=level, province=self.province, on=self.on)
        if not found.resolved and level is not None and not found.ambiguous:
            found = resolve(self.registry, printed, province=self.province, on=self.on)
        # The candidates serve the finding made on first sight; a document of thousands of
        # unknown names need not keep five candidates for each.
        self._cache[key] = evolve(found, candidates=()) if found.candidates else found
        return found

    def unit(self, printed: str, *, level: Level | None, where: Provenance | None) -> Unit:
        """The unit a printed name stands for (level: what the table says, if anything)."""
        hint = level or level_from_name(printed)
        found = self._resolve(printed, hint)
        self._report(found, where)
        if found.unit is None:
            return Unit(
                name=printed,
                key=name_key(printed),
                level=hint,
                province=self.province or self.province_name if hint != Level.PROVINCE else None,
            )
        ru = found.unit
        return Unit(
            name=printed,
            key=ru.key,
            level=ru.level,
            province=ru.province,
            code=ru.code,
        )

    def province_unit(self, where: Provenance | None) -> Unit | None:
        """The document's own province as a unit, if the document names one."""
        if self.province_name is None:
            return None
        return self.unit(self.province_name, level=Level.PROVINCE, where=where)

    def _report(self, found: Resolution, where: Provenance | None) -> None:
        if found.method in ("exact", "alias") or found.printed in self._reported:
            return
        self._reported.add(found.printed)
        best = ", ".join(f"{c.unit.name} ({c.score:.0f})" for c in found.candidates[:3])
        if found.method == "fuzzy" and found.unit is not None:
            check = "fuzzy-unit-match"
            message = (
                f"{found.printed!r} read as {found.unit.name!r} ({found.unit.key}) by fuzzy "
                f"match, score {found.score:.0f}; add it as an alias to make it exact"
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
