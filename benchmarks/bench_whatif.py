"""What-if over every unit of a synthetic national panel, against a per-unit Python loop.

About 3,500 units (34 provinces and the agencies and communes of each) with every input of the
six groups, as the portal's sub-criteria endpoints give them: for one lever (by default an
overdue dossier settled on time, coupled with receiving satisfaction), what N more would do to
each unit's total and rank among its province's units if that unit alone did it.
``idx766.score.whatif_each`` (best of three) and a straightforward Python loop over the units
(exact integer arithmetic, one unit at a time; one run) compute the same answers in this one run;
the results are compared, so a fast wrong answer cannot pass. The ratio, idx766's time and the
target (≤ 1 s) are printed and written as JSON.

    python benchmarks/bench_whatif.py [--units N] [--lever NAME] [--change N] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

from idx766.score import INPUT_SCHEMA, catalogue, whatif_each

ROOT = Path(__file__).resolve().parents[1]
VERSION = "portal-2026-09"
PROVINCES = 34
PERIOD = "year:2026"


def synthetic(units: int, seed: int = 766) -> pl.DataFrame:
    """Deterministic inputs: one row per unit and component (a child's online services are a
    published score without inputs, as in the real tree)."""
    rng = random.Random(seed)
    v = catalogue()[VERSION]
    rows: list[dict[str, Any]] = []
    per_province = max(1, (units - PROVINCES) // PROVINCES)
    for p in range(PROVINCES):
        root = f"P{p:02d}"
        shared = {c.code: _pair(rng, 60, 120) for c in v.components if c.scope == "province"}
        members = [root] + [f"{root}.{i:03d}" for i in range(per_province)]
        if p < (units - PROVINCES) % PROVINCES:
            members.append(f"{root}.{per_province:03d}")
        for unit in members:
            level = (
                "province" if unit == root else ("department" if rng.random() < 0.1 else "commune")
            )
            dossiers = rng.randint(50, 5000) * (40 if unit == root else 1)
            on_time = rng.randint(dossiers * 6 // 10, dossiers)
            petitions = rng.choice([0, 0, rng.randint(1, 60)])
            for g in v.groups:
                if g.key == "dvc_truc_tuyen" and unit != root:
                    rows.append(
                        _row(unit, root, level, g.key, None, None, None, rng.randint(400, 1200))
                    )
                    continue
                for c in g.components:
                    if c.scope == "province":
                        n, d = shared[c.code]
                    elif c.code == "DOSSIER_ON_TIME":
                        n, d = on_time, dossiers
                    elif c.code == "DOSSIER_RECEIVING_SATISFACTION":
                        n, d = on_time - rng.randint(0, on_time // 50), dossiers
                    elif c.code.startswith("PETITION"):
                        n, d = rng.randint(0, petitions), petitions
                    elif c.code == "ELECTRONIC_CERTIFIED_COPY":
                        n, d = None, None
                    elif c.metric is not None and c.group == "so_hoa" and "FORMALITY" not in c.code:
                        n, d = rng.randint(0, dossiers), dossiers
                    else:
                        n, d = _pair(rng, 20, 400)
                    rows.append(_row(unit, root, level, g.key, c.code, n, d, None))
    return pl.DataFrame(rows, schema=INPUT_SCHEMA, orient="row")


def _pair(rng: random.Random, low: int, high: int) -> tuple[int, int]:
    d = rng.randint(low, high)
    return rng.randint(0, d), d


def _row(
    unit: str,
    root: str,
    level: str,
    group: str,
    component: str | None,
    n: int | None,
    d: int | None,
    published_cents: int | None,
) -> dict[str, Any]:
    published = Decimal(published_cents) / 100 if published_cents is not None else None
    return {
        "version": VERSION,
        "period": PERIOD,
        "as_of": None,
        "unit_id": unit,
        "unit": unit,
        "unit_code": unit,
        "level": level,
        "root_id": root,
        "group": group,
        "component": component,
        "numerator": n,
        "denominator": d,
        "ratio": None,
        "published": None,
        "published_max": None,
        "group_published": published,
        "quality": None,
        "source_file": "synthetic",
        "source_row": None,
        "source_sheet": None,
    }


# -- the baseline: one unit at a time, in plain Python -----------------------------------


def _cents(c: Any, n: int | None, d: int | None) -> int:
    """A component's points in hundredths, half-up, as formulas.md says."""
    cap = int(c.max_points * 100)
    rules = {"zero": 0, "full": cap}
    if d is None:
        return rules[c.when_missing]
    if d == 0:
        return rules[c.when_zero]
    assert n is not None
    t = c.threshold
    k = 100 * int(c.max_points) * t.denominator
    value = (2 * k * n + t.numerator * d) // (2 * t.numerator * d)
    return min(value, cap) if c.formula == "capped-share" else value


def with_python(
    rows: list[dict[str, Any]], lever_name: str, change: int
) -> dict[str, tuple[Decimal, int]]:
    v = catalogue()[VERSION]
    lever = v.lever(lever_name)
    comps = {c.code: c for c in v.components}
    units: dict[str, dict[str, Any]] = defaultdict(lambda: {"rows": {}, "published": 0})
    for r in rows:
        u = units[r["unit_id"]]
        u["root"], u["level"] = r["root_id"], r["level"]
        if r["component"] is None:
            u["published"] += int(r["group_published"] * 100)
        else:
            u["rows"][r["component"]] = (r["numerator"], r["denominator"])

    def total(inputs: dict[str, tuple[int | None, int | None]], published: int) -> int:
        return published + sum(_cents(comps[k], n, d) for k, (n, d) in inputs.items())

    base = {uid: total(u["rows"], u["published"]) for uid, u in units.items()}
    peers: dict[str, list[str]] = defaultdict(list)
    for uid, u in units.items():
        peers["provinces" if u["level"] == "province" else u["root"]].append(uid)
    answers = {}
    for uid, u in units.items():
        inputs = dict(u["rows"])
        n0, d0 = inputs[lever.primary]
        applied = max(-n0, min(change, d0 - n0))
        for code in lever.moves:
            n, d = inputs[code]
            inputs[code] = (max(0, min(n + applied, d)), d)
        after = total(inputs, u["published"])
        group = peers["provinces" if u["level"] == "province" else u["root"]]
        rank = 1 + sum(1 for other in group if other != uid and base[other] > after)
        answers[uid] = (Decimal(after) / 100, rank)
    return answers


def with_idx766(frame: pl.DataFrame, lever: str, change: int) -> dict[str, tuple[Decimal, int]]:
    result = whatif_each(frame, lever=lever, change=change)
    return {
        r[0]: (r[1], r[2])
        for r in result.select("unit_id", "total_after", "rank_after").iter_rows()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=3500)
    parser.add_argument("--lever", default="ho-so-dung-han")
    parser.add_argument("--change", type=int, default=50)
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "results" / "whatif.json"
    )
    args = parser.parse_args()
    if (
        catalogue()[VERSION].component(catalogue()[VERSION].lever(args.lever).primary).scope
        != "unit"
    ):
        parser.error("a province-wide lever moves every unit at once: not a per-unit what-if")
    frame = synthetic(args.units)
    times = []
    for _ in range(3):  # best of three: the first run also starts polars' thread pool
        start = time.perf_counter()
        ours = with_idx766(frame, args.lever, args.change)
        times.append(time.perf_counter() - start)
    ours_s = min(times)
    rows = frame.to_dicts()
    start = time.perf_counter()
    theirs = with_python(rows, args.lever, args.change)
    python_s = time.perf_counter() - start
    assert ours == theirs, [k for k in ours if ours[k] != theirs.get(k)][:5]
    units = len(ours)
    result = {
        "units": units,
        "input_rows": frame.height,
        "lever": args.lever,
        "change": args.change,
        "idx766_s": ours_s,
        "python_s": python_s,
        "speedup": python_s / ours_s,
        "target_s": 1.0,
    }
    print(f"{units} units, {frame.height} input rows, {args.lever}=+{args.change} (results equal)")
    print(f"{'Python loop':>14} {python_s:8.2f}s")
    print(f"{'idx766':>14} {ours_s:8.2f}s   {python_s / ours_s:6.1f}x faster (target: ≤ 1 s)")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
