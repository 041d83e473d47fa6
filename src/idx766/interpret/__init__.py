"""The table interpreter, shared by every report format: DOCX, PDF, XLSX and CSV.

``interpret(blocks, ...)`` takes the paragraphs and table grids a reader found (in reading order)
and returns the document's :class:`~idx766.model.Records`: it reads the document's context,
joins tables across page breaks, decides what each table is, reads its rows, reads the headline
figures of the narrative, and merges the records of one fact (:mod:`idx766.merge`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import evolve

from idx766.dates import date_in_file_name
from idx766.errors import NotAReportError
from idx766.hashing import file_sha256
from idx766.interpret.blocks import Block, Grid, Paragraph
from idx766.interpret.classify import TableKind
from idx766.interpret.context import read_text_context
from idx766.interpret.extract import extract_tables
from idx766.interpret.narrative import read_headline
from idx766.interpret.prose import read_prose
from idx766.interpret.reader import Extracted
from idx766.interpret.sentences import read_sentences
from idx766.interpret.tables import logical_tables
from idx766.merge import merge_records
from idx766.model import (
    Document,
    DocumentKind,
    Finding,
    Metric,
    OverdueRecord,
    Provenance,
    Records,
    Severity,
    Snapshot,
)
from idx766.units import default_registry
from idx766.units.document import DocumentUnits

if TYPE_CHECKING:
    from idx766.parsers.base import ParseOptions

__all__ = ["Block", "Grid", "Paragraph", "interpret"]


def _undated(
    scores: Sequence[Snapshot],
    overdue: Sequence[OverdueRecord],
    metrics: Sequence[Metric],
    source: str,
) -> tuple[Finding, ...]:
    """An ``undated-data`` warning when a figure read from a table holds for no date."""
    records: list[Snapshot | OverdueRecord | Metric] = [*scores, *overdue, *metrics]
    for record in records:
        if record.as_of is None and any(p.table is not None for p in record.sources):
            return (
                Finding(
                    check="undated-data",
                    severity=Severity.WARNING,
                    message="the document names no date for the figures of its tables: "
                    "they carry none",
                    location=Provenance(file=source),
                ),
            )
    return ()


def interpret(
    blocks: Sequence[Block],
    *,
    source: Path,
    parser: str,
    options: ParseOptions,
    kind: DocumentKind | None = None,
    findings: Sequence[Finding] = (),
) -> Records:
    """Records of a document from its blocks; raises NotAReportError if it holds no 766 figure.

    ``kind`` is what the reader knows the document to be (a spreadsheet), else it is read from
    the text; ``findings`` are the reader's own (a malformed line, a formula without a value).
    """
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    ctx = read_text_context(paragraphs)
    if ctx.province is None and options.province is not None:
        ctx = evolve(ctx, province=options.province)
    out = Extracted()
    # units are looked up on the date the figures hold for: the document's, else the one
    # the user or the file's name gives (which the records get after reading)
    fallback = options.as_of or date_in_file_name(source.name)
    units = DocumentUnits(
        options.registry or default_registry(), ctx.province, ctx.as_of or fallback
    )
    kinds = extract_tables(
        logical_tables(blocks), ctx, str(source), out, units, fallback_date=fallback
    )
    data_tables = [k for k in kinds if k not in (TableKind.LAYOUT, TableKind.UNKNOWN)]
    read_headline(paragraphs, ctx, str(source), out, units)
    read_sentences(paragraphs, ctx, str(source), out, units)
    if not data_tables:
        # articles and notices: a report with score tables is read from its tables
        read_prose(paragraphs, ctx, str(source), out, units)
    merged = merge_records(out.scores, out.changes, out.overdue, out.metrics)
    undated = _undated(merged.scores, merged.overdue, merged.metrics, str(source))
    records = Records(
        document=Document(
            kind=kind or ctx.kind,
            source=str(source),
            sha256=file_sha256(source),
            parser=parser,
            title=ctx.title,
            number=ctx.number,
            issue_date=ctx.issue_date,
            period_start=ctx.period[0] if ctx.period else None,
            period_end=ctx.period[1] if ctx.period else ctx.data_date,
            week=ctx.week,
            province=ctx.province,
        ),
        scores=merged.scores,
        changes=merged.changes,
        overdue=merged.overdue,
        pakn=tuple(out.pakn),
        metrics=merged.metrics,
        targets=tuple(out.targets),
        findings=(*findings, *undated, *out.findings, *units.findings, *merged.findings),
    )
    if not data_tables and not (records.scores or records.changes or records.metrics):
        raise NotAReportError(source, "no 766 figures found (no score table, no headline score)")
    return records
