"""Invariants of name keys and resolution over the whole national registry (hypothesis)."""

from __future__ import annotations

import functools
import unicodedata
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from idx766.model import Level
from idx766.text import fold, name_key
from idx766.units import RegistryUnit, default_registry, iy_key, resolve, split_name
from test_units import variants

REGISTRY = default_registry()


@functools.cache
def _of(*levels: Level) -> list[RegistryUnit]:
    """Units of these levels, read when a test first draws one (not at collection: the fuzz
    tests fork workers with a memory limit from the pytest process)."""
    return [u for u in REGISTRY.units if u.level in levels]


def _day(unit: RegistryUnit) -> date:
    """A day the unit existed."""
    if unit.valid_to is not None:
        return unit.valid_to
    return unit.valid_from or date(2026, 5, 25)


def _province_name(unit: RegistryUnit) -> str | None:
    return REGISTRY.get(unit.province).name if unit.province else None


def _ok(found: object, unit: RegistryUnit) -> bool:
    """Resolved to the unit, or reported as ambiguous with the unit among the candidates."""
    if found.unit is not None:  # type: ignore[attr-defined]
        return found.unit == unit  # type: ignore[attr-defined]
    return found.ambiguous and unit in [c.unit for c in found.candidates]  # type: ignore[attr-defined]


units = st.deferred(
    lambda: (
        st.sampled_from(_of(Level.DISTRICT, Level.COMMUNE)) | st.sampled_from(_of(Level.DEPARTMENT))
    )
)


@settings(max_examples=300, deadline=None)
@given(units)
def test_an_official_name_is_its_own_unit_or_ambiguous_never_another(unit: RegistryUnit) -> None:
    found = resolve(REGISTRY, unit.name, province=_province_name(unit), on=_day(unit))
    assert _ok(found, unit), (unit, found)
    if found.unit is not None:
        assert found.method == "exact"


# the forms of test_units, and "UBND" / "Ủy ban nhân dân" before any name
forms = variants | st.sampled_from([lambda s: "UBND " + s, lambda s: "Ủy ban nhân dân " + s])


@settings(max_examples=300, deadline=None)
@given(units, st.lists(forms, min_size=1, max_size=3), st.booleans())
def test_resolution_does_not_depend_on_the_form(
    unit: RegistryUnit,
    changes: list,  # type: ignore[type-arg]
    suffix: bool,
) -> None:
    printed = unit.name
    for change in changes:
        printed = change(printed)
    province = _province_name(unit)
    if suffix and province:  # the portal's " - tỉnh X" instead of the document's province
        printed, province = f"{printed} - tỉnh {province}", None
    want = resolve(REGISTRY, unit.name, province=_province_name(unit), on=_day(unit))
    got = resolve(REGISTRY, printed, province=province, on=_day(unit))
    assert (got.unit, got.ambiguous) == (want.unit, want.ambiguous), (printed, got, want)


@settings(max_examples=200, deadline=None)
@given(units)
def test_without_diacritics_a_name_never_reads_as_a_unit_of_other_letters(
    unit: RegistryUnit,
) -> None:
    plain = unicodedata.normalize("NFD", unit.name.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    found = resolve(REGISTRY, plain, province=_province_name(unit), on=_day(unit))
    letters = split_name(unit.name).folded.replace(" ", "")
    if found.unit is not None:
        assert found.unit.parts.folded.replace(" ", "") == letters or any(
            p.folded.replace(" ", "") == letters for p in found.unit.alias_parts
        )
    else:
        assert _ok(found, unit) or not found.candidates or found.ambiguous


_WORDS = "xã phường huyện thị xã thành phố tỉnh Sở Ban UBND Tân Thành An Phú Lam Vỹ Vĩ Văn"
_WORDS += " Lang Lăng Lãng Đại Từ Hà Nội Quận 1 Phường 01 - ( ) , TP. Y tế GD&ĐT Kỳ Kì"
words = st.sampled_from(_WORDS.split(" "))
printed_names = st.lists(words, min_size=1, max_size=5).map(" ".join)
provinces = st.deferred(lambda: st.sampled_from(_of(Level.PROVINCE)))
days = st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31))


@settings(max_examples=300, deadline=None)
@given(printed_names, provinces, days)
def test_what_resolves_is_of_the_province_and_the_date(
    printed: str, province: RegistryUnit, on: date
) -> None:
    found = resolve(REGISTRY, printed, province=province.key, on=on)
    candidates = [c.unit for c in found.candidates]
    for unit in ([found.unit] if found.unit else []) + (candidates if found.ambiguous else []):
        assert unit.valid_on(on), (printed, unit)
        named = split_name(printed).hints or " - " in printed  # the name's own province
        if not named and unit.province is not None:
            merged = REGISTRY.predecessor_provinces(province.key)
            assert unit.province in (province.key, *merged), (printed, unit)


@settings(max_examples=300, deadline=None)
@given(printed_names)
def test_name_keys_are_stable(printed: str) -> None:
    parts = split_name(printed)
    assert " " not in parts.spelling and parts.spelling == iy_key(parts.spelling)
    assert parts.folded.isascii() and parts.folded == fold(parts.folded)
    assert iy_key(iy_key(name_key(printed))) == iy_key(name_key(printed))
    again = split_name(parts.full)  # reducing what is already reduced changes nothing
    assert (again.type_word, again.base) == (parts.type_word, parts.base) or parts.agency_levels


def test_a_day_outside_a_units_life_does_not_find_it() -> None:
    unit = REGISTRY.get("thai-nguyen/huyen-dai-tu")
    assert unit.valid_to is not None
    after = resolve(REGISTRY, unit.name, province="Thái Nguyên", on=unit.valid_to + timedelta(1))
    assert after.unit != unit and unit not in [c.unit for c in after.candidates]
