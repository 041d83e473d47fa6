"""Units of portal data: the portal's unit code first, then the printed name, through the registry.

The portal identifies every unit by a code (``H21`` a province, ``H21.17`` one of its agencies or
communes) and an id. A code the registry knows gives the registry's unit; otherwise the printed
name is resolved within the province and level. A unit that carries a portal code but is not in
the registry keeps a key made from its printed name (the code still identifies it, so this is not
reported); a unit with neither a known code nor a known name is reported as ``unknown-unit``,
like a name in a report. A name printed without a code (a crawler's "top improvers" list) that
names a unit listed with its code elsewhere in the file is that unit. Shared by the spreadsheet
parser so that both give identical units.
"""

from __future__ import annotations

import re
from datetime import date

from idx766.model import Finding, Level, Provenance, Severity, Unit, level_from_name
from idx766.text import clean, name_key
from idx766.units import Candidate, Registry, RegistryUnit, resolve

__all__ = ["PROVINCE_CODE", "UNIT_CODE", "UnitMaker", "level_of", "province_name"]

PROVINCE_CODE = re.compile(r"^H\d{2,3}$")
UNIT_CODE = re.compile(r"^H\d{2,3}(?:\.\d+)+$")
_PROVINCE_PREFIX = re.compile(r"^(?:UBND\s+)?(?:tỉnh|thành\s+phố|TP\.?)\s+(.+)$", re.IGNORECASE)
_PROVINCE_SUFFIX = re.compile(r"\s+-\s+((?:tỉnh|thành\s+phố)\s+.+)$", re.IGNORECASE)

_CHILD_GROUPS = {
    "AGENCY": Level.DEPARTMENT,
    "DEPARTMENT": Level.DEPARTMENT,
    "COMMUNE": Level.COMMUNE,
    "DISTRICT": Level.DISTRICT,
    "PROVINCE": Level.PROVINCE,
}


def province_name(printed: str) -> str:
    """``Gia Lai`` from "UBND tỉnh Gia Lai", "UBND Thành phố Đồng Nai" or "Tỉnh Phú Thọ"."""
    text = clean(printed)
    match = _PROVINCE_PREFIX.match(text)
    return clean(match.group(1)) if match else text


def province_in_name(printed: str) -> str | None:
    """The province a name carries after " - tỉnh X" (the portal's suffix), if any."""
    match = _PROVINCE_SUFFIX.search(clean(printed))
    return province_name(match.group(1)) if match else None


def level_of(
    *,
    code: str | None,
    level: str | None,
    child_group: str | None,
    name: str,
) -> Level | None:
    """The level from the unit code, the portal's ``level`` and ``childGroup``, then the name.

    ``H21`` is a province; below it ``childGroup`` AGENCY / COMMUNE decides, then ``level``
    (PROVINCE below a province code means a provincial agency). Without a code the name decides.
    """
    if code and PROVINCE_CODE.match(code):
        return Level.PROVINCE
    if child_group and child_group.upper() in _CHILD_GROUPS:
        return _CHILD_GROUPS[child_group.upper()]
    portal_level = (level or "").upper()
    if code and UNIT_CODE.match(code):
        if portal_level == "PROVINCE":
            return Level.DEPARTMENT
        if portal_level in _CHILD_GROUPS:
            return _CHILD_GROUPS[portal_level]
        return level_from_name(name) or None
    by_name = level_from_name(name)
    if by_name is not None:
        return by_name
    if portal_level == "COMMUNE":
        return Level.COMMUNE
    return None


class UnitMaker:
    """Makes the :class:`Unit` of each record of one file, and reports names it cannot place."""

    def __init__(self, registry: Registry, on: date | None) -> None:
        self.registry = registry
        self.on = on
        self.findings: list[Finding] = []
        self._province_names: dict[str, str] = {}  # province code -> printed province name
        self._by_name: dict[str, Unit | None] = {}  # units of this file with a code, by name
        self._reported: set[str] = set()

    def know_province(self, code: str | None, printed: str) -> None:
        """Remember a province the file names (for the units below its code)."""
        if code and PROVINCE_CODE.match(code):
            self._province_names.setdefault(code, province_name(printed))

    def _registered(self, code: str) -> RegistryUnit | None:
        found = [u for u in self.registry.by_code(code) if u.valid_on(self.on)]
        return found[0] if len(found) == 1 else None

    def _province_of(self, code: str | None, name: str, fallback: str | None) -> str | None:
        printed = None
        if code and UNIT_CODE.match(code):
            parent = code.split(".", 1)[0]
            registered = self._registered(parent)
            if registered is not None:
                return registered.key
            printed = self._province_names.get(parent)
        printed = printed or province_in_name(name) or fallback
        if printed is None:
            return None
        return self.registry.province_key(printed) or printed

    def unit(
        self,
        name: str,
        *,
        code: str | None,
        level: Level | None,
        province: str | None = None,
        where: Provenance | None = None,
    ) -> Unit:
        """The unit of a record: by its portal code, else by its name, else as printed.

        A name without a code that names a unit listed with its code elsewhere in the file (a
        crawler's "top improvers" list) is that unit.
        """
        printed = clean(name)
        if not code:
            known = self._by_name.get(name_key(printed))
            if known is not None:
                return Unit(
                    name=printed,
                    key=known.key,
                    level=known.level,
                    province=known.province,
                    code=known.code,
                )
        unit = self._unit(printed, code=code, level=level, province=province, where=where)
        if unit.code:
            key = name_key(printed)
            seen = self._by_name.get(key, unit)
            self._by_name[key] = unit if seen is not None and seen.code == unit.code else None
        return unit

    def _unit(
        self,
        name: str,
        *,
        code: str | None,
        level: Level | None,
        province: str | None = None,
        where: Provenance | None = None,
    ) -> Unit:
        printed = name
        code = clean(code) if code else None
        if code:
            registered = self._registered(code)
            if registered is not None:
                return Unit(
                    name=printed,
                    key=registered.key,
                    level=registered.level,
                    province=registered.province,
                    code=code,
                )
        level = level or level_from_name(printed)
        in_province = (
            None if level == Level.PROVINCE else self._province_of(code, printed, province)
        )
        found = resolve(self.registry, printed, level=level, province=in_province, on=self.on)
        fuzzy_ok = found.method == "fuzzy" and code is None
        if found.unit is not None and (found.method in ("exact", "alias") or fuzzy_ok):
            ru = found.unit
            if fuzzy_ok:
                self._report(
                    "fuzzy-unit-match",
                    printed,
                    f"{printed!r} read as {ru.name!r} ({ru.key}) by fuzzy match, score "
                    f"{found.score or 0:.0f}; add it as an alias to make it exact",
                    where,
                )
            return Unit(
                name=printed, key=ru.key, level=ru.level, province=ru.province, code=code or ru.code
            )
        if code is None:
            names = _names(found.candidates)
            if found.ambiguous:
                self._report(
                    "ambiguous-unit", printed, f"{printed!r} could be any of: {names}", where
                )
            else:
                message = f"{printed!r} has no portal code and is not in the unit registry"
                self._report(
                    "unknown-unit",
                    printed,
                    message + (f"; closest: {names}" if names else ""),
                    where,
                )
        return Unit(
            name=printed,
            key=name_key(printed),
            level=level,
            province=in_province,
            code=code,
        )

    def _report(self, check: str, printed: str, message: str, where: Provenance | None) -> None:
        if printed in self._reported:
            return
        self._reported.add(printed)
        self.findings.append(
            Finding(
                check=check,
                severity=Severity.WARNING,
                message=message,
                unit=printed,
                location=where,
            )
        )


def _names(candidates: tuple[Candidate, ...]) -> str:
    return ", ".join(f"{c.unit.name} ({c.score:.0f})" for c in candidates[:3])
