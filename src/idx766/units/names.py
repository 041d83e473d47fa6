"""Printed unit names reduced to what identifies them: decorations off, abbreviations expanded.

"UBND xã Phượng Tiến", "Sở Nội vụ - tỉnh Thái Nguyên", "Phường Hội Phú (TP.Pleiku)", "BQL các
KCN", "Sở VH,TT&DL", "TP.HCM" and "UBND xa Phuong Tien" become match keys in which only the
name itself is left, split into the type word ("xã", "huyện", "tỉnh"...) and the base name,
with the context the name carries (a province after " - tỉnh X" or ", tỉnh X", a parent in
parentheses) set aside as hints for the resolver. Tones are kept: "Văn Lang", "Văn Lăng" and
"Văn Lãng" stay apart; their placement is folded ("Hoá" = "Hóa") by
:func:`idx766.text.name_key`. Two further keys serve the resolver: ``spelling`` (the i/y
spellings of one syllable and the spacing of words folded: "Lam Vĩ" = "Lam Vỹ", "Albá" = "Al
Bá") and ``folded`` (no diacritics at all, for names typed without them and for fuzzy
matching).
"""

from __future__ import annotations

import functools
import re

from attrs import frozen

from idx766.model import Level
from idx766.text import fold, fold_key, name_key

__all__ = ["TYPE_LEVELS", "NameParts", "iy_key", "split_name"]

# type words that open a name, and the levels they allow
TYPE_LEVELS: dict[str, tuple[Level, ...]] = {
    name_key("đặc khu"): (Level.COMMUNE,),
    name_key("phường"): (Level.COMMUNE,),
    name_key("xã"): (Level.COMMUNE,),
    name_key("thị trấn"): (Level.COMMUNE,),
    name_key("thị xã"): (Level.DISTRICT,),
    name_key("huyện"): (Level.DISTRICT,),
    name_key("quận"): (Level.DISTRICT,),
    name_key("thành phố"): (Level.PROVINCE, Level.DISTRICT),
    name_key("tỉnh"): (Level.PROVINCE,),
}
# accented type word -> its form without diacritics (for names typed without them)
_TYPES = sorted(((t, fold(t)) for t in TYPE_LEVELS), key=lambda p: len(p[0]), reverse=True)

# words that open the name of an agency, and the levels they allow
_AGENCY_WORDS = {
    "sở": (Level.DEPARTMENT,),
    "ban": (Level.DEPARTMENT, Level.MINISTRY),
    "văn phòng": (Level.DEPARTMENT, Level.MINISTRY),
    "thanh tra": (Level.DEPARTMENT, Level.MINISTRY),
    "công an": (Level.DEPARTMENT,),
    "bộ": (Level.MINISTRY,),
}
_AGENCY = sorted(
    ((name_key(w), fold(w), levels) for w, levels in _AGENCY_WORDS.items()),
    key=lambda p: len(p[0]),
    reverse=True,
)

# words printed for others, as tokens of the key -> what they stand for
_ABBREVIATIONS = {
    "bql": "ban quản lý",
    "kcn": "khu công nghiệp",
    "kkt": "khu kinh tế",
    "vp": "văn phòng",
    "ptnt": "phát triển nông thôn",
    "tp": "thành phố",
    "tx": "thị xã",
    "tphcm": "thành phố hồ chí minh",
    "hcm": "hồ chí minh",
    "ubnd": "ủy ban nhân dân",
}
_EXPAND = {k: name_key(v) for k, v in _ABBREVIATIONS.items()}
_EXPAND_ASCII = {k: fold(v) for k, v in _ABBREVIATIONS.items()}

# sectors of a Sở / Bộ, reached from every way of abbreviating them: the letters of the
# abbreviation without diacritics, punctuation or "và" ("GD&ĐT", "GD-ĐT", "GD và ĐT": "gddt")
_SECTORS = {
    "khdt": "kế hoạch và đầu tư",
    "nnptnt": "nông nghiệp và phát triển nông thôn",
    "gtvt": "giao thông vận tải",
    "tnmt": "tài nguyên và môi trường",
    "tttt": "thông tin và truyền thông",
    "ldtbxh": "lao động thương binh và xã hội",
    "vhttdl": "văn hóa thể thao và du lịch",
    "vhtt": "văn hóa và thể thao",
    "khcn": "khoa học và công nghệ",
    "gddt": "giáo dục và đào tạo",
    "nnmt": "nông nghiệp và môi trường",
    "dttg": "dân tộc và tôn giáo",
    "qhkt": "quy hoạch kiến trúc",
}
_SECTOR_KEYS = {k: name_key(v) for k, v in _SECTORS.items()}

_UBND = ("ubnd ", name_key("ủy ban nhân dân") + " ", "uy ban nhan dan ")
# " - tỉnh X", " - TP. X" at the end (the portal's suffix), ", tỉnh X" / ", huyện Y" at the end
_DASH_HINT = re.compile(r"\s+-\s+((?:tỉnh|tinh|thành phố|thanh pho|tp\b\.?)\s*.+)$")
_COMMA_HINT = re.compile(
    r",\s*((?:tỉnh|tinh|thành phố|thanh pho|tp\b\.?|huyện|huyen|quận|quan|thị xã|thi xa)"
    r"\s*[^,]+)$"
)
_PAREN_HINT = re.compile(r"\s*\(([^()]*)\)\s*$")
# "TP.Pleiku", "TX. Bỉm Sơn", "H. Đại Từ", "Q.1", "P. Hội Phú", "TT. Hùng Sơn": a glued or
# abbreviated type word at the start
_GLUED = re.compile(r"^(tp|tx|tt|h|q|p|x)\.\s*")
_GLUED_TYPES = {
    "tp": "thành phố",
    "tx": "thị xã",
    "tt": "thị trấn",
    "h": "huyện",
    "q": "quận",
    "p": "phường",
    "x": "xã",
}
_TRAILING_PLACE = re.compile(r"\s+(?:tỉnh|tinh|thành phố|thanh pho)(?:\s+(.+))?$")
_PUNCT = re.compile(r"[^\w\s]+")
_LEADING_PUNCT = re.compile(r"^[^\w]+")
_APOSTROPHES = re.compile("['’‘`ʼ]")  # "Ea H'Leo", "Ea H’leo" and "Ea Hleo" are one name
_CAC = re.compile(r"\b(?:các|cac)\s+")

# i and y spell one vowel after a consonant at the end of a syllable ("Vĩ" / "Vỹ", "Kì" / "Kỳ",
# "Lí" / "Lý"); not in "uy", "ay", "yê" (distinct sounds)
_Y_TO_I = str.maketrans("yýỳỷỹỵ", "iíìỉĩị")
_IY_SYLLABLE = re.compile(r"\b(?:ngh|ch|gh|kh|ng|nh|ph|qu|th|tr|[bcdđghklmnprstvx])[yýỳỷỹỵ]\b")


_LEADING_ZEROS = re.compile(r"\b0+(?=\d)")


def iy_key(key: str) -> str:
    """``key`` with a syllable-final i/y after a consonant written as i ("lam vỹ" -> "lam vĩ")
    and numbers without leading zeros ("phường 01" -> "phường 1")."""
    key = _IY_SYLLABLE.sub(lambda m: m.group(0).translate(_Y_TO_I), key)
    return _LEADING_ZEROS.sub("", key) if "0" in key else key


@frozen(kw_only=True)
class NameParts:
    """A printed name reduced: ``type_word`` (may be ""), ``base``, the context it carries.

        ``hints`` are the places the name itself names (" - tỉnh X", ", huyện Y", "(TP.Y)"), each
        reduced in turn; the resolver reads each as a province or a parent. ``unaccented`` is true
        when the name was printed without diacritics: its base is then compared without them.
        ``agency_levels`` are the levels the opening word of an agency's name allows ("Sở",
        "Bộ"...). ``spelling`` is the base with i/y and word spacing folded, ``folded`` the base
    without diacritics (i/y folded too).
    """

    type_word: str
    base: str
    hints: tuple[NameParts, ...] = ()
    unaccented: bool = False
    agency_levels: tuple[Level, ...] = ()
    spelling: str = ""
    folded: str = ""

    @property
    def full(self) -> str:
        """Type word and base as one match key."""
        return f"{self.type_word} {self.base}".strip()

    @property
    def levels(self) -> tuple[Level, ...]:
        """The levels the type word (or the agency word) allows; all when there is none."""
        if self.type_word:
            return TYPE_LEVELS[self.type_word]
        return self.agency_levels or tuple(Level)

    def untyped(self) -> NameParts | None:
        """For a name printed without diacritics whose first word was read as a type or
        agency word: the reading in which that word is part of the name ("Tinh Bien" is "Tịnh
        Biên", not "tỉnh Biên"; "Bo Trach" is "Bố Trạch", not a "Bộ"); None otherwise."""
        if not self.unaccented or not (self.type_word or self.agency_levels):
            return None
        base = f"{fold(self.type_word)} {self.base}".strip()
        key = iy_key(base)
        return NameParts(
            type_word="",
            base=base,
            hints=self.hints,
            unaccented=True,
            spelling=key.replace(" ", ""),
            folded=key,
        )

    @property
    def province_hint(self) -> str | None:
        """The first hint as printed-and-reduced text (``None`` without one)."""
        return self.hints[0].full if self.hints else None


def _expand(key: str, ascii_only: bool) -> str:
    table = _EXPAND_ASCII if ascii_only else _EXPAND
    return " ".join([table.get(tok, tok) for tok in key.split(" ")])


def _sector(rest: str) -> str | None:
    """The full sector of an abbreviated one ("gd&đt" -> "giáo dục và đào tạo"), else None."""
    letters = [t for t in re.split(r"[^a-z0-9]+", fold(rest)) if t and t != "va"]
    return _SECTOR_KEYS.get("".join(letters))


def _agency(key: str, ascii_only: bool) -> tuple[str, tuple[Level, ...], str | None]:
    """An agency's name with its sector written out, "các" and a trailing "tỉnh (X)" dropped;
    with the levels its opening word allows and the province it names (X), if any."""
    found = next(
        (
            (word, levels)
            for accented, plain, levels in _AGENCY
            for word in (plain if ascii_only else accented,)
            if key == word or key.startswith(word + " ")
        ),
        None,
    )
    if found is None:
        return key, (), None
    word, levels = found
    rest = key[len(word) :].strip()
    hint = None
    m = _TRAILING_PLACE.search(" " + rest)
    if m is not None:
        hint = m.group(1)
        rest = rest[: max(m.start() - 1, 0)]
    sector = _sector(rest) if rest else None
    if sector is not None:
        rest = fold(sector) if ascii_only else sector
    rest = _CAC.sub("", rest)
    return f"{word} {rest}".strip(), levels, hint


def _glued(key: str, ascii_only: bool) -> str:
    m = _GLUED.match(key)
    if m is None or len(key) == m.end():
        return key
    word = name_key(_GLUED_TYPES[m.group(1)])
    return (fold(word) if ascii_only else word) + " " + key[m.end() :]


_HINT_CHARS = re.compile(r"[-,(]")
_ABBREVIATED = re.compile(r"(?:^| )(?:" + "|".join(map(re.escape, _ABBREVIATIONS)) + r")(?: |$)")
_AGENCY_FIRST = {w.split(" ")[0] for accented, plain, _ in _AGENCY for w in (accented, plain)}
# first word of a type word -> (the type word as printed, with or without diacritics; the type
# word), longest first
_TYPE_FIRST: dict[str, list[tuple[str, str]]] = {}
for _accented, _plain in _TYPES:
    for _form in {_accented, _plain}:
        _TYPE_FIRST.setdefault(_form.split(" ")[0], []).append((_form + " ", _accented))
_UBND_FIRST = {p.split(" ")[0] for p in _UBND}


def _without_ubnd(key: str) -> str:
    """``key`` without a leading "UBND" / "Ủy ban nhân dân" (said once or twice)."""
    while key.split(" ", 1)[0] in _UBND_FIRST:
        prefix = next((p for p in _UBND if key.startswith(p) and len(key) > len(p)), None)
        if prefix is None:
            break
        key = key[len(prefix) :]
    return key


@functools.lru_cache(maxsize=65536)
def split_name(printed: str) -> NameParts:
    """Reduce a printed unit name to its type word, base name and the context it carries.

    Each step is tried only when a cheap test says it may apply (official names are mostly
    "Xã ABC": a registry of 20,000 names is reduced in a fraction of a second).
    """
    key = name_key(printed)
    ascii_only = key.isascii() or fold_key(key) == key  # no letter with a diacritic ("M’ta")
    hint_texts: list[str] = []
    while _HINT_CHARS.search(key):  # context at the end: " - tỉnh X", ", huyện Y", "(TP.Y)"
        m = _DASH_HINT.search(key) or _COMMA_HINT.search(key) or _PAREN_HINT.search(key)
        if m is None or m.start() == 0:
            break
        hint_texts.append(m.group(1))
        key = key[: m.start()].rstrip(" ,-")
    key = _without_ubnd(_LEADING_PUNCT.sub("", key))
    first = key.split(" ", 1)[0]
    if "." in key:
        key = _glued(key, ascii_only)
        first = key.split(" ", 1)[0]
    agency_levels: tuple[Level, ...] = ()
    place: str | None = None
    if first in _AGENCY_FIRST:  # the sector from the letters as printed ("NN và PTNT")
        key, agency_levels, place = _agency(key, ascii_only)
    if _ABBREVIATED.search(key):
        key = _expand(key, ascii_only)
        first = key.split(" ", 1)[0]
        if not agency_levels and first in _AGENCY_FIRST:  # "BQL ...", "VP UBND ..."
            key, agency_levels, place = _agency(key, ascii_only)
    if place:
        hint_texts.append(place)
    if not key.replace(" ", "").isalnum():
        key = " ".join(_PUNCT.sub(" ", _APOSTROPHES.sub("", key)).split())
        if _ABBREVIATED.search(key):  # "TP." alone, "(KCN)"
            key = _expand(key, ascii_only)
        key = _without_ubnd(key)
        first = key.split(" ", 1)[0]
    type_word, base = "", key
    for form, word in _TYPE_FIRST.get(first, ()):
        if (key.startswith(form) or key + " " == form) and (
            ascii_only or not form.isascii() or word.isascii()
        ):  # a type word alone ("phường") names nothing: an empty base
            type_word, base = word, key[len(form) :]
            break
    return NameParts(
        type_word=type_word,
        base=base,
        hints=tuple(split_name(h) for h in hint_texts if h.strip()),
        unaccented=ascii_only,
        agency_levels=agency_levels if not type_word else (),
        spelling=iy_key(base).replace(" ", ""),
        folded=iy_key(fold_key(base)),
    )
