"""Registry benchmarks: what opening the national registry and resolving names cost, as ratios
against baselines measured in this same run.

- open: a fresh process opens the shipped registry (``default_registry()``), CPU seconds after
  the imports; the baseline is the same in a fresh process of the base commit (the hand-made
  registry of Thái Nguyên: ``--base``, default the merge-base with ``main``), extracted with
  ``git archive`` and run on the same interpreter. Also the whole process (imports included)
  against ``python -c pass``.
- first look-up: the first name of a province (its file read and indexed) and the first name
  without a province (every file read, today's units indexed), in fresh processes.
- resolve: Thái Nguyên's 92 communes with "UBND", warm, per name, in a fresh process, against the
  same in the base commit (its registry held 187 units, this one 16,841);
  the 500 commune names of the tests' sample (with "UBND", province and date), warm,
  per name, against the resolver before the indexes (every unit filtered by province, date and
  type word, then compared; rapidfuzz on what is left), same reductions, in one process.
- fold: ``name_key`` and ``fold`` of every registry name in a fresh process (cold caches),
  against the old per-character implementation kept in ``tests/legacy_text.py``.

    python benchmarks/bench_registry.py [--base REV] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

OPEN = """
import json, resource, time
from idx766.units import default_registry
t = time.process_time()
default_registry()
print(json.dumps({"open": time.process_time() - t,
                  "process": resource.getrusage(resource.RUSAGE_SELF).ru_utime
                  + resource.getrusage(resource.RUSAGE_SELF).ru_stime}))
"""

FIRST = """
import json, time
from datetime import date
from idx766.units import default_registry, resolve
registry = default_registry()
t = time.process_time()
resolve(registry, "UBND xã Lam Vỹ", province="Thái Nguyên", on=date(2026, 5, 25))
province = time.process_time() - t
t = time.process_time()
resolve(registry, "Sở Y tế", on=date(2026, 5, 25))
national = time.process_time() - t
print(json.dumps({"province": province, "national": national}))
"""

FOLD = """
import json, sys, time
sys.path.insert(0, {tests!r})
names = json.loads(sys.stdin.read())
if {old!r}:
    from legacy_text import fold, name_key
else:
    from idx766.text import fold, name_key
t = time.process_time()
for n in names:
    name_key(n)
keys = time.process_time() - t
t = time.process_time()
for n in names:
    fold(n)
print(json.dumps({{"name_key": keys, "fold": time.process_time() - t}}))
"""

RESOLVE = """
import json, sys, time
from datetime import date
from idx766.units import default_registry, resolve
names = json.loads(sys.stdin.read())
registry = default_registry()
on = date(2026, 5, 25)
for n in names:
    resolve(registry, n, province="Thái Nguyên", on=on)
t = time.perf_counter()
for _ in range(5):
    for n in names:
        resolve(registry, n, province="Thái Nguyên", on=on)
print(json.dumps({"per_name": (time.perf_counter() - t) / (5 * len(names))}))
"""

PASS = "import resource, json; r = resource.getrusage(resource.RUSAGE_SELF); "
PASS += "print(json.dumps({'process': r.ru_utime + r.ru_stime}))"


def run(code: str, src: Path, stdin: str | None = None) -> dict[str, float]:
    env = {"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, input=stdin, capture_output=True, text=True
    )
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def best(code: str, src: Path, key: str, times: int = 5, stdin: str | None = None) -> float:
    return min(run(code, src, stdin)[key] for _ in range(times))


def base_source(rev: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "src"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def resolve_ratio() -> tuple[float, float, int]:
    """Warm per-name cost: indexed resolution against a linear scan with rapidfuzz on all."""
    import random
    import time
    from datetime import date

    from rapidfuzz import fuzz, process

    sys.path.insert(0, str(ROOT / "tests"))
    from idx766.model import Level
    from idx766.units import default_registry, resolve, split_name
    from test_registry_national import SEED, WARDS

    registry = default_registry()
    sample = random.Random(SEED).sample(WARDS, 500)
    names = [(f"UBND {w}", p) for p, w, _ in sample]
    on = date(2026, 1, 15)
    for name, province in names:  # warm: every province file read and indexed
        resolve(registry, name, province=province, on=on)
    start = time.perf_counter()
    for name, province in names:
        resolve(registry, name, province=province, on=on)
    indexed = (time.perf_counter() - start) / len(names)

    units = registry.units
    parts = [(u, u.parts) for u in units]

    def linear(name: str, province: str) -> object:
        """The resolver before the indexes: every unit filtered, then compared."""
        wanted = split_name(name)
        key = registry.province_key(province)
        pool = [
            (u, p)
            for u, p in parts
            if u.valid_on(on)
            and (u.province == key or u.level == Level.PROVINCE)
            and (not wanted.type_word or u.level in wanted.levels)
        ]
        exact = [u for u, p in pool if p.base == wanted.base]
        if exact:
            return exact[0]
        return process.extractOne(wanted.folded, [p.folded for _, p in pool], scorer=fuzz.ratio)

    start = time.perf_counter()
    for name, province in names[:100]:
        linear(name, province)
    scan = (time.perf_counter() - start) / 100
    return indexed, scan, len(units)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=None, help="the commit to compare with")
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "results" / "registry.json"
    )
    args = parser.parse_args()
    base = (
        args.base
        or subprocess.run(
            ["git", "-C", str(ROOT), "merge-base", "HEAD", "main"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    src = ROOT / "src"
    work = Path(tempfile.mkdtemp(prefix="idx766-bench-registry-"))
    rows = []
    try:
        old_src = base_source(base, work)
        bare = best(PASS, src, "process")
        open_old = best(OPEN, old_src, "open")
        open_new = best(OPEN, src, "open")
        proc_old = best(OPEN, old_src, "process")
        proc_new = best(OPEN, src, "process")
        rows += [
            ("open the registry (CPU after imports)", open_old, open_new, "base commit"),
            ("process: import + open", proc_old, proc_new, "base commit"),
            ("process: import + open", bare, proc_new, "python -c pass"),
        ]
        first_province = best(FIRST, src, "province")
        first_national = best(FIRST, src, "national")
        rows += [
            ("first name of a province (read+index)", open_new, first_province, "open"),
            ("first name without a province (all)", open_new, first_national, "open"),
        ]
        from datetime import date

        from idx766.units import default_registry

        names = sorted({u.name for u in default_registry().units})
        stdin = json.dumps(names)
        tests = str(ROOT / "tests")
        old = run(FOLD.format(tests=tests, old=True), src, stdin)
        new = run(FOLD.format(tests=tests, old=False), src, stdin)
        rows += [
            (f"name_key of {len(names)} names, cold", old["name_key"], new["name_key"], "old code"),
            (f"fold of {len(names)} names, cold", old["fold"], new["fold"], "old code"),
        ]
        thai_nguyen = [
            f"UBND {u.name}"
            for u in default_registry().select(province="Thái Nguyên", on=date(2026, 5, 25))
            if u.level.value == "commune"
        ]
        stdin = json.dumps(thai_nguyen)
        rows.append(
            (
                f"resolve Thái Nguyên's {len(thai_nguyen)} communes (warm)",
                best(RESOLVE, old_src, "per_name", 3, stdin),
                best(RESOLVE, src, "per_name", 3, stdin),
                "base commit",
            )
        )
        indexed, scan, size = resolve_ratio()
        rows.append((f"resolve a name, {size} units (warm)", scan, indexed, "linear scan"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"base commit {base[:10]}")
    print(f"{'measure':44} {'baseline':>10} {'measured':>10} {'ratio':>8}  baseline is")
    for what, baseline, measured, against in rows:
        print(
            f"{what:44} {baseline * 1000:8.2f}ms {measured * 1000:8.2f}ms "
            f"{measured / baseline:7.3g}x  {against}"
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {
                "base": base,
                "rows": [
                    {
                        "measure": what,
                        "baseline_s": baseline,
                        "measured_s": measured,
                        "ratio": measured / baseline,
                        "baseline": against,
                    }
                    for what, baseline, measured, against in rows
                ],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
