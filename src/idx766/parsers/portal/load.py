"""Reading a JSON file with exact numbers, and turning its values into Decimals and counts.

Numbers are parsed from the JSON text (``parse_float=Decimal``), so ``18.0`` stays ``18.0`` and
no float is ever made; ``NaN`` and ``Infinity`` are refused. Values that older services send as
strings ("15.61") are read as numbers too; null is not 0. The text may be UTF-8 (with or without
a byte-order mark), UTF-16 or UTF-32 (Windows tools save JSON as "Unicode", UTF-16 LE with a
BOM), as RFC 8259 allows readers to accept.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from idx766.errors import CorruptFileError
from idx766.numbers import NumberFormatError, parse_int
from idx766.parsers.base import check_size

__all__ = ["as_count", "as_decimal", "load_json"]

_DOT_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_COMMA_NUMBER = re.compile(r"[+-]?\d+,\d+")


def _no_constants(token: str) -> Any:
    raise ValueError(f"{token} is not a number the portal publishes")


def _encoding(data: bytes) -> str:
    """The encoding of JSON text, from its byte-order mark or its first bytes' zeros."""
    return json.detect_encoding(data)


def load_json(path: Path, max_bytes: int) -> Any:
    """The parsed JSON of ``path``; every failure is a library error naming the reason."""
    check_size(path, max_bytes)
    data = path.read_bytes()
    try:
        text = data.decode(_encoding(data))
    except UnicodeDecodeError as exc:
        raise CorruptFileError(
            path, f"not {exc.encoding.upper()} text: {exc.reason} at byte {exc.start}"
        ) from exc
    try:
        return json.loads(
            text.removeprefix("\ufeff"), parse_float=Decimal, parse_constant=_no_constants
        )
    except json.JSONDecodeError as exc:
        raise CorruptFileError(
            path, f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from exc
    except RecursionError as exc:
        raise CorruptFileError(path, "JSON nested too deeply") from exc
    except ValueError as exc:
        raise CorruptFileError(path, f"not valid JSON: {exc}") from exc


def as_decimal(value: Any) -> Decimal | None:
    """A JSON value as a Decimal with its printed digits; None for null or ""; else ValueError."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a finite number: {value}")
        return value
    if isinstance(value, float):  # only when a caller built the data itself
        return Decimal(repr(value))
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            if _DOT_NUMBER.fullmatch(text):
                return Decimal(text)
            if _COMMA_NUMBER.fullmatch(text):
                return Decimal(text.replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the patterns only admit valid numbers
            pass
        raise ValueError(f"not a number: {value!r}")
    raise ValueError(f"not a number: {type(value).__name__}")


def as_count(value: Any) -> int | None:
    """A JSON value as a whole count ("1.773" in a string is 1773); None for null."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a count: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        if value.is_finite() and value == value.to_integral_value():
            return int(value)
        raise ValueError(f"not a whole count: {value}")
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            return parse_int(text)
        except NumberFormatError as exc:
            raise ValueError(str(exc)) from None
    raise ValueError(f"not a count: {type(value).__name__}")
