"""What the commands share: parsing files in workers with progress, options, units.

Exit codes and the one-line error are re-exported from :mod:`idx766.cli.exits`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from attrs import frozen

from idx766.batch import Encoder, FileResult, parse_isolated
from idx766.cli.exits import (
    BUG_NOTE,
    EXIT_BUG,
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNREADABLE,
    say_error,
)
from idx766.cli.options import LIMIT_FLAGS
from idx766.errors import shown_path
from idx766.hashing import file_sha256
from idx766.model import Records
from idx766.parsers.base import ParseOptions
from idx766.text import fold
from idx766.units import Registry, default_registry, resolve

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_UNREADABLE",
    "Parsed",
    "parse_all",
    "parse_options",
    "progress",
    "registry_of",
    "say_error",
    "unit_key",
]


@contextmanager
def progress(total: int, what: str) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr for several files (none in logs and pipes)."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda _name: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(file=sys.stderr)
    with Progress(
        TextColumn(f"[bold]{what}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=total)

        def advance(name: str) -> None:
            bar.update(task, advance=1, description=name)

        yield advance


def registry_of(args: argparse.Namespace) -> Registry:
    registry = default_registry()
    return registry.with_files(*args.registry) if args.registry else registry


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


def parse_all(
    files: Sequence[str],
    args: argparse.Namespace,
    what: str,
    *,
    each: Callable[[FileResult], None] | None = None,
    encode: Encoder | None = None,
) -> Parsed:
    """Parse files, each in a worker process under ``--timeout``; errors are printed as one line
    each and counted, the other files still read. Records come back in the order given.

    ``each`` is called with the result of each file read, in that order, as soon as the file
    and those before it are read (output written while the workers read the next files). With
    ``encode`` the workers hand back the text it makes of the records (``records_json``), not
    the records: ``Parsed.records`` is then empty."""
    options = parse_options(args)
    paths = [Path(f) for f in files]
    pairs = [(p, file_sha256(p) if p.is_file() else "") for p in paths]
    jobs = getattr(args, "jobs", None) or min(len(paths), os.cpu_count() or 1)
    timeout = getattr(args, "timeout", None) or 120.0
    results: dict[Path, FileResult] = {}
    done: list[Records] = []
    unreadable = bugs = 0
    ready = 0  # the files, in the order given, whose results have been handed on

    def hand_on() -> None:
        nonlocal ready, unreadable, bugs
        while ready < len(paths) and paths[ready] in results:
            path = paths[ready]
            result = results[path]
            ready += 1
            reason = " ".join((result.error_reason or "").split())
            if result.ok:
                if result.records is not None:
                    done.append(result.records)
                if each is not None:
                    each(result)
            elif result.unexpected:
                bugs += 1
                say_error(f"{shown_path(path)}: internal error ({BUG_NOTE}): {reason}")
            else:
                unreadable += 1
                say_error(f"{shown_path(path)}: {result.error_kind}: {reason}")

    with progress(len(files), what) as advance:
        for result in parse_isolated(
            pairs,
            jobs=jobs,
            timeout=timeout,
            options=options,
            parser=args.parser,
            as_json=False,
            encode=encode,
        ):
            results[result.path] = result
            advance(result.path.name)
            if each is not None:
                hand_on()
    hand_on()
    return Parsed(records=done, unreadable=unreadable, bugs=bugs)


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
