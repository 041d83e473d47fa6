"""From a logical table to records: decide what the table is, then read each row of it.

Every body row ends as a record or as a ``skipped-row`` finding that says why (row accounting);
total rows (TỔNG SỐ, TỔNG CỘNG, TỔNG ĐIỂM) are sums to check, never units.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise
from typing import TypeVar

from attrs import define, evolve, field

from idx766.components import TOTAL, infer_methodology, match_label
from idx766.dates import DateFormatError, find_dates, parse_date
from idx766.interpret.columns import Column, Role, header_labels, read_columns
from idx766.interpret.context import DocumentContext
from idx766.interpret.numbers_in_table import ColumnNumbers
from idx766.interpret.tables import LogicalTable, Row
from idx766.interpret.units import UnitResolver
from idx766.model import (
    Change,
    Finding,
    Level,
    Metric,
    OverdueRecord,
    Pakn,
    Provenance,
    Severity,
    Snapshot,
    Target,
    Unit,
    level_from_name,
)
from idx766.numbers import (
    NumberFormatError,
    parse_comparison,
    parse_count_pair,
    parse_decimal,
    parse_int,
)
from idx766.text import clean, fold

__all__ = ["Extracted", "TableKind", "classify", "extract_table"]


class TableKind(StrEnum):
    """What a table holds."""

    COMPONENTS = "components"
    CHANGES = "changes"
    COMPARISON = "comparison"
    SCORES = "scores"
    OVERDUE = "overdue"
    PAKN = "pakn"
    METRICS = "metrics"
    INDICATORS = "indicators"
    TARGETS = "targets"
    LAYOUT = "layout"
    UNKNOWN = "unknown"


@define
class Extracted:
    """Records read from one document's tables (before merging)."""

    scores: list[Snapshot] = field(factory=list)
    changes: list[Change] = field(factory=list)
    overdue: list[OverdueRecord] = field(factory=list)
    pakn: list[Pakn] = field(factory=list)
    metrics: list[Metric] = field(factory=list)
    targets: list[Target] = field(factory=list)
    findings: list[Finding] = field(factory=list)

    def size(self) -> int:
        """How many records and findings have been read so far."""
        return sum(
            len(x)
            for x in (
                self.scores,
                self.changes,
                self.overdue,
                self.pakn,
                self.metrics,
                self.targets,
                self.findings,
            )
        )


_V = TypeVar("_V")


class SkipRow(Exception):
    """Raised inside a row reader: the row is reported and skipped."""


_VALUE_ROLES = (Role.RATE, Role.COUNT, Role.OTHER)
# columns of words: a digit there (a name with a number, a date of receipt) is not a figure
_TEXT_ROLES = (
    Role.UNIT,
    Role.INDICATOR,
    Role.SENDER,
    Role.SECTOR,
    Role.HANDLER,
    Role.PAKN_CODE,
    Role.RECEIVED,
    Role.DELTA,
)
_DATE_PHRASE = re.compile(
    r"(?:thống kê trên cổng dịch vụ công quốc gia\s+)?(?:tại\s+)?ngày\s+\d{1,2}/\d{1,2}/\d{4}",
    re.IGNORECASE,
)
_SECTION = re.compile(r"^(?:[IVXLC]+|\d+(?:[.,]\d+)*)\.?$")
_SUBITEM = re.compile(r"^[a-zđ]\)$")
_HEADLINE_CELL = re.compile(
    r"đạt\s+(\d{1,3}(?:,\d{1,2})?)\s*điểm.*?xếp\s+(?:hạng|thứ)\s+(\d{1,2})\s*/\s*(\d{2})",
    re.IGNORECASE,
)
_TOTAL_ROW = re.compile(r"^(tong so|tong cong|tong diem|tong)\b")
_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("gainers", ("tang diem cao nhat", "muc tang diem")),
    ("laggards", ("can cai thien", "chua cao", "can tiep tuc cai thien", "diem thap")),
    ("leaders", ("dan dau", "diem cao")),
)
_LEVEL_WORDS: tuple[tuple[str, Level], ...] = (
    ("xa phuong", Level.COMMUNE),
    ("xa", Level.COMMUNE),
    ("dia phuong", Level.COMMUNE),
    ("huyen", Level.DISTRICT),
    ("tinh thanh pho", Level.PROVINCE),
    ("so ban nganh", Level.DEPARTMENT),
    ("so nganh", Level.DEPARTMENT),
    ("co quan", Level.DEPARTMENT),
)


def _fkey(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]+", " ", fold(text)).split())


def group_of_text(text: str) -> str | None:
    """``leaders``, ``laggards`` or ``gainers`` if a heading or sentence names such a group."""
    key = _fkey(text)
    for group, words in _GROUPS:
        if any(w in key for w in words):
            return group
    return None


def group_of(table: LogicalTable) -> str | None:
    """The group the heading above a table names, if it names one."""
    return group_of_text(table.heading)


def _level_of_label(label: str) -> Level | None:
    key = _fkey(label)
    for words, level in _LEVEL_WORDS:
        if key == words or key.startswith(words + " ") or f" {words}" in f" {key}":
            return level
    return None


def is_total_row(name: str) -> bool:
    """True for TỔNG SỐ / TỔNG CỘNG (TOÀN TỈNH) / TỔNG ĐIỂM rows."""
    return bool(_TOTAL_ROW.match(_fkey(name)))


def classify(columns: Sequence[Column], table: LogicalTable) -> TableKind:
    """Decide what a table is from its columns' roles (and, for layout, its drawing)."""
    roles = {c.role for c in columns}
    components = [c for c in columns if c.role == Role.COMPONENT]
    if Role.PAKN_CODE in roles:
        return TableKind.PAKN
    if Role.FROM in roles and Role.TO in roles:
        return TableKind.CHANGES
    if len(components) >= 3:
        return TableKind.COMPONENTS
    if Role.OVERDUE in roles and Role.UNIT in roles:
        return TableKind.OVERDUE
    if Role.RANK in roles and (Role.SCORE in roles or Role.TOTAL in roles):
        return TableKind.COMPARISON
    if Role.UNIT in roles and (Role.SCORE in roles or Role.TOTAL in roles):
        return TableKind.SCORES
    if Role.TARGET in roles and Role.INDICATOR in roles:
        return TableKind.TARGETS
    dated = [c for c in columns if c.on is not None and c.role in _VALUE_ROLES]
    if dated and Role.UNIT in roles:
        return TableKind.METRICS
    if dated and Role.INDICATOR in roles:
        return TableKind.INDICATORS
    if table.ruled is False or not table.header:
        return TableKind.LAYOUT
    return TableKind.UNKNOWN


@define
class _TableReader:
    """The state shared by the row readers of one table."""

    table: LogicalTable
    columns: list[Column]
    ctx: DocumentContext
    source: str
    out: Extracted
    units: UnitResolver
    numbers: ColumnNumbers = field(init=False)
    group: str | None = field(init=False)
    level: Level | None = field(init=False)
    _where: tuple[Row, Provenance] | None = field(init=False, default=None)

    def __attrs_post_init__(self) -> None:
        self.numbers = ColumnNumbers([r.cells for r in self.table.rows], self.table.width)
        self.group = group_of(self.table)
        unit_col = self.first(Role.UNIT)
        self.level = (_level_of_label(unit_col.label) if unit_col else None) or _level_of_label(
            self.table.heading
        )
        for c in self.numbers.undecided:
            self.out.findings.append(
                Finding(
                    check="ambiguous-number",
                    severity=Severity.WARNING,
                    message=(
                        f"column {self.columns[c].label!r} holds only numbers that read "
                        f"differently with a decimal comma or dot; read as "
                        f"{self.numbers.style(c).value} decimals"
                    ),
                    location=Provenance(file=self.source, table=self.table.index),
                )
            )

    def first(self, role: Role) -> Column | None:
        return next((c for c in self.columns if c.role == role), None)

    def all(self, role: Role) -> list[Column]:
        return [c for c in self.columns if c.role == role]

    def where(self, row: Row) -> Provenance:
        """Where ``row`` is (one object for a row's records and findings)."""
        if self._where is None or self._where[0] is not row:
            here = Provenance(file=self.source, page=row.page, table=row.table, row=row.row)
            self._where = (row, here)
        return self._where[1]

    def unit(self, name: str, row: Row) -> Unit:
        level = level_from_name(name) or self.level
        return self.units.unit(name, level=level, where=self.where(row))

    def province_unit(self, row: Row) -> Unit:
        unit = self.units.province_unit(self.where(row))
        if unit is None:
            raise SkipRow("the document does not say which province it is about")
        return unit

    def _cell(self, col: Column | None, row: Row, read: Callable[[int, str], _V]) -> _V | None:
        """A cell read by ``read(column, text)``; None when empty; unreadable skips the row."""
        if col is None:
            return None
        cell = row.cells[col.index].strip()
        if not cell:
            return None
        try:
            return read(col.index, cell)
        except NumberFormatError as exc:
            raise SkipRow(f"{col.label!r}: {exc}") from exc

    def dec(self, col: Column | None, row: Row) -> Decimal | None:
        """A number in the column's decimal style."""
        return self._cell(col, row, self.numbers.decimal)

    def delta(self, col: Column | None, row: Row) -> Decimal | None:
        """A signed change; "---" is no change."""
        return self._cell(col, row, self.numbers.delta)

    def integer(self, col: Column | None, row: Row) -> int | None:
        """A count or a rank."""
        return self._cell(col, row, lambda _, text: parse_int(text))

    def name(self, row: Row, role: Role = Role.UNIT) -> str:
        col = self.first(role)
        text = clean(row.cells[col.index]) if col else ""
        if not text:
            raise SkipRow("no unit name")
        return text

    def each_row(self, read: Callable[[Row], None]) -> None:
        """Read every body row; each ends as records or as a ``skipped-row`` finding.

        Row accounting: a row holding a figure that gave no record and no reason is reported
        too ("gave no record"), so that nothing is lost silently.
        """
        for row in self.table.rows:
            before = self.out.size()
            try:
                read(row)
            except SkipRow as exc:
                self._skipped(row, f"row skipped: {exc}")
                continue
            if self.out.size() == before and self._has_figure(row):
                self._skipped(row, "row gave no record although it holds figures")

    def _has_figure(self, row: Row) -> bool:
        numbered = {c.index for c in self.columns if c.role == Role.ROW_NUMBER}
        return any(
            any(ch.isdigit() for ch in cell)
            for i, cell in enumerate(row.cells)
            if i not in numbered and self.columns[i].role not in _TEXT_ROLES
        )

    def _skipped(self, row: Row, message: str) -> None:
        self.out.findings.append(
            Finding(
                check="skipped-row",
                severity=Severity.WARNING,
                message=message,
                unit=None,
                location=self.where(row),
            )
        )

    def total_row(self, row: Row, cols: Sequence[Column]) -> None:
        """A TỔNG row: one ``total:<column label>`` metric per column, a sum to check."""
        for col in cols:
            value = self.dec(col, row)
            if value is not None:
                self.out.metrics.append(
                    Metric(
                        unit=None,
                        metric=f"total:{metric_name(col.label)}",
                        as_of=col.on or self.ctx.as_of,
                        value=value,
                        source=self.where(row),
                    )
                )


def _is_full_ranking(reader: _TableReader, totals: list[Decimal | None]) -> bool:
    if reader.group is not None or reader.first(Role.ROW_NUMBER) is None:
        return False
    present = [t for t in totals if t is not None]
    return len(present) == len(totals) and all(a >= b for a, b in pairwise(present))


def _read_components(r: _TableReader) -> None:
    comps = r.all(Role.COMPONENT)
    total_col = r.first(Role.TOTAL)
    number_col = r.first(Role.ROW_NUMBER)
    methodology = infer_methodology(c.key for c in comps if c.key)
    pending: list[tuple[Row, int]] = []  # each row and where its snapshot stands in out.scores

    def read(row: Row) -> None:
        name = r.name(row)
        if is_total_row(name):
            r.total_row(row, [*comps, *([total_col] if total_col else [])])
            return
        values = {c.key: r.dec(c, row) for c in comps if c.key}
        if any(v is None for v in values.values()):
            raise SkipRow(f"{name}: a component cell is empty")
        snap = Snapshot(
            unit=r.unit(name, row),
            as_of=r.ctx.as_of,
            total=r.dec(total_col, row),
            components={k: v for k, v in values.items() if v is not None},
            methodology=methodology.key if methodology else None,
            groups=(r.group,) if r.group else (),
            names=(name,),
            sources=(r.where(row),),
        )
        pending.append((row, len(r.out.scores)))
        r.out.scores.append(snap)

    r.each_row(read)
    totals = [r.out.scores[i].total for _, i in pending]
    if _is_full_ranking(r, totals) and number_col is not None:
        # a full table of one level: its row numbers are the published ranks
        for row, i in pending:
            rank = (
                int(row.cells[number_col.index]) if row.cells[number_col.index].isdigit() else None
            )
            r.out.scores[i] = evolve(r.out.scores[i], rank=rank, rank_of=len(pending))


def _read_changes(r: _TableReader) -> None:
    frm, to, dlt = r.first(Role.FROM), r.first(Role.TO), r.first(Role.DELTA)
    assert frm is not None and to is not None
    if r.first(Role.UNIT) is None and r.first(Role.INDICATOR) is not None:
        _read_indicator_changes(r, frm, to, dlt)
        return

    def read(row: Row) -> None:
        name = r.name(row)
        if is_total_row(name):
            r.total_row(row, [frm, to])
            return
        unit = r.unit(name, row)
        after = r.dec(to, row)
        r.out.changes.append(
            Change(
                unit=unit,
                component=None,
                from_date=frm.on,
                to_date=to.on,
                before=r.dec(frm, row),
                after=after,
                delta=r.delta(dlt, row),
                groups=(r.group,) if r.group else (),
                source=r.where(row),
            )
        )
        if after is not None:
            r.out.scores.append(
                Snapshot(
                    unit=unit,
                    as_of=to.on,
                    total=after,
                    groups=(r.group,) if r.group else (),
                    names=(name,),
                    sources=(r.where(row),),
                )
            )

    r.each_row(read)


def _rank_of(label: str) -> int | None:
    m = re.search(r"\b(\d{2,3})\b", label)
    return int(m.group(1)) if m else None


def _read_indicator_changes(r: _TableReader, frm: Column, to: Column, dlt: Column | None) -> None:
    unit: Unit | None = None
    components: dict[str, Decimal] = {}
    total: Decimal | None = None
    rank: int | None = None
    rank_of: int | None = None
    first_row: Row | None = None

    def read(row: Row) -> None:
        nonlocal total, rank, rank_of, first_row, unit
        label = r.name(row, Role.INDICATOR)
        unit = r.province_unit(row)
        first_row = first_row or row
        if _fkey(label).startswith("xep hang"):
            rank_before, rank_after = r.integer(frm, row), r.integer(to, row)
            rank, rank_of = rank_after, _rank_of(label)
            r.out.changes.append(
                Change(
                    unit=unit,
                    component="rank",
                    from_date=frm.on,
                    to_date=to.on,
                    before=None if rank_before is None else Decimal(rank_before),
                    after=None if rank_after is None else Decimal(rank_after),
                    delta=r.delta(dlt, row),
                    rank_before=rank_before,
                    rank_after=rank_after,
                    source=r.where(row),
                )
            )
            return
        match = match_label(label)
        if match is None:
            raise SkipRow(f"{label!r} is not a component of the index")
        value = r.dec(to, row)
        key = None if match.key == TOTAL else match.key
        if key is None:
            total = value
        elif value is not None:
            components[key] = value
        r.out.changes.append(
            Change(
                unit=unit,
                component=key,
                from_date=frm.on,
                to_date=to.on,
                before=r.dec(frm, row),
                after=value,
                delta=r.delta(dlt, row),
                source=r.where(row),
            )
        )

    r.each_row(read)
    if first_row is not None and unit is not None and (components or total is not None):
        methodology = infer_methodology(components)
        r.out.scores.append(
            Snapshot(
                unit=unit,
                as_of=to.on,
                total=total,
                components=components or None,
                rank=rank,
                rank_of=rank_of,
                methodology=methodology.key if methodology else None,
                names=(unit.name,),
                sources=(r.where(first_row),),
            )
        )


def _read_comparison(r: _TableReader) -> None:
    rank_col, gap_col = r.first(Role.RANK), r.first(Role.GAP)
    score_col = r.first(Role.SCORE) or r.first(Role.TOTAL)

    def read(row: Row) -> None:
        name = r.name(row)
        unit = r.units.unit(name, level=r.level or Level.PROVINCE, where=r.where(row))
        as_of = (score_col.on if score_col else None) or r.ctx.as_of
        r.out.scores.append(
            Snapshot(
                unit=unit,
                as_of=as_of,
                total=r.dec(score_col, row),
                rank=r.integer(rank_col, row),
                names=(name,),
                sources=(r.where(row),),
            )
        )
        gap = r.delta(gap_col, row)
        if gap is not None and gap_col is not None:
            r.out.metrics.append(
                Metric(
                    unit=unit,
                    metric="gap",
                    as_of=as_of,
                    value=gap,
                    unit_of_measure="điểm",
                    source=r.where(row),
                )
            )

    r.each_row(read)


def _read_scores(r: _TableReader) -> None:
    score_col = r.first(Role.SCORE) or r.first(Role.TOTAL)

    def read(row: Row) -> None:
        name = r.name(row)
        if is_total_row(name):
            r.total_row(row, [c for c in (score_col,) if c])
            return
        total = r.dec(score_col, row)
        if total is None:
            raise SkipRow(f"{name}: no score")
        r.out.scores.append(
            Snapshot(
                unit=r.unit(name, row),
                as_of=(score_col.on if score_col else None) or r.ctx.as_of,
                total=total,
                groups=(r.group,) if r.group else (),
                names=(name,),
                sources=(r.where(row),),
            )
        )

    r.each_row(read)


def _after_date(r: _TableReader) -> date | None:
    for text in r.table.after:
        found = find_dates(text, default_year=r.ctx.year)
        if found and ("so lieu" in fold(text) or "ngay" in fold(text)):
            return found[-1][2]
    return None


def _read_overdue(r: _TableReader) -> None:
    cols = r.all(Role.OVERDUE)
    default_date = _after_date(r) or r.ctx.as_of

    def read(row: Row) -> None:
        name = r.name(row)
        if is_total_row(name):
            r.total_row(row, cols)
            return
        unit = r.unit(name, row)
        for col in cols:
            count = r.integer(col, row)
            if count is None:
                raise SkipRow(f"{name}: no count in {col.label!r}")
            if count < 0:
                raise SkipRow(f"{name}: negative count {count}")
            r.out.overdue.append(
                OverdueRecord(
                    unit=unit, as_of=col.on or default_date, count=count, source=r.where(row)
                )
            )

    r.each_row(read)


def _read_pakn(r: _TableReader) -> None:
    code_col, received = r.first(Role.PAKN_CODE), r.first(Role.RECEIVED)
    sender, sector, handler = r.first(Role.SENDER), r.first(Role.SECTOR), r.first(Role.HANDLER)
    assert code_col is not None

    def text(col: Column | None, row: Row) -> str | None:
        return (clean(row.cells[col.index]) or None) if col else None

    def read(row: Row) -> None:
        code = clean(row.cells[code_col.index])
        received_on = None
        if received is not None and row.cells[received.index].strip():
            try:
                received_on = parse_date(row.cells[received.index])
            except DateFormatError as exc:
                raise SkipRow(str(exc)) from exc
        handler_name = text(handler, row)
        try:
            record = Pakn(
                code=code,
                sender=text(sender, row),
                received_on=received_on,
                sector=text(sector, row),
                unit=r.unit(handler_name, row) if handler_name else None,
                source=r.where(row),
            )
        except ValueError as exc:
            raise SkipRow(f"{code!r} is not a PAKN code") from exc
        r.out.pakn.append(record)

    r.each_row(read)


def metric_name(label: str) -> str:
    """A dated column's label without its date: "Tỷ lệ X ngày 31/7/2023 (%)" -> "Tỷ lệ X (%)"."""
    return clean(_DATE_PHRASE.sub(" ", label))


def _measure(label: str) -> str | None:
    return "%" if "%" in label or _fkey(label).startswith("ty le") else None


def _metric_values(
    r: _TableReader, col: Column, row: Row
) -> tuple[Decimal | None, Decimal | None, Decimal | None] | None:
    """(value, numerator, denominator) of a cell; None for an empty or textual cell."""
    cell = row.cells[col.index].strip()
    if not cell or not any(ch.isdigit() for ch in cell):
        return None
    if "/" in cell:
        try:
            num, den = parse_count_pair(cell)
        except NumberFormatError as exc:
            raise SkipRow(f"{col.label!r}: {exc}") from exc
        return None, Decimal(num), Decimal(den)
    return r.dec(col, row), None, None


def _read_unit_metrics(r: _TableReader) -> None:
    dated = [c for c in r.columns if c.on is not None and c.role in _VALUE_ROLES]

    def read(row: Row) -> None:
        name = r.name(row)
        unit = None if is_total_row(name) else r.unit(name, row)
        found = False
        for col in dated:
            values = _metric_values(r, col, row)
            if values is None:
                continue
            value, num, den = values
            found = True
            label = metric_name(col.label)
            r.out.metrics.append(
                Metric(
                    unit=unit,
                    metric=label if unit else f"total:{label}",
                    as_of=col.on,
                    value=value,
                    numerator=num,
                    denominator=den,
                    unit_of_measure=_measure(col.label),
                    source=r.where(row),
                )
            )
        if not found:
            raise SkipRow(f"{name}: no figure in the dated columns")

    r.each_row(read)


def _read_indicators(r: _TableReader) -> None:
    """The 2023 summary table: indicator rows, figures at two dates, the headline in a row."""
    label_col = r.first(Role.INDICATOR)
    number_col = r.first(Role.ROW_NUMBER)
    dated = [c for c in r.columns if c.on is not None and c.role in _VALUE_ROLES]
    assert label_col is not None
    path: dict[str, str] = {}

    def read(row: Row) -> None:
        label = clean(row.cells[label_col.index])
        number = clean(row.cells[number_col.index]) if number_col else ""
        if _SECTION.match(number):
            depth = "section" if number.isalpha() else "item"
            path[depth] = label
            if depth == "section":
                path.pop("item", None)
        elif not _SUBITEM.match(number):
            path["item"] = label
        if _read_headline_row(r, row, dated):
            return
        parents = [path[k] for k in ("section", "item") if k in path and path[k] != label]
        name = " / ".join([*parents, label])
        province = r.units.province_unit(r.where(row))
        for col in dated:
            values = _metric_values(r, col, row)
            if values is None:
                continue
            value, num, den = values
            sub = metric_name(col.label)
            r.out.metrics.append(
                Metric(
                    unit=province,
                    metric=name,
                    as_of=col.on,
                    value=value,
                    numerator=num,
                    denominator=den,
                    unit_of_measure=_measure(sub),
                    source=r.where(row),
                )
            )

    r.each_row(read)


def _read_headline_row(r: _TableReader, row: Row, dated: Sequence[Column]) -> bool:
    """A row whose cells say "Đạt 75,69 điểm; xếp hạng 09/63": the province's snapshots."""
    found = False
    for col in dated:
        m = _HEADLINE_CELL.search(row.cells[col.index])
        if m is None:
            continue
        found = True
        unit = r.province_unit(row)
        r.out.scores.append(
            Snapshot(
                unit=unit,
                as_of=col.on,
                total=parse_decimal(m.group(1)),
                rank=int(m.group(2)),
                rank_of=int(m.group(3)),
                names=(unit.name,),
                sources=(r.where(row),),
            )
        )
    return found


def _read_targets(r: _TableReader) -> None:
    label_col, target_col = r.first(Role.INDICATOR), r.first(Role.TARGET)
    assert label_col is not None and target_col is not None

    def read(row: Row) -> None:
        indicator = clean(row.cells[label_col.index])
        cell = clean(row.cells[target_col.index])
        if not indicator or not cell:
            raise SkipRow("a target row without its indicator or value")
        try:
            op, value, measure = parse_comparison(cell)
        except NumberFormatError as exc:
            raise SkipRow(f"{indicator}: {exc}") from exc
        if op not in ("=", ">=", "<="):
            raise SkipRow(f"{indicator}: operator {op!r} is not one a target uses")
        r.out.targets.append(
            Target(
                indicator=indicator,
                op=op,
                value=value,
                unit_of_measure=measure,
                source=r.where(row),
            )
        )

    r.each_row(read)


_READERS: dict[TableKind, Callable[[_TableReader], None]] = {
    TableKind.COMPONENTS: _read_components,
    TableKind.CHANGES: _read_changes,
    TableKind.COMPARISON: _read_comparison,
    TableKind.SCORES: _read_scores,
    TableKind.OVERDUE: _read_overdue,
    TableKind.PAKN: _read_pakn,
    TableKind.METRICS: _read_unit_metrics,
    TableKind.INDICATORS: _read_indicators,
    TableKind.TARGETS: _read_targets,
}


def extract_table(
    table: LogicalTable, ctx: DocumentContext, source: str, out: Extracted, units: UnitResolver
) -> TableKind:
    """Read one logical table into ``out``; returns what kind of table it was."""
    labels = header_labels(table.header, table.width)
    columns = read_columns(labels, ctx.year)
    kind = classify(columns, table)
    reader = _READERS.get(kind)
    if reader is not None:
        reader(
            _TableReader(table=table, columns=columns, ctx=ctx, source=source, out=out, units=units)
        )
    elif kind == TableKind.UNKNOWN and table.rows:
        out.findings.append(
            Finding(
                check="unrecognized-table",
                severity=Severity.WARNING,
                message=(
                    f"table with columns {labels!r} is not one idx766 reads; "
                    f"its {len(table.rows)} rows were not read"
                ),
                location=Provenance(file=source, page=table.page, table=table.index),
            )
        )
    return kind
