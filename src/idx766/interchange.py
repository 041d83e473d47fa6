"""The interchange format: one JSON object per parsed file, and its exact inverse.

``dumps(records)`` prints ``{"document", "scores", "changes", "overdue", "pakn", "metrics",
"targets", "findings"}``; numbers are JSON numbers written with exactly the digits that were
printed in the source (``75.7`` stays ``75.7``, ``95.50`` stays ``95.50``), dates are ISO.
``loads(dumps(r)) == r`` and ``dumps(loads(text)) == text`` for any text ``dumps`` wrote.
The model itself knows nothing of this format (serialization is kept outside the model).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from idx766.model import (
    Aggregate,
    Change,
    Document,
    Finding,
    Level,
    Metric,
    OverdueRecord,
    Pakn,
    Period,
    Provenance,
    Records,
    Snapshot,
    Target,
    Unit,
)

__all__ = [
    "KINDS",
    "document_dict",
    "dump_value",
    "dumps",
    "finding_dict",
    "from_dict",
    "loads",
    "record_dict",
    "record_dicts",
    "to_dict",
]

KINDS = ("scores", "changes", "overdue", "pakn", "metrics", "targets", "findings")

Json = dict[str, Any]


# -- model -> plain data ---------------------------------------------------------------------


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _prov(p: Provenance | None) -> Json | None:
    if p is None:
        return None
    return {"file": p.file, "page": p.page, "table": p.table, "row": p.row, "sheet": p.sheet}


def _unit(u: Unit | None) -> Json:
    if u is None:
        return {
            "unit": None,
            "unit_key": None,
            "unit_code": None,
            "unit_portal_id": None,
            "level": None,
            "province": None,
        }
    return {
        "unit": u.name,
        "unit_key": u.key,
        "unit_code": u.code,
        "unit_portal_id": u.portal_id,
        "level": u.level.value if u.level else None,
        "province": u.province,
    }


def _snapshot(s: Snapshot) -> Json:
    comps = None if s.components is None else {c.component: c.value for c in s.components}
    return {
        **_unit(s.unit),
        "as_of": _iso(s.as_of),
        "total": s.total,
        "rank": s.rank,
        "rank_of": s.rank_of,
        "components": comps,
        "methodology": s.methodology,
        "period": s.period.label if s.period is not None else None,
        "groups": list(s.groups),
        "names": list(s.names),
        "sources": [_prov(p) for p in s.sources],
    }


def _change(c: Change) -> Json:
    return {
        **_unit(c.unit),
        "component": c.component,
        "from": _iso(c.from_date),
        "to": _iso(c.to_date),
        "before": c.before,
        "after": c.after,
        "delta": c.delta,
        "rank_before": c.rank_before,
        "rank_after": c.rank_after,
        "groups": list(c.groups),
        "source": _prov(c.source),
        "also": [_prov(p) for p in c.also],
    }


def _overdue(o: OverdueRecord) -> Json:
    return {
        **_unit(o.unit),
        "as_of": _iso(o.as_of),
        "count": o.count,
        "source": _prov(o.source),
        "also": [_prov(p) for p in o.also],
    }


def _pakn(p: Pakn) -> Json:
    u = _unit(p.unit)
    return {
        "code": p.code,
        "code_date": _iso(p.code_date),
        "sender": p.sender,
        "received_on": _iso(p.received_on),
        "field": p.sector,
        "unit": u["unit"],
        "unit_key": u["unit_key"],
        "unit_code": u["unit_code"],
        "unit_portal_id": u["unit_portal_id"],
        "level": u["level"],
        "province": u["province"],
        "source": _prov(p.source),
    }


def _metric(m: Metric) -> Json:
    return {
        **_unit(m.unit),
        "metric": m.metric,
        "component": m.component,
        "indicator": m.indicator,
        "aggregate": m.aggregate.value if m.aggregate else None,
        "units_level": m.units_level.value if m.units_level else None,
        "units_group": m.units_group,
        "section": list(m.section),
        "as_of": _iso(m.as_of),
        "value": m.value,
        "numerator": m.numerator,
        "denominator": m.denominator,
        "measure": m.unit_of_measure,
        "maximum": m.maximum,
        "quality": m.quality,
        "source": _prov(m.source),
        "also": [_prov(p) for p in m.also],
    }


def _target(t: Target) -> Json:
    return {
        "indicator": t.indicator,
        "op": t.op,
        "value": t.value,
        "unit": t.unit_of_measure,
        "source": _prov(t.source),
    }


def finding_dict(f: Finding) -> Json:
    """One finding as interchange data."""
    return {
        "check": f.check,
        "severity": f.severity.value,
        "unit": f.unit,
        "message": f.message,
        "location": _prov(f.location),
    }


def _document(d: Document) -> Json:
    return {
        "kind": d.kind.value,
        "title": d.title,
        "number": d.number,
        "issuer": d.issuer,
        "issue_date": _iso(d.issue_date),
        "period_start": _iso(d.period_start),
        "period_end": _iso(d.period_end),
        "week": d.week,
        "province": d.province,
        "source": d.source,
        "sha256": d.sha256,
        "parser": d.parser,
    }


_TO: dict[str, Callable[[Any], Json]] = {
    "scores": _snapshot,
    "changes": _change,
    "overdue": _overdue,
    "pakn": _pakn,
    "metrics": _metric,
    "targets": _target,
    "findings": finding_dict,
}


def record_dict(kind: str, record: Any) -> Json:
    """One record of a kind (``scores``, ``changes``...) as a plain dict."""
    return _TO[kind](record)


def document_dict(document: Document) -> Json:
    """A document as a plain dict."""
    return _document(document)


def record_dicts(records: Records, kind: str) -> list[Json]:
    """The records of one kind as plain dicts (Decimal values kept as Decimal)."""
    return [_TO[kind](r) for r in getattr(records, kind)]


def to_dict(records: Records) -> Json:
    """The whole interchange object as plain data (Decimal values kept as Decimal)."""
    out: Json = {"document": _document(records.document)}
    for kind in KINDS:
        out[kind] = record_dicts(records, kind)
    return out


# -- plain data -> model ---------------------------------------------------------------------


def _d(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        return Decimal(value)
    raise TypeError(f"not a number: {value!r}")


def _date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _from_prov(value: Mapping[str, Any] | None) -> Provenance | None:
    if value is None:
        return None
    return Provenance(
        file=value["file"],
        page=value.get("page"),
        table=value.get("table"),
        row=value.get("row"),
        sheet=value.get("sheet"),
    )


def _from_unit(obj: Mapping[str, Any]) -> Unit | None:
    if obj.get("unit") is None:
        return None
    level = obj.get("level")
    return Unit(
        name=obj["unit"],
        key=obj["unit_key"],
        level=Level(level) if level else None,
        province=obj.get("province"),
        code=obj.get("unit_code"),
        portal_id=obj.get("unit_portal_id"),
    )


def _also(obj: Mapping[str, Any]) -> tuple[Provenance, ...]:
    return tuple(p for p in map(_from_prov, obj.get("also", ())) if p is not None)


def _req_unit(obj: Mapping[str, Any]) -> Unit:
    unit = _from_unit(obj)
    if unit is None:
        raise ValueError("record without a unit")
    return unit


def _from_snapshot(o: Mapping[str, Any]) -> Snapshot:
    comps = o.get("components")
    return Snapshot(
        unit=_req_unit(o),
        as_of=_date(o.get("as_of")),
        total=_d(o.get("total")),
        rank=o.get("rank"),
        rank_of=o.get("rank_of"),
        components=None if comps is None else {k: _d(v) for k, v in comps.items()},
        methodology=o.get("methodology"),
        period=Period.from_label(o["period"]) if o.get("period") else None,
        groups=tuple(o.get("groups", ())),
        names=tuple(o.get("names", ())),
        sources=tuple(p for p in map(_from_prov, o.get("sources", ())) if p is not None),
    )


def _from_change(o: Mapping[str, Any]) -> Change:
    return Change(
        unit=_req_unit(o),
        component=o.get("component"),
        from_date=_date(o.get("from")),
        to_date=_date(o.get("to")),
        before=_d(o.get("before")),
        after=_d(o.get("after")),
        delta=_d(o.get("delta")),
        rank_before=o.get("rank_before"),
        rank_after=o.get("rank_after"),
        groups=tuple(o.get("groups", ())),
        source=_from_prov(o.get("source")),
        also=_also(o),
    )


def _from_overdue(o: Mapping[str, Any]) -> OverdueRecord:
    return OverdueRecord(
        unit=_req_unit(o),
        as_of=_date(o.get("as_of")),
        count=int(o["count"]),
        source=_from_prov(o.get("source")),
        also=_also(o),
    )


def _from_pakn(o: Mapping[str, Any]) -> Pakn:
    return Pakn(
        code=o["code"],
        sender=o.get("sender"),
        received_on=_date(o.get("received_on")),
        sector=o.get("field"),
        unit=_from_unit(o),
        source=_from_prov(o.get("source")),
    )


def _from_metric(o: Mapping[str, Any]) -> Metric:
    aggregate, level = o.get("aggregate"), o.get("units_level")
    return Metric(
        unit=_from_unit(o),
        metric=o["metric"],
        component=o.get("component"),
        indicator=o.get("indicator"),
        aggregate=Aggregate(aggregate) if aggregate else None,
        units_level=Level(level) if level else None,
        units_group=o.get("units_group"),
        section=tuple(o.get("section", ())),
        as_of=_date(o.get("as_of")),
        value=_d(o.get("value")),
        numerator=_d(o.get("numerator")),
        denominator=_d(o.get("denominator")),
        unit_of_measure=o.get("measure"),
        maximum=_d(o.get("maximum")),
        source=_from_prov(o.get("source")),
        also=_also(o),
        quality=o.get("quality"),
    )


def _from_target(o: Mapping[str, Any]) -> Target:
    value = _d(o["value"])
    assert value is not None
    return Target(
        indicator=o["indicator"],
        op=o["op"],
        value=value,
        unit_of_measure=o.get("unit"),
        source=_from_prov(o.get("source")),
    )


def _from_finding(o: Mapping[str, Any]) -> Finding:
    return Finding(
        check=o["check"],
        severity=o["severity"],
        message=o["message"],
        unit=o.get("unit"),
        location=_from_prov(o.get("location")),
    )


def _from_document(o: Mapping[str, Any]) -> Document:
    return Document(
        kind=o["kind"],
        title=o.get("title"),
        number=o.get("number"),
        issuer=o.get("issuer"),
        issue_date=_date(o.get("issue_date")),
        period_start=_date(o.get("period_start")),
        period_end=_date(o.get("period_end")),
        week=o.get("week"),
        province=o.get("province"),
        source=o["source"],
        sha256=o["sha256"],
        parser=o["parser"],
    )


_FROM: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "scores": _from_snapshot,
    "changes": _from_change,
    "overdue": _from_overdue,
    "pakn": _from_pakn,
    "metrics": _from_metric,
    "targets": _from_target,
    "findings": _from_finding,
}


def from_dict(obj: Mapping[str, Any]) -> Records:
    """Rebuild :class:`Records` from the interchange object (as ``to_dict`` or JSON gives it)."""
    kwargs = {kind: tuple(_FROM[kind](o) for o in obj.get(kind, ())) for kind in KINDS}
    return Records(document=_from_document(obj["document"]), **kwargs)


# -- JSON text -------------------------------------------------------------------------------


_string = json.encoder.encode_basestring  # what json.dumps(text, ensure_ascii=False) writes


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _scalar(value: Any) -> str | None:
    """The JSON of a number, date, string, boolean or None (what ``json.dumps`` writes, and
    Decimal as it is); None for a container."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return _string(value.isoformat())
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return _string(value)
    return None


class _Writer:
    """JSON text in pieces: the newline and indent of each depth made once."""

    def __init__(self, indent: int | None) -> None:
        self.indent = indent
        self.out: list[str] = []
        self.breaks: list[str] = []

    def newline(self, level: int) -> str:
        if self.indent is None:
            return ""
        while len(self.breaks) <= level:
            self.breaks.append("\n" + " " * (self.indent * len(self.breaks)))
        return self.breaks[level]

    def write(self, value: Any, level: int) -> None:
        out = self.out
        cls = type(value)
        if cls is str:
            out.append(_string(value))
            return
        if cls is not dict and cls is not list and cls is not tuple:
            text = _scalar(value)
            if text is not None:
                out.append(text)
                return
        if isinstance(value, Mapping):
            if not value:
                out.append("{}")
                return
            inner, close = self.newline(level + 1), self.newline(level) + "}"
            sep = "," + inner
            out.append("{" + inner)
            first = True
            for k, v in value.items():
                if not first:
                    out.append(sep)
                first = False
                out.append(_string(str(k)) + ": ")
                self.write(v, level + 1)
            out.append(close)
        elif isinstance(value, list | tuple):
            if not value:
                out.append("[]")
                return
            inner, close = self.newline(level + 1), self.newline(level) + "]"
            sep = "," + inner
            out.append("[" + inner)
            first = True
            for v in value:
                if not first:
                    out.append(sep)
                first = False
                self.write(v, level + 1)
            out.append(close)
        else:
            raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def dump_value(value: Any, *, indent: int | None = 2, level: int = 0) -> str:
    """JSON text for plain data with Decimal numbers written exactly as they are; ``level`` is
    the depth it sits at in a text written around it (its inner lines indented so much more)."""
    writer = _Writer(indent)
    writer.write(value, level)
    return "".join(writer.out)


def dumps(records: Records, *, indent: int | None = 2) -> str:
    """The interchange JSON text of one file's records."""
    return dump_value(to_dict(records), indent=indent)


def loads(text: str) -> Records:
    """Records from interchange JSON text (numbers read as Decimal, never float)."""
    return from_dict(json.loads(text, parse_float=Decimal))
