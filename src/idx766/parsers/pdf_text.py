"""PDF text geometry: characters deduplicated, grouped into words and lines, lines rejoined.

pdfplumber gives one dict per glyph. This module turns those into :class:`Word` and
:class:`Line` objects (text with its box, font size and weight) and decides how two lines that
a layout engine wrapped are joined back: with a space, or without one when the break fell
inside a token ("PAKN.20260" / "516.0501", "Than" / "h" in a narrow cell, "Tỉnh/" / "thành").
A digit set small and raised inside a word is a superscript: "TRẢ LỜI¹" (a footnote reference),
not "TRẢ LỜI1".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from itertools import pairwise
from operator import itemgetter
from typing import Any

from attrs import frozen

__all__ = [
    "Line",
    "Word",
    "dedupe_chars",
    "join_lines",
    "lines_of",
    "no_space_between",
    "superscript",
]

Char = dict[str, Any]

LINE_TOLERANCE = 3.0
"""Chars whose tops differ by at most this much (pt) are on one line (pdfplumber's default)."""
WORD_GAP = 0.2
"""A gap wider than this fraction of the font size between two glyphs separates words."""
DEDUPE_TOLERANCE = 1.0
"""Two equal glyphs closer than this (pt) in both directions are one glyph drawn twice."""

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_VOWELS = frozenset("aeiouy")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_CLOSING = frozenset(",.;:!?)]}%")
_CODE_END = frozenset("./:_@-")
_CODE_MARKS = frozenset("0123456789/:_@")


@frozen
class Word:
    """A run of glyphs without a space or a gap: its text (NFC), box, size and weight."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@frozen
class Line:
    """Words on one visual line, left to right."""

    words: tuple[Word, ...]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def dedupe_chars(chars: Sequence[Char], tolerance: float = DEDUPE_TOLERANCE) -> list[Char]:
    """Drop glyphs drawn twice at (almost) the same place: fake bold, shadowed text.

    The same rule as ``pdfplumber.utils.dedupe_chars`` (same text, font and size; ``doctop``
    and ``x0`` within ``tolerance``; the first by position is kept) in O(n log n): pdfplumber's
    restores the order with ``list.index`` per glyph, quadratic on a page of table text.
    """
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i, c in enumerate(chars):
        key = (c.get("upright"), c.get("text"), c.get("fontname"), c.get("size"))
        groups.setdefault(key, []).append(i)
    if len(groups) == len(chars):
        return list(chars)
    keep: list[int] = []
    for members in groups.values():
        if len(members) == 1:
            keep.append(members[0])
            continue
        for y_cluster in _chain(members, lambda i: float(chars[i]["doctop"]), tolerance):
            for x_cluster in _chain(y_cluster, lambda i: float(chars[i]["x0"]), tolerance):
                keep.append(min(x_cluster, key=lambda i: (chars[i]["doctop"], chars[i]["x0"])))
    if len(keep) == len(chars):
        return list(chars)
    keep.sort()
    return [chars[i] for i in keep]


def _chain(items: list[int], key: Any, tolerance: float) -> list[list[int]]:
    """Clusters of ``items`` whose sorted keys are each within ``tolerance`` of the previous."""
    ordered = sorted(items, key=key)
    out: list[list[int]] = []
    last = None
    for item in ordered:
        value = key(item)
        if last is None or value - last > tolerance:
            out.append([])
        out[-1].append(item)
        last = value
    return out


def _is_bold(fontname: str) -> bool:
    return bool(_BOLD.search(fontname.split("+")[-1]))


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SUPERSCRIPT_SIZE = 0.75
"""A digit set at most this fraction of its word's size ..."""
SUPERSCRIPT_RISE = 0.2
"""... and raised by at least this fraction of it is a superscript (a footnote mark)."""


def superscript(digits: str) -> str:
    """``digits`` in superscript ("12" -> "¹²"), as a footnote mark is printed."""
    return digits.translate(_SUPERSCRIPT)


def _glyph_text(char: Char, size: float, bottom: float) -> str:
    text = str(char["text"])
    if (
        text.isdigit()
        and float(char["size"]) <= SUPERSCRIPT_SIZE * size
        and float(char["bottom"]) <= bottom - SUPERSCRIPT_RISE * size
    ):
        return superscript(text)
    return text


def _word(chars: list[Char]) -> Word | None:
    sizes = [float(c["size"]) for c in chars]
    size, bottom = max(sizes), max(float(c["bottom"]) for c in chars)
    text = "".join(_glyph_text(c, size, bottom) for c in chars)
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        return None
    bold = sum(1 for c in chars if _is_bold(str(c.get("fontname", "")))) * 2 >= len(chars)
    return Word(
        text=text,
        x0=float(min(c["x0"] for c in chars)),
        x1=float(max(c["x1"] for c in chars)),
        top=float(min(c["top"] for c in chars)),
        bottom=bottom,
        size=size,
        bold=bold,
    )


def _line_groups(chars: Sequence[Char]) -> list[list[Char]]:
    ordered = sorted((c for c in chars if c.get("upright", True)), key=itemgetter("top"))
    groups: list[list[Char]] = []
    last_top: float | None = None
    for c in ordered:
        top = float(c["top"])
        if last_top is None or top - last_top > LINE_TOLERANCE:
            groups.append([])
        groups[-1].append(c)
        last_top = top
    return groups


def lines_of(chars: Iterable[Char]) -> list[Line]:
    """The visual lines of some glyphs, top to bottom, each split into words."""
    out: list[Line] = []
    for group in _line_groups(list(chars)):
        group.sort(key=itemgetter("x0"))  # stable: a combining mark stays after its base
        words: list[Word] = []
        current: list[Char] = []
        prev: Char | None = None
        for c in group:
            text = c["text"]
            if not text or text.isspace():
                if current and (w := _word(current)) is not None:
                    words.append(w)
                current, prev = [], None
                continue
            if prev is not None and (
                c["x0"] - prev["x1"] > WORD_GAP * float(prev["size"])
                or c["x0"] < prev["x0"] - WORD_GAP * float(prev["size"])
            ):
                if (w := _word(current)) is not None:
                    words.append(w)
                current = []
            current.append(c)
            prev = c
        if current and (w := _word(current)) is not None:
            words.append(w)
        if words:
            out.append(Line(words=tuple(words)))
    return out


def _vowel_groups(text: str) -> int:
    bare = "".join(
        ch for ch in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(ch)
    )
    groups, inside = 0, False
    for ch in bare:
        vowel = ch in _VOWELS
        if vowel and not inside:
            groups += 1
        inside = vowel
    return groups


def _one_syllable(text: str) -> bool:
    """One Vietnamese syllable ("thành") or an acronym ("TTHC"): at most one vowel group, at
    most one tone mark, and cased as one word ("ĐIỂM", "Thanh", not "xãYên")."""
    tones = sum(1 for ch in unicodedata.normalize("NFD", text) if ch in _TONE_MARKS)
    return text.isalpha() and _vowel_groups(text) <= 1 and tones <= 1 and _case_ok(text)


def no_space_between(prev: Line, nxt: Line, room: float | None) -> bool:
    """True when the break between two wrapped lines fell inside a token (join without space).

    That is when ``prev`` ends a token after "/" (or a "-" joining two parts: "HC-" / "TC"),
    or when ``prev`` filled the ``room`` it had (less than two glyphs' width left: the break may
    have been forced inside a token too long for a narrow cell) and the two pieces make one
    token: closing punctuation ("điểm" / ";"), digits or a code going on ("PAKN.20260" /
    "516.0501", "1.773/1." / "773"), or one Vietnamese syllable ("Than" / "h", "TỔNG ĐI" /
    "ỂM"; but not "Dịch" / "vụ", nor "xã" / "Yên"). ``room`` is the width available to the
    line, None when unknown (running text: only the "/" and "-" rules apply).
    """
    last = prev.words[-1].text
    first = nxt.words[0].text
    if len(last) > 1 and last.endswith("/") and first[:1].isalnum():
        return True
    if len(last) > 1 and last.endswith("-") and last[-2].isalnum() and first[:1].isalnum():
        return True
    if room is None:
        return False
    char_width = (nxt.words[0].x1 - nxt.words[0].x0) / max(len(first), 1)
    if prev.width + 2 * char_width <= room:
        return False  # the line had room left: the break was at a space
    # the line is full: the break may have been forced inside a token too long for the cell
    if first[:1] in _CLOSING:
        return True
    if last[-1:].isdigit() and first[:1].isdigit():
        return True
    if last[-1:] in _CODE_END and first[:1].isalnum() and _CODE_MARKS.intersection(last):
        return True
    head = re.search(r"[^\W\d_]+$", last)
    tail = re.match(r"[^\W\d_]+", first)
    return bool(head and tail and _one_syllable(head.group() + tail.group()))


def _case_ok(text: str) -> bool:
    return text.isupper() or text[1:].islower() or len(text) == 1


def join_lines(lines: Sequence[Line], room: float | None = None) -> str:
    """The text of wrapped lines joined back (a space at each break unless inside a token)."""
    if not lines:
        return ""
    parts = [lines[0].text]
    for prev, nxt in pairwise(lines):
        parts.append("" if no_space_between(prev, nxt, room) else " ")
        parts.append(nxt.text)
    return "".join(parts)
