"""A small, independent reader of the seed texts in ``tests/seeds/``.

The seeds are text renderings of real DOCX/PDF reports. This reader turns one into a list of
blocks in reading order, so tests can derive their expectations from the text itself (and the
fixture generator can render DOCX files from it) without going through the library under test.

Rules (kept deliberately simple):

* The text is NFC-normalized on reading. Lines are split on ``\\n``; a line that is empty or only
  whitespace (but no TAB: that is a row of empty cells) is blank. Blank lines separate *chunks*.
* Inside a chunk, a run of lines starting with ``|`` is a markdown pipe table (source ``"pipe"``):
  the row before the ``|---|`` separator is the header (``header_rows=1``); an all-empty header
  row (``| | | |``) is kept as a row of ``""`` cells.
* Inside a chunk, a run of lines containing a TAB is a TSV table (source ``"tsv"``). Header rows:
  the first row is a header unless one of its cells is numeric (then the chunk is a continuation
  and ``header_rows=0``); the second row is a header too when the first one is, it has no numeric
  cell and its first cell is empty (a sub-header under merged cells, e.g. "Số liệu / Tỷ lệ (%)").
* Every chunk of table lines is its own :class:`Table`, even when it only continues the previous
  one after a page break; :func:`join_page_breaks` merges such chunks when asked to.
* Other lines form paragraphs: a paragraph is a run of non-blank lines, except that a line starting
  with ``- `` (a list item) starts a new paragraph (lines after it, up to the next item, continue
  it). Each line is stripped; the lines of a paragraph are joined with ``\\n``.
* Markdown ``**bold**`` markers are removed from the text and remembered in :attr:`Para.spans`
  (``Para.bold`` is true when all of the paragraph's text is bold). A paragraph wrapped in single
  ``*...*`` is italic and loses the two markers; any other ``*`` is kept as text (``"* Ghi chú"``,
  ``"*Số liệu ..."``). Autolinks ``<https://...>`` lose their angle brackets. Footnote markers
  (``¹``) are plain text.
* Cells are stripped but otherwise kept exactly (``"95.59"``, ``"+0.35"``, ``"---"``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

__all__ = [
    "SEEDS_DIR",
    "Block",
    "Para",
    "SeedDoc",
    "Span",
    "Table",
    "heading_before",
    "is_numeric_cell",
    "join_page_breaks",
    "paragraphs",
    "read_seed",
    "seed_path",
    "tables",
]

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"

_NUMERIC_CELL = re.compile(r"^[+\-−]?\d[\d.,]*(?:/\d[\d.,]*)?\s*%?$")
_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph's text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Para:
    """A paragraph: its plain text (markers removed) and whether it is bold throughout."""

    text: str
    bold: bool = False
    spans: tuple[Span, ...] = ()
    italic: bool = False

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @property
    def is_list_item(self) -> bool:
        return self.text.startswith("- ")

    @property
    def is_footnote(self) -> bool:
        """True for a footnote text such as ``"¹ Thời điểm ..."``."""
        return self.text != "" and self.text[0] in "¹²³⁴⁵⁶⁷⁸⁹"

    def span_lines(self) -> list[list[Span]]:
        """The spans split at line breaks: one list of spans per line."""
        out: list[list[Span]] = [[]]
        for span in self.spans or (Span(self.text, self.bold, self.italic),):
            for i, piece in enumerate(span.text.split("\n")):
                if i:
                    out.append([])
                if piece:
                    out[-1].append(replace(span, text=piece))
        return out


@dataclass(eq=False)
class Table:
    """A chunk of table lines. ``rows`` include the header rows."""

    rows: list[list[str]]
    header_rows: int
    source: Literal["pipe", "tsv"]
    repeated_header: bool = field(default=False)
    """Set by :func:`join_page_breaks` when chunks under a repeated header were merged."""

    @property
    def header(self) -> list[list[str]]:
        return self.rows[: self.header_rows]

    @property
    def data(self) -> list[list[str]]:
        return self.rows[self.header_rows :]

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


Block = Para | Table


@dataclass
class SeedDoc:
    """One seed document: its name (the file stem) and its blocks in reading order."""

    name: str
    blocks: list[Block]


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` (e.g. ``"001"``)."""
    matches = sorted(SEEDS_DIR.glob(f"{prefix}*.txt"))
    if len(matches) != 1:
        raise FileNotFoundError(f"expected one seed named {prefix}*.txt in {SEEDS_DIR}")
    return matches[0]


def read_seed(path: str | Path) -> SeedDoc:
    """Read a seed text file into a :class:`SeedDoc`."""
    p = Path(path)
    text = unicodedata.normalize("NFC", p.read_text(encoding="utf-8"))
    return SeedDoc(name=p.stem, blocks=list(_blocks(text.split("\n"))))


def tables(doc: SeedDoc) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def paragraphs(doc: SeedDoc) -> list[Para]:
    return [b for b in doc.blocks if isinstance(b, Para)]


def heading_before(doc: SeedDoc, table: Table) -> str:
    """The text of the nearest non-empty paragraph before ``table`` ("" if none)."""
    index = next(i for i, b in enumerate(doc.blocks) if b is table)
    for block in reversed(doc.blocks[:index]):
        if isinstance(block, Para) and block.text.strip():
            return block.text
    return ""


def is_numeric_cell(cell: str) -> bool:
    """A number as printed in the seeds: ``96,32``, ``+0.35``, ``1.773/1.773``, ``100%``."""
    return bool(_NUMERIC_CELL.match(cell.strip()))


def join_page_breaks(blocks: Iterable[Block]) -> list[Block]:
    """Merge table chunks that only continue the previous table after a page break.

    A chunk directly after a table (nothing but blank lines between) is merged into it when its
    header rows are identical to that table's (the header was repeated on the new page: the result
    has ``repeated_header=True``) or when it has no header row and the same width (the table simply
    went on). A chunk under a different header, e.g. an all-blank one, stays a separate table.
    The input blocks are not modified.
    """
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if isinstance(block, Table) and isinstance(prev, Table) and _continues(prev, block):
            out[-1] = Table(
                rows=[*prev.rows, *block.data],
                header_rows=prev.header_rows,
                source=prev.source,
                repeated_header=prev.repeated_header or block.header_rows > 0,
            )
        else:
            out.append(block)
    return out


def _continues(prev: Table, nxt: Table) -> bool:
    if prev.header_rows == 0 or nxt.width != prev.width:
        return False
    if nxt.header_rows == 0:
        return True
    return nxt.header == prev.header


# --- chunking -------------------------------------------------------------------------------


def _blocks(lines: list[str]) -> Iterator[Block]:
    for chunk in _chunks(lines):
        yield from _chunk_blocks(chunk)


def _chunks(lines: list[str]) -> Iterator[list[str]]:
    chunk: list[str] = []
    for line in lines:
        if line.strip() or "\t" in line:
            chunk.append(line)
        elif chunk:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _line_kind(line: str) -> str:
    if line.lstrip().startswith("|"):
        return "pipe"
    if "\t" in line:
        return "tsv"
    return "text"


def _chunk_blocks(chunk: list[str]) -> Iterator[Block]:
    run: list[str] = []
    kind = ""
    for line in chunk:
        k = _line_kind(line)
        if run and k != kind:
            yield from _run_blocks(kind, run)
            run = []
        kind = k
        run.append(line)
    if run:
        yield from _run_blocks(kind, run)


def _run_blocks(kind: str, run: list[str]) -> Iterator[Block]:
    if kind == "pipe":
        yield _pipe_table(run)
    elif kind == "tsv":
        yield _tsv_table(run)
    else:
        yield from _paragraphs(run)


# --- tables ---------------------------------------------------------------------------------


def _pipe_cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip() for c in s.split("|")]


def _pipe_table(run: list[str]) -> Table:
    rows: list[list[str]] = []
    header_rows = 0
    for line in run:
        if _PIPE_SEPARATOR.match(line.strip()):
            header_rows = len(rows)
            continue
        rows.append(_pipe_cells(line))
    return Table(rows=rows, header_rows=header_rows, source="pipe")


def _tsv_table(run: list[str]) -> Table:
    rows = [[c.strip() for c in line.split("\t")] for line in run]
    return Table(rows=rows, header_rows=_tsv_header_rows(rows), source="tsv")


def _tsv_header_rows(rows: list[list[str]]) -> int:
    if not rows or any(is_numeric_cell(c) for c in rows[0]):
        return 0
    if len(rows) > 1:
        second = rows[1]
        if second and second[0] == "" and not any(is_numeric_cell(c) for c in second):
            return 2
    return 1


# --- paragraphs -----------------------------------------------------------------------------


def _paragraphs(run: list[str]) -> Iterator[Para]:
    group: list[str] = []
    for line in run:
        stripped = line.strip()
        if group and stripped.startswith("- "):
            yield _para("\n".join(group))
            group = []
        group.append(stripped)
    if group:
        yield _para("\n".join(group))


def _para(raw: str) -> Para:
    raw = _AUTOLINK.sub(r"\1", raw)
    italic = _wrapped_in_single_stars(raw)
    if italic:
        raw = raw[1:-1]
    spans = tuple(
        Span(text, bold=bold, italic=italic) for text, bold in _bold_pieces(raw) if text != ""
    )
    text = "".join(s.text for s in spans)
    all_bold = any(s.bold for s in spans) and all(s.bold or not s.text.strip() for s in spans)
    return Para(text=text, bold=all_bold, spans=spans, italic=italic)


def _wrapped_in_single_stars(raw: str) -> bool:
    return (
        len(raw) > 2
        and raw.startswith("*")
        and raw.endswith("*")
        and not raw.startswith("**")
        and not raw.endswith("**")
    )


def _bold_pieces(raw: str) -> list[tuple[str, bool]]:
    parts = raw.split("**")
    if len(parts) % 2 == 0:  # an unmatched marker: keep the last one as text
        parts = [*parts[:-2], parts[-2] + "**" + parts[-1]]
    return [(part, i % 2 == 1) for i, part in enumerate(parts)]
