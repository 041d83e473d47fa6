"""The command line's options and argument types, and nothing heavy.

Building the parser imports only this module (``idx766 --version`` and ``--help`` load no
reader, no polars); each command's module is imported when the command runs.
"""

from __future__ import annotations

import argparse
import importlib
import re
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from idx766.model import Period
from idx766.parsers.base import ParseOptions

__all__ = [
    "LIMIT_FLAGS",
    "add_ingest_arguments",
    "byte_size",
    "command",
    "input_options",
    "iso_date",
    "memory_size",
    "output_options",
    "period_label",
    "positive_int",
    "registry_option",
    "report_command",
    "score_commands",
]


def command(module: str, name: str) -> Callable[[argparse.Namespace], int]:
    """A command's function, imported from ``module`` when the command runs."""

    def run(args: argparse.Namespace) -> int:
        func: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(module), name)
        return func(args)

    run.__name__ = name
    return run


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from exc


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$", re.IGNORECASE)


def byte_size(text: str) -> int:
    """``200M``, ``1.5G``, ``800MB``, ``1.5GiB``, ``512k`` or bytes, as bytes (argparse type)."""
    match = _SIZE.match(text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size (like 200M or 2G): {text!r}")
    size = int(float(match.group(1)) * 1024 ** "bkmgt".index((match.group(2) or "b").lower()))
    if size <= 0:
        raise argparse.ArgumentTypeError(f"a size must be positive: {text!r}")
    return size


def memory_size(text: str) -> int:
    """A worker's memory (argparse type): a size of at least 64M."""
    size = byte_size(text)
    if size < 64 * 2**20:
        raise argparse.ArgumentTypeError(f"{text!r} is too little for a worker (64M at least)")
    return size


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return value


def period_label(text: str) -> Period:
    try:
        return Period.from_label(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a period: {text!r} (2026 for a year, 2026-08 a month, 2026-Q3 a quarter, "
            "2026-05-18/2026-05-25 a week)"
        ) from None


#: ParseOptions limit → (flag, argument type, what it bounds)
LIMIT_FLAGS: dict[str, tuple[str, Callable[[str], int], str]] = {
    "max_file_bytes": ("--max-file-size", byte_size, "largest file read (e.g. 200M)"),
    "max_pages": ("--max-pages", positive_int, "most PDF pages read"),
    "max_zip_members": ("--max-zip-members", positive_int, "most members of a DOCX/XLSX zip"),
    "max_inflated_bytes": (
        "--max-inflated-size",
        byte_size,
        "largest declared uncompressed size of a DOCX/XLSX (e.g. 512M)",
    ),
    "max_compression_ratio": (
        "--max-compression-ratio",
        positive_int,
        "highest compression ratio of a zip member",
    ),
    "max_stream_bytes": (
        "--max-stream-size",
        byte_size,
        "largest size one compressed PDF stream may inflate to (e.g. 64M)",
    ),
    "max_memory_bytes": (
        "--max-memory",
        memory_size,
        "memory each worker process may grow by (e.g. 2G; by default 2G, or less so that all "
        "workers stay under half the machine's memory)",
    ),
}


def input_options(p: argparse.ArgumentParser, *, dates: bool = True) -> None:
    """The options of every command that reads files: province, dates (unless the command
    has its own ``--as-of``), limits, registry."""
    p.add_argument("--parser", help="use this parser (see `idx766 parsers`)")
    p.add_argument("--province", help="the province, where a document does not say")
    if dates:
        p.add_argument(
            "--as-of",
            type=iso_date,
            metavar="DATE",
            help="the date (YYYY-MM-DD) of figures a file states no date for; "
            "without it, a date in the file's name is used",
        )
        p.add_argument(
            "--period",
            type=period_label,
            metavar="PERIOD",
            help="the period of scores a file states none for: 2026 (year to date), "
            "2026-08, 2026-Q3",
        )
    defaults = {a.name: a.default for a in attrs.fields(ParseOptions)}
    for name, (flag, kind, what) in LIMIT_FLAGS.items():
        default = defaults[name]
        shown = f" (default {default:,})" if default is not None else ""
        p.add_argument(flag, dest=name, type=kind, metavar="N", help=what + shown)
    registry_option(p)


def registry_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--registry",
        action="append",
        metavar="CSV",
        help="add the units of a registry file (repeatable; see docs/units.md)",
    )


def output_options(
    p: argparse.ArgumentParser,
    machine: Sequence[str] = ("json", "csv", "parquet"),
    *,
    output_help: str = "file for xlsx, csv and parquet",
) -> None:
    """``--format`` (text, xlsx and the command's machine formats), ``-o``, ``--excel``,
    ``--lang``."""
    p.add_argument(
        "--format",
        choices=("text", "xlsx", *machine),
        default="text",
        help="text: tables for people; xlsx: an Excel workbook (with -o); "
        + ", ".join(machine)
        + ": for programs",
    )
    p.add_argument("-o", "--output", metavar="PATH", help=output_help)
    if "csv" in machine:
        p.add_argument(
            "--excel",
            action="store_true",
            help="CSV for Excel: UTF-8 with BOM, ';' between fields, comma decimals, "
            "dates dd/mm/yyyy and headers in --lang",
        )
    p.add_argument(
        "--lang",
        choices=("vi", "en"),
        default="vi",
        help="language of headers and labels in text, xlsx and --excel output (default vi)",
    )


def add_ingest_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``idx766 ingest``."""
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders")
    p.add_argument("-o", "--output", required=True, metavar="PANEL", help="panel folder")
    p.add_argument("--jobs", type=positive_int, help="worker processes (default: all cores)")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds per file")
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
    input_options(p)


def _change(text: str) -> tuple[str, int]:
    name, sep, amount = text.partition("=")
    try:
        if not sep or not name.strip():
            raise ValueError
        return name.strip(), int(amount.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"a change is LEVER=+N (e.g. ho-so-dung-han=+50), not {text!r}"
        ) from None


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None


def score_commands(
    sub: Any, common: Callable[[argparse.ArgumentParser], None]
) -> Sequence[argparse.ArgumentParser]:
    """Add ``recompute``, ``whatif`` and ``goal`` to the ``idx766`` command's subparsers."""

    def shared(p: argparse.ArgumentParser) -> None:
        common(p)
        p.add_argument("--period", help="the period, when the files hold several (2026)")
        p.add_argument("--methodology", metavar="VERSION", help="score with this formula version")
        output_options(p, ("json",), output_help="the workbook for xlsx")

    p_re = sub.add_parser("recompute", help="recompute every group score from the portal's inputs")
    shared(p_re)
    p_re.add_argument("--unit", help="only this unit (name, code or id), component by component")
    p_re.add_argument(
        "--fail-without-inputs",
        action="store_true",
        help="exit 1 when the files hold no inputs (default: say so and exit 0)",
    )
    p_re.set_defaults(func=command("idx766.cli.score", "cmd_recompute"))

    p_what = sub.add_parser("whatif", help="a unit's scores and rank if it did N more of something")
    shared(p_what)
    p_what.add_argument("--unit", required=True, help="the unit (name, code or id)")
    p_what.add_argument(
        "--change",
        action="append",
        required=True,
        type=_change,
        metavar="LEVER=+N",
        help="a lever and how many more (repeatable; levers in docs/score-model.md)",
    )
    p_what.set_defaults(func=command("idx766.cli.score", "cmd_whatif"))

    p_goal = sub.add_parser(
        "goal", help="the smallest change per lever that reaches a total, rank or band"
    )
    shared(p_goal)
    p_goal.add_argument("--unit", required=True, help="the unit (name, code or id)")
    target = p_goal.add_mutually_exclusive_group(required=True)
    target.add_argument("--total", type=_decimal, help="reach this total")
    target.add_argument("--rank", type=int, help="reach this rank among the unit's peers")
    target.add_argument("--band", help="reach this band (xuat-sac, tot, kha, trung-binh)")
    p_goal.add_argument(
        "--lever", action="append", help="only these levers (repeatable; default: all)"
    )
    p_goal.set_defaults(func=command("idx766.cli.score", "cmd_goal"))
    return (p_re, p_what, p_goal)


def report_command(sub: Any) -> None:
    """Register ``idx766 report`` on the subcommands of the ``idx766`` parser."""
    p = sub.add_parser(
        "report",
        help="write the weekly report (DOCX), a commendation letter or a chat bulletin from "
        "the data of two dates",
    )
    p.add_argument("old", nargs="?", metavar="OLD", help="the file of the earlier date")
    p.add_argument("new", nargs="?", metavar="NEW", help="the file of the later date")
    p.add_argument(
        "--with",
        dest="extra",
        action="append",
        default=[],
        metavar="FILE",
        help="another file used at its own dates: the national ranking, overdue dossiers, "
        "PAKN (repeatable)",
    )
    p.add_argument("--panel", metavar="PANEL", help="take the scores from a panel instead")
    p.add_argument(
        "--from", dest="date_from", type=iso_date, metavar="DATE", help="with --panel: OLD's date"
    )
    p.add_argument(
        "--to", dest="date_to", type=iso_date, metavar="DATE", help="with --panel: NEW's date"
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="the report (.docx); for --template chat a text file (default: printed)",
    )
    p.add_argument("--template", choices=("weekly", "commendation", "chat"), default="weekly")
    p.add_argument("--xlsx", metavar="FILE", help="also write the report's tables as a workbook")
    p.add_argument("--top", type=positive_int, default=10, help="leaders, laggards, gainers (10)")
    p.add_argument(
        "--department-top", type=positive_int, default=5, help="leading departments named (5)"
    )
    p.add_argument("--week", type=positive_int, help="the week number printed in the title")
    p.add_argument("--signer", help="the name under the signature")
    p.add_argument("--jobs", type=positive_int, help="worker processes reading the files")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds per file")
    p.add_argument(
        "--lang", choices=("vi", "en"), default="vi", help="language of the --xlsx headers"
    )
    input_options(p)
    for action in p._actions:
        if action.dest == "province":  # the report's province; files are read as they are
            action.help = "the province of the report (key or name), where the data holds several"
    p.set_defaults(func=command("idx766.cli.report", "cmd_report"))
