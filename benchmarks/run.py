"""Run every benchmark in this folder, one after the other: ``python benchmarks/run.py``.

Each prints its table and writes its JSON under ``benchmarks/results/``; every figure is a
ratio against a baseline measured in the same run. Extra arguments are passed to none; run a
single benchmark directly for its own options.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n== {script.stem}", flush=True)
        failed += subprocess.run([sys.executable, str(script)], check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
