"""Run every benchmark in this folder, one after the other: ``python benchmarks/run.py``.

Each prints its table and writes its JSON under ``benchmarks/results/``; every figure is a
ratio against a baseline measured in the same run. At the end the start-up cases (what a user
pays in fresh processes: ``bench_startup.py``) are summed up against their targets, with the
machine's load average, since on a shared machine the wall-clock case depends on it.

    python benchmarks/run.py              # every benchmark
    python benchmarks/run.py startup pdf  # only bench_startup.py and bench_pdf.py

Run a single benchmark directly for its own options.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def _load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:  # pragma: no cover - not POSIX
        return "unknown"
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"


def _meets(ratio: float, target: str) -> bool | None:
    op, _, bound = target.partition(" ")
    if op not in ("<=", ">="):
        return None  # reported, no target
    return ratio <= float(bound) if op == "<=" else ratio >= float(bound)


def _summary(load_before: str) -> None:
    path = RESULTS / "startup.json"
    if not path.is_file():
        return
    rows = json.loads(path.read_text())["rows"]
    print(f"\n== what the user pays (bench_startup), {os.cpu_count()} cores")
    print(f"load average before: {load_before}; after: {_load()}")
    for r in rows:
        meets = _meets(r["ratio"], r["target"])
        mark = "    " if meets is None else "ok  " if meets else "MISS"
        print(f"  {mark} {r['case']:62} {r['ratio']:6.2f}  target {r['target']} ({r['measure']})")


def main(argv: list[str]) -> int:
    wanted = {name.removeprefix("bench_").removesuffix(".py") for name in argv}
    scripts = [
        s
        for s in sorted(HERE.glob("bench_*.py"))
        if not wanted or s.stem.removeprefix("bench_") in wanted
    ]
    if wanted and not scripts:
        print(f"no benchmark named {', '.join(sorted(wanted))}", file=sys.stderr)
        return 2
    load_before = _load()
    failed = 0
    for script in scripts:
        print(f"\n== {script.stem}", flush=True)
        failed += subprocess.run([sys.executable, str(script)], check=False).returncode != 0
    if any(s.stem == "bench_startup" for s in scripts):
        _summary(load_before)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
