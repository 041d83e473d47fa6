"""The sentences officers write in a weekly report, from the patterns of the seeds.

Conventions as the seeds print them: comma decimals in prose ("96,77"; a whole number without
decimals, "18/18 điểm"; two decimals otherwise, "97,90 điểm"), counts and ranks padded to two
digits ("05/34", "03/06", "07 đơn vị"), dates as 18/5/2026. Tables print their numbers in their
own style (:func:`table_number`: "95.5", "+0.35", "---" for no change).

Every sentence here is written so that the report's reader (:mod:`idx766.interpret`) reads it
back as the figure it states: a component's value follows "đạt" or "lên" within a few words of
its name, a fall is written "đạt A/max điểm, giảm d điểm so với ngày D (B điểm)", and the
province's headline keeps only its own change in its paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from idx766.components import Methodology, component
from idx766.numbers import NumberStyle, format_decimal
from idx766.report.data import LevelSection, ProvinceLine, Ranking, UnitLine

__all__ = [
    "CENTRAL_CITIES",
    "count",
    "day",
    "enumerate_units",
    "moves_sentence",
    "num",
    "place",
    "province_type",
    "province_words",
    "short_day",
    "table_delta",
    "table_number",
]

CENTRAL_CITIES = frozenset({"ha-noi", "ho-chi-minh", "hai-phong", "da-nang", "can-tho", "hue"})
"""Provinces that are centrally-run cities ("thành phố Hải Phòng", not "tỉnh")."""

_TWO = Decimal("0.01")
_ORDINALS = {2: "hai", 3: "ba", 4: "tư", 5: "năm", 6: "sáu", 7: "bảy", 8: "tám", 9: "chín"}


def _plain(value: Decimal) -> Decimal:
    """``value`` without trailing zeros (never in exponent form)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def num(value: Decimal) -> str:
    """A score in prose: "96,77", "97,90", "18" (whole numbers without decimals)."""
    if value == value.to_integral_value():
        return format_decimal(value.quantize(Decimal(1)))
    return format_decimal(value.quantize(_TWO))


def table_number(value: Decimal | None) -> str:
    """A score in a weekly-report table: "95.59", "95.5", "18" (as the portal gives them)."""
    if value is None:
        return ""
    return format_decimal(_plain(value), NumberStyle.DOT_DECIMAL, thousands=False)


def table_delta(value: Decimal | None) -> str:
    """A change in a table: "+0.35", "-1", "---" for none."""
    if value is None:
        return ""
    if value == 0:
        return "---"
    text = table_number(value)
    return f"+{text}" if value > 0 else text


def comma_number(value: Decimal | None) -> str:
    """A score in a table that prints comma decimals (the commendation letter): "95,5"."""
    if value is None:
        return ""
    return format_decimal(_plain(value), thousands=False)


def count(n: int) -> str:
    """A count or a rank as reports print them: two digits at least ("05", "13", "811");
    thousands grouped with dots ("1.234")."""
    return f"{n:02d}" if n < 1000 else format_decimal(Decimal(n))


def day(d: date) -> str:
    """A date in prose: 18/5/2026."""
    return f"{d.day}/{d.month}/{d.year}"


def short_day(d: date, year: int | None = None) -> str:
    """A date in a column header: 18/5 (with the year when it is not ``year``)."""
    return f"{d.day}/{d.month}" if year == d.year else day(d)


def province_type(key: str, printed: str | None = None) -> str:
    """The type word of a province: tỉnh, or thành phố for a centrally-run city (or a name
    printed as one)."""
    lowered = (printed or "").lower()
    return "thành phố" if "thành phố" in lowered or key in CENTRAL_CITIES else "tỉnh"


def province_words(key: str, name: str, printed: str | None = None) -> str:
    """The province with its type word: tỉnh Gia Lai, thành phố Hải Phòng."""
    return f"{province_type(key, printed)} {name}"


def place(n: int) -> str:
    """An ordinal place in prose: "thứ hai", "thứ 12"."""
    return f"thứ {_ORDINALS.get(n, str(n))}"


def points_change(delta: Decimal) -> str:
    """A change in words: "tăng 0,05 điểm", "giảm 1 điểm", "giữ nguyên điểm số"."""
    if delta > 0:
        return f"tăng {num(delta)} điểm"
    if delta < 0:
        return f"giảm {num(-delta)} điểm"
    return "giữ nguyên điểm số"


def _join(items: Sequence[str], last: str = "và") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def name_list(names: Sequence[str]) -> str:
    """Names joined: "A, B và C"."""
    return _join(list(names))


def _ties(units: Sequence[UnitLine]) -> list[list[UnitLine]]:
    """Consecutive units with the same total, grouped."""
    groups: list[list[UnitLine]] = []
    for unit in units:
        if groups and groups[-1][0].after == unit.after:
            groups[-1].append(unit)
        else:
            groups.append([unit])
    return groups


def enumerate_units(units: Sequence[UnitLine], *, lowest_first: bool = False) -> str:
    """The leaders (or laggards) one by one, tied units together ("cùng đạt").

    "Dẫn đầu là A với 97,99 điểm; tiếp theo là B đạt 97,94 điểm; C và D cùng đạt 97,85 điểm."
    With ``lowest_first``: "A có điểm thấp nhất với 97,12 điểm; tiếp đến là B đạt 97,18 điểm;
    ...".
    """
    groups = _ties(list(units))  # tied units stay in the list's order, lowest first or not
    parts: list[str] = []
    for i, group in enumerate(reversed(groups) if lowest_first else groups):
        names = name_list([u.name for u in group])
        score = num(group[0].after or Decimal(0))
        both = "cùng " if len(group) > 1 else ""
        if i == 0:
            if lowest_first:
                verb = "cùng có điểm thấp nhất" if len(group) > 1 else "có điểm thấp nhất"
                parts.append(f"{names} {verb} với {score} điểm")
            elif len(group) > 1:
                parts.append(f"Dẫn đầu là {names} cùng đạt {score} điểm")
            else:
                parts.append(f"Dẫn đầu là {names} với {score} điểm")
        elif i == 1:
            lead = "tiếp đến là" if lowest_first else "tiếp theo là"
            parts.append(f"{lead} {names} {both}đạt {score} điểm")
        else:
            parts.append(f"{names} {both}đạt {score} điểm")
    return "; ".join(parts) + "." if parts else ""


def moves_sentence(moves_up: int, unchanged: int, down: int) -> str:
    """The counts: "có 10 đơn vị tăng điểm, 01 đơn vị giữ nguyên điểm số và 02 đơn vị giảm
    điểm" (the categories with no unit left out)."""
    parts = [
        f"{count(n)} đơn vị {what}"
        for n, what in (
            (moves_up, "tăng điểm"),
            (unchanged, "giữ nguyên điểm số"),
            (down, "giảm điểm"),
        )
        if n
    ]
    if len(parts) == 1:
        n = moves_up or unchanged or down
        what = "tăng điểm" if moves_up else "giữ nguyên điểm số" if unchanged else "giảm điểm"
        return f"cả {count(n)} đơn vị đều {what}"
    return "có " + _join(parts)


def level_words(section: LevelSection) -> tuple[str, str]:
    """(plural, per unit) words of a level: ("sở, ban, ngành", "sở, ngành"), ("xã, phường",
    "xã/phường"), ("huyện, thị xã, thành phố", "huyện")."""
    if section.level.value == "department":
        return "sở, ban, ngành", "Sở/ngành"
    if section.level.value == "district":
        return "huyện, thị xã, thành phố", "Huyện/thị xã/thành phố"
    return "xã, phường", "Xã/phường"


def headline(province: ProvinceLine, ranking_here: bool, before: date, after: date) -> list[str]:
    """The headline paragraph as pieces, the change (to be set in bold) at index 1:
    "Trong kỳ báo cáo từ ngày ... tỉnh X đạt 96,77/100 điểm, xếp thứ 05/34 tỉnh, thành phố
    trên cả nước; ", "tăng 0,05 điểm", " so với thời điểm ngày 18/5/2026 (từ 96,72 điểm lên
    96,77 điểm), giữ nguyên thứ hạng 05/34 tỉnh, thành phố."
    """
    assert province.after is not None
    who = province_words(province.key, province.name)
    head = f"Trong kỳ báo cáo từ ngày {day(before)} đến ngày {day(after)}, {who} đạt "
    head += f"{num(province.after)}/100 điểm"
    of = province.rank_of
    rank_now = province.rank_after if ranking_here else None
    if rank_now is not None and of:
        head += f", xếp thứ {count(rank_now)}/{count(of)} tỉnh, thành phố trên cả nước"
    if province.before is None:
        return [head, "", f"; chưa có số liệu ngày {day(before)} để so sánh."]
    delta = province.after - province.before
    since = f" so với thời điểm ngày {day(before)}"
    if delta > 0:
        tail = f"{since} (từ {num(province.before)} điểm lên {num(province.after)} điểm)"
    elif delta < 0:
        tail = f"{since} (từ {num(province.before)} điểm xuống {num(province.after)} điểm)"
    else:
        tail = f"{since} ({num(province.before)} điểm)"
    rank_before = province.rank_before if ranking_here else None
    if rank_now is not None and rank_before is not None and of:
        moved = rank_before - rank_now
        if moved > 0:
            tail += (
                f"; thứ hạng tăng {count(moved)} bậc, từ vị trí thứ {count(rank_before)} "
                f"lên vị trí thứ {count(rank_now)}"
            )
        elif moved < 0:
            tail += (
                f"; thứ hạng giảm {count(-moved)} bậc, từ vị trí thứ {count(rank_before)} "
                f"xuống vị trí thứ {count(rank_now)}"
            )
        else:
            tail += f", giữ nguyên thứ hạng {count(rank_now)}/{count(of)} tỉnh, thành phố"
    return [head + "; ", points_change(delta), tail + "."]


def component_sentences(
    province: ProvinceLine, methodology: Methodology, before: date
) -> tuple[list[str], list[str], list[str]]:
    """(risen, fallen, steady) phrases of the province's components.

    Risen: "Số hóa hồ sơ tăng 0,03 điểm, từ 20,96 điểm lên 20,99/22 điểm"; fallen: "Dịch vụ
    công trực tuyến đạt 9,50/12 điểm, giảm 0,50 điểm so với ngày 18/5/2026 (10 điểm)"; steady
    or not compared: "Công khai, minh bạch đạt 18/18 điểm".
    """
    risen: list[tuple[Decimal, str]] = []
    fallen: list[tuple[Decimal, str]] = []
    steady: list[str] = []
    for comp in methodology.components:
        now = province.components_after.get(comp.key)
        if now is None:
            continue
        then = province.components_before.get(comp.key)
        top = num(comp.max_points)
        if then is not None and now > then:
            risen.append(
                (
                    now - then,
                    f"{comp.label} tăng {num(now - then)} điểm, từ {num(then)} điểm lên "
                    f"{num(now)}/{top} điểm",
                )
            )
        elif then is not None and now < then:
            fallen.append(
                (
                    then - now,
                    f"{comp.label} đạt {num(now)}/{top} điểm, giảm {num(then - now)} điểm "
                    f"so với ngày {day(before)} ({num(then)} điểm)",
                )
            )
        else:
            steady.append(f"{comp.label} đạt {num(now)}/{top} điểm")
    by_size = sorted(range(len(risen)), key=lambda i: -risen[i][0])
    by_fall = sorted(range(len(fallen)), key=lambda i: -fallen[i][0])
    return [risen[i][1] for i in by_size], [fallen[i][1] for i in by_fall], steady


def component_names(province: ProvinceLine, methodology: Methodology) -> dict[str, list[str]]:
    """The labels of the components that rose and fell (biggest change first, as the seeds
    list them) and of those that held steady (in the usual order)."""
    moved: dict[str, list[tuple[Decimal, int, str]]] = {"up": [], "down": []}
    same: list[str] = []
    for i, comp in enumerate(methodology.components):
        now = province.components_after.get(comp.key)
        then = province.components_before.get(comp.key)
        if now is None:
            continue
        if then is None or now == then:
            same.append(comp.label)
        else:
            moved["up" if now > then else "down"].append((-abs(now - then), i, comp.label))
    return {
        "up": [label for *_, label in sorted(moved["up"])],
        "down": [label for *_, label in sorted(moved["down"])],
        "same": same,
    }


def ranking_sentences(ranking: Ranking, province: ProvinceLine, printed: dict[str, str]) -> str:
    """The leaders and neighbours: "Đứng đầu là tỉnh A đạt 97,12 điểm; xếp thứ hai là ...;
    tỉnh X đạt 96,77 điểm, xếp thứ 05/34 tỉnh, thành phố. Xếp ngay sau X là ..."."""
    own = next(r for r in ranking.rows if r.key == province.key)
    above = [r for r in ranking.rows if r.key != own.key and r.rank < own.rank]
    below = [r for r in ranking.rows if r.key != own.key and r.rank >= own.rank]
    parts: list[str] = []
    for r in above:
        who = province_words(r.key, r.name, printed.get(r.key))
        if r.rank == 1:
            parts.append(f"Đứng đầu là {who} đạt {num(r.total)} điểm")
        else:
            parts.append(f"xếp {place(r.rank)} là {who} với {num(r.total)} điểm")
    me = province_words(own.key, own.name, printed.get(own.key))
    parts.append(
        f"{me} đạt {num(own.total)} điểm, xếp thứ {count(own.rank)}/{count(ranking.of)} "
        "tỉnh, thành phố"
    )
    text = "; ".join(parts) + "."
    text = text[0].upper() + text[1:]
    if below:
        names = [
            f"{province_words(r.key, r.name, printed.get(r.key))} với {num(r.total)} điểm"
            for r in below
        ]
        text += f" Xếp ngay sau {own.name} là {name_list(names)}."
    return text


def gap_sentence(ranking: Ranking, province: ProvinceLine) -> str:
    """The gaps: "X thấp hơn A 0,10 điểm, ...; cao hơn B 0,17 điểm ..."."""
    own = next(r for r in ranking.rows if r.key == province.key)
    higher = [r for r in ranking.rows if r.key != own.key and r.gap > 0]
    lower = [r for r in ranking.rows if r.key != own.key and r.gap < 0]
    level = [r for r in ranking.rows if r.key != own.key and r.gap == 0]
    sentences = []
    if higher:
        items = [f"thấp hơn {r.name} {num(r.gap)} điểm" for r in reversed(higher)]
        sentences.append(f"Cụ thể, {own.name} " + _join(items))
    if level:
        sentences.append(f"{own.name} bằng điểm {name_list([r.name for r in level])}")
    if lower:
        items = [f"cao hơn {r.name} {num(-r.gap)} điểm" for r in lower]
        lead = "Ở chiều ngược lại, " if higher else "Cụ thể, "
        sentences.append(f"{lead}{own.name} " + _join(items))
    return ". ".join(sentences) + "." if sentences else ""


def max_points(key: str) -> str:
    """A component's maximum as printed in a header: "18"."""
    return num(component(key).max_points)
