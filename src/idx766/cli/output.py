"""What the commands print and write: tables for people, workbooks for Excel, frames for programs.

Every command builds :class:`Sheet` objects (a title, columns, rows of plain values) and hands
them to :func:`emit`, which prints them as tables with Vietnamese (or English) headers, numbers
the Vietnamese way and dates dd/mm/yyyy, or writes them to an ``.xlsx`` workbook (one sheet
each) or an Excel-ready CSV. Machine formats (``json``, ``csv``, ``parquet``) are written from
the frames the command passes alongside, unchanged: snake_case columns, ISO dates, dot decimals.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from attrs import field, frozen

from idx766.cli.common import EXIT_OK, EXIT_UNREADABLE, say_error
from idx766.interchange import dump_value
from idx766.numbers import places
from idx766.present import Lang, column_label, format_value

if TYPE_CHECKING:
    import polars as pl

__all__ = ["Sheet", "emit", "format_table", "render_text", "write_csv", "write_xlsx"]

_TEXT_OVERFLOW_WIDTH = 160  # the width of tables printed to a file or a pipe


def _names(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _rows(values: Iterable[Mapping[str, Any]]) -> tuple[Mapping[str, Any], ...]:
    return tuple(values)


def _name_set(values: Iterable[str]) -> frozenset[str]:
    return frozenset(values)


@frozen(kw_only=True)
class Sheet:
    """One table of output: its title (Vietnamese, English), columns and rows.

    ``signed`` columns print their sign ("+0,35"); ``ranks`` pairs a rank column with the
    column of its N, printed together as "5/34" in text (two numeric columns in a workbook);
    ``notes`` are printed under the title (a partial list that is not a ranking...).
    """

    name: str
    title: tuple[str, str]
    columns: tuple[str, ...] = field(converter=_names)
    rows: tuple[Mapping[str, Any], ...] = field(converter=_rows)
    signed: frozenset[str] = field(default=frozenset(), converter=_name_set)
    ranks: Mapping[str, str] = field(factory=dict)
    notes: tuple[str, ...] = field(default=(), converter=_names)

    @classmethod
    def of_frame(
        cls,
        name: str,
        title: tuple[str, str],
        frame: pl.DataFrame,
        *,
        columns: Sequence[str] | None = None,
        signed: Sequence[str] = (),
        ranks: Mapping[str, str] | None = None,
        notes: Sequence[str] = (),
    ) -> Sheet:
        """A sheet of a frame's rows (``columns``: which, in order; default all)."""
        cols = [c for c in (columns or frame.columns) if c in frame.columns]
        return cls(
            name=name,
            title=title,
            columns=cols,
            rows=frame.select(cols).to_dicts(),
            signed=signed,
            ranks=ranks or {},
            notes=notes,
        )

    def label(self, lang: Lang) -> str:
        """The title in a language."""
        return self.title[0 if lang == "vi" else 1]


# -- text ---------------------------------------------------------------------------------


def terminal_width(out: TextIO) -> int:
    """The width tables are fitted to: the terminal's, else ``COLUMNS``, else 160."""
    if out.isatty():
        return shutil.get_terminal_size((_TEXT_OVERFLOW_WIDTH, 24)).columns
    return int(os.environ.get("COLUMNS") or 0) or _TEXT_OVERFLOW_WIDTH


def _is_number(value: Any) -> bool:
    return isinstance(value, Decimal | int | float) and not isinstance(value, bool)


def _text_cell(sheet: Sheet, row: Mapping[str, Any], column: str, lang: Lang) -> str:
    text = format_value(row.get(column), column=column, lang=lang, signed=column in sheet.signed)
    of = sheet.ranks.get(column)
    if of is not None and text and row.get(of) is not None:
        text = f"{text}/{format_value(row[of], lang=lang)}"
    return text


def _fit(natural: list[int], floor: list[int], width: int) -> list[int]:
    """Column widths that fit ``width`` (two spaces between columns): the widest columns give
    way first, none below its ``floor`` (its longest word, or its widest number)."""
    widths = list(natural)
    room = width - 2 * (len(widths) - 1)
    while sum(widths) > room:
        shrinkable = [i for i, w in enumerate(widths) if w > floor[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def _lines(text: str, width: int) -> list[str]:
    if len(text) <= width:
        return [text]
    # a word breaks only when it is longer than any column may be (40 characters)
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def format_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool], width: int
) -> str:
    """A plain-text table: headers, a rule, rows; numbers right-aligned and never wrapped,
    names and headers wrapped between words (never inside one) to fit ``width``."""
    columns = range(len(headers))
    natural = [max([len(headers[i]), *(len(r[i]) for r in rows)]) for i in columns]
    floor = [
        natural[i]
        if numeric[i]
        else min(40, max([*(len(w) for r in rows for w in r[i].split()), 1]))
        for i in columns
    ]
    floor = [max(f, *(len(w) for w in headers[i].split())) for i, f in enumerate(floor)]
    widths = _fit(natural, floor, width)

    def block(cells: Sequence[str]) -> list[str]:
        wrapped = [_lines(c, widths[i]) for i, c in enumerate(cells)]
        height = max(len(w) for w in wrapped)
        out = []
        for k in range(height):
            parts = []
            for i in columns:
                piece = wrapped[i][k] if k < len(wrapped[i]) else ""
                parts.append(piece.rjust(widths[i]) if numeric[i] else piece.ljust(widths[i]))
            out.append("  ".join(parts).rstrip())
        return out

    lines = block(headers)
    lines.append("  ".join("─" * w for w in widths))
    for row in rows:
        lines += block(row)
    return "\n".join(lines)


def render_text(sheets: Sequence[Sheet], out: TextIO, lang: Lang) -> None:
    """Print each sheet as a table; numbers right-aligned, names wrapped between words."""
    width = terminal_width(out)
    for sheet in sheets:
        print(sheet.label(lang), file=out)
        for note in sheet.notes:
            print(f"! {note}", file=out)
        if not sheet.rows:
            print("(không có)" if lang == "vi" else "(none)", file=out)
            print(file=out)
            continue
        shown = [c for c in sheet.columns if c not in sheet.ranks.values()]
        cells = [[_text_cell(sheet, row, c, lang) for c in shown] for row in sheet.rows]
        numeric = [c in sheet.ranks or any(_is_number(r.get(c)) for r in sheet.rows) for c in shown]
        headers = [column_label(c, lang) for c in shown]
        print(format_table(headers, cells, numeric, width), file=out)
        print(file=out)


# -- Excel ---------------------------------------------------------------------------------


def _sheet_name(title: str, taken: set[str]) -> str:
    name = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()[:31] or "Sheet"
    base, n = name, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def write_xlsx(sheets: Sequence[Sheet], path: Path, lang: Lang) -> None:
    """A workbook with one worksheet per sheet: headers in ``lang``, numbers stored as numbers
    with the decimals they were printed with, dates as dates, a frozen header row, an
    autofilter and column widths fitted to the content."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    try:
        _fill_workbook(workbook, sheets, lang)
    finally:
        try:
            workbook.close()
        except xlsxwriter.exceptions.FileCreateError as exc:  # the folder, permissions...
            cause = exc.args[0] if exc.args else exc
            why = getattr(cause, "strerror", None) or str(cause)
            raise OSError(getattr(cause, "errno", None), why, str(path)) from exc


def _fill_workbook(workbook: Any, sheets: Sequence[Sheet], lang: Lang) -> None:
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    formats: dict[tuple[int, bool], Any] = {}

    def number_format(value: Decimal | int, signed: bool) -> Any:
        n = places(value) if isinstance(value, Decimal) else 0
        key = (n, signed)
        if key not in formats:
            body = "0" + ("." + "0" * n if n else "")
            spec = f"+{body};-{body};{body}" if signed else body
            formats[key] = workbook.add_format({"num_format": spec})
        return formats[key]

    taken: set[str] = set()
    for sheet in sheets:
        ws = workbook.add_worksheet(_sheet_name(sheet.label(lang), taken))
        widths = [len(column_label(c, lang)) for c in sheet.columns]
        for col, column in enumerate(sheet.columns):
            ws.write_string(0, col, column_label(column, lang), header)
        for r, row in enumerate(sheet.rows, start=1):
            for col, column in enumerate(sheet.columns):
                value = row.get(column)
                if value is None:
                    continue
                if isinstance(value, bool) or not isinstance(value, Decimal | int | float | date):
                    text = format_value(value, column=column, lang=lang)
                    ws.write_string(r, col, text)
                elif isinstance(value, date):
                    ws.write_datetime(r, col, value, day)
                    text = "00/00/0000"
                else:
                    number = value if isinstance(value, Decimal) else Decimal(str(value))
                    fmt = number_format(number, column in sheet.signed)
                    ws.write_number(r, col, float(number), fmt)
                    text = format_value(number, lang=lang, signed=column in sheet.signed)
                widths[col] = max(widths[col], len(text))
        for col, width in enumerate(widths):
            ws.set_column(col, col, min(max(width, 6), 60) + 2)
        ws.freeze_panes(1, 0)
        if sheet.columns:
            ws.autofilter(0, 0, max(len(sheet.rows), 1), len(sheet.columns) - 1)


# -- CSV -----------------------------------------------------------------------------------


def _csv_cell(value: Any, column: str, lang: Lang, signed: bool) -> str:
    text = format_value(value, column=column, lang="vi" if lang == "vi" else "en", signed=signed)
    if _is_number(value):
        # comma decimals, no thousands separator: what Excel in a Vietnamese locale reads
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        text = format(number, "f").replace(".", ",")
        text = f"+{text}" if signed and number > 0 else text
    if any(ch in text for ch in ';"\n\r'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def write_csv(sheet: Sheet, path: Path, lang: Lang) -> None:
    """An Excel-ready CSV: UTF-8 with BOM, ``;`` separators, comma decimals, dd/mm/yyyy."""
    lines = [";".join(_csv_cell(column_label(c, lang), "", lang, False) for c in sheet.columns)]
    for row in sheet.rows:
        lines.append(
            ";".join(_csv_cell(row.get(c), c, lang, c in sheet.signed) for c in sheet.columns)
        )
    path.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8", newline="")


# -- the formats together ------------------------------------------------------------------


def _machine_csv(frame: pl.DataFrame) -> pl.DataFrame:
    import polars as pl

    nested = [c for c, t in frame.schema.items() if isinstance(t, pl.List)]
    return frame.with_columns(pl.col(c).list.join(";") for c in nested)


def emit(
    args: argparse.Namespace,
    sheets: Sequence[Sheet],
    *,
    frames: Mapping[str, pl.DataFrame],
    json_value: Any,
) -> int:
    """Print or write the command's result in ``args.format``; returns the exit code.

    ``sheets`` are for people (text, xlsx, ``csv --excel``); ``frames`` (by sheet name) and
    ``json_value`` for programs.
    """
    fmt: str = args.format
    lang: Lang = getattr(args, "lang", "vi")
    output = Path(args.output) if getattr(args, "output", None) else None
    excel = getattr(args, "excel", False)
    if fmt == "text":
        render_text(sheets, sys.stdout, lang)
        return EXIT_OK
    for sheet in sheets:  # what a table would say under its title, said on stderr
        for note in sheet.notes:
            say_error(f"{sheet.label(lang)}: {note}")
    if fmt == "json":
        print(dump_value(json_value))
        return EXIT_OK
    if fmt in ("xlsx", "parquet") and output is None:
        say_error(f"--format {fmt} needs -o FILE")
        return EXIT_UNREADABLE
    if fmt == "xlsx":
        assert output is not None
        write_xlsx(sheets, output, lang)
        return EXIT_OK
    many = len(frames) > 1
    if many and output is None:
        say_error(f"--format {fmt} of several tables needs -o DIR")
        return EXIT_UNREADABLE
    if fmt == "csv" and excel:
        for sheet in sheets:
            assert output is not None or not many
            target = output / f"{sheet.name}.csv" if many and output else output
            if target is None:
                say_error("--format csv --excel needs -o FILE")
                return EXIT_UNREADABLE
            if many:
                target.parent.mkdir(parents=True, exist_ok=True)
            write_csv(sheet, target, lang)
        return EXIT_OK
    for name, frame in frames.items():
        target = (output / f"{name}.{fmt}") if many and output else output
        if target is not None and many:
            target.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "parquet":
            assert target is not None
            frame.write_parquet(target)
        elif target is None:
            print(_machine_csv(frame).write_csv(), end="")
        else:
            _machine_csv(frame).write_csv(target)
    return EXIT_OK
