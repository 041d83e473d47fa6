"""Text normalization for Vietnamese report text and unit names.

``nfc`` and ``clean`` prepare text for display and parsing; ``name_key`` and ``fold``
build comparison keys for printed names (the printed name itself is kept for display).
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["clean", "fold", "fold_key", "name_key", "nfc"]

# Legacy characters and invisible characters handled by ``nfc``.
_NFC_TABLE: dict[int, str | None] = {
    0x00D0: "\u0110",  # LATIN CAPITAL LETTER ETH -> LATIN CAPITAL LETTER D WITH STROKE
    0x00F0: "\u0111",  # LATIN SMALL LETTER ETH -> LATIN SMALL LETTER D WITH STROKE
    0x00A0: " ",  # NO-BREAK SPACE
    0x2007: " ",  # FIGURE SPACE (non-breaking)
    0x202F: " ",  # NARROW NO-BREAK SPACE
    0x200B: None,  # ZERO WIDTH SPACE
    0x200C: None,  # ZERO WIDTH NON-JOINER
    0x200D: None,  # ZERO WIDTH JOINER
    0x2060: None,  # WORD JOINER
    0xFEFF: None,  # ZERO WIDTH NO-BREAK SPACE (BOM)
}

_NFC_FIX_RE = re.compile("[" + "".join(map(chr, _NFC_TABLE)) + "]")

# Dash variants folded to "-" in keys.
_DASH_TABLE: dict[int, str] = {cp: "-" for cp in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212)}

# Combining tone marks: grave, acute, tilde, hook above, dot below.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Combining vowel-quality marks: breve (ă), circumflex (â ê ô), horn (ơ ư).
_QUALITY = frozenset("\u0306\u0302\u031b")
_VOWELS = frozenset("aeiouy")
_NEW_STYLE_PAIRS = frozenset({"oa", "oe", "uy"})

_WS_RE = re.compile(r"\s+")
_WS_FIX_RE = re.compile(r"[^\S ]|  ")  # whitespace other than one space


def nfc(s: str) -> str:
    """Return ``s`` in NFC with legacy Đ/đ, non-breaking spaces and zero-width chars fixed.

    A string that needs no change is returned itself, not a copy (readers pass every cell of
    long tables through here; a copy per cell would double what a table holds for a moment).
    """
    if s.isascii() or (_NFC_FIX_RE.search(s) is None and unicodedata.is_normalized("NFC", s)):
        return s
    return unicodedata.normalize("NFC", s.translate(_NFC_TABLE))


def clean(s: str) -> str:
    """Return ``nfc(s)`` with every whitespace run collapsed to one space and stripped (a clean
    string is returned itself)."""
    s = nfc(s)
    if _WS_FIX_RE.search(s) is None and not s.startswith(" ") and not s.endswith(" "):
        return s
    return _WS_RE.sub(" ", s).strip()


def _is_word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM"


def _tone_index(bases: list[str], marks: list[list[str]]) -> int | None:
    """Index of the letter that carries the tone in a toneless syllable, or None."""
    vowel_pos = [i for i, b in enumerate(bases) if b in _VOWELS]
    if not vowel_pos:
        return None
    start = vowel_pos[0]
    end = start
    while end + 1 < len(bases) and bases[end + 1] in _VOWELS:
        end += 1
    if vowel_pos[-1] != end:
        return None  # several vowel groups: not a single Vietnamese syllable
    # "qu" and "gi" onsets: the u / i belongs to the consonant.
    if start > 0 and end > start and not marks[start]:
        onset = bases[start - 1] + bases[start]
        if onset in ("qu", "gi"):
            start += 1
    nucleus = range(start, end + 1)
    quality = [i for i in nucleus if _QUALITY.intersection(marks[i])]
    if quality:
        return quality[-1]
    if end < len(bases) - 1:  # closed syllable: on the last vowel
        return end
    if len(nucleus) == 1:
        return start
    if len(nucleus) == 2:
        return end if bases[start] + bases[end] in _NEW_STYLE_PAIRS else start
    return start + 1


def _retone(syllable: str) -> str:
    """Move the tone mark(s) of one NFD lowercase syllable to the canonical vowel."""
    if not syllable or unicodedata.combining(syllable[0]):
        return syllable
    bases: list[str] = []
    marks: list[list[str]] = []
    tones: list[str] = []
    for ch in syllable:
        if unicodedata.combining(ch):
            if ch in _TONES:
                tones.append(ch)
            else:
                marks[-1].append(ch)
        else:
            bases.append(ch)
            marks.append([])
    if not tones:
        return syllable
    idx = _tone_index(bases, marks)
    if idx is None:
        return syllable
    marks[idx].extend(tones)
    return "".join(b + "".join(m) for b, m in zip(bases, marks, strict=True))


def _retoned(word: str) -> str:
    """``_retone`` applied to every run of letters and marks of an NFD word."""
    out: list[str] = []
    run: list[str] = []
    for ch in word:
        if _is_word_char(ch):
            run.append(ch)
            continue
        if run:
            out.append(_retone("".join(run)))
            run = []
        out.append(ch)
    if run:
        out.append(_retone("".join(run)))
    return "".join(out)


def _word_key(word: str) -> str:
    """The key of one whitespace-free piece of NFC text whose dashes are already "-".

    Case folded in NFD (a caseless match), tone marks moved to their canonical vowel, NFC,
    hyphens spaced. Computed once per distinct word and process (:data:`_WORD_KEYS`).
    """
    if word.isascii():
        key = word.lower()
    else:
        nfd = unicodedata.normalize("NFD", unicodedata.normalize("NFD", word).casefold())
        if _TONE_RE.search(nfd) is not None:
            nfd = _retoned(nfd)
        key = unicodedata.normalize("NFC", nfd)
    if "-" in key:
        key = " ".join(_HYPHEN_TOKENS.findall(key))
    if len(_WORD_KEYS) >= _WORD_KEYS_MAX:
        _WORD_KEYS.clear()
    _WORD_KEYS[word] = key
    return key


# word -> its key; names repeat a few thousand words, so after the first sight of a word its
# key is one dictionary look-up (bounded so that hostile input cannot grow it without end)
_WORD_KEYS: dict[str, str] = {}
_WORD_KEYS_MAX = 1 << 17
_TONE_RE = re.compile("[" + "".join(sorted(_TONES)) + "]")
_DASH_RE = re.compile("[" + "".join(map(chr, _DASH_TABLE)) + "]")
_HYPHEN_TOKENS = re.compile(r"-+|[^\s-]+")


@functools.lru_cache(maxsize=65536)
def name_key(s: str) -> str:
    """Return the comparison key of a printed name.

    Folds case, Unicode form, legacy Đ, whitespace, dash variants and the old/new
    tone-mark placement ("Hoá" == "Hóa"); all other diacritics are kept.

    The text is split at whitespace (no normalization, case folding or tone placement reaches
    across it) and each word's key is looked up in a table filled on first sight: a name
    costs a split, a few dictionary look-ups and a join.
    """
    s = nfc(s)
    if not s.isascii() and _DASH_RE.search(s) is not None:
        s = s.translate(_DASH_TABLE)
    get = _WORD_KEYS.get
    return " ".join([get(w) or _word_key(w) for w in s.split()])


def _fold_general(key: str) -> str:
    decomposed = unicodedata.normalize("NFD", key)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare.replace("\u0111", "d"))


def _fold_table() -> dict[int, str | None]:
    """Every precomposed Latin letter to its letter without marks (đ -> d), every combining
    mark of the Combining Diacritical Marks block to nothing: what ``_fold_general`` does to
    them, computed once."""
    table: dict[int, str | None] = {}
    for cp in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)):
        ch = chr(cp)
        bare = _fold_general(ch)
        if bare != ch:
            table[cp] = bare
    for cp in range(0x0300, 0x0370):
        if unicodedata.combining(chr(cp)):
            table[cp] = None
    return table


_FOLD_TABLE = _fold_table()


def _fold_word(word: str) -> str:
    bare = word.translate(_FOLD_TABLE)
    if not bare.isascii():
        bare = _fold_general(word)
    if len(_FOLDED_WORDS) >= _WORD_KEYS_MAX:
        _FOLDED_WORDS.clear()
    _FOLDED_WORDS[word] = bare
    return bare


_FOLDED_WORDS: dict[str, str] = {}


@functools.lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Return ``name_key(s)`` without any diacritics and with đ -> d (fuzzy matching only).

    Each word of the key goes once through a precomputed table (text outside the Latin letters
    it covers, another script, is decomposed and stripped in full); then it is looked up.
    """
    return fold_key(name_key(s))


def fold_key(key: str) -> str:
    """:func:`fold` of a text that is already a name key (``fold_key(name_key(s)) == fold(s)``),
    without computing the key again."""
    if key.isascii():
        return key
    get = _FOLDED_WORDS.get
    return " ".join([w if w.isascii() else get(w) or _fold_word(w) for w in key.split(" ")])
