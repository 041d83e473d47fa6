"""Commands on panels: ``ingest``, ``history`` and ``trend``."""

from __future__ import annotations

import argparse
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
from idx766.panel import Panel, find_files, ingest
from idx766.parsers.base import ParseOptions


def cmd_ingest(args: argparse.Namespace) -> int:
    options = ParseOptions(province=args.province, registry=registry_of(args))
    files = find_files(args.paths)
    console = Console(file=sys.stderr)
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
                say_error(f"{path}: {result.error_kind}: {result.error_reason}")
            progress.update(task, advance=1, description=path.name, errors=errors)

        report = ingest(
            args.paths,
            args.output,
            jobs=args.jobs,
            timeout=args.timeout,
            options=options,
            retry_failed=args.retry_failed,
            on_file=done,
        )
    counts = ", ".join(f"{n} {k}" for k, n in report.records.items())
    print(
        f"{report.files} files: {report.parsed} parsed, {report.cached} from the cache, "
        f"{len(report.failed)} failed; panel {args.output}: {counts}; {report.findings} findings"
    )
    return EXIT_UNREADABLE if report.failed else EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    try:
        panel = Panel(args.panel, registry=registry_of(args))
    except FileNotFoundError as exc:
        say_error(str(exc))
        return EXIT_UNREADABLE
    key = unit_key(panel.registry, args.unit)
    columns = ["as_of", "period", "unit", "unit_key", "total", "rank", "rank_of", "source_count"]
    frame = panel.history(key, continued=args.continued).select(columns).collect()
    if frame.is_empty():
        say_error(f"{args.unit!r} ({key}) has no scores in {args.panel}")
        return EXIT_FINDINGS
    print_frame(frame, args.format)
    return EXIT_OK


def cmd_trend(args: argparse.Namespace) -> int:
    try:
        panel = Panel(args.panel, registry=registry_of(args))
    except FileNotFoundError as exc:
        say_error(str(exc))
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
    frame = (
        ranked.select("as_of", "unit", "unit_key", "total", "rank", "rank_computed", "units")
        .sort("as_of", "rank_computed")
        .collect()
    )
    print_frame(frame, args.format)
    return EXIT_OK
