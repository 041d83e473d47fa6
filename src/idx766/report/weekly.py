"""The weekly report in the layout of seed 001, as a list of items for the DOCX renderer.

I. KẾT QUẢ CHUNG: the headline (total, rank, change), the components from/to/change with the
TỔNG ĐIỂM (and XẾP HẠNG) rows, the province among its neighbours in the national ranking with
the gaps; II: every department from/to/change, then the leaders, the laggards and the biggest
gainers among the communes (or every commune, when there are few), each with its sentences;
III: the assessment, the overdue dossiers and what the units must do; the signature block;
the appendices (every unit with its six components and total; the overdue dossiers by unit;
the PAKN awaiting an answer, with their due dates).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from idx766.model import Level
from idx766.report import phrases as ph
from idx766.report.data import LevelSection, UnitLine, WeeklyData
from idx766.report.docx_layout import DataTable, Item, PageBreak, Para, Run, Styled
from idx766.report.letter import Letterhead, addressees, header_block, signature_block

__all__ = ["weekly_items"]

_PORTAL = "Cổng Dịch vụ công quốc gia"
# the appendix's column labels, short as in seed 001's commune table
_SHORT = {
    "cong_khai": "C.khai",
    "tien_do": "T.độ",
    "dvc_truc_tuyen": "DV công",
    "thanh_toan": "T.toán",
    "hai_long": "H.lòng",
    "so_hoa": "S.hóa",
    "truc_tuyen": "Dịch vụ trực tuyến",
}
_INDEX = (
    "Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp "
    "trong thực hiện thủ tục hành chính, dịch vụ công theo thời gian thực trên môi trường "
    "điện tử"
)
_ADDRESSEES = (
    "Đồng chí Chủ tịch Ủy ban nhân dân {tinh}",
    "Các đồng chí Phó Chủ tịch Ủy ban nhân dân {tinh}",
)
_RECIPIENTS = (
    "Như trên;",
    "Các sở, ban, ngành của {tinh};",
    "UBND các xã, phường;",
    "Lưu: VT.",
)
_ADVICE = (
    "Chỉ đạo bộ phận chuyên môn, cán bộ, công chức, viên chức được giao tiếp nhận, giải quyết "
    "hồ sơ thủ tục hành chính chủ động rà soát, tham mưu giải quyết bảo đảm đúng hạn, trước hạn; "
    "hạn chế thấp nhất việc phát sinh hồ sơ quá hạn, hồ sơ chậm tiếp nhận, chậm xử lý.",
    "Thực hiện nghiêm việc số hóa hồ sơ, bảo đảm hồ sơ, kết quả giải quyết thủ tục hành chính "
    "được số hóa đầy đủ, đúng quy định; cập nhật kịp thời, đầy đủ dữ liệu trên hệ thống.",
    "Thường xuyên rà soát, xử lý dứt điểm các hồ sơ quá hạn; xác định rõ nguyên nhân, trách "
    "nhiệm của tổ chức, cá nhân có liên quan để kịp thời chấn chỉnh, khắc phục.",
)


def _body(*runs: Run | str) -> Styled:
    return Styled(Para(*runs), "body")


def _heading(text: str) -> Styled:
    return Styled(Para(text), "heading")


def _title(text: str) -> Styled:
    return Styled(Para(text), "title")


def _kind(data: WeeklyData) -> str:
    """ "tỉnh" or "thành phố": what the report calls its own province."""
    return ph.province_type(data.province.key) if data.province else "tỉnh"


def _level_title(section: LevelSection, kind: str) -> str:
    plural, _ = ph.level_words(section)
    if section.level == Level.DEPARTMENT:
        return f"Các sở, ban, ngành của {kind}"
    return f"Các {plural}"


def _change_table(
    units: Sequence[UnitLine], data: WeeklyData, label: str, *, numbered: bool = True
) -> DataTable:
    year = data.after.year
    header = (
        "TT",
        label,
        f"Từ {ph.short_day(data.before, year)}",
        f"Đến {ph.short_day(data.after, year)}",
        "Biến động",
    )
    rows = [
        (
            str(i) if numbered else "",
            u.name,
            ph.table_number(u.before),
            ph.table_number(u.after),
            ph.table_delta(u.delta),
        )
        for i, u in enumerate(units, start=1)
    ]
    return DataTable(rows=[header, *rows])


# --- I. the province ------------------------------------------------------------------------


def _province_part(data: WeeklyData) -> list[Item]:
    province = data.province
    items: list[Item] = [_heading("I. KẾT QUẢ CHUNG")]
    if province is None or province.after is None:
        items.append(_body(f"Dữ liệu không có điểm số của {_kind(data)} trong kỳ báo cáo."))
        return items
    who = ph.province_words(province.key, province.name)
    items.append(_heading(f"1. Theo kết quả công bố trên {_PORTAL}"))
    ranking_here = data.ranking is not None and data.ranking.as_of == data.after
    head, change, tail = ph.headline(province, ranking_here, data.before, data.after)
    items.append(_body(head, Run(change, bold=True), tail))
    if data.ranking is not None and not ranking_here:
        own = next(r for r in data.ranking.rows if r.key == province.key)
        items.append(
            _body(
                f"Trên bảng xếp hạng {ph.count(data.ranking.of)} tỉnh, thành phố công bố ngày "
                f"{ph.day(data.ranking.as_of)}, {who} đứng ở vị trí thứ {ph.count(own.rank)}/"
                f"{ph.count(data.ranking.of)} với {ph.num(own.total)} điểm."
            )
        )
    risen, fallen, steady = ph.component_sentences(province, data.methodology, data.before)
    parts = []
    if risen:
        parts.append(f"có {ph.count(len(risen))} chỉ số tăng điểm, gồm: " + "; ".join(risen))
    if fallen:
        parts.append(f"có {ph.count(len(fallen))} chỉ số giảm điểm, gồm: " + "; ".join(fallen))
    text = ""
    if parts:
        text = "Về các chỉ số thành phần, kết quả trong kỳ " + ". Đồng thời, ".join(parts) + "."
    if steady:
        lead = "Các chỉ số còn lại duy trì ổn định, gồm: " if parts else "Các chỉ số thành phần: "
        text = f"{text} {lead}{'; '.join(steady)}.".strip()
    if text:
        items.append(_body(text))
    if data.ranking is not None:
        items.extend(_neighbours(data))
    items.extend(_components(data))
    return items


def _neighbours(data: WeeklyData) -> list[Item]:
    ranking, province = data.ranking, data.province
    assert ranking is not None and province is not None
    when = (
        "Trong kỳ báo cáo"
        if ranking.as_of == data.after
        else f"Trên bảng xếp hạng ngày {ph.day(ranking.as_of)}"
    )
    items: list[Item] = [
        _heading("2. So sánh với các địa phương dẫn đầu"),
        _body(f"{when}, " + _lower_first(ph.ranking_sentences(ranking, province, {}))),
    ]
    gap = ph.gap_sentence(ranking, province)
    if gap:
        items.append(_body(gap))
    score = "Điểm tuần này" if ranking.as_of == data.after else f"Điểm ngày {ph.day(ranking.as_of)}"
    header = ("Xếp hạng", "Tỉnh/thành phố", score, "Khoảng cách")
    rows = [
        (str(r.rank), r.name, ph.table_number(r.total), ph.table_delta(r.gap)) for r in ranking.rows
    ]
    items.append(DataTable(rows=[header, *rows]))
    return items


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:] if text.startswith(("Đứng", "Xếp")) else text


def _components(data: WeeklyData) -> list[Item]:
    province = data.province
    assert province is not None
    n = len(data.methodology.keys)
    names = ph.component_names(province, data.methodology)
    parts = []
    for kind, words in (
        ("up", "tăng điểm là"),
        ("same", "duy trì ổn định là"),
        ("down", "giảm điểm là"),
    ):
        if names[kind]:
            parts.append(
                f"{ph.count(len(names[kind]))}/{ph.count(n)} chỉ số thành phần {words} "
                + ph.name_list(names[kind])
            )
    if not names["down"]:
        parts.append("không có chỉ số thành phần giảm điểm")
    who = ph.province_words(province.key, province.name)
    number = 3 if data.ranking is not None else 2
    items: list[Item] = [
        _heading(f"{number}. Diễn biến các chỉ số thành phần {who}"),
        _body(
            f"Trong kỳ đánh giá từ ngày {ph.day(data.before)} đến ngày {ph.day(data.after)}, "
            f"{who} có " + "; ".join(parts) + "."
        ),
    ]
    if names["down"]:
        items.append(
            _body(
                "Đề nghị các cơ quan, đơn vị, địa phương rà soát nguyên nhân giảm điểm, tập trung "
                f"cải thiện các chỉ số {ph.name_list(names['down'])}."
            )
        )
    year = data.after.year
    header = (
        "Chỉ số",
        f"Từ {ph.short_day(data.before, year)}",
        f"Đến {ph.short_day(data.after, year)}",
        "Biến động",
    )
    rows = []
    for comp in data.methodology.components:
        now = province.components_after.get(comp.key)
        then = province.components_before.get(comp.key)
        if now is None:
            continue
        delta = None if then is None else now - then
        rows.append(
            (
                f"{comp.label} ({ph.max_points(comp.key)})",
                ph.table_number(then),
                ph.table_number(now),
                ph.table_delta(delta),
            )
        )
    rows.append(
        (
            "TỔNG ĐIỂM",
            ph.table_number(province.before),
            ph.table_number(province.after),
            ph.table_delta(province.delta),
        )
    )
    ranking = data.ranking
    ranked_now = ranking is not None and ranking.as_of == data.after
    if ranked_now and province.rank_after is not None and province.rank_before is not None:
        of = province.rank_of or (ranking.of if ranking else 0)
        rows.append(
            (
                f"XẾP HẠNG {of} TỈNH, THÀNH PHỐ",
                str(province.rank_before),
                str(province.rank_after),
                ph.table_delta(Decimal(province.rank_before - province.rank_after)),
            )
        )
    items.append(DataTable(rows=[header, *rows]))
    return items


# --- II. the units --------------------------------------------------------------------------


def _departments(section: LevelSection, data: WeeklyData, number: int) -> list[Item]:
    plural, label = ph.level_words(section)
    items: list[Item] = [_heading(f"{number}. {_level_title(section, _kind(data))}")]
    moves = section.moves
    counted = f"Trong {ph.count(len(section.units))} {plural}"
    if moves.compared:
        counted += (
            f", {ph.moves_sentence(moves.up, moves.unchanged, moves.down)} so với ngày "
            f"{ph.day(data.before)}"
        )
    if moves.new:
        counted += f"; {ph.count(moves.new)} đơn vị chưa có số liệu ngày {ph.day(data.before)}"
    items.append(_body(counted + "."))
    leaders = ph.enumerate_units(section.leaders)
    if leaders:
        items.append(_body(f"Nhóm {ph.count(len(section.leaders))} {plural} đứng đầu: {leaders}"))
    items.extend(_movers(section))
    items.append(_change_table(section.units, data, label))
    items.extend(_missing(section, data))
    return items


def _movers(section: LevelSection) -> list[Item]:
    items: list[Item] = []
    if section.gainers:
        gains = [f"{u.name} {ph.points_change(u.delta or Decimal(0))}" for u in section.gainers]
        items.append(_body("Các đơn vị có chuyển biến tích cực gồm: " + "; ".join(gains) + "."))
    if section.decliners:
        falls = [f"{u.name} {ph.points_change(u.delta or Decimal(0))}" for u in section.decliners]
        items.append(
            _body(
                "Bên cạnh đó, một số đơn vị có điểm số giảm so với kỳ trước: "
                + "; ".join(falls)
                + "; đề nghị các đơn vị này rà soát nguyên nhân, nhất là ở các chỉ số thành "
                "phần còn thấp hoặc có biến động giảm, để kịp thời khắc phục."
            )
        )
    return items


def _missing(section: LevelSection, data: WeeklyData) -> list[Item]:
    if not section.missing:
        return []
    names = ph.name_list([u.name for u in section.missing])
    return [
        _body(
            f"Ghi chú: không có số liệu ngày {ph.day(data.after)} của {names} "
            f"(có số liệu ngày {ph.day(data.before)})."
        )
    ]


def _range(units: Sequence[UnitLine]) -> str:
    totals = [u.after for u in units if u.after is not None]
    low, high = min(totals), max(totals)
    if low == high:
        return f"cùng đạt {ph.num(low)} điểm"
    return f"đạt từ {ph.num(low)} điểm đến {ph.num(high)} điểm"


def _ties_note(out: Sequence[UnitLine], units: Sequence[UnitLine]) -> list[Item]:
    if not out:
        return []
    cut = out[0].after
    assert cut is not None
    names = ph.name_list([u.name for u in out])
    verb = "cùng có" if len(out) > 1 else "có"
    return [
        Styled(
            Para(
                f"Ghi chú: {names} {verb} số điểm bằng đơn vị cuối nhóm ({ph.num(cut)}) "
                "nhưng xếp sau trong bảng xếp hạng, nên không có tên trong danh sách."
            ),
            "note",
        )
    ]


def _group_counts(moves_up: int, unchanged: int, down: int, scope: str, since: str) -> str:
    if moves_up + unchanged + down == 0:
        return ""
    return f" So với ngày {since}, trong {scope} {ph.moves_sentence(moves_up, unchanged, down)}."


def _communes(section: LevelSection, data: WeeklyData, number: int) -> list[Item]:
    plural, label = ph.level_words(section)
    if section.full:
        return _departments(section, data, number)
    since = ph.day(data.before)
    n = ph.count(section.top)
    items: list[Item] = [_heading(f"{number}. {_level_title(section, _kind(data))}")]
    moves = section.moves
    if moves.compared:
        text = (
            f"Trong {ph.count(len(section.units))} {plural}, "
            f"{ph.moves_sentence(moves.up, moves.unchanged, moves.down)} so với ngày {since}"
        )
        if moves.new:
            text += f"; {ph.count(moves.new)} đơn vị chưa có số liệu ngày {since}"
        items.append(_body(text + "."))
    # leaders
    scope = f"nhóm {n} {plural} dẫn đầu"
    lm = section.leader_moves
    items.append(_heading(f"{number}.1. Nhóm {n} {label.lower()} dẫn đầu"))
    items.append(
        _body(
            f"Nhóm {n} {plural} dẫn đầu {_range(section.leaders)}. "
            + ph.enumerate_units(section.leaders)
            + _group_counts(lm.up, lm.unchanged, lm.down, scope, since)
        )
    )
    items.extend(_ties_note(section.leader_ties_out, section.leaders))
    items.append(_change_table(section.leaders, data, label))
    # laggards
    scope = f"nhóm {n} {plural} có điểm số chưa cao"
    gm = section.laggard_moves
    text = (
        f"Nhóm {n} {plural} có điểm số chưa cao {_range(section.laggards)}. Trong nhóm này, "
        + ph.enumerate_units(section.laggards, lowest_first=True)
        + _group_counts(gm.up, gm.unchanged, gm.down, scope, since)
    )
    falling = [u for u in section.laggards if u.delta is not None and u.delta < 0]
    if falling:
        text += (
            " Trong đó, "
            + ph.name_list([f"{u.name} {ph.points_change(u.delta or Decimal(0))}" for u in falling])
            + ", cần tiếp tục rà soát nguyên nhân để kịp thời khắc phục."
        )
    items.append(_heading(f"{number}.2. Nhóm {n} {label.lower()} có điểm số chưa cao"))
    items.append(_body(text))
    items.extend(_ties_note(section.laggard_ties_out, section.laggards))
    items.append(_change_table(section.laggards, data, label))
    # gainers
    if section.gainers:
        g = ph.count(len(section.gainers))
        items.append(
            _heading(f"{number}.3. Nhóm {g} {plural} có mức tăng điểm cao nhất so với kỳ trước")
        )
        items.append(_body(_gainers_text(section.gainers)))
        items.append(_change_table(section.gainers, data, label))
    items.extend(_missing(section, data))
    return items


def _gainers_text(gainers: Sequence[UnitLine]) -> str:
    first = gainers[0]
    assert first.delta is not None and first.before is not None and first.after is not None
    text = (
        f"Dẫn đầu là {first.name}, tăng {ph.num(first.delta)} điểm, từ {ph.num(first.before)} "
        f"điểm lên {ph.num(first.after)} điểm."
    )
    rest: list[list[UnitLine]] = []
    for unit in gainers[1:]:
        if rest and rest[-1][0].delta == unit.delta:
            rest[-1].append(unit)
        else:
            rest.append([unit])
    if rest:
        parts = []
        for group in rest:
            names = ph.name_list([u.name for u in group])
            both = "cùng " if len(group) > 1 else ""
            parts.append(f"{names} {both}tăng {ph.num(group[0].delta or Decimal(0))} điểm")
        text += " Tiếp theo là " + "; ".join(parts) + "."
    return text


# --- III. assessment ------------------------------------------------------------------------


def _assessment(data: WeeklyData) -> list[Item]:
    items: list[Item] = [
        _heading("III. ĐÁNH GIÁ CHUNG, ĐỀ XUẤT VÀ KIẾN NGHỊ"),
        _heading("1. Đánh giá chung"),
    ]
    province = data.province
    if province is not None and province.after is not None:
        who = ph.province_words(province.key, province.name)
        names = ph.component_names(province, data.methodology)
        text = (
            f"Trong kỳ đánh giá từ ngày {ph.day(data.before)} đến ngày {ph.day(data.after)}, "
            f"{who} đạt {ph.num(province.after)}/100 điểm Bộ chỉ số 766"
        )
        if province.delta is not None:
            text += f", {ph.points_change(province.delta)} so với ngày {ph.day(data.before)}"
        text += "."
        if names["up"]:
            text += f" Các chỉ số {ph.name_list(names['up'])} tăng điểm."
        if names["down"]:
            text += f" Các chỉ số {ph.name_list(names['down'])} giảm điểm, cần tập trung cải thiện."
        items.append(_body(text))
    for section in data.levels:
        plural, _ = ph.level_words(section)
        first = section.units[0] if section.units else None
        if first is None or first.after is None:
            continue
        text = (
            f"- Các {plural}: {first.name} đứng đầu với {ph.num(first.after)} điểm; "
            f"thấp nhất là {section.units[-1].name}."
        )
        if section.decliners:
            text += (
                f" Có {ph.count(section.moves.down)} đơn vị giảm điểm, cần khẩn trương rà soát "
                "nguyên nhân."
            )
        items.append(_body(text))
    if data.overdue:
        largest = data.overdue[0]
        annex = "Phụ lục II"
        items.append(
            _body(
                f"- Hồ sơ quá hạn: số hồ sơ quá hạn theo {annex} là "
                f"{ph.count(data.overdue_total)} hồ sơ, trong đó {largest.name} có "
                f"{ph.count(largest.count)} hồ sơ, cần tập trung rà soát, xử lý dứt điểm."
            )
        )
    items.append(_heading("2. Đề xuất, kiến nghị"))
    items.append(_body("- Đề nghị các sở, ban, ngành; UBND các xã, phường:"))
    items.extend(_body(f"+ {advice}") for advice in _ADVICE)
    for line in data.overdue[:3]:
        items.append(
            _body(
                f"- Đề nghị {line.name} khẩn trương xử lý dứt điểm {ph.count(line.count)} hồ sơ "
                f"quá hạn trên {_PORTAL}."
            )
        )
    return items


# --- appendices -----------------------------------------------------------------------------


def _appendix_scores(data: WeeklyData) -> list[Item]:
    items: list[Item] = [
        PageBreak(),
        _title("Phụ lục I:"),
        _title("BẢNG XẾP HẠNG VÀ DỮ LIỆU CHI TIẾT"),
    ]
    comps = data.methodology.components
    for number, section in enumerate(data.levels, start=1):
        plural, label = ph.level_words(section)
        first = f"Sở, ban, ngành của {_kind(data)}" if section.level == Level.DEPARTMENT else label
        items.append(
            _heading(f"{number}. NHÓM CÁC {plural.upper()} ({ph.count(len(section.units))} ĐƠN VỊ)")
        )
        header = (
            "TT",
            first,
            *(f"{_SHORT[c.key]} ({ph.max_points(c.key)})" for c in comps),
            "Tổng (100)",
        )
        rows = [
            (
                str(u.rank) if u.rank is not None else "",
                u.name,
                *(ph.table_number(u.components.get(c.key)) for c in comps),
                ph.table_number(u.after),
            )
            for u in section.units
        ]
        items.append(DataTable(rows=[header, *rows]))
    return items


def _appendix_overdue(data: WeeklyData) -> list[Item]:
    if not data.overdue or data.overdue_as_of is None:
        return []
    header = (
        "STT",
        "Tên cơ quan/địa phương",
        f"Số hồ sơ quá hạn ngày {ph.day(data.overdue_as_of)}",
    )
    rows = [(str(i), o.name, str(o.count)) for i, o in enumerate(data.overdue, start=1)]
    rows.append(("", "TỔNG SỐ", str(data.overdue_total)))
    return [
        PageBreak(),
        _title("Phụ lục II:"),
        _title("THỐNG KÊ HỒ SƠ QUÁ HẠN THEO CƠ QUAN/ĐƠN VỊ"),
        DataTable(rows=[header, *rows]),
        Styled(Para(f"* Nguồn số liệu: {_PORTAL} (https://dichvucong.gov.vn)."), "note"),
    ]


def _appendix_pakn(data: WeeklyData) -> list[Item]:
    if not data.pakn:
        return []
    header = (
        "STT",
        "Số PAKN",
        "Tên người gửi",
        "Ngày tiếp nhận",
        "Lĩnh vực",
        "Đơn vị xử lý",
        "Hạn trả lời",
    )
    rows = [
        (
            str(i),
            p.code,
            p.sender or "",
            p.received_on.strftime("%d/%m/%Y") if p.received_on else "",
            p.sector or "",
            p.unit or "",
            p.due.strftime("%d/%m/%Y") if p.due else "",
        )
        for i, p in enumerate(data.pakn, start=1)
    ]
    return [
        PageBreak(),
        _title("Phụ lục III:"),
        _title("DANH SÁCH MÃ PHẢN ÁNH KIẾN NGHỊ CÁC CƠ QUAN, ĐỊA PHƯƠNG CÓ TRÁCH NHIỆM TRẢ LỜI¹"),
        DataTable(rows=[header, *rows]),
        Styled(
            Para(
                "¹ Thời hạn trả lời PAKN theo quy định là 15 ngày làm việc, kể từ ngày tiếp nhận "
                "PAKN (cột Hạn trả lời). Đề nghị các cơ quan, địa phương gửi dự thảo trả lời "
                "trước 03 ngày làm việc để xem xét, trước khi công khai theo quy định."
            ),
            "footnote",
        ),
    ]


# --- the whole ------------------------------------------------------------------------------


def weekly_items(data: WeeklyData, letter: Letterhead | None = None) -> list[Item]:
    """The weekly report of ``data`` as items for :func:`idx766.report.docx_layout.render`."""
    letter = letter or Letterhead()
    province = data.province.name if data.province else ""
    kind = _kind(data)
    week = f"TUẦN THỨ {data.week}" if data.week is not None else "TUẦN"
    period = f"từ ngày {ph.day(data.before)} đến ngày {ph.day(data.after)}"
    items: list[Item] = [
        header_block(letter, province=f"{kind} {province}", day=data.after, symbol="BC-VPUB"),
        _body(""),
        _title(f"BÁO CÁO {week}"),
        _title(f"Kết quả thực hiện {_INDEX}"),
        Styled(Para(f"({period})"), "subtitle"),
        *addressees(letter, [a.format(tinh=kind) for a in _ADDRESSEES]),
        _body(
            "Căn cứ Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ về việc phê "
            f"duyệt {_INDEX} (Chỉ số 766)."
        ),
        _body(
            f"Căn cứ kết quả công khai trên {_PORTAL}¹ (địa chỉ: https://dichvucong.gov.vn), "
            f"Văn phòng Ủy ban nhân dân (UBND) {kind} tổng hợp kết quả thực hiện Bộ chỉ số 766 của "
            f"các sở, ban, ngành; UBND các xã, phường trong {week.lower()} ({period}), như sau:"
        ),
    ]
    items.extend(_province_part(data))
    items.append(_heading("II. KẾT QUẢ XẾP HẠNG, ĐIỂM SỐ"))
    for number, section in enumerate(data.levels, start=1):
        if section.level == Level.DEPARTMENT:
            items.extend(_departments(section, data, number))
        else:
            items.extend(_communes(section, data, number))
    items.extend(_assessment(data))
    items.append(
        _body(
            f"Trên đây là Báo cáo {week.lower()} về kết quả thực hiện Bộ chỉ số 766, Văn phòng "
            f"UBND {kind} trân trọng báo cáo đồng chí Chủ tịch, các đồng chí Phó Chủ tịch UBND "
            f"{kind}./."
        )
    )
    items.append(signature_block(letter, [r.format(tinh=kind) for r in _RECIPIENTS]))
    items.append(
        Styled(
            Para(
                f"¹ Thời điểm và nguồn cung cấp số liệu: ngày {ph.day(data.after)} trên {_PORTAL}."
            ),
            "footnote",
        )
    )
    items.extend(_appendix_scores(data))
    items.extend(_appendix_overdue(data))
    items.extend(_appendix_pakn(data))
    return items
