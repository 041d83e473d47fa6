"""idx766: typed records and checks for Vietnam's Chỉ số 766 (Quyết định 766/QĐ-TTg).

>>> import idx766
>>> records = idx766.parse("report.docx")          # doctest: +SKIP
>>> frames = idx766.to_frames(records)              # doctest: +SKIP

``import idx766`` loads nothing but this module: the model, the readers (python-docx,
pdfplumber), polars and the checks are imported the first time a name that needs them is used
(``idx766 --version`` costs no more than starting Python).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself is not imported: ``idx766 --version`` costs no more
if TYPE_CHECKING:
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
    from idx766.frames import findings_frame, frame_of, to_frames, write_frames
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
        Period,
        Provenance,
        Records,
        Severity,
        Snapshot,
        Target,
        Unit,
    )
    from idx766.parsers.base import ParseOptions, Parser, Probe

__version__ = "0.2.0"

_LAZY: dict[str, tuple[str, str]] = {
    "COMPONENTS": ("idx766.components", "COMPONENTS"),
    "FIVE_GROUP": ("idx766.components", "FIVE_GROUP"),
    "METHODOLOGIES": ("idx766.components", "METHODOLOGIES"),
    "SIX_GROUP": ("idx766.components", "SIX_GROUP"),
    "Methodology": ("idx766.components", "Methodology"),
    "CorruptFileError": ("idx766.errors", "CorruptFileError"),
    "DamagedPanelError": ("idx766.errors", "DamagedPanelError"),
    "EncryptedFileError": ("idx766.errors", "EncryptedFileError"),
    "Idx766Error": ("idx766.errors", "Idx766Error"),
    "InternalError": ("idx766.errors", "InternalError"),
    "NotAPanelError": ("idx766.errors", "NotAPanelError"),
    "NotAReportError": ("idx766.errors", "NotAReportError"),
    "NoTextLayerError": ("idx766.errors", "NoTextLayerError"),
    "PanelLockedError": ("idx766.errors", "PanelLockedError"),
    "ParseTimeoutError": ("idx766.errors", "ParseTimeoutError"),
    "TooLargeError": ("idx766.errors", "TooLargeError"),
    "UnsupportedFormatError": ("idx766.errors", "UnsupportedFormatError"),
    "dumps": ("idx766.interchange", "dumps"),
    "from_dict": ("idx766.interchange", "from_dict"),
    "loads": ("idx766.interchange", "loads"),
    "to_dict": ("idx766.interchange", "to_dict"),
    "Aggregate": ("idx766.model", "Aggregate"),
    "Change": ("idx766.model", "Change"),
    "ComponentScore": ("idx766.model", "ComponentScore"),
    "Document": ("idx766.model", "Document"),
    "DocumentKind": ("idx766.model", "DocumentKind"),
    "Finding": ("idx766.model", "Finding"),
    "Level": ("idx766.model", "Level"),
    "Metric": ("idx766.model", "Metric"),
    "OverdueRecord": ("idx766.model", "OverdueRecord"),
    "Pakn": ("idx766.model", "Pakn"),
    "Period": ("idx766.model", "Period"),
    "Provenance": ("idx766.model", "Provenance"),
    "Records": ("idx766.model", "Records"),
    "Severity": ("idx766.model", "Severity"),
    "Snapshot": ("idx766.model", "Snapshot"),
    "Target": ("idx766.model", "Target"),
    "Unit": ("idx766.model", "Unit"),
    "CATALOGUE": ("idx766.analysis.checks", "CATALOGUE"),
    "Check": ("idx766.analysis.checks", "Check"),
    "check": ("idx766.analysis.checks", "run_checks"),
    "MissingFileError": ("idx766.api", "MissingFileError"),
    "parse": ("idx766.api", "parse"),
    "parse_in_worker": ("idx766.batch", "parse_in_worker"),
    "findings_frame": ("idx766.frames", "findings_frame"),
    "frame_of": ("idx766.frames", "frame_of"),
    "to_frames": ("idx766.frames", "to_frames"),
    "write_frames": ("idx766.frames", "write_frames"),
    "ParseOptions": ("idx766.parsers.base", "ParseOptions"),
    "Parser": ("idx766.parsers.base", "Parser"),
    "Probe": ("idx766.parsers.base", "Probe"),
}


def __getattr__(name: str) -> object:
    """Every name but ``__version__``, imported from its module when first used (PEP 562)."""
    if name in _LAZY:
        import importlib

        module, attribute = _LAZY[name]
        value = getattr(importlib.import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'idx766' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


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
    "Period",
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
    "frame_of",
    "from_dict",
    "loads",
    "parse",
    "parse_in_worker",
    "to_dict",
    "to_frames",
    "write_frames",
]
