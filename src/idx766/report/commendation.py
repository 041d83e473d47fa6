"""The commendation letter in the shape of seed 000: the short form sent to the press.

A letter of the provincial office (header block with the subject line "V/v biểu dương …"), the
headline sentence of the week, the request to publish, the signature and the data-source
footnote; then, after a page break, the annex: the leading and the lagging departments (5 each)
and communes (10 each), one score each.
"""

from __future__ import annotations

from collections.abc import Sequence

from idx766.model import Level
from idx766.report import phrases as ph
from idx766.report.data import LevelSection, UnitLine, WeeklyData
from idx766.report.docx_layout import DataTable, Item, PageBreak, Para, Styled
from idx766.report.letter import Letterhead, addressees, header_block, signature_block

__all__ = ["commendation_items"]

_INDEX = (
    "Bộ Chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp "
    "trong thực hiện thủ tục hành chính, dịch vụ công theo thời gian thực trên môi trường "
    "điện tử"
)
_PRESS = ("Báo và Phát thanh - Truyền hình {tinh}", "Trung tâm thông tin {tinh}")
_RECIPIENTS = (
    "Như trên;",
    "Chủ tịch và các PCT UBND {tinh} (để b/c);",
    "Lãnh đạo VP UBND {tinh};",
    "Lưu: VT.",
)


def _body(text: str) -> Styled:
    return Styled(Para(text), "body")


def _table(units: Sequence[UnitLine], label: str) -> DataTable:
    rows = [(str(i), u.name, ph.comma_number(u.after)) for i, u in enumerate(units, start=1)]
    return DataTable(rows=[("STT", label, "Điểm"), *rows], repeated_header=False)


def _level_part(section: LevelSection, roman: str) -> list[Item]:
    if section.level == Level.DEPARTMENT:
        title, label, who = "NHÓM CÁC SỞ, BAN, NGÀNH CỦA TỈNH", "Sở, ngành", "cơ quan"
    elif section.level == Level.DISTRICT:
        title, label, who = "NHÓM CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ", "Huyện, thị xã", "địa phương"
    else:
        title, label, who = "NHÓM CÁC XÃ, PHƯỜNG", "Xã, phường", "địa phương"
    further = "cần cải thiện" if section.level == Level.DEPARTMENT else "cần tiếp tục cải thiện"
    return [
        Styled(Para(f"{roman}. {title}"), "heading"),
        Styled(Para(f"1. Các {who} có điểm số dẫn đầu"), "heading"),
        _table(section.leaders, label),
        Styled(Para(f"2. Các {who} có điểm số {further}"), "heading"),
        _table(section.laggards, label),
    ]


def _headline(data: WeeklyData) -> str:
    province = data.province
    text = (
        f"Trong tuần thứ {data.week} (từ ngày {ph.day(data.before)} đến ngày "
        f"{ph.day(data.after)}), tổng điểm {_INDEX} tại Quyết định số 766/QĐ-TTg ngày "
        "23/6/2022 của Thủ tướng Chính phủ (Chỉ số 766)"
    )
    if province is None or province.after is None:
        return text + " được công bố trên Cổng Dịch vụ công quốc gia."
    who = ph.province_words(province.key, province.name)
    text += f", {who} đạt {ph.num(province.after)}/100 điểm"
    if province.before is not None:
        delta = province.after - province.before
        since = f"so với thời điểm ngày {ph.day(data.before)}"
        if delta > 0:
            text += (
                f", tăng {ph.num(delta)} điểm {since} (từ {ph.num(province.before)} điểm lên "
                f"{ph.num(province.after)} điểm)"
            )
        elif delta < 0:
            text += (
                f", giảm {ph.num(-delta)} điểm {since} (từ {ph.num(province.before)} điểm "
                f"xuống {ph.num(province.after)} điểm)"
            )
        else:
            text += f", giữ nguyên điểm số {since} ({ph.num(province.before)} điểm)"
    text += "."
    ranking = data.ranking
    if (
        ranking is not None
        and ranking.as_of == data.after
        and province.rank_after is not None
        and province.rank_before is not None
    ):
        of = ph.count(province.rank_of or ranking.of)
        now, then = province.rank_after, province.rank_before
        lead = f" Trên bảng xếp hạng {of} tỉnh, thành phố, thứ hạng của tỉnh"
        if now < then:
            text += (
                f"{lead} tăng {ph.count(then - now)} bậc, từ vị trí thứ {ph.count(then)} lên "
                f"vị trí thứ {ph.count(now)}."
            )
        elif now > then:
            text += (
                f"{lead} giảm {ph.count(now - then)} bậc, từ vị trí thứ {ph.count(then)} xuống "
                f"vị trí thứ {ph.count(now)}."
            )
        else:
            text += f"{lead} giữ nguyên, xếp thứ {ph.count(now)}/{of}."
    return text


def commendation_items(data: WeeklyData, letter: Letterhead | None = None) -> list[Item]:
    """The commendation letter of ``data`` as items for the DOCX renderer."""
    letter = letter or Letterhead()
    province = data.province.name if data.province else ""
    kind = ph.province_type(data.province.key) if data.province else "tỉnh"
    subject = (
        "V/v biểu dương các cơ quan, địa phương thực hiện tốt và các cơ quan, địa phương tiếp "
        f"tục cải thiện điểm số tại {_INDEX} (Tuần thứ {data.week})"
    )
    groups = []
    for section in data.levels:
        plural, _ = ph.level_words(section)
        groups.append(f"{ph.count(len(section.leaders))} {plural}")
    listed = " và ".join(groups)
    items: list[Item] = [
        header_block(
            letter,
            province=f"{kind} {province}",
            day=data.after,
            symbol="VPUB-TTPVHCC",
            subject=subject,
        ),
        *addressees(letter, [a.format(tinh=kind) for a in _PRESS]),
        _body(_headline(data)),
        _body(
            f"Văn phòng UBND {kind} gửi các cơ quan, đơn vị danh sách nhóm {listed} dẫn đầu; "
            f"nhóm {listed} có điểm số cần tiếp tục cải thiện để thông tin, truyền thông nhằm "
            "biểu dương, khích lệ, tạo động lực thi đua trong thực hiện Bộ Chỉ số 766¹ (gửi kèm "
            "Văn bản này)."
        ),
        _body(f"Văn phòng UBND {kind} đề nghị cơ quan quan tâm, phối hợp thực hiện."),
        signature_block(letter, [r.format(tinh=kind) for r in _RECIPIENTS]),
        Styled(
            Para(
                f"¹ Thời điểm và nguồn cung cấp số liệu: Ngày {ph.day(data.after)} trên Cổng "
                "Dịch vụ công quốc gia."
            ),
            "footnote",
        ),
        PageBreak(),
        Styled(
            Para(
                "NHÓM CÁC CƠ QUAN, ĐỊA PHƯƠNG DẪN ĐẦU VÀ\nCƠ QUAN, ĐỊA PHƯƠNG CÓ ĐIỂM SỐ CẦN "
                "CẢI THIỆN\nTRONG THỰC HIỆN BỘ CHỈ SỐ 766"
            ),
            "title",
        ),
        Styled(
            Para(
                "(Ban hành kèm theo Văn bản số        /VPUB-TTPVHCC của Văn phòng Ủy ban nhân "
                f"dân {ph.province_words(data.province.key, province) if data.province else ''})"
            ),
            "subtitle",
        ),
    ]
    romans = ("I", "II", "III")
    for roman, section in zip(romans, data.levels, strict=False):
        items.extend(_level_part(section, roman))
    return items
