"""Parsers: the contract, the registry, and the built-in parsers.

Third-party parsers register under the ``idx766.parsers`` entry-point group; see
:mod:`idx766.parsers.base` for the :class:`Parser` protocol.
"""

from idx766.parsers.base import ParseOptions, Parser, Probe
from idx766.parsers.registry import (
    ENTRY_POINT_GROUP,
    available_parsers,
    plugin_problems,
    select_parser,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "ParseOptions",
    "Parser",
    "Probe",
    "available_parsers",
    "plugin_problems",
    "select_parser",
]
