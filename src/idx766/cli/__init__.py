"""The ``idx766`` command: parse, check, ingest a panel and query it, parsers, units, checks,
and the score model (recompute, whatif, goal).

Exit codes: 0 fine; 1 ``check`` found errors (``resolve``: the name did not resolve); 2 a file
could not be read (one line on stderr naming the file and the reason, never a traceback) or the
command line was wrong. With several files a progress bar runs on stderr and one bad file does
not stop the others.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from idx766 import __version__
from idx766.cli.analysis import cmd_diff, cmd_pakn, cmd_rank
from idx766.cli.common import EXIT_OK, EXIT_UNREADABLE, iso_date, say_error
from idx766.cli.panel import cmd_history, cmd_ingest, cmd_trend
from idx766.cli.records import cmd_check, cmd_checks, cmd_parse, cmd_parsers
from idx766.cli.score import add_score_commands
from idx766.cli.units import cmd_resolve, cmd_units
from idx766.model import Level

__all__ = ["build_parser", "main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, exit 2, as for unreadable input
        self.print_usage(sys.stderr)
        say_error(message)
        raise SystemExit(EXIT_UNREADABLE)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``idx766`` command (also used to document it)."""
    parser = _Parser(prog="idx766", description="Read and check Chỉ số 766 reports and data.")
    parser.add_argument("--version", action="version", version=f"idx766 {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def registry_option(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--registry",
            action="append",
            metavar="CSV",
            help="add the units of a registry file (repeatable; see docs/units.md)",
        )

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("files", nargs="+", metavar="FILE", help="report or data files")
        p.add_argument("--parser", help="use this parser (see `idx766 parsers`)")
        p.add_argument("--province", help="the province, where a document does not say")
        p.add_argument(
            "--jobs",
            type=int,
            help="worker processes (default: one per file, at most the number of cores)",
        )
        p.add_argument("--timeout", type=float, default=120.0, help="seconds per file")
        registry_option(p)

    p_parse = sub.add_parser("parse", help="print the records of files")
    common(p_parse)
    p_parse.add_argument(
        "--format",
        choices=("text", "json", "parquet", "csv"),
        default="text",
        help="text (a summary), json (the interchange format), parquet or csv (with -o DIR)",
    )
    p_parse.add_argument("-o", "--output", metavar="DIR", help="directory for parquet/csv")
    p_parse.set_defaults(func=cmd_parse)

    p_check = sub.add_parser("check", help="run the consistency checks; exit 1 on errors")
    common(p_check)
    p_check.add_argument("--format", choices=("text", "json"), default="text")
    p_check.add_argument("--only", metavar="CODES", help="run only these checks (comma-separated)")
    p_check.add_argument("--enable", metavar="CODES", help="also run these opt-in checks")
    p_check.set_defaults(func=cmd_check)

    p_list = sub.add_parser("parsers", help="list built-in and plugin parsers")
    p_list.set_defaults(func=cmd_parsers)

    p_ingest = sub.add_parser("ingest", help="read an archive of files into a panel")
    p_ingest.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p_ingest.add_argument("-o", "--output", required=True, metavar="PANEL", help="panel folder")
    p_ingest.add_argument("--jobs", type=int, help="worker processes (default: all cores)")
    p_ingest.add_argument("--timeout", type=float, default=120.0, help="seconds per file")
    p_ingest.add_argument("--retry-failed", action="store_true", help="retry files that failed")
    p_ingest.add_argument("--province", help="the province, where a document does not say")
    registry_option(p_ingest)
    p_ingest.set_defaults(func=cmd_ingest)

    p_history = sub.add_parser("history", help="a unit's scores over time, from a panel")
    p_history.add_argument("unit", metavar="UNIT", help="a unit key or a printed name")
    p_history.add_argument("--panel", required=True, metavar="PANEL")
    p_history.add_argument(
        "--continued",
        action="store_true",
        help="carry the series through the units it took over from",
    )
    p_history.add_argument("--format", choices=("text", "json", "csv"), default="text")
    registry_option(p_history)
    p_history.set_defaults(func=cmd_history)

    p_trend = sub.add_parser("trend", help="ranks over time of a level's units, from a panel")
    p_trend.add_argument("--panel", required=True, metavar="PANEL")
    p_trend.add_argument("--level", choices=[lv.value for lv in Level], default="province")
    p_trend.add_argument("--unit", help="only this unit (key or printed name)")
    p_trend.add_argument("--format", choices=("text", "json", "csv"), default="text")
    registry_option(p_trend)
    p_trend.set_defaults(func=cmd_trend)

    def table_output(p: argparse.ArgumentParser) -> None:
        p.add_argument("--format", choices=("text", "json", "csv", "parquet"), default="text")
        p.add_argument("-o", "--output", metavar="FILE", help="file for csv/parquet")

    p_rank = sub.add_parser("rank", help="rank the units of files (ties share a rank)")
    common(p_rank)
    p_rank.add_argument("--level", choices=[lv.value for lv in Level])
    p_rank.add_argument("--dense", action="store_true", help="dense ranks (1, 1, 2)")
    table_output(p_rank)
    p_rank.set_defaults(func=cmd_rank)

    p_diff = sub.add_parser("diff", help="what changed between two reports or exports")
    p_diff.add_argument("old", metavar="OLD")
    p_diff.add_argument("new", metavar="NEW")
    p_diff.add_argument("--parser", help="use this parser")
    p_diff.add_argument("--province", help="the province, where a document does not say")
    registry_option(p_diff)
    table_output(p_diff)
    p_diff.set_defaults(func=cmd_diff)

    p_pakn = sub.add_parser("pakn", help="PAKN answer deadlines as of a date")
    common(p_pakn)
    p_pakn.add_argument("--as-of", type=iso_date, required=True, help="YYYY-MM-DD")
    table_output(p_pakn)
    p_pakn.set_defaults(func=cmd_pakn)

    p_checks = sub.add_parser("checks", help="list the checks catalogue")
    p_checks.add_argument("--format", choices=("text", "markdown"), default="text")
    p_checks.set_defaults(func=cmd_checks)

    p_units = sub.add_parser("units", help="list the unit registry")
    p_units.add_argument("--province", help="only this province's units (key or name)")
    p_units.add_argument("--level", choices=[lv.value for lv in Level])
    p_units.add_argument("--date", type=iso_date, help="only units that existed on this date")
    p_units.add_argument("--format", choices=("text", "json"), default="text")
    registry_option(p_units)
    p_units.set_defaults(func=cmd_units)

    p_resolve = sub.add_parser(
        "resolve", help="show what a printed unit name resolves to (exit 1 when it does not)"
    )
    p_resolve.add_argument("name", metavar="NAME")
    p_resolve.add_argument("--level", choices=[lv.value for lv in Level])
    p_resolve.add_argument("--province", help="the province the name belongs to")
    p_resolve.add_argument("--date", type=iso_date, help="the date the name was printed")
    p_resolve.add_argument("--format", choices=("text", "json"), default="text")
    registry_option(p_resolve)
    p_resolve.set_defaults(func=cmd_resolve)
    add_score_commands(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code."""
    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except BrokenPipeError:
        return EXIT_OK
