"""The ``idx766`` command: parse, check, ingest a panel and query it, parsers, units, checks.

Exit codes: 0 fine; 1 ``check`` found errors; 2 a file could not be read (one line on stderr
naming the file and the reason, never a traceback) or the command line was wrong. With several
files a progress bar runs on stderr and one bad file does not stop the others.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import polars as pl
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from idx766 import __version__
from idx766.analysis.checks import CATALOGUE, catalogue_markdown, run_checks
from idx766.api import parse
from idx766.batch import FileResult
from idx766.errors import Idx766Error
from idx766.frames import write_frames
from idx766.interchange import dump_value, dumps, finding_dict, to_dict
from idx766.model import Finding, Level, Records, Severity
from idx766.panel import Panel, find_files, ingest
from idx766.parsers.base import ParseOptions
from idx766.parsers.registry import available_parsers, plugin_problems
from idx766.units import Registry, RegistryUnit, default_registry, resolve

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def _say_error(message: str) -> None:
    print(f"idx766: {message}", file=sys.stderr)


@contextmanager
def _progress(total: int, what: str) -> Iterator[Callable[[str], None]]:
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
    ) as progress:
        task = progress.add_task("", total=total)

        def advance(name: str) -> None:
            progress.update(task, advance=1, description=name)

        yield advance


def _registry(args: argparse.Namespace) -> Registry:
    registry = default_registry()
    return registry.with_files(*args.registry) if args.registry else registry


def _parse_all(
    files: Sequence[str], args: argparse.Namespace, what: str
) -> tuple[list[Records], int]:
    options = ParseOptions(province=args.province, registry=_registry(args))
    done: list[Records] = []
    failures = 0
    with _progress(len(files), what) as advance:
        for name in files:
            try:
                done.append(parse(name, parser=args.parser, options=options))
            except Idx766Error as exc:
                failures += 1
                _say_error(exc.one_line())
            advance(Path(name).name)
    return done, failures


def _print_summary(records: Records, out: TextIO) -> None:
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


def _cmd_parse(args: argparse.Namespace) -> int:
    if args.format in ("parquet", "csv") and not args.output:
        _say_error(f"--format {args.format} needs -o DIR")
        return EXIT_UNREADABLE
    parsed, failures = _parse_all(args.files, args, "parsing")
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
            _print_summary(records, sys.stdout)
    return EXIT_UNREADABLE if failures else EXIT_OK


def _print_findings(findings: Sequence[Finding], source: str) -> None:
    for f in findings:
        where = f.location.describe() if f.location else source
        print(f"{f.severity.value:7} {f.check:28} {where}: {f.message}")


def _cmd_check(args: argparse.Namespace) -> int:
    only = [c.strip() for c in args.only.split(",")] if args.only else None
    enable = [c.strip() for c in args.enable.split(",")] if args.enable else []
    unknown = (set(only or ()) | set(enable)) - set(CATALOGUE)
    if unknown:
        _say_error(f"unknown check(s): {', '.join(sorted(unknown))} (see the checks catalogue)")
        return EXIT_UNREADABLE
    parsed, failures = _parse_all(args.files, args, "checking")
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
            _print_findings(findings, records.document.source)
            errors = sum(1 for f in findings if f.severity == Severity.ERROR)
            print(f"{records.document.source}: {errors} errors, {len(findings) - errors} warnings")
    if args.format == "json":
        print(dump_value(results[0] if len(args.files) == 1 and results else results))
    if failures:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if any_error else EXIT_OK


def _cmd_ingest(args: argparse.Namespace) -> int:
    options = ParseOptions(province=args.province, registry=_registry(args))
    files = find_files(args.paths)
    console = Console(file=sys.stderr)
    with Progress(
        TextColumn("[bold]ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[errors]} errors  {task.description}"),
        console=console,
        transient=True,
        disable=not files,
    ) as progress:
        task = progress.add_task("", total=len(files), errors=0)
        errors = 0

        def done(result: FileResult | None, path: Path) -> None:
            nonlocal errors
            if result is not None and not result.ok:
                errors += 1
                _say_error(f"{path}: {result.error_kind}: {result.error_reason}")
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


def _unit_key(registry: Registry, text: str) -> str:
    if text in registry:
        return text
    found = resolve(registry, text)
    return found.unit.key if found.unit else text


def _print_frame(frame: pl.DataFrame, fmt: str) -> None:
    if fmt == "json":
        print(dump_value(frame.to_dicts()))
    elif fmt == "csv":
        print(frame.write_csv(), end="")
    else:
        with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_width_chars=160):
            print(frame)


def _cmd_history(args: argparse.Namespace) -> int:
    try:
        panel = Panel(args.panel, registry=_registry(args))
    except FileNotFoundError as exc:
        _say_error(str(exc))
        return EXIT_UNREADABLE
    key = _unit_key(panel.registry, args.unit)
    columns = ["as_of", "period", "unit", "unit_key", "total", "rank", "rank_of", "source_count"]
    frame = panel.history(key, continued=args.continued).select(columns).collect()
    if frame.is_empty():
        _say_error(f"{args.unit!r} ({key}) has no scores in {args.panel}")
        return EXIT_FINDINGS
    _print_frame(frame, args.format)
    return EXIT_OK


def _cmd_trend(args: argparse.Namespace) -> int:
    try:
        panel = Panel(args.panel, registry=_registry(args))
    except FileNotFoundError as exc:
        _say_error(str(exc))
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
        ranked = ranked.filter(pl.col("unit_key") == _unit_key(panel.registry, args.unit))
    frame = (
        ranked.select("as_of", "unit", "unit_key", "total", "rank", "rank_computed", "units")
        .sort("as_of", "rank_computed")
        .collect()
    )
    _print_frame(frame, args.format)
    return EXIT_OK


def _cmd_checks(args: argparse.Namespace) -> int:
    if args.format == "markdown":
        print(catalogue_markdown(), end="")
        return EXIT_OK
    for code, entry in CATALOGUE.items():
        runs = "parser" if entry.run is None else ("default" if entry.default else "opt-in")
        print(f"{code:28} {entry.severity.value:8} {runs:8} {entry.title}")
    return EXIT_OK


def _cmd_parsers(args: argparse.Namespace) -> int:
    for entry in available_parsers():
        p = entry.parser
        print(f"{p.name:20} {entry.origin:20} {' '.join(p.suffixes):12} {p.description}")
    for problem in plugin_problems():
        print(f"# not loaded: {problem.entry_point}: {problem.reason}")
    return EXIT_OK


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from exc


def _unit_dict(u: RegistryUnit) -> dict[str, Any]:
    return {
        "unit_key": u.key,
        "name": u.name,
        "level": u.level.value,
        "province": u.province,
        "code": u.code,
        "valid_from": u.valid_from.isoformat() if u.valid_from else None,
        "valid_to": u.valid_to.isoformat() if u.valid_to else None,
        "successors": list(u.successors),
        "aliases": list(u.aliases),
    }


def _cmd_units(args: argparse.Namespace) -> int:
    registry = _registry(args)
    if args.province and registry.province_key(args.province) is None:
        _say_error(f"unknown province {args.province!r}")
        return EXIT_UNREADABLE
    units = registry.select(province=args.province, level=args.level, on=args.date)
    if args.format == "json":
        print(dump_value([_unit_dict(u) for u in units]))
        return EXIT_OK
    for u in units:
        valid = f"{u.valid_from or ''}..{u.valid_to or ''}" if u.valid_from or u.valid_to else ""
        then = f" -> {', '.join(u.successors)}" if u.successors else ""
        print(f"{u.key:48} {u.level.value:10} {u.code or '':7} {u.name}  {valid}{then}")
    return EXIT_OK


def _cmd_resolve(args: argparse.Namespace) -> int:
    registry = _registry(args)
    found = resolve(
        registry,
        args.name,
        level=Level(args.level) if args.level else None,
        province=args.province,
        on=args.date,
    )
    if args.format == "json":
        out: dict[str, Any] = {"printed": found.printed}
        if found.unit is not None:
            out.update(
                unit_key=found.unit.key,
                name=found.unit.name,
                level=found.unit.level.value,
                method=found.method,
                score=found.score,
            )
        else:
            out.update(
                unit_key=None,
                ambiguous=found.ambiguous,
                candidates=[
                    {"unit_key": c.unit.key, "name": c.unit.name, "score": round(c.score, 1)}
                    for c in found.candidates
                ],
            )
        print(dump_value(out))
        return EXIT_OK if found.unit is not None else EXIT_FINDINGS
    if found.unit is not None:
        score = f", score {found.score:.0f}" if found.method == "fuzzy" else ""
        print(
            f"{found.unit.key}  {found.unit.name}  ({found.unit.level.value}; "
            f"{found.method}{score})"
        )
        return EXIT_OK
    why = "ambiguous" if found.ambiguous else "not in the registry"
    print(f"{args.name!r}: {why}")
    for c in found.candidates:
        print(f"  {c.score:5.1f}  {c.unit.key}  {c.unit.name}")
    return EXIT_FINDINGS


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, exit 2, as for unreadable input
        self.print_usage(sys.stderr)
        _say_error(message)
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
    p_parse.set_defaults(func=_cmd_parse)

    p_check = sub.add_parser("check", help="run the consistency checks; exit 1 on errors")
    common(p_check)
    p_check.add_argument("--format", choices=("text", "json"), default="text")
    p_check.add_argument("--only", metavar="CODES", help="run only these checks (comma-separated)")
    p_check.add_argument("--enable", metavar="CODES", help="also run these opt-in checks")
    p_check.set_defaults(func=_cmd_check)

    p_list = sub.add_parser("parsers", help="list built-in and plugin parsers")
    p_list.set_defaults(func=_cmd_parsers)

    p_ingest = sub.add_parser("ingest", help="read an archive of files into a panel")
    p_ingest.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p_ingest.add_argument("-o", "--output", required=True, metavar="PANEL", help="panel folder")
    p_ingest.add_argument("--jobs", type=int, help="worker processes (default: all cores)")
    p_ingest.add_argument("--timeout", type=float, default=120.0, help="seconds per file")
    p_ingest.add_argument("--retry-failed", action="store_true", help="retry files that failed")
    p_ingest.add_argument("--province", help="the province, where a document does not say")
    registry_option(p_ingest)
    p_ingest.set_defaults(func=_cmd_ingest)

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
    p_history.set_defaults(func=_cmd_history)

    p_trend = sub.add_parser("trend", help="ranks over time of a level's units, from a panel")
    p_trend.add_argument("--panel", required=True, metavar="PANEL")
    p_trend.add_argument("--level", choices=[lv.value for lv in Level], default="province")
    p_trend.add_argument("--unit", help="only this unit (key or printed name)")
    p_trend.add_argument("--format", choices=("text", "json", "csv"), default="text")
    registry_option(p_trend)
    p_trend.set_defaults(func=_cmd_trend)

    p_checks = sub.add_parser("checks", help="list the checks catalogue")
    p_checks.add_argument("--format", choices=("text", "markdown"), default="text")
    p_checks.set_defaults(func=_cmd_checks)

    p_units = sub.add_parser("units", help="list the unit registry")
    p_units.add_argument("--province", help="only this province's units (key or name)")
    p_units.add_argument("--level", choices=[lv.value for lv in Level])
    p_units.add_argument("--date", type=_iso_date, help="only units that existed on this date")
    p_units.add_argument("--format", choices=("text", "json"), default="text")
    registry_option(p_units)
    p_units.set_defaults(func=_cmd_units)

    p_resolve = sub.add_parser(
        "resolve", help="show what a printed unit name resolves to (exit 1 when it does not)"
    )
    p_resolve.add_argument("name", metavar="NAME")
    p_resolve.add_argument("--level", choices=[lv.value for lv in Level])
    p_resolve.add_argument("--province", help="the province the name belongs to")
    p_resolve.add_argument("--date", type=_iso_date, help="the date the name was printed")
    p_resolve.add_argument("--format", choices=("text", "json"), default="text")
    registry_option(p_resolve)
    p_resolve.set_defaults(func=_cmd_resolve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code."""
    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
