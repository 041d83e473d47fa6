"""Figures in one sentence of an article or notice: what each number in it is.

:func:`find_figures` finds, in one sentence, the totals and group scores, ranks (in digits or
words), changes in points, places and percent, shares of a group's maximum, class counts, counts of
units up or down and national averages; gaps between units, ranges, thresholds and earlier values
are recognized so that they are not taken for scores. Each figure gets its group from the label
before it, the maximum printed with it, the change it follows or a "lần lượt" list; which unit and
date it belongs to is decided by :mod:`idx766.interpret.prose`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from idx766.components import component
from idx766.interpret.mentions import MINISTRY, Mention
from idx766.interpret.phrases import ORDINALS, band_of, fold_keep, prose_labels
from idx766.model import Level
from idx766.numbers import NumberStyle, prose_number
from idx766.text import fold

__all__ = [
    "METRIC_KINDS",
    "Figure",
    "clause_bounds",
    "clause_of",
    "find_figures",
    "may_hold_figures",
]

_NUM = r"(?<![\d.,/])(\d{1,3}(?:[.,]\d{1,2})?)(?![\d]|[.,]\d)"
_ORD = "|".join(sorted(ORDINALS, key=len, reverse=True))
_I = re.IGNORECASE

# --- the figures' phrasings ----------------------------------------------------------------------
_NOUNS = (
    r"sở,\s*ngành|sở,\s*ban,\s*ngành|sở|đơn\s+vị|địa\s+phương|huyện|xã,\s*phường|xã|phường|"
    r"cơ\s+quan|ngành|tỉnh(?:,\s*thành(?:\s+phố)?)?|bộ"
)
_BAND = r"xuất\s+sắc|tốt|khá|trung\s+bình|yếu|kém"
_CLASS_COUNT = re.compile(
    rf"(?<![\d/])(\d{{1,3}})(?:\s*/\s*(\d{{1,3}}))?\s+(?:({_NOUNS})\s+)?(?:được\s+|bị\s+)?"
    rf"(?:xếp\s+loại|đạt\s+loại|đạt\s+điểm|xếp\s+hạng|loại)\s+({_BAND})(?!\s+khá)",
    _I,
)
_CLASS_GROUP = re.compile(
    rf"xếp\s+loại\s+({_BAND})\s+gồm\s+(\d{{1,3}})(?:\s*/\s*(\d{{1,3}}))?\s+({_NOUNS})", _I
)
_CLASS_NONE = re.compile(
    rf"không\s+có\s+({_NOUNS})\s+(?:được\s+)?xếp\s+loại\s+"
    rf"((?:(?:loại\s+)?(?:{_BAND})(?:\s*,\s*|\s+và\s+)?)+)",
    _I,
)
_COUNT = re.compile(
    rf"(?<![\d/])(\d{{1,3}})(?:\s*/\s*(\d{{1,3}}))?\s+({_NOUNS})\s+"
    rf"(tăng\s+điểm|giảm\s+điểm|giữ\s+nguyên)",
    _I,
)
_NATIONAL = re.compile(
    rf"(?:điểm\s+)?(?:trung\s+bình|bình\s+quân)\s+(?:của\s+)?cả\s+nước(?:\s+là|\s*:)?\s*"
    rf"{_NUM}(?:\s*/\s*(\d{{2,3}}))?(?:\s*điểm)?",
    _I,
)
_RANK_CHANGE = re.compile(r"(?<!cắt\s)\b(tăng|giảm)\s+(?:thêm\s+)?(\d{1,2})\s*(?:hạng|bậc)", _I)
_PERCENT_CHANGE = re.compile(rf"(?<!cắt\s)\b(tăng|giảm)\s+(?:nhẹ\s+|thêm\s+)?{_NUM}\s*%", _I)
_POINT_CHANGE = re.compile(rf"(?<!cắt\s)\b(tăng|giảm)\s+(?:nhẹ\s+|thêm\s+)?{_NUM}\s*điểm", _I)
_NO_CHANGE = re.compile(r"\b(giữ\s+nguyên|không\s+tăng|không\s+thay\s+đổi)\b", _I)
_CHANGE_IN_BRACKETS = re.compile(rf"\bmức\s+(tăng|giảm)\b[^()]{{0,60}}\(\s*{_NUM}\s*điểm\s*\)", _I)
_GAP = re.compile(
    rf"\b(?:kém|cách|hơn|thấp\s+hơn|cao\s+hơn)\s+(?:[^\d,;.()]{{0,40}}?\s)?{_NUM}\s*điểm", _I
)
_RANGE = re.compile(rf"\btừ\s+{_NUM}\s*(?:điểm\s+)?(?:đến|tới|-)\s+{_NUM}\s*điểm", _I)
_BEFORE_VALUE = re.compile(rf"\bso\s+với\s+[^()]{{0,40}}\(\s*{_NUM}\s*điểm\s*\)", _I)
_FROM_TO = re.compile(rf"\btừ\s+{_NUM}\s*điểm\s+(?:lên|xuống)", _I)
_PREVIOUS = re.compile(rf"\(\s*(tuần|tháng|kỳ)\s+trước\s*:?\s*{_NUM}\s*điểm\s*\)", _I)
_SHARE = re.compile(rf"\(\s*đạt\s+{_NUM}\s*%\s*\)|\bđạt\s+{_NUM}\s*%\s+điểm\s+tối\s+đa", _I)
_RANK = re.compile(
    rf"\b(?:xếp\s+(?:hạng\s+|vị\s+trí\s+)?|đứng\s+(?:vị\s+trí\s+)?|giữ\s+vị\s+trí\s+|"
    rf"vị\s+trí\s+|hạng\s+)(?:thứ\s+|số\s+)?(\d{{1,3}}|{_ORD})\b(?!\s*(?:hạng|bậc|tỉnh\s+đạt))"
    rf"(?:\s*/\s*(\d{{1,3}}))?",
    _I,
)
_RANK_MOVE = re.compile(
    rf"\btừ\s+(?:vị\s+trí\s+|hạng\s+)?(?:thứ\s+)?(\d{{1,3}}|{_ORD})\s+(lên|xuống)\s+"
    rf"(?:vị\s+trí\s+|hạng\s+)?(?:thứ\s+)?(\d{{1,3}}|{_ORD})\b(?:\s*/\s*(\d{{1,3}}))?",
    _I,
)
_RANK_AND = re.compile(rf"\s+và\s+thứ\s+(\d{{1,3}}|{_ORD})\b", _I)
_RANK_FIRST = re.compile(r"\b(?:dẫn\s+đầu|đứng\s+đầu|xếp\s+đầu\s+bảng|vị\s+trí\s+đầu\s+tiên)\b", _I)
# "dẫn đầu" that qualifies a noun ("nhóm 10 xã, phường dẫn đầu", "người đứng đầu") is no rank
_NOT_RANK_FIRST = re.compile(
    r"(?:người|đơn\s+vị|địa\s+phương|nhóm|tỉnh|sở|top|vị\s+trí|xã|phường|huyện|cơ\s+quan|"
    r"điểm\s+số|\bcó|ngành|thành\s+phố|/)\s*$",
    _I,
)
_RANK_OF = re.compile(r"^\s*trong\s+(?:tổng\s+)?số\s+(\d{1,3})\b", _I)
_SCOPE_OF = re.compile(rf"^\W*trong\s+(\d{{1,3}})\s+(?:{_NOUNS})\b", _I)
_SCORE = re.compile(rf"{_NUM}\s*(?:/\s*(\d{{2,3}})(?!\d))?\s*(điểm)?(?:\s*/\s*100\s*điểm)?", _I)
_SCORE_LEAD = re.compile(r"(?:\blà|\bvới|\bđạt(?:\s+được)?|:)\s*$", _I)
_NOT_SCORE_LEAD = re.compile(
    r"(?:\b(?:trên|dưới|từ|hơn|gần|khoảng|tối\s+đa|trong|nhóm|top)|[≥≤<>=])\s*$", _I
)
METRIC_KINDS = ("class_count", "count_up", "count_down", "count_same", "national")


@dataclass
class Figure:
    """A figure a sentence states: its kind, where, its value and what goes with it."""

    kind: str
    start: int
    end: int
    value: Decimal | None = None
    component: str | None = None
    max: Decimal | None = None
    rank_of: int | None = None
    band: str | None = None
    level: str | None = None
    of: int | None = None
    units: list[Mention] = field(default_factory=list)  # none: the document's province
    resolved: bool = False  # a copy made for a second label: its group is set

    @property
    def unit(self) -> Mention | None:
        return self.units[0] if self.units else None


def find_figures(
    text: str,
    *,
    style: NumberStyle | None,
    time_spans: Sequence[tuple[int, int]],
    on_guess: Callable[[str, Decimal], None],
) -> list[Figure]:
    """The figures of one sentence, in order, each with its group where the text gives one.

    ``style`` is the sentence's number style (else the document's); ``time_spans`` where the
    sentence prints dates (their numbers are no scores); ``on_guess`` hears of a number whose
    reading needed a style nothing decided.
    """
    taken: list[tuple[int, int]] = []
    figs: list[Figure] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def take(fig: Figure) -> None:
        taken.append((fig.start, fig.end))
        figs.append(fig)

    def num(token: str) -> Decimal:
        value, guessed = prose_number(token, style)
        if guessed:
            on_guess(token, value)
        return value

    for m in _CLASS_GROUP.finditer(text):
        take(
            Figure(
                kind="class_count",
                start=m.start(),
                end=m.end(),
                value=Decimal(int(m.group(2))),
                band=band_of(m.group(1)),
                of=int(m.group(3)) if m.group(3) else None,
                level=_noun_level(m.group(4), text[: m.start()], int(m.group(3) or 0)),
            )
        )
    for m in _CLASS_NONE.finditer(text):
        level = _noun_level(m.group(1), text[: m.start()], 0)
        for word in re.split(r"\s*,\s*|\s+và\s+", m.group(2)):
            band = band_of(re.sub(r"^loại\s+", "", word.strip(), flags=_I))
            if band:
                figs.append(
                    Figure(
                        kind="class_count",
                        start=m.start(),
                        end=m.end(),
                        value=Decimal(0),
                        band=band,
                        level=level,
                    )
                )
        taken.append((m.start(), m.end()))
    for m in _CLASS_COUNT.finditer(text):
        if not free(m.start(), m.end()):
            continue
        of = int(m.group(2)) if m.group(2) else None
        take(
            Figure(
                kind="class_count",
                start=m.start(),
                end=m.end(),
                value=Decimal(int(m.group(1))),
                band=band_of(m.group(4)),
                of=of,
                level=_noun_level(m.group(3), text[: m.start()], of or 0),
            )
        )
    for m in _COUNT.finditer(text):
        if not free(m.start(), m.end()):
            continue
        of = int(m.group(2)) if m.group(2) else None
        what = fold(m.group(4)).split()[0]
        take(
            Figure(
                kind={"tang": "count_up", "giam": "count_down"}.get(what, "count_same"),
                start=m.start(),
                end=m.end(),
                value=Decimal(int(m.group(1))),
                of=of,
                level=_noun_level(m.group(3), text[: m.start()], of or 0),
            )
        )
    for m in _NATIONAL.finditer(text):
        if free(m.start(), m.end()):
            mx = Decimal(m.group(2)) if m.group(2) else None
            take(
                Figure(kind="national", start=m.start(), end=m.end(), value=num(m.group(1)), max=mx)
            )
    for pattern in (_GAP, _RANGE, _BEFORE_VALUE):
        for m in pattern.finditer(text):
            taken.append((m.start(), m.end()))
    for m in _FROM_TO.finditer(text):
        taken.append((m.start(), m.end()))
    for m in _PREVIOUS.finditer(text):
        if free(m.start(), m.end()):
            take(
                Figure(
                    kind="previous",
                    start=m.start(),
                    end=m.end(),
                    value=num(m.group(2)),
                    band=m.group(1).lower(),
                )
            )
    for m in _RANK_CHANGE.finditer(text):
        if free(m.start(), m.end()):
            sign = -1 if m.group(1).lower() == "giảm" else 1
            take(
                Figure(
                    kind="rank_change",
                    start=m.start(),
                    end=m.end(),
                    value=Decimal(sign * int(m.group(2))),
                )
            )
    for m in _PERCENT_CHANGE.finditer(text):
        if free(m.start(), m.end()) and "điểm" in text[: m.start()].lower():
            sign = -1 if m.group(1).lower() == "giảm" else 1
            take(
                Figure(
                    kind="percent_change",
                    start=m.start(),
                    end=m.end(),
                    value=sign * num(m.group(2)),
                )
            )
    for m in _POINT_CHANGE.finditer(text):
        if free(m.start(), m.end()):
            sign = -1 if m.group(1).lower() == "giảm" else 1
            take(Figure(kind="change", start=m.start(), end=m.end(), value=sign * num(m.group(2))))
    for m in _CHANGE_IN_BRACKETS.finditer(text):
        if free(m.start(), m.end()):
            sign = -1 if m.group(1).lower() == "giảm" else 1
            take(Figure(kind="change", start=m.start(), end=m.end(), value=sign * num(m.group(2))))
    for m in _NO_CHANGE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        after = text[m.end() : m.end() + 25].lower()
        kind = "rank_change" if re.match(r"\s*(?:thứ\s+hạng|vị\s+trí|hạng)", after) else "change"
        take(Figure(kind=kind, start=m.start(), end=m.end(), value=Decimal(0)))
    for m in _SHARE.finditer(text):
        bracket = m.group(1) is not None
        if bracket and not any(0 <= m.start() - f.end <= 2 for f in figs):
            continue  # "(đạt 100%)" of a count of procedures is no group's share
        if free(m.start(), m.end()):
            take(
                Figure(
                    kind="share",
                    start=m.start(),
                    end=m.end(),
                    value=num(m.group(1) or m.group(2)),
                )
            )
    for m in _RANK_MOVE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        rank_from, rank_to = _ordinal(m.group(1)), _ordinal(m.group(3))
        if not rank_from or not rank_to:
            continue
        rank_of = int(m.group(4)) if m.group(4) else None
        take(
            Figure(
                kind="rank",
                start=m.start(),
                end=m.end(),
                value=Decimal(rank_to),
                rank_of=rank_of,
            )
        )
        if not any(f.kind == "rank_change" for f in figs):
            take(
                Figure(
                    kind="rank_change",
                    start=m.start(),
                    end=m.start() + 1,
                    value=Decimal(rank_from - rank_to),
                )
            )
    for m in _RANK.finditer(text):
        if not free(m.start(), m.end()):
            continue
        if re.search(r"bảng\s+$", text[max(0, m.start() - 8) : m.start()], _I):
            continue  # "bảng xếp hạng 34 tỉnh": the table's size
        rank = _ordinal(m.group(1))
        if rank is None or rank == 0:
            continue
        rank_of = int(m.group(2)) if m.group(2) else None
        end = m.end()
        if rank_of is None:
            of_match = _RANK_OF.match(text[end : end + 40])
            if of_match:
                rank_of = int(of_match.group(1))
        if rank_of is not None and rank > rank_of:
            continue
        take(Figure(kind="rank", start=m.start(), end=end, value=Decimal(rank), rank_of=rank_of))
        more = _RANK_AND.match(text, end)
        if more:
            second = _ordinal(more.group(1))
            if second:
                take(Figure(kind="rank", start=more.start(), end=more.end(), value=Decimal(second)))
    for m in _RANK_FIRST.finditer(text):
        if not free(m.start(), m.end()):
            continue
        if _NOT_RANK_FIRST.search(text[max(0, m.start() - 20) : m.start()]):
            continue
        take(Figure(kind="rank", start=m.start(), end=m.end(), value=Decimal(1)))
    for m in _SCORE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        if text[m.end() : m.end() + 2].lstrip().startswith("%"):
            continue
        lead = text[max(0, m.start() - 25) : m.start()]
        if _NOT_SCORE_LEAD.search(lead):
            continue
        mx = Decimal(m.group(2)) if m.group(2) else None
        has_points = m.group(3) is not None
        if not has_points and mx != 100:
            if mx is not None or not _SCORE_LEAD.search(lead):
                continue
            if not re.match(r"\s*[,.;)]", text[m.end() : m.end() + 2]):
                continue
        if any(a <= m.start() < b for a, b in time_spans):
            continue
        value = num(m.group(1))
        if value > 100 or (mx is not None and value > mx):
            continue
        take(Figure(kind="score", start=m.start(), end=m.end(), value=value, max=mx))
    figs.sort(key=lambda f: f.start)
    _groups(text, figs)
    _rank_scope(text, figs)
    return figs


def _groups(text: str, figs: list[Figure]) -> None:
    """Which group each score, change, average and share is of (None: the total)."""
    labels = prose_labels(text)
    clauses = clause_bounds(text)
    last_end = 0
    previous: Figure | None = None
    for fig in list(figs):
        if fig.resolved:
            continue
        if fig.kind not in ("score", "change", "national", "share", "percent_change"):
            if fig.kind in ("rank", "rank_change", "class_count"):
                last_end = fig.end
            continue
        clause = clause_of(clauses, fig.start)
        window = [lab for lab in labels if max(last_end, clause[0]) <= lab[0] < fig.start]
        key: str | None = None
        if fig.kind == "national":
            key = previous.component if previous is not None and previous.kind == "score" else None
            if fig.max is not None:
                key = None if fig.max == 100 else _key_by_max(fig.max, key)
            fig.component = key
            continue
        if window:
            key = window[-1][2]
            if fig.kind in ("change", "share"):
                joined = [lab for lab in window if _joined(text, lab, window[-1])]
                for extra in joined:
                    if extra[2] != key:
                        figs.append(_clone(fig, extra[2]))
        elif (
            fig.kind in ("change", "share", "percent_change")
            and previous is not None
            and previous.end >= clause[0] - 60
        ):
            key = previous.component
            twins = [f for f in figs if f.resolved and f.start == previous.start]
            for twin in twins if fig.kind == "share" else []:
                if twin.component != key:
                    figs.append(_clone(fig, twin.component or ""))
        if (
            fig.kind == "score"
            and key is None
            and previous is not None
            and previous.kind == "change"
            and previous.start >= clause[0]
        ):
            # "Số hóa hồ sơ tăng 0,03 điểm, từ 20,96 điểm lên 20,99/22 điểm"
            key = previous.component
        if fig.kind == "score":
            if fig.max == 100:
                key = None
            elif fig.max is not None:
                key = _key_by_max(fig.max, key)
                if key is None:
                    after = [lab for lab in labels if fig.end <= lab[0] < clause[1]]
                    key = after[0][2] if after else None
            elif key is None:
                after = [
                    lab
                    for lab in labels
                    if fig.end <= lab[0] < clause[1] and "là điểm" in text[lab[1] : lab[1] + 12]
                ]
                key = after[0][2] if after else None
        fig.component = key
        if fig.kind == "score" and fig.max not in (None, Decimal(100)) and key is None:
            fig.kind = "unknown"  # a score out of 18 or 22 whose group the text leaves open
        previous = fig if fig.kind in ("score", "change") else previous
        last_end = fig.end
    _respectively(text, figs, labels)


def _respectively(text: str, figs: list[Figure], labels: list[tuple[int, int, str]]) -> None:
    """ "Công khai, minh bạch; Dịch vụ công trực tuyến và Thanh toán trực tuyến ..., lần lượt
    đạt 18/18 điểm, 10/12 điểm và 10/10 điểm": the groups in the order of the scores."""
    at = text.lower().find("lần lượt")
    if at < 0:
        return
    named = [lab for lab in labels if lab[0] < at]
    scores = [f for f in figs if f.start > at and f.kind in ("score", "unknown")]
    if len(named) < 2 or len(named) != len(scores):
        return
    for lab, fig in zip(named, scores, strict=True):
        fig.kind, fig.component = "score", lab[2]


def _rank_scope(text: str, figs: list[Figure]) -> None:
    scope = _SCOPE_OF.match(text)
    if scope:
        for fig in figs:
            if fig.kind == "rank" and fig.rank_of is None and fig.value == 1:
                fig.rank_of = int(scope.group(1))


def _key_by_max(mx: Decimal, key: str | None) -> str | None:
    """The group a maximum says (20: tiến độ, 12: DVC, 10: thanh toán); a label of another
    maximum gives way, "dịch vụ công trực tuyến" of 22 being the five-group online group."""
    if key is not None:
        if component(key).max_points == mx:
            return key
        if key == "dvc_truc_tuyen" and mx == 22:
            return "truc_tuyen"
        if key == "truc_tuyen" and mx == 12:
            return "dvc_truc_tuyen"
    by_max = {Decimal(20): "tien_do", Decimal(12): "dvc_truc_tuyen", Decimal(10): "thanh_toan"}
    return by_max.get(mx)


def _clone(fig: Figure, key: str) -> Figure:
    return Figure(
        kind=fig.kind,
        start=fig.start,
        end=fig.end,
        value=fig.value,
        component=key,
        units=list(fig.units),
        resolved=True,
    )


def _joined(text: str, lab: tuple[int, int, str], last: tuple[int, int, str]) -> bool:
    """A label joined to the last one by "và" or a comma ("công khai, minh bạch và mức độ hài
    lòng giữ nguyên")."""
    if lab == last:
        return False
    between = text[lab[1] : last[0]]
    return bool(re.fullmatch(r"\s*(?:,|và|,\s*và)\s*", between, _I))


def clause_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in re.finditer(r";", text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


def clause_of(bounds: list[tuple[int, int]], at: int) -> tuple[int, int]:
    for a, b in bounds:
        if a <= at <= b:
            return a, b
    return bounds[-1]


def _ordinal(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return ORDINALS.get(word.lower())


def _noun_level(noun: str | None, before: str, of: int) -> str | None:
    if noun:
        key = fold_keep(noun)
        if key.startswith("so") or key.startswith("co quan") or key == "nganh":
            return Level.DEPARTMENT.value
        if key.startswith("huyen"):
            return Level.DISTRICT.value
        if key.startswith("xa") or key.startswith("phuong"):
            return Level.COMMUNE.value
        if key.startswith("tinh"):
            return Level.PROVINCE.value
        if key.startswith("bo"):
            return MINISTRY
    if of in (63, 34):
        return Level.PROVINCE.value
    return _single_scope(before)


def _single_scope(text: str) -> str | None:
    """The level a text speaks of, when it speaks of one only."""
    levels = set()
    rest = fold(text)
    for words, level in (
        ("so, ban, nganh", "department"),
        ("so, nganh", "department"),
        ("cac so", "department"),
        ("cap huyen", "district"),
        ("cac huyen", "district"),
        ("huyen, thi", "district"),
        ("cap xa", "commune"),
        ("xa, phuong", "commune"),
        ("cac xa", "commune"),
    ):
        if words in rest:
            levels.add(level)
    return levels.pop() if len(levels) == 1 else None


def may_hold_figures(text: str) -> bool:
    """False for a sentence with no digit and no rank in words: nothing to look for."""
    return any(ch.isdigit() for ch in text) or _RANK_FIRST.search(text) is not None
