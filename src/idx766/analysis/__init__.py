"""Analysis of the records: rankings, changes, top/bottom lists, gaps, targets, PAKN deadlines.

The frame functions take a polars DataFrame or LazyFrame (such as ``idx766.to_frames(records)
["scores"]``) and return the same type; scores stay ``Decimal``. The consistency checks live in
:mod:`idx766.analysis.checks`.
"""

from idx766.analysis._frames import FrameT
from idx766.analysis.deltas import deltas
from idx766.analysis.gaps import gaps
from idx766.analysis.groupings import (
    DEFAULT_BANDS,
    bands,
    bottom_n,
    count_moves,
    movers,
    top_n,
    weakest_component,
)
from idx766.analysis.pakn import (
    DEFAULT_CALENDAR,
    WorkCalendar,
    due_date,
    pakn_deadlines,
    pakn_frame,
)
from idx766.analysis.ranks import component_ranks, full_rankings, rank, rank_of
from idx766.analysis.series import SERIES, with_series
from idx766.analysis.targets import attainment

__all__ = [
    "DEFAULT_BANDS",
    "DEFAULT_CALENDAR",
    "SERIES",
    "FrameT",
    "WorkCalendar",
    "attainment",
    "bands",
    "bottom_n",
    "component_ranks",
    "count_moves",
    "deltas",
    "due_date",
    "full_rankings",
    "gaps",
    "movers",
    "pakn_deadlines",
    "pakn_frame",
    "rank",
    "rank_of",
    "top_n",
    "weakest_component",
    "with_series",
]
