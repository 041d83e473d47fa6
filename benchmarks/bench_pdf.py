"""PDF parse time against pdfplumber's own ``extract_tables``, and peak memory on long tables.

Time: on the same PDFs, in this one run, the best of several repeats of

* the baseline, pdfplumber alone: open the file and call ``page.extract_tables()`` on every
  page (closing each page), and
* ``idx766.parse`` (pdfium page count, glyph de-duplication, tables, paragraphs, column blocks,
  the interpreter and the records);

the ratio idx766 / pdfplumber is reported per file (target: at most 1.3), with the reader alone
(``read_blocks``: everything but the interpreter) as a second ratio.

Memory: a generated report whose appendix is one ruled table running over N pages (40 rows
per page, one unit per row with its own scores, the header repeated on each page, like
LibreOffice prints it) is parsed in a fresh process for each N, and so is pdfplumber's
``extract_tables`` loop. Reported: the peak resident set size (``VmHWM``), what the returned
blocks and records hold as the allocators count it, and the working memory (peak less the
start and the result), with how much each grows per page from the smallest to the largest N.
The targets: a peak under 500 MB at 2,000 pages, and a working memory that does not grow with
N (the result itself grows: it is one record per row).

    python benchmarks/bench_pdf.py [--repeat N] [--pages 250,1000,2000] [--json PATH]

The generated PDFs are cached in ``$TMPDIR/idx766-bench-pdf/``.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pdfplumber

import idx766
from idx766.interpret.blocks import Grid

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


def row_scores(number: int) -> list[str]:
    """Component scores of row ``number`` (varied from row to row) and their total."""
    parts = [
        Decimal(18),
        Decimal(19) + Decimal(number % 100) / 100,
        Decimal(10),
        Decimal(10) - Decimal(number % 3) / 2,
        Decimal(18),
        Decimal(21) + Decimal(number * 7 % 100) / 100,
    ]
    return [*(str(p) for p in parts), str(sum(parts))]


def table_pdf(pages: int) -> Path:
    """A weekly report whose appendix is one table of ``pages`` pages (cached)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"table-{pages}-pages-v2.pdf"
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
            rows.append([str(number), name, *row_scores(number)])
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


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd",
            "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost",
        )
    ]  # fmt: skip


def held_mb() -> float:
    """Megabytes held by live objects as the allocators count them, after a full collection:
    pymalloc's allocated blocks (``sys._debugmallocstats``) plus glibc malloc's in-use bytes
    (``mallinfo2``). Unlike a sum of ``sys.getsizeof``, this counts each block's rounding."""
    gc.collect()
    with tempfile.TemporaryFile() as tmp:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(tmp.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        tmp.seek(0)
        stats = tmp.read().decode()
    line = next(ln for ln in stats.splitlines() if ln.startswith("# bytes in allocated blocks"))
    pymalloc = int(line.split("=")[1].replace(",", ""))
    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = _MallInfo2
    info = libc.mallinfo2()
    return (pymalloc + info.uordblks + info.hblkhd) / 2**20


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


def child(path: Path, job: str) -> None:
    """In a fresh process: run ``job`` on ``path`` and keep its result; print the peak RSS over
    the start, what the result holds, and the difference: the working memory."""
    from idx766.interpret import interpret
    from idx766.parsers.base import ParseOptions
    from idx766.parsers.pdf import read_blocks

    options = ParseOptions(max_pages=100_000)
    idx766.parse(FILES[0])  # load the code and the unit registry once
    pdfplumber_tables(FILES[0])
    start_rss, start_held = peak_rss_mb(), held_mb()
    started = time.perf_counter()
    out: dict[str, Any] = {"start_rss_mb": start_rss}
    if job == "pdfplumber":
        out["cells"] = pdfplumber_tables(path)
    else:
        blocks = read_blocks(path, options)
        out["read_s"] = time.perf_counter() - started
        out["read_peak_mb"] = peak_rss_mb() - start_rss
        out["read_working_mb"] = out["read_peak_mb"] - (held_mb() - start_held)
        records = interpret(blocks, source=path, parser="pdf-report", options=options)
        out["rows"] = sum(len(b.rows) for b in blocks if isinstance(b, Grid))
        out["records"] = len(records.scores) + len(records.findings)
    out["seconds"] = time.perf_counter() - started
    out["peak_mb"] = peak_rss_mb() - start_rss
    out["result_mb"] = held_mb() - start_held
    out["working_mb"] = out["peak_mb"] - out["result_mb"]
    print(json.dumps(out))


def run_child(path: Path, job: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(path), "--job", job],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def memory_rows(page_counts: list[int]) -> list[dict[str, Any]]:
    """pdfplumber's ``extract_tables`` and idx766's parse, each in a fresh process per size."""
    return [
        {
            "pages": pages,
            "pdfplumber": run_child(table_pdf(pages), "pdfplumber"),
            "idx766": run_child(table_pdf(pages), "parse"),
        }
        for pages in page_counts
    ]


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


def slope_kb_per_page(memory: list[dict[str, Any]], job: str, key: str) -> float:
    """How much ``key`` grows per page from the smallest to the largest PDF, in KB."""
    first, last = memory[0], memory[-1]
    if last["pages"] == first["pages"]:
        return 0.0
    grown: float = last[job][key] - first[job][key]
    return grown * 1024 / (last["pages"] - first["pages"])


def print_memory(memory: list[dict[str, Any]]) -> dict[str, float]:
    print(
        f"{'table pages':>11} {'rows':>7} {'peak RSS':>9} {'result':>7} {'working':>8} "
        f"{'reading':>8} {'pdfplumber':>11} {'parse':>6}"
    )
    for m in memory:
        ours, base = m["idx766"], m["pdfplumber"]
        print(
            f"{m['pages']:11d} {ours['rows']:7d} {ours['start_rss_mb'] + ours['peak_mb']:7.0f}MB "
            f"{ours['result_mb']:5.0f}MB {ours['working_mb']:6.1f}MB "
            f"{ours['read_working_mb']:6.1f}MB {base['working_mb']:9.1f}MB {ours['seconds']:5.0f}s"
        )
    print(
        "peak RSS: the whole process; result: what the returned blocks and records hold;\n"
        "working: peak - start - result (reading: the same after reading the pages; "
        "pdfplumber: its extract_tables loop, which keeps nothing)"
    )
    slopes = {
        "working_kb_per_page": slope_kb_per_page(memory, "idx766", "working_mb"),
        "reading_kb_per_page": slope_kb_per_page(memory, "idx766", "read_working_mb"),
        "result_kb_per_page": slope_kb_per_page(memory, "idx766", "result_mb"),
        "pdfplumber_kb_per_page": slope_kb_per_page(memory, "pdfplumber", "working_mb"),
    }
    print(
        "growth per page: working {working_kb_per_page:.2f} KB, reading "
        "{reading_kb_per_page:.2f} KB, result {result_kb_per_page:.2f} KB "
        "(pdfplumber working {pdfplumber_kb_per_page:.2f} KB)".format(**slopes)
    )
    return slopes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", default="250,1000,2000")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "pdf.json")
    parser.add_argument("--only", choices=["time", "memory"], help="run one half only")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--job", default="parse", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.job)
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
        slopes = print_memory(memory)
        result["memory"] = {"rows": memory, "target_peak_mb": 500, **slopes}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
