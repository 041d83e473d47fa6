"""Codes that parsers report themselves, listed in the catalogue so that it explains them all."""

from __future__ import annotations

from idx766.analysis.catalogue import Check, register
from idx766.model import Severity

__all__: list[str] = []

_SAME = (
    "none: the same figure printed twice must be printed alike; values are compared as "
    "numbers, so 97,9 and 97,90 agree."
)
_TOLERANCES = {
    "cross-table-conflict": _SAME,
    "cross-document-conflict": _SAME,
    "ranking-position": "none: positions are whole numbers, each one more than the last.",
    "broken-ranking": "none: ranks are whole numbers; a repeated rank is accepted as a tie "
    "only when the totals are equal and the ranks after it skipped.",
}

for _code, _title, _severity, _description in (
    (
        "skipped-row",
        "A data row that gave no record",
        Severity.WARNING,
        "Reported by parsers: a row of a data table was read but could not become a record "
        "(no name, no figure, an unreadable number...), or a line of a CSV file could not be "
        "read (a stray quote, more fields than the other rows, another delimiter); the "
        "finding gives its row or line. Nothing is dropped silently.",
    ),
    (
        "unrecognized-table",
        "A table idx766 does not read",
        Severity.WARNING,
        "Reported by parsers: a table (a ruled table, a sheet) whose columns match no known "
        "kind of table; the finding counts its rows, none of which was read.",
    ),
    (
        "ambiguous-number",
        "Numbers that read differently with a decimal comma or dot",
        Severity.WARNING,
        "Reported by parsers: a column holds only tokens like 1.773 and nothing else in its "
        "table decides the style; the Vietnamese convention (decimal comma) was used.",
    ),
    (
        "unknown-unit",
        "A unit name the registry does not know",
        Severity.WARNING,
        "Reported by parsers: the printed name matched no unit of the registry (within the "
        "document's province, level and date); the best candidates are named. The record keeps "
        "a key made from the printed name.",
    ),
    (
        "ambiguous-unit",
        "A unit name that fits several units",
        Severity.WARNING,
        "Reported by parsers: the printed name fits more than one unit equally well (say a "
        "misspelling that reads as both 'Văn Lang' and 'Văn Lãng').",
    ),
    (
        "fuzzy-unit-match",
        "A unit name resolved by fuzzy matching",
        Severity.WARNING,
        "Reported by parsers: the printed name was resolved by similarity, with its score; "
        "add the spelling to the registry as an alias to make it exact.",
    ),
    (
        "ambiguous-group-code",
        "Group codes whose letters do not say which group they are",
        Severity.WARNING,
        "Reported by the portal-data parsers: the older portal service's TTTT and CLGQ columns "
        "are named inconsistently by scrapers, so the 12-point online-services group is the "
        "column whose values exceed 10; when no value decides, the guess is named. Also "
        "reported when today's API letters contradict the magnitudes.",
    ),
    (
        "undated-data",
        "Data that names no date",
        Severity.WARNING,
        "Reported by the parsers: the file's metadata (or, for the tables of a report or a "
        "spreadsheet, its text) gives no as-of date, so its records carry none. The date is "
        "never taken from today.",
    ),
    (
        "date-supplied",
        "Dates or periods the file does not state",
        Severity.WARNING,
        "Reported when reading a file: some of its figures carry no date (or no period) in the "
        "file itself, so they were given the date the user passed with --as-of (or the period "
        "of --period), or else the date in the file's name (provinces-2026-05-25.csv, "
        "agencies_GiaLai_25052026.json). Dates a file states are never replaced.",
    ),
    (
        "portal-data-quality",
        "Figures the portal itself flags",
        Severity.WARNING,
        "Reported by the portal-data parser: a record or metric carries a "
        "dataQualityStatus / dataQualityMessage other than OK.",
    ),
    (
        "duplicate-unit",
        "A unit listed twice in one table",
        Severity.ERROR,
        "Reported by parsers when merging: one data table lists the same unit (under the same "
        "or another spelling) in two rows; the rows were merged into one record. A table of "
        "one row per unit (a ranking, Phụ lục I) cannot list a unit twice, so it is an error "
        "whether or not the two rows agree; no tolerance applies (the unit is the fact).",
    ),
    (
        "cross-document-conflict",
        "One fact, two values in two documents",
        Severity.ERROR,
        "Reported when building a panel: two documents (a report and its PDF twin, a report "
        "and the portal's data) give the same unit on the same date two different values; the "
        "finding names both sources.",
    ),
    (
        "cross-table-conflict",
        "One unit, one date, two values in one document",
        Severity.ERROR,
        "Reported by parsers when merging the tables of one document: the same figure of the "
        "same unit on the same date (a score, a change, an overdue count, a metric) is printed "
        "with two different values; the finding names both places, the first is kept.",
    ),
    (
        "broken-ranking",
        "Ranks spread over tables that do not make one ranking",
        Severity.ERROR,
        "Reported by the table interpreter: the ranks of several tables go beyond each table "
        "and together run 1…n over all their rows, as one ranking would, but some ranks occur "
        "twice without a tie to explain them and others are missing (a provincial tool that "
        "ranked its agencies for the month and its communes for the year in one sequence).",
    ),
    (
        "ranking-position",
        "A ranking that prints a position twice or skips one",
        Severity.ERROR,
        "Reported by the table interpreter: in a full ranking (a table of every unit of a "
        "level numbered in order of score), the printed positions stop counting one by one "
        "(1, 2, 7, 4, 5 or 1, 2, 4, 5: the third row), so a position is printed twice or "
        "skipped; the finding names the row where it happens.",
    ),
    (
        "unread-cell",
        "A spreadsheet cell whose value the file does not hold",
        Severity.WARNING,
        "Reported by the spreadsheet reader: a cell holds an error (#DIV/0!, #N/A...) or a "
        "formula whose value the workbook was saved without, so it reads as empty; the "
        "finding names the sheet and the cell.",
    ),
    (
        "unrepresentable-value",
        "A record no column can hold, refused",
        Severity.ERROR,
        "Reported at the record boundary (every parse): a value no table column can hold "
        "(a number beyond 20 digits before or 18 after the decimal point, such as 1e400 or "
        "1e-400; a count beyond 64 bits; NaN) or text that is not valid Unicode (a lone "
        "surrogate). The record is refused, the file's other records are kept.",
    ),
    (
        "file-name-not-utf8",
        "A file name that is not UTF-8",
        Severity.WARNING,
        "Reported at the record boundary: the file was read under its real name, but the name "
        "is not UTF-8 (a zip made on Windows, say), so records and messages show it with its "
        "bytes escaped (\\xe1); the finding gives its Windows-1258 reading as a hint.",
    ),
    (
        "data-loss",
        "Part of a file could not be read",
        Severity.ERROR,
        "Reported by the PDF reader: a compressed stream of a page is damaged, so the text "
        "after the damage is lost; the finding names the page, how much could be read and "
        "how many records came from that page.",
    ),
    (
        "pdf-warning",
        "The PDF library warned about a page",
        Severity.WARNING,
        "Reported by the PDF reader: pdfminer warned while reading the page (a malformed "
        "operator, font or colour); the warnings are counted here instead of being printed, "
        "with the number of records read from the page.",
    ),
    (
        "unreadable-file",
        "A file of an archive that could not be read",
        Severity.ERROR,
        "Reported when building a panel: the file failed (its error kind and reason); the "
        "rest of the archive was read. `idx766 ingest --retry-failed` tries it again.",
    ),
    (
        "skipped-path",
        "A path of an archive that was not followed",
        Severity.WARNING,
        "Reported when building a panel: a symlink leading out of the archive (not "
        "followed), a symlink loop, a dangling symlink, or a folder that cannot be listed.",
    ),
):
    register(
        Check(
            code=_code,
            title=_title,
            severity=_severity,
            description=_description,
            template="{unit}: {message}",
            tolerance=_TOLERANCES.get(_code, "not a comparison of figures: none applies."),
        )
    )
