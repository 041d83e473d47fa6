"""The index's component groups, their label variants and maxima, and methodology versions.

How a printed label is read (which group "C.khai (18)" or ``CKMB`` names) is the
:mod:`idx766.vocabulary`'s ``match_label``.

Six groups in today's portal (``cong_khai`` 18, ``tien_do`` 20, ``dvc_truc_tuyen`` 12,
``thanh_toan`` 10, ``hai_long`` 18, ``so_hoa`` 22). The decision of 2022 defined five, with one
online group ``truc_tuyen`` worth 22 that later shows up split into 12 + 10. A figure belongs to
one :class:`Methodology`; which one is inferred from the labels present (the date of the split is
not known).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from attrs import frozen

__all__ = [
    "COMPONENTS",
    "FIVE_GROUP",
    "METHODOLOGIES",
    "SIX_GROUP",
    "TOTAL",
    "Component",
    "Methodology",
    "component",
    "infer_methodology",
]

TOTAL = "total"


@frozen(kw_only=True)
class Component:
    """One component group: key, Vietnamese label, label variants, maximum points, portal codes.

    ``short`` is the label a table header prints ("Công khai (18)" without the maximum) and
    ``english`` the English name, both for output.
    """

    key: str
    label: str
    short: str
    english: str
    max_points: Decimal
    variants: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()


COMPONENTS: tuple[Component, ...] = (
    Component(
        key="cong_khai",
        label="Công khai, minh bạch",
        short="Công khai",
        english="Transparency",
        max_points=Decimal(18),
        variants=("Công khai minh bạch", "Công khai", "C.khai", "CKMB"),
        codes=("CKMB",),
    ),
    Component(
        key="tien_do",
        label="Tiến độ giải quyết",
        short="Tiến độ",
        english="Progress",
        max_points=Decimal(20),
        variants=("Tiến độ, kết quả giải quyết", "Tiến độ", "T.độ", "TDGQ"),
        codes=("TDGQ",),
    ),
    Component(
        key="dvc_truc_tuyen",
        label="Dịch vụ công trực tuyến",
        short="DVC trực tuyến",
        english="Online services",
        max_points=Decimal(12),
        variants=("Dịch vụ công", "DV công", "DVC trực tuyến", "CLGQ", "ONLINE"),
        codes=("CLGQ", "ONLINE"),
    ),
    Component(
        key="thanh_toan",
        label="Thanh toán trực tuyến",
        short="Thanh toán",
        english="Online payment",
        max_points=Decimal(10),
        variants=("Thanh toán dịch vụ công trực tuyến", "Thanh toán", "T.toán", "TTTT"),
        codes=("TTTT",),
    ),
    Component(
        key="hai_long",
        label="Mức độ hài lòng",
        short="Hài lòng",
        english="Satisfaction",
        max_points=Decimal(18),
        variants=("Hài lòng", "H.lòng", "MDHL"),
        codes=("MDHL",),
    ),
    Component(
        key="so_hoa",
        label="Số hóa hồ sơ",
        short="Số hóa",
        english="Digitisation",
        max_points=Decimal(22),
        variants=("Số hóa hồ sơ, kết quả TTHC", "Số hóa", "S.hóa", "MDSH"),
        codes=("MDSH",),
    ),
    Component(
        key="truc_tuyen",
        label="Dịch vụ trực tuyến",
        short="Trực tuyến",
        english="Online (5-group)",
        max_points=Decimal(22),
        variants=("Cung cấp dịch vụ trực tuyến", "ONLINE_SERVICE"),
        codes=("ONLINE_SERVICE",),
    ),
)

_BY_KEY = {c.key: c for c in COMPONENTS}


def component(key: str) -> Component:
    """The component with this key (``KeyError`` if unknown)."""
    return _BY_KEY[key]


@frozen(kw_only=True)
class Methodology:
    """A version of the index: which component groups make the total, and their maxima."""

    key: str
    title: str
    keys: tuple[str, ...]

    @property
    def components(self) -> tuple[Component, ...]:
        """The groups of this methodology, in their usual order."""
        return tuple(_BY_KEY[k] for k in self.keys)

    def max_points(self, key: str) -> Decimal | None:
        """The maximum of a group under this methodology, or None if it is not one of its groups."""
        return _BY_KEY[key].max_points if key in self.keys else None


SIX_GROUP = Methodology(
    key="six-group",
    title="Six groups (online services split into 12 + 10)",
    keys=("cong_khai", "tien_do", "dvc_truc_tuyen", "thanh_toan", "hai_long", "so_hoa"),
)
FIVE_GROUP = Methodology(
    key="five-group",
    title="Five groups of QĐ 766/QĐ-TTg (online services worth 22)",
    keys=("cong_khai", "tien_do", "truc_tuyen", "hai_long", "so_hoa"),
)
METHODOLOGIES: dict[str, Methodology] = {m.key: m for m in (SIX_GROUP, FIVE_GROUP)}


def infer_methodology(keys: Iterable[str]) -> Methodology | None:
    """The methodology that the component keys present belong to; None when they fit both."""
    present = set(keys)
    if "truc_tuyen" in present:
        return FIVE_GROUP
    if present & {"dvc_truc_tuyen", "thanh_toan"}:
        return SIX_GROUP
    return None
