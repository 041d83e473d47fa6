"""DOCX parse time against python-docx just opening and walking the same files.

Both are measured in this one run, on the same files, as the best of several repeats; the
result is a ratio (idx766 / python-docx), printed as a table and written as JSON.

    python benchmarks/bench_docx.py [--repeat N] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

import docx

import idx766

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "tests" / "fixtures" / "docx").glob("00[0134]*.docx"))


def walk_with_python_docx(path: Path) -> int:
    """Open the file and read every paragraph's and every cell's text (the baseline)."""
    document = docx.Document(str(path))
    chars = sum(len(p.text) for p in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                chars += len(cell.text)
    return chars


def best_of(repeat: int, func: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "docx.json")
    args = parser.parse_args()
    rows = []
    for path in FILES:
        baseline = best_of(args.repeat, lambda p=path: walk_with_python_docx(p))
        ours = best_of(args.repeat, lambda p=path: idx766.parse(p))
        rows.append(
            {
                "file": path.name,
                "python_docx_s": baseline,
                "idx766_s": ours,
                "ratio": ours / baseline,
            }
        )
    print(f"{'file':40} {'python-docx':>12} {'idx766':>10} {'ratio':>7}")
    for r in rows:
        print(
            f"{r['file']:40} {r['python_docx_s'] * 1000:10.1f}ms {r['idx766_s'] * 1000:8.1f}ms "
            f"{r['ratio']:7.2f}"
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"benchmark": "docx-parse", "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
