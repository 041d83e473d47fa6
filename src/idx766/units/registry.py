"""The unit registry: every known province, agency, district and commune, with its history.

Loaded from CSV files (see ``docs/units.md`` for the format). The package ships the provinces
of both eras (63 until 30/6/2025, 34 from 1/7/2025), the ministries and central agencies, and
for each province one file with its agencies, its districts and communes before 1/7/2025 and its
communes and wards after, with the 2025 lineage; a province file is read the first time a name
of that province is looked up (a registry of some 27,000 units costs a few milliseconds to
open). Another province adds or corrects its own units with :meth:`Registry.with_files`: a row
whose key names a known unit updates it (the cells it fills win, its aliases are added), any
other row adds a unit.
"""

from __future__ import annotations

import csv
import functools
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from attrs import evolve, frozen

from idx766.errors import CorruptFileError
from idx766.model import Level
from idx766.text import clean, fold, name_key
from idx766.units.names import NameParts, split_name

__all__ = ["COLUMNS", "Registry", "RegistryUnit", "default_registry", "mark_suffixes", "slug"]

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
    "parent",
    "gso_code",
)
_MARK_NAMES = {
    "\u0301": "sac",
    "\u0300": "huyen",
    "\u0309": "hoi",
    "\u0303": "nga",
    "\u0323": "nang",
    "\u0302": "mu",
    "\u0306": "trang",
    "\u031b": "moc",
    "\u0111": "dd",
}
_LEVELS = {level.value: level for level in Level}


@frozen(kw_only=True)
class RegistryUnit:
    """One unit: stable key, official name, level, province key, portal code, validity, lineage.

    ``parent`` is the key of the district a commune belonged to before 1/7/2025;
    ``gso_code`` the unit's code in the national list of administrative units (GSO).
    """

    key: str
    name: str
    level: Level
    province: str | None = None
    code: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    successors: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    gso_code: str | None = None

    @property
    def parts(self) -> NameParts:
        """The official name reduced (:func:`split_name`, cached)."""
        return split_name(self.name)

    @property
    def alias_parts(self) -> tuple[NameParts, ...]:
        """Each alias reduced."""
        return tuple(split_name(a) for a in self.aliases)

    def valid_on(self, day: date | None) -> bool:
        """True when the unit existed on ``day`` (always true for ``None``)."""
        if day is None:
            return True
        if self.valid_from is not None and day < self.valid_from:
            return False
        return not (self.valid_to is not None and day > self.valid_to)


def slug(text: str) -> str:
    """The key form of a name: no diacritics, lower case, words joined by "-"."""
    out = "".join(ch if ch.isalnum() else "-" for ch in fold(text))
    return "-".join(p for p in out.split("-") if p)


def _marks(syllable: str) -> list[str]:
    decomposed = unicodedata.normalize("NFD", syllable)
    return [_MARK_NAMES[c] for c in decomposed if c in _MARK_NAMES]


def mark_suffixes(names: Sequence[str]) -> list[str]:
    """Key suffixes that tell apart names with one slug ("xã Văn Lang", "xã Văn Lăng").

    Only the syllables in which the names differ count: a name whose differing syllables carry
    no mark gets no suffix; the others get the names of their marks ("-trang" for the breve of
    "Lăng", "-nga" for the tilde of "Lãng", "-huyen"/"-nang" for "Sơn Hà"/"Sơn Hạ").
    """
    words = [name_key(n).split() for n in names]
    width = min(len(w) for w in words)
    differ = [i for i in range(width) if len({w[i] for w in words}) > 1]
    out = []
    for w in words:
        marks = [m for i in differ for m in _marks(w[i])]
        out.append("-" + "-".join(marks) if marks else "")
    return out


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(";") if v.strip())


@functools.cache
def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


# -- reading files ------------------------------------------------------------------------------


@frozen(kw_only=True)
class _Row:
    """One row of a registry file, cleaned, with where it came from."""

    path: Path | None
    line: int
    cells: Mapping[str, str]

    def error(self, reason: str) -> CorruptFileError:
        return CorruptFileError(self.path, f"line {self.line}: {reason}")


def _rows(path: Path | None, text: str) -> Iterator[_Row]:
    reader = csv.DictReader(text.splitlines())
    fields = set(reader.fieldnames or ())
    if not ({"name", "level"} <= fields or "key" in fields):
        missing = sorted({"name", "level"} - fields)
        raise CorruptFileError(path, f"registry file lacks the column(s) {missing}")
    for line, row in enumerate(reader, start=2):
        yield _Row(path=path, line=line, cells={c: clean(row.get(c) or "") for c in COLUMNS})


def _fields(row: _Row, province: str | None) -> dict[str, Any]:
    """The attributes a row gives (only the cells it fills)."""
    cells = row.cells
    out: dict[str, Any] = {}
    try:
        if cells["name"]:
            out["name"] = cells["name"]
        if cells["level"]:
            out["level"] = Level(cells["level"])
        if province is not None:
            out["province"] = province
        for column in ("code", "parent", "gso_code"):
            if cells[column]:
                out[column] = cells[column]
        for column in ("valid_from", "valid_to"):
            if cells[column]:
                out[column] = date.fromisoformat(cells[column])
        if cells["successors"]:
            out["successors"] = _split(cells["successors"])
        if cells["aliases"]:
            out["aliases"] = _split(cells["aliases"])
    except ValueError as exc:
        raise row.error(str(exc)) from exc
    return out


def _merged(unit: RegistryUnit, fields: Mapping[str, Any]) -> RegistryUnit:
    """``unit`` updated by a row: filled cells win, aliases are added."""
    changes = dict(fields)
    if "aliases" in changes:
        changes["aliases"] = tuple(dict.fromkeys((*unit.aliases, *changes["aliases"])))
    return evolve(unit, **changes)


def _new_unit(key: str, fields: Mapping[str, Any], row: _Row) -> RegistryUnit:
    if "name" not in fields or "level" not in fields:
        raise row.error(f"no unit has the key {key!r} (a new unit needs a name and a level)")
    return RegistryUnit(key=key, **fields)


def _fast_chunk(text: str, province: str) -> tuple[RegistryUnit, ...]:
    """The units of one shipped province file (written by tools/make_registry_data.py, clean:
    a test checks it), read without re-cleaning every cell."""
    reader = csv.reader(text.splitlines())
    header = next(reader)
    at = {c: header.index(c) for c in header}
    k, n, lv = at["key"], at["name"], at["level"]
    opt = [(c, at[c]) for c in ("code", "parent", "gso_code") if c in at]
    vf, vt, su, al = at["valid_from"], at["valid_to"], at["successors"], at["aliases"]
    units = []
    for r in reader:
        extra = {c: r[i] for c, i in opt if r[i]}
        units.append(
            RegistryUnit(
                key=r[k],
                name=r[n],
                level=_LEVELS[r[lv]],
                province=province,
                valid_from=_date(r[vf]),
                valid_to=_date(r[vt]),
                successors=tuple(r[su].split(";")) if r[su] else (),
                aliases=tuple(r[al].split(";")) if r[al] else (),
                **extra,
            )
        )
    return tuple(units)


# -- indexes ------------------------------------------------------------------------------------

Entry = tuple[RegistryUnit, NameParts, bool]  # unit, a reduced name of it, is it an alias


class _Index:
    """The names of a set of units by their keys: official, alias, spelling and unaccented
    (without spaces)."""

    __slots__ = ("alias", "entries", "exact", "folded", "spelling")

    def __init__(self, units: Iterable[RegistryUnit]) -> None:
        self.exact: dict[str, list[Entry]] = {}
        self.alias: dict[str, list[Entry]] = {}
        self.spelling: dict[str, list[Entry]] = {}
        self.folded: dict[str, list[Entry]] = {}
        self.entries: list[Entry] = []
        for unit in units:
            self._add((unit, unit.parts, False))
            for parts in unit.alias_parts:
                self._add((unit, parts, True))

    def _add(self, entry: Entry) -> None:
        parts = entry[1]
        for table, key in (
            (self.alias if entry[2] else self.exact, parts.base),
            (self.spelling, parts.spelling),
            (self.folded, parts.folded.replace(" ", "")),
        ):
            found = table.get(key)
            if found is None:
                table[key] = [entry]
            else:
                found.append(entry)
        self.entries.append(entry)


@frozen
class _Chunk:
    """The units of one province file, with two indexes built on first use: the units that
    still exist, and those that ended (a name of today needs only the first)."""

    units: tuple[RegistryUnit, ...]

    @functools.cached_property
    def current(self) -> _Index:
        return _Index(u for u in self.units if u.valid_to is None)

    @functools.cached_property
    def ended(self) -> _Index:
        return _Index(u for u in self.units if u.valid_to is not None)

    @functools.cached_property
    def last_end(self) -> date | None:
        return max((u.valid_to for u in self.units if u.valid_to is not None), default=None)

    def indexes(self, on: date | None) -> list[_Index]:
        """The indexes that may hold a unit that existed on ``on`` (all without a date)."""
        if on is not None and (self.last_end is None or on > self.last_end):
            return [self.current]
        return [self.current, self.ended]

    @functools.cached_property
    def by_key(self) -> dict[str, RegistryUnit]:
        return {u.key: u for u in self.units}

    @functools.cached_property
    def levels(self) -> frozenset[Level]:
        return frozenset(u.level for u in self.units)


Loader = Callable[[], _Chunk]


def _key_province(key: str) -> str | None:
    return key.split("/", 1)[0] if "/" in key else None


class Registry:
    """An immutable set of units, looked up by key, filtered, resolved from printed names.

    Built from units (``Registry(units)``), from CSV texts (:meth:`from_texts`) or shipped
    (:func:`default_registry`), whose province files are read when first needed.
    """

    def __init__(
        self,
        units: Iterable[RegistryUnit] = (),
        *,
        chunks: Mapping[str, Loader] | None = None,
        patches: Mapping[str, Mapping[str, tuple[_Row, dict[str, Any]]]] | None = None,
        chunk_levels: Mapping[str, frozenset[Level]] | None = None,
    ) -> None:
        self._eager: dict[str, RegistryUnit] = {}
        for unit in units:
            if unit.key in self._eager:
                raise ValueError(
                    f"two units share the key {unit.key!r} ({self._eager[unit.key].name!r} "
                    f"and {unit.name!r}): give one of them its own key"
                )
            self._eager[unit.key] = unit
        self._loaders: dict[str, Loader] = dict(chunks or {})
        self._patches = {p: dict(rows) for p, rows in (patches or {}).items()}
        self._chunk_levels = dict(chunk_levels or {})
        self._chunks: dict[str, _Chunk] = {}
        self._eager_index: _Index | None = None
        self._all: tuple[RegistryUnit, ...] | None = None
        self._province_names: _ProvinceNames | None = None
        self._by_code: dict[str, list[str]] | None = None
        self._merged_into: dict[str, tuple[str, ...]] | None = None
        for unit in self._eager.values():
            for succ in unit.successors:
                if succ not in self:
                    raise ValueError(f"{unit.key}: successor {succ!r} is not a known unit")

    # -- building -------------------------------------------------------------------------

    @classmethod
    def from_texts(cls, texts: Iterable[tuple[Path | None, str]]) -> Registry:
        """A registry from CSV texts (each with the path it came from, for error messages)."""
        return cls().with_texts(texts)

    def with_files(self, *paths: str | Path) -> Registry:
        """This registry updated and extended by the given CSV files (another province's)."""
        texts: list[tuple[Path | None, str]] = []
        for p in paths:
            path = Path(p)
            try:
                texts.append((path, path.read_text(encoding="utf-8-sig")))
            except (OSError, UnicodeDecodeError) as exc:
                raise CorruptFileError(path, f"cannot read the registry file: {exc}") from exc
        return self.with_texts(texts)

    def with_texts(
        self, texts: Iterable[tuple[Path | None, str]], *, check: bool = True
    ) -> Registry:
        """This registry updated and extended by CSV texts, one after the other.

        Within one text two rows may not name one key; a later text updates what an earlier
        one (or the registry) has. A row without a key gets ``<province>/<slug of the name>``.
        With ``check``, the province files the texts update are read at once, so that a row
        that names no unit is reported here rather than at the first look-up.
        """
        eager = dict(self._eager)
        patches = {p: dict(rows) for p, rows in self._patches.items()}
        for path, text in texts:
            generated: dict[str, list[tuple[_Row, dict[str, Any]]]] = {}
            explicit: dict[str, tuple[_Row, dict[str, Any]]] = {}
            provinces = _ProvinceNames(eager)
            for row in _rows(path, text):
                province = row.cells["province"] or None
                if province is not None:
                    province = provinces.key(province) or slug(province)
                fields = _fields(row, province)
                if row.cells["key"]:
                    key = row.cells["key"]
                    if key in explicit:
                        raise ValueError(
                            f"two units share the key {key!r} ({path or 'registry text'}, "
                            f"lines {explicit[key][0].line} and {row.line})"
                        )
                    explicit[key] = (row, fields)
                elif "name" in fields:
                    key = f"{province}/{slug(fields['name'])}" if province else slug(fields["name"])
                    generated.setdefault(key, []).append((row, fields))
                else:
                    raise row.error("a row needs a key, or a name and a level")
            rows = dict(explicit)
            for key, same in generated.items():
                if len(same) == 1:
                    rows.setdefault(key, same[0])
                    continue
                for suffix, (row, fields) in zip(
                    mark_suffixes([f["name"] for _, f in same]), same, strict=True
                ):
                    if key + suffix in rows:
                        raise ValueError(
                            f"two units share the key {key + suffix!r} ({fields['name']!r}): "
                            "give one of them its own key"
                        )
                    rows[key + suffix] = (row, fields)
            for key, (row, fields) in rows.items():
                province = _key_province(key) or fields.get("province")
                if key in eager:
                    eager[key] = _merged(eager[key], fields)
                elif province in self._loaders:
                    patches.setdefault(province, {})[key] = (row, fields)
                else:
                    eager[key] = _new_unit(key, fields, row)
        registry = Registry(
            eager.values(), chunks=self._loaders, patches=patches, chunk_levels=self._chunk_levels
        )
        for province in patches if check else ():
            registry._chunk(province)
        return registry

    def with_alias(self, key: str, alias: str) -> Registry:
        """This registry with one more printed name for the unit ``key``."""
        unit = self.get(key)
        row = _Row(path=None, line=0, cells={})
        fields: dict[str, Any] = {"aliases": (*unit.aliases, alias)}
        if key in self._eager:
            eager = dict(self._eager)
            eager[key] = _merged(unit, fields)
            return Registry(
                eager.values(),
                chunks=self._loaders,
                patches=self._patches,
                chunk_levels=self._chunk_levels,
            )
        province = _key_province(key) or unit.province or ""
        patches = {p: dict(rows) for p, rows in self._patches.items()}
        old = patches.setdefault(province, {}).get(key)
        if old is not None:
            fields = {**old[1], **fields}
        patches[province][key] = (row, fields)
        return Registry(
            self._eager.values(),
            chunks=self._loaders,
            patches=patches,
            chunk_levels=self._chunk_levels,
        )

    # -- province files -------------------------------------------------------------------

    def _chunk(self, province: str) -> _Chunk | None:
        """The units of one province file (read on first use), updated by the patches."""
        chunk = self._chunks.get(province)
        if chunk is not None or province not in self._loaders:
            return chunk
        chunk = self._loaders[province]()
        patches = self._patches.get(province)
        if patches:
            units = {u.key: u for u in chunk.units}
            for key, (row, fields) in patches.items():
                base = units.get(key)
                units[key] = _merged(base, fields) if base else _new_unit(key, fields, row)
            chunk = _Chunk(tuple(units.values()))
            self._chunks[province] = chunk
            for key in patches:
                for succ in chunk.by_key[key].successors:
                    if succ not in self:
                        raise ValueError(f"{key}: successor {succ!r} is not a known unit")
        self._chunks[province] = chunk
        return chunk

    def _load_all(self) -> None:
        for province in self._loaders:
            self._chunk(province)

    @property
    def units(self) -> tuple[RegistryUnit, ...]:
        """Every unit (reads every province file)."""
        if self._all is None:
            self._load_all()
            chunks = [self._chunks[p].units for p in self._loaders]
            self._all = tuple(self._eager.values()) + tuple(u for c in chunks for u in c)
        return self._all

    # -- looking up -----------------------------------------------------------------------

    def get(self, key: str) -> RegistryUnit:
        """The unit with this key (``KeyError`` if none)."""
        unit = self._eager.get(key)
        if unit is not None:
            return unit
        province = _key_province(key)
        chunk = self._chunk(province) if province else None
        if chunk is not None and (unit := chunk.by_key.get(key)) is not None:
            return unit
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        try:
            self.get(key)
        except KeyError:
            return False
        return True

    def province_units(self, province: str) -> tuple[RegistryUnit, ...]:
        """The units of one province (by key): its file's and those added to it."""
        chunk = self._chunk(province)
        own = tuple(u for u in self._eager.values() if u.province == province)
        return own + (chunk.units if chunk else ())

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
        if province_key is not None:
            pool: Iterable[RegistryUnit] = (
                self.get(province_key),
                *self.province_units(province_key),
            )
        elif province:
            pool = ()
        else:
            pool = self.units
        return [u for u in pool if (wanted is None or u.level == wanted) and u.valid_on(on)]

    def province_key(self, name: str) -> str | None:
        """The key of a province given its key or any printed form of its name."""
        if self._province_names is None:
            self._province_names = _ProvinceNames(self._eager)
        return self._province_names.key(name)

    def by_code(self, code: str) -> tuple[RegistryUnit, ...]:
        """The units that carry this portal code (``H21``, ``H21.19``)."""
        if self._by_code is None:
            by_code: dict[str, list[str]] = {}
            for unit in self._eager.values():
                if unit.code:
                    by_code.setdefault(unit.code, []).append(unit.key)
            for rows in self._patches.values():
                for key, (_, fields) in rows.items():
                    if fields.get("code"):
                        by_code.setdefault(fields["code"], []).append(key)
            self._by_code = by_code
        return tuple(u for k in self._by_code.get(code, ()) if (u := self.get(k)).code == code)

    def predecessor_provinces(self, province: str) -> tuple[str, ...]:
        """The provinces that merged into ``province`` (NQ 202/2025/QH15)."""
        if self._merged_into is None:
            merged: dict[str, list[str]] = {}
            for unit in self._eager.values():
                if unit.level == Level.PROVINCE:
                    for succ in unit.successors:
                        merged.setdefault(succ, []).append(unit.key)
            self._merged_into = {k: tuple(v) for k, v in merged.items()}
        return self._merged_into.get(province, ())

    def successors(self, key: str) -> tuple[RegistryUnit, ...]:
        """The units that took over from ``key`` at a reorganization."""
        return tuple(self.get(s) for s in self.get(key).successors)

    def predecessors(self, key: str) -> tuple[RegistryUnit, ...]:
        """The units that ``key`` took over from."""
        province = _key_province(key)
        if province is None:
            pool: Iterable[RegistryUnit] = self._eager.values()
        else:
            pool = list(self._eager.values())
            for p in (province, *self.predecessor_provinces(province)):
                chunk = self._chunk(p)
                pool.extend(chunk.units if chunk else ())
        return tuple(u for u in pool if key in u.successors)

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

    # -- for the resolver -----------------------------------------------------------------

    def _may_hold(self, province: str, level: Level | None) -> bool:
        """False when the province file cannot hold a unit of ``level``: what it is known to
        hold (read, or declared by :func:`default_registry`) and what its patches set."""
        if level is None:
            return True
        chunk = self._chunks.get(province)
        if chunk is not None:
            return level in chunk.levels
        declared = self._chunk_levels.get(province)
        if declared is None or level in declared:
            return True
        patches = self._patches.get(province, {})
        return any(fields.get("level") == level for _, fields in patches.values())

    def indexes(
        self, province: str | None, on: date | None = None, *, level: Level | None = None
    ) -> tuple[list[_Index], list[_Index]]:
        """The indexes to search for a name of ``on``: those of the province (with the units of
        no province) and, second, those of the provinces merged into it; every province's when
        no province is given. A province's units that had ended before ``on`` are skipped.

        With ``level`` (the only level the caller accepts), a province file that holds no unit
        of that level is not read: a national ranking's province names need none of the
        country's communes."""
        if self._eager_index is None:
            self._eager_index = _Index(self._eager.values())
        if province is None:
            wanted = [p for p in self._loaders if self._may_hold(p, level)]
            chunks = [c for p in wanted if (c := self._chunk(p)) is not None]
            return [self._eager_index, *(i for c in chunks for i in c.indexes(on))], []
        first = [self._eager_index]
        if (chunk := self._chunk(province)) is not None:
            first.extend(chunk.indexes(on))
        second = [
            index
            for p in self.predecessor_provinces(province)
            if (chunk := self._chunk(p)) is not None
            for index in chunk.indexes(on)
        ]
        return first, second


class _ProvinceNames:
    """Province keys by every reduced form of the province's names."""

    def __init__(self, units: Mapping[str, RegistryUnit]) -> None:
        self.keys: dict[str, str] = {}
        self.exact: dict[str, str] = {}
        self.folded: dict[str, str] = {}
        for unit in units.values():
            if unit.level != Level.PROVINCE:
                continue
            self.keys[unit.key] = unit.key
            for parts in (unit.parts, *unit.alias_parts):
                self.exact.setdefault(parts.spelling, unit.key)
                self.folded.setdefault(parts.folded.replace(" ", ""), unit.key)

    def key(self, name: str) -> str | None:
        if name in self.keys:
            return name
        parts = split_name(name)
        if parts.type_word and Level.PROVINCE not in parts.levels:
            return None
        found = self.exact.get(parts.spelling)
        if found is None and parts.unaccented:
            found = self.folded.get(parts.folded.replace(" ", ""))
        return found


# -- the shipped registry -------------------------------------------------------------------------


def _data() -> Any:
    return resources.files("idx766.units") / "data"


SHIPPED_PROVINCE_LEVELS = frozenset({Level.DEPARTMENT, Level.DISTRICT, Level.COMMUNE})
"""The levels of the units in the shipped province files (provinces and central agencies are
in ``provinces.csv`` and ``central.csv``): a test reads every file to hold it true."""


@functools.cache
def _shipped_chunk(name: str) -> _Chunk:
    text = (_data() / "province" / name).read_text(encoding="utf-8")
    return _Chunk(_fast_chunk(text, name.removesuffix(".csv")))


@functools.cache
def default_registry() -> Registry:
    """The registry shipped with idx766 (see ``docs/units.md``)."""
    data = _data()
    eager = Registry().with_texts(
        (None, (data / n).read_text(encoding="utf-8")) for n in ("provinces.csv", "central.csv")
    )
    names = sorted(p.name for p in (data / "province").iterdir() if p.name.endswith(".csv"))
    chunks = {n.removesuffix(".csv"): functools.partial(_shipped_chunk, n) for n in names}
    levels = dict.fromkeys(chunks, SHIPPED_PROVINCE_LEVELS)
    shipped = Registry(eager.units, chunks=chunks, chunk_levels=levels)
    overrides = sorted(p.name for p in (data / "overrides").iterdir() if p.name.endswith(".csv"))
    return shipped.with_texts(
        ((None, (data / "overrides" / n).read_text("utf-8")) for n in overrides), check=False
    )
