"""The index's component groups, their label variants and maxima, and methodology versions.

Six groups in today's portal (``cong_khai`` 18, ``tien_do`` 20, ``dvc_truc_tuyen`` 12,
``thanh_toan`` 10, ``hai_long`` 18, ``so_hoa`` 22). The decision of 2022 defined five, with one
online group ``truc_tuyen`` worth 22 that later shows up split into 12 + 10. A figure belongs to
one :class:`Methodology`; which one is inferred from the labels present (the date of the split is
not known).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from attrs import field, frozen

from idx766.text import fold

__all__ = [
    "COMPONENTS",
    "FIVE_GROUP",
    "METHODOLOGIES",
    "SIX_GROUP",
    "TOTAL",
    "Component",
    "LabelMatch",
    "Methodology",
    "component",
    "infer_methodology",
    "match_label",
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
    max_total: Decimal = Decimal(100)

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


@frozen(kw_only=True)
class LabelMatch:
    """What a printed label (a header cell, a phrase) denotes: a component key or ``total``."""

    key: str
    printed: str
    max_hint: Decimal | None = field(default=None)


_MAX_HINT = re.compile(r"\(\s*(\d{1,3})\s*(?:điểm)?\s*\)\s*$", re.IGNORECASE)
_PUNCT = re.compile(r"[^\w\s]+")
_TOTAL_WORDS = ("tong diem", "tong", "diem tong hop", "tong so diem", "tong score", "tong_score")


def _label_key(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", fold(text)).split())


def _variant_table() -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for comp in COMPONENTS:
        for printed in (comp.label, *comp.variants):
            pairs.append((_label_key(printed), comp.key))
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
    core = _label_key(_MAX_HINT.sub("", text))
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
