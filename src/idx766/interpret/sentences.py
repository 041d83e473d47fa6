"""Figures written in sentences, beyond the headline: components, months, named units, counts.

- component values: "Số hóa hồ sơ tăng 0,03 điểm, từ 20,96 điểm lên 20,99/22 điểm",
  "Công khai minh bạch đạt 14,6/18 điểm, giảm 0,5 điểm so với ngày 31/7/2023 (15,1 điểm)";
- month history: "tháng 01/2026, tỉnh Thái Nguyên đạt 96,56 điểm, xếp thứ 01/34";
- units named with their score: "Thanh tra tỉnh (94,67 điểm)" (only names the registry knows);
- counts: "có 10 đơn vị tăng điểm, 01 đơn vị giữ nguyên điểm số và 02 đơn vị giảm điểm",
  and the overdue total "số hồ sơ quá hạn theo Phụ lục II là 811 hồ sơ".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from idx766.components import COMPONENTS, infer_methodology
from idx766.interpret.blocks import Paragraph
from idx766.interpret.context import DocumentContext
from idx766.interpret.phrases import NUM, comparison
from idx766.interpret.reader import Extracted
from idx766.model import Change, Level, Metric, Period, Provenance, Snapshot
from idx766.numbers import parse_decimal, parse_int
from idx766.text import clean, fold
from idx766.units import resolve
from idx766.units.document import DocumentUnits
from idx766.vocabulary import group_of_text

__all__ = ["read_sentences"]

_LABELS = sorted(
    {
        v.lower()
        for c in COMPONENTS
        for v in (c.label, *c.variants)
        if not v.isupper() and "." not in v
    },
    key=len,
    reverse=True,
)
_LABEL = re.compile("|".join(re.escape(v) for v in _LABELS), re.IGNORECASE)
_LABEL_KEYS = {v: c.key for c in COMPONENTS for v in (c.label.lower(), *map(str.lower, c.variants))}
_VALUE = re.compile(rf"(?:lên|đạt)\s+{NUM}\s*(?:/\s*(\d{{1,3}}))?\s*điểm", re.IGNORECASE)
_VALUE_REACH = 60
_LARGEST_GROUP = max(c.max_points for c in COMPONENTS)
_PORTAL = re.compile(r"\bcổng\s*$", re.IGNORECASE)
_MONTH = re.compile(
    rf"tháng\s+(\d{{1,2}})/(\d{{4}}),?\s+(?:tỉnh\s+[^,]{{1,40}}?\s+)?đạt\s+{NUM}\s*điểm,\s*"
    r"xếp\s+thứ\s+(\d{1,2})\s*/\s*(\d{2})",
    re.IGNORECASE,
)
_NAMED = re.compile(rf"\(\s*{NUM}\s*điểm\s*\)")
_NAME_START = re.compile(r"[;:()]")
_COUNTS = re.compile(
    r"(\d{1,3})\s+đơn\s+vị\s+(tăng\s+điểm|giữ\s+nguyên|giảm\s+điểm)", re.IGNORECASE
)
# "có 03/06 chỉ số thành phần tăng điểm", "03/06 chỉ số duy trì ổn định", "không có chỉ số
# thành phần giảm điểm": how many of the province's groups moved each way
_COMPONENT_COUNTS = re.compile(
    r"(?:\b(\d{1,2})(?:\s*/\s*0?[56])?|\bkhông\s+có)\s+chỉ\s+số(?:\s+thành\s+phần)?\s+"
    r"(tăng\s+điểm|duy\s+trì\s+ổn\s+định|giữ\s+nguyên|giảm\s+điểm)",
    re.IGNORECASE,
)
_COMPONENT_MOVES = {
    "tang diem": "components_up",
    "duy tri on dinh": "components_unchanged",
    "giu nguyen": "components_unchanged",
    "giam diem": "components_down",
}
# "Nhóm 10 xã, phường dẫn đầu đạt từ 97,84 điểm đến 97,99 điểm": the scores a group spans
_RANGE = re.compile(rf"đạt\s+từ\s+{NUM}\s*(?:điểm\s+)?đến\s+{NUM}\s*điểm", re.IGNORECASE)
_OVERDUE_TOTAL = re.compile(
    r"số\s+hồ\s+sơ\s+quá\s+hạn[^.;]{0,60}?\blà\s+(\d[\d.]*)\s+hồ\s+sơ|"
    r"\btrong\s+(\d[\d.]*)\s+hồ\s+sơ\s+quá\s+hạn",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=\.)\s+|\n")


def _where(source: str, paragraph: Paragraph, number: int) -> Provenance:
    return Provenance(file=source, page=paragraph.page, row=number)


def read_sentences(
    paragraphs: Sequence[Paragraph],
    ctx: DocumentContext,
    source: str,
    out: Extracted,
    units: DocumentUnits,
) -> None:
    """Add the figures written in the document's sentences to ``out``."""
    for number, paragraph in enumerate(paragraphs):
        text = clean(paragraph.text)
        if not any(ch.isdigit() for ch in text):
            continue
        where = _where(source, paragraph, number)
        _components(text, ctx, where, out, units)
        _months(text, where, out, units)
        _named_scores(text, ctx, where, out, units)
        _counts(text, ctx, where, out)
        _component_counts(text, ctx, where, out, units)
        _group_ranges(text, ctx, where, out)
        _overdue_total(text, ctx, where, out, units)


def _components(
    text: str, ctx: DocumentContext, where: Provenance, out: Extracted, units: DocumentUnits
) -> None:
    found: dict[str, Decimal] = {}
    earlier: dict[date, dict[str, Decimal]] = {}
    # "Cổng Dịch vụ công quốc gia" names the portal, not the group "Dịch vụ công"
    labels = [m for m in _LABEL.finditer(text) if not _PORTAL.search(text[: m.start()])]
    for i, m in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        window = re.split(r";|\.\s", text[m.end() : end], maxsplit=1)[0]
        value = _VALUE.search(window)
        if value is None or value.start() > _VALUE_REACH or "lần lượt" in window.lower():
            continue
        key = _LABEL_KEYS[m.group(0).lower()]
        comp = next(c for c in COMPONENTS if c.key == key)
        if value.group(2) is not None and Decimal(value.group(2)) != comp.max_points:
            if key == "dvc_truc_tuyen" and value.group(2) == "22":
                key = "truc_tuyen"
            else:
                continue
        after = parse_decimal(value.group(1))
        if after > _LARGEST_GROUP:
            continue  # "đạt 80,18 điểm" near a list of the groups is the total, not a group
        found[key] = after
        change = _component_change(window, key, after, ctx, where, out, units)
        if change is not None and change.from_date is not None and change.before is not None:
            earlier.setdefault(change.from_date, {})[key] = change.before
    unit = units.province_unit(where) if found else None
    if unit is None:
        return
    for day, values in ((ctx.as_of, found), *earlier.items()):
        methodology = infer_methodology(values)
        out.scores.append(
            Snapshot(
                unit=unit,
                as_of=day,
                components=values,
                methodology=methodology.key if methodology else None,
                names=(unit.name,),
                sources=(where,),
            )
        )


def _component_change(
    window: str,
    key: str,
    after: Decimal,
    ctx: DocumentContext,
    where: Provenance,
    out: Extracted,
    units: DocumentUnits,
) -> Change | None:
    said = comparison(window, default_from=ctx.period[0] if ctx.period else None)
    if said is None or said.before is None:
        return None
    from_date, before, delta = said.from_date, said.before, said.delta
    unit = units.province_unit(where)
    if unit is None:
        return None
    change = Change(
        unit=unit,
        component=key,
        from_date=from_date,
        to_date=ctx.as_of,
        before=before,
        after=after,
        delta=delta,
        source=where,
    )
    out.changes.append(change)
    return change


def _months(text: str, where: Provenance, out: Extracted, units: DocumentUnits) -> None:
    for m in _MONTH.finditer(text):
        month, year = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            continue
        unit = units.province_unit(where)
        if unit is None:
            return
        period = Period.of_month(year, month)
        out.scores.append(
            Snapshot(
                unit=unit,
                as_of=period.end,
                period=period,
                total=parse_decimal(m.group(3)),
                rank=int(m.group(4)),
                rank_of=int(m.group(5)),
                names=(unit.name,),
                sources=(where,),
            )
        )


def _named_scores(
    text: str, ctx: DocumentContext, where: Provenance, out: Extracted, units: DocumentUnits
) -> None:
    for sentence in _SENTENCE_END.split(text):
        group = group_of_text(sentence)
        for m in _NAMED.finditer(sentence):
            before = _NAME_START.split(sentence[: m.start()])[-1][-80:]
            name = re.split(r":\s|\bgồm\b|\blà\b|\s\.\.\.", before)[-1]
            name = clean(name.removeprefix("và ").strip(" ,.…"))
            if not name:
                continue
            found = resolve(units.registry, name, province=units.province, on=ctx.as_of)
            if found.method not in ("exact", "alias") or found.unit is None:
                continue  # in prose, only names the registry knows are taken as units
            if found.unit.level != Level.PROVINCE and found.unit.province != units.province:
                continue  # "Sở Tư pháp" of a document that names no province is nobody's
            unit = units.unit(name, level=found.unit.level if found.unit else None, where=where)
            out.scores.append(
                Snapshot(
                    unit=unit,
                    as_of=ctx.as_of,
                    total=parse_decimal(m.group(1)),
                    groups=(group,) if group else (),
                    names=(name,),
                    sources=(where,),
                )
            )


def _scope(sentence: str) -> tuple[Level | None, str | None]:
    """The level and the group of units a sentence counts ("các xã dẫn đầu")."""
    folded = fold(sentence)
    level = (
        Level.COMMUNE
        if "xa" in folded.split() or "xa, phuong" in folded or "xa phuong" in folded
        else Level.DEPARTMENT
        if "so, ban" in folded or "so, nganh" in folded or "so ban nganh" in folded
        else None
    )
    return level, group_of_text(sentence)


def _counts(text: str, ctx: DocumentContext, where: Provenance, out: Extracted) -> None:
    names = {"tang diem": "units_up", "giu nguyen": "units_unchanged", "giam diem": "units_down"}
    offset = 0
    for sentence in _SENTENCE_END.split(text):
        start, offset = text.find(sentence, offset), offset + len(sentence)
        found = list(_COUNTS.finditer(sentence))
        if len(found) < 2:
            continue
        # "trong nhóm này": the group and level are named earlier in the paragraph
        level, group = _scope(sentence[: found[0].start()])
        if level is None and group is None:
            level, group = _scope(text[: max(start, 0)])
        for m in found:
            out.metrics.append(
                Metric(
                    unit=None,
                    metric=names[" ".join(fold(m.group(2)).split())],
                    units_level=level,
                    units_group=group,
                    as_of=ctx.as_of,
                    value=Decimal(int(m.group(1))),
                    unit_of_measure="đơn vị",
                    source=where,
                )
            )


def _group_ranges(text: str, ctx: DocumentContext, where: Provenance, out: Extracted) -> None:
    """The lowest and highest score of a named group of units, as a sentence states them."""
    for sentence in _SENTENCE_END.split(text):
        for m in _RANGE.finditer(sentence):
            level, group = _scope(sentence[: m.start()])
            if group is None or level is None:
                continue  # a range of no named group: nothing to hold it against
            low, high = sorted((parse_decimal(m.group(1)), parse_decimal(m.group(2))))
            for metric, value in (("score_low", low), ("score_high", high)):
                out.metrics.append(
                    Metric(
                        unit=None,
                        metric=metric,
                        units_level=level,
                        units_group=group,
                        as_of=ctx.as_of,
                        value=value,
                        unit_of_measure="điểm",
                        source=where,
                    )
                )


def _component_counts(
    text: str, ctx: DocumentContext, where: Provenance, out: Extracted, units: DocumentUnits
) -> None:
    """How many of the province's component groups rose, held or fell, as a sentence says."""
    for m in _COMPONENT_COUNTS.finditer(text):
        unit = units.province_unit(where)
        if unit is None:
            return
        out.metrics.append(
            Metric(
                unit=unit,
                metric=_COMPONENT_MOVES[" ".join(fold(m.group(2)).split())],
                as_of=ctx.as_of,
                value=Decimal(int(m.group(1)) if m.group(1) else 0),
                unit_of_measure="chỉ số",
                source=where,
            )
        )


def _overdue_total(
    text: str, ctx: DocumentContext, where: Provenance, out: Extracted, units: DocumentUnits
) -> None:
    for m in _OVERDUE_TOTAL.finditer(text):
        count = parse_int(m.group(1) or m.group(2))
        unit = units.province_unit(where)
        out.metrics.append(
            Metric(
                unit=unit,
                metric="overdue_total",
                as_of=ctx.as_of,
                value=Decimal(count),
                unit_of_measure="hồ sơ",
                source=where,
            )
        )
