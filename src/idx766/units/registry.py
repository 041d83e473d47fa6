"""The unit registry: every known province, agency, district and commune, with its history.

Loaded from CSV files (see ``docs/units.md`` for the format): the package ships the 34
provinces of 1/7/2025 and the 63 before them, and Thái Nguyên's departments, districts and
communes; another province adds its own file with :meth:`Registry.with_files`.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Iterator
from datetime import date
from importlib import resources
from pathlib import Path

from attrs import evolve, field, frozen

from idx766.errors import CorruptFileError
from idx766.model import Level
from idx766.text import clean, fold
from idx766.units.names import NameParts, split_name

__all__ = ["COLUMNS", "Registry", "RegistryUnit", "default_registry"]

COLUMNS = (
    "key",
    "name",
    "level",
    "province",
    "code",
    "valid_from",
    "valid_to",
    "successors",
    "aliases",
)
_TONE_NAMES = {
    "\u0301": "sac",
    "\u0300": "huyen",
    "\u0309": "hoi",
    "\u0303": "nga",
    "\u0323": "nang",
}


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(";") if v.strip())


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value.strip() else None


@frozen(kw_only=True)
class RegistryUnit:
    """One unit: stable key, official name, level, province key, portal code, validity, lineage."""

    key: str
    name: str
    level: Level
    province: str | None = None
    code: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    successors: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    parts: NameParts = field(init=False, eq=False, repr=False)
    alias_parts: tuple[NameParts, ...] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "parts", split_name(self.name))
        object.__setattr__(self, "alias_parts", tuple(split_name(a) for a in self.aliases))

    def valid_on(self, day: date | None) -> bool:
        """True when the unit existed on ``day`` (always true for ``None``)."""
        if day is None:
            return True
        if self.valid_from is not None and day < self.valid_from:
            return False
        return not (self.valid_to is not None and day > self.valid_to)


def _slug(text: str) -> str:
    out = "".join(ch if ch.isalnum() else "-" for ch in fold(text))
    return "-".join(p for p in out.split("-") if p)


def _tone_suffix(name: str) -> str:
    import unicodedata

    base = name.split(" ", 1)[-1]
    marks = [_TONE_NAMES[c] for c in unicodedata.normalize("NFD", base) if c in _TONE_NAMES]
    return "-" + "-".join(marks) if marks else ""


def _rows(path: Path | None, text: str) -> Iterator[dict[str, str]]:
    reader = csv.DictReader(text.splitlines())
    missing = {"name", "level"} - set(reader.fieldnames or ())
    if missing:
        raise CorruptFileError(path, f"registry file lacks the column(s) {sorted(missing)}")
    for row in reader:
        yield {c: clean(row.get(c) or "") for c in COLUMNS}


def _units_from(path: Path | None, text: str, provinces: dict[str, str]) -> list[RegistryUnit]:
    units: list[RegistryUnit] = []
    for line, row in enumerate(_rows(path, text), start=2):
        try:
            level = Level(row["level"])
            province = row["province"] or None
            if province is not None and province not in provinces.values():
                province = provinces.get(fold(province), _slug(province))
            key = row["key"] or (
                f"{province}/{_slug(row['name'])}" if province else _slug(row["name"])
            )
            units.append(
                RegistryUnit(
                    key=key,
                    name=row["name"],
                    level=level,
                    province=province,
                    code=row["code"] or None,
                    valid_from=_date(row["valid_from"]),
                    valid_to=_date(row["valid_to"]),
                    successors=_split(row["successors"]),
                    aliases=_split(row["aliases"]),
                )
            )
        except ValueError as exc:
            raise CorruptFileError(path, f"line {line}: {exc}") from exc
    return units


@frozen
class Registry:
    """An immutable set of units, looked up by key, filtered, resolved from printed names."""

    units: tuple[RegistryUnit, ...]
    _by_key: dict[str, RegistryUnit] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        by_key: dict[str, RegistryUnit] = {}
        for unit in self.units:
            if unit.key in by_key:
                raise ValueError(
                    f"two units share the key {unit.key!r} ({by_key[unit.key].name!r} and "
                    f"{unit.name!r}): give one of them its own key"
                )
            by_key[unit.key] = unit
        for unit in self.units:
            for succ in unit.successors:
                if succ not in by_key:
                    raise ValueError(f"{unit.key}: successor {succ!r} is not a known unit")
        object.__setattr__(self, "_by_key", by_key)

    # -- building -------------------------------------------------------------------------

    @classmethod
    def from_texts(cls, texts: Iterable[tuple[Path | None, str]]) -> Registry:
        """A registry from CSV texts (each with the path it came from, for error messages)."""
        units: list[RegistryUnit] = []
        for path, text in texts:
            provinces = {fold(u.name): u.key for u in units if u.level == Level.PROVINCE}
            units.extend(_units_from(path, text, provinces))
        return cls(_disambiguate(units))

    def with_files(self, *paths: str | Path) -> Registry:
        """This registry plus the units of the given CSV files (another province's, say)."""
        texts: list[tuple[Path | None, str]] = [(None, _to_csv(self.units))]
        for p in paths:
            path = Path(p)
            try:
                texts.append((path, path.read_text(encoding="utf-8-sig")))
            except (OSError, UnicodeDecodeError) as exc:
                raise CorruptFileError(path, f"cannot read the registry file: {exc}") from exc
        return Registry.from_texts(texts)

    def with_alias(self, key: str, alias: str) -> Registry:
        """This registry with one more printed name for the unit ``key``."""
        unit = self.get(key)
        updated = evolve(unit, aliases=(*unit.aliases, alias))
        return Registry(tuple(updated if u.key == key else u for u in self.units))

    # -- looking up -----------------------------------------------------------------------

    def get(self, key: str) -> RegistryUnit:
        """The unit with this key (``KeyError`` if none)."""
        return self._by_key[key]

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def select(
        self,
        *,
        province: str | None = None,
        level: Level | str | None = None,
        on: date | None = None,
    ) -> list[RegistryUnit]:
        """Units of a province (key or name), a level, valid on a date; all when not given."""
        province_key = self.province_key(province) if province else None
        wanted = Level(level) if level else None
        return [
            u
            for u in self.units
            if (wanted is None or u.level == wanted)
            and (province_key is None or u.province == province_key or u.key == province_key)
            and u.valid_on(on)
        ]

    def province_key(self, name: str) -> str | None:
        """The key of a province given its key or any printed form of its name."""
        if name in self._by_key and self._by_key[name].level == Level.PROVINCE:
            return name
        parts = split_name(name)
        for unit in self.units:
            if unit.level == Level.PROVINCE and any(
                p.base == parts.base for p in (unit.parts, *unit.alias_parts)
            ):
                return unit.key
        return None

    def successors(self, key: str) -> tuple[RegistryUnit, ...]:
        """The units that took over from ``key`` at a reorganization."""
        return tuple(self._by_key[s] for s in self.get(key).successors)

    def predecessors(self, key: str) -> tuple[RegistryUnit, ...]:
        """The units that ``key`` took over from."""
        return tuple(u for u in self.units if key in u.successors)

    def continued(self, key: str, on: date) -> RegistryUnit | None:
        """The unit that carries ``key``'s series on ``on`` (opt-in continuation).

        Follows single successors across reorganizations: "Sở Kế hoạch và Đầu tư" continues
        into "Sở Tài chính". A unit that ended without one (a district in 2025) continues into
        nothing (None); nothing is invented.
        """
        unit = self.get(key)
        seen = {unit.key}
        while not unit.valid_on(on):
            if unit.valid_to is None or on < (unit.valid_from or on) or len(unit.successors) != 1:
                return None
            unit = self.get(unit.successors[0])
            if unit.key in seen:
                return None
            seen.add(unit.key)
        return unit


def _disambiguate(units: list[RegistryUnit]) -> tuple[RegistryUnit, ...]:
    """Give generated keys that collide (Văn Lang / Văn Lãng) the names of their tones."""
    counts: dict[str, int] = {}
    for u in units:
        counts[u.key] = counts.get(u.key, 0) + 1
    out = []
    for u in units:
        if counts[u.key] > 1:
            suffix = _tone_suffix(u.name)
            if suffix and not u.key.endswith(suffix):
                u = evolve(u, key=u.key + suffix)
        out.append(u)
    return tuple(out)


def _to_csv(units: Iterable[RegistryUnit]) -> str:
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for u in units:
        writer.writerow(
            [
                u.key,
                u.name,
                u.level.value,
                u.province or "",
                u.code or "",
                u.valid_from.isoformat() if u.valid_from else "",
                u.valid_to.isoformat() if u.valid_to else "",
                ";".join(u.successors),
                ";".join(u.aliases),
            ]
        )
    return buffer.getvalue()


@functools.cache
def default_registry() -> Registry:
    """The registry shipped with idx766 (provinces first, then each province's units)."""
    data = resources.files("idx766.units") / "data"
    names = sorted(p.name for p in data.iterdir() if p.name.endswith(".csv"))
    names.sort(key=lambda n: n != "provinces.csv")
    return Registry.from_texts((None, (data / n).read_text(encoding="utf-8")) for n in names)
