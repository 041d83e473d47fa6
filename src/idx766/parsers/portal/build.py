"""Records from one unit record of portal data: score, changes, overdue count, metrics.

What becomes what (see ``docs/portal-data.md``):

* ``totalScore`` / ``currentScore`` / ``TONG_SCORE`` and ``groupScores`` / ``scores`` / flat group
  codes → a :class:`Snapshot`; a per-group ``score`` of ``maxScore`` (or a ``totalScore`` of
  ``totalMaxScore`` 20) → a one-component snapshot. ``groupRank`` is the rank within the level;
  without it ``rank`` / ``currentRank`` / ``ROW_STT`` is.
* ``totalOverdue`` → an :class:`OverdueRecord`.
* ``previousScoreDaily`` / ``scoreDeltaDaily`` / ``groupScoresDeltaDaily`` / ``previousRankDaily``
  → :class:`Change` records (total, each group, rank).
* dossier counts, ratios with numerator and denominator, ``metrics[]`` (with the portal's
  ``dataQualityStatus`` as the metric's ``quality``), the counts of the payment and
  online-services trees, growth, unit counts and the rank among all units → :class:`Metric`
  records.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from attrs import evolve

from idx766.components import COMPONENTS, component, infer_methodology
from idx766.group_codes import key_for_max
from idx766.model import (
    Aggregate,
    Change,
    Finding,
    Level,
    Metric,
    OverdueRecord,
    Provenance,
    Severity,
    Snapshot,
    Unit,
)
from idx766.parsers.portal.load import as_count, as_decimal
from idx766.parsers.portal.meta import FileContext
from idx766.parsers.portal.walk import (
    BEFORE_KEYS,
    DELTA_KEYS,
    GROUP_DICT_KEYS,
    Found,
    Kind,
    first,
    text_field,
    unit_code,
)
from idx766.text import fold
from idx766.units.document import DocumentUnits
from idx766.vocabulary import (
    CODE_KEYS,
    ID_KEYS,
    NAME_KEYS,
    RANK_KEYS,
    TOTAL_KEYS,
    aggregate_of,
    portal_level,
)

__all__ = ["RecordBuilder"]

_HUNDRED = Decimal(100)
_COUNT_FIELDS = (
    "totalUnitsCount",
    "totalUnits",
    "agencyCount",
    "communeCount",
    "increasedCount",
    "decreasedCount",
    "unchangedCount",
    "newUnitsCount",
)
_DOSSIER_FIELDS = ("totalReceived", "totalOnTime", "totalCompleted")
# the inputs of the online-payment and online-services trees (the score model's numerators and
# denominators): counts of dossiers or of procedures, kept as metrics under their own names
_INPUT_COUNTS = (
    ("totalDossierOnlinePaymentSuccess", "dossiers"),
    ("totalDossierFinancialObligation", "dossiers"),
    ("totalDossierOnlineFormalityPaymentSuccess", "procedures"),
    ("totalFeeDossierFormalityDistinct", "procedures"),
    ("totalFeeDossierFormality", "procedures"),
    ("totalFeeFormality", "procedures"),
    ("authorityCount", "procedures"),
    ("partialCount", "procedures"),
    ("fullCount", "procedures"),
    ("onlineDossierCount", "procedures"),
    ("onlineServiceTotal", "procedures"),
    ("channelOnlineSum", "dossiers"),
    ("channelDirectSum", "dossiers"),
    ("channelPostalSum", "dossiers"),
    ("channelTotalSum", "dossiers"),
    ("onlineOnTimeSum", "dossiers"),
    ("onlineOverdueSum", "dossiers"),
)
_PROGRESS_FIELDS = ("totalOverdue", "totalOnTime", "totalReceived")
_ENDPOINT_HINTS = (
    ("progress", "tien_do"),
    ("transparen", "cong_khai"),
    ("satisf", "hai_long"),
    ("digiti", "so_hoa"),
    ("payment", "thanh_toan"),
)
_GOOD_QUALITY = {"OK", "GOOD", "VALID", "NORMAL", "PASS", "PASSED"}
_COMPONENT_KEYS = frozenset(c.key for c in COMPONENTS)


class SkipRecord(Exception):
    """A unit record that cannot become records (reported as ``skipped-row``)."""


def _dec(obj: Mapping[str, Any], key: str) -> Decimal | None:
    try:
        return as_decimal(obj.get(key))
    except ValueError as exc:
        raise SkipRecord(f"{key}: {exc}") from None


def _text(obj: Mapping[str, Any], key: str) -> str | None:
    value = obj.get(key)
    return value if isinstance(value, str) else None


def _count(obj: Mapping[str, Any], key: str) -> int | None:
    try:
        return as_count(obj.get(key))
    except ValueError as exc:
        raise SkipRecord(f"{key}: {exc}") from None


class RecordBuilder:
    """Collects the records of one file, one found object at a time."""

    def __init__(
        self,
        *,
        source: str,
        ctx: FileContext,
        units: DocumentUnits,
        keys: Mapping[str, str],
    ) -> None:
        self.source = source
        self.ctx = ctx
        self.units = units
        self.keys = keys
        self.scores: list[Snapshot] = []
        self.changes: list[Change] = []
        self.overdue: list[OverdueRecord] = []
        self.metrics: list[Metric] = []
        self.findings: list[Finding] = []
        self.aggregate_name: str | None = None

    # -- dispatch ----------------------------------------------------------------------------

    def where(self, found: Found) -> Provenance:
        return Provenance(file=self.source, row=found.index, sheet=found.path or None)

    def read(self, found: Found) -> None:
        """Read one found object; a record that cannot be read is reported, not dropped."""
        try:
            if found.kind in (Kind.UNIT, Kind.SUBJECT):
                self._read_unit(found)
            elif found.kind is Kind.AGGREGATE:
                self._read_aggregate(found)
            elif found.kind is Kind.GROUP_ROW:
                self._read_group_row(found)
        except SkipRecord as exc:
            name = text_field(found.obj, NAME_KEYS)
            self.findings.append(
                Finding(
                    check="skipped-row",
                    severity=Severity.WARNING,
                    message=f"record skipped: {exc}",
                    unit=name,
                    location=self.where(found),
                )
            )

    # -- aggregates and group rows ----------------------------------------------------------

    def _national(
        self,
        value: Decimal | None,
        found: Found,
        *,
        metric: str = "score",
        code: str | None = None,
        measure: str = "points",
        maximum: Decimal | None = None,
    ) -> None:
        """A figure of the file's aggregate (the national overview): a score (of a group, by
        its code) or a growth rate."""
        if value is None:
            return
        key = self.keys.get(code, code) if code is not None else None
        named = aggregate_of(self.aggregate_name) if self.aggregate_name else None
        self.metrics.append(
            Metric(
                unit=None,
                aggregate=named or Aggregate.NATIONAL,
                metric=metric,
                component=key if key in _COMPONENT_KEYS else None,
                indicator=key if key is not None and key not in _COMPONENT_KEYS else None,
                as_of=self.ctx.as_of,
                value=value,
                unit_of_measure=measure,
                maximum=maximum,
                source=self.where(found),
            )
        )

    def _read_aggregate(self, found: Found) -> None:
        obj = found.obj
        self.aggregate_name = text_field(obj, NAME_KEYS)
        hit = first(obj, TOTAL_KEYS)
        if hit is not None:
            self._national(_dec(obj, hit[0]), found, maximum=_dec(obj, "totalMaxScore"))
        for code, value in self._group_values(obj).items():
            self._national(value, found, code=code)
        self._national(_dec(obj, "growthPercent"), found, metric="growthPercent", measure="%")

    def _read_group_row(self, found: Found) -> None:
        obj = found.obj
        code = str(obj["code"])
        self._national(_dec(obj, "score"), found, code=code, maximum=_dec(obj, "maxScore"))

    def national_scalar(self, what: str, value: Any, found: Found) -> None:
        """A figure at the top of a file that belongs to its aggregate (national growth)."""
        try:
            number = as_decimal(value)
        except ValueError:
            return
        self._national(number, found, metric=what, measure="%")

    # -- units -------------------------------------------------------------------------------

    def _identity(self, found: Found) -> tuple[str, str | None]:
        obj = found.obj
        name = text_field(obj, NAME_KEYS)
        code = unit_code(obj)
        if found.kind is Kind.SUBJECT:
            subject = self.ctx.subject
            if subject is None:
                raise SkipRecord(f"figures under {found.path!r} name no unit")
            return subject.name, subject.code
        if name is None:
            name = code
        assert name is not None  # a UNIT has a name or a code
        return name, code

    def _group_values(self, obj: Mapping[str, Any]) -> dict[str, Decimal]:
        values: dict[str, Decimal] = {}
        for key in GROUP_DICT_KEYS:
            groups = obj.get(key)
            if isinstance(groups, Mapping):
                for code in groups:
                    number = _dec(groups, code)
                    if number is not None:
                        values[str(code)] = number
        for code in CODE_KEYS:
            if code in obj and code not in values:
                number = _dec(obj, code)
                if number is not None:
                    values[code] = number
        return values

    def _single_key(self, obj: Mapping[str, Any], max_score: Decimal | None) -> str | None:
        code = obj.get("groupCode") or obj.get("code")
        if isinstance(code, str) and code in self.keys:
            return self.keys[code]
        if any(obj.get(k) is not None for k in _PROGRESS_FIELDS):
            return "tien_do"
        by_max = key_for_max(max_score)
        if by_max is not None:
            return by_max
        hints = fold(self.ctx.hints)
        for word, key in _ENDPOINT_HINTS:
            if word in hints and component(key).max_points == max_score:
                return key
        return None

    def _group_of(self, obj: Mapping[str, Any]) -> str | None:
        """The one group a unit record scores (an endpoint of one group), if it scores one."""
        if obj.get("score") is not None:
            return self._single_key(obj, _dec(obj, "maxScore"))
        total_max = _dec(obj, "totalMaxScore")
        if total_max is not None and total_max != _HUNDRED:
            return self._single_key(obj, total_max)
        return None

    def _read_unit(self, found: Found) -> None:
        obj = found.obj
        where = self.where(found)
        name, code = self._identity(found)
        level = portal_level(
            code=code,
            level=_text(obj, "level") or _text(obj, "LOAI_COQUAN"),
            child_group=_text(obj, "childGroup"),
            name=name,
        )
        if level is Level.PROVINCE:
            self.units.know_province(code, name)
        unit = self.units.unit(name, code=code, level=level, where=where)
        as_of = self.ctx.as_of
        ident = (
            self.ctx.subject.id
            if found.kind is Kind.SUBJECT and self.ctx.subject
            else text_field(obj, ID_KEYS)
        )
        if ident is not None:
            unit = evolve(unit, portal_id=str(ident))

        received = _count(obj, "totalReceived")
        no_data = received == 0  # ratio 0 and score 0 then mean "nothing to measure"
        components: dict[str, Decimal] = {}
        for group_code, value in self._group_values(obj).items():
            key = self.keys.get(group_code)
            if key is None:
                self._metric(unit, "score", value, where, indicator=group_code, measure="points")
            else:
                components[key] = value
        total: Decimal | None = None
        hit = first(obj, TOTAL_KEYS)
        total_max = _dec(obj, "totalMaxScore")
        if hit is not None and total_max is not None and total_max != _HUNDRED:
            self._single(unit, obj, _dec(obj, hit[0]), total_max, components, no_data, where)
        elif hit is not None:
            total = _dec(obj, hit[0])
        if obj.get("score") is not None:
            self._single(
                unit, obj, _dec(obj, "score"), _dec(obj, "maxScore"), components, no_data, where
            )

        group_rank = _count(obj, "groupRank")
        ranks = [n for key in RANK_KEYS if (n := _count(obj, key)) is not None]
        overall = ranks[0] if ranks else None
        rank = group_rank if group_rank is not None else overall
        if group_rank is not None and overall is not None:
            # the rank among all units (the snapshot holds the rank within the level)
            all_units = self.ctx.all_units
            self.metrics.append(
                Metric(
                    unit=unit,
                    metric="rank",
                    as_of=as_of,
                    value=Decimal(overall),
                    denominator=Decimal(all_units) if all_units is not None else None,
                    unit_of_measure="rank",
                    source=where,
                )
            )

        if total is not None or components:
            methodology = infer_methodology(components)
            self.scores.append(
                Snapshot(
                    unit=unit,
                    as_of=as_of,
                    total=total,
                    components=components or None,
                    rank=rank,
                    methodology=methodology.key if methodology else None,
                    period=self.ctx.period,
                    names=(unit.name,),
                    sources=(where,),
                )
            )
        overdue = _count(obj, "totalOverdue")
        if overdue is not None:
            if overdue < 0:
                raise SkipRecord(f"totalOverdue is negative: {overdue}")
            self.overdue.append(OverdueRecord(unit=unit, as_of=as_of, count=overdue, source=where))
        self._changes(found, unit, total, components, overall, where)
        self._unit_metrics(obj, unit, total, received, where)
        self._quality(obj, unit, where)

    def _single(
        self,
        unit: Unit,
        obj: Mapping[str, Any],
        score: Decimal | None,
        max_score: Decimal | None,
        components: dict[str, Decimal],
        no_data: bool,
        where: Provenance,
    ) -> None:
        if score is None or no_data:
            return
        key = self._single_key(obj, max_score)
        if key is None or key in components:
            self._metric(unit, "score", score, where, measure="points", maximum=max_score)
        else:
            components[key] = score

    def _metric(
        self,
        unit: Unit | None,
        metric: str,
        value: Decimal | None,
        where: Provenance,
        *,
        numerator: Decimal | None = None,
        denominator: Decimal | None = None,
        measure: str | None = None,
        maximum: Decimal | None = None,
        component: str | None = None,
        indicator: str | None = None,
        quality: str | None = None,
    ) -> None:
        if value is None and numerator is None and denominator is None:
            return
        self.metrics.append(
            Metric(
                unit=unit,
                metric=metric,
                component=component,
                indicator=indicator,
                as_of=self.ctx.as_of,
                value=value,
                numerator=numerator,
                denominator=denominator,
                unit_of_measure=measure,
                maximum=maximum,
                source=where,
                quality=quality,
            )
        )

    def _unit_metrics(
        self,
        obj: Mapping[str, Any],
        unit: Unit,
        total: Decimal | None,
        received: int | None,
        where: Provenance,
    ) -> None:
        for key in _DOSSIER_FIELDS:
            n = _count(obj, key)
            if n is not None:
                self._metric(unit, key, Decimal(n), where, measure="dossiers")
        if received != 0:
            self._metric(
                unit, "avgProcessingDays", _dec(obj, "avgProcessingDays"), where, measure="days"
            )
        ratio = _dec(obj, "ratio")
        on_time = _count(obj, "totalOnTime")
        # the ratio behind the unit's score of one group: of that group (endpoints differ)
        group = self._group_of(obj)
        if received is not None and on_time is not None:
            self._metric(
                unit,
                "ratio",
                None if received == 0 else ratio,
                where,
                component=group or "tien_do",
                numerator=Decimal(on_time),
                denominator=Decimal(received),
                measure="%",
            )
        elif ratio is not None and ratio != total:
            self._metric(unit, "ratio", ratio, where, component=group, measure="%")
        self._metric(unit, "growthPercent", _dec(obj, "growthPercent"), where, measure="%")
        self._metric(unit, "scoreDelta", _dec(obj, "scoreDelta"), where, measure="points")
        for key in _COUNT_FIELDS:
            n = _count(obj, key)
            if n is not None:
                self._metric(unit, key, Decimal(n), where, measure="units")
        for key, measure in _INPUT_COUNTS:
            n = _count(obj, key)
            if n is not None:
                self._metric(unit, key, Decimal(n), where, measure=measure)
        for key, value in obj.items():
            if isinstance(key, str) and key.startswith("rank_") and value is not None:
                group = self.keys.get(key.removeprefix("rank_"))
                n = _count(obj, key)
                self._metric(
                    unit,
                    "rank" if group in _COMPONENT_KEYS else key,
                    None if n is None else Decimal(n),
                    where,
                    component=group if group in _COMPONENT_KEYS else None,
                    measure="rank",
                )
        items = obj.get("metrics")
        if isinstance(items, list):
            for item in items:
                if isinstance(item, Mapping):
                    self._metric_item(unit, item, where)

    def _metric_item(self, unit: Unit, item: Mapping[str, Any], where: Provenance) -> None:
        name = text_field(item, ("code", "name"))
        if name is None:
            raise SkipRecord("a metric without code or name")
        status = item.get("dataQualityStatus")
        good = not isinstance(status, str) or status.upper() in _GOOD_QUALITY
        self._metric(
            unit,
            "ratio",
            _dec(item, "ratio"),
            where,
            indicator=name,
            numerator=_dec(item, "numerator"),
            denominator=_dec(item, "denominator"),
            measure="%",
            quality=None if good else str(status),
        )
        self._metric(
            unit,
            "score",
            _dec(item, "score"),
            where,
            indicator=name,
            measure="points",
            maximum=_dec(item, "maxScore"),
        )
        self._quality(item, unit, where, what=f"metric {name}")

    def _quality(
        self, obj: Mapping[str, Any], unit: Unit, where: Provenance, what: str = "data"
    ) -> None:
        status = obj.get("dataQualityStatus")
        message = obj.get("dataQualityMessage")
        if status is None and not message:
            return
        if isinstance(status, str) and status.upper() in _GOOD_QUALITY and not message:
            return
        self.findings.append(
            Finding(
                check="portal-data-quality",
                severity=Severity.WARNING,
                message=f"{unit.name}: the portal flags its {what}: {status}"
                + (f" ({message})" if message else ""),
                unit=unit.name,
                location=where,
            )
        )

    # -- changes -----------------------------------------------------------------------------

    def _changes(
        self,
        found: Found,
        unit: Unit,
        total: Decimal | None,
        components: Mapping[str, Decimal],
        overall: int | None,
        where: Provenance,
    ) -> None:
        obj = found.obj
        frm, to = self.ctx.from_date, self.ctx.as_of
        before = first(obj, BEFORE_KEYS)
        delta = first(obj, DELTA_KEYS)
        rank_before = _count(obj, "previousRankDaily")
        rank_after = overall if rank_before is not None else None
        key = fold(found.list_key)
        groups = ("gainers",) if "improver" in key or "gainer" in key else ()
        if before is not None or delta is not None:
            self.changes.append(
                Change(
                    unit=unit,
                    component=None,
                    from_date=frm,
                    to_date=to,
                    before=_dec(obj, before[0]) if before else None,
                    after=total,
                    delta=_dec(obj, delta[0]) if delta else None,
                    rank_before=rank_before,
                    rank_after=rank_after,
                    groups=groups,
                    source=where,
                )
            )
        deltas = obj.get("groupScoresDeltaDaily")
        if isinstance(deltas, Mapping):
            for code in deltas:
                comp = self.keys.get(str(code))
                if comp is None:
                    continue
                self.changes.append(
                    Change(
                        unit=unit,
                        component=comp,
                        from_date=frm,
                        to_date=to,
                        after=components.get(comp),
                        delta=_dec(deltas, code),
                        source=where,
                    )
                )
        if rank_before is not None or obj.get("rankChangeDaily") is not None:
            rank_change = _dec(obj, "rankChangeDaily")
            self.changes.append(
                Change(
                    unit=unit,
                    component="rank",
                    from_date=frm,
                    to_date=to,
                    before=None if rank_before is None else Decimal(rank_before),
                    after=None if rank_after is None else Decimal(rank_after),
                    delta=rank_change,
                    rank_before=rank_before,
                    rank_after=rank_after,
                    source=where,
                )
            )


def undated(ctx: FileContext, source: str) -> Finding | None:
    """The warning for a file that names no date (records then have none)."""
    if ctx.as_of is not None:
        return None
    months = ", ".join(ctx.months_with_data)
    extra = f" (its monthly chart has figures only for month {months})" if months else ""
    return Finding(
        check="undated-data",
        severity=Severity.WARNING,
        message=f"the file names no date or year{extra}, so its records carry no date",
        unit=None,
        location=Provenance(file=source),
    )
