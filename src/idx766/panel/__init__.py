"""Panels: years of reports and portal files as one table per record kind.

>>> from idx766.panel import Panel, ingest
>>> ingest(["archive/"], "panel/")                       # doctest: +SKIP
>>> Panel("panel/").scores.filter(...).collect()          # doctest: +SKIP
"""

from idx766.panel.ingest import IngestReport, Scan, SkippedPath, find_files, ingest, scan
from idx766.panel.panel import Panel

__all__ = ["IngestReport", "Panel", "Scan", "SkippedPath", "find_files", "ingest", "scan"]
