"""The fast name keys equal the old ones (issue 19): on every name of the registry and on random
Vietnamese text. The old implementation is kept in ``legacy_text`` as the oracle."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

import legacy_text
from idx766.text import fold, fold_key, name_key
from idx766.units import default_registry
from test_text import names

_BASES = "aăâeêioôơuưy"
_TONE_MARKS = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
# every Vietnamese vowel with every tone, both cases, precomposed
_VOWELS = sorted(
    {
        unicodedata.normalize("NFC", c + t)
        for b in _BASES
        for c in (b, b.upper())
        for t in _TONE_MARKS
    }
)
_CONSONANTS = [*"bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX", "\u00d0", "\u00f0", "gi", "qu", "ngh"]
_MARKS = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"]
_OTHER = [
    *"0123456789.,;:()&/'\"-–—‐−+%",
    " ",
    "  ",
    "\t",
    "\n",
    "\u00a0",
    "\u202f",
    "\u2007",
    "\u200b",
    "\ufeff",
]

vietnamese_text = st.lists(
    st.sampled_from(_VOWELS)
    | st.sampled_from(_CONSONANTS)
    | st.sampled_from(_MARKS)
    | st.sampled_from(_OTHER),
    max_size=40,
).map("".join)
forms = st.sampled_from(["NFC", "NFD", "NFKC"])


def _same(text: str) -> None:
    assert name_key(text) == legacy_text.name_key(text), text
    assert fold(text) == legacy_text.fold(text), text
    assert fold_key(name_key(text)) == fold(text), text


@settings(max_examples=500)
@given(vietnamese_text, forms)
@example("Ngừơi QÚY gìa\u00a0Hoá-Thuỵ", "NFD")
@example("=\u0338 <\u0338", "NFC")
@example("a- -b", "NFC")
def test_fast_key_equals_old_key_on_random_vietnamese_text(text: str, form: str) -> None:
    _same(unicodedata.normalize(form, text))


@given(names())
def test_fast_key_equals_old_key_on_names(text: str) -> None:
    _same(text)
    _same(text.upper())
    _same(unicodedata.normalize("NFD", text))


@settings(max_examples=300)
@given(st.text())
def test_fast_key_equals_old_key_on_any_text(text: str) -> None:
    _same(text)


def test_fast_key_equals_old_key_on_every_registry_name() -> None:
    registry = default_registry()
    printed = {u.name for u in registry.units}
    printed |= {a for u in registry.units for a in u.aliases}
    assert len(printed) > 100
    for text in sorted(printed):
        _same(text)
        _same(text.upper())
        _same("UBND " + unicodedata.normalize("NFD", text))
