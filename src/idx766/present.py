"""How figures are shown to people: column headers, level and group names, numbers and dates.

Officers read Vietnamese: "Tổng điểm", "Công khai (18)", numbers as ``96,77``, dates as
``25/05/2026``. English labels are there for everyone else. Only output uses this module;
machine formats (JSON, CSV, Parquet) keep the frames' snake_case names and ISO values.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from idx766.components import COMPONENTS, component
from idx766.numbers import NumberStyle, format_decimal

__all__ = ["Lang", "column_label", "format_value", "value_label"]

Lang = Literal["vi", "en"]

_COMPONENT_KEYS = frozenset(c.key for c in COMPONENTS)

_COLUMNS: dict[str, tuple[str, str]] = {
    "unit": ("Đơn vị", "Unit"),
    "unit_key": ("Khóa đơn vị", "Unit key"),
    "unit_code": ("Mã đơn vị", "Unit code"),
    "unit_portal_id": ("Mã trên Cổng", "Portal id"),
    "level": ("Cấp", "Level"),
    "province": ("Tỉnh", "Province"),
    "as_of": ("Ngày", "Date"),
    "total": ("Tổng điểm", "Total"),
    "rank": ("Hạng", "Rank"),
    "rank_of": ("Số đơn vị", "Of"),
    "methodology": ("Phương pháp", "Methodology"),
    "period": ("Kỳ", "Period"),
    "period_kind": ("Loại kỳ", "Period kind"),
    "series": ("Chuỗi số liệu", "Series"),
    "groups": ("Nhóm", "Groups"),
    "names": ("Tên in", "Printed names"),
    "component": ("Chỉ số thành phần", "Component"),
    "from": ("Từ ngày", "From"),
    "to": ("Đến ngày", "To"),
    "before": ("Trước", "Before"),
    "after": ("Sau", "After"),
    "delta": ("Tăng/giảm", "Change"),
    "rank_before": ("Hạng trước", "Rank before"),
    "rank_after": ("Hạng sau", "Rank after"),
    "rank_change": ("Thay đổi hạng", "Places"),
    "count": ("Hồ sơ quá hạn", "Overdue dossiers"),
    "code": ("Mã PAKN", "PAKN code"),
    "code_date": ("Ngày trong mã", "Date in code"),
    "sender": ("Người gửi", "Sender"),
    "received_on": ("Ngày tiếp nhận", "Received"),
    "field": ("Lĩnh vực", "Field"),
    "due": ("Hạn trả lời", "Due"),
    "send_draft_by": ("Hạn gửi dự thảo", "Draft due"),
    "working_days_left": ("Ngày làm việc còn lại", "Working days left"),
    "overdue": ("Quá hạn", "Overdue"),
    "code_date_after_received": ("Mã sau ngày nhận", "Code after receipt"),
    "metric": ("Chỉ số", "Metric"),
    "value": ("Giá trị", "Value"),
    "numerator": ("Tử số", "Numerator"),
    "denominator": ("Mẫu số", "Denominator"),
    "measure": ("Đơn vị tính", "Measure"),
    "indicator": ("Chỉ tiêu", "Indicator"),
    "op": ("Điều kiện", "Condition"),
    "check": ("Mã kiểm tra", "Check"),
    "severity": ("Mức độ", "Severity"),
    "message": ("Nội dung", "Message"),
    "where": ("Vị trí", "Where"),
    "listed": ("Danh sách", "Listed in"),
    "source_file": ("Tệp", "File"),
    "source_page": ("Trang", "Page"),
    "source_table": ("Bảng", "Table"),
    "source_row": ("Dòng", "Row"),
    "source_sheet": ("Trang tính", "Sheet"),
    "source_count": ("Số nguồn", "Sources"),
    "source_files": ("Các tệp nguồn", "Source files"),
    "kind": ("Loại", "Kind"),
    "title": ("Tiêu đề", "Title"),
    "number": ("Số", "Number"),
    "issuer": ("Cơ quan ban hành", "Issuer"),
    "issue_date": ("Ngày ban hành", "Issued"),
    "period_start": ("Từ ngày", "Period start"),
    "period_end": ("Đến ngày", "Period end"),
    "week": ("Tuần", "Week"),
    "source": ("Tệp", "File"),
    "sha256": ("SHA-256", "SHA-256"),
    "parser": ("Bộ đọc", "Parser"),
    "item": ("Mục", "Item"),
    "group": ("Chỉ số thành phần", "Group"),
    "criterion": ("Tiêu chí", "Criterion"),
    "published": ("Điểm công bố", "Published"),
    "recomputed": ("Điểm tính lại", "Recomputed"),
    "difference": ("Chênh lệch", "Difference"),
    "status": ("Kết quả", "Status"),
    "formula": ("Công thức", "Formula"),
    "exact": ("Giá trị đúng", "Exact"),
    "quality": ("Chất lượng dữ liệu", "Data quality"),
    "change": ("Thay đổi", "Change"),
    "target": ("Còn thiếu", "Short of the goal"),
    "lever": ("Đòn bẩy", "Lever"),
    "label": ("Nội dung", "What"),
    "counts": ("Đếm theo", "Counted in"),
    "headroom": ("Còn có thể tăng", "Headroom"),
    "note": ("Ghi chú", "Note"),
    "records": ("Bản ghi", "Records"),
}

_VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "level": {
        "province": ("Tỉnh", "Province"),
        "department": ("Sở, ban, ngành", "Department"),
        "district": ("Huyện", "District"),
        "commune": ("Xã, phường", "Commune"),
    },
    "severity": {"error": ("Lỗi", "Error"), "warning": ("Cảnh báo", "Warning")},
    "groups": {
        "leaders": ("Dẫn đầu", "Leaders"),
        "laggards": ("Cần cải thiện", "Laggards"),
        "gainers": ("Tăng điểm cao", "Gainers"),
    },
    "series": {
        "day": ("Theo ngày", "Daily"),
        "week": ("Theo tuần", "Weekly"),
        "month": ("Theo tháng", "Monthly"),
        "quarter": ("Theo quý", "Quarterly"),
        "year": ("Lũy kế năm", "Year to date"),
    },
    "kind": {
        "weekly_report": ("Báo cáo tuần", "Weekly report"),
        "commendation": ("Công văn biểu dương", "Commendation letter"),
        "monthly_report": ("Báo cáo tháng", "Monthly report"),
        "directive": ("Chỉ thị", "Directive"),
        "news": ("Tin bài", "News article"),
        "portal_data": ("Dữ liệu Cổng DVC", "Portal data"),
        "spreadsheet": ("Bảng tính", "Spreadsheet"),
        "unknown": ("Không rõ", "Unknown"),
    },
    "overdue": {"true": ("Có", "Yes"), "false": ("Không", "No")},
    "item": {k: v for k, v in _COLUMNS.items()},
}
_VALUES["period_kind"] = _VALUES["series"]
_VALUES["code_date_after_received"] = _VALUES["overdue"]


def column_label(column: str, lang: Lang = "vi") -> str:
    """The header of a column: ``total`` → "Tổng điểm", ``cong_khai`` → "Công khai (18)".

    Component columns and their derived columns (``rank_cong_k``... ``cong_khai_delta``) are
    named after the component; an unknown column keeps its own name.
    """
    index = 0 if lang == "vi" else 1
    if column in _COLUMNS:
        return _COLUMNS[column][index]
    if column in _COMPONENT_KEYS:
        comp = component(column)
        name = comp.short if lang == "vi" else comp.english
        return f"{name} ({comp.max_points})"
    rest = column.removeprefix("rank_")
    if rest != column and rest in _COMPONENT_KEYS:
        return f"{_COLUMNS['rank'][index]} {column_label(rest, lang)}"
    for suffix in ("_before", "_after", "_delta"):
        rest = column.removesuffix(suffix)
        if rest != column and (rest in _COMPONENT_KEYS or rest in _COLUMNS):
            return f"{column_label(rest, lang)} {column_label(suffix[1:], lang).lower()}"
    return column


def value_label(column: str, value: str, lang: Lang = "vi") -> str:
    """A coded value as people say it: level ``commune`` → "Xã, phường"; a component key in a
    ``component`` column → its label; other values unchanged."""
    index = 0 if lang == "vi" else 1
    if column == "component" and value in _COMPONENT_KEYS:
        return column_label(value, lang)
    if column == "group" and value in _COMPONENT_KEYS:
        return column_label(value, lang)
    if column == "component" and value == "rank":
        return _COLUMNS["rank"][index]
    names = _VALUES.get(column)
    if names and value in names:
        return names[value][index]
    return value


def format_value(value: Any, *, column: str = "", lang: Lang = "vi", signed: bool = False) -> str:
    """One cell as text: ``Decimal("96.77")`` → "96,77" (vi) or "96.77" (en) with its own
    decimals; dates dd/mm/yyyy; a signed change with its sign ("+0,35", "-1"); None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value_label(column, "true" if value else "false", lang)
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        style = NumberStyle.COMMA_DECIMAL if lang == "vi" else NumberStyle.DOT_DECIMAL
        text = format_decimal(number, style)
        return f"+{text}" if signed and number > 0 else text
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str):
        return value_label(column, value, lang)
    if isinstance(value, Iterable):
        return ", ".join(format_value(v, column=column, lang=lang) for v in value)
    return str(value)
