"""One vocabulary: what every header, label, code and row word of a 766 table means.

Every reader asks here, whatever the format: the table interpreter (DOCX, PDF, XLSX, CSV) for
its column headers, row labels and table headings, the portal parser for the fields of its JSON
records. Words are compared folded (no diacritics, lower case, punctuation as spaces), so
"Thứ hạng", "THỨ HẠNG" and "thu_hang" are one word.

* **Components**: the group labels and their variants, abbreviations and portal codes
  (:data:`idx766.components.COMPONENTS` lists them; :func:`match_label` reads a label), and the
  total ("Tổng điểm", ``TONG_SCORE``).
* **Columns**: :func:`column_role` says what a header holds (a unit name, a portal code, a rank,
  a row number, a score, a count, a date...). The portal's field names (``TEN``,
  ``departmentName``, ``MA_COQUAN``, ``ROW_STT``...) are header words too.
* **Rows**: :func:`aggregate_of` reads aggregate rows (``TỔNG SỐ``, ``TỔNG CỘNG``, ``Trung
  bình``, ``Cả nước``): figures about no one unit, never units.
* **Levels and groups**: :func:`level_of_words` reads the level a header, heading or sheet name
  names ("Xã, phường", "Sở Ban"); :data:`LEVEL_CODES` the portal's ``LOAI_COQUAN``;
  :func:`portal_level` the portal's ``level`` / ``childGroup``; :func:`group_of_text` a heading's
  group of units (leaders, laggards, gainers).
* **Periods**: :func:`period_kind_of` reads the span a sheet name or table title names ("Điểm
  năm", "Điểm tháng").
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum

from attrs import field, frozen

from idx766.components import COMPONENTS, TOTAL
from idx766.dates import DateFormatError, find_dates, parse_date
from idx766.model import Aggregate, Level, PeriodKind, level_from_name
from idx766.text import fold

__all__ = [
    "CODE_FIELDS",
    "CODE_KEYS",
    "ID_KEYS",
    "LEVEL_CODES",
    "NAME_KEYS",
    "ONLINE_CODES",
    "PROVINCE_CODE",
    "RANK_KEYS",
    "TOTAL",
    "TOTAL_KEYS",
    "UNIT_CODE",
    "LabelMatch",
    "Role",
    "aggregate_of",
    "column_role",
    "group_of_text",
    "level_of_words",
    "match_label",
    "normal_code",
    "period_kind_of",
    "portal_level",
    "words",
]


def words(text: str) -> str:
    """``text`` folded to the words it is compared by: "Thứ hạng (*)" -> "thu hang"."""
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", fold(text).replace("_", " ")).split())


# -- components ---------------------------------------------------------------------------------

CODE_KEYS: dict[str, str] = {code: c.key for c in COMPONENTS for code in c.codes}
"""The portal's group codes (``CKMB``, ``TDGQ``...) and the component key each stands for."""
ONLINE_CODES = ("CLGQ", "ONLINE", "TTTT")
"""The codes whose letters the older portal service does not use consistently."""


@frozen(kw_only=True)
class LabelMatch:
    """What a printed label (a header cell, a phrase) denotes: a component key or ``total``."""

    key: str
    printed: str
    max_hint: Decimal | None = field(default=None)


_MAX_HINT = re.compile(r"\(\s*(\d{1,3})\s*(?:điểm)?\s*\)\s*$", re.IGNORECASE)
_TOTAL_WORDS = frozenset(
    ("tong diem", "tong", "diem tong hop", "tong so diem", "tong score", "total score")
)


def _variant_table() -> list[tuple[str, str]]:
    pairs = [(words(p), c.key) for c in COMPONENTS for p in (c.label, *c.variants, *c.codes)]
    # longest first, so "dich vu cong truc tuyen" wins over "dich vu cong"
    pairs.sort(key=lambda p: len(p[0]), reverse=True)
    return pairs


_VARIANTS = _variant_table()


def match_label(label: str) -> LabelMatch | None:
    """Map a printed label to a component key or to ``total``; None if it names neither.

    A trailing maximum such as "(18)" is read as a hint and disambiguates the online groups:
    "Dịch vụ trực tuyến (22)" is the five-group ``truc_tuyen``.
    """
    text = label.strip()
    hint_match = _MAX_HINT.search(text)
    hint = Decimal(hint_match.group(1)) if hint_match else None
    core = words(_MAX_HINT.sub("", text))
    if not core:
        return None
    if core in _TOTAL_WORDS or (hint == 100 and core.startswith("tong")):
        return LabelMatch(key=TOTAL, printed=label, max_hint=hint)
    for variant, key in _VARIANTS:
        if core == variant or core.startswith(variant + " "):
            if hint is not None and key in ("dvc_truc_tuyen", "truc_tuyen"):
                key = "truc_tuyen" if hint == 22 else "dvc_truc_tuyen"
            return LabelMatch(key=key, printed=label, max_hint=hint)
    return None


# -- the portal's fields (JSON keys and the column headers of its exports) -----------------------

NAME_KEYS = ("departmentName", "unitName", "TEN_DON_VI", "tenDonVi", "TEN", "TEN_COQUAN", "name")
"""Fields (and headers) that hold a unit's printed name, the first present wins."""
CODE_FIELDS = ("departmentCode", "unitCode", "MA_DON_VI", "maDonVi", "MA_COQUAN", "code")
"""Fields that hold a unit's portal code (``H21``, ``H21.17``)."""
ID_KEYS = ("departmentId", "unitId", "ID", "ID_COQUAN", "id")
"""Fields that hold the portal's id of a unit (``departmentId``)."""
TOTAL_KEYS = ("totalScore", "currentScore", "TONG_SCORE", "total", "current")
"""Fields that hold a unit's total score."""
RANK_KEYS = ("currentRank", "rank", "ROW_STT")
"""Fields that hold a unit's rank (``groupRank``, the rank within its level, comes first)."""
LEVEL_CODES: dict[str, Level] = {"1": Level.PROVINCE, "2": Level.DEPARTMENT, "3": Level.COMMUNE}
"""The older service's ``LOAI_COQUAN``: 1 a province, 2 a provincial agency, 3 a commune."""
PROVINCE_CODE = re.compile(r"^H\d{2,3}$")
UNIT_CODE = re.compile(r"^H\d{2,3}(?:\.\d+)+$")
_NATIONAL_PREFIX = re.compile(r"^000\.00\.00\.(H\d{2,3})$")
_PORTAL_LEVELS = {
    "AGENCY": Level.DEPARTMENT,
    "DEPARTMENT": Level.DEPARTMENT,
    "COMMUNE": Level.COMMUNE,
    "DISTRICT": Level.DISTRICT,
    "PROVINCE": Level.PROVINCE,
}


def normal_code(code: str) -> str:
    """A portal code as the registry keys it: ``000.00.00.H37`` (the national catalogue's form
    of a province, as the older service stores Lạng Sơn) is ``H37``."""
    text = code.strip()
    match = _NATIONAL_PREFIX.match(text)
    return match.group(1) if match else text


def portal_level(
    *, code: str | None, level: str | None, child_group: str | None, name: str
) -> Level | None:
    """The level from the unit code, the portal's ``level`` and ``childGroup``, then the name.

    ``H21`` is a province; below it ``childGroup`` AGENCY / COMMUNE decides, then ``level``
    (PROVINCE below a province code means a provincial agency), ``LOAI_COQUAN`` 1 / 2 / 3.
    Without a code the name decides.
    """
    if code and PROVINCE_CODE.match(code):
        return Level.PROVINCE
    if child_group and child_group.upper() in _PORTAL_LEVELS:
        return _PORTAL_LEVELS[child_group.upper()]
    portal = (level or "").strip().upper()
    if portal in LEVEL_CODES:
        return LEVEL_CODES[portal]
    if code and UNIT_CODE.match(code):
        if portal == "PROVINCE":
            return Level.DEPARTMENT
        if portal in _PORTAL_LEVELS:
            return _PORTAL_LEVELS[portal]
        return level_from_name(name) or None
    by_name = level_from_name(name)
    if by_name is not None:
        return by_name
    if portal == "COMMUNE":
        return Level.COMMUNE
    return None


# -- rows ---------------------------------------------------------------------------------------

_AGGREGATE_ROWS: tuple[tuple[re.Pattern[str], Aggregate], ...] = (
    (
        re.compile(
            r"^(?!tong cuc\b|tong cong ty\b)(?:tong so|tong cong|tong diem|tong|toan tinh)\b"
        ),
        Aggregate.SUM,
    ),
    (re.compile(r"^(?:trung binh|binh quan|diem trung binh)\b"), Aggregate.AVERAGE),
    (re.compile(r"^(?:ca nuoc|toan quoc|national)\b"), Aggregate.NATIONAL),
)


def aggregate_of(name: str) -> Aggregate | None:
    """The aggregate a row label names (TỔNG SỐ / TỔNG CỘNG / TỔNG ĐIỂM, Trung bình, Cả nước),
    None for a unit. "Tổng cục ..." and "Tổng công ty ..." are units."""
    key = words(name)
    for pattern, kind in _AGGREGATE_ROWS:
        if pattern.match(key):
            return kind
    return None


# -- levels, groups and periods in headers, headings and sheet names ---------------------------

_LEVEL_WORDS: tuple[tuple[str, Level], ...] = (
    ("xa phuong", Level.COMMUNE),
    ("xa", Level.COMMUNE),
    ("dia phuong", Level.COMMUNE),
    ("huyen", Level.DISTRICT),
    ("tinh thanh pho", Level.PROVINCE),
    ("so ban nganh", Level.DEPARTMENT),
    ("so ban", Level.DEPARTMENT),
    ("so nganh", Level.DEPARTMENT),
    ("co quan", Level.DEPARTMENT),
)


def level_of_words(label: str) -> Level | None:
    """The level a header, heading or sheet name names ("Xã, phường", "Sở, ban, ngành")."""
    key = words(label)
    for phrase, level in _LEVEL_WORDS:
        if key == phrase or key.startswith(phrase + " ") or f" {phrase}" in f" {key}":
            return level
    return None


_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("gainers", ("tang diem cao nhat", "muc tang diem")),
    ("laggards", ("can cai thien", "chua cao", "can tiep tuc cai thien", "diem thap")),
    ("leaders", ("dan dau", "diem cao", "diem so cao")),
)


def group_of_text(text: str) -> str | None:
    """``leaders``, ``laggards`` or ``gainers`` if a heading or sentence names such a group."""
    key = words(text)
    for group, phrases in _GROUPS:
        if any(p in key for p in phrases):
            return group
    return None


_PERIOD_WORDS: tuple[tuple[str, PeriodKind], ...] = (
    ("nam", PeriodKind.YEAR),
    ("quy", PeriodKind.QUARTER),
    ("thang", PeriodKind.MONTH),
    ("tuan", PeriodKind.WEEK),
)


def period_kind_of(name: str) -> PeriodKind | None:
    """The span a sheet name names without saying which: "Điểm năm" a year, "Điểm tháng" a
    month. None when it names none, or names a trend ("Xu hướng tháng") or several."""
    key = words(name).split()
    if not key or key[0] in ("xu", "bien") or any(w.isdigit() for w in key):
        return None
    kinds = {kind for word, kind in _PERIOD_WORDS if word in key}
    return kinds.pop() if len(kinds) == 1 else None


# -- columns ------------------------------------------------------------------------------------


class Role(StrEnum):
    """What a column of a table holds."""

    ROW_NUMBER = "row_number"
    UNIT = "unit"
    CODE = "code"
    LEVEL = "level"
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


_ROW_NUMBER = frozenset(("stt", "tt", "so tt", "so thu tu"))
_RANK = frozenset(
    {"xep hang", "hang", "thu hang", "xh", "rank", "thu tu xep hang", "vi tri"}
    | {words(k) for k in RANK_KEYS}
)
_CODE = frozenset(
    {"ma", "ma don vi", "ma dv", "ma tinh", "unit code", "ma co quan"}
    | {words(k) for k in CODE_FIELDS if k != "code"}
)
_LEVEL = frozenset(("loai coquan", "loai co quan"))
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
_UNIT_EXACT = frozenset(
    {"so", "xa", "ten", "tinh", "tinh thanh", "ten tinh", "unit"} | {words(k) for k in NAME_KEYS}
)
_INDICATOR_WORDS = ("chi so", "noi dung", "nhiem vu", "tieu chi")
_TARGET_WORDS = frozenset(("chi tieu", "muc tieu", "chi tieu dat", "chi tieu nam"))
_DATE_IN_LABEL = re.compile(r"\b(\d{1,2}/\d{1,2}(?:/\d{4})?)\b")


def _date_in(label: str, year: int | None) -> date | None:
    found = find_dates(label, default_year=year)
    if found:
        return found[-1][2]
    m = _DATE_IN_LABEL.search(label)
    if m:
        try:
            return parse_date(m.group(1), default_year=year)
        except DateFormatError:
            return None
    return None


def _starts(key: str, phrases: tuple[str, ...]) -> bool:
    return any(key == p or key.startswith(p + " ") for p in phrases)


def column_role(label: str, year: int | None) -> tuple[Role, str | None, date | None]:
    """What a column holds from its header: its role, the component it names, the date in it
    (a date without a year takes ``year``)."""
    k = words(label)
    when = _date_in(label, year)
    if not k:
        return Role.OTHER, None, None
    if k in _ROW_NUMBER:
        return Role.ROW_NUMBER, None, None
    if k in _CODE:
        return Role.CODE, None, None
    if k in _LEVEL:
        return Role.LEVEL, None, None
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
    if k in _RANK or (k.startswith("xep hang") and "du lieu" not in k):
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
    if k.startswith("diem") or k == "score":
        return Role.SCORE, None, when
    if _starts(k, _INDICATOR_WORDS):
        return Role.INDICATOR, None, None
    if _starts(k, _UNIT_WORDS) or k in _UNIT_EXACT:
        return Role.UNIT, None, None
    if k.startswith(("so luong", "so ho so")):
        return Role.COUNT, None, when
    return Role.OTHER, None, when
