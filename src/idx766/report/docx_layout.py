"""The DOCX layout of a Vietnamese government document, shared by the reports and the fixtures.

A4, margins 3 cm left and 2 cm elsewhere, Times New Roman in the document defaults and the
Normal style (every ``w:rFonts`` attribute, theme fonts removed), language vi-VN; body 14 pt,
justified with a 1 cm first-line indent; the top header block and the signature block as
borderless two-column layout tables; data tables ruled, 12 pt (11 pt from 7 columns), header
rows bold and centred (repeated on every page when the table runs over pages), numbers
centred, "TỔNG …" rows bold. The documents are built from a list of :data:`Item` (styled
paragraphs, layout blocks, page breaks and tables) by :func:`render`; :func:`save_deterministic`
writes them with fixed ZIP timestamps so that the same input gives the same bytes.

``tests/fixtures/make_docx.py`` renders the seed documents with these functions, so the
generated reports and the test fixtures look alike.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from attrs import field, frozen
from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt

__all__ = [
    "BODY_PT",
    "FONT",
    "FOOTNOTE_PT",
    "HEADER_PT",
    "SMALL_PT",
    "TABLE_PT",
    "TEXT_WIDTH",
    "WIDE_TABLE_PT",
    "DataTable",
    "Item",
    "Layout",
    "PageBreak",
    "Para",
    "ParaLike",
    "Role",
    "Run",
    "RunLike",
    "Styled",
    "TableLike",
    "add_data_table",
    "add_layout_table",
    "add_styled",
    "header_merges",
    "is_emphasized_row",
    "is_number_cell",
    "is_place_date",
    "is_upper_text",
    "new_document",
    "numeric_columns",
    "render",
    "save_deterministic",
]

DocxDocument = Any  # python-docx ships no type information
DocxTable = Any
DocxParagraph = Any

FONT = "Times New Roman"
BODY_PT = 14
HEADER_PT = 13
TABLE_PT = 12
WIDE_TABLE_PT = 11
SMALL_PT = 11
FOOTNOTE_PT = 10

PAGE_WIDTH = Cm(21)
PAGE_HEIGHT = Cm(29.7)
MARGIN_LEFT = Cm(3)
MARGIN_RIGHT = Cm(2)
MARGIN_TOP = Cm(2)
MARGIN_BOTTOM = Cm(2)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
MIN_COLUMN_WIDTH = Cm(1.3)

_PLACE_DATE = re.compile(r"^[^\n,]{2,40}, ngày\b")
_ROMAN = re.compile(r"^[IVXLC]+$")
_NUMBER_CELL = re.compile(r"^[+\-−]?\d[\d.,]*(?:/\d[\d.,]*)?\s*%?$")


# --- what to render -------------------------------------------------------------------------


class RunLike(Protocol):
    """A piece of a paragraph's text with its emphasis."""

    @property
    def text(self) -> str: ...
    @property
    def bold(self) -> bool: ...
    @property
    def italic(self) -> bool: ...


class ParaLike(Protocol):
    """A paragraph: its plain text and its runs split at line breaks (one DOCX paragraph each)."""

    @property
    def text(self) -> str: ...
    def span_lines(self) -> Sequence[Sequence[RunLike]]: ...


class TableLike(Protocol):
    """A data table: its rows (header rows first) and whether its header repeats on each page."""

    @property
    def rows(self) -> Sequence[Sequence[str]]: ...
    @property
    def header_rows(self) -> int: ...
    @property
    def repeated_header(self) -> bool: ...
    @property
    def width(self) -> int: ...


Role = Literal["title", "subtitle", "heading", "body", "footnote", "note", "byline"]


@dataclass
class Styled:
    """A paragraph with the role that decides how it looks."""

    para: ParaLike
    role: Role


@dataclass
class Layout:
    """A borderless two-column block: the top header block or the signature block."""

    kind: Literal["header", "signature"]
    left: Sequence[ParaLike]
    right: Sequence[ParaLike]
    keep_together: bool = False
    """Keep the block on one page (``w:cantSplit`` on its row)."""


@dataclass
class PageBreak:
    pass


Item = Styled | Layout | PageBreak | TableLike


@frozen
class Run:
    """A piece of text with its emphasis (a :class:`RunLike`)."""

    text: str
    bold: bool = False
    italic: bool = False


class Para:
    """A paragraph made of runs (a :class:`ParaLike`); a line break in a run starts a new line.

    ``Para("text")`` is plain; ``Para("a ", Run("b", bold=True))`` mixes emphasis.
    """

    __slots__ = ("runs",)

    def __init__(self, *runs: Run | str) -> None:
        self.runs: tuple[Run, ...] = tuple(Run(r) if isinstance(r, str) else r for r in runs)

    def __repr__(self) -> str:
        return f"Para{self.runs!r}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Para) and self.runs == other.runs

    def __hash__(self) -> int:
        return hash(self.runs)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    def span_lines(self) -> list[list[Run]]:
        out: list[list[Run]] = [[]]
        for run in self.runs:
            for i, piece in enumerate(run.text.split("\n")):
                if i:
                    out.append([])
                if piece:
                    out[-1].append(Run(piece, run.bold, run.italic))
        return out


def _rows(value: Sequence[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(r) for r in value)


@frozen(kw_only=True)
class DataTable:
    """A data table (a :class:`TableLike`): rows with the header rows first."""

    rows: tuple[tuple[str, ...], ...] = field(converter=_rows)
    header_rows: int = 1
    repeated_header: bool = True

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def is_upper_text(text: str) -> bool:
    """True when the text has letters and all of them are upper case ("KÍNH GỬI")."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and text == text.upper()


def is_place_date(para: ParaLike) -> bool:
    """The "<place>, ngày … tháng … năm …" line of a header block."""
    return bool(_PLACE_DATE.match(para.text))


def is_number_cell(cell: str) -> bool:
    """A cell printed as a number (``96,32``, ``+0.35``, ``1.773/1.773``, ``100%``): centred."""
    return bool(_NUMBER_CELL.match(cell.strip()))


# --- document setup -------------------------------------------------------------------------


def set_rfonts(rpr: Any, name: str = FONT) -> None:
    """Set all four rFonts attributes (ascii, hAnsi, eastAsia, cs) and drop theme fonts."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), name)


def set_language(rpr: Any, lang: str = "vi-VN") -> None:
    el = rpr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        rpr.append(el)
    el.set(qn("w:val"), lang)


def setup_fonts(doc: DocxDocument) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_rfonts(default_rpr)
    set_language(default_rpr)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    set_rfonts(normal.element.get_or_add_rPr())
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0


def setup_page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width = PAGE_WIDTH
    section.page_height = PAGE_HEIGHT
    section.left_margin = MARGIN_LEFT
    section.right_margin = MARGIN_RIGHT
    section.top_margin = MARGIN_TOP
    section.bottom_margin = MARGIN_BOTTOM


def set_core_properties(
    doc: DocxDocument, title: str, *, author: str, created: datetime, comments: str
) -> None:
    props = doc.core_properties
    props.author = author
    props.last_modified_by = author
    props.title = title
    props.created = created
    props.modified = created
    props.revision = 1
    props.comments = comments


def new_document(title: str, *, author: str, created: datetime, comments: str) -> DocxDocument:
    """An empty A4 Times New Roman document with fixed core properties."""
    doc = Document()
    setup_page(doc)
    setup_fonts(doc)
    set_core_properties(doc, title, author=author, created=created, comments=comments)
    return doc


# --- paragraphs -----------------------------------------------------------------------------


def add_spans(
    paragraph: DocxParagraph,
    spans: Iterable[RunLike],
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
) -> None:
    for span in spans:
        run = paragraph.add_run(span.text)
        run.font.size = Pt(size)
        if span.bold or bold:
            run.bold = True
        if span.italic or italic:
            run.italic = True


def format_paragraph(
    paragraph: DocxParagraph,
    align: WD_ALIGN_PARAGRAPH,
    *,
    indent: bool = False,
    before: float = 0,
    after: float = 0,
) -> None:
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if indent:
        fmt.first_line_indent = Cm(1)


def add_styled(doc: DocxDocument, item: Styled) -> None:
    """One DOCX paragraph per line of the paragraph, styled by its role."""
    for spans in item.para.span_lines():
        paragraph = doc.add_paragraph()
        role = item.role
        text = "".join(s.text for s in spans)
        if role == "body" and len(text) <= 5 and is_upper_text(text):
            role = "byline"  # e.g. the reporter's initials closing a news article
        if role == "title":
            format_paragraph(paragraph, WD_ALIGN_PARAGRAPH.CENTER, after=3)
            add_spans(paragraph, spans, BODY_PT, bold=True)
        elif role == "subtitle":
            format_paragraph(paragraph, WD_ALIGN_PARAGRAPH.CENTER, after=6)
            add_spans(paragraph, spans, BODY_PT, italic=True)
        elif role == "heading":
            format_paragraph(paragraph, WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, before=6, after=3)
            add_spans(paragraph, spans, BODY_PT, bold=True)
        elif role == "footnote":
            format_paragraph(paragraph, WD_ALIGN_PARAGRAPH.JUSTIFY, after=2)
            add_spans(paragraph, spans, FOOTNOTE_PT)
        elif role == "note":
            format_paragraph(paragraph, WD_ALIGN_PARAGRAPH.JUSTIFY, before=3, after=3)
            add_spans(paragraph, spans, TABLE_PT, italic=True)
        elif role == "byline":
            format_paragraph(paragraph, WD_ALIGN_PARAGRAPH.RIGHT, before=6)
            add_spans(paragraph, spans, BODY_PT, bold=True)
        else:
            format_paragraph(paragraph, WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=6)
            add_spans(paragraph, spans, BODY_PT)


# --- tables ---------------------------------------------------------------------------------


# Children of w:tblPr that must come after w:tblBorders (ECMA-376 CT_TblPr sequence).
TBL_PR_AFTER_BORDERS = (
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
    "tblPrChange",
)


def insert_in_schema_order(parent: Any, child: Any, successors: Sequence[str]) -> None:
    """Insert ``child`` before the first of ``successors`` present in ``parent`` (else append)."""
    for el in parent:
        if el.tag in {qn(f"w:{name}") for name in successors}:
            el.addprevious(child)
            return
    parent.append(child)


def set_table_width(table: DocxTable, width: int) -> None:
    """Give the table a fixed preferred width (``w:tblW`` in twentieths of a point)."""
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        table._tbl.tblPr.insert(0, tbl_w)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(Emu(width).twips))


def set_table_borders(table: DocxTable, val: str) -> None:
    """Set the six table borders: ``"single"`` for a ruled table, ``"nil"`` for a layout table."""
    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.find(qn("w:tblBorders"))
    if borders is None:
        borders = OxmlElement("w:tblBorders")
        insert_in_schema_order(tbl_pr, borders, TBL_PR_AFTER_BORDERS)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), val)
        if val != "nil":
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        borders.append(el)


def mark_repeat_header(row: Any) -> None:
    """Give the row the repeat-header flag (``w:tblHeader`` in its ``w:trPr``)."""
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    tr_pr.append(flag)


def set_column_widths(table: DocxTable, widths: Sequence[int]) -> None:
    table.autofit = False
    set_table_width(table, sum(widths))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Emu(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Emu(width)


def column_widths(rows: Sequence[Sequence[str]], header_rows: int, total: int) -> list[int]:
    """Widths proportional to the text each column holds (90th percentile of its cells)."""
    width = max(len(r) for r in rows)
    weights: list[float] = []
    for c in range(width):
        data = sorted(len(r[c]) for r in rows[header_rows:] if c < len(r))
        typical = data[int(len(data) * 0.9)] if data else 0
        words = [len(w) for r in rows[:header_rows] if c < len(r) for w in r[c].split()]
        weights.append(min(40.0, max(5.0, typical, max(words, default=0) + 1.0)))
    return spread(weights, total, MIN_COLUMN_WIDTH)


def spread(weights: Sequence[float], total: int, minimum: int) -> list[int]:
    """Split ``total`` in proportion to ``weights``, giving no column less than ``minimum``."""
    narrow: set[int] = set()
    while True:
        free = total - minimum * len(narrow)
        rest = sum(w for i, w in enumerate(weights) if i not in narrow)
        widths = [minimum if i in narrow else int(free * w / rest) for i, w in enumerate(weights)]
        too_narrow = {i for i, w in enumerate(widths) if w < minimum} - narrow
        if not too_narrow or len(narrow | too_narrow) == len(weights):
            return widths
        narrow |= too_narrow


def numeric_columns(rows: Sequence[Sequence[str]], header_rows: int) -> list[bool]:
    """Columns whose non-empty data cells are mostly numbers (centered)."""
    width = max(len(r) for r in rows)
    out = []
    for c in range(width):
        cells = [r[c] for r in rows[header_rows:] if c < len(r) and r[c]]
        numeric = [x for x in cells if is_number_cell(x) or x == "---"]
        out.append(bool(cells) and len(numeric) >= 0.6 * len(cells))
    return out


def is_emphasized_row(row: Sequence[str]) -> bool:
    """Totals ("TỔNG SỐ") and roman-numbered section rows are bold."""
    first = next((c for c in row if c), "")
    return first.startswith("TỔNG") or bool(row and _ROMAN.match(row[0]))


def write_cell(cell: Any, text: str, size: float, align: WD_ALIGN_PARAGRAPH, bold: bool) -> None:
    paragraph = cell.paragraphs[0]
    format_paragraph(paragraph, align, before=1, after=1)
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        if bold:
            run.bold = True
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def header_merges(
    header: Sequence[Sequence[str]],
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The merged cells of a two-row header, as ``((row, col), (row, col))`` corners: an empty
    cell after a filled one in the first row is spanned by it horizontally; an empty cell in
    the second row under a lone first-row cell is merged vertically into it. Every producer
    of the fixtures and reports merges by this."""
    if len(header) < 2:
        return []
    top, sub = header[0], header[1]
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = []
    c = 0
    while c < len(top):
        end = c
        if top[c]:
            while end + 1 < len(top) and top[end + 1] == "":
                end += 1
        if end > c:
            merges.append(((0, c), (0, end)))
        elif top[c] and not sub[c]:
            merges.append(((0, c), (1, c)))
        c = end + 1
    return merges


def merge_header_cells(table: DocxTable, header: Sequence[Sequence[str]]) -> None:
    """Merge a two-row header (:func:`header_merges`): gridSpan across, vMerge down."""
    for (r0, c0), (r1, c1) in header_merges(header):
        table.cell(r0, c0).merge(table.cell(r1, c1))


def add_data_table(doc: DocxDocument, data: TableLike) -> DocxTable:
    """A ruled table: header bold and centered, numbers centered, repeat-header flag if the
    header repeats across pages."""
    width = data.width
    rows = [[*r, *[""] * (width - len(r))] for r in data.rows]
    size = WIDE_TABLE_PT if width >= 7 else TABLE_PT
    table = doc.add_table(rows=len(rows), cols=width)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_borders(table, "single")
    numeric = numeric_columns(rows, data.header_rows)
    for r, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
        header = r < data.header_rows
        bold = header or is_emphasized_row(values)
        for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            centered = header or numeric[c] or is_number_cell(value) or value == "---"
            align = WD_ALIGN_PARAGRAPH.CENTER if centered else WD_ALIGN_PARAGRAPH.LEFT
            write_cell(cell, value, size, align, bold)
    set_column_widths(table, column_widths(rows, data.header_rows, TEXT_WIDTH))
    if data.header_rows == 2:
        merge_header_cells(table, rows[:2])
    if data.repeated_header:
        for row in table.rows[: data.header_rows]:
            mark_repeat_header(row)
    return table


def add_layout_table(doc: DocxDocument, layout: Layout) -> DocxTable:
    """A borderless two-column table holding the header block or the signature block."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_borders(table, "nil")
    left_width = int(TEXT_WIDTH * (0.4 if layout.kind == "header" else 0.5))
    set_column_widths(table, [left_width, TEXT_WIDTH - left_width])
    left, right = table.rows[0].cells
    if layout.kind == "header":
        fill_header_cell(left, layout.left)
        fill_header_cell(right, layout.right)
    else:
        fill_recipients_cell(left, layout.left)
        fill_signer_cell(right, layout.right)
    if layout.keep_together:
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return table


def _cell_paragraph(cell: Any, first: list[bool]) -> DocxParagraph:
    """The cell's own first paragraph the first time, a new one after that."""
    if first[0]:
        first[0] = False
        return cell.paragraphs[0]
    return cell.add_paragraph()


def fill_header_cell(cell: Any, paras: Sequence[ParaLike]) -> None:
    first = [True]
    for para in paras:
        for spans in para.span_lines():
            text = "".join(s.text for s in spans)
            paragraph = _cell_paragraph(cell, first)
            format_paragraph(paragraph, WD_ALIGN_PARAGRAPH.CENTER)
            if is_upper_text(text) or text.startswith("Độc lập"):
                add_spans(paragraph, spans, HEADER_PT, bold=True)
            elif is_place_date(para):
                format_paragraph(paragraph, WD_ALIGN_PARAGRAPH.CENTER, before=6)
                add_spans(paragraph, spans, BODY_PT, italic=True)
            elif text.startswith("Số:"):
                format_paragraph(paragraph, WD_ALIGN_PARAGRAPH.CENTER, before=6)
                add_spans(paragraph, spans, HEADER_PT)
            else:
                add_spans(paragraph, spans, TABLE_PT)


def fill_recipients_cell(cell: Any, paras: Sequence[ParaLike]) -> None:
    first = [True]
    for para in paras:
        for spans in para.span_lines():
            paragraph = _cell_paragraph(cell, first)
            format_paragraph(paragraph, WD_ALIGN_PARAGRAPH.LEFT)
            if para.text.startswith("Nơi nhận"):
                add_spans(paragraph, spans, TABLE_PT, bold=True, italic=True)
            else:
                add_spans(paragraph, spans, SMALL_PT)


def fill_signer_cell(cell: Any, paras: Sequence[ParaLike]) -> None:
    first = [True]
    for i, para in enumerate(paras):
        is_name = i == len(paras) - 1 and not is_upper_text(para.text)
        if is_name:
            for _ in range(3):  # room for the signature
                _cell_paragraph(cell, first)
        for spans in para.span_lines():
            paragraph = _cell_paragraph(cell, first)
            format_paragraph(paragraph, WD_ALIGN_PARAGRAPH.CENTER)
            add_spans(paragraph, spans, BODY_PT, bold=True)


# --- assembling -----------------------------------------------------------------------------


def render(
    items: Sequence[Item], title: str, *, author: str, created: datetime, comments: str
) -> DocxDocument:
    """A document of the items in order (two tables in a row get an empty paragraph between)."""
    doc = new_document(title, author=author, created=created, comments=comments)
    previous: Item | None = None
    for item in items:
        if not isinstance(item, Styled | PageBreak) and not isinstance(
            previous, Styled | PageBreak | None
        ):
            doc.add_paragraph()  # Word keeps two tables apart only with a paragraph between
        if isinstance(item, Layout):
            add_layout_table(doc, item)
        elif isinstance(item, PageBreak):
            doc.add_page_break()
        elif isinstance(item, Styled):
            add_styled(doc, item)
        else:
            add_data_table(doc, item)
        previous = item
    return doc


def save_deterministic(
    doc: DocxDocument, path: Path, *, zip_time: tuple[int, int, int, int, int, int]
) -> None:
    """Save with fixed ZIP entry timestamps so that reruns give identical bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    buffer.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=zip_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
