"""What a table is, decided from its columns' roles (and, for a layout table, its drawing)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from idx766.interpret.columns import Column, Role
from idx766.interpret.tables import LogicalTable

__all__ = ["VALUE_ROLES", "TableKind", "classify"]

VALUE_ROLES = (Role.RATE, Role.COUNT, Role.OTHER)
"""Roles of the columns a dated figure (a rate, a count) can stand in."""


class TableKind(StrEnum):
    """What a table holds."""

    COMPONENTS = "components"
    CHANGES = "changes"
    COMPARISON = "comparison"
    SCORES = "scores"
    OVERDUE = "overdue"
    PAKN = "pakn"
    METRICS = "metrics"
    INDICATORS = "indicators"
    TARGETS = "targets"
    LAYOUT = "layout"
    UNKNOWN = "unknown"


def classify(columns: Sequence[Column], table: LogicalTable) -> TableKind:
    """Decide what a table is from its columns' roles (and, for layout, its drawing)."""
    roles = {c.role for c in columns}
    components = [c for c in columns if c.role == Role.COMPONENT]
    if Role.PAKN_CODE in roles:
        return TableKind.PAKN
    if Role.FROM in roles and Role.TO in roles:
        return TableKind.CHANGES
    if len(components) >= 3 or (len(components) == 2 and Role.UNIT in roles):
        return TableKind.COMPONENTS
    if Role.OVERDUE in roles and Role.UNIT in roles:
        return TableKind.OVERDUE
    if Role.RANK in roles and (Role.SCORE in roles or Role.TOTAL in roles):
        return TableKind.COMPARISON
    if Role.UNIT in roles and (Role.SCORE in roles or Role.TOTAL in roles):
        return TableKind.SCORES
    if Role.TARGET in roles and Role.INDICATOR in roles:
        return TableKind.TARGETS
    dated = [c for c in columns if c.on is not None and c.role in VALUE_ROLES]
    if dated and Role.UNIT in roles:
        return TableKind.METRICS
    if dated and Role.INDICATOR in roles:
        return TableKind.INDICATORS
    if table.ruled is False or not table.header:
        return TableKind.LAYOUT
    return TableKind.UNKNOWN
