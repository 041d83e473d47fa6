"""The date and period of a raw API response, from the capture manifest saved beside it.

A raw response of the portal's sub-criteria endpoints names neither its period nor its date:
they were in the request. Tools that save responses keep the requests in a manifest (qd766's
``manifest*.json``: ``captures[]`` with ``sha256``, ``payload`` and ``capturedAt``). A capture
whose ``sha256`` is the file's own gives the period (payload ``timeType``/``year``/``month``, or
``fromDate``/``toDate`` spanning a whole year or month) and the as-of date (the day in Vietnam of
``capturedAt``). Matching by content hash, not by name, means a renamed or copied file is still
dated and an edited one is not.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from attrs import evolve

from idx766.model import Period
from idx766.parsers.portal.meta import FileContext, parse_day, period_of

__all__ = ["dated_by_manifest"]

_LEVELS_UP = 3  # the manifest sits at the root of the saved folders, a level or two up
_MAX_MANIFEST_BYTES = 5_000_000


def _manifests(path: Path) -> Iterator[Path]:
    folder = path.resolve().parent
    for _ in range(_LEVELS_UP + 1):
        yield from sorted(folder.glob("manifest*.json"))
        if folder.parent == folder:
            return
        folder = folder.parent


def _captures(manifest: Path) -> list[Mapping[str, Any]]:
    try:
        if manifest.stat().st_size > _MAX_MANIFEST_BYTES:
            return []
        root = json.loads(manifest.read_bytes())
    except (OSError, ValueError):
        return []  # not a manifest we can read: the file simply stays undated
    captures = root.get("captures") if isinstance(root, Mapping) else None
    if not isinstance(captures, list):
        return []
    return [c for c in captures if isinstance(c, Mapping)]


def _span(payload: Mapping[str, Any]) -> Period | None:
    """The year or the month a fromDate/toDate pair spans exactly."""
    start, end = parse_day(payload.get("fromDate")), parse_day(payload.get("toDate"))
    if start is None or end is None:
        return None
    for period in (Period.of_year(start.year), Period.of_month(start.year, start.month)):
        if (period.start, period.end) == (start, end):
            return period
    return None


def dated_by_manifest(ctx: FileContext, path: Path, sha256: str) -> FileContext:
    """``ctx`` with the period and date of the capture of this file, if a manifest has it.

    Only a file that names neither is completed; the file's own metadata always wins.
    """
    if ctx.as_of is not None or ctx.period is not None:
        return ctx
    for manifest in _manifests(path):
        for capture in _captures(manifest):
            if capture.get("sha256") != sha256:
                continue
            payload = capture.get("payload")
            payload = payload if isinstance(payload, Mapping) else {}
            period = period_of([payload]) or _span(payload)
            as_of = parse_day(capture.get("capturedAt"))
            if period is None and as_of is None:
                continue
            return evolve(
                ctx,
                period=period,
                as_of=as_of,
                date_field=f"{manifest.name}: capturedAt" if as_of else None,
            )
    return ctx
