"""What the fast paths skip must change nothing: they skip only work that cannot matter."""

from __future__ import annotations

import copy
import csv
from importlib import resources

from idx766.model import Level
from idx766.units import Registry, default_registry, resolve
from idx766.units.registry import SHIPPED_PROVINCE_LEVELS


def test_shipped_province_files_hold_only_the_declared_levels() -> None:
    folder = resources.files("idx766.units") / "data" / "province"
    seen: set[str] = set()
    for entry in folder.iterdir():
        if entry.name.endswith(".csv"):
            with entry.open(encoding="utf-8", newline="") as fh:
                seen.update(row["level"] for row in csv.DictReader(fh))
    assert seen
    assert {Level(v) for v in seen} <= SHIPPED_PROVINCE_LEVELS


def _every_file_read(registry: Registry) -> Registry:
    """The same registry, told nothing of what its province files hold (reads them all)."""
    blind = copy.copy(registry)
    blind._chunk_levels = {}
    blind._chunks = {}
    blind._eager_index = None
    return blind


def test_province_names_resolve_alike_without_reading_every_province_file() -> None:
    fast = default_registry()
    names = [u.name for u in fast.select(level=Level.PROVINCE)]
    names += ["UBND tỉnh Thái Nguyên", "Thai Nguyen", "TP Hồ Chí Minh", "tỉnh Thái Ngyên", "Đại Từ"]
    for name in names:
        for level in (Level.PROVINCE, Level.MINISTRY):
            blind = _every_file_read(fast)
            assert resolve(fast, name, level=level) == resolve(blind, name, level=level), name


def test_a_province_level_unit_added_to_a_province_file_is_found() -> None:
    text = "key,name,level\nthai-nguyen/vung-thu,Vùng Thử Nghiệm,province\n"
    registry = default_registry().with_texts([(None, text)], check=False)
    found = resolve(registry, "Vùng Thử Nghiệm", level=Level.PROVINCE)
    assert found.unit is not None and found.unit.key == "thai-nguyen/vung-thu"
