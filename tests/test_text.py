"""Tests for idx766.text."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from idx766.text import clean, fold, name_key, nfc

# Words of commune and ward names printed in the seed reports.
_SEED_WORDS = (
    "An Ba Bá Bách Bình Bạch Bắc Bằng Bể Cao Cau Chu Chợ Côn Công Cương Cường Cẩm Diêm Diềm "
    "Dân Dương Gia Giàng Hiên Hiệp Hoá Hán Hòa Hội Hợp Hỷ Kha Khánh Kim Kạn Kỳ La Lam Lang "
    "Linh Loan Lãng Lương Lạc Lộc Lợi Lực Mai Minh Mộc Mới Na Nam Nghinh Nghiên Nghĩa Ngân "
    "Nhai Nà Phan Phong Phùng Phú Phúc Phượng Phặc Phở Phụng Phủ Quan Quang Quyết Quân Quảng "
    "Rã Rì Sa Sàng Sông Sơn Sảng Thanh Thuận Thành Thông Thượng Thần Thắng Thịnh Thụy Tiến "
    "Tranh Triều Trung Tràng Trạch Trại Trần Tá Tân Tích Tường Từ Vân Vô Võ Văn Vĩnh Vạn Vỹ "
    "Xuyên Xuân Xá Yên Điềm Đình Đại Định Đồn Đồng Đức Khoẻ Thuỵ Hoà Nguyễn Quý Già Người "
    "Thuở Khuya Ngoài Xoáy Khuỷu"
)
SYLLABLES = _SEED_WORDS.split()

CASES: list[Callable[[str], str]] = [str, str.lower, str.upper, str.title]
TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
TONE_SET = frozenset(TONES[1:])
VOWELS = frozenset("aeiouyAEIOUY")


def strip_tone(syllable: str) -> str:
    """The syllable (NFD) without its tone mark."""
    return "".join(ch for ch in unicodedata.normalize("NFD", syllable) if ch not in TONE_SET)


def put_tone(syllable: str, tone: str, vowel_index: int) -> str:
    """Render a toneless syllable with ``tone`` on its ``vowel_index``-th vowel (NFC)."""
    out: list[str] = []
    seen = -1
    chars = unicodedata.normalize("NFD", syllable)
    for i, ch in enumerate(chars):
        out.append(ch)
        if ch in VOWELS:
            seen += 1
        # after the vowel and all its marks
        at_end = i + 1 == len(chars) or not unicodedata.combining(chars[i + 1])
        if seen == vowel_index and at_end and tone:
            out.append(tone)
            tone = ""
    return unicodedata.normalize("NFC", "".join(out))


def vowel_count(syllable: str) -> int:
    return sum(ch in VOWELS for ch in unicodedata.normalize("NFD", syllable))


@st.composite
def syllables(draw: st.DrawFn) -> str:
    """A real syllable, possibly re-toned, with the tone on any of its vowels, any case."""
    word = draw(st.sampled_from(SYLLABLES))
    if draw(st.booleans()):
        base = strip_tone(word)
        n = vowel_count(base)
        word = put_tone(base, draw(st.sampled_from(TONES)), draw(st.integers(0, max(0, n - 1))))
    case = draw(st.sampled_from(CASES))
    return case(word)


separators = st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", " - ", "-", "\u202f", ", "])


@st.composite
def names(draw: st.DrawFn) -> str:
    words = draw(st.lists(syllables(), min_size=1, max_size=4))
    out = words[0]
    for word in words[1:]:
        out += draw(separators) + word
    pad = draw(st.sampled_from(["", " ", "\n", "\u200b"]))
    return pad + out + pad


@st.composite
def tone_variants(draw: st.DrawFn) -> tuple[str, str]:
    """One syllable with an oa/oe/uy nucleus, rendered old-style and new-style."""
    onset = draw(st.sampled_from(["", "h", "kh", "th", "t", "l", "x", "s", "đ", "ch", "tr", "ng"]))
    nucleus = draw(st.sampled_from(["oa", "oe", "uy"]))
    tone = draw(st.sampled_from(TONES[1:]))
    first = len([c for c in onset if c in VOWELS])
    case = draw(st.sampled_from([CASES[0], *CASES[2:]]))
    base = onset + nucleus
    return case(put_tone(base, tone, first)), case(put_tone(base, tone, first + 1))


def test_nfc_maps_legacy_and_invisible_characters() -> None:
    assert nfc("\u00d0\u00f0") == "Đđ"
    assert nfc("Hoa\u00a0Bình\u202fX") == "Hoa Bình X"
    assert nfc("Thái\u200b Nguyên\ufeff") == "Thái Nguyên"
    assert nfc(unicodedata.normalize("NFD", "Định Hóa")) == "Định Hóa"
    assert nfc("  a\tb ") == "  a\tb "  # nothing else changes


@given(st.text())
def test_nfc_and_clean_idempotent(s: str) -> None:
    assert nfc(nfc(s)) == nfc(s)
    assert clean(clean(s)) == clean(s)
    assert "\u00a0" not in clean(s)
    assert "\u00d0" not in nfc(s)


@given(st.text())
def test_nfc_returns_a_string_needing_no_change_itself(s: str) -> None:
    once = nfc(s)
    assert nfc(once) is once  # readers pass every cell through nfc: no copy of clean text
    cleaned = clean(s)
    assert clean(cleaned) is cleaned
    assert cleaned == " ".join(nfc(s).split())
    assert once == unicodedata.normalize("NFC", nfc(unicodedata.normalize("NFD", s)))


def test_clean_collapses_whitespace() -> None:
    assert clean("  Sở\n Nội\t\tvụ\u00a0 ") == "Sở Nội vụ"
    assert clean("") == ""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hoá", "Hóa"),
        ("Thuỵ", "Thụy"),
        ("Khoẻ", "Khỏe"),
        ("Hoà", "Hòa"),
        ("Định Hoá", "Định Hóa"),
        ("\u00d0ịnh Hóa", "Định Hóa"),
        ("ĐỊNH HÓA", "định hoá"),
        ("  Kim   Phượng\n", "kim phượng"),
        ("Sở Nội vụ-tỉnh Thái Nguyên", "Sở Nội vụ  -  tỉnh Thái Nguyên"),
        ("Sở Nội vụ – tỉnh Thái Nguyên", "Sở Nội vụ - tỉnh Thái Nguyên"),
        ("quý", "qúy"),
        ("già", "gìa"),
        ("người", "ngừơi"),
    ],
)
def test_name_key_folds(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Văn Lang", "Văn Lãng"),
        ("Diêm Thụy", "Điềm Thụy"),
        ("Diềm Thụy", "Điềm Thụy"),
        ("Phú Thông", "Phủ Thông"),
        ("Kim Phượng", "Kim Phụng"),
        ("Phượng Tiến", "Phụng Tiến"),
    ],
)
def test_name_key_keeps_distinct_names(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_name_key_output_shape() -> None:
    assert name_key("  UBND  xã\tĐịnh Hoá ") == "ubnd xã định hoá"
    assert name_key("Sở Nội vụ - Tỉnh Thái Nguyên") == "sở nội vụ - tỉnh thái nguyên"
    assert name_key("") == ""


@given(names())
@example("Định Hoá")
@example("\u00d0iềm Thụy")
def test_name_key_idempotent(s: str) -> None:
    key = name_key(s)
    assert name_key(key) == key
    assert key == unicodedata.normalize("NFC", key)
    assert key == key.casefold()
    assert key == key.strip()
    assert "  " not in key


@given(st.text())
def test_name_key_idempotent_any_text(s: str) -> None:
    assert name_key(name_key(s)) == name_key(s)


@given(names())
def test_name_key_same_for_nfc_and_nfd(s: str) -> None:
    nfc_form = unicodedata.normalize("NFC", s)
    nfd_form = unicodedata.normalize("NFD", s)
    assert name_key(nfc_form) == name_key(nfd_form)
    assert fold(nfc_form) == fold(nfd_form)


@given(names())
def test_name_key_folds_case_and_whitespace(s: str) -> None:
    assert name_key(s.upper()) == name_key(s.lower()) == name_key(f"  {s}\n")


@given(tone_variants())
def test_name_key_folds_tone_placement(variants: tuple[str, str]) -> None:
    old, new = variants
    assert old != new
    assert name_key(old) == name_key(new)
    assert name_key(unicodedata.normalize("NFD", old)) == name_key(new)


@given(st.sampled_from(SYLLABLES), st.sampled_from(TONES), st.sampled_from(TONES))
def test_name_key_keeps_tones_apart(word: str, tone_a: str, tone_b: str) -> None:
    base = strip_tone(word)
    a = put_tone(base, tone_a, 0)
    b = put_tone(base, tone_b, 0)
    assert (name_key(a) == name_key(b)) == (tone_a == tone_b)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Định Hóa", "dinh hoa"),
        ("Định Hoá", "dinh hoa"),
        ("\u00d0IỀM THỤY", "diem thuy"),
        ("Văn Lãng", "van lang"),
        ("Sở Nội vụ-tỉnh Thái Nguyên", "so noi vu - tinh thai nguyen"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@given(names())
def test_fold_is_ascii_for_vietnamese(s: str) -> None:
    folded = fold(s)
    assert folded.isascii()
    assert fold(folded) == folded
    assert fold(name_key(s)) == folded
