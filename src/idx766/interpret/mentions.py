"""Units named in running text: where a name starts and ends, and what level it is.

Articles and notices name units in many ways: with a type word ("tỉnh Đồng Nai", "UBND huyện
Bát Xát", "TP.Thủ Dầu Một", "thị xã Bến Cát", "phường Phú Tân (TP.Thủ Dầu Một)"), as an agency
("Sở An toàn thực phẩm", "Sở VH,TT&DL", "Ban Quản lý các khu công nghiệp", "Văn phòng Ủy ban nhân
dân tỉnh", "Bộ Quốc phòng", "Bảo hiểm xã hội Việt Nam"), or bare ("Hải Phòng đạt ...", "Nam
Giang (88,35 điểm)", "TPHCM"). :func:`find_mentions` finds them in one sentence; a parent in
brackets right after a name is kept as the name's parent, not taken for another unit. The level
comes from the type word, from the registry (a bare province name) or from the sentence's scope
("ở cấp huyện", "khối các sở, ban, ngành").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from attrs import frozen

from idx766.model import Level
from idx766.text import fold

__all__ = ["MINISTRY", "Mention", "find_mentions", "scope_level"]

MINISTRY = "ministry"  # ministries and central agencies of national summaries (no Level yet)

_TOKEN = re.compile(r"[^\s]+")
_LEAD = "([{\"“‘'«"
_TRAIL = ")]}\"”’'»,;:.!?…"
# type words (lower case, as token sequences) and the level they give
_TYPES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("thành", "phố"), "city"),
    (("thị", "xã"), Level.DISTRICT.value),
    (("thị", "trấn"), Level.COMMUNE.value),
    (("đặc", "khu"), Level.COMMUNE.value),
    (("tỉnh",), Level.PROVINCE.value),
    (("huyện",), Level.DISTRICT.value),
    (("quận",), Level.DISTRICT.value),
    (("xã",), Level.COMMUNE.value),
    (("phường",), Level.COMMUNE.value),
    (("tp",), "city"),
    (("tx",), Level.DISTRICT.value),
)
_UBND: tuple[tuple[str, ...], ...] = (
    ("ubnd",),
    ("ủy", "ban", "nhân", "dân"),
    ("uỷ", "ban", "nhân", "dân"),
)
_STARTS = frozenset(words[0] for words, _ in _TYPES) | frozenset(words[0] for words in _UBND)
# agencies: the words that open an agency's name, its level
_AGENCY_HEADS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("bảo", "hiểm", "xã", "hội", "việt", "nam"), MINISTRY),
    (("ban", "quản", "lý"), Level.DEPARTMENT.value),
    (("văn", "phòng"), Level.DEPARTMENT.value),
    (("thanh", "tra"), Level.DEPARTMENT.value),
    (("công", "an"), Level.DEPARTMENT.value),
    (("bql",), Level.DEPARTMENT.value),
    (("sở",), Level.DEPARTMENT.value),
    (("bộ",), MINISTRY),
)
# the second word of a "Bộ"/"Sở"/"Văn phòng" that is not an agency ("Bộ chỉ số", "Bộ phận")
_NOT_AGENCY = {
    "chỉ",
    "phận",
    "máy",
    "trưởng",
    "tiêu",
    "thủ",
    "ngành",
    "ban",
    "tài",
    "chính",
    "chính phủ",
}
# words that end a name (verbs and particles of the sentences around names)
_STOP = {
    "đạt",
    "với",
    "xếp",
    "đứng",
    "dẫn",
    "tiếp",
    "cũng",
    "được",
    "là",
    "có",
    "giữ",
    "duy",
    "tăng",
    "giảm",
    "trong",
    "trên",
    "ở",
    "về",
    "vươn",
    "đang",
    "đã",
    "hiện",
    "vừa",
    "tổng",
    "hạng",
    "thứ",
    "vị",
    "cho",
    "theo",
    "luôn",
    "kém",
    "chiếm",
    "nằm",
    "những",
    "để",
    "khi",
    "thì",
    "lần",
    "bị",
    "gồm",
    "sau",
    "trước",
    "tại",
    "từ",
    "đến",
    "nhất",
    "nhì",
    "điểm",
    "chỉ",
    "số",
    "ghi",
    "một",
    "này",
    "đó",
    "riêng",
    "cao",
    "thấp",
    "năm",
    "tháng",
    "tuần",
    "quý",
    "trở",
    "lên",
}
_SCOPES: tuple[tuple[str, str], ...] = (
    ("cap xa", Level.COMMUNE.value),
    ("xa, phuong", Level.COMMUNE.value),
    ("cac xa", Level.COMMUNE.value),
    ("cap huyen", Level.DISTRICT.value),
    ("huyen, thi xa", Level.DISTRICT.value),
    ("huyen, thi", Level.DISTRICT.value),
    ("huyen, thanh pho", Level.DISTRICT.value),
    ("cac huyen", Level.DISTRICT.value),
    ("so, ban, nganh", Level.DEPARTMENT.value),
    ("so, nganh", Level.DEPARTMENT.value),
    ("cap so", Level.DEPARTMENT.value),
    ("cac so", Level.DEPARTMENT.value),
    ("cac bo", MINISTRY),
)


@frozen(kw_only=True)
class Mention:
    """A unit named in a sentence: the name as printed, where, its level (a ``Level`` value,
    ``"ministry"``, ``"city"`` for "thành phố X" whose level the caller decides, or None)."""

    name: str
    start: int
    end: int
    level: str | None
    bare: bool = False  # no type word and no agency word
    parent: str | None = None
    the_province: bool = False  # "tỉnh" alone: the document's own province


@frozen(kw_only=True)
class _Tok:
    text: str  # without leading/trailing punctuation
    start: int
    end: int
    key: str  # lower case
    lead: str
    trail: str

    @property
    def cap(self) -> bool:
        return bool(self.text) and self.text[0].isupper()


def _low(word: str) -> str:
    return word.lower().rstrip(".")


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        raw, start = m.group(0), m.start()
        lead = ""
        while raw and raw[0] in _LEAD:
            lead, raw, start = lead + raw[0], raw[1:], start + 1
        trail = ""
        while raw and raw[-1] in _TRAIL and not re.fullmatch(r"(?i)tp\.|tx\.", raw):
            trail, raw = raw[-1] + trail, raw[:-1]
        if not raw:
            continue
        # glued prefixes: "TP.Thủ" -> "TP." + "Thủ"
        glued = re.match(r"(?i)(tp\.|tx\.)(\w.*)", raw)
        if glued:
            head = glued.group(1)
            out.append(
                _Tok(
                    text=head,
                    start=start,
                    end=start + len(head),
                    key=_low(head),
                    lead=lead,
                    trail="",
                )
            )
            raw, start, lead = glued.group(2), start + len(head), ""
        out.append(
            _Tok(text=raw, start=start, end=start + len(raw), key=_low(raw), lead=lead, trail=trail)
        )
    return out


def _match_words(toks: list[_Tok], i: int, words: tuple[str, ...]) -> bool:
    if i + len(words) > len(toks):
        return False
    for k, w in enumerate(words):
        if toks[i + k].key != w:
            return False
        if k < len(words) - 1 and toks[i + k].trail:
            return False
    return True


def _name_run(toks: list[_Tok], i: int, extend: Callable[[str], bool] | None) -> int:
    """Index after the capitalized words starting at ``i`` ("Bà Rịa - Vũng Tàu", "Bình định")."""
    j = i
    while j < len(toks):
        t = toks[j]
        if j > i and toks[j - 1].trail:
            break
        if t.lead and j > i:
            break
        if t.cap and not t.text[0].isdigit():
            j += 1
            continue
        if t.text == "-" and j + 1 < len(toks) and toks[j + 1].cap and j > i:
            j += 1
            continue
        if extend is not None and j > i and not t.text[0].isdigit():
            candidate = " ".join(x.text for x in toks[i : j + 1])
            if extend(candidate):
                j += 1
                continue
        break
    return j


def _agency_end(toks: list[_Tok], i: int, head_len: int) -> int:
    """Index after an agency's name: its words up to a verb, a number or punctuation.

    A comma inside an abbreviation ("Sở VH,TT&DL") or before a capitalized word that opens no
    other name ("Sở Văn hóa, Thể thao và Du lịch") does not end it.
    """
    j = i + head_len
    limit = min(len(toks), i + head_len + 9)
    while j < limit:
        prev, t = toks[j - 1], toks[j]
        if prev.trail:
            comma_inside = prev.trail == "," and (
                prev.text.isupper() or (t.cap and not _opens_name(toks, j))
            )
            if not comma_inside:
                break
        if t.lead or t.text[0].isdigit():
            break
        if t.key == "tỉnh":
            # "Sở Y tế tỉnh Gia Lai": the province that follows is not part of the name;
            # "Văn phòng UBND tỉnh": the word ends the name
            if j + 1 < len(toks) and toks[j + 1].cap and not t.trail:
                break
            j += 1
            break
        if t.key == "và" and j + 1 < len(toks) and toks[j + 1].cap:
            j += 1
            continue
        if not t.cap and t.key in _STOP:
            break
        j += 1
    while j > i + head_len and toks[j - 1].key in ("và", "-"):
        j -= 1
    return j


def _opens_name(toks: list[_Tok], j: int) -> bool:
    return any(_match_words(toks, j, words) for words, _ in (*_TYPES, *_AGENCY_HEADS)) or any(
        _match_words(toks, j, words) for words in _UBND
    )


def scope_level(text: str) -> str | None:
    """The level a stretch of text speaks of ("ở cấp huyện", "khối các sở, ban, ngành")."""
    folded = fold(text)
    best: tuple[int, str] | None = None
    for words, level in _SCOPES:
        at = folded.rfind(words)
        if at >= 0 and (best is None or at > best[0]):
            best = (at, level)
    return best[1] if best else None


def find_mentions(
    text: str,
    *,
    is_province: Callable[[str], bool],
) -> list[Mention]:
    """The units named in ``text`` (one sentence), in order.

    ``is_province`` says whether a bare name is a province's (from the registry). A bare name
    (no type word) is taken when it is a province's, or when two or more capitalized words are
    followed by a score or a verb of the index ("Nam Giang (88,35 điểm)", "Hải Phòng đạt").
    """
    toks = _tokens(text)
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        mention, nxt = _at(toks, i, text, is_province)
        if mention is None:
            i += 1
            continue
        # an agency's province right after it: "Sở Y tế tỉnh Gia Lai"
        if mention.level in (Level.DEPARTMENT.value, MINISTRY) and nxt < len(toks):
            province, after = _at(toks, nxt, text, is_province)
            if (
                province is not None
                and province.level == Level.PROVINCE.value
                and not province.the_province
                and not toks[nxt - 1].trail
            ):
                mention = Mention(
                    name=mention.name,
                    start=mention.start,
                    end=mention.end,
                    level=mention.level,
                    parent=province.name,
                )
                nxt = after
        # a parent in brackets right after a name: "Phường Tân Bình (TP.Dĩ An)"
        if nxt < len(toks) and toks[nxt].lead.startswith("("):
            parent, after = _at(toks, nxt, text, is_province)
            if parent is not None and text[parent.end : parent.end + 1] == ")":
                mention = Mention(
                    name=mention.name,
                    start=mention.start,
                    end=mention.end,
                    level=mention.level,
                    bare=mention.bare,
                    parent=parent.name,
                )
                nxt = after
        out.append(mention)
        i = nxt
    return out


def _at(
    toks: list[_Tok], i: int, text: str, is_province: Callable[[str], bool]
) -> tuple[Mention | None, int]:
    t = toks[i]
    if not t.cap and t.key not in _STARTS:
        return None, i + 1  # most words open no name: the quick way out
    j = i
    ubnd = False
    for words in _UBND:
        if _match_words(toks, j, words) and t.cap:
            j += len(words)
            ubnd = True
            break
    # a type word, then a name
    for words, level in _TYPES:
        if not _match_words(toks, j, words):
            continue
        first = toks[j]
        if not ubnd and words in (("tp",), ("tx",)) and first.text.upper() != first.text:
            continue
        k = j + len(words)
        if words == ("tỉnh",) and j > 0 and toks[j - 1].key in ("cấp", "các", "ngoài", "liên"):
            break  # "cấp tỉnh", "các tỉnh": not a province
        if toks[k - 1].trail and toks[k - 1].text not in ("TP.", "TX.", "tp.", "tx."):
            if words == ("tỉnh",) and toks[k - 1].trail in (",", ".", ";", ":", ")"):
                return _the_province(toks, j, k), k
            break
        end = _name_run(toks, k, is_province) if k < len(toks) else k
        if end == k:
            if words == ("tỉnh",):
                return _the_province(toks, j, k), k
            break
        start_tok = toks[i] if ubnd else toks[j]
        name = text[start_tok.start : toks[end - 1].end]
        return (
            Mention(name=name, start=start_tok.start, end=toks[end - 1].end, level=level),
            end,
        )
    if ubnd:
        return None, i + 1
    # an agency
    if t.cap:
        for words, level in _AGENCY_HEADS:
            if not _match_words(toks, i, words):
                continue
            k = i + len(words)
            if k >= len(toks) or toks[k - 1].trail:
                break
            second = toks[k]
            if second.key in _NOT_AGENCY or second.text[0].isdigit():
                break
            if words == ("bộ",) and not second.cap:
                break
            if i > 0 and toks[i - 1].key in ("các", "nhóm", "những", "mỗi"):
                break
            end = _agency_end(toks, i, len(words))
            if end <= k and level != MINISTRY:
                break
            name = text[t.start : toks[end - 1].end]
            return Mention(name=name, start=t.start, end=toks[end - 1].end, level=level), end
    # a bare name
    if t.cap and not t.text[0].isdigit():
        end = _name_run(toks, i, is_province)
        name = text[t.start : toks[end - 1].end] if end > i else ""
        if name and is_province(name):
            return Mention(
                name=name, start=t.start, end=toks[end - 1].end, level=None, bare=True
            ), end
        if end - i >= 2 and _followed_by_figure(text, toks[end - 1].end):
            return Mention(
                name=name, start=t.start, end=toks[end - 1].end, level=None, bare=True
            ), end
        return None, max(end, i + 1)
    return None, i + 1


def _the_province(toks: list[_Tok], j: int, k: int) -> Mention:
    t = toks[j]
    return Mention(
        name=t.text, start=t.start, end=toks[k - 1].end, level="province", the_province=True
    )


_FIGURE_AFTER = re.compile(
    r"\s*(?:\(\s*\d{1,3}(?:[.,]\d{1,2})?\s*điểm|\d{1,3}(?:[.,]\d{1,2})?\s*điểm|"
    r"(?:đã\s+|đang\s+|cũng\s+)?(?:đạt|với|xếp|đứng|dẫn\s+đầu|tiếp\s+tục|giữ|hạng|tăng|giảm)\b)",
    re.IGNORECASE,
)


def _followed_by_figure(text: str, end: int) -> bool:
    return _FIGURE_AFTER.match(text, end) is not None
