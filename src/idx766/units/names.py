"""Printed unit names reduced to what identifies them: decorations off, abbreviations expanded.

"UBND xã Phượng Tiến", "Sở Nội vụ - tỉnh Thái Nguyên", "Ban quản lý các KCN" and
"Sở Nông nghiệp và PTNT" become match keys in which only the name itself is left, split into the
type word ("xã", "huyện", "tỉnh"...) and the base name. Tones are kept: "Văn Lang" and "Văn Lãng"
stay apart; their placement is folded ("Hoá" = "Hóa") by :func:`idx766.text.name_key`.
"""

from __future__ import annotations

import re

from attrs import field, frozen

from idx766.model import Level
from idx766.text import fold, name_key

__all__ = ["TYPE_LEVELS", "NameParts", "split_name"]

# abbreviations as printed -> what they stand for (both sides go through name_key)
_ABBREVIATIONS = {
    "ubnd": "ủy ban nhân dân",
    "bql": "ban quản lý",
    "kcn": "khu công nghiệp",
    "vp": "văn phòng",
    "kh&đt": "kế hoạch và đầu tư",
    "kh&cn": "khoa học và công nghệ",
    "gd&đt": "giáo dục và đào tạo",
    "tt&tt": "thông tin và truyền thông",
    "nn&ptnt": "nông nghiệp và phát triển nông thôn",
    "ptnt": "phát triển nông thôn",
    "tn&mt": "tài nguyên và môi trường",
    "lđ-tb&xh": "lao động thương binh và xã hội",
    "lđtb&xh": "lao động thương binh và xã hội",
    "gtvt": "giao thông vận tải",
    "vhttdl": "văn hóa thể thao và du lịch",
    "vh,tt&dl": "văn hóa thể thao và du lịch",
    "tp": "thành phố",
    "tp.": "thành phố",
    "tx": "thị xã",
}
_EXPAND = {name_key(k): name_key(v) for k, v in _ABBREVIATIONS.items()}
_TOKEN = re.compile(r"[^\s]+")

# type words that open a name, and the levels they allow
TYPE_LEVELS: dict[str, tuple[Level, ...]] = {
    name_key("đặc khu"): (Level.COMMUNE,),
    name_key("phường"): (Level.COMMUNE,),
    name_key("xã"): (Level.COMMUNE,),
    name_key("thị xã"): (Level.DISTRICT,),
    name_key("huyện"): (Level.DISTRICT,),
    name_key("thành phố"): (Level.PROVINCE, Level.DISTRICT),
    name_key("tỉnh"): (Level.PROVINCE,),
}
_TYPES_LONGEST_FIRST = sorted(TYPE_LEVELS, key=len, reverse=True)
_LEADING_UBND = (name_key("ủy ban nhân dân") + " ",)
_PROVINCE_SUFFIX = re.compile(r"\s+-\s+(tỉnh|thành phố)\s+(.+)$")
_PUNCT = re.compile(r"[^\w\s]+")


@frozen(kw_only=True)
class NameParts:
    """A printed name reduced: ``type_word`` (may be ""), ``base``, the province it names.

    ``folded`` is the base without any diacritics, for fuzzy matching only.
    """

    type_word: str
    base: str
    province_hint: str | None
    folded: str = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "folded", fold(self.base))

    @property
    def full(self) -> str:
        """Type word and base as one match key."""
        return f"{self.type_word} {self.base}".strip()

    @property
    def levels(self) -> tuple[Level, ...]:
        """The levels the type word allows (all when there is none)."""
        return TYPE_LEVELS.get(self.type_word, tuple(Level))


def _expand(text: str) -> str:
    return " ".join(_EXPAND.get(tok, tok) for tok in _TOKEN.findall(text))


def split_name(printed: str) -> NameParts:
    """Reduce a printed unit name to its type word, base name and province hint."""
    key = name_key(printed)
    hint = None
    m = _PROVINCE_SUFFIX.search(key)
    if m:
        hint, key = m.group(2), key[: m.start()]
    key = _expand(key)
    stripped = True
    while stripped:
        stripped = False
        for prefix in _LEADING_UBND:
            if key.startswith(prefix) and len(key) > len(prefix):
                key, stripped = key[len(prefix) :], True
    key = " ".join(_PUNCT.sub(" ", key).split())
    for word in _TYPES_LONGEST_FIRST:
        if key.startswith(word + " "):
            return NameParts(type_word=word, base=key[len(word) + 1 :], province_hint=hint)
    return NameParts(type_word="", base=key, province_hint=hint)
