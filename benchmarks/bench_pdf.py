"""PDF parse time against pdfplumber's own ``extract_tables``, and peak memory on long tables.

Time: on the same PDFs, in this one run, the best of several repeats of

* the baseline, pdfplumber alone: open the file and call ``page.extract_tables()`` on every
  page (closing each page), and
* ``idx766.parse`` (pdfium page count, glyph de-duplication, tables, paragraphs, column blocks,
  the interpreter and the records);

the ratio idx766 / pdfplumber is reported per file (target: at most 1.3), with the reader alone
(``read_blocks``: everything but the interpreter) as a second ratio.

Memory: a generated report whose appendix is one ruled table running over N pages (40 rows
per page, the header repeated on each page, like LibreOffice prints it) is parsed in a fresh
process for each N; the peak resident set size (``ru_maxrss``) is reported with the size of
what the parse returns. The target: under 500 MB at 2,000 pages, and the reader's working
memory (peak less the baseline of the process and the result) not growing with N.

    python benchmarks/bench_pdf.py [--repeat N] [--pages 250,1000,2000] [--json PATH]

The generated PDFs are cached in ``$TMPDIR/idx766-bench-pdf/``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber

import idx766

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
FILES = [
    FIXTURES / "000-bieu-duong-tuan-13-2026.pdf",
    FIXTURES / "001-bao-cao-tuan-21-2026.pdf",
    FIXTURES / "004-bao-cao-thang-8-2023.pdf",
    FIXTURES / "reportlab" / "001-bao-cao-tuan-21-2026.pdf",
]
CACHE = Path(tempfile.gettempdir()) / "idx766-bench-pdf"
ROWS_PER_PAGE = 40
TIMED_TABLE_PAGES = 100
FONT_PATHS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"),
)


# --- the generated report -------------------------------------------------------------------


def table_pdf(pages: int) -> Path:
    """A weekly report whose appendix is one table of ``pages`` pages (cached)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"table-{pages}-pages.pdf"
    if path.exists():
        return path
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    rl_config.invariant = 1
    font = next((p for p in FONT_PATHS if p.exists()), None)
    if font is None:
        raise SystemExit("no TTF with Vietnamese glyphs found (apt-get install fonts-dejavu-core)")
    pdfmetrics.registerFont(TTFont("Body", str(font)))
    widths = [30, 150, 38, 38, 38, 38, 38, 38, 45]
    header = ["TT", "Xã/phường", "C.khai", "T.độ", "DV công", "T.toán", "H.lòng", "S.hóa", "Tổng"]
    left, top_margin, row_h = 57.0, 60.0, 17.5
    c = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]
    number = 0
    for page in range(pages):
        y = height - top_margin
        c.setFont("Body", 12)
        if page == 0:
            for line in (
                "BÁO CÁO TUẦN THỨ 21",
                "(từ ngày 18/5/2026 đến ngày 25/5/2026)",
                "Phụ lục I: BẢNG XẾP HẠNG VÀ DỮ LIỆU CHI TIẾT CỦA TỈNH THÁI NGUYÊN",
                "2. NHÓM CÁC XÃ, PHƯỜNG",
            ):
                c.drawString(left, y, line)
                y -= 18
        c.setFont("Body", 9)
        rows = [header]
        for _ in range(ROWS_PER_PAGE if page else ROWS_PER_PAGE - 4):
            number += 1
            name = f"UBND xã Số {number}"  # one row per unit, as in a real ranking
            rows.append([str(number), name, "18", "19.97", "10", "10", "18", "21.76", "97.73"])
        top = y
        for row in rows:
            x = left
            for value, w in zip(row, widths, strict=True):
                c.drawString(x + 3, y - 12, value)
                x += w
            y -= row_h
        right = left + sum(widths)
        for i in range(len(rows) + 1):
            c.line(left, top - i * row_h, right, top - i * row_h)
        x = left
        for w in [0, *widths]:
            x += w
            c.line(x, top, x, y)
        c.drawCentredString(A4[0] / 2, 30, str(page + 1))
        c.showPage()
    c.save()
    return path


# --- timing ---------------------------------------------------------------------------------


def pdfplumber_tables(path: Path) -> int:
    """The baseline: pdfplumber opens the file and extracts the tables of every page."""
    cells = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                cells += sum(len(r) for r in table)
            page.close()
    return cells


def time_rows(files: list[Path], repeat: int) -> list[dict[str, Any]]:
    """Best of ``repeat`` for the baseline, the reader alone and the whole parse, interleaved."""
    from idx766.parsers.pdf import read_blocks

    idx766.parse(files[0])  # warm up: imports, the unit registry
    rows = []
    for path in files:
        runs: dict[str, list[float]] = {"pdfplumber": [], "reader": [], "parse": []}
        jobs: dict[str, Callable[[], object]] = {
            "pdfplumber": lambda p=path: pdfplumber_tables(p),
            "reader": lambda p=path: read_blocks(p),
            "parse": lambda p=path: idx766.parse(p),
        }
        for _ in range(repeat):
            for name, job in jobs.items():
                start = time.perf_counter()
                job()
                runs[name].append(time.perf_counter() - start)
        with pdfplumber.open(path) as pdf:
            pages = len(pdf.pages)
        base, reader, parse = (min(runs[k]) for k in ("pdfplumber", "reader", "parse"))
        rows.append(
            {
                "file": path.name if path.parent == FIXTURES else f"{path.parent.name}/{path.name}",
                "pages": pages,
                "pdfplumber_s": base,
                "reader_s": reader,
                "idx766_s": parse,
                "reader_ratio": reader / base,
                "ratio": parse / base,
            }
        )
    return rows


# --- memory ---------------------------------------------------------------------------------


def deep_size(obj: object) -> int:
    """Bytes held by ``obj`` and everything it references (each object counted once)."""
    seen: set[int] = set()
    stack = [obj]
    total = 0
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, type):
            continue
        seen.add(id(item))
        total += sys.getsizeof(item)
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
        else:
            slots = getattr(type(item), "__slots__", ())
            stack.extend(getattr(item, s) for s in slots if hasattr(item, s))
            if hasattr(item, "__dict__"):
                stack.append(item.__dict__)
    return total


def peak_rss_mb() -> float:
    """This process's peak resident set size (``VmHWM``; ``ru_maxrss`` would include the
    parent's peak from before ``exec``)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(path: Path) -> None:
    """In a fresh process: read, interpret, and report peak RSS and what the results hold."""
    from idx766.interpret import interpret
    from idx766.parsers.base import ParseOptions
    from idx766.parsers.pdf import read_blocks

    options = ParseOptions(max_pages=100_000)
    idx766.parse(FILES[0])  # load the code and the unit registry once
    baseline = peak_rss_mb()
    start = time.perf_counter()
    blocks = read_blocks(path, options)
    read_s = time.perf_counter() - start
    read_peak = peak_rss_mb()
    records = interpret(blocks, source=path, parser="pdf-report", options=options)
    seconds = time.perf_counter() - start
    peak = peak_rss_mb()
    blocks_mb = deep_size(blocks) / 2**20
    records_mb = deep_size(records) / 2**20
    rows = sum(len(b.rows) for b in blocks if hasattr(b, "rows"))
    print(
        json.dumps(
            {
                "rows": rows,
                "baseline_mb": baseline,
                "peak_mb": peak,
                "read_peak_mb": read_peak,
                "blocks_mb": blocks_mb,
                "records_mb": records_mb,
                "reader_working_mb": read_peak - baseline - blocks_mb,
                "read_s": read_s,
                "seconds": seconds,
            }
        )
    )


def memory_rows(page_counts: list[int]) -> list[dict[str, Any]]:
    rows = []
    for pages in page_counts:
        path = table_pdf(pages)
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
        rows.append({"pages": pages, **json.loads(out.stdout.strip().splitlines()[-1])})
    return rows


def print_time(timed: list[dict[str, Any]]) -> float:
    print(
        f"{'file':42} {'pages':>5} {'pdfplumber':>11} {'reader':>8} {'parse':>8} "
        f"{'reader/pl':>9} {'parse/pl':>9}"
    )
    for r in timed:
        print(
            f"{r['file']:42} {r['pages']:5d} {r['pdfplumber_s']:10.2f}s {r['reader_s']:7.2f}s "
            f"{r['idx766_s']:7.2f}s {r['reader_ratio']:9.2f} {r['ratio']:9.2f}"
        )
    totals = {k: sum(r[k] for r in timed) for k in ("pdfplumber_s", "reader_s", "idx766_s")}
    ratio_all = totals["idx766_s"] / totals["pdfplumber_s"]
    print(
        f"{'all files':42} {'':5} {totals['pdfplumber_s']:10.2f}s {totals['reader_s']:7.2f}s "
        f"{totals['idx766_s']:7.2f}s {totals['reader_s'] / totals['pdfplumber_s']:9.2f} "
        f"{ratio_all:9.2f}"
    )
    return ratio_all


def print_memory(memory: list[dict[str, Any]]) -> None:
    print(
        f"{'table pages':>11} {'rows':>7} {'peak RSS':>9} {'at start':>9} {'after read':>11} "
        f"{'blocks':>7} {'reader working':>15} {'records':>8} {'read':>6} {'total':>6}"
    )
    for m in memory:
        print(
            f"{m['pages']:11d} {m['rows']:7d} {m['peak_mb']:7.0f}MB {m['baseline_mb']:7.0f}MB "
            f"{m['read_peak_mb']:9.0f}MB {m['blocks_mb']:5.0f}MB {m['reader_working_mb']:13.0f}MB "
            f"{m['records_mb']:6.0f}MB {m['read_s']:5.0f}s {m['seconds']:5.0f}s"
        )
    print(
        "reader working = peak RSS after reading - RSS at start - the blocks it returns "
        "(what reading the pages costs; flat means pages are released as they are read)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", default="250,1000,2000")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "pdf.json")
    parser.add_argument("--only", choices=["time", "memory"], help="run one half only")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    result: dict[str, Any] = {"benchmark": "pdf-parse"}
    if args.only in (None, "time"):
        timed = time_rows([*FILES, table_pdf(TIMED_TABLE_PAGES)], args.repeat)
        ratio_all = print_time(timed)
        result["time"] = {"rows": timed, "ratio_all": ratio_all, "target": 1.3}
    if args.only in (None, "memory"):
        pages = [int(n) for n in args.pages.split(",") if n]
        for n in pages:
            table_pdf(n)  # generated here, before the measuring processes start
        memory = memory_rows(pages)
        print()
        print_memory(memory)
        result["memory"] = {"rows": memory, "target_peak_mb": 500}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
