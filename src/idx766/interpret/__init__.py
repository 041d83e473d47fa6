"""The table interpreter, shared by every report format.

``interpret(blocks, ...)`` takes the paragraphs and table grids a reader found (in reading order)
and returns the document's :class:`~idx766.model.Records`: it reads the document's context,
joins tables across page breaks, decides what each table is, reads its rows, reads the headline
figures of the narrative, and merges the records of one unit and date.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import evolve

from idx766.errors import NotAReportError
from idx766.hashing import file_sha256
from idx766.interpret.blocks import Block, Grid, Paragraph
from idx766.interpret.context import read_context
from idx766.interpret.extract import Extracted, TableKind, extract_table
from idx766.interpret.merge import merge_snapshots, metric_fact, unique_by, unique_changes
from idx766.interpret.narrative import read_headline
from idx766.interpret.prose import read_prose
from idx766.interpret.sentences import read_sentences
from idx766.interpret.tables import logical_tables
from idx766.interpret.units import UnitResolver
from idx766.model import Document, Records
from idx766.units import default_registry

if TYPE_CHECKING:
    from idx766.parsers.base import ParseOptions

__all__ = ["Block", "Grid", "Paragraph", "interpret"]


def interpret(
    blocks: Sequence[Block], *, source: Path, parser: str, options: ParseOptions
) -> Records:
    """Records of a document from its blocks; raises NotAReportError if it holds no 766 figure."""
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    ctx = read_context(paragraphs)
    if ctx.province is None and options.province is not None:
        ctx = evolve(ctx, province=options.province)
    out = Extracted()
    units = UnitResolver(options.registry or default_registry(), ctx.province, ctx.as_of)
    kinds = [extract_table(t, ctx, str(source), out, units) for t in logical_tables(blocks)]
    data_tables = [k for k in kinds if k not in (TableKind.LAYOUT, TableKind.UNKNOWN)]
    read_headline(paragraphs, ctx, str(source), out, units)
    read_sentences(paragraphs, ctx, str(source), out, units)
    if not data_tables:
        # articles and notices: a report with score tables is read from its tables
        read_prose(paragraphs, ctx, str(source), out, units)
    scores, conflicts = merge_snapshots(out.scores)
    records = Records(
        document=Document(
            kind=ctx.kind,
            source=str(source),
            sha256=file_sha256(source),
            parser=parser,
            title=ctx.title,
            number=ctx.number,
            issue_date=ctx.issue_date,
            period_start=ctx.period[0] if ctx.period else None,
            period_end=ctx.period[1] if ctx.period else None,
            week=ctx.week,
            province=ctx.province,
        ),
        scores=tuple(scores),
        changes=unique_changes(out.changes),
        overdue=tuple(out.overdue),
        pakn=tuple(out.pakn),
        metrics=unique_by(out.metrics, metric_fact),
        targets=tuple(out.targets),
        findings=tuple(out.findings + units.findings + conflicts),
    )
    if not data_tables and not (records.scores or records.changes or records.metrics):
        raise NotAReportError(source, "no 766 figures found (no score table, no headline score)")
    return records
