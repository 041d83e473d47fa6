"""One reader per kind of table; :data:`READERS` says which reads what."""

from __future__ import annotations

from collections.abc import Callable

from idx766.interpret.classify import TableKind
from idx766.interpret.kinds.changes import read_changes
from idx766.interpret.kinds.comparison import read_comparison
from idx766.interpret.kinds.components import read_components
from idx766.interpret.kinds.indicators import read_indicators
from idx766.interpret.kinds.metrics import read_unit_metrics
from idx766.interpret.kinds.overdue import read_overdue
from idx766.interpret.kinds.pakn import read_pakn
from idx766.interpret.kinds.scores import read_scores
from idx766.interpret.kinds.targets import read_targets
from idx766.interpret.reader import TableReader

__all__ = ["READERS"]

READERS: dict[TableKind, Callable[[TableReader], None]] = {
    TableKind.COMPONENTS: read_components,
    TableKind.CHANGES: read_changes,
    TableKind.COMPARISON: read_comparison,
    TableKind.SCORES: read_scores,
    TableKind.OVERDUE: read_overdue,
    TableKind.PAKN: read_pakn,
    TableKind.METRICS: read_unit_metrics,
    TableKind.INDICATORS: read_indicators,
    TableKind.TARGETS: read_targets,
}
