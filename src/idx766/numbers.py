"""Parsing and printing of numbers as written in Vietnamese reports.

Vietnamese documents use a decimal comma and dot thousands ("96,32", "1.773"); some tables
print dot decimals ("95.59"). Values are ``Decimal`` and keep their printed precision.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable
from decimal import Decimal

from idx766.text import clean, nfc

__all__ = [
    "MixedNumberStyleError",
    "NumberFormatError",
    "NumberStyle",
    "format_decimal",
    "infer_style",
    "is_no_change",
    "parse_comparison",
    "parse_count_pair",
    "parse_decimal",
    "parse_delta",
    "parse_int",
    "parse_percent",
    "places",
    "prose_number",
    "prose_style",
]


class NumberStyle(enum.Enum):
    """Decimal and thousands marks of a number column."""

    COMMA_DECIMAL = "comma"  # 1.234,5 (Vietnamese default)
    DOT_DECIMAL = "dot"  # 1,234.5


class NumberFormatError(ValueError):
    """A token is not a number in the expected format."""


class MixedNumberStyleError(NumberFormatError):
    """A column shows both decimal-comma and decimal-dot numbers."""


_MINUS = "-\u2212\u2013"
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_SIGN_RE = re.compile(r"([-+\u2212\u2013]?)(.*)", re.DOTALL)
_NUMBER_RE = {
    NumberStyle.COMMA_DECIMAL: re.compile(r"([1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,(\d+))?"),
    NumberStyle.DOT_DECIMAL: re.compile(r"([1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.(\d+))?"),
}
_INT_RE = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d{0,2}(?:,\d{3})+|\d+")
_COMPARISON_RE = re.compile(r"(?:đạt\s*)?(≥|>=|≤|<=|>|<|=)?\s*([^%\s].*?)\s*(%)?", re.IGNORECASE)
_OPERATORS = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", ">": ">", "<": "<", "=": "="}


def _split_sign(token: str) -> tuple[str, str]:
    """Return ("-" or "", body) of a stripped token."""
    match = _SIGN_RE.fullmatch(nfc(token).strip())
    assert match is not None  # the pattern matches any string
    sign, body = match.groups()
    return ("-" if sign and sign in _MINUS else ""), body


@functools.lru_cache(maxsize=8192)
def parse_decimal(token: str, style: NumberStyle = NumberStyle.COMMA_DECIMAL) -> Decimal:
    """Parse a printed number in ``style``, keeping its printed precision.

    A report prints the same few component values thousands of times; the same text gives the
    same (immutable) ``Decimal`` object, so a long table's records share them.
    """
    sign, body = _split_sign(token)
    match = _NUMBER_RE[style].fullmatch(body)
    if match is None:
        raise NumberFormatError(f"not a number in {style.value}-decimal style: {token!r}")
    whole, frac = match.groups()
    whole = whole.replace("." if style is NumberStyle.COMMA_DECIMAL else ",", "")
    return Decimal(f"{sign}{whole}.{frac}" if frac is not None else f"{sign}{whole}")


def is_no_change(token: str) -> bool:
    """True for dash-only tokens ("---", "—", "-") meaning "no change"."""
    stripped = nfc(token).strip()
    return bool(stripped) and all(ch in _DASHES for ch in stripped)


def parse_delta(token: str, style: NumberStyle = NumberStyle.COMMA_DECIMAL) -> Decimal:
    """Parse a change value; a dash-only token gives ``Decimal("0")``."""
    if is_no_change(token):
        return Decimal("0")
    return parse_decimal(token, style)


def parse_int(token: str) -> int:
    """Parse a count such as "1.773", "811", "01" or "-175"."""
    sign, body = _split_sign(token)
    if _INT_RE.fullmatch(body) is None:
        raise NumberFormatError(f"not an integer: {token!r}")
    return int(sign + body.replace(".", "").replace(",", ""))


def parse_count_pair(token: str) -> tuple[int, int]:
    """Parse a pair of counts such as "1.773/1.773" or "16/16"."""
    parts = nfc(token).split("/")
    if len(parts) != 2:
        raise NumberFormatError(f"not a count pair: {token!r}")
    try:
        return parse_int(parts[0]), parse_int(parts[1])
    except NumberFormatError:
        raise NumberFormatError(f"not a count pair: {token!r}") from None


def parse_percent(token: str, style: NumberStyle = NumberStyle.COMMA_DECIMAL) -> Decimal:
    """Parse a percentage ("90,19%", "90,19 %", "100") into percent points."""
    body = nfc(token).strip()
    body = body.removesuffix("%")
    try:
        return parse_decimal(body, style)
    except NumberFormatError:
        raise NumberFormatError(f"not a percentage: {token!r}") from None


def parse_comparison(
    token: str, style: NumberStyle = NumberStyle.COMMA_DECIMAL
) -> tuple[str, Decimal, str | None]:
    """Parse a target such as "≥ 80%" into (operator, value, unit); no operator means "="."""
    match = _COMPARISON_RE.fullmatch(clean(token))
    if match is None:
        raise NumberFormatError(f"not a comparison: {token!r}")
    op, number, unit = match.groups()
    try:
        value = parse_decimal(number, style)
    except NumberFormatError:
        raise NumberFormatError(f"not a comparison: {token!r}") from None
    return _OPERATORS[op or "="], value, unit


def infer_style(tokens: Iterable[str]) -> NumberStyle | None:
    """Decide the number style of a column from all its cells.

    Only tokens that parse in exactly one style are evidence; None means no evidence.
    Raises ``MixedNumberStyleError`` when the column shows both styles.
    """
    examples: dict[NumberStyle, str] = {}
    for token in tokens:
        body = nfc(token).strip().removesuffix("%")
        fits = []
        for style in NumberStyle:
            try:
                parse_decimal(body, style)
            except NumberFormatError:
                continue
            fits.append(style)
        if len(fits) == 1:
            examples.setdefault(fits[0], token)
    if len(examples) > 1:
        comma = examples[NumberStyle.COMMA_DECIMAL]
        dot = examples[NumberStyle.DOT_DECIMAL]
        raise MixedNumberStyleError(f"column mixes decimal comma ({comma!r}) and dot ({dot!r})")
    return next(iter(examples), None)


def places(value: Decimal) -> int:
    """Number of decimal places printed for ``value``."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):
        raise NumberFormatError(f"not a finite number: {value!r}")
    return max(0, -exponent)


def format_decimal(
    value: Decimal,
    style: NumberStyle = NumberStyle.COMMA_DECIMAL,
    *,
    thousands: bool = True,
) -> str:
    """Print ``value`` with exactly its own decimal places, never in scientific notation."""
    sign, digit_tuple, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        raise NumberFormatError(f"not a finite number: {value!r}")
    digits = "".join(map(str, digit_tuple))
    if exponent >= 0:
        whole, frac = digits + "0" * exponent, ""
    else:
        n = -exponent
        digits = digits.rjust(n + 1, "0")
        whole, frac = digits[:-n], digits[-n:]
    whole = whole.lstrip("0") or "0"
    decimal_mark, group_mark = (",", ".") if style is NumberStyle.COMMA_DECIMAL else (".", ",")
    if thousands:
        head = len(whole) % 3 or 3
        groups = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
        whole = group_mark.join(groups)
    text = ("-" if sign else "") + whole
    return f"{text}{decimal_mark}{frac}" if frac else text


# --- numbers in running text ------------------------------------------------------------------

_COMMA_DECIMAL_RE = re.compile(r"(?<![\d.,])\d{1,3},\d{1,2}(?![\d]|[.,]\d)")
_DOT_DECIMAL_RE = re.compile(r"(?<![\d.,])\d{1,3}\.\d{1,2}(?![\d]|[.,]\d)")
_DOT_GROUPS_RE = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:\.\d{3})+(?![\d]|[.,]\d)")
_COMMA_GROUPS_RE = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:,\d{3})+(?![\d]|[.,]\d)")


def prose_style(text: str, document: NumberStyle | None = None) -> NumberStyle | None:
    """The number style of a sentence, decided from all its numbers, else the document's.

    Evidence for the decimal comma: "82,8" (one or two digits after a comma) and "1.773" (dots
    grouping thousands); for the decimal dot: "82.8" and "1,773". A sentence with evidence of
    one style only has that style; a sentence with none takes ``document`` (the style decided
    the same way from the whole document); a sentence showing both (a total with a comma,
    groups with dots) has no single style: None, and each of its numbers is read by its own
    mark (see :func:`prose_number`).
    """
    comma = bool(_COMMA_DECIMAL_RE.search(text) or _DOT_GROUPS_RE.search(text))
    dot = bool(_DOT_DECIMAL_RE.search(text) or _COMMA_GROUPS_RE.search(text))
    if comma and not dot:
        return NumberStyle.COMMA_DECIMAL
    if dot and not comma:
        return NumberStyle.DOT_DECIMAL
    return document if not (comma or dot) else None


def prose_number(token: str, style: NumberStyle | None) -> tuple[Decimal, bool]:
    """A number of running text and whether its reading depended on a style that was guessed.

    One or two digits after the mark are decimals whatever the style ("82.8" and "82,8" are
    both 82.8: a thousands mark groups three digits). Three digits after one mark ("1.775")
    are read in ``style``; without a style they are read the Vietnamese way (dot thousands)
    and the second value says so, for the caller to report.
    """
    body = nfc(token).strip()
    if re.fullmatch(r"\d+[.,]\d{1,2}", body):
        return Decimal(body.replace(",", ".")), False
    if re.fullmatch(r"\d+", body):
        return Decimal(body), False
    if style is not None:
        return parse_decimal(body, style), False
    return parse_decimal(body, NumberStyle.COMMA_DECIMAL), True
