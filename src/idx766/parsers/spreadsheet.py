"""Score tables exported as spreadsheets: XLSX (and XLS, ODS) through python-calamine, and CSV.

A sheet is read when one of its first rows is a header naming the units and the component groups
(any order, any label variant of :mod:`idx766.components`; a total, a rank, a portal unit code and
a row number are optional). The rows above the header are its title: the as-of date ("ngày
06/10/2026", "06/10/2026") and the period ("Năm 2026", "Tháng 8/2026") are read there.

Cells are read with their types. A numeric cell is exact; a number stored as text ("68,26",
"68.26", "2.777") is read in its column's style, decided from the column's tokens, else from the
whole sheet's; a token that reads two ways with no evidence either way ("2.777": 2.777 or 2777)
takes the Vietnamese convention (decimal comma, so 2777) and is reported as ``ambiguous-number``,
never silently. CSV files may be UTF-8 with or without a BOM or Windows-1258, separated by
commas, semicolons or tabs.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Sequence
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path

from attrs import evolve, frozen

from idx766.components import TOTAL, infer_methodology, match_label
from idx766.dates import DateFormatError, find_dates, parse_month
from idx766.errors import CorruptFileError, EncryptedFileError, NotAReportError, TooLargeError
from idx766.hashing import file_sha256
from idx766.model import (
    Document,
    DocumentKind,
    Finding,
    Level,
    Metric,
    Period,
    Provenance,
    Records,
    Severity,
    Snapshot,
)
from idx766.numbers import (
    MixedNumberStyleError,
    NumberFormatError,
    NumberStyle,
    infer_style,
    parse_decimal,
    parse_int,
)
from idx766.parsers.base import ParseOptions, Probe
from idx766.parsers.ole import refuse_ole
from idx766.parsers.portal.groups import decide_online
from idx766.parsers.portal.merge import merge_all
from idx766.parsers.portal.units import UnitMaker, level_of
from idx766.parsers.zipguard import check_zip
from idx766.text import clean, fold
from idx766.units import default_registry

__all__ = ["SpreadsheetParser", "decode_text"]

Cell = str | float | int | bool | date | time | timedelta | None
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADER_SEARCH_ROWS = 30
_DELIMITERS = (",", ";", "\t", "|")
_ROW_NUMBER = {"stt", "tt", "so tt", "so thu tu"}
_RANK = {"xep hang", "hang", "thu hang", "xh", "rank", "thu tu xep hang", "vi tri"}
_CODE = {"ma", "ma don vi", "ma dv", "code", "departmentcode", "ma tinh", "unit code"}
_NAME = {
    "ten",
    "ten don vi",
    "don vi",
    "co quan",
    "ten co quan",
    "co quan don vi",
    "tinh",
    "tinh thanh pho",
    "tinh thanh",
    "ten tinh",
    "dia phuong",
    "so ban nganh",
    "so nganh",
    "xa phuong",
    "xa phuong dac khu",
    "departmentname",
    "name",
    "unit",
}
_AGGREGATES = re.compile(r"^(ca nuoc|toan quoc|toan tinh|tong|tong cong|tong so|trung binh)\b")
_YEAR = re.compile(r"\bnam (\d{4})\b")


@frozen(kw_only=True)
class _Sheet:
    name: str | None
    rows: list[list[Cell]]


@frozen(kw_only=True)
class _Columns:
    name: int
    code: int | None
    rank: int | None
    scores: dict[str, int]  # component key or "total" -> column
    printed: dict[str, str]  # component key -> the header as printed


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]+", " ", fold(text)).split())


def _text(cell: Cell) -> str:
    if cell is None or isinstance(cell, bool):
        return ""
    if isinstance(cell, float):
        return repr(cell)
    return clean(str(cell))


# -- reading the file ---------------------------------------------------------------------------


def decode_text(data: bytes, path: Path) -> str:
    """CSV bytes as text: UTF-8 (with or without a BOM), UTF-16 with a BOM, else Windows-1258."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise CorruptFileError(path, f"not {encoding} text: {exc.reason}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise CorruptFileError(
            path, f"neither UTF-8 nor Windows-1258 text (byte {exc.start})"
        ) from exc


def _label_count(row: Sequence[str]) -> int:
    return sum(1 for cell in row if cell.strip() and match_label(cell) is not None)


def _read_csv(path: Path) -> list[_Sheet]:
    text = decode_text(path.read_bytes(), path)
    if "\x00" in text:
        raise CorruptFileError(path, "binary data in a CSV file")
    head = text.splitlines()[:_HEADER_SEARCH_ROWS]
    best: tuple[int, int, str] = (0, 0, ",")
    for delimiter in _DELIMITERS:
        try:
            rows = list(csv.reader(head, delimiter=delimiter))
        except csv.Error:
            continue
        for row in rows:
            score = (_label_count(row), len(row), delimiter)
            if score[:2] > best[:2]:
                best = score
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=best[2]))
    except csv.Error as exc:
        raise CorruptFileError(path, f"not a readable CSV file: {exc}") from exc
    return [_Sheet(name=None, rows=[list(r) for r in rows])]


def _read_workbook(path: Path, options: ParseOptions) -> list[_Sheet]:
    import python_calamine as calamine

    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(_OLE) and path.suffix.lower() in (".xlsx", ".xlsm"):
        refuse_ole(path, "workbook")
    if head.startswith(b"PK"):
        check_zip(path, options)
    try:
        workbook = calamine.CalamineWorkbook.from_path(str(path))
        sheets = []
        for name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets.append(_Sheet(name=name, rows=[list(r) for r in rows]))
    except calamine.PasswordError as exc:
        raise EncryptedFileError(path, f"the workbook is password-protected: {exc}") from exc
    except calamine.CalamineError as exc:
        raise CorruptFileError(path, f"not a readable workbook: {exc}") from exc
    return sheets


# -- the header and the title -------------------------------------------------------------------


def _columns(row: Sequence[Cell]) -> _Columns | None:
    name = code = rank = None
    scores: dict[str, int] = {}
    printed: dict[str, str] = {}
    for i, cell in enumerate(row):
        label = _text(cell)
        if not label:
            continue
        key = _key(label)
        match = match_label(label)
        if match is not None:
            if match.key not in scores:
                scores[match.key] = i
                printed[match.key] = label
        elif key in _RANK and rank is None:
            rank = i
        elif key in _CODE and code is None:
            code = i
        elif key in _NAME and name is None:
            name = i
    components = [k for k in scores if k != TOTAL]
    if name is None or len(components) < 2:
        return None
    return _Columns(name=name, code=code, rank=rank, scores=scores, printed=printed)


def _find_header(sheet: _Sheet) -> tuple[int, _Columns] | None:
    for r, row in enumerate(sheet.rows[:_HEADER_SEARCH_ROWS]):
        cols = _columns(row)
        if cols is not None:
            return r, cols
    return None


@frozen(kw_only=True)
class _Title:
    text: str
    as_of: date | None
    period: Period | None


def _title(rows: Sequence[Sequence[Cell]]) -> _Title:
    lines = [" ".join(t for c in row if (t := _text(c))) for row in rows]
    lines = [line for line in lines if line]
    text = " ".join(lines)
    found = find_dates(text)
    as_of = found[-1][2] if found else None
    rest = text
    for start, end, _ in reversed(found):
        rest = rest[:start] + " " + rest[end:]
    period = None
    month = re.search(r"tháng\s+\d{1,2}\s*(?:/|năm)\s*\d{4}", rest, re.IGNORECASE)
    if month:
        try:
            year, m = parse_month(month.group(0))
            period = Period.of_month(year, m)
        except DateFormatError:
            period = None
    if period is None and (y := _YEAR.search(fold(rest))):
        period = Period.of_year(int(y.group(1)))
    return _Title(text=lines[0] if lines else "", as_of=as_of, period=period)


# -- numbers ------------------------------------------------------------------------------------


class _BadCell(Exception):
    pass


def _column_style(tokens: list[str]) -> tuple[NumberStyle | None, bool]:
    """The column's style (None: no evidence) and whether it mixes both styles."""
    try:
        return infer_style(tokens), False
    except MixedNumberStyleError:
        return None, True


class _Numbers:
    """Reads the score cells of one sheet: typed numbers exactly, text in its column's style."""

    def __init__(self, sheet: _Sheet, data: range, cols: _Columns, where: Provenance) -> None:
        self.styles: dict[int, NumberStyle | None] = {}
        self.ambiguous: dict[int, str] = {}
        self.findings: list[Finding] = []
        tokens: dict[int, list[str]] = {}
        for r in data:
            row = sheet.rows[r]
            for i in cols.scores.values():
                value = row[i] if i < len(row) else None
                if isinstance(value, str) and value.strip():
                    tokens.setdefault(i, []).append(value.strip())
        sheet_tokens = [t for ts in tokens.values() for t in ts]
        sheet_style, _ = _column_style(sheet_tokens)
        for i, ts in tokens.items():
            style, mixed = _column_style(ts)
            label = next(k for k, c in cols.scores.items() if c == i)
            if mixed:
                self.findings.append(
                    Finding(
                        check="ambiguous-number",
                        severity=Severity.WARNING,
                        message=f"column {label!r} mixes decimal comma and dot",
                        location=where,
                    )
                )
            self.styles[i] = style or sheet_style

    def decimal(self, i: int, cell: Cell, where: Provenance) -> Decimal | None:
        if cell is None or cell == "":
            return None
        if isinstance(cell, bool | date | time | timedelta):
            raise _BadCell(f"{cell!r} is not a number")
        if isinstance(cell, int):
            return Decimal(cell)
        if isinstance(cell, float):
            value = Decimal(repr(cell))
            if not value.is_finite():
                raise _BadCell(f"{cell!r} is not a number")
            return value
        token = clean(str(cell))
        style = self.styles.get(i)
        if style is not None:
            try:
                return parse_decimal(token, style)
            except NumberFormatError as exc:
                raise _BadCell(str(exc)) from None
        fits = []
        for candidate in NumberStyle:
            try:
                fits.append((candidate, parse_decimal(token, candidate)))
            except NumberFormatError:
                continue
        if not fits:
            raise _BadCell(f"not a number: {token!r}")
        if len(fits) > 1 and fits[0][1] != fits[1][1] and i not in self.ambiguous:
            self.ambiguous[i] = token
            self.findings.append(
                Finding(
                    check="ambiguous-number",
                    severity=Severity.WARNING,
                    message=(
                        f"{token!r} reads as {fits[0][1]} (decimal comma) or {fits[1][1]} "
                        "(decimal dot) and nothing in the sheet decides: the Vietnamese "
                        "convention (decimal comma) was used"
                    ),
                    location=where,
                )
            )
        return dict(fits).get(NumberStyle.COMMA_DECIMAL, fits[0][1])


def _integer(cell: Cell) -> int | None:
    if cell is None or cell == "" or isinstance(cell, bool):
        return None
    if isinstance(cell, date | time | timedelta):
        raise _BadCell(f"{cell!r} is not a whole number")
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        if cell.is_integer():
            return int(cell)
        raise _BadCell(f"{cell!r} is not a whole number")
    try:
        return parse_int(clean(str(cell)))
    except NumberFormatError as exc:
        raise _BadCell(str(exc)) from None


# -- the parser ---------------------------------------------------------------------------------


class _SheetReader:
    def __init__(
        self, sheet: _Sheet, source: str, maker: UnitMaker, title: _Title, options: ParseOptions
    ) -> None:
        self.sheet = sheet
        self.source = source
        self.maker = maker
        self.title = title
        self.options = options
        self.scores: list[Snapshot] = []
        self.metrics: list[Metric] = []
        self.findings: list[Finding] = []

    def where(self, r: int | None) -> Provenance:
        return Provenance(file=self.source, sheet=self.sheet.name, row=None if r is None else r + 1)

    def read(self, header: int, cols: _Columns) -> None:
        data = range(header + 1, len(self.sheet.rows))
        numbers = _Numbers(self.sheet, data, cols, self.where(header))
        keys = self._online_keys(cols, numbers, data)
        ranked: list[int] = []
        for r in data:
            row = self.sheet.rows[r]
            try:
                if self._row(r, row, cols, numbers, keys):
                    ranked.append(len(self.scores) - 1)
            except _BadCell as exc:
                self.findings.append(
                    Finding(
                        check="skipped-row",
                        severity=Severity.WARNING,
                        message=f"row skipped: {exc}",
                        unit=_text(row[cols.name]) if cols.name < len(row) else None,
                        location=self.where(r),
                    )
                )
        self.findings.extend(numbers.findings)
        self._rank_of(ranked)

    def _rank_of(self, ranked: list[int]) -> None:
        """The size of the ranking: the whole sheet's, or each level's when ranks restart."""
        ranks = [self.scores[i].rank or 0 for i in ranked]
        groups: dict[Level | None, list[int]]
        if ranked and len(set(ranks)) == len(ranks) and max(ranks) <= len(ranks):
            groups = {None: ranked}
        else:
            groups = {}
            for i in ranked:
                groups.setdefault(self.scores[i].unit.level, []).append(i)
        for members in groups.values():
            n = len(members)
            if max(self.scores[i].rank or 0 for i in members) <= n:
                for i in members:
                    self.scores[i] = evolve(self.scores[i], rank_of=n)

    def _online_keys(self, cols: _Columns, numbers: _Numbers, data: range) -> dict[str, str]:
        """Component key of each score column; printed TTTT / CLGQ codes are decided by size."""
        keys = {k: k for k in cols.scores}
        codes = {cols.printed[k].strip().upper(): k for k in cols.scores if k != TOTAL}
        online = [c for c in ("TTTT", "CLGQ", "ONLINE") if c in codes]
        if "TTTT" not in online or len(online) < 2:
            return keys
        values: dict[str, list[Decimal]] = {}
        for code in online:
            i = cols.scores[codes[code]]
            for r in data:
                row = self.sheet.rows[r]
                try:
                    v = numbers.decimal(i, row[i], self.where(r)) if i < len(row) else None
                except _BadCell:
                    v = None
                if v is not None:
                    values.setdefault(code, []).append(v)
        old = any(_key(p) in ("tong score", "tong_score") for p in cols.printed.values())
        decision = decide_online(values, letters_trusted=not old)
        for code in online:
            keys[codes[code]] = decision.keys[code]
        if decision.message:
            self.findings.append(
                Finding(
                    check="ambiguous-group-code",
                    severity=Severity.WARNING,
                    message=decision.message,
                    location=self.where(None),
                )
            )
        return keys

    def _row(
        self,
        r: int,
        row: list[Cell],
        cols: _Columns,
        numbers: _Numbers,
        keys: dict[str, str],
    ) -> bool:
        def cell(i: int | None) -> Cell:
            return row[i] if i is not None and i < len(row) else None

        where = self.where(r)
        name = _text(cell(cols.name))
        values: dict[str, Decimal] = {}
        for label_key, i in cols.scores.items():
            value = numbers.decimal(i, cell(i), where)
            if value is not None:
                values[keys[label_key]] = value
        if not values:
            return False
        if not name:
            raise _BadCell("no unit name")
        if _AGGREGATES.match(fold(name)):
            for key, value in values.items():
                self.metrics.append(
                    Metric(
                        unit=None,
                        metric=f"{key}:{name}",
                        as_of=self.title.as_of,
                        value=value,
                        source=where,
                    )
                )
            return False
        code = _text(cell(cols.code)) or None
        level = level_of(code=code, level=None, child_group=None, name=name)
        unit = self.maker.unit(
            name, code=code, level=level, province=self.options.province, where=where
        )
        total = values.pop(TOTAL, None)
        rank = _integer(cell(cols.rank))
        methodology = infer_methodology(values)
        self.scores.append(
            Snapshot(
                unit=unit,
                as_of=self.title.as_of,
                total=total,
                components=values or None,
                rank=rank,
                methodology=methodology.key if methodology else None,
                period=self.title.period,
                names=(unit.name,),
                sources=(where,),
            )
        )
        return rank is not None


class SpreadsheetParser:
    """Score tables in XLSX / XLS / ODS workbooks and CSV files."""

    name = "spreadsheet"
    description = "Score tables exported as spreadsheets (XLSX, XLS, ODS, CSV)"
    suffixes = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")

    def sniff(self, probe: Probe) -> float:
        """1.0 for a zip with ``xl/workbook.xml``; a CSV whose header names components 0.9."""
        members = probe.zip_members or ()
        if "xl/workbook.xml" in members:
            return 1.0
        if "content.xml" in members and probe.suffix == ".ods":
            return 0.9
        if probe.head.startswith(_OLE):
            return {".xls": 0.8, ".xlsx": 0.6, ".xlsm": 0.6}.get(probe.suffix, 0.0)
        if probe.suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
            return 0.3
        if probe.suffix in (".csv", ".tsv", ".txt"):
            head = probe.head
            if len(head) == probe.size or b"\n" not in head:
                complete = head
            else:
                complete = head[: head.rindex(b"\n")]
            try:
                text = decode_text(complete, probe.path)
            except CorruptFileError:
                return 0.0
            labelled = any(
                _label_count(re.split(r"[,;\t|]", line)) >= 2 for line in text.splitlines()[:30]
            )
            if labelled:
                return 0.9 if probe.suffix == ".csv" else 0.6
            return 0.2 if probe.suffix == ".csv" else 0.0
        return 0.0

    def parse(self, path: Path, options: ParseOptions) -> Records:
        """Read every sheet that has a header naming units and components."""
        size = path.stat().st_size
        if size > options.max_file_bytes:
            raise TooLargeError(path, f"{size} bytes is over the limit")
        is_csv = path.suffix.lower() in (".csv", ".tsv", ".txt")
        sheets = _read_csv(path) if is_csv else _read_workbook(path, options)
        source = str(path)
        headers = [(s, h) for s in sheets if (h := _find_header(s)) is not None]
        if not headers:
            raise NotAReportError(
                path, "no sheet has a header row naming the units and the component groups"
            )
        titles = [_title(s.rows[:r]) for s, (r, _) in headers]
        as_of = next((t.as_of for t in titles if t.as_of), None)
        maker = UnitMaker(options.registry or default_registry(), as_of)
        scores: list[Snapshot] = []
        metrics: list[Metric] = []
        findings: list[Finding] = []
        for (sheet, (r, cols)), title in zip(headers, titles, strict=True):
            reader = _SheetReader(sheet, source, maker, title, options)
            reader.read(r, cols)
            scores += reader.scores
            metrics += reader.metrics
            findings += reader.findings
        merged, _, _, metrics, conflicts = merge_all(scores, (), (), metrics)
        if as_of is None:
            findings.insert(
                0,
                Finding(
                    check="undated-data",
                    severity=Severity.WARNING,
                    message="no date above the header row: the records carry no date",
                    location=Provenance(file=source),
                ),
            )
        if not merged and not metrics:
            raise NotAReportError(path, "the score table has no rows")
        period = next((t.period for t in titles if t.period), None)
        return Records(
            document=Document(
                kind=DocumentKind.SPREADSHEET,
                source=source,
                sha256=file_sha256(path),
                parser=self.name,
                title=titles[0].text or None,
                period_start=period.start if period else None,
                period_end=as_of,
                province=options.province,
            ),
            scores=tuple(merged),
            metrics=tuple(metrics),
            findings=tuple(findings + maker.findings + conflicts),
        )
