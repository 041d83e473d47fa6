"""The qd766 captures parsed once per test session, and their score inputs (idx766 side)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl

import idx766
from idx766.model import Records
from idx766.score import inputs_frame
from portal_expect import FILES


@cache
def parsed(path: Path) -> Records:
    return idx766.parse(path)


@cache
def inputs(kind: str = "all") -> pl.DataFrame:
    """The inputs of every capture (``all``) or of the year-to-date ones (``year``)."""
    files = FILES if kind == "all" else [p for p in FILES if p.stem == f"{kind}-all"]
    return inputs_frame([parsed(p) for p in files])
