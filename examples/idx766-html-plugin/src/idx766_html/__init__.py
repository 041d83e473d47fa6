"""An idx766 parser plugin for score tables saved from a provincial portal as HTML.

It shows the plugin contract: ``name``, ``description``, ``suffixes``, ``sniff`` and ``parse``
(the :class:`idx766.Parser` protocol), registered under the ``idx766.parsers`` entry point in
``pyproject.toml``. The HTML is read with the standard library into the same blocks the DOCX
and PDF readers make (paragraphs and table grids), and idx766's own table interpreter turns
them into records: the plugin gets unit resolution, merged cells, checks and row accounting
for free.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from idx766 import ParseOptions, Probe, Records
from idx766.errors import CorruptFileError
from idx766.interpret import Grid, Paragraph, interpret

__all__ = ["HtmlTableParser", "read_html"]

_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "div", "caption"}


class _Reader(HTMLParser):
    """Collects paragraphs and tables (with colspan/rowspan as merged cells) in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Paragraph | Grid] = []
        self._text: list[str] = []
        self._rows: list[list[str | None]] | None = None
        self._cell: list[str] | None = None
        self._spans: list[tuple[int, int]] = []
        self._pending: dict[int, int] = {}  # column -> rows still covered by a rowspan
        self._tables = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._flush_text()
            self._rows = []
            self._pending = {}
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
            self._spans = []
        elif tag in ("td", "th") and self._rows is not None:
            values = dict(attrs)
            self._cell = []
            self._spans.append((int(values.get("colspan") or 1), int(values.get("rowspan") or 1)))
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._rows is not None and self._cell is not None:
            row = self._rows[-1]
            while self._pending.get(len(row), 0) > 0:  # a cell covered from the row above
                self._pending[len(row)] -= 1
                row.append(None)
            colspan, rowspan = self._spans[-1]
            start = len(row)
            row.append("".join(self._cell).strip())
            row.extend([None] * (colspan - 1))
            for column in range(start, start + colspan):
                if rowspan > 1:
                    self._pending[column] = rowspan - 1
            self._cell = None
        elif tag == "table" and self._rows is not None:
            width = max((len(r) for r in self._rows), default=0)
            rows = [r + [""] * (width - len(r)) for r in self._rows if r]
            self.blocks.append(Grid(rows=rows, index=self._tables, ruled=True))
            self._tables += 1
            self._rows = None
        elif tag in _BLOCK_TAGS:
            self._flush_text()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._rows is None:
            self._text.append(data)

    def _flush_text(self) -> None:
        text = " ".join("".join(self._text).split())
        if text:
            self.blocks.append(Paragraph(text=text))
        self._text = []

    def close(self) -> None:
        super().close()
        self._flush_text()


def read_html(path: Path) -> list[Paragraph | Grid]:
    """The paragraphs and tables of an HTML page, in reading order."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorruptFileError(path, f"not UTF-8 HTML: {exc}") from exc
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return reader.blocks


class HtmlTableParser:
    """Score tables saved from a provincial portal as an HTML page."""

    name = "html-table"
    description = "Plugin example: score tables in an HTML page"
    suffixes = (".html", ".htm")

    def sniff(self, probe: Probe) -> float:
        head = probe.head[:2048].lower()
        if probe.suffix in self.suffixes and b"<table" in probe.head.lower():
            return 1.0
        return 0.5 if b"<html" in head else 0.0

    def parse(self, path: Path, options: ParseOptions) -> Records:
        return interpret(read_html(path), source=path, parser=self.name, options=options)
