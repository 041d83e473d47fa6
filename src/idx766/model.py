"""The domain model: frozen, keyword-only attrs classes with named constructors.

Scores are ``Decimal`` and keep the precision they were printed with (the Decimal's exponent:
``Decimal("75.7")`` and ``Decimal("75.69")`` differ in precision). Every record carries its
:class:`Provenance`. Serialization lives in :mod:`idx766.interchange`, not here.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from attrs import Attribute, field, frozen, validators

from idx766.components import COMPONENTS, METHODOLOGIES
from idx766.text import clean, fold, name_key

__all__ = [
    "SCORE_PLACES",
    "Aggregate",
    "Change",
    "ComponentScore",
    "Document",
    "DocumentKind",
    "Finding",
    "Level",
    "Metric",
    "OverdueRecord",
    "Pakn",
    "Period",
    "PeriodKind",
    "Provenance",
    "Records",
    "Severity",
    "Snapshot",
    "Target",
    "Unit",
    "level_from_name",
]

_COMPONENT_ORDER = {c.key: i for i, c in enumerate(COMPONENTS)}

SCORE_PLACES = 2
"""Decimal places a score, a component or a change of them can have: the portal publishes two
(reports print one or two)."""


class Level(StrEnum):
    """The level of a unit."""

    PROVINCE = "province"
    DEPARTMENT = "department"
    DISTRICT = "district"
    COMMUNE = "commune"
    MINISTRY = "ministry"  # ministries and central agencies, in national summaries


class Aggregate(StrEnum):
    """What a figure about no single unit stands for: a table's aggregate row, a country's figure.

    ``sum`` is a TỔNG SỐ / TỔNG CỘNG row (the sum of its column, a figure to check);
    ``average`` a "Trung bình" / "Bình quân" row; ``national`` the country's figure ("Cả nước",
    "Toàn quốc", the portal's national overview).
    """

    SUM = "sum"
    AVERAGE = "average"
    NATIONAL = "national"


class Severity(StrEnum):
    """How bad a finding is: an error contradicts the data, a warning asks a person to look."""

    ERROR = "error"
    WARNING = "warning"


class DocumentKind(StrEnum):
    """The report families (and portal data)."""

    WEEKLY_REPORT = "weekly_report"
    COMMENDATION = "commendation"
    MONTHLY_REPORT = "monthly_report"
    DIRECTIVE = "directive"
    PORTAL_DATA = "portal_data"
    SPREADSHEET = "spreadsheet"
    UNKNOWN = "unknown"


class PeriodKind(StrEnum):
    """What span a figure covers, when its source says so."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


_PERIOD_LABEL = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])))?$"
    r"|^(?P<start>\d{4}-\d{2}-\d{2})/(?P<end>\d{4}-\d{2}-\d{2})$"
)


@frozen(kw_only=True)
class Period:
    """The span a figure covers: a week, a month, a quarter or a year, from ``start`` to ``end``.

    A score without a period is the running score the portal shows on its date (what weekly
    reports copy); a year period is the portal's year-to-date view ("Năm 2026"), a month
    period its monthly view ("Tháng 8/2026"). Named constructors build the usual ones.
    """

    kind: PeriodKind = field(converter=PeriodKind)
    start: date = field(validator=validators.instance_of(date))
    end: date = field(validator=validators.instance_of(date))

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"a period ends before it starts: {self.start} – {self.end}")

    @classmethod
    def of_month(cls, year: int, month: int) -> Period:
        """A calendar month (``Tháng 8/2026``)."""
        last = calendar.monthrange(year, month)[1]
        return cls(kind=PeriodKind.MONTH, start=date(year, month, 1), end=date(year, month, last))

    @classmethod
    def of_quarter(cls, year: int, quarter: int) -> Period:
        """A calendar quarter (``Quý III/2026``)."""
        if not 1 <= quarter <= 4:
            raise ValueError(f"no quarter {quarter}")
        first = 3 * quarter - 2
        last = calendar.monthrange(year, first + 2)[1]
        return cls(
            kind=PeriodKind.QUARTER, start=date(year, first, 1), end=date(year, first + 2, last)
        )

    @classmethod
    def of_year(cls, year: int) -> Period:
        """A calendar year (``Năm 2026``; the portal's year-to-date view)."""
        return cls(kind=PeriodKind.YEAR, start=date(year, 1, 1), end=date(year, 12, 31))

    @classmethod
    def of_week(cls, start: date, end: date) -> Period:
        """A reporting week as a report states it (``từ ngày 18/5 đến ngày 25/5/2026``)."""
        return cls(kind=PeriodKind.WEEK, start=start, end=end)

    @classmethod
    def from_label(cls, text: str) -> Period:
        """The inverse of :attr:`label`: ``2026``, ``2026-08``, ``2026-Q3``, ``START/END``."""
        m = _PERIOD_LABEL.match(text)
        if m is None:
            raise ValueError(f"not a period label: {text!r}")
        if m.group("start"):
            start, end = m.group("start", "end")
            return cls.of_week(date.fromisoformat(start), date.fromisoformat(end))
        year = int(m.group("year"))
        if m.group("month"):
            return cls.of_month(year, int(m.group("month")))
        if m.group("quarter"):
            return cls.of_quarter(year, int(m.group("quarter")))
        return cls.of_year(year)

    @property
    def label(self) -> str:
        """``2026`` (year), ``2026-08`` (month), ``2026-Q3`` (quarter), ``START/END`` (week)."""
        if self.kind == PeriodKind.YEAR:
            return f"{self.start.year:04d}"
        if self.kind == PeriodKind.MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year:04d}-Q{(self.start.month + 2) // 3}"
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


def _decimal(_: Any, attribute: Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, Decimal):
        raise TypeError(f"{attribute.name} must be a Decimal, not {type(value).__name__}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"{attribute.name} must be finite, got {value}")


def _non_negative(_: Any, attribute: Attribute[Any], value: Any) -> None:
    if value is not None and value < 0:
        raise ValueError(f"{attribute.name} must not be negative, got {value}")


_opt_date = validators.optional(validators.instance_of(date))
_opt_int = validators.optional(validators.instance_of(int))
_opt_str = validators.optional(validators.instance_of(str))


@frozen(kw_only=True)
class Provenance:
    """Where a record was read: file, page (PDF) or table index (DOCX, sheet), row."""

    file: str
    page: int | None = field(default=None, validator=_opt_int)
    table: int | None = field(default=None, validator=_opt_int)
    row: int | None = field(default=None, validator=_opt_int)
    sheet: str | None = field(default=None, validator=_opt_str)

    def describe(self) -> str:
        """``file, page 3, table 2, row 5`` for messages."""
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        return ", ".join(parts)


_LEVEL_PREFIXES: tuple[tuple[str, Level], ...] = (
    ("ubnd tinh", Level.PROVINCE),
    ("tinh", Level.PROVINCE),
    ("ubnd thanh pho thuoc tinh", Level.DISTRICT),
    ("ubnd huyen", Level.DISTRICT),
    ("ubnd thi xa", Level.DISTRICT),
    ("huyen", Level.DISTRICT),
    ("thi xa", Level.DISTRICT),
    ("ubnd xa", Level.COMMUNE),
    ("ubnd phuong", Level.COMMUNE),
    ("ubnd dac khu", Level.COMMUNE),
    ("xa", Level.COMMUNE),
    ("phuong", Level.COMMUNE),
    ("dac khu", Level.COMMUNE),
    ("so", Level.DEPARTMENT),
    ("ban", Level.DEPARTMENT),
    ("bql", Level.DEPARTMENT),
    ("van phong", Level.DEPARTMENT),
    ("vp ubnd", Level.DEPARTMENT),
    ("thanh tra", Level.DEPARTMENT),
)


def level_from_name(name: str) -> Level | None:
    """The level a printed name implies (Sở/Ban/Văn phòng/Thanh tra, xã/phường, huyện...)."""
    folded = fold(name)
    for prefix, level in _LEVEL_PREFIXES:
        if folded == prefix or folded.startswith(prefix + " "):
            return level
    return None


@frozen(kw_only=True)
class Unit:
    """A scored unit as printed in one place: printed name, key, level, province.

    ``code`` is the portal's unit code where the source gives it (``H21``, ``H21.17``) and
    ``portal_id`` its ``departmentId`` (kept, not compared: one unit, whatever the file).
    """

    name: str = field(converter=clean)
    key: str
    level: Level | None = field(
        default=None, validator=validators.optional(validators.instance_of(Level))
    )
    province: str | None = field(default=None, validator=_opt_str)
    code: str | None = field(default=None, validator=_opt_str)
    portal_id: str | None = field(default=None, validator=_opt_str, eq=False)

    @classmethod
    def from_printed(
        cls,
        name: str,
        *,
        level: Level | None = None,
        province: str | None = None,
        code: str | None = None,
    ) -> Unit:
        """A unit from its printed name: key from the name, level inferred unless given."""
        return cls(
            name=name,
            key=name_key(name),
            level=level or level_from_name(name),
            province=province,
            code=code,
        )


@frozen(kw_only=True)
class ComponentScore:
    """One component group's score (key as in :mod:`idx766.components`)."""

    component: str = field(validator=validators.in_(tuple(_COMPONENT_ORDER)))
    value: Decimal = field(validator=_decimal)


def _sorted_components(
    value: Iterable[ComponentScore] | Mapping[str, Decimal] | None,
) -> tuple[ComponentScore, ...] | None:
    if value is None:
        return None
    items = (
        [ComponentScore(component=k, value=v) for k, v in value.items()]
        if isinstance(value, Mapping)
        else list(value)
    )
    keys = [c.component for c in items]
    if len(set(keys)) != len(keys):
        raise ValueError(f"a component appears twice: {keys}")
    return tuple(sorted(items, key=lambda c: _COMPONENT_ORDER[c.component]))


def _groups(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(value)))


@frozen(kw_only=True)
class Snapshot:
    """A unit's score on a date: total, components, rank where the table ranks every unit.

    ``period`` names what the score covers when the source says so (the year to date, a
    month); None for the running score on ``as_of``.
    """

    unit: Unit
    as_of: date | None = field(validator=_opt_date)
    total: Decimal | None = field(default=None, validator=_decimal)
    components: tuple[ComponentScore, ...] | None = field(
        default=None, converter=_sorted_components
    )
    rank: int | None = field(default=None, validator=_opt_int)
    rank_of: int | None = field(default=None, validator=_opt_int)
    methodology: str | None = field(
        default=None, validator=validators.optional(validators.in_(tuple(METHODOLOGIES)))
    )
    period: Period | None = field(
        default=None, validator=validators.optional(validators.instance_of(Period))
    )
    groups: tuple[str, ...] = field(default=(), converter=_groups)
    names: tuple[str, ...] = ()
    sources: tuple[Provenance, ...] = ()

    def component(self, key: str) -> Decimal | None:
        """The value of one component, or None when it was not published."""
        for c in self.components or ():
            if c.component == key:
                return c.value
        return None


def _provenances(value: Iterable[Provenance]) -> tuple[Provenance, ...]:
    return tuple(value)


def _sources(source: Provenance | None, also: tuple[Provenance, ...]) -> tuple[Provenance, ...]:
    return also if source is None else (source, *also)


def _component_or_total(_: Any, attribute: Attribute[Any], value: str | None) -> None:
    if value is not None and value not in _COMPONENT_ORDER and value != "rank":
        raise ValueError(f"{attribute.name} must be a component key, 'rank' or None: {value!r}")


@frozen(kw_only=True)
class Change:
    """A published change of one unit's total (component None) or one component between dates."""

    unit: Unit
    component: str | None = field(default=None, validator=_component_or_total)
    from_date: date | None = field(validator=_opt_date)
    to_date: date | None = field(validator=_opt_date)
    before: Decimal | None = field(default=None, validator=_decimal)
    after: Decimal | None = field(default=None, validator=_decimal)
    delta: Decimal | None = field(default=None, validator=_decimal)
    rank_before: int | None = field(default=None, validator=_opt_int)
    rank_after: int | None = field(default=None, validator=_opt_int)
    groups: tuple[str, ...] = field(default=(), converter=_groups)
    source: Provenance | None = None
    also: tuple[Provenance, ...] = field(default=(), converter=_provenances)

    @property
    def sources(self) -> tuple[Provenance, ...]:
        """Every place that states this change: :attr:`source`, then :attr:`also`."""
        return _sources(self.source, self.also)


@frozen(kw_only=True)
class OverdueRecord:
    """The number of overdue dossiers of a unit on a date."""

    unit: Unit
    as_of: date | None = field(validator=_opt_date)
    count: int = field(validator=[validators.instance_of(int), _non_negative])
    source: Provenance | None = None
    also: tuple[Provenance, ...] = field(default=(), converter=_provenances)

    @property
    def sources(self) -> tuple[Provenance, ...]:
        """Every place that states this count: :attr:`source`, then :attr:`also`."""
        return _sources(self.source, self.also)


_PAKN_CODE = re.compile(r"^PAKN\.(\d{4})(\d{2})(\d{2})\.(\d+)$")


@frozen(kw_only=True)
class Pakn:
    """A citizen's feedback (phản ánh, kiến nghị) awaiting an answer from a unit.

    ``sector`` is the "Lĩnh vực" column (``field`` in the interchange format).
    """

    code: str = field(validator=validators.matches_re(_PAKN_CODE))
    sender: str | None = field(default=None, validator=_opt_str)
    received_on: date | None = field(default=None, validator=_opt_date)
    sector: str | None = field(default=None, validator=_opt_str)
    unit: Unit | None = None
    source: Provenance | None = None

    @property
    def code_date(self) -> date | None:
        """The filing date inside the code (PAKN.YYYYMMDD.NNNN), None if it is not a date."""
        m = _PAKN_CODE.match(self.code)
        assert m is not None  # guaranteed by the validator
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None


@frozen(kw_only=True)
class Target:
    """A directive's target: indicator, operator, value and unit of measure (e.g. ``>= 80 %``)."""

    indicator: str
    op: str = field(validator=validators.in_(("=", ">=", "<=")))
    value: Decimal = field(validator=_decimal)
    unit_of_measure: str | None = None
    source: Provenance | None = None


def _component_key(_: Any, attribute: Attribute[Any], value: str | None) -> None:
    if value is not None and value not in _COMPONENT_ORDER:
        raise ValueError(f"{attribute.name} must be a component key or None: {value!r}")


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _aggregate(value: Aggregate | str | None) -> Aggregate | None:
    return None if value is None else Aggregate(value)


@frozen(kw_only=True)
class Metric:
    """Any other figure: a rate, a count, a rank, with numerator and denominator if given.

    Its name is structured, never encoded in one string:

    * what: ``metric`` is the quantity, as its source names it (a portal field such as
      ``totalReceived``, a column's label without its date, an indicator row's label) or in
      idx766's words (``score``, ``rank``, ``ratio``, ``gap``, ``units``, ``units_up``,
      ``units_down``, ``units_unchanged``, ``components_up``, ``components_unchanged``,
      ``components_down``, ``score_low``, ``score_high`` (the range a group's scores span,
      "đạt từ 97,84 điểm đến 97,99 điểm"), ``overdue_total``, ``change``, ``share``);
      ``component`` is the component group it is of (a key of :mod:`idx766.components`) and
      ``indicator`` the portal's sub-criterion (a ``metrics[]`` item's code);
    * of which unit or group: ``unit``, or, for a figure about no single unit, ``aggregate``
      (a TỔNG row's sum, an average, the country's figure) and ``units_level`` /
      ``units_group`` (the units it counts: departments, ``leaders``, a class such as
      ``xuat_sac``);
    * which table: ``section`` is the path of headings its row sits under in its table
      ("Công khai, minh bạch", "Số hồ sơ tiếp nhận đã đồng bộ").

    ``maximum`` is the most the figure can be when its source says (a score's maximum points).
    ``quality`` is the source's own doubt about the figure, as it states it (the portal's
    ``dataQualityStatus``, e.g. ``TEMP_NATIONAL_REPORT_DENOMINATOR``); None when it states none.
    ``source`` is where the figure is first stated, ``also`` where the same figure is stated
    again with the same value.
    """

    unit: Unit | None
    metric: str
    as_of: date | None = field(validator=_opt_date)
    value: Decimal | None = field(default=None, validator=_decimal)
    numerator: Decimal | None = field(default=None, validator=_decimal)
    denominator: Decimal | None = field(default=None, validator=_decimal)
    unit_of_measure: str | None = None
    maximum: Decimal | None = field(default=None, validator=_decimal)
    component: str | None = field(default=None, validator=_component_key)
    indicator: str | None = field(default=None, validator=_opt_str)
    aggregate: Aggregate | None = field(default=None, converter=_aggregate)
    units_level: Level | None = field(
        default=None, validator=validators.optional(validators.instance_of(Level))
    )
    units_group: str | None = field(default=None, validator=_opt_str)
    section: tuple[str, ...] = field(default=(), converter=_texts)
    source: Provenance | None = None
    also: tuple[Provenance, ...] = field(default=(), converter=_provenances)
    quality: str | None = field(default=None, validator=_opt_str)

    @property
    def sources(self) -> tuple[Provenance, ...]:
        """Every place that states this figure: :attr:`source`, then :attr:`also`."""
        return _sources(self.source, self.also)


@frozen(kw_only=True)
class Finding:
    """The result of a check: code, severity, message, the unit and where."""

    check: str
    severity: Severity = field(converter=Severity)
    message: str
    unit: str | None = None
    location: Provenance | None = None


@frozen(kw_only=True)
class Document:
    """What a parsed file is: kind, number, issuer, dates, period, week, source and its hash."""

    kind: DocumentKind = field(converter=DocumentKind)
    source: str
    sha256: str
    parser: str
    title: str | None = None
    number: str | None = None
    issuer: str | None = None
    issue_date: date | None = field(default=None, validator=_opt_date)
    period_start: date | None = field(default=None, validator=_opt_date)
    period_end: date | None = field(default=None, validator=_opt_date)
    week: int | None = field(default=None, validator=_opt_int)
    province: str | None = None


@frozen(kw_only=True)
class Records:
    """Everything read from one file: the document and its records of each kind."""

    document: Document
    scores: tuple[Snapshot, ...] = ()
    changes: tuple[Change, ...] = ()
    overdue: tuple[OverdueRecord, ...] = ()
    pakn: tuple[Pakn, ...] = ()
    metrics: tuple[Metric, ...] = ()
    targets: tuple[Target, ...] = ()
    findings: tuple[Finding, ...] = ()
