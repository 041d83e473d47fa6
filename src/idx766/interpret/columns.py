"""What each column of a table holds, read from its header cells (never from its position)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from attrs import frozen

from idx766.components import TOTAL, match_label
from idx766.dates import DateFormatError, find_dates, parse_date
from idx766.text import clean, fold

__all__ = ["Column", "Role", "read_columns"]


class Role(StrEnum):
    """The role of a column."""

    ROW_NUMBER = "row_number"
    UNIT = "unit"
    INDICATOR = "indicator"
    COMPONENT = "component"
    TOTAL = "total"
    SCORE = "score"
    RANK = "rank"
    GAP = "gap"
    FROM = "from"
    TO = "to"
    DELTA = "delta"
    OVERDUE = "overdue"
    RATE = "rate"
    COUNT = "count"
    PAKN_CODE = "pakn_code"
    SENDER = "sender"
    RECEIVED = "received"
    SECTOR = "sector"
    HANDLER = "handler"
    TARGET = "target"
    OTHER = "other"


@frozen(kw_only=True)
class Column:
    """One column: its index, its header label, its role, and the component or date it names."""

    index: int
    label: str
    role: Role
    key: str | None = None
    on: date | None = None


_ROW_NUMBER = {"stt", "tt", "so tt", "so thu tu"}
_UNIT_WORDS = (
    "so nganh",
    "so ban nganh",
    "xa phuong",
    "ten co quan",
    "don vi",
    "tinh thanh pho",
    "co quan",
    "dia phuong",
    "ten don vi",
    "so ban nganh cua tinh",
    "xa phuong dac khu",
)
_INDICATOR_WORDS = ("chi so", "noi dung", "nhiem vu", "tieu chi")
_TARGET_WORDS = ("chi tieu", "muc tieu", "chi tieu dat", "chi tieu nam")


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]+", " ", fold(text)).split())


def _date_in(label: str, year: int | None) -> date | None:
    found = find_dates(label, default_year=year)
    if found:
        return found[-1][2]
    m = re.search(r"\b(\d{1,2}/\d{1,2}(?:/\d{4})?)\b", label)
    if m:
        try:
            return parse_date(m.group(1), default_year=year)
        except DateFormatError:
            return None
    return None


def _role(label: str, year: int | None) -> tuple[Role, str | None, date | None]:
    k = _key(label)
    when = _date_in(label, year)
    if not k:
        return Role.OTHER, None, None
    if k in _ROW_NUMBER:
        return Role.ROW_NUMBER, None, None
    if k.startswith(("so pakn", "ma pakn", "ma phan anh", "so phan anh")):
        return Role.PAKN_CODE, None, None
    if k.startswith(("ten nguoi gui", "nguoi gui")):
        return Role.SENDER, None, None
    if k.startswith("ngay tiep nhan"):
        return Role.RECEIVED, None, when
    if k == "linh vuc":
        return Role.SECTOR, None, None
    if k.startswith(("don vi xu ly", "co quan xu ly")):
        return Role.HANDLER, None, None
    # "Từ 18/5", or under a merged "Điểm" header "Điểm Từ 18/5"
    if " tu " in f" {k} " and when is not None:
        return Role.FROM, None, when
    if " den " in f" {k} " and when is not None:
        return Role.TO, None, when
    if k.startswith(("bien dong", "tang giam", "thay doi", "chenh lech")):
        return Role.DELTA, None, None
    if k.startswith("khoang cach"):
        return Role.GAP, None, None
    if k.startswith("xep hang") and "du lieu" not in k:
        return Role.RANK, None, None
    if "qua han" in k:
        return Role.OVERDUE, None, when
    if k.startswith("ty le"):
        return Role.RATE, None, when
    if k in _TARGET_WORDS:
        return Role.TARGET, None, None
    match = match_label(label)
    if match is not None:
        if match.key == TOTAL:
            return Role.TOTAL, None, when
        return Role.COMPONENT, match.key, when
    if k.startswith("diem"):
        return Role.SCORE, None, when
    if any(k == w or k.startswith(w + " ") for w in _INDICATOR_WORDS):
        return Role.INDICATOR, None, None
    if any(k == w or k.startswith(w + " ") for w in _UNIT_WORDS) or k in ("so", "xa"):
        return Role.UNIT, None, None
    if k.startswith(("so luong", "so ho so")):
        return Role.COUNT, None, when
    return Role.OTHER, None, when


def header_labels(header: Sequence[Sequence[str | None]], width: int) -> list[str]:
    """One label per column from one or more header rows, merged cells filled in.

    A ``None`` cell is covered by a merge: in the first row it takes the text on its left
    (a horizontal merge), below it the text above (a vertical merge). Parts are joined
    top-down without repeats.
    """
    filled: list[list[str]] = []
    for r, row in enumerate(header):
        out: list[str] = []
        for c in range(width):
            cell = row[c] if c < len(row) else ""
            if cell is None:
                # in the first row a merge can only come from the left; below, from above
                cell = out[c - 1] if r == 0 and c > 0 else (filled[r - 1][c] if r > 0 else "")
            out.append(clean(cell))
        filled.append(out)
    labels: list[str] = []
    for c in range(width):
        parts: list[str] = []
        for row_labels in filled:
            if row_labels[c] and row_labels[c] not in parts:
                parts.append(row_labels[c])
        labels.append(" ".join(parts))
    return labels


def read_columns(labels: Sequence[str], year: int | None) -> list[Column]:
    """The role of each column from its label (dates without a year take ``year``)."""
    columns = []
    for i, label in enumerate(labels):
        role, key, when = _role(label, year)
        columns.append(Column(index=i, label=label, role=role, key=key, on=when))
    return columns
