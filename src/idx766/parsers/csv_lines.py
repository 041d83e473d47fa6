"""CSV files as rows of cells, line by line, every line that cannot be read a finding.

The text is UTF-8 (with or without a BOM), UTF-16 with a BOM, else Windows-1258; the delimiter
(comma, semicolon, tab, bar) is the one the first lines' labels and widths agree on. Each line
is read on its own, so that one damaged line never swallows the lines after it: a quote opened
and never closed on its line is a field going on over the next lines only when they close it
and give a row as wide as the others. A line that still cannot be read (a stray quote, more
fields than the rows around it, a line written with another delimiter) is a ``skipped-row``
finding with its line number; a file where most lines fail is ``corrupt``.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from attrs import frozen

from idx766.errors import CorruptFileError
from idx766.model import Finding, Provenance, Severity
from idx766.vocabulary import match_label

__all__ = ["CsvRows", "decode_text", "labelled_line", "read_csv"]

DELIMITERS = (",", ";", "\t", "|")
_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}
_SNIFF_LINES = 30
_MAX_JOIN = 5
_LINE_END = re.compile(r"\r\n|\n|\r")


def _split_lines(text: str) -> list[str]:
    lines = _LINE_END.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def decode_text(data: bytes, path: Path) -> str:
    """CSV bytes as text: UTF-8 (with or without a BOM), UTF-16 with a BOM, else Windows-1258."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise CorruptFileError(path, f"not {encoding} text: {exc.reason}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise CorruptFileError(
            path, f"neither UTF-8 nor Windows-1258 text (byte {exc.start})"
        ) from exc


def _labels(row: Sequence[str]) -> int:
    return sum(1 for cell in row if cell.strip() and match_label(cell) is not None)


def labelled_line(line: str, delimiter: str | None = None) -> bool:
    """True for a line that names at least two component groups (a score table's header)."""
    for d in (delimiter,) if delimiter else DELIMITERS:
        try:
            [row] = list(csv.reader([line], delimiter=d)) or [[]]
        except (csv.Error, ValueError):
            continue
        if _labels(row) >= 2:
            return True
    return False


def _delimiter(lines: Sequence[str]) -> str:
    """The delimiter whose best line names most groups, then has most fields."""
    best: tuple[int, int, str] = (0, 0, ",")
    for delimiter in DELIMITERS:
        for line in lines:
            try:
                rows = list(csv.reader([line], delimiter=delimiter))
            except csv.Error:
                continue
            for row in rows:
                score = (_labels(row), len(row), delimiter)
                if score[:2] > best[:2]:
                    best = score
    return best[2]


def _strict(text: str, delimiter: str) -> list[str]:
    rows = list(csv.reader([text], delimiter=delimiter, strict=True))
    return rows[0] if rows else []


@frozen(kw_only=True)
class CsvRows:
    """The rows of a CSV file, the line each starts on, and the lines that could not be read."""

    rows: list[list[str]]
    lines: list[int]
    findings: list[Finding]


class _Lines:
    def __init__(self, text: str, delimiter: str, source: str) -> None:
        self.lines = _split_lines(text)
        self.delimiter = delimiter
        self.source = source
        self.rows: list[list[str]] = []
        self.numbers: list[int] = []
        self.findings: list[Finding] = []
        self.bad = 0

    def widths(self) -> int:
        """The width most lines that read on their own have (0 when none has two fields)."""
        counts: Counter[int] = Counter()
        for line in self.lines:
            try:
                width = len(_strict(line, self.delimiter))
            except csv.Error:
                continue
            if width >= 2:
                counts[width] += 1
        return counts.most_common(1)[0][0] if counts else 0

    def skip(self, number: int, why: str) -> None:
        self.bad += 1
        self.findings.append(
            Finding(
                check="skipped-row",
                severity=Severity.WARNING,
                message=f"line {number} skipped: {why}",
                location=Provenance(file=self.source, row=number),
            )
        )

    def joined(self, i: int, width: int) -> tuple[list[str], int] | None:
        """A quoted field going on over the next lines: the row and the lines it takes."""
        for extra in range(1, _MAX_JOIN + 1):
            if i + extra >= len(self.lines):
                return None
            text = "\n".join(self.lines[i : i + extra + 1])
            try:
                row = _strict(text, self.delimiter)
            except csv.Error:
                continue
            return (row, extra + 1) if len(row) == width else None
        return None

    def other_delimiter(self, line: str, width: int) -> str | None:
        for d in DELIMITERS:
            if d != self.delimiter and width > 1 and line.count(d) >= width - 1:
                return d
        return None

    def read(self) -> None:
        width = self.widths()
        i = 0
        while i < len(self.lines):
            number, line = i + 1, self.lines[i]
            try:
                row = _strict(line, self.delimiter)
                taken = 1
            except csv.Error as exc:
                found = self.joined(i, width) if "end of data" in str(exc) else None
                if found is None:
                    why = (
                        "a quote opened and never closed"
                        if "end of data" in str(exc)
                        else f"a misplaced quote ({exc})"
                    )
                    self.skip(number, why)
                    i += 1
                    continue
                row, taken = found
            other = self.other_delimiter(line, width) if len(row) == 1 else None
            if other is not None:
                self.skip(
                    number,
                    f"written with {_NAMES[other]}s where the file uses {_NAMES[self.delimiter]}s",
                )
            elif width and len(row) > width and any(c.strip() for c in row[width:]):
                self.skip(number, f"{len(row)} fields where the rows have {width}")
            else:
                self.rows.append(row)
                self.numbers.append(number)
            i += taken


def read_csv(path: Path) -> CsvRows:
    """The rows of a CSV file (raises CorruptFileError when most of its lines cannot be read)."""
    text = decode_text(path.read_bytes(), path)
    if "\x00" in text:
        raise CorruptFileError(path, "binary data in a CSV file")
    lines = _split_lines(text)
    reader = _Lines(text, _delimiter(lines[:_SNIFF_LINES]), str(path))
    reader.read()
    good = sum(1 for row in reader.rows if sum(1 for c in row if c.strip()) >= 2)
    if reader.bad and reader.bad * 2 > reader.bad + good:
        first = reader.findings[0].message
        raise CorruptFileError(
            path, f"{reader.bad} of {reader.bad + good} lines cannot be read (first: {first})"
        )
    return CsvRows(rows=reader.rows, lines=reader.numbers, findings=reader.findings)
