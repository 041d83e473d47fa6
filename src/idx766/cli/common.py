"""What the commands share: exit codes, one-line errors, progress, options, parsing files."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import attrs
from attrs import frozen
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from idx766.batch import FileResult, parse_isolated
from idx766.errors import shown_path
from idx766.hashing import file_sha256
from idx766.interchange import loads
from idx766.model import Period, Records
from idx766.parsers.base import ParseOptions
from idx766.text import fold
from idx766.units import Registry, default_registry, resolve

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE, EXIT_BUG = 0, 1, 2, 3
EXIT_INTERRUPTED = 130
BUG_NOTE = "a bug in idx766, please report it with the command and the file"


def say_error(message: str) -> None:
    print(f"idx766: {message}", file=sys.stderr)


@contextmanager
def progress(total: int, what: str) -> Iterator[Callable[[str], None]]:
    if total < 2:
        yield lambda _name: None
        return
    console = Console(file=sys.stderr)
    with Progress(
        TextColumn(f"[bold]{what}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
        disable=not console.is_terminal,  # no bar in logs and pipes
    ) as progress:
        task = progress.add_task("", total=total)

        def advance(name: str) -> None:
            progress.update(task, advance=1, description=name)

        yield advance


def registry_of(args: argparse.Namespace) -> Registry:
    registry = default_registry()
    return registry.with_files(*args.registry) if args.registry else registry


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


def parse_options(args: argparse.Namespace) -> ParseOptions:
    """The ParseOptions the command line asks for."""
    limits = {
        name: getattr(args, name) for name in LIMIT_FLAGS if getattr(args, name, None) is not None
    }
    return ParseOptions(
        province=getattr(args, "province", None),
        registry=registry_of(args),
        as_of=getattr(args, "as_of", None),
        period=getattr(args, "period", None),
        **limits,
    )


@frozen(kw_only=True)
class Parsed:
    """The records of the files that were read, and how many could not be (and why)."""

    records: list[Records]
    unreadable: int = 0
    bugs: int = 0

    @property
    def exit_code(self) -> int:
        """3 when idx766 failed on a file, 2 when a file could not be read, else 0."""
        return EXIT_BUG if self.bugs else (EXIT_UNREADABLE if self.unreadable else EXIT_OK)


def parse_all(files: Sequence[str], args: argparse.Namespace, what: str) -> Parsed:
    """Parse files, each in a worker process under ``--timeout``; errors are printed as one line
    each and counted, the other files still read. Records come back in the order given."""
    options = parse_options(args)
    paths = [Path(f) for f in files]
    pairs = [(p, file_sha256(p) if p.is_file() else "") for p in paths]
    jobs = getattr(args, "jobs", None) or min(len(paths), os.cpu_count() or 1)
    timeout = getattr(args, "timeout", None) or 120.0
    results: dict[Path, FileResult] = {}
    with progress(len(files), what) as advance:
        for result in parse_isolated(
            pairs, jobs=jobs, timeout=timeout, options=options, parser=args.parser
        ):
            results[result.path] = result
            advance(result.path.name)
    done: list[Records] = []
    unreadable = bugs = 0
    for path in paths:
        result = results[path]
        reason = " ".join((result.error_reason or "").split())
        if result.records_json is not None:
            done.append(loads(result.records_json))
        elif result.unexpected:
            bugs += 1
            say_error(f"{shown_path(path)}: internal error ({BUG_NOTE}): {reason}")
        else:
            unreadable += 1
            say_error(f"{shown_path(path)}: {result.error_kind}: {reason}")
    return Parsed(records=done, unreadable=unreadable, bugs=bugs)


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from exc


def unit_key(registry: Registry, text: str, *, among: Collection[str] | None = None) -> str:
    """The registry key of a unit the user typed (a key, a printed name, a name without
    diacritics). With ``among`` (the keys a panel holds), an ambiguous name is narrowed to
    those keys, then to the unit whose own name it is ("thai nguyen": the province, not
    "thành phố Thái Nguyên")."""
    if text in registry:
        return text
    found = resolve(registry, text)
    if found.unit is not None:
        return found.unit.key
    best = max((c.score for c in found.candidates), default=0.0)
    top = [c.unit for c in found.candidates if c.score == best]
    if among is not None:
        top = [u for u in top if u.key in among] or top
    if len(top) > 1:
        typed = fold(text)
        top = [u for u in top if fold(u.name) == typed] or top
    return top[0].key if len(top) == 1 else text
