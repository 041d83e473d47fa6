"""idx766: typed records and checks for Vietnam's Chỉ số 766 (Quyết định 766/QĐ-TTg).

>>> import idx766
>>> records = idx766.parse("report.docx")          # doctest: +SKIP
>>> frames = idx766.to_frames(records)              # doctest: +SKIP
"""

from collections.abc import Sequence

import polars as pl

from idx766.analysis.checks import CATALOGUE, Check
from idx766.analysis.checks import run_checks as check
from idx766.api import MissingFileError, parse
from idx766.batch import parse_in_worker
from idx766.components import COMPONENTS, FIVE_GROUP, METHODOLOGIES, SIX_GROUP, Methodology
from idx766.errors import (
    CorruptFileError,
    DamagedPanelError,
    EncryptedFileError,
    Idx766Error,
    InternalError,
    NotAPanelError,
    NotAReportError,
    NoTextLayerError,
    PanelLockedError,
    ParseTimeoutError,
    TooLargeError,
    UnsupportedFormatError,
)
from idx766.frames import frame_of, to_frames, write_frames
from idx766.interchange import dumps, from_dict, loads, to_dict
from idx766.model import (
    Aggregate,
    Change,
    ComponentScore,
    Document,
    DocumentKind,
    Finding,
    Level,
    Metric,
    OverdueRecord,
    Pakn,
    Provenance,
    Records,
    Severity,
    Snapshot,
    Target,
    Unit,
)
from idx766.parsers.base import ParseOptions, Parser, Probe

__version__ = "0.2.0"


def findings_frame(findings: Sequence[Finding]) -> pl.DataFrame:
    """Findings (from :func:`check`) as a polars DataFrame, one row each, located."""
    return frame_of("findings", findings)


__all__ = [
    "CATALOGUE",
    "COMPONENTS",
    "FIVE_GROUP",
    "METHODOLOGIES",
    "SIX_GROUP",
    "Aggregate",
    "Change",
    "Check",
    "ComponentScore",
    "CorruptFileError",
    "DamagedPanelError",
    "Document",
    "DocumentKind",
    "EncryptedFileError",
    "Finding",
    "Idx766Error",
    "InternalError",
    "Level",
    "Methodology",
    "Metric",
    "MissingFileError",
    "NoTextLayerError",
    "NotAPanelError",
    "NotAReportError",
    "OverdueRecord",
    "Pakn",
    "PanelLockedError",
    "ParseOptions",
    "ParseTimeoutError",
    "Parser",
    "Probe",
    "Provenance",
    "Records",
    "Severity",
    "Snapshot",
    "Target",
    "TooLargeError",
    "Unit",
    "UnsupportedFormatError",
    "__version__",
    "check",
    "dumps",
    "findings_frame",
    "from_dict",
    "loads",
    "parse",
    "parse_in_worker",
    "to_dict",
    "to_frames",
    "write_frames",
]
