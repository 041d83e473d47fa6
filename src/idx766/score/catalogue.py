"""The formula catalogue: methodology versions read from ``formulas.toml``, shipped as data.

A :class:`Version` lists the groups of the index, their components (maximum, formula,
zero-denominator rules, where the inputs come from) and the rounding rule, and the levers an
officer can pull. Nothing here computes a score; :mod:`idx766.score.recompute` does, from these
definitions only.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any, Literal

from attrs import frozen

from idx766.components import METHODOLOGIES
from idx766.score.errors import UnknownLeverError, UnknownMethodologyError
from idx766.text import fold

__all__ = [
    "Component",
    "Group",
    "Lever",
    "Version",
    "catalogue",
    "version",
    "version_for",
]

FormulaKind = Literal["share", "capped-share"]
Rule = Literal["zero", "full", "unknown"]


@frozen(kw_only=True)
class Component:
    """One scored component of a group: its inputs, formula and maximum."""

    code: str
    group: str
    label: str
    en: str
    max_points: Decimal
    formula: FormulaKind
    full_at: Decimal | None
    metric: str | None
    numerator: tuple[str, ...]
    denominator: str | None
    when_zero: Rule
    when_missing: Rule
    scope: Literal["unit", "province"]
    known: str
    unknown: str

    @property
    def threshold(self) -> Fraction:
        """The share that earns full marks (1 for a plain share)."""
        return Fraction(self.full_at) if self.full_at is not None else Fraction(1)

    @property
    def source(self) -> str:
        """Where n and d come from, as the endpoint names them."""
        if self.metric is not None:
            return f"metrics[{self.metric}]"
        return f"{' + '.join(self.numerator)} / {self.denominator}"

    def describe(self) -> str:
        """The formula in one line: ``min(6, 6 × n/d ÷ 0.9)``."""
        m = _plain(self.max_points)
        if self.formula == "capped-share":
            assert self.full_at is not None
            return f"min({m}, {m} × n/d ÷ {_plain(self.full_at)})"
        return f"{m} × n/d"

    def rules(self) -> str:
        """The zero and missing denominator rules in words."""
        words = {"zero": "0", "full": _plain(self.max_points), "unknown": "no score"}
        text = f"d = 0 → {words[self.when_zero]}"
        if self.when_missing != "unknown":
            text += f"; d null → {words[self.when_missing]}"
        return text


@frozen(kw_only=True)
class Group:
    """A group of the index (``cong_khai``...) and the components that make its score."""

    key: str
    max_points: Decimal
    endpoint: str
    components: tuple[Component, ...]


@frozen(kw_only=True)
class Lever:
    """A change an officer can make: N more of something, named in Vietnamese and English."""

    key: str
    en: str
    label: str
    en_label: str
    counts: str
    moves: tuple[str, ...]
    coupling: str = ""
    ceiling: str | None = None

    @property
    def primary(self) -> str:
        """The component whose numerator the lever raises (the others are couplings)."""
        return self.moves[0]


@frozen(kw_only=True)
class Version:
    """One methodology version: groups, components, rounding, levers, and when it applies."""

    key: str
    title: str
    methodology: str
    not_before: date
    evidence: str
    places: int
    rounding: Literal["half-up"]
    rounding_known: str
    rounding_unknown: str
    groups: tuple[Group, ...]
    levers: tuple[Lever, ...]

    @property
    def components(self) -> tuple[Component, ...]:
        """Every component of every group, in order."""
        return tuple(c for g in self.groups for c in g.components)

    def group(self, key: str) -> Group:
        for g in self.groups:
            if g.key == key:
                return g
        raise KeyError(f"{self.key} has no group {key!r}")

    def component(self, code: str) -> Component:
        for c in self.components:
            if c.code == code:
                return c
        raise KeyError(f"{self.key} has no component {code!r}")

    def lever(self, name: str) -> Lever:
        """A lever by its Vietnamese or English name (accents and case do not matter)."""
        wanted = "-".join(re.split(r"[\s_-]+", fold(name).strip()))
        for lever in self.levers:
            if wanted in (lever.key, lever.en):
                return lever
        known = ", ".join(f"{lv.key} ({lv.en})" for lv in self.levers)
        raise UnknownLeverError(f"no lever {name!r} in {self.key}; levers: {known}")


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _component(group: str, raw: dict[str, Any]) -> Component:
    full_at = raw.get("full_at")
    numerator = tuple(raw.get("numerator", ()))
    metric = raw.get("metric")
    if (metric is None) == (not numerator):
        raise ValueError(f"{raw['code']}: give either metric or numerator/denominator")
    formula = raw["formula"]
    if formula not in ("share", "capped-share") or (formula == "capped-share") != bool(full_at):
        raise ValueError(f"{raw['code']}: formula {formula!r} with full_at {full_at!r}")
    return Component(
        code=raw["code"],
        group=group,
        label=raw["label"],
        en=raw["en"],
        max_points=Decimal(str(raw["max"])),
        formula=formula,
        full_at=Decimal(full_at) if full_at else None,
        metric=metric,
        numerator=numerator,
        denominator=raw.get("denominator"),
        when_zero=raw["when_zero"],
        when_missing=raw["when_missing"],
        scope=raw["scope"],
        known=raw.get("known", ""),
        unknown=raw.get("unknown", ""),
    )


def _version(raw: dict[str, Any]) -> Version:
    groups = tuple(
        Group(
            key=g["key"],
            max_points=Decimal(str(g["max"])),
            endpoint=g["endpoint"],
            components=tuple(_component(g["key"], c) for c in g["component"]),
        )
        for g in raw["group"]
    )
    levers = tuple(
        Lever(
            key=lv["key"],
            en=lv["en"],
            label=lv["label"],
            en_label=lv["en_label"],
            counts=lv["counts"],
            moves=tuple(lv["moves"]),
            coupling=lv.get("coupling", ""),
            ceiling=lv.get("ceiling"),
        )
        for lv in raw.get("lever", ())
    )
    version = Version(
        key=raw["key"],
        title=raw["title"],
        methodology=raw["methodology"],
        not_before=raw["not_before"],
        evidence=" ".join(raw["evidence"].split()),
        places=raw["places"],
        rounding=raw["rounding"],
        rounding_known=" ".join(raw["rounding_known"].split()),
        rounding_unknown=" ".join(raw["rounding_unknown"].split()),
        groups=groups,
        levers=levers,
    )
    _validate(version)
    return version


def _validate(version: Version) -> None:
    """The catalogue agrees with itself: maxima add up, levers name real components."""
    methodology = METHODOLOGIES[version.methodology]
    if {g.key for g in version.groups} != set(methodology.keys):
        raise ValueError(f"{version.key}: groups differ from {methodology.key}")
    scale = 10**version.places
    for g in version.groups:
        parts = sum(c.max_points for c in g.components)
        if parts != g.max_points or g.max_points != methodology.max_points(g.key):
            raise ValueError(f"{version.key}: {g.key}'s components do not add up to its maximum")
        for c in g.components:
            if (c.max_points * scale) % 1 or (c.full_at is not None and not 0 < c.full_at <= 1):
                raise ValueError(f"{version.key}: {c.code}: maximum or full_at out of range")
    codes = {c.code for c in version.components}
    for lever in version.levers:
        unknown = set(lever.moves) - codes | ({lever.ceiling} - codes if lever.ceiling else set())
        if unknown:
            raise ValueError(f"{version.key}: lever {lever.key} names {sorted(unknown)}")


@cache
def catalogue() -> dict[str, Version]:
    """Every methodology version the model knows, by key (read once from ``formulas.toml``)."""
    text = (resources.files("idx766.score") / "formulas.toml").read_text(encoding="utf-8")
    versions = [_version(v) for v in tomllib.loads(text)["version"]]
    return {v.key: v for v in versions}


def version(key: str) -> Version:
    """The version with this key; refuses one it does not know."""
    known = catalogue()
    if key not in known:
        raise UnknownMethodologyError(
            f"no methodology version {key!r}: the score model knows {', '.join(known)}"
        )
    return known[key]


def version_for(as_of: date | None, *, what: str = "the data") -> Version:
    """The latest version that applies on ``as_of`` (undated data: the latest version).

    Data dated before every version is refused: idx766 does not know its formulas.
    """
    ordered = sorted(catalogue().values(), key=lambda v: v.not_before)
    if as_of is None:
        return ordered[-1]
    applying = [v for v in ordered if v.not_before <= as_of]
    if not applying:
        first = ordered[0]
        raise UnknownMethodologyError(
            f"{what} is dated {as_of.isoformat()}, before the first methodology version the "
            f"score model knows ({first.key}, from {first.not_before.isoformat()}); it will not "
            "recompute scores across a version break"
        )
    return applying[-1]
