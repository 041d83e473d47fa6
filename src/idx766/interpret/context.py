"""What the running text says about a document: its kind, period, week, data date, province."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from attrs import frozen

from idx766.dates import find_dates, find_period, week_number
from idx766.interpret.blocks import Paragraph
from idx766.model import DocumentKind
from idx766.text import clean, fold

__all__ = ["DocumentContext", "read_text_context"]

_PROVINCE = re.compile(
    r"\b(?:tỉnh|TỈNH|Tỉnh)\s+((?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][\wÀ-ỹ]*)(?:\s+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][\wÀ-ỹ]*){0,3})"
)
_DATA_DATE = re.compile(r"^\W*(?:thoi diem va nguon|so lieu)|\bso lieu (?:duoc lay|tong hop)")
_NUMBER = re.compile(r"Số\s*:\s*([0-9A-Za-zĐđ./ -]*?/[A-ZĐa-zđ0-9-]+)")


@frozen(kw_only=True)
class DocumentContext:
    """Facts read from a document's paragraphs that its tables need for their dates and units."""

    kind: DocumentKind
    title: str | None
    number: str | None
    issue_date: date | None
    period: tuple[date, date] | None
    week: int | None
    data_date: date | None
    province: str | None

    @property
    def year(self) -> int | None:
        """The year tables without a year in their dates belong to."""
        for d in (self.period[1] if self.period else None, self.data_date, self.issue_date):
            if d is not None:
                return d.year
        return None

    @property
    def as_of(self) -> date | None:
        """The date single-date figures hold for: the data date, else the period's end."""
        if self.data_date is not None:
            return self.data_date
        return self.period[1] if self.period else None


def _kind(head: str) -> DocumentKind:
    text = fold(head)
    if "bao cao tuan" in text:
        return DocumentKind.WEEKLY_REPORT
    if "bieu duong" in text:
        return DocumentKind.COMMENDATION
    if re.search(r"\bchi thi\b", text):
        return DocumentKind.DIRECTIVE
    if "bao cao" in text or "bieu tong hop" in text:
        return DocumentKind.MONTHLY_REPORT
    return DocumentKind.UNKNOWN


def _province(texts: Sequence[str]) -> str | None:
    counts: dict[str, int] = {}
    for text in texts:
        for m in _PROVINCE.finditer(text):
            name = clean(m.group(1))
            if name.isupper():
                name = name.title()
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda n: counts[n]) if counts else None


def _issue_date(texts: Sequence[str]) -> date | None:
    for text in texts[:40]:
        if re.search(r",\s*ngày\s+\d", text):
            found = find_dates(text)
            if found:
                return found[0][2]
    return None


def _data_date(texts: Sequence[str], year: int | None) -> date | None:
    for text in texts:
        if _DATA_DATE.search(fold(text)):
            found = find_dates(text, default_year=year)
            if found:
                return found[-1][2]
    return None


def read_text_context(paragraphs: Sequence[Paragraph]) -> DocumentContext:
    """Read the context of a document from its paragraphs (in reading order)."""
    texts = [clean(p.text) for p in paragraphs if p.text.strip()]
    head = " ".join(texts[:12])
    period = None
    for text in texts:
        period = find_period(text)
        if period is not None:
            break
    issue = _issue_date(texts)
    year = period[1].year if period else (issue.year if issue else None)
    title = next((t for t in texts if t.isupper() and len(t) > 8), texts[0] if texts else None)
    number_match = next((m for t in texts[:15] if (m := _NUMBER.search(t))), None)
    return DocumentContext(
        kind=_kind(head),
        title=title,
        number=clean(number_match.group(1)) if number_match else None,
        issue_date=issue,
        period=period,
        week=next((w for t in texts[:12] if (w := week_number(t)) is not None), None),
        data_date=_data_date(texts, year),
        province=_province(texts),
    )
