"""Ingest benchmarks: 2 workers against 1, and re-ingest of an unchanged archive against the
first ingest. Both measured in this one run on the same folder; printed as a table and written
as JSON.

The folder holds copies of the DOCX fixtures, each made distinct (its core properties say which
copy it is) so that the content-hash cache sees them as different documents.

    python benchmarks/bench_ingest.py [--copies N] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import docx

from idx766.panel import ingest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "docx").glob("00[0134]*.docx"))


def make_archive(folder: Path, copies: int) -> int:
    """Write ``copies`` distinct copies of each fixture; returns the number of files."""
    count = 0
    for i in range(copies):
        for path in FIXTURES:
            document = docx.Document(str(path))
            document.core_properties.title = f"benchmark copy {i}"
            document.save(str(folder / f"{path.stem}-{i:03d}.docx"))
            count += 1
    return count


def timed(func: object) -> float:
    start = time.perf_counter()
    func()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "results" / "ingest.json"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="idx766-bench-"))
    try:
        archive = work / "archive"
        archive.mkdir()
        files = make_archive(archive, args.copies)
        one = timed(lambda: ingest([archive], work / "panel-1", jobs=1))
        two = timed(lambda: ingest([archive], work / "panel-2", jobs=2))
        again = timed(lambda: ingest([archive], work / "panel-2", jobs=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = [
        {
            "benchmark": "ingest, 2 workers vs 1",
            "baseline_s": one,
            "measured_s": two,
            "speedup": one / two,
            "target": 1.8,
        },
        {
            "benchmark": "re-ingest unchanged vs first ingest",
            "baseline_s": two,
            "measured_s": again,
            "speedup": two / again,
            "target": 50,
        },
    ]
    print(f"{files} files")
    print(f"{'benchmark':40} {'baseline':>10} {'measured':>10} {'speedup':>8} {'target':>7}")
    for r in rows:
        print(
            f"{r['benchmark']:40} {r['baseline_s']:9.2f}s {r['measured_s']:9.3f}s "
            f"{r['speedup']:7.2f}x {r['target']:6}x"
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"files": files, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
