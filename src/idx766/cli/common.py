"""What the commands share: exit codes, one-line errors, progress, printing frames."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import polars as pl
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from idx766.batch import FileResult, parse_isolated
from idx766.hashing import file_sha256
from idx766.interchange import dump_value, loads
from idx766.model import Records
from idx766.parsers.base import ParseOptions
from idx766.units import Registry, default_registry, resolve

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


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


def parse_all(
    files: Sequence[str], args: argparse.Namespace, what: str
) -> tuple[list[Records], int]:
    """Parse files, each in a worker process under ``--timeout``; errors are printed as one line
    each and counted, the other files still read. Records come back in the order given."""
    options = ParseOptions(province=args.province, registry=registry_of(args))
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
    failures = 0
    for path in paths:
        result = results[path]
        if result.records_json is not None:
            done.append(loads(result.records_json))
        else:
            failures += 1
            say_error(
                f"{path}: {result.error_kind}: {' '.join((result.error_reason or '').split())}"
            )
    return done, failures


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from exc


def unit_key(registry: Registry, text: str) -> str:
    if text in registry:
        return text
    found = resolve(registry, text)
    return found.unit.key if found.unit else text


def print_frame(frame: pl.DataFrame, fmt: str) -> None:
    if fmt == "json":
        print(dump_value(frame.to_dicts()))
    elif fmt == "csv":
        print(frame.write_csv(), end="")
    else:
        with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_width_chars=160):
            print(frame)
