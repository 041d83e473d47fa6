"""The name keys as idx766 computed them before the fast folding (issue 19): the oracle.

This is the old per-character implementation of :func:`idx766.text.name_key` and
:func:`idx766.text.fold`, kept verbatim (less its caches) so that the property tests can show
that the fast version gives the same key for every name in the registry and for random
Vietnamese text. Not used by idx766 itself.
"""

from __future__ import annotations

import re
import unicodedata

from idx766.text import nfc

# Dash variants folded to "-" in keys.
_DASH_TABLE: dict[int, str] = {cp: "-" for cp in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212)}

# Combining tone marks: grave, acute, tilde, hook above, dot below.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Combining vowel-quality marks: breve (ă), circumflex (â ê ô), horn (ơ ư).
_QUALITY = frozenset("\u0306\u0302\u031b")
_VOWELS = frozenset("aeiouy")
_NEW_STYLE_PAIRS = frozenset({"oa", "oe", "uy"})

_WS_RE = re.compile(r"\s+")
_HYPHEN_RE = re.compile(r"\s*(-+)\s*")


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


def _retone_all(s: str) -> str:
    out: list[str] = []
    word: list[str] = []
    for ch in s:
        if _is_word_char(ch):
            word.append(ch)
            continue
        if word:
            out.append(_retone("".join(word)))
            word = []
        out.append(ch)
    if word:
        out.append(_retone("".join(word)))
    return "".join(out)


def name_key(s: str) -> str:
    """Return the comparison key of a printed name.

    Folds case, Unicode form, legacy Đ, whitespace, dash variants and the old/new
    tone-mark placement ("Hoá" == "Hóa"); all other diacritics are kept.
    """
    s = nfc(s).translate(_DASH_TABLE)
    s = unicodedata.normalize("NFD", unicodedata.normalize("NFD", s).casefold())
    s = unicodedata.normalize("NFC", _retone_all(s))
    s = _HYPHEN_RE.sub(r" \1 ", s)
    return _WS_RE.sub(" ", s).strip()


def fold(s: str) -> str:
    """Return ``name_key(s)`` without any diacritics and with đ -> d (fuzzy matching only)."""
    decomposed = unicodedata.normalize("NFD", name_key(s))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare.replace("\u0111", "d"))
