"""Phrases of comparison the reports write, read in one place for the headline and the groups.

"tăng 0,05 điểm so với thời điểm ngày 18/5/2026 (từ 96,72 điểm lên 96,77 điểm)",
"giảm 0,5 điểm so với ngày 31/7/2023 (15,1 điểm)", "giữ nguyên": the earlier date, the earlier
value and the signed change.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from attrs import frozen

from idx766.dates import DateFormatError, parse_date
from idx766.numbers import parse_decimal

__all__ = ["DATE", "NUM", "Comparison", "comparison"]

NUM = r"(\d{1,3}(?:,\d{1,2})?)"
DATE = r"(\d{1,2}/\d{1,2}/\d{4})"
_FROM = re.compile(rf"từ\s+{NUM}\s*điểm\s+(?:lên|xuống)", re.IGNORECASE)
_SINCE = re.compile(
    rf"so\s+với\s+(?:thời\s+điểm\s+)?ngày\s+{DATE}(?:\s*\(\s*{NUM}\s*điểm\s*\))?",
    re.IGNORECASE,
)
_DELTA = re.compile(rf"\b(tăng|giảm)\s+{NUM}\s*điểm", re.IGNORECASE)


@frozen(kw_only=True)
class Comparison:
    """What a sentence compares a figure with: the date, the value then, the change."""

    from_date: date | None
    before: Decimal | None
    delta: Decimal | None


def comparison(text: str, *, default_from: date | None = None) -> Comparison | None:
    """The comparison a stretch of text makes; None if it names an impossible date.

    The date is the one after "so với (thời điểm) ngày", else ``default_from``; the earlier
    value comes from "từ A điểm lên" or from "(Y điểm)" after the date; "giữ nguyên" is a
    change of 0.
    """
    since = _SINCE.search(text)
    from_date = default_from
    before = None
    if since is not None:
        try:
            from_date = parse_date(since.group(1))
        except DateFormatError:
            return None
        if since.group(2):
            before = parse_decimal(since.group(2))
    before_m = _FROM.search(text)
    if before_m:
        before = parse_decimal(before_m.group(1))
    delta_m = _DELTA.search(text)
    delta = None
    if delta_m:
        delta = parse_decimal(delta_m.group(2))
        delta = -delta if delta_m.group(1).lower() == "giảm" else delta
    elif "giữ nguyên" in text.lower():
        delta = Decimal(0)
    return Comparison(from_date=from_date, before=before, delta=delta)
