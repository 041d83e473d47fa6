"""Commands on files: ``parse``, ``check``, and the lists ``checks`` and ``parsers``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from idx766.analysis.checks import CATALOGUE, catalogue_markdown, run_checks
from idx766.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNREADABLE,
    parse_all,
    say_error,
)
from idx766.frames import write_frames
from idx766.interchange import dump_value, dumps, finding_dict, to_dict
from idx766.model import Finding, Records, Severity
from idx766.parsers.registry import available_parsers, plugin_problems


def print_summary(records: Records, out: TextIO) -> None:
    console = Console(file=out, width=120, highlight=False)
    doc = records.document
    period = f"{doc.period_start} – {doc.period_end}" if doc.period_start else "-"
    console.print(
        f"[bold]{doc.source}[/bold]  {doc.kind.value}  period {period}  "
        f"province {doc.province or '-'}  parser {doc.parser}"
    )
    counts = ", ".join(
        f"{len(getattr(records, k))} {k}"
        for k in ("scores", "changes", "overdue", "pakn", "metrics", "targets", "findings")
    )
    console.print(counts)
    table = Table("unit", "level", "as of", "total", "rank", "components", "groups")
    for s in records.scores:
        comps = " ".join(f"{c.value}" for c in s.components) if s.components else ""
        rank = f"{s.rank}/{s.rank_of}" if s.rank and s.rank_of else (str(s.rank) if s.rank else "")
        table.add_row(
            s.unit.name,
            s.unit.level.value if s.unit.level else "",
            str(s.as_of or ""),
            str(s.total if s.total is not None else ""),
            rank,
            comps,
            ",".join(s.groups),
        )
    console.print(table)


def cmd_parse(args: argparse.Namespace) -> int:
    if args.format in ("parquet", "csv") and not args.output:
        say_error(f"--format {args.format} needs -o DIR")
        return EXIT_UNREADABLE
    parsed, failures = parse_all(args.files, args, "parsing")
    if args.format == "json":
        if len(args.files) == 1 and parsed:
            print(dumps(parsed[0]))
        elif len(args.files) > 1:
            print(dump_value([to_dict(r) for r in parsed]))
    elif args.format in ("parquet", "csv"):
        base = Path(args.output)
        for records in parsed:
            target = base if len(args.files) == 1 else base / Path(records.document.source).stem
            write_frames(records, target, fmt=args.format)
    else:
        for records in parsed:
            print_summary(records, sys.stdout)
    return EXIT_UNREADABLE if failures else EXIT_OK


def print_findings(findings: Sequence[Finding], source: str) -> None:
    for f in findings:
        where = f.location.describe() if f.location else source
        print(f"{f.severity.value:7} {f.check:28} {where}: {f.message}")


def cmd_check(args: argparse.Namespace) -> int:
    only = [c.strip() for c in args.only.split(",")] if args.only else None
    enable = [c.strip() for c in args.enable.split(",")] if args.enable else []
    unknown = (set(only or ()) | set(enable)) - set(CATALOGUE)
    if unknown:
        say_error(f"unknown check(s): {', '.join(sorted(unknown))} (see the checks catalogue)")
        return EXIT_UNREADABLE
    parsed, failures = parse_all(args.files, args, "checking")
    any_error = False
    results: list[dict[str, Any]] = []
    for records in parsed:
        findings = run_checks(records, only=only, enable=enable)
        any_error = any_error or any(f.severity == Severity.ERROR for f in findings)
        if args.format == "json":
            doc = to_dict(records)
            results.append(
                {
                    "file": records.document.source,
                    "findings": [finding_dict(f) for f in findings],
                    "document": doc["document"],
                }
            )
        else:
            print_findings(findings, records.document.source)
            errors = sum(1 for f in findings if f.severity == Severity.ERROR)
            print(f"{records.document.source}: {errors} errors, {len(findings) - errors} warnings")
    if args.format == "json":
        print(dump_value(results[0] if len(args.files) == 1 and results else results))
    if failures:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if any_error else EXIT_OK


def cmd_checks(args: argparse.Namespace) -> int:
    if args.format == "markdown":
        print(catalogue_markdown(), end="")
        return EXIT_OK
    for code, entry in CATALOGUE.items():
        runs = "parser" if entry.run is None else ("default" if entry.default else "opt-in")
        print(f"{code:28} {entry.severity.value:8} {runs:8} {entry.title}")
    return EXIT_OK


def cmd_parsers(args: argparse.Namespace) -> int:
    for entry in available_parsers():
        p = entry.parser
        print(f"{p.name:20} {entry.origin:20} {' '.join(p.suffixes):12} {p.description}")
    for problem in plugin_problems():
        print(f"# not loaded: {problem.entry_point}: {problem.reason}")
    return EXIT_OK
