"""Component groups, their label variants and the methodology versions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from idx766.components import FIVE_GROUP, SIX_GROUP, component, infer_methodology
from idx766.vocabulary import match_label

# label variants as they appear in domain.md and the seeds
VARIANTS = {
    "cong_khai": [
        "Công khai, minh bạch",
        "Công khai minh bạch",
        "Công khai (18)",
        "C.khai (18)",
        "CKMB",
        "Công khai, minh bạch (18)",
    ],
    "tien_do": [
        "Tiến độ giải quyết",
        "Tiến độ, kết quả giải quyết",
        "Tiến độ (20)",
        "T.độ (20)",
        "TDGQ",
        "Tiến độ giải quyết (20)",
    ],
    "dvc_truc_tuyen": [
        "Dịch vụ công trực tuyến",
        "Dịch vụ công (12)",
        "DV công (12)",
        "CLGQ",
        "Dịch vụ công trực tuyến (12)",
    ],
    "thanh_toan": [
        "Thanh toán trực tuyến",
        "Thanh toán dịch vụ công trực tuyến",
        "T.toán (10)",
        "TTTT",
        "Thanh toán trực tuyến (10)",
    ],
    "hai_long": ["Mức độ hài lòng", "Hài lòng (18)", "H.lòng (18)", "MDHL", "Mức độ hài lòng (18)"],
    "so_hoa": [
        "Số hóa hồ sơ",
        "Số hóa hồ sơ, kết quả TTHC",
        "Số hóa (22)",
        "S.hóa (22)",
        "MDSH",
        "Số hoá hồ sơ (22)",
    ],
    "truc_tuyen": ["Dịch vụ trực tuyến", "Cung cấp dịch vụ trực tuyến", "Dịch vụ trực tuyến (22)"],
    "total": ["Tổng (100)", "Tổng điểm", "TỔNG ĐIỂM", "Tổng"],
}


@pytest.mark.parametrize(
    ("key", "label"), [(k, label) for k, labels in VARIANTS.items() for label in labels]
)
def test_label_variants(key: str, label: str) -> None:
    match = match_label(label)
    assert match is not None and match.key == key


@pytest.mark.parametrize("label", ["Sở, ngành", "STT", "Số hồ sơ quá hạn", "Biến động", ""])
def test_other_labels_are_not_components(label: str) -> None:
    assert match_label(label) is None


def test_max_hint_is_read() -> None:
    match = match_label("C.khai (18)")
    assert match is not None and match.max_hint == Decimal(18)


def test_methodologies() -> None:
    assert sum(c.max_points for c in SIX_GROUP.components) == 100
    assert sum(c.max_points for c in FIVE_GROUP.components) == 100
    assert component("truc_tuyen").max_points == component("dvc_truc_tuyen").max_points + (
        component("thanh_toan").max_points
    )
    assert SIX_GROUP.max_points("truc_tuyen") is None
    assert FIVE_GROUP.max_points("truc_tuyen") == Decimal(22)


def test_methodology_inferred_from_labels() -> None:
    assert infer_methodology(["cong_khai", "dvc_truc_tuyen"]) is SIX_GROUP
    assert infer_methodology(["cong_khai", "truc_tuyen"]) is FIVE_GROUP
    assert infer_methodology(["cong_khai", "so_hoa"]) is None
