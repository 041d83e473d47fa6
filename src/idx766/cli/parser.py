"""The ``idx766`` command's argument parser: every command, its options and its function
(imported when the command runs)."""

from __future__ import annotations

import argparse
import functools
import sys
from typing import Any

from idx766 import __version__
from idx766.cli.exits import EXIT_UNREADABLE, say_error
from idx766.cli.options import (
    add_ingest_arguments,
    command,
    input_options,
    iso_date,
    output_options,
    positive_int,
    registry_option,
    report_command,
    score_commands,
)
from idx766.model import Level

__all__ = ["build_parser"]

_LEVELS = [lv.value for lv in Level]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, exit 2, as for unreadable input
        self.print_usage(sys.stderr)
        say_error(message)
        raise SystemExit(EXIT_UNREADABLE)


def _files(p: argparse.ArgumentParser, *, dates: bool = True) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="report or data files")
    p.add_argument(
        "--jobs",
        type=positive_int,
        help="worker processes (default: one per file, at most the number of cores)",
    )
    p.add_argument("--timeout", type=float, default=120.0, help="seconds per file")
    input_options(p, dates=dates)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``idx766`` command (also used to document it)."""
    parser = _Parser(prog="idx766", description="Read and check Chỉ số 766 reports and data.")
    parser.add_argument("--version", action="version", version=f"idx766 {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p_parse = sub.add_parser("parse", help="show the records of files")
    _files(p_parse)
    output_options(
        p_parse,
        output_help="xlsx: the workbook; csv, parquet: a directory (one file per record kind)",
    )
    p_parse.set_defaults(func=command("idx766.cli.records", "cmd_parse"))

    p_check = sub.add_parser("check", help="run the consistency checks; exit 1 on errors")
    _files(p_check)
    output_options(p_check, ("json",), output_help="the workbook for xlsx")
    p_check.add_argument("--only", metavar="CODES", help="run only these checks (comma-separated)")
    p_check.add_argument("--enable", metavar="CODES", help="also run these opt-in checks")
    p_check.set_defaults(func=command("idx766.cli.records", "cmd_check"))

    p_rank = sub.add_parser("rank", help="rank the units of files (ties share a rank)")
    _files(p_rank)
    p_rank.add_argument("--level", choices=_LEVELS)
    p_rank.add_argument("--dense", action="store_true", help="dense ranks (1, 1, 2)")
    output_options(p_rank)
    p_rank.set_defaults(func=command("idx766.cli.analysis", "cmd_rank"))

    p_diff = sub.add_parser("diff", help="what changed between two reports or exports")
    p_diff.add_argument("old", metavar="OLD")
    p_diff.add_argument("new", metavar="NEW")
    input_options(p_diff)
    output_options(p_diff)
    p_diff.set_defaults(func=command("idx766.cli.analysis", "cmd_diff"))

    p_pakn = sub.add_parser("pakn", help="PAKN answer deadlines on a date")
    _files(p_pakn, dates=False)
    p_pakn.add_argument(
        "--as-of",
        dest="count_from",
        type=iso_date,
        required=True,
        metavar="DATE",
        help="the day to count the working days left from (YYYY-MM-DD)",
    )
    output_options(p_pakn)
    p_pakn.set_defaults(func=command("idx766.cli.analysis", "cmd_pakn"))

    p_ingest = sub.add_parser("ingest", help="read an archive of files into a panel")
    add_ingest_arguments(p_ingest)
    p_ingest.set_defaults(func=command("idx766.cli.panel", "cmd_ingest"))

    p_history = sub.add_parser("history", help="a unit's scores over time, from a panel")
    p_history.add_argument("unit", metavar="UNIT", help="a unit key or name (diacritics optional)")
    p_history.add_argument("--panel", required=True, metavar="PANEL")
    p_history.add_argument(
        "--continued",
        action="store_true",
        help="carry the series through the units it took over from",
    )
    registry_option(p_history)
    output_options(p_history)
    p_history.set_defaults(func=command("idx766.cli.panel", "cmd_history"))

    p_trend = sub.add_parser("trend", help="ranks over time of a level's units, from a panel")
    p_trend.add_argument("--panel", required=True, metavar="PANEL")
    p_trend.add_argument("--level", choices=_LEVELS, default="province")
    p_trend.add_argument("--unit", help="only this unit (key or name, diacritics optional)")
    registry_option(p_trend)
    output_options(p_trend)
    p_trend.set_defaults(func=command("idx766.cli.panel", "cmd_trend"))

    p_chart = sub.add_parser(
        "chart", help="draw a unit's rank and score history from a panel (PNG or SVG)"
    )
    p_chart.add_argument("unit", metavar="UNIT", help="a unit key or name (diacritics optional)")
    p_chart.add_argument("--panel", required=True, metavar="PANEL")
    p_chart.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the image: .png or .svg"
    )
    p_chart.add_argument("--continued", action="store_true", help="as for history")
    p_chart.add_argument(
        "--lang", choices=("vi", "en"), default="vi", help="language of the labels"
    )
    registry_option(p_chart)
    p_chart.set_defaults(func=command("idx766.cli.panel", "cmd_chart"))

    p_checks = sub.add_parser("checks", help="list the checks catalogue")
    p_checks.add_argument("--format", choices=("text", "markdown"), default="text")
    p_checks.set_defaults(func=command("idx766.cli.records", "cmd_checks"))

    p_list = sub.add_parser("parsers", help="list built-in and plugin parsers")
    p_list.set_defaults(func=command("idx766.cli.records", "cmd_parsers"))

    p_units = sub.add_parser("units", help="list the unit registry")
    p_units.add_argument("--province", help="only this province's units (key or name)")
    p_units.add_argument("--level", choices=_LEVELS)
    p_units.add_argument("--date", type=iso_date, help="only units that existed on this date")
    p_units.add_argument("--format", choices=("text", "json"), default="text")
    registry_option(p_units)
    p_units.set_defaults(func=command("idx766.cli.units", "cmd_units"))

    p_resolve = sub.add_parser(
        "resolve", help="show what a printed unit name resolves to (exit 1 when it does not)"
    )
    p_resolve.add_argument("name", metavar="NAME")
    p_resolve.add_argument("--level", choices=_LEVELS)
    p_resolve.add_argument("--province", help="the province the name belongs to")
    p_resolve.add_argument("--date", type=iso_date, help="the date the name was printed")
    p_resolve.add_argument("--format", choices=("text", "json"), default="text")
    registry_option(p_resolve)
    p_resolve.set_defaults(func=command("idx766.cli.units", "cmd_resolve"))
    score_commands(sub, functools.partial(_files, dates=False))
    report_command(sub)
    return parser
