"""Headline figures written in sentences: the province's total, rank and change.

"tỉnh Thái Nguyên đạt 96,77/100 điểm, xếp thứ 05/34 ...; tăng 0,05 điểm so với thời điểm ngày
18/5/2026 (từ 96,72 điểm lên 96,77 điểm)" gives the province's snapshot on the report's date and
the change of its total; "từ vị trí thứ 04 lên vị trí thứ 03" the change of its rank.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from idx766.interpret.blocks import Paragraph
from idx766.interpret.context import DocumentContext
from idx766.interpret.phrases import NUM, comparison
from idx766.interpret.reader import Extracted
from idx766.model import Change, Provenance, Snapshot, Unit
from idx766.numbers import parse_decimal
from idx766.text import clean
from idx766.units.document import DocumentUnits

__all__ = ["read_headline"]

_TOTAL = re.compile(rf"đạt\s+{NUM}\s*/\s*100\s*điểm", re.IGNORECASE)
_RANK = re.compile(r"xếp\s+(?:thứ|hạng)\s+(\d{1,2})\s*/\s*(\d{2})", re.IGNORECASE)
_RANK_MOVE = re.compile(
    r"từ\s+vị\s+trí\s+thứ\s+(\d{1,2})\s+(?:lên|xuống)\s+vị\s+trí\s+thứ\s+(\d{1,2})"
)
_RANK_OF = re.compile(r"bảng\s+xếp\s+hạng\s+(\d{2})\s+tỉnh")
_WINDOW = 500


def _dec(text: str) -> Decimal:
    return parse_decimal(text)


def read_headline(
    paragraphs: Sequence[Paragraph],
    ctx: DocumentContext,
    source: str,
    out: Extracted,
    units: DocumentUnits,
) -> None:
    """Add the province's headline snapshot (and the change of its total and rank) to ``out``."""
    if ctx.province is None:
        return
    for number, paragraph in enumerate(paragraphs):
        text = clean(paragraph.text)
        total = _TOTAL.search(text)
        if total is None:
            continue
        window = text[total.end() : total.end() + _WINDOW]
        where = Provenance(file=source, page=paragraph.page, row=number)
        unit = units.province_unit(where)
        if unit is None:
            return
        rank = _RANK.search(window)
        move = _RANK_MOVE.search(window)
        rank_of = _RANK_OF.search(window)
        after = _dec(total.group(1))
        rank_now = int(rank.group(1)) if rank else (int(move.group(2)) if move else None)
        of = int(rank.group(2)) if rank else (int(rank_of.group(1)) if rank_of else None)
        out.scores.append(
            Snapshot(
                unit=unit,
                as_of=ctx.as_of,
                total=after,
                rank=rank_now,
                rank_of=of,
                names=(unit.name,),
                sources=(where,),
            )
        )
        _headline_change(window, unit, after, ctx, where, out, move)
        return


def _headline_change(
    window: str,
    unit: Unit,
    after: Decimal,
    ctx: DocumentContext,
    where: Provenance,
    out: Extracted,
    move: re.Match[str] | None,
) -> None:
    said = comparison(window)
    if said is None or said.from_date is None:
        return
    from_date = said.from_date
    out.changes.append(
        Change(
            unit=unit,
            component=None,
            from_date=from_date,
            to_date=ctx.as_of,
            before=said.before,
            after=after,
            delta=said.delta,
            source=where,
        )
    )
    if move is not None:
        rb, ra = int(move.group(1)), int(move.group(2))
        out.changes.append(
            Change(
                unit=unit,
                component="rank",
                from_date=from_date,
                to_date=ctx.as_of,
                before=Decimal(rb),
                after=Decimal(ra),
                delta=Decimal(rb - ra),
                rank_before=rb,
                rank_after=ra,
                source=where,
            )
        )
