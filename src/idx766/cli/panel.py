"""Commands on panels: ``ingest``, ``history``, ``trend`` and ``chart``.

``ingest`` exits 0 when every file was read whole, 1 when the panel was built but some files
or records were not (each is one line on stderr and a finding in the panel), 2 when no panel
was built: another ingest holds it and ``--lock-timeout`` ran out, the panel cannot be written
(disk full, read-only, permissions, ``-o`` not a folder) or the command line was wrong.
``history``, ``trend`` and ``chart`` exit 2, with one line, on a folder that is not a panel or
a damaged panel.

A unit's scores form several series that must not be joined: the running score of a day (what
weekly reports copy), the monthly scores, the year to date. Every table and chart keeps them
apart (column ``series``), and a rank is shown with its N ("5/34"): a rank among 63 provinces
(2023) and a rank among 34 (2026) are not one line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from idx766.analysis.series import with_series
from idx766.batch import FileResult
from idx766.chart import draw_history
from idx766.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNREADABLE,
    parse_options,
    registry_of,
    say_error,
    unit_key,
)
from idx766.cli.exits import BUG_NOTE
from idx766.cli.output import Sheet, emit
from idx766.errors import Idx766Error, InternalError, shown_path
from idx766.panel import Panel, find_files, ingest
from idx766.present import value_label

__all__ = [
    "cmd_chart",
    "cmd_history",
    "cmd_ingest",
    "cmd_trend",
]


def cmd_ingest(args: argparse.Namespace) -> int:
    if not args.paths and not args.repair:
        say_error("ingest: give the files or folders to read (or --repair)")
        return EXIT_UNREADABLE
    options = parse_options(args)
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
        internal = failure.error_kind == InternalError.kind
        kind = f"internal error ({BUG_NOTE})" if internal else failure.error_kind
        say_error(f"{shown_path(failure.path)}: {kind}: {reason}")
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


def _unit_key(panel: Panel, text: str) -> str:
    keys = set(panel.scores.select("unit_key").unique().collect()["unit_key"].to_list())
    return unit_key(panel.registry, text, among=keys)


def _history(panel: Panel, args: argparse.Namespace) -> tuple[str, pl.DataFrame | None]:
    key = _unit_key(panel, args.unit)
    frame = _collect(
        args,
        with_series(panel.history(key, continued=args.continued))
        .filter(pl.col("as_of").is_not_null() | pl.col("period").is_not_null())
        .select(
            "series",
            "period",
            "as_of",
            "unit",
            "unit_key",
            "level",
            "total",
            "rank",
            "rank_of",
            "source_count",
        )
        .sort("series", "as_of", "period", nulls_last=True),
    )
    return key, frame


def _series_titles(what: tuple[str, str], name: str, series: object) -> tuple[str, str]:
    """The (Vietnamese, English) title of one series' table."""
    vi, en = (value_label("series", str(series), lang) for lang in ("vi", "en"))
    return f"{what[0]} — {name} — {vi}", f"{what[1]} — {name} — {en}"


def cmd_history(args: argparse.Namespace) -> int:
    panel = _open(args)
    if panel is None:
        return EXIT_UNREADABLE
    key, frame = _history(panel, args)
    if frame is None:
        return EXIT_UNREADABLE
    if frame.is_empty():
        say_error(f"{args.unit!r} ({key}) has no scores in {args.panel}")
        return EXIT_FINDINGS
    name = frame["unit"][-1]
    what = ("Lịch sử điểm", "Score history")
    sheets = [
        Sheet.of_frame(
            f"history-{series}",
            _series_titles(what, name, series),
            part,
            columns=["period", "as_of", "unit", "total", "rank", "rank_of", "source_count"],
            ranks={"rank": "rank_of"},
        )
        for (series,), part in frame.group_by("series", maintain_order=True)
    ]
    machine = frame.with_columns(pl.col("series").cast(pl.String))
    return emit(args, sheets, frames={"history": machine}, json_value=machine.to_dicts())


def cmd_trend(args: argparse.Namespace) -> int:
    panel = _open(args)
    if panel is None:
        return EXIT_UNREADABLE
    over = ["series", "period", "as_of"]
    scores = with_series(panel.scores).filter(
        (pl.col("level") == args.level)
        & pl.col("total").is_not_null()
        & pl.col("as_of").is_not_null()
    )
    ranked = scores.with_columns(
        rank_computed=pl.col("total").rank("min", descending=True).over(over).cast(pl.Int64),
        units=pl.len().over(over).cast(pl.Int64),
    )
    if args.unit:
        ranked = ranked.filter(pl.col("unit_key") == _unit_key(panel, args.unit))
    frame = _collect(
        args,
        ranked.select(
            "series",
            "period",
            "as_of",
            "unit",
            "unit_key",
            "total",
            "rank",
            "rank_of",
            "rank_computed",
            "units",
        ).sort("series", "as_of", "period", "rank_computed", nulls_last=True),
    )
    if frame is None:
        return EXIT_UNREADABLE
    level = value_label("level", args.level, args.lang)
    what = ("Thứ hạng theo thời gian", "Ranks over time")
    sheets = [
        Sheet.of_frame(
            f"trend-{series}",
            _series_titles(what, level, series),
            part,
            columns=[
                "period",
                "as_of",
                "unit",
                "total",
                "rank",
                "rank_of",
                "rank_computed",
                "units",
            ],
            ranks={"rank": "rank_of", "rank_computed": "units"},
        )
        for (series,), part in frame.group_by("series", maintain_order=True)
    ]
    machine = frame.with_columns(pl.col("series").cast(pl.String))
    return emit(args, sheets, frames={"trend": machine}, json_value=machine.to_dicts())


def cmd_chart(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if out.suffix.lower() not in (".png", ".svg"):
        say_error(f"{out}: the chart is written as .png or .svg")
        return EXIT_UNREADABLE
    panel = _open(args)
    if panel is None:
        return EXIT_UNREADABLE
    key, frame = _history(panel, args)
    if frame is None:
        return EXIT_UNREADABLE
    if frame.filter(pl.col("as_of").is_not_null()).is_empty():
        say_error(f"{args.unit!r} ({key}) has no dated scores in {args.panel}")
        return EXIT_FINDINGS

    draw_history(frame, out, lang=args.lang)
    return EXIT_OK
