"""Phrases of comparison the reports write, read in one place for the headline and the groups.

"tăng 0,05 điểm so với thời điểm ngày 18/5/2026 (từ 96,72 điểm lên 96,77 điểm)",
"giảm 0,5 điểm so với ngày 31/7/2023 (15,1 điểm)", "giữ nguyên": the earlier date, the earlier
value and the signed change.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal

from attrs import frozen

from idx766.dates import DateFormatError, parse_date
from idx766.numbers import parse_decimal

__all__ = [
    "BANDS",
    "DATE",
    "NUM",
    "ORDINALS",
    "PROSE_LABELS",
    "Comparison",
    "band_of",
    "comparison",
    "fold_keep",
    "prose_labels",
]

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


# --- the wording of articles and notices (any province) ----------------------------------------

# Group labels as articles write them (folded: no diacritics, lower case), longest first. The
# five-group online group ("dịch vụ trực tuyến", "cung cấp dịch vụ (công) trực tuyến", 22 points)
# and the six-group "dịch vụ công trực tuyến" (12) are told apart here.
PROSE_LABELS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        (
            ("cong khai, minh bach", "cong_khai"),
            ("cong khai minh bach", "cong_khai"),
            ("cong khai", "cong_khai"),
            ("tien do, ket qua giai quyet", "tien_do"),
            ("tien do giai quyet", "tien_do"),
            ("tien do, giai quyet", "tien_do"),
            ("tien do", "tien_do"),
            ("cung cap dich vu cong truc tuyen", "truc_tuyen"),
            ("cung cap dich vu truc tuyen", "truc_tuyen"),
            ("dich vu truc tuyen", "truc_tuyen"),
            ("dich vu cong truc tuyen", "dvc_truc_tuyen"),
            ("dvc truc tuyen", "dvc_truc_tuyen"),
            ("thanh toan dich vu cong truc tuyen", "thanh_toan"),
            ("thanh toan truc tuyen", "thanh_toan"),
            ("muc do hai long", "hai_long"),
            ("so hoa ho so", "so_hoa"),
            ("so hoa", "so_hoa"),
        ),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
)
_PROSE_LABEL_RE = re.compile(
    r"(?<![a-z])(?:" + "|".join(re.escape(k) for k, _ in PROSE_LABELS) + r")(?![a-z])"
)
_PROSE_KEYS = dict(PROSE_LABELS)

# ordinal words of ranks
ORDINALS = {
    "nhất": 1,
    "nhì": 2,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}

# the classes (bands) of units, folded word -> key
BANDS: tuple[tuple[str, str], ...] = (
    ("xuat sac", "xuat_sac"),
    ("trung binh", "trung_binh"),
    ("tot", "tot"),
    ("kha", "kha"),
    ("yeu", "yeu"),
    ("kem", "yeu"),
)


def fold_keep(text: str) -> str:
    """``text`` lower-cased without diacritics, character for character (offsets are kept)."""
    out = []
    for ch in text:
        low = ch.lower()
        base = unicodedata.normalize("NFD", low)[0] if len(low) == 1 else ch
        out.append("d" if base in "đð" else base)
    return "".join(out)


def prose_labels(text: str) -> list[tuple[int, int, str]]:
    """The group labels in ``text`` as (start, end, component key), in order."""
    folded = fold_keep(text)
    return [(m.start(), m.end(), _PROSE_KEYS[m.group(0)]) for m in _PROSE_LABEL_RE.finditer(folded)]


def band_of(text: str) -> str | None:
    """The class a word names ("xuất sắc", "Tốt", "trung bình"), or None."""
    folded = " ".join(fold_keep(text).split())
    for word, key in BANDS:
        if folded == word:
            return key
    return None
