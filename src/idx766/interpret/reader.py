"""What the readers of every kind of table share: cells, numbers, units, aggregate rows, and the
row accounting that lets no row vanish.

Every body row ends as records or as a ``skipped-row`` finding that says why. Aggregate rows
(TỔNG SỐ, Trung bình, Cả nước: :func:`idx766.vocabulary.aggregate_of`) are figures about no one
unit, never units: one metric per column, a sum to check or an average to keep.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import TypeVar

from attrs import define, field

from idx766.interpret.columns import Column, Role
from idx766.interpret.context import DocumentContext
from idx766.interpret.numbers_in_table import ColumnNumbers
from idx766.interpret.tables import LogicalTable, Row
from idx766.model import (
    Aggregate,
    Change,
    Finding,
    Level,
    Metric,
    OverdueRecord,
    Pakn,
    Period,
    Provenance,
    Severity,
    Snapshot,
    Target,
    Unit,
    level_from_name,
)
from idx766.numbers import NumberFormatError, parse_int
from idx766.text import clean
from idx766.units.document import DocumentUnits
from idx766.vocabulary import LEVEL_CODES, group_of_text, level_of_words, words

__all__ = [
    "Extracted",
    "SkipRow",
    "TableReader",
    "measure_of",
    "metric_name",
]

_V = TypeVar("_V")

# columns of words: a digit there (a name with a number, a date of receipt) is not a figure
_TEXT_ROLES = (
    Role.UNIT,
    Role.CODE,
    Role.LEVEL,
    Role.INDICATOR,
    Role.SENDER,
    Role.SECTOR,
    Role.HANDLER,
    Role.PAKN_CODE,
    Role.RECEIVED,
    Role.DELTA,
)
_SCORE_ROLES = (Role.COMPONENT, Role.TOTAL, Role.SCORE, Role.FROM, Role.TO)
_DATE_PHRASE = re.compile(
    r"(?:thống kê trên cổng dịch vụ công quốc gia\s+)?(?:tại\s+)?ngày\s+\d{1,2}/\d{1,2}/\d{4}",
    re.IGNORECASE,
)


@define
class Extracted:
    """Records read from one document's tables and text (before merging)."""

    scores: list[Snapshot] = field(factory=list)
    changes: list[Change] = field(factory=list)
    overdue: list[OverdueRecord] = field(factory=list)
    pakn: list[Pakn] = field(factory=list)
    metrics: list[Metric] = field(factory=list)
    targets: list[Target] = field(factory=list)
    findings: list[Finding] = field(factory=list)
    ranked: list[tuple[str, list[int]]] = field(factory=list)
    """Tables with a rank column: a name and their snapshots (indices into ``scores``)."""

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


class SkipRow(Exception):
    """Raised inside a row reader: the row is reported and skipped."""


def metric_name(label: str) -> str:
    """A dated column's label without its date: "Tỷ lệ X ngày 31/7/2023 (%)" -> "Tỷ lệ X (%)"."""
    return clean(_DATE_PHRASE.sub(" ", label))


def measure_of(label: str) -> str | None:
    """``%`` for a column of rates ("Tỷ lệ ...", "... (%)"), else None."""
    return "%" if "%" in label or words(label).startswith("ty le") else None


@define
class TableReader:
    """The state shared by the row readers of one table.

    ``period`` is what the table's scores cover when its title or sheet says (the year to
    date, a month), None for running scores.
    """

    table: LogicalTable
    columns: list[Column]
    ctx: DocumentContext
    source: str
    out: Extracted
    units: DocumentUnits
    period: Period | None = None
    keys: dict[int, str] = field(factory=dict)
    numbers: ColumnNumbers = field(init=False)
    group: str | None = field(init=False)
    level: Level | None = field(init=False)
    _where: tuple[Row, Provenance] | None = field(init=False, default=None)

    def __attrs_post_init__(self) -> None:
        # a workbook's number cells are numbers: only its text cells say how text is written
        text_rows = [
            tuple("" if r.number(i) is not None else c for i, c in enumerate(r.cells))
            for r in self.table.rows
        ]
        self.numbers = ColumnNumbers(text_rows, self.table.width)
        self.group = group_of_text(self.table.heading)
        unit_col = self.first(Role.UNIT)
        self.level = (
            (level_of_words(unit_col.label) if unit_col else None)
            or level_of_words(self.table.heading)
            or (level_of_words(self.table.sheet) if self.table.sheet else None)
        )
        for c in self.numbers.undecided:
            self.out.findings.append(
                Finding(
                    check="ambiguous-number",
                    severity=Severity.WARNING,
                    message=(
                        f"column {self.columns[c].label!r} holds only numbers that read "
                        f"differently with a decimal comma or dot ({self.numbers.readings(c)});"
                        f" read as {self.numbers.style(c).value} decimals"
                    ),
                    location=Provenance(
                        file=self.source, table=self.table.index, sheet=self.table.sheet
                    ),
                )
            )

    def first(self, role: Role) -> Column | None:
        """The first column of a role."""
        return next((c for c in self.columns if c.role == role), None)

    def all(self, role: Role) -> list[Column]:
        """Every column of a role."""
        return [c for c in self.columns if c.role == role]

    def key(self, col: Column) -> str | None:
        """The component a column holds (a printed portal code decided for the document)."""
        return self.keys.get(col.index, col.key)

    def where(self, row: Row) -> Provenance:
        """Where ``row`` is (one object for a row's records and findings)."""
        if self._where is None or self._where[0] is not row:
            here = Provenance(
                file=self.source, page=row.page, table=row.table, row=row.row, sheet=row.sheet
            )
            self._where = (row, here)
        return self._where[1]

    def unit(self, name: str, row: Row) -> Unit:
        """The unit a row names: its printed name, its portal code and level where the table
        has those columns, else the level its name, header or heading says."""
        code_col, level_col = self.first(Role.CODE), self.first(Role.LEVEL)
        code = clean(row.cells[code_col.index]) if code_col else ""
        level_text = clean(row.cells[level_col.index]) if level_col else ""
        level = LEVEL_CODES.get(level_text) or level_from_name(name) or self.level
        return self.units.unit(name, level=level, code=code or None, where=self.where(row))

    def province_unit(self, row: Row) -> Unit:
        """The document's province as a unit (a row of a table about the province itself)."""
        unit = self.units.province_unit(self.where(row))
        if unit is None:
            raise SkipRow("the document does not say which province it is about")
        return unit

    def as_of(self, col: Column | None) -> date | None:
        """The date a column's figures hold for: the column's own, else the document's."""
        return (col.on if col else None) or self.ctx.as_of

    def _cell(
        self,
        col: Column | None,
        row: Row,
        read: Callable[[int, str], _V],
        typed: Callable[[Decimal], _V],
    ) -> _V | None:
        """A cell read by ``read(column, text)`` (a number cell by ``typed``); None when empty;
        unreadable skips the row."""
        if col is None:
            return None
        number = row.number(col.index)
        try:
            if number is not None:
                return typed(number)
            cell = row.cells[col.index].strip()
            if not cell:
                return None
            return read(col.index, cell)
        except NumberFormatError as exc:
            raise SkipRow(f"{col.label!r}: {exc}") from exc

    def dec(self, col: Column | None, row: Row) -> Decimal | None:
        """A number in the column's decimal style."""
        return self._cell(col, row, self.numbers.decimal, lambda n: n)

    def delta(self, col: Column | None, row: Row) -> Decimal | None:
        """A signed change; "---" is no change."""
        return self._cell(col, row, self.numbers.delta, lambda n: n)

    def integer(self, col: Column | None, row: Row) -> int | None:
        """A count or a rank."""
        return self._cell(col, row, lambda _, text: parse_int(text), _whole)

    def name(self, row: Row, role: Role = Role.UNIT) -> str:
        """The row's label in the first column of ``role``; no label skips the row."""
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

    def aggregate_row(self, row: Row, kind: Aggregate, cols: Sequence[Column | None]) -> None:
        """An aggregate row (TỔNG, Trung bình, Cả nước): one metric per column with a figure,
        about no unit. A score column gives a ``score`` (of its component); any other column
        a metric named by its label without its date."""
        for col in cols:
            if col is None:
                continue
            value = self.dec(col, row)
            if value is None:
                continue
            is_score = col.role in _SCORE_ROLES
            self.out.metrics.append(
                Metric(
                    unit=None,
                    aggregate=kind,
                    metric="score" if is_score else metric_name(col.label),
                    component=self.key(col) if col.role == Role.COMPONENT else None,
                    as_of=self.as_of(col),
                    value=value,
                    unit_of_measure="điểm" if is_score else measure_of(col.label),
                    source=self.where(row),
                )
            )


def _whole(value: Decimal) -> int:
    if value != value.to_integral_value():
        raise NumberFormatError(f"{value} is not a whole number")
    return int(value)
