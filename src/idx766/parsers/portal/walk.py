"""Finding unit records in any JSON shape: by their fields, not by one fixed path.

A *unit record* is an object that names a unit (``departmentName``, ``TEN``, ``name`` or a portal
code) and holds figures (a total, group scores, a per-group score, counts...). Lists of them can
sit anywhere (``data.evaluation``, ``data.children``, ``provinces``, ``agencies``, ``units``, a
bare list); a new wrapper around the same records still parses. Aggregates ("Cả nước") and group
rows (the national radar: ``code`` CKMB ... with ``score``) are recognized and kept apart. An
object with figures but no name under ``overview`` / ``parent`` is the file's own subject.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from typing import Any

from attrs import frozen

from idx766.text import clean
from idx766.vocabulary import (
    CODE_FIELDS,
    CODE_KEYS,
    NAME_KEYS,
    PROVINCE_CODE,
    TOTAL_KEYS,
    UNIT_CODE,
    aggregate_of,
    normal_code,
)

__all__ = [
    "BEFORE_KEYS",
    "DELTA_KEYS",
    "GROUP_DICT_KEYS",
    "Found",
    "Kind",
    "find_records",
    "first",
    "text_field",
    "unit_code",
]

GROUP_DICT_KEYS = ("groupScores", "scores")
BEFORE_KEYS = ("previousScoreDaily", "prevDaily", "previousScore")
DELTA_KEYS = ("scoreDeltaDaily", "deltaDaily")
_FIGURE_KEYS = frozenset(
    (
        *TOTAL_KEYS,
        *GROUP_DICT_KEYS,
        *BEFORE_KEYS,
        *DELTA_KEYS,
        *CODE_KEYS,
        "score",
        "totalOverdue",
        "totalReceived",
        "metrics",
    )
)
_SUBJECT_KEYS = ("overview", "summary", "parent", "province")
_SKIP_KEYS = ("metadata", "meta", "metrics", *GROUP_DICT_KEYS, "groupScoresDeltaDaily")
MAX_DEPTH = 64


class Kind(enum.Enum):
    """What an object found in the file is."""

    UNIT = "unit"
    SUBJECT = "subject"
    AGGREGATE = "aggregate"
    GROUP_ROW = "group_row"
    DIRECTORY = "directory"  # names a unit but holds no figure


@frozen(kw_only=True)
class Found:
    """An object of interest, where it is (dotted path of its list, index) and its list's size."""

    kind: Kind
    obj: Mapping[str, Any]
    path: str
    index: int | None
    list_size: int | None
    list_key: str


def first(obj: Mapping[str, Any], keys: tuple[str, ...]) -> tuple[str, Any] | None:
    """The first of ``keys`` present with a non-null value, and its value."""
    for key in keys:
        if obj.get(key) is not None:
            return key, obj[key]
    return None


def text_field(obj: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first non-empty text among ``keys`` (numbers are taken as their text)."""
    for key in keys:
        value = obj.get(key)
        if isinstance(value, str) and clean(value):
            return clean(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
    return None


def unit_code(obj: Mapping[str, Any]) -> str | None:
    """The portal unit code (``H21``, ``H21.17``) of an object, if it has one."""
    for key in CODE_FIELDS:
        value = obj.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        code = normal_code(value)
        if PROVINCE_CODE.match(code) or UNIT_CODE.match(code) or key != "code":
            return code
    return None


def _has_figures(obj: Mapping[str, Any]) -> bool:
    return any(obj.get(k) is not None for k in _FIGURE_KEYS)


def _classify(obj: Mapping[str, Any], key: str, depth: int) -> Kind | None:
    code_field = obj.get("code")
    name = text_field(obj, NAME_KEYS)
    code = unit_code(obj)
    if isinstance(code_field, str) and code_field in CODE_KEYS and code is None:
        return Kind.GROUP_ROW if _has_figures(obj) else None
    if not _has_figures(obj):
        return Kind.DIRECTORY if (name or code) and obj.get("departmentId") else None
    if name is not None and code is None and aggregate_of(name) is not None:
        return Kind.AGGREGATE
    if name is not None or code is not None:
        return Kind.UNIT
    if key in _SUBJECT_KEYS and depth <= 2:
        return Kind.SUBJECT
    return None


def find_records(root: Any) -> Iterator[Found]:
    """Every unit record, subject, aggregate, group row and directory entry, in file order."""
    stack: list[tuple[Any, str, str, int | None, int | None, int]] = [(root, "", "", None, None, 0)]
    while stack:
        node, path, key, index, size, depth = stack.pop()
        if depth > MAX_DEPTH:
            continue
        if isinstance(node, Mapping):
            kind = _classify(node, key, depth)
            if kind is not None:
                yield Found(
                    kind=kind, obj=node, path=path, index=index, list_size=size, list_key=key
                )
                if kind is Kind.GROUP_ROW:
                    continue
            # a unit may hold its own children (a tree); its metrics[] are read with it
            children = [
                (value, f"{path}.{k}" if path else str(k), str(k), None, None, depth + 1)
                for k, value in node.items()
                if k not in _SKIP_KEYS and isinstance(value, Mapping | list)
            ]
            stack.extend(reversed(children))
        elif isinstance(node, list):
            items = [
                (item, path, key, i, len(node), depth + 1)
                for i, item in enumerate(node)
                if isinstance(item, Mapping | list)
            ]
            stack.extend(reversed(items))
