"""Commands on panels: ``ingest``, ``history`` and ``trend``.

``ingest`` exits 0 when every file was read whole, 1 when the panel was built but some files
or records were not (each is one line on stderr and a finding in the panel), 2 when no panel
was built: another ingest holds it and ``--lock-timeout`` ran out, the panel cannot be written
(disk full, read-only, permissions, ``-o`` not a folder) or the command line was wrong.
``history`` and ``trend`` exit 2, with one line, on a folder that is not a panel or a damaged
panel.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import polars as pl
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from idx766.batch import FileResult
from idx766.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNREADABLE,
    print_frame,
    registry_of,
    say_error,
    unit_key,
)
from idx766.errors import Idx766Error, shown_path
from idx766.panel import Panel, find_files, ingest
from idx766.parsers.base import ParseOptions

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$", re.IGNORECASE)


def memory_size(text: str) -> int:
    """``2G``, ``1536M``, ``800MB``, ``1.5GiB`` or bytes, as bytes (argparse type)."""
    match = _SIZE.match(text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size (like 2G or 1536M): {text!r}")
    factor = 1024 ** "bkmgt".index((match.group(2) or "b").lower())
    size = int(float(match.group(1)) * factor)
    if size < 64 * 2**20:
        raise argparse.ArgumentTypeError(f"{text!r} is too little for a worker (64M at least)")
    return size


def add_ingest_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``idx766 ingest`` (besides ``--province`` and ``--registry``)."""
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders")
    p.add_argument("-o", "--output", required=True, metavar="PANEL", help="panel folder")
    p.add_argument("--jobs", type=int, help="worker processes (default: all cores)")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds per file")
    p.add_argument(
        "--max-memory",
        type=memory_size,
        metavar="SIZE",
        help="memory each worker may take, like 2G or 1536M (default: 2G, or less so that "
        "all workers stay under half the machine's memory)",
    )
    p.add_argument(
        "--retry-failed",
        action="store_true",
        help="retry files that failed, and files whose records were read only in part",
    )
    p.add_argument(
        "--repair",
        action="store_true",
        help="check every table of the panel and rebuild what is damaged from the cache "
        "(with no PATH: the files of the panel's last good generation)",
    )
    p.add_argument(
        "--lock-timeout",
        type=float,
        metavar="SECONDS",
        help="how long to wait for another ingest of the same panel (default: until it ends)",
    )


def cmd_ingest(args: argparse.Namespace) -> int:
    if not args.paths and not args.repair:
        say_error("ingest: give the files or folders to read (or --repair)")
        return EXIT_UNREADABLE
    options = ParseOptions(
        province=args.province,
        registry=registry_of(args),
        max_memory_bytes=getattr(args, "max_memory", None),
    )
    output = Path(args.output)
    console = Console(file=sys.stderr)
    try:
        files = find_files(args.paths)
        with Progress(
            TextColumn("[bold]ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[errors]} errors  {task.description}"),
            console=console,
            transient=True,
            disable=not files or not console.is_terminal,
        ) as progress:
            task = progress.add_task("", total=len(files), errors=0)
            errors = 0

            def done(result: FileResult | None, path: Path) -> None:
                nonlocal errors
                if result is not None and not result.ok:
                    errors += 1
                progress.update(task, advance=1, description=path.name, errors=errors)

            def waiting(holder: str) -> None:
                say_error(f"{shown_path(output)}: waiting for {holder}")

            report = ingest(
                args.paths,
                output,
                jobs=args.jobs,
                timeout=args.timeout,
                options=options,
                retry_failed=args.retry_failed,
                repair=args.repair,
                on_file=done,
                lock_timeout=getattr(args, "lock_timeout", None),
                on_wait=waiting,
            )
    except Idx766Error as exc:
        say_error(exc.one_line())
        return EXIT_UNREADABLE
    except OSError as exc:
        where = shown_path(exc.filename) if exc.filename else shown_path(output)
        say_error(f"{where}: cannot write the panel: {exc.strerror or exc}")
        return EXIT_UNREADABLE
    for failure in report.failed:
        reason = " ".join((failure.error_reason or "").split())
        say_error(f"{shown_path(failure.path)}: {failure.error_kind}: {reason}")
    for skipped in report.skipped:
        say_error(f"{shown_path(skipped.path)}: skipped: {skipped.reason}")
    for finding in report.incomplete:
        where = finding.location.describe() if finding.location else "?"
        say_error(f"{where}: {finding.check}: {finding.message}")
    counts = ", ".join(f"{n} {k}" for k, n in report.records.items() if k != "findings")
    repaired = f"; repaired {', '.join(report.repaired)}" if report.repaired else ""
    print(
        f"{report.files} files: {report.parsed} parsed, {report.cached} from the cache, "
        f"{len(report.failed)} failed, {len(report.skipped)} skipped; "
        f"panel {shown_path(output)}: {counts}; {report.findings} findings{repaired}"
    )
    return EXIT_OK if report.complete else EXIT_FINDINGS


def _open(args: argparse.Namespace) -> Panel | None:
    try:
        return Panel(args.panel, registry=registry_of(args))
    except Idx766Error as exc:
        say_error(exc.one_line())
    except OSError as exc:
        say_error(f"{shown_path(args.panel)}: cannot read the panel: {exc.strerror or exc}")
    return None


def _collect(args: argparse.Namespace, frame: pl.LazyFrame) -> pl.DataFrame | None:
    try:
        return frame.collect()
    except (pl.exceptions.PolarsError, OSError) as exc:  # a table changed after it was opened
        first = " ".join(str(exc).split())[:300]
        say_error(f"{shown_path(args.panel)}: damaged_panel: {first}")
        return None


def cmd_history(args: argparse.Namespace) -> int:
    panel = _open(args)
    if panel is None:
        return EXIT_UNREADABLE
    key = unit_key(panel.registry, args.unit)
    columns = ["as_of", "period", "unit", "unit_key", "total", "rank", "rank_of", "source_count"]
    frame = _collect(args, panel.history(key, continued=args.continued).select(columns))
    if frame is None:
        return EXIT_UNREADABLE
    if frame.is_empty():
        say_error(f"{args.unit!r} ({key}) has no scores in {args.panel}")
        return EXIT_FINDINGS
    print_frame(frame, args.format)
    return EXIT_OK


def cmd_trend(args: argparse.Namespace) -> int:
    panel = _open(args)
    if panel is None:
        return EXIT_UNREADABLE
    scores = panel.scores.filter(
        (pl.col("level") == args.level)
        & pl.col("total").is_not_null()
        & pl.col("period").is_null()
        & pl.col("as_of").is_not_null()
    )
    ranked = scores.with_columns(
        rank_computed=pl.col("total").rank("min", descending=True).over("as_of"),
        units=pl.len().over("as_of"),
    )
    if args.unit:
        ranked = ranked.filter(pl.col("unit_key") == unit_key(panel.registry, args.unit))
    frame = _collect(
        args,
        ranked.select("as_of", "unit", "unit_key", "total", "rank", "rank_computed", "units").sort(
            "as_of", "rank_computed"
        ),
    )
    if frame is None:
        return EXIT_UNREADABLE
    print_frame(frame, args.format)
    return EXIT_OK
