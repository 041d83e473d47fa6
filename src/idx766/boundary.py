"""The record boundary: what a parser hands back is what every column, JSON file and terminal
can hold.

A parser (built-in or plugin) can make records that are valid Python but that no table can
store: a score of ``1E+400`` or ``1E-400`` read from a portal file, a 40-digit number, a count
beyond 64 bits, NaN, or text holding a lone surrogate (``"\\ud800"`` in a JSON file, a broken
ToUnicode map in a PDF). :func:`admit` runs on every parse's result: such a record is refused,
with an ``unrepresentable-value`` finding that says which field and why, and the file's other
records are kept. Decimals must fit a ``Decimal(38)`` column whatever else shares it: at most
:data:`MAX_INTEGER_DIGITS` digits before the point and :data:`MAX_PLACES` after it.

A file whose name is not UTF-8 (a zip made on Vietnamese Windows, unpacked on Linux) is read
under its real name (Python keeps the bytes, ``os.fsdecode``/``os.fsencode``); in records,
messages and panels the name is shown with its undecodable bytes escaped (``b\\xe1o.docx``),
and a ``file-name-not-utf8`` finding says so, with the Windows-1258 reading as a hint.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import attrs

from idx766.errors import shown_path
from idx766.model import SCORE_PLACES, Finding, Provenance, Records, Severity

__all__ = [
    "FILE_NAME_CHECK",
    "MAX_INTEGER_DIGITS",
    "MAX_PLACES",
    "VALUE_CHECK",
    "admit",
    "escape_text",
    "problem",
    "shown_path",
]

MAX_INTEGER_DIGITS = 20
"""Digits before the decimal point a Decimal may have (with :data:`MAX_PLACES`: 38, the most a
Decimal column holds, whatever values share the column)."""
MAX_PLACES = 18
"""Digits after the decimal point a Decimal may have."""
_INT_LIMIT = 2**63
VALUE_CHECK = "unrepresentable-value"
FILE_NAME_CHECK = "file-name-not-utf8"
_RECORD_KINDS = ("scores", "changes", "overdue", "pakn", "metrics", "targets")
_SINGULAR = {
    "scores": "score",
    "changes": "change",
    "overdue": "overdue count",
    "pakn": "PAKN",
    "metrics": "metric",
    "targets": "target",
}

T = TypeVar("T")


def escape_text(text: str) -> str:
    """Text with lone surrogates written as ``\\udXXX`` escapes (valid Unicode, printable)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 48 else f"{text[:20]}…{text[-20:]} ({len(text)} characters)"


def problem(value: object) -> str | None:
    """Why no column can hold ``value`` (None when one can)."""
    if isinstance(value, bool) or value is None or isinstance(value, Enum):
        return None
    if isinstance(value, Decimal):
        if not value.is_finite():
            return f"{value} is not a finite number"
        _, digits, exponent = value.as_tuple()
        assert isinstance(exponent, int)
        whole = max(0, len(digits) + exponent) if any(digits) else 0
        places = max(0, -exponent)
        if whole > MAX_INTEGER_DIGITS:
            return (
                f"{_short(value)} has {whole} digits before the decimal point "
                f"(at most {MAX_INTEGER_DIGITS} fit a column)"
            )
        if places > MAX_PLACES:
            return (
                f"{_short(value)} has {places} decimal places (at most {MAX_PLACES} fit a column)"
            )
        return None
    if isinstance(value, int):
        if not -_INT_LIMIT <= value < _INT_LIMIT:
            return f"{_short(value)} does not fit a 64-bit whole-number column"
        return None
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return f"{value} is not a finite number"
        return None
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            bad = value[exc.start : exc.end]
            return (
                f"'{escape_text(_short(value))}' is not valid Unicode "
                f"(a lone surrogate {escape_text(bad)})"
            )
    return None


_SCORE_FIELDS = frozenset({"total", "components.value", "before", "after", "delta"})
"""Fields of scores and changes, held in score columns of :data:`SCORE_PLACES` decimals."""


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """The attribute names of an attrs class (None for any other class), looked up once."""
    if cls not in _FIELD_NAMES:
        _FIELD_NAMES[cls] = tuple(f.name for f in attrs.fields(cls)) if attrs.has(cls) else None
    return _FIELD_NAMES[cls]


def _value_problem(obj: object, where: str) -> str | None:
    if obj is None or isinstance(obj, bool):
        return None
    if isinstance(obj, str) and obj.isascii():
        return None
    found = problem(obj)
    if found is None and isinstance(obj, Decimal) and where in _SCORE_FIELDS:
        places = max(0, -int(obj.as_tuple().exponent))
        if places > SCORE_PLACES:
            found = f"{obj} has {places} decimal places (a score has at most {SCORE_PLACES})"
    return found


def _walk(obj: object, where: str, clean: set[int] | None = None) -> Iterator[tuple[str, str]]:
    """``(field, problem)`` for every value under ``obj`` that no column can hold.

    ``clean`` remembers the attrs objects already found clean (records share their unit and
    provenance objects), so each is looked at once per call of :func:`admit`.
    """
    names = _field_names(type(obj))
    if names is not None:
        if clean is not None and id(obj) in clean:
            return
        found = False
        for name in names:
            for item in _walk(getattr(obj, name), f"{where}.{name}" if where else name, clean):
                found = True
                yield item
        if not found and clean is not None:
            clean.add(id(obj))
    elif isinstance(obj, tuple | list):
        for item in obj:
            yield from _walk(item, where, clean)
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from _walk(key, where, clean)
            yield from _walk(item, f"{where}[{key}]", clean)
    else:
        problem_found = _value_problem(obj, where)
        if problem_found is not None:
            yield where, problem_found


def _map_text(obj: T, change: Callable[[str], str]) -> T:
    """``obj`` with ``change`` applied to every string in it (attrs instances rebuilt)."""
    if isinstance(obj, Enum):
        return obj
    if isinstance(obj, str):
        return change(obj)  # type: ignore[return-value]
    if attrs.has(type(obj)):
        updates = {}
        for f in attrs.fields(type(obj)):  # type: ignore[arg-type]
            old = getattr(obj, f.name)
            new = _map_text(old, change)
            if new is not old and new != old:
                updates[f.name] = new
        return attrs.evolve(obj, **updates) if updates else obj  # type: ignore[misc]
    if isinstance(obj, tuple):
        return tuple(_map_text(item, change) for item in obj)  # type: ignore[return-value]
    return obj


def _source(record: object) -> Provenance | None:
    source = getattr(record, "source", None)
    if isinstance(source, Provenance):
        return source
    sources = getattr(record, "sources", None)
    if sources:
        first = sources[0]
        return first if isinstance(first, Provenance) else None
    return None


def _unit_name(record: object) -> str | None:
    unit = getattr(record, "unit", None)
    name = getattr(unit, "name", None)
    if isinstance(name, str):
        return escape_text(name)
    code = getattr(record, "code", None)
    return escape_text(code) if isinstance(code, str) else None


def _refusal(refused: list[tuple[str, object, list[tuple[str, str]]]]) -> Finding:
    """One finding for the records refused from one row (a row can give a score and metrics)."""
    _, first, problems = refused[0]
    name = _unit_name(first)
    kinds = ", ".join(dict.fromkeys(_SINGULAR[kind] for kind, _, _ in refused))
    what = kinds + (f" of {name}" if name else "")
    field, why = problems[0]
    more = len({w for _, _, p in refused for _, w in p}) - 1
    others = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
    source = _source(first)
    return Finding(
        check=VALUE_CHECK,
        severity=Severity.ERROR,
        message=f"{what} refused, no column can hold it: {field} {why}{others}",
        unit=name,
        location=_map_text(source, escape_text) if source is not None else None,
    )


def _file_name_finding(raw: str, shown: str) -> Finding:
    data = os.fsencode(raw)
    try:
        hint = data.decode("cp1258")
    except UnicodeDecodeError:  # pragma: no cover - cp1258 maps almost every byte
        hint = None
    said = f" (read as Windows-1258: {Path(hint).name!r})" if hint else ""
    return Finding(
        check=FILE_NAME_CHECK,
        severity=Severity.WARNING,
        message=f"the file name is not UTF-8; shown as {Path(shown).name!r}{said}",
        location=Provenance(file=shown),
    )


def admit(records: Records, source: str | Path | None = None) -> Records:
    """``records`` as every column can hold them: refused records replaced by findings.

    ``source`` is the path the records were read from; when its name is not UTF-8 the name is
    shown escaped everywhere in the records (with a ``file-name-not-utf8`` finding).
    """
    extra: list[Finding] = []
    if source is not None:
        raw = str(source)
        shown = shown_path(source)
        if shown != raw:
            records = _map_text(records, lambda s: s.replace(raw, shown) if raw in s else s)
            extra.append(_file_name_finding(raw, shown))
    document = records.document
    if any(True for _ in _walk(document, "")):
        bad = [f"{field}: {why}" for field, why in _walk(document, "")]
        document = _map_text(document, escape_text)
        extra.append(
            Finding(
                check=VALUE_CHECK,
                severity=Severity.WARNING,
                message="the document's own fields were escaped: " + "; ".join(bad[:3]),
                location=Provenance(file=escape_text(document.source)),
            )
        )
    clean: set[int] = set()  # records share units and provenances: each looked at once
    kept: dict[str, tuple[Any, ...]] = {}
    refused: dict[object, list[tuple[str, object, list[tuple[str, str]]]]] = {}
    for kind in _RECORD_KINDS:
        good: list[Any] = []
        for record in getattr(records, kind):
            problems = list(_walk(record, "", clean))
            if problems:
                key = (_source(record), _unit_name(record))
                refused.setdefault(key, []).append((kind, record, problems))
            else:
                good.append(record)
        kept[kind] = tuple(good)
    extra.extend(_refusal(group) for group in refused.values())
    findings = tuple(
        _map_text(f, escape_text) if any(True for _ in _walk(f, "")) else f
        for f in records.findings
    )
    if (
        not extra
        and document is records.document
        and all(len(kept[k]) == len(getattr(records, k)) for k in _RECORD_KINDS)
    ):
        return records if findings == records.findings else attrs.evolve(records, findings=findings)
    return attrs.evolve(records, document=document, findings=findings + tuple(extra), **kept)
