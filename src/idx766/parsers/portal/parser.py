"""The ``portal-json`` parser: saved API responses and crawler files of the national portal."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from attrs import evolve

from idx766.errors import NotAReportError
from idx766.group_codes import CodeDecision, decide_online
from idx766.hashing import file_sha256
from idx766.merge import merge_records
from idx766.model import Document, DocumentKind, Finding, Level, Provenance, Records, Severity
from idx766.parsers import sniff
from idx766.parsers.base import ParseOptions, Probe
from idx766.parsers.portal.build import RecordBuilder, undated
from idx766.parsers.portal.capture import dated_by_manifest
from idx766.parsers.portal.load import as_decimal, load_json
from idx766.parsers.portal.meta import FileContext, read_json_context
from idx766.parsers.portal.walk import GROUP_DICT_KEYS, Found, Kind, find_records, unit_code
from idx766.units import default_registry
from idx766.units.document import DocumentUnits, province_name
from idx766.vocabulary import PROVINCE_CODE

__all__ = ["PortalJsonParser"]


def _order(found: Found) -> tuple[int, int]:
    """Aggregates first, then lists from the longest, then single objects (stable)."""
    if found.kind is Kind.AGGREGATE:
        return (0, 0)
    if found.list_size is not None:
        return (1, -found.list_size)
    return (2, 0)


def _code_values(units: list[Found]) -> tuple[dict[str, list[Decimal]], bool]:
    """Every value of the online codes, and whether they come as flat old-service columns."""
    flat: dict[str, list[Decimal]] = {}
    nested: dict[str, list[Decimal]] = {}
    for found in units:
        obj = found.obj
        for code in ("TTTT", "CLGQ", "ONLINE"):
            try:
                if code in obj and (v := as_decimal(obj[code])) is not None:
                    flat.setdefault(code, []).append(v)
                for key in GROUP_DICT_KEYS:
                    groups = obj.get(key)
                    if (
                        isinstance(groups, Mapping)
                        and code in groups
                        and (v := as_decimal(groups[code])) is not None
                    ):
                        nested.setdefault(code, []).append(v)
            except ValueError:
                continue  # reported when the record itself is read
    if "TTTT" in flat and ("CLGQ" in flat or "ONLINE" in flat):
        return flat, True
    return nested, False


def _province_of(found: list[Found], ctx: FileContext, options: ParseOptions) -> str | None:
    """The province a file is about: its metadata's, else the one all its unit codes share,
    else (an endpoint without codes) the one unit the portal types as ``PROVINCE``."""
    if ctx.subject is not None:
        return province_name(ctx.subject.name)
    prefixes = {c.split(".", 1)[0] for f in found if (c := unit_code(f.obj))}
    if len(prefixes) == 1:
        [code] = prefixes
        for f in found:
            if unit_code(f.obj) == code:
                name = f.obj.get("departmentName") or f.obj.get("TEN")
                if isinstance(name, str):
                    return province_name(name)
    if not prefixes:
        roots = {
            f.obj.get("departmentName") for f in found if f.obj.get("departmentType") == "PROVINCE"
        }
        if len(roots) == 1 and isinstance(name := next(iter(roots)), str):
            return province_name(name)
    return options.province


def _not_a_report(path: Path, root: Any, found: list[Found]) -> NotAReportError:
    directory = sum(1 for f in found if f.kind is Kind.DIRECTORY)
    if directory:
        return NotAReportError(
            path, f"{directory} units are named but none has a figure (a list of units)"
        )
    if isinstance(root, Mapping) and root.get("code") not in (None, "OK", 0, 200, "200"):
        return NotAReportError(
            path, f"the portal answered {root.get('code')!r}: {root.get('message') or ''}"
        )
    return NotAReportError(path, "no unit records (no object that names a unit and holds figures)")


def _with_rank_of(builder: RecordBuilder, scopes: list[str | None], ctx: FileContext) -> None:
    """Give each ranked snapshot the size of the ranking it belongs to."""
    groups: dict[tuple[str | None, Level | None, str | None], list[int]] = {}
    for i, (snap, scope) in enumerate(zip(builder.scores, scopes, strict=True)):
        if snap.rank is None or scope is None:
            continue
        sheet = snap.sources[0].sheet if snap.sources else None
        level = snap.unit.level if scope == "group" else None
        groups.setdefault((sheet, level, scope), []).append(i)
    for (_, level, scope), members in groups.items():
        n = len(members)
        top = max(builder.scores[i].rank or 0 for i in members)
        size: int | None = None
        if scope == "group" and level is not None and level in ctx.level_counts:
            size = ctx.level_counts[level]
        elif top <= n:
            size = n
        elif scope == "all" and ctx.all_units is not None and top <= ctx.all_units:
            size = ctx.all_units
        if size is not None and top <= size:
            for i in members:
                builder.scores[i] = evolve(builder.scores[i], rank_of=size)


class PortalJsonParser:
    """Saved responses of the portal's JSON API and the files public crawlers save."""

    name = "portal-json"
    description = "Portal data in JSON: API responses, crawler files, old-service rows"
    suffixes = (".json",)

    def sniff(self, probe: Probe) -> float:
        """JSON (``{`` or ``[`` first): 0.9 for ``.json``, 1.0 with the portal's field names."""
        return sniff.portal_json(probe)

    def parse(self, path: Path, options: ParseOptions) -> Records:
        """Read every unit record of the file into records (see ``docs/portal-data.md``)."""
        root = load_json(path, options.max_file_bytes)
        sha256 = file_sha256(path)
        ctx = dated_by_manifest(read_json_context(root), path, sha256)
        found = list(find_records(root))
        readable = [f for f in found if f.kind is not Kind.DIRECTORY]
        if not readable:
            raise _not_a_report(path, root, found)
        source = str(path)
        units = [f for f in readable if f.kind is Kind.UNIT]
        values, flat = _code_values(units)
        decision: CodeDecision = decide_online(values, letters_trusted=not flat)
        province = _province_of(units, ctx, options)
        maker = DocumentUnits(options.registry or default_registry(), province, ctx.as_of)
        if ctx.subject is not None:
            maker.know_province(ctx.subject.code, ctx.subject.name)
        for f in units:
            code = unit_code(f.obj)
            name = f.obj.get("departmentName") or f.obj.get("TEN")
            if code and PROVINCE_CODE.match(code) and isinstance(name, str):
                maker.know_province(code, name)
        builder = RecordBuilder(source=source, ctx=ctx, units=maker, keys=decision.keys)
        scopes: list[str | None] = []
        for f in sorted(readable, key=_order):
            before = len(builder.scores)
            builder.read(f)
            if len(builder.scores) > before:
                scopes.append(_rank_scope(f.obj))
        if isinstance(root, Mapping) and builder.aggregate_name is not None:
            top = Found(
                kind=Kind.AGGREGATE, obj=root, path="", index=None, list_size=None, list_key=""
            )
            for key in ("growthPercent",):
                if key in root:
                    builder.national_scalar(key, root[key], top)
        _with_rank_of(builder, scopes, ctx)
        merged = merge_records(builder.scores, builder.changes, builder.overdue, builder.metrics)
        scores, changes, overdue, metrics = (
            merged.scores,
            merged.changes,
            merged.overdue,
            merged.metrics,
        )
        findings: list[Finding] = []
        if decision.message is not None:
            findings.append(
                Finding(
                    check="ambiguous-group-code",
                    severity=Severity.WARNING,
                    message=decision.message,
                    location=Provenance(file=source),
                )
            )
        if (missing := undated(ctx, source)) is not None:
            findings.append(missing)
        findings.extend([*builder.findings, *maker.findings, *merged.findings])
        if not (scores or changes or overdue or metrics):
            reasons = "; ".join(f.message for f in builder.findings[:3])
            raise NotAReportError(path, f"no figure could be read ({reasons or 'no figures'})")
        return Records(
            document=Document(
                kind=DocumentKind.PORTAL_DATA,
                source=source,
                sha256=sha256,
                parser=self.name,
                period_start=ctx.period.start if ctx.period else None,
                period_end=ctx.as_of,
                province=province,
            ),
            scores=scores,
            changes=changes,
            overdue=overdue,
            metrics=metrics,
            findings=tuple(findings),
        )


def _rank_scope(obj: Mapping[str, Any]) -> str | None:
    if obj.get("groupRank") is not None:
        return "group"
    if any(obj.get(k) is not None for k in ("rank", "currentRank", "ROW_STT")):
        return "all"
    return None
