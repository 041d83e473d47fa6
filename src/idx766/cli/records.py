"""Commands on files: ``parse``, ``check``, and the lists ``checks`` and ``parsers``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from idx766.batch import FileResult
from idx766.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, parse_all, say_error
from idx766.cli.output import Sheet, emit, write_csv
from idx766.components import COMPONENTS
from idx766.interchange import KINDS, document_dict, dump_value, dumps, finding_dict, to_dict
from idx766.model import Finding, Level, Records, Severity
from idx766.parsers.registry import available_parsers, plugin_problems
from idx766.present import value_label
from idx766.rows import record_rows

__all__ = ["cmd_check", "cmd_checks", "cmd_parse", "cmd_parsers", "kind_sheet"]

_COMPONENT_KEYS = tuple(c.key for c in COMPONENTS)
_LEVEL_ORDER = {lv.value: i for i, lv in enumerate(Level)}

TITLES: dict[str, tuple[str, str]] = {
    "documents": ("Văn bản", "Documents"),
    "scores": ("Điểm số", "Scores"),
    "changes": ("Biến động điểm", "Changes"),
    "overdue": ("Hồ sơ quá hạn", "Overdue dossiers"),
    "pakn": ("Phản ánh, kiến nghị (PAKN)", "Citizen feedback (PAKN)"),
    "metrics": ("Số liệu khác", "Other figures"),
    "targets": ("Chỉ tiêu", "Targets"),
    "findings": ("Phát hiện", "Findings"),
}

_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": (
        "source",
        "kind",
        "title",
        "number",
        "issue_date",
        "period_start",
        "period_end",
        "week",
        "province",
        "parser",
    ),
    "scores": (
        "unit",
        "level",
        "as_of",
        "period",
        "total",
        "rank",
        "rank_of",
        *_COMPONENT_KEYS,
        "groups",
    ),
    "changes": (
        "unit",
        "level",
        "component",
        "from",
        "to",
        "before",
        "after",
        "delta",
        "rank_before",
        "rank_after",
        "groups",
    ),
    "overdue": ("unit", "level", "as_of", "count"),
    "pakn": ("code", "sender", "received_on", "field", "unit"),
    "metrics": ("unit", "metric", "as_of", "value", "numerator", "denominator", "measure"),
    "targets": ("indicator", "op", "value", "unit"),
    "findings": ("severity", "check", "unit", "where", "message"),
}


_SORTED = frozenset({"scores", "findings"})


def _where(row: Mapping[str, Any], lang: str = "vi") -> str:
    words = (
        ("trang tính", "trang", "bảng", "dòng")
        if lang == "vi"
        else ("sheet", "page", "table", "row")
    )
    parts = [
        f"{word} {row[f'source_{key}']}"
        for word, key in zip(words, ("sheet", "page", "table", "row"), strict=True)
        if row.get(f"source_{key}") is not None
    ]
    return ", ".join(parts)


def _sort_key(kind: str, row: Mapping[str, Any]) -> tuple[Any, ...]:
    level = _LEVEL_ORDER.get(row.get("level") or "", len(_LEVEL_ORDER))
    if kind == "scores":
        total = row.get("total")
        return (
            row.get("source_file") or "",
            level,
            str(row.get("as_of") or ""),
            row.get("period") or "",
            row.get("rank") is None,
            row.get("rank") or 0,
            -(total if total is not None else -1),
        )
    if kind == "findings":
        return (row.get("source_file") or "", row.get("severity") != "error")
    return ()


def kind_sheet(kind: str, rows: Sequence[Mapping[str, Any]], *, files: int = 1) -> Sheet:
    """The sheet of one record kind: the columns people read, sorted by rank or total, empty
    columns left out; with several files a file column first."""
    keep = [c for c in _COLUMNS[kind] if any(r.get(c) not in (None, [], "") for r in rows)]
    if kind == "findings":
        rows = [{**r, "where": _where(r)} for r in rows]
    if files > 1:
        keep.insert(0, "source" if kind == "documents" else "source_file")
        keep = list(dict.fromkeys(keep))
    ordered = (
        sorted(rows, key=lambda r: _sort_key(kind, r)) if kind in ("scores", "findings") else rows
    )
    signed = ("delta",) if kind == "changes" else ()
    ranks = {"rank": "rank_of"} if kind == "scores" else {}
    return Sheet(
        name=kind, title=TITLES[kind], columns=keep, rows=ordered, signed=signed, ranks=ranks
    )


def _document_sheet(records: Records, lang: str) -> Sheet:
    doc = {**document_dict(records.document), **attrs.asdict(records.document, recurse=False)}
    counts = ", ".join(f"{len(getattr(records, k))} {k}" for k in KINDS)
    rows: list[dict[str, Any]] = [
        {"item": key, "value": value_label(key, v) if isinstance(v := doc[key], str) else v}
        for key in _COLUMNS["documents"]
        if doc[key]
    ]
    rows.append({"item": "records", "value": counts})
    return Sheet(
        name="document",
        title=(records.document.source, records.document.source),
        columns=("item", "value"),
        rows=rows,
    )


def _all_rows(parsed: Iterable[Records], kind: str) -> list[dict[str, Any]]:
    return [row for r in parsed for row in record_rows(kind, getattr(r, kind))]


def _list_item(records: Records) -> str:
    """A file's interchange object as an item of the JSON list (made in the worker)."""
    return dump_value(to_dict(records), level=1)


def _parse_json(args: argparse.Namespace) -> int:
    """``--format json``: one file's object, or a list of the files' objects, each written as
    soon as it and the files before it are read; the workers make the text."""
    if len(args.files) == 1:
        texts: list[str] = []
        parsed = parse_all(
            args.files,
            args,
            "parsing",
            each=lambda r: texts.append(r.records_json or ""),
            encode=dumps,
        )
        for text in texts:
            print(text)
        return parsed.exit_code
    written = 0

    def write(result: FileResult) -> None:
        nonlocal written
        head = ",\n  " if written else "[\n  "
        sys.stdout.write(head + (result.records_json or ""))
        written += 1

    parsed = parse_all(args.files, args, "parsing", each=write, encode=_list_item)
    sys.stdout.write("\n]\n" if written else "[]\n")
    return parsed.exit_code


def cmd_parse(args: argparse.Namespace) -> int:
    fmt = args.format
    if fmt in ("parquet", "csv", "xlsx") and not args.output:
        say_error(f"--format {fmt} needs -o {'FILE' if fmt == 'xlsx' else 'DIR'}")
        return EXIT_UNREADABLE
    files = len(args.files)
    if fmt == "json":
        return _parse_json(args)
    parsed = parse_all(args.files, args, "parsing")
    if fmt in ("parquet", "csv") and not getattr(args, "excel", False):
        from idx766.frames import write_frames

        base = Path(args.output)
        for records in parsed.records:
            target = base if files == 1 else base / Path(records.document.source).stem
            write_frames(records, target, fmt=fmt)  # polars, only for these formats
    elif fmt == "text":
        for records in parsed.records:
            sheets = [_document_sheet(records, args.lang)]
            sheets += [
                kind_sheet(kind, record_rows(kind, getattr(records, kind)))
                for kind in KINDS
                if getattr(records, kind)
            ]
            emit(args, sheets, frames={}, json_value=None)
    else:  # xlsx, csv --excel: every file's records of a kind in one sheet
        docs = [document_dict(r.document) for r in parsed.records]
        sheets = [kind_sheet("documents", docs, files=1)]
        sheets += [kind_sheet(kind, _all_rows(parsed.records, kind), files=files) for kind in KINDS]
        if fmt == "csv":
            out = Path(args.output)
            out.mkdir(parents=True, exist_ok=True)
            for sheet in sheets:
                write_csv(sheet, out / f"{sheet.name}.csv", args.lang)
        else:
            emit(args, sheets, frames={}, json_value=None)
    return parsed.exit_code


def _findings_rows(records: Records, findings: Sequence[Finding]) -> list[dict[str, Any]]:
    rows = record_rows("findings", findings)
    for row in rows:
        row["source_file"] = row["source_file"] or records.document.source
    return rows


def cmd_check(args: argparse.Namespace) -> int:
    from idx766.analysis.checks import CATALOGUE, run_checks

    only = [c.strip() for c in args.only.split(",")] if args.only else None
    enable = [c.strip() for c in args.enable.split(",")] if args.enable else []
    unknown = (set(only or ()) | set(enable)) - set(CATALOGUE)
    if unknown:
        say_error(f"unknown check(s): {', '.join(sorted(unknown))} (see `idx766 checks`)")
        return EXIT_UNREADABLE
    if args.format == "xlsx" and not args.output:
        say_error("--format xlsx needs -o FILE")
        return EXIT_UNREADABLE
    parsed = parse_all(args.files, args, "checking")
    any_error = False
    results: list[dict[str, Any]] = []
    sheets: list[Sheet] = []
    rows: list[dict[str, Any]] = []
    for records in parsed.records:
        findings = run_checks(records, only=only, enable=enable)
        errors = sum(1 for f in findings if f.severity == Severity.ERROR)
        any_error = any_error or errors > 0
        results.append(
            {
                "file": records.document.source,
                "findings": [finding_dict(f) for f in findings],
                "document": to_dict(records)["document"],
            }
        )
        file_rows = _findings_rows(records, findings)
        rows += file_rows
        sheet = kind_sheet("findings", file_rows)
        summary = (
            f"{errors} lỗi, {len(findings) - errors} cảnh báo"
            if args.lang == "vi"
            else f"{errors} errors, {len(findings) - errors} warnings"
        )
        sheets.append(
            Sheet(
                name="findings",
                title=(
                    f"{records.document.source}: {summary}",
                    f"{records.document.source}: {summary}",
                ),
                columns=sheet.columns,
                rows=sheet.rows,
            )
        )
    if args.format == "xlsx":
        sheets = [kind_sheet("findings", rows, files=2)]
    json_value = results[0] if len(args.files) == 1 and results else results
    code = emit(args, sheets, frames={}, json_value=json_value)
    if code != EXIT_OK:
        return code
    if parsed.exit_code != EXIT_OK:
        return parsed.exit_code
    return EXIT_FINDINGS if any_error else EXIT_OK


def cmd_checks(args: argparse.Namespace) -> int:
    from idx766.analysis.checks import CATALOGUE, catalogue_markdown

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
