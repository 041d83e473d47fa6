"""What the user pays: fresh processes of the command against baselines doing the same work.

Every case runs as a new process (as a user types it) and is charged its CPU time (user + system,
its workers included: they are waited for), the best of several repeats, against a baseline
measured in the same run. CPU seconds hold whatever else the machine is doing; the ``--jobs``
case is wall time, since using both cores is the point of it.

| case | idx766 | baseline |
|---|---|---|
| start-up | ``idx766 --version`` | ``python -c pass`` |
| one DOCX | ``idx766 parse`` of the week-21 report | a fresh python-docx open-and-walk of it |
| one PDF | ``idx766 parse`` of the week-21 PDF | a fresh pdfplumber ``extract_tables`` loop |
| a batch | ``idx766 parse`` of 50 weekly DOCX | the 50 warm parses, in-process |
| two cores | ``--jobs 2`` on the batch (wall) | ``--jobs 1`` (wall) |

The batch runs as typed, with a worker per core; its baseline is the same 50 parses done warm
in two processes side by side (25 each, their parsing CPU summed), so that both sides share the
cores alike: on the development machine two processes busy at once are each charged more CPU
for the same work than one alone (the ratio against the warm parses in a single process is
reported beside it). A last row, reported beside the ``--jobs`` case, is what the machine
gives two processes at that moment: the warm parses of the batch in one process against two
processes doing half each, started together (wall time, start-up included). On a machine whose
cores are busy with other work neither can reach 2; the ``--jobs`` target means something only
where this row is near 2.

    python benchmarks/bench_startup.py [--repeat N] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCX = ROOT / "tests" / "fixtures" / "docx" / "001-bao-cao-tuan-21-2026.docx"
PDF = ROOT / "tests" / "fixtures" / "pdf" / "001-bao-cao-tuan-21-2026.pdf"
IDX766 = [sys.executable, "-m", "idx766.cli"]

WALK_DOCX = """
import sys, docx
d = docx.Document(sys.argv[1])
n = sum(len(p.text) for p in d.paragraphs)
for t in d.tables:
    for r in t.rows:
        for c in r.cells:
            n += len(c.text)
"""
WALK_PDF = """
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_tables()
        page.extract_text()
"""
WARM = """
import sys, time, resource, idx766
paths = sys.argv[1:]
idx766.parse(paths[0])  # warm: imports and caches, as a worker that stays up has them
start = resource.getrusage(resource.RUSAGE_SELF)
for p in paths:
    idx766.parse(p)
end = resource.getrusage(resource.RUSAGE_SELF)
print(end.ru_utime - start.ru_utime + end.ru_stime - start.ru_stime)
"""


def cpu_of(command: list[str]) -> float:
    """CPU seconds (user + system) of a fresh process and the children it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def wall_of(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def walls_of(commands: list[list[str]]) -> tuple[float, list[str]]:
    """Wall seconds of processes started together, until the last one ends, and what each
    printed."""
    start = time.perf_counter()
    running = [
        subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for c in commands
    ]
    outputs = [process.communicate()[0] for process in running]
    wall = time.perf_counter() - start
    for process in running:
        if process.returncode != 0:
            raise subprocess.CalledProcessError(process.returncode, process.args)
    return wall, [o.strip() for o in outputs]


def paired(repeat: int, measure: object, ours: list[str], base: list[str]) -> tuple[float, float]:
    """The best of ``repeat`` runs of each, taken in turn (a change in the machine's load
    falls on both sides alike)."""
    assert callable(measure)
    a, b = [], []
    for _ in range(repeat):
        a.append(measure(ours))
        b.append(measure(base))
    return min(a), min(b)


def compile_package() -> Path:
    """Write the bytecode of the idx766 that the command imports, as installing it does
    (``PYTHONDONTWRITEBYTECODE`` would otherwise make every fresh process compile idx766 from
    source while the baselines' libraries load theirs)."""
    import compileall

    import idx766

    folder = Path(idx766.__file__).parent
    compileall.compile_dir(folder, quiet=1)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--files", type=int, default=50, help="files in the batch")
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "results" / "startup.json"
    )
    args = parser.parse_args()
    env_python = [sys.executable]
    rows = []
    print(f"idx766 from {compile_package()}, bytecode compiled", flush=True)

    def case(name: str, ours: float, base: float, target: str, unit: str = "CPU") -> None:
        rows.append(
            {
                "case": name,
                "idx766_s": ours,
                "baseline_s": base,
                "ratio": ours / base,
                "target": target,
                "measure": unit,
            }
        )

    case(
        "idx766 --version / python -c pass",
        *paired(args.repeat, cpu_of, [*IDX766, "--version"], [*env_python, "-c", "pass"]),
        "<= 3",
    )
    case(
        "parse week-21 DOCX / python-docx open and walk",
        *paired(
            args.repeat,
            cpu_of,
            [*IDX766, "parse", str(DOCX)],
            [*env_python, "-c", WALK_DOCX, str(DOCX)],
        ),
        "<= 2",
    )
    case(
        "parse week-21 PDF / pdfplumber extract_tables",
        *paired(
            max(2, args.repeat // 2),
            cpu_of,
            [*IDX766, "parse", str(PDF)],
            [*env_python, "-c", WALK_PDF, str(PDF)],
        ),
        "<= 1.3",
    )
    with tempfile.TemporaryDirectory() as folder:
        batch = []
        for i in range(args.files):
            target = Path(folder) / f"bao-cao-{i:02d}.docx"
            shutil.copy(DOCX, target)
            batch.append(str(target))
        halves = [batch[: len(batch) // 2], batch[len(batch) // 2 :]]
        cpu, warm_cpu, alone_cpu, one, two, alone, side_by_side = [], [], [], [], [], [], []
        for _ in range(max(2, args.repeat // 2)):
            # the batch as typed: as many workers as cores (2), against the same warm parses
            # in two processes side by side (both sides share the cores alike)
            cpu.append(cpu_of([*IDX766, "parse", *batch, "--format", "json"]))
            wall, outputs = walls_of([[*env_python, "-c", WARM, *h] for h in halves])
            warm_cpu.append(sum(float(o) for o in outputs))
            side_by_side.append(wall)
            one.append(wall_of([*IDX766, "parse", *batch, "--jobs", "1", "--format", "json"]))
            two.append(wall_of([*IDX766, "parse", *batch, "--jobs", "2", "--format", "json"]))
            wall, outputs = walls_of([[*env_python, "-c", WARM, *batch]])
            alone.append(wall)
            alone_cpu.append(float(outputs[0]))
        case(
            f"parse {args.files} DOCX (CPU) / {args.files} warm in-process parses",
            min(cpu),
            min(warm_cpu),
            "<= 1.3",
        )
        case(
            f"parse {args.files} DOCX (CPU) / the warm parses in one process",
            min(cpu),
            min(alone_cpu),
            "reported",
        )
        case(
            f"parse {args.files} DOCX: --jobs 1 / --jobs 2 (wall)",
            min(one),
            min(two),
            ">= 1.7",
            "wall",
        )
        case(
            "the machine now: warm parses in 1 process / in 2 (wall)",
            min(alone),
            min(side_by_side),
            "reported",
            "wall",
        )
    cores = os.cpu_count()
    print(f"{'case':62} {'idx766':>9} {'baseline':>9} {'ratio':>6}  target ({cores} cores)")
    for r in rows:
        print(
            f"{r['case']:62} {r['idx766_s']:8.3f}s {r['baseline_s']:8.3f}s {r['ratio']:6.2f}  "
            f"{r['target']} ({r['measure']})"
        )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    if load is not None:
        print(f"load average (1 min) at the end: {load:.2f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps({"benchmark": "startup", "load_average": load, "rows": rows}, indent=2)
    )


if __name__ == "__main__":
    main()
