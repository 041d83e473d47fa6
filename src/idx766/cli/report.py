"""``idx766 report``: the weekly report, a commendation letter or a chat bulletin from data.

``idx766 report OLD NEW -o FILE.docx`` compares the scores of the OLD files' date with the NEW
files' (portal files or reports; ``--with FILE`` adds a national ranking, overdue dossiers or
PAKN at their own dates); ``--panel P --from D1 --to D2`` takes both dates from a panel.
``--xlsx FILE`` writes the report's tables as a workbook too. A figure the input itself gets
wrong (a total that is not the sum of its components, say) is printed as the input gives it
and named on stderr, with exit code 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from idx766.analysis.checks import run_checks
from idx766.cli.common import parse_all, registry_of
from idx766.cli.exits import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, say_error
from idx766.cli.output import Sheet, write_xlsx
from idx766.errors import Idx766Error, shown_path
from idx766.model import Document, DocumentKind, Records, Severity
from idx766.panel import Panel
from idx766.panel.combine import combine
from idx766.present import value_label
from idx766.report import Letterhead, WeeklyData, chat_text, report_data, weekly_data, write_docx

__all__ = ["cmd_report", "report_sheets"]


def _read(files: Sequence[str], args: argparse.Namespace) -> tuple[list[Records], int]:
    # --province names the report's province; the files are read as they state themselves
    reading = argparse.Namespace(**{**vars(args), "province": None})
    parsed = parse_all(files, reading, "reading")
    return parsed.records, parsed.exit_code


def _from_files(args: argparse.Namespace) -> tuple[WeeklyData, list[Records]] | int:
    if not (args.old and args.new):
        say_error("give OLD and NEW files, or --panel with --from and --to")
        return EXIT_UNREADABLE
    old, code_old = _read([args.old], args)
    new, code_new = _read([args.new], args)
    extra, code_extra = _read(args.extra, args) if args.extra else ([], 0)
    code = max(code_old, code_new, code_extra)
    if code or not old or not new:
        return code or EXIT_UNREADABLE
    try:
        data = report_data(
            old,
            new,
            extra=extra,
            province=args.province,
            top=args.top,
            department_top=args.department_top,
            week=args.week,
            registry=registry_of(args),
        )
    except ValueError as exc:
        say_error(str(exc))
        return EXIT_UNREADABLE
    return data, [*old, *new, *extra]


def _from_panel(args: argparse.Namespace) -> WeeklyData | int:
    if args.old or args.new or args.date_from is None or args.date_to is None:
        say_error("--panel takes --from DATE and --to DATE, and no OLD or NEW file")
        return EXIT_UNREADABLE
    try:
        panel = Panel(args.panel, registry=registry_of(args))
        overdue = panel.table("overdue").collect()
        pakn = panel.table("pakn").collect()
        return weekly_data(
            panel.scores,
            before=args.date_from,
            after=args.date_to,
            province=args.province,
            overdue=overdue if not overdue.is_empty() else None,
            pakn=pakn if not pakn.is_empty() else None,
            top=args.top,
            department_top=args.department_top,
            week=args.week,
            registry=panel.registry,
        )
    except Idx766Error as exc:
        say_error(exc.one_line())
    except OSError as exc:
        say_error(f"{shown_path(args.panel)}: cannot read the panel: {exc.strerror or exc}")
    except ValueError as exc:
        say_error(str(exc))
    return EXIT_UNREADABLE


def _input_errors(records: list[Records]) -> int:
    """Name on stderr the errors the input's own figures hold (the report prints them as the
    input gives them); the number of errors."""
    if not records:
        return 0
    combined = combine(records)
    document = Document(kind=DocumentKind.UNKNOWN, source="(input)", sha256="", parser="")
    findings = run_checks(
        Records(
            document=document,
            scores=combined.scores,
            changes=combined.changes,
            overdue=combined.overdue,
            pakn=combined.pakn,
            metrics=combined.metrics,
            targets=combined.targets,
            findings=combined.findings,
        )
    )
    errors = [f for f in findings if f.severity == Severity.ERROR]
    for f in errors:
        where = f.location.describe() if f.location else ""
        say_error(f"input: {f.check}: {f.message}" + (f" ({where})" if where else ""))
    if errors:
        say_error(
            f"the input holds {len(errors)} error(s); the report prints its figures as the "
            "input gives them"
        )
    return len(errors)


def report_sheets(data: WeeklyData) -> list[Sheet]:
    """The report's tables as sheets (for ``--xlsx``)."""
    sheets: list[Sheet] = []
    province = data.province
    if province is not None:
        rows: list[dict[str, Any]] = []
        for comp in data.methodology.components:
            now = province.components_after.get(comp.key)
            then = province.components_before.get(comp.key)
            if now is None:
                continue
            rows.append(
                {
                    "component": comp.key,
                    "before": then,
                    "after": now,
                    "delta": None if then is None else now - then,
                }
            )
        rows.append(
            {
                "component": "total",
                "before": province.before,
                "after": province.after,
                "delta": province.delta,
            }
        )
        sheets.append(
            Sheet(
                name="province",
                title=(f"Tỉnh {province.name}", f"Province {province.name}"),
                columns=("component", "before", "after", "delta"),
                rows=[
                    {**r, "component": "Tổng điểm" if r["component"] == "total" else r["component"]}
                    for r in rows
                ],
                signed=("delta",),
            )
        )
    if data.ranking is not None:
        sheets.append(
            Sheet(
                name="ranking",
                title=("Xếp hạng toàn quốc", "National ranking"),
                columns=("rank", "unit", "total", "gap"),
                rows=[
                    {"rank": r.rank, "unit": r.name, "total": r.total, "gap": r.gap}
                    for r in data.ranking.rows
                ],
                signed=("gap",),
            )
        )
    keys = list(data.methodology.keys)
    for section in data.levels:
        level = section.level.value
        vi, en = value_label("level", level, "vi"), value_label("level", level, "en")
        table = [
            {
                "rank": u.rank,
                "unit": u.name,
                "before": u.before,
                "after": u.after,
                "delta": u.delta,
                **{k: u.components.get(k) for k in keys},
            }
            for u in section.units
        ]
        sheets.append(
            Sheet(
                name=f"{level}",
                title=(f"Xếp hạng - {vi}", f"Ranking - {en}"),
                columns=("rank", "unit", "before", "after", "delta", *keys),
                rows=table,
                signed=("delta",),
            )
        )
        for group, titles in (
            ("leaders", ("Dẫn đầu", "Leaders")),
            ("laggards", ("Cần cải thiện", "Laggards")),
            ("gainers", ("Tăng điểm cao", "Gainers")),
        ):
            units = section.group(group)
            if not units:
                continue
            sheets.append(
                Sheet(
                    name=f"{level}-{group}",
                    title=(f"{titles[0]} - {vi}", f"{titles[1]} - {en}"),
                    columns=("rank", "unit", "before", "after", "delta"),
                    rows=[
                        {
                            "rank": u.rank,
                            "unit": u.name,
                            "before": u.before,
                            "after": u.after,
                            "delta": u.delta,
                        }
                        for u in units
                    ],
                    signed=("delta",),
                )
            )
    if data.overdue:
        sheets.append(
            Sheet(
                name="overdue",
                title=("Hồ sơ quá hạn", "Overdue dossiers"),
                columns=("unit", "as_of", "count"),
                rows=[
                    {"unit": o.name, "as_of": data.overdue_as_of, "count": o.count}
                    for o in data.overdue
                ],
            )
        )
    if data.pakn:
        sheets.append(
            Sheet(
                name="pakn",
                title=("PAKN chờ trả lời", "PAKN awaiting an answer"),
                columns=("code", "sender", "received_on", "field", "unit", "due", "overdue"),
                rows=[
                    {
                        "code": p.code,
                        "sender": p.sender,
                        "received_on": p.received_on,
                        "field": p.sector,
                        "unit": p.unit,
                        "due": p.due,
                        "overdue": p.overdue,
                    }
                    for p in data.pakn
                ],
            )
        )
    return sheets


def cmd_report(args: argparse.Namespace) -> int:
    records: list[Records] = []
    if args.panel:
        got_panel = _from_panel(args)
        if isinstance(got_panel, int):
            return got_panel
        data = got_panel
    else:
        got = _from_files(args)
        if isinstance(got, int):
            return got
        data, records = got
    if args.template != "chat" and not args.output:
        say_error(f"--template {args.template} needs -o FILE.docx")
        return EXIT_UNREADABLE
    letter = Letterhead(signer=args.signer)
    if args.template == "chat":
        text = chat_text(data)
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    else:
        write_docx(data, args.output, template=args.template, letter=letter)
    if args.xlsx:
        write_xlsx(report_sheets(data), Path(args.xlsx), args.lang)
    return EXIT_FINDINGS if _input_errors(records) else EXIT_OK
