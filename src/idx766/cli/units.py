"""Commands on the unit registry: ``units`` and ``resolve``."""

from __future__ import annotations

import argparse
from typing import Any

from idx766.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNREADABLE,
    registry_of,
    say_error,
)
from idx766.interchange import dump_value
from idx766.model import Level
from idx766.units import RegistryUnit, resolve


def unit_dict(u: RegistryUnit) -> dict[str, Any]:
    return {
        "unit_key": u.key,
        "name": u.name,
        "level": u.level.value,
        "province": u.province,
        "code": u.code,
        "valid_from": u.valid_from.isoformat() if u.valid_from else None,
        "valid_to": u.valid_to.isoformat() if u.valid_to else None,
        "successors": list(u.successors),
        "aliases": list(u.aliases),
    }


def cmd_units(args: argparse.Namespace) -> int:
    registry = registry_of(args)
    if args.province and registry.province_key(args.province) is None:
        say_error(f"unknown province {args.province!r}")
        return EXIT_UNREADABLE
    units = registry.select(province=args.province, level=args.level, on=args.date)
    if args.format == "json":
        print(dump_value([unit_dict(u) for u in units]))
        return EXIT_OK
    for u in units:
        valid = f"{u.valid_from or ''}..{u.valid_to or ''}" if u.valid_from or u.valid_to else ""
        then = f" -> {', '.join(u.successors)}" if u.successors else ""
        print(f"{u.key:48} {u.level.value:10} {u.code or '':7} {u.name}  {valid}{then}")
    return EXIT_OK


def cmd_resolve(args: argparse.Namespace) -> int:
    registry = registry_of(args)
    found = resolve(
        registry,
        args.name,
        level=Level(args.level) if args.level else None,
        province=args.province,
        on=args.date,
    )
    if args.format == "json":
        out: dict[str, Any] = {"printed": found.printed}
        if found.unit is not None:
            out.update(
                unit_key=found.unit.key,
                name=found.unit.name,
                level=found.unit.level.value,
                method=found.method,
                score=found.score,
            )
        else:
            out.update(
                unit_key=None,
                ambiguous=found.ambiguous,
                candidates=[
                    {"unit_key": c.unit.key, "name": c.unit.name, "score": round(c.score, 1)}
                    for c in found.candidates
                ],
            )
        print(dump_value(out))
        return EXIT_OK if found.unit is not None else EXIT_FINDINGS
    if found.unit is not None:
        score = f", score {found.score:.0f}" if found.method == "fuzzy" else ""
        print(
            f"{found.unit.key}  {found.unit.name}  ({found.unit.level.value}; "
            f"{found.method}{score})"
        )
        return EXIT_OK
    why = "ambiguous" if found.ambiguous else "not in the registry"
    print(f"{args.name!r}: {why}")
    for c in found.candidates:
        print(f"  {c.score:5.1f}  {c.unit.key}  {c.unit.name}")
    return EXIT_FINDINGS
