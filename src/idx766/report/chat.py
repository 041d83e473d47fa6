"""The plain-text bulletin for chat apps (Zalo groups): the week in a dozen lines.

No tables and no formatting characters: the headline, the components that moved, the
departments' moves and leader, the leading and lagging communes, the overdue dossiers and the
data source, in the same words and number conventions as the report.
"""

from __future__ import annotations

from decimal import Decimal

from idx766.report import phrases as ph
from idx766.report.data import LevelSection, UnitLine, WeeklyData

__all__ = ["chat_text"]

_CHAT_LIST = 5


def _signed(delta: Decimal | None) -> str:
    if delta is None:
        return "mới"
    if delta == 0:
        return "không đổi"
    sign = "+" if delta > 0 else "-"
    return f"{sign}{ph.num(abs(delta))}"


def _unit(u: UnitLine) -> str:
    score = ph.num(u.after) if u.after is not None else "-"
    return f"{u.name} {score} ({_signed(u.delta)})"


def _section_lines(section: LevelSection) -> list[str]:
    plural, _ = ph.level_words(section)
    moves = section.moves
    head = f"{plural[0].upper()}{plural[1:]} ({ph.count(len(section.units))} đơn vị)"
    if moves.compared:
        head += f": {ph.moves_sentence(moves.up, moves.unchanged, moves.down)}"
    lines = [head + "."]
    n = min(_CHAT_LIST, section.top)
    lines.append(f"- Dẫn đầu: {'; '.join(_unit(u) for u in section.leaders[:n])}.")
    lines.append(f"- Cần cải thiện: {'; '.join(_unit(u) for u in section.laggards[-n:])}.")
    if section.gainers:
        gains = "; ".join(_unit(u) for u in section.gainers[:n])
        lines.append(f"- Tăng điểm nhiều nhất: {gains}.")
    return lines


def chat_text(data: WeeklyData) -> str:
    """The bulletin of ``data`` as plain text (lines ending in newlines)."""
    week = f"TUẦN {data.week}, " if data.week is not None else ""
    lines = [
        f"CHỈ SỐ 766 - {week}TỪ {ph.day(data.before)} ĐẾN {ph.day(data.after)}",
    ]
    province = data.province
    if province is not None and province.after is not None:
        who = ph.province_words(province.key, province.name)
        text = f"{who[0].upper()}{who[1:]} đạt {ph.num(province.after)}/100 điểm"
        if province.delta is not None:
            text += f", {ph.points_change(province.delta)}"
        if data.ranking is not None:
            own = next(r for r in data.ranking.rows if r.key == province.key)
            text += (
                f"; xếp thứ {ph.count(own.rank)}/{ph.count(data.ranking.of)} tỉnh, thành phố "
                f"(ngày {ph.day(data.ranking.as_of)})"
            )
        lines.append(text + ".")
        risen, fallen, _ = ph.component_sentences(province, data.methodology, data.before)
        if risen:
            lines.append("Tăng: " + "; ".join(risen) + ".")
        if fallen:
            lines.append("Giảm: " + "; ".join(fallen) + ".")
    for section in data.levels:
        lines.extend(_section_lines(section))
    if data.overdue and data.overdue_as_of is not None:
        largest = data.overdue[0]
        lines.append(
            f"Hồ sơ quá hạn ngày {ph.day(data.overdue_as_of)}: {ph.count(data.overdue_total)} hồ "
            f"sơ, nhiều nhất {largest.name} ({ph.count(largest.count)})."
        )
    if data.pakn:
        late = sum(1 for p in data.pakn if p.overdue)
        lines.append(
            f"PAKN chờ trả lời: {ph.count(len(data.pakn))}"
            + (f", trong đó {ph.count(late)} đã quá hạn." if late else ".")
        )
    lines.append(f"Nguồn: Cổng Dịch vụ công quốc gia, ngày {ph.day(data.after)}.")
    return "\n".join(lines) + "\n"
