"""PDF reports: pages read one at a time into paragraphs and table grids for the interpreter.

Before pdfplumber sees a file it is checked: a ``%PDF`` header, an ``%%EOF`` at the end (else it
was truncated), and its page count from PDFium (pypdfium2), which also tells an encrypted file
from a damaged one; a malformed page tree can lie to pdfminer, PDFium counts what a viewer shows.
Then each page is read and closed before the next (memory stays flat):

* glyphs drawn twice (fake bold) are removed (:func:`~idx766.parsers.pdf_text.dedupe_chars`);
* ruled tables are found by pdfplumber from their lines and read cell by cell
  (:mod:`idx766.parsers.pdf_tables`), merged cells ``None``; a table the page break split is
  joined again, its repeated header dropped, even when footnotes at the foot of the page and a
  running header at the top of the next stand between the pieces (the footnotes follow the
  table);
* the other lines become paragraphs, page numbers dropped, and header and signature blocks
  (borderless columns) become layout grids (:mod:`idx766.parsers.pdf_layout`).

The blocks, in reading order across pages, go to :func:`idx766.interpret.interpret`, the same
interpreter as the DOCX reader's. Every string is NFC. A PDF without any text is a scan:
:class:`~idx766.errors.NoTextLayerError` (OCR is not supported).

While pdfminer reads, its warnings are captured and its inflating bounded
(:mod:`idx766.parsers.pdf_guard`): a damaged compressed stream becomes a ``data-loss`` finding
on its page, other warnings a ``pdf-warning`` finding, each counting the records read from the
page and, for a loss, the characters PDFium sees there against those pdfminer could read.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from attrs import define, evolve, field

from idx766.errors import (
    CorruptFileError,
    EncryptedFileError,
    Idx766Error,
    NoTextLayerError,
    TooLargeError,
    raised_by_reader,
)
from idx766.interpret import interpret
from idx766.interpret.blocks import Block, Grid, Paragraph
from idx766.model import Finding, Provenance, Records, Severity
from idx766.parsers import sniff
from idx766.parsers.base import ParseOptions, Probe, check_size
from idx766.parsers.pdf_guard import Note, capturing
from idx766.parsers.pdf_layout import (
    Column,
    ColumnBlock,
    continue_block,
    continues_paragraph,
    drop_furniture,
    find_regions,
    page_footnotes,
    running_header,
)
from idx766.parsers.pdf_tables import RuledTable, continuation, read_table
from idx766.parsers.pdf_text import Char, Line, dedupe_chars, join_lines, lines_of

__all__ = ["PdfReportParser", "count_pages", "read_blocks"]

# The last %%EOF must stand within _EOF_WINDOW bytes of the end, else the file was cut off (a
# cut inside an incremental update leaves an earlier %%EOF further up). Trailing NULs and
# whitespace, which some systems pad a download with, do not count (up to _PADDING_WINDOW).
_EOF_WINDOW = 2048
_PADDING_WINDOW = 65536
_PADDING = b"\x00 \t\r\n\f"
_FPDF_ERR_PASSWORD = 4
_FPDF_ERR_SECURITY = 5
_COLLECT_EVERY = 100
"""Pages between two full garbage collections while reading: pdfminer's content parser refers to
itself, so each page's parser (and the stream it read) is freed only by the cyclic collector,
whose full runs grow rarer as the tables read so far grow."""
_TABLE_SETTINGS: dict[str, Any] = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}

PageItem = Line | ColumnBlock | RuledTable


def check_file(path: Path, options: ParseOptions) -> None:
    """Refuse what is not a whole PDF before any PDF library parses it."""
    size = check_size(path, options.max_file_bytes)
    with path.open("rb") as fh:
        head = fh.read(1024)
        fh.seek(max(0, size - _PADDING_WINDOW))
        tail = fh.read().rstrip(_PADDING)
    if b"%PDF-" not in head:
        raise CorruptFileError(path, "not a PDF (no %PDF- header)")
    if b"%%EOF" not in tail[-_EOF_WINDOW:]:
        raise CorruptFileError(path, "truncated PDF (no %%EOF marker at the end of the file)")


def count_pages(path: Path) -> int:
    """The page count as PDFium sees it; raises for encrypted and unreadable files."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == _FPDF_ERR_PASSWORD:
            raise EncryptedFileError(path, "the PDF is encrypted with a password") from exc
        if code == _FPDF_ERR_SECURITY:
            raise EncryptedFileError(path, "the PDF uses an unsupported security handler") from exc
        raise CorruptFileError(path, f"damaged or truncated PDF ({exc})") from exc
    try:
        return len(document)
    finally:
        document.close()


def _split_page(page: Any, number: int) -> tuple[list[RuledTable], list[Line], int]:
    """A page's ruled tables and the text lines outside them (top to bottom); its glyph count."""
    chars: list[Char] = dedupe_chars(page.chars)
    if not chars:
        return [], [], 0
    deduped = page.filter(lambda _obj: True)
    deduped._objects = {**page.objects, "char": chars}
    found = [t for t in deduped.find_tables(_TABLE_SETTINGS) if t.cells]
    _release(deduped)
    boxes = [tuple(map(float, t.bbox)) for t in found]
    inside: list[list[Char]] = [[] for _ in found]
    outside: list[Char] = []
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        for i, (x0, top, x1, bottom) in enumerate(boxes):
            if x0 <= cx < x1 and top <= cy < bottom:
                inside[i].append(ch)
                break
        else:
            outside.append(ch)
    tables = [read_table(t, inside[i], number) for i, t in enumerate(found)]
    lines = drop_furniture(lines_of(outside), float(page.height))
    return tables, lines, len(chars)


def _top(item: PageItem) -> float:
    return item.top


@define
class _Assembler:
    """Turns pages into blocks in reading order, joining what continues across a page break.

    The last item of a page stays open: a paragraph, a table or a column block the next page
    may continue.
    """

    blocks: list[Block] = field(factory=list)
    columns: dict[int, Column] = field(factory=dict)
    """The text column seen so far on pages of each width (portrait and landscape apart)."""
    open: list[Line] | RuledTable | ColumnBlock | None = None
    open_page: int = 0
    grids: int = 0
    after_table: list[Paragraph] = field(factory=list)
    """Footnotes at the foot of the open table's last page (and a running header above its
    continuation), added after the table when it closes."""

    def _measure(self, width: float, lines: Sequence[Line]) -> Column:
        """The text column of pages this wide: its edges widened by this page's lines."""
        key = round(width)
        column = self.columns.get(key)
        for line in lines:
            if column is None:
                column = Column(line.x0, line.x1)
            elif line.x0 < column.left or line.x1 > column.right:
                column = Column(min(column.left, line.x0), max(column.right, line.x1))
        if column is not None:
            self.columns[key] = column
        return column or Column(0.0, width)

    def _grid(self, rows: Iterable[Sequence[str | None]], **kwargs: Any) -> None:
        self.blocks.append(Grid(rows=rows, index=self.grids, page=self.open_page, **kwargs))
        self.grids += 1

    def _close(self) -> None:
        item, self.open = self.open, None
        if isinstance(item, list):
            text = join_lines(item)
            bold = all(line.bold for line in item)
            self.blocks.append(Paragraph(text=text, page=self.open_page, bold=bold))
        elif isinstance(item, RuledTable):
            pages = item.row_pages if item.last_page != item.page else None
            self._grid(item.rows, header_rows=item.header_rows, ruled=True, row_pages=pages)
            self.blocks.extend(self.after_table)
            self.after_table = []
        elif isinstance(item, ColumnBlock):
            self._grid([item.cells()], ruled=False)

    def _start(self, item: list[Line] | RuledTable | ColumnBlock, page: int) -> None:
        self._close()
        self.open = item
        self.open_page = page

    def _continue_table(
        self, number: int, height: float, tables: Sequence[RuledTable], lines: Sequence[Line]
    ) -> tuple[Sequence[RuledTable], Sequence[Line]]:
        """Join the page's first table to the open table when it continues it (same columns, a
        repeated or no header) and nothing but a running header stands above it; the tables and
        lines left to place."""
        if not isinstance(self.open, RuledTable) or not tables:
            return tables, lines
        first = min(tables, key=_top)
        above = [line for line in lines if line.bottom <= first.top]
        if not running_header(above, height):
            return tables, lines
        joined = continuation(self.open, first)
        if joined is None:
            return tables, lines
        self.open = joined
        if above:
            self.after_table.append(Paragraph(text=join_lines(above), page=number))
        return [t for t in tables if t is not first], [ln for ln in lines if ln.bottom > first.top]

    def _foot_of_table(self, number: int, rest: Sequence[PageItem]) -> bool:
        """True when ``rest``, what the page ends with after the open table, is footnotes only:
        they are kept for after the table, which stays open for the next page."""
        table = self.open
        if not isinstance(table, RuledTable) or table.last_page != number:
            return False
        lines = [item for item in rest if isinstance(item, Line)]
        if len(lines) != len(rest):
            return False
        notes = page_footnotes(lines, table.size)
        if notes is None:
            return False
        self.after_table.extend(Paragraph(text=note, page=number) for note in notes)
        return True

    def add_page(
        self,
        number: int,
        size: tuple[float, float],
        tables: Sequence[RuledTable],
        lines: Sequence[Line],
    ) -> None:
        """Add one page (``size``: its width and height in points): its ruled tables and the
        lines outside them."""
        width, height = size
        column = self._measure(width, lines)
        if isinstance(self.open, ColumnBlock):
            limit = min((t.top for t in tables), default=float("inf"))
            lines = lines[continue_block(self.open, lines, limit) :]
        tables, lines = self._continue_table(number, height, tables, lines)
        items: list[PageItem] = [*tables, *find_regions(lines)]
        items.sort(key=_top)
        for position, item in enumerate(items):
            first_on_page = position == 0
            if isinstance(item, Line):
                if self._foot_of_table(number, items[position:]):
                    break
                current = self.open
                if isinstance(current, list) and continues_paragraph(
                    current[-1],
                    item,
                    column,
                    same_page=not first_on_page,
                    first=len(current) == 1,
                ):
                    current.append(item)
                else:
                    self._start([item], number)
            elif isinstance(item, RuledTable):
                self._start(item, number)
            else:
                self._start(item, number)

    def finish(self) -> list[Block]:
        self._close()
        return self.blocks


def _pages(pdf: Any) -> Iterator[tuple[int, Any]]:
    """The pages one at a time, each closed and forgotten after use.

    ``pdf.pages`` would build every page object up front; here each is made from pdfminer's page
    tree walk when its turn comes, and afterwards it is emptied and its content streams and
    dictionary (kept decoded in pdfminer's object cache) are dropped, so memory does not grow
    with the page count (``benchmarks/bench_pdf.py`` measures it).
    """
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    doctop = 0.0
    for number, page_obj in enumerate(PDFPage.create_pages(pdf.doc), start=1):
        page = Page(pdf, page_obj, page_number=number, initial_doctop=doctop)
        try:
            yield number, page
        finally:
            doctop += float(page.height)
            page.close()
            _release(page)
            _forget_contents(pdf.doc, page_obj)
            if number % _COLLECT_EVERY == 0:
                gc.collect()


def _release(page: Any) -> None:
    """Empty a pdfplumber page once read: its caches point back at it (per-page ``lru_cache``
    wrappers of its own methods), so without this its glyphs would wait for the cyclic garbage
    collector, which runs less and less often as the tables read so far grow."""
    vars(page).clear()


def _forget_contents(doc: Any, page_obj: Any) -> None:
    """Drop a read page's dictionary and content streams from pdfminer's object cache."""
    cache = getattr(doc, "_cached_objs", None)
    if not isinstance(cache, dict):
        return
    for stream in getattr(page_obj, "contents", None) or ():
        objid = getattr(stream, "objid", None)
        if objid is not None:
            cache.pop(objid, None)
    page_obj.contents = []
    cache.pop(getattr(page_obj, "pageid", None), None)


def read_blocks(
    path: Path, options: ParseOptions | None = None, notes: list[Note] | None = None
) -> list[Block]:
    """Paragraphs and table grids of a PDF file in reading order (checks and limits applied).

    What pdfminer reported while reading (damaged streams, warnings) is added to ``notes``.
    """
    options = options or ParseOptions()
    with capturing(path, options) as capture:
        blocks, glyphs = _read(path, options, capture)
    if capture.too_large:
        raise TooLargeError(path, capture.too_large)
    if notes is not None:
        notes.extend(capture.notes)
    if glyphs[1] == 0:
        raise NoTextLayerError(
            path, f"no text layer on any of its {glyphs[0]} pages (a scan?); OCR is not supported"
        )
    return blocks


def _read(path: Path, options: ParseOptions, capture: Any) -> tuple[list[Block], tuple[int, int]]:
    """The blocks, and (pages, glyphs) read."""
    import pdfplumber

    check_file(path, options)
    pages = count_pages(path)
    if pages > options.max_pages:
        raise TooLargeError(path, f"{pages} pages is over the limit of {options.max_pages} pages")
    if pages == 0:
        raise CorruptFileError(path, "the PDF has no pages")
    assembler = _Assembler()
    glyphs = 0
    number = read = 0
    try:
        pdf = pdfplumber.open(path)
        try:
            for number, page in _pages(pdf):
                if number > pages:
                    break  # a page PDFium does not count (an orphan found by pdfminer's fallback)
                capture.page = number
                tables, lines, count = _split_page(page, number)
                glyphs += count
                read = number
                size = (float(page.width), float(page.height))
                assembler.add_page(number, size, tables, lines)
        finally:
            pdf.stream.close()  # not pdf.close(): it would build every page again to close it
    except (Idx766Error, MemoryError):
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged input
        if capture.too_large:
            raise TooLargeError(path, capture.too_large) from exc
        if not raised_by_reader(exc):
            raise  # idx766's own code failed: a bug, not a damaged file
        where = f"page {number}: " if number else ""
        kind = type(exc).__name__
        if "Password" in kind or "Encrypt" in kind:
            raise EncryptedFileError(path, f"{where}{kind}: {exc}") from exc
        raise CorruptFileError(path, f"{where}unreadable PDF ({kind}: {exc})") from exc
    if read < pages:
        raise CorruptFileError(
            path, f"damaged page tree: {read} of the {pages} pages PDFium counts could be read"
        )
    return assembler.finish(), (pages, glyphs)


class PdfReportParser:
    """Official reports in PDF (weekly, commendation, monthly, directive, news)."""

    name = "pdf-report"
    description = "Official 766 reports in PDF (text layer; ruled and borderless tables)"
    suffixes = (".pdf",)

    def sniff(self, probe: Probe) -> float:
        """1.0 for a file with a ``%PDF-`` header; a little for a ``.pdf`` name alone."""
        return sniff.pdf(probe)

    def parse(self, path: Path, options: ParseOptions) -> Records:
        """Read the file's blocks and interpret them; what pdfminer reported becomes findings."""
        notes: list[Note] = []
        blocks = read_blocks(path, options, notes)
        records = interpret(blocks, source=path, parser=self.name, options=options)
        if not notes:
            return records
        return evolve(
            records, findings=records.findings + tuple(note_findings(path, notes, records))
        )


def _page_of(record: Any) -> int | None:
    source = getattr(record, "source", None)
    if source is None:
        sources = getattr(record, "sources", None) or ()
        source = sources[0] if sources else None
    return getattr(source, "page", None)


def _pdfium_chars(path: Path, pages: Iterable[int]) -> dict[int, int]:
    """The characters PDFium sees on some pages (it reads damaged streams its own way)."""
    import pypdfium2 as pdfium

    seen: dict[int, int] = {}
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return seen
    try:
        for number in pages:
            if 1 <= number <= len(document):
                page = document[number - 1]
                text = page.get_textpage()
                seen[number] = text.count_chars()
                text.close()
                page.close()
    finally:
        document.close()
    return seen


def note_findings(path: Path, notes: Sequence[Note], records: Records) -> list[Finding]:
    """One finding per page that pdfminer complained about: ``data-loss`` when a stream of it
    was damaged, else ``pdf-warning``; each counts the records read from the page."""
    per_page: dict[int, int] = Counter()
    for kind in ("scores", "changes", "overdue", "pakn", "metrics", "targets"):
        for record in getattr(records, kind):
            page = _page_of(record)
            if page is not None:
                per_page[page] += 1
    by_page: dict[int, list[Note]] = {}
    for note in notes:
        by_page.setdefault(note.page, []).append(note)
    lossy = [page for page, items in by_page.items() if any(n.loss for n in items)]
    pdfium = _pdfium_chars(path, lossy) if lossy else {}
    findings = []
    for page in sorted(by_page):
        items = by_page[page]
        counted = Counter(n.message for n in items)
        said = "; ".join(f"{m} (x{c})" if c > 1 else m for m, c in counted.most_common(5))
        if len(counted) > 5:
            said += f"; and {len(counted) - 5} other warnings"
        where = f"page {page}" if page else "the file's structure"
        found = f"{per_page.get(page, 0)} records were read from this page" if page else ""
        loss = any(n.loss for n in items)
        if loss and page in pdfium:
            found += f"; PDFium sees {pdfium[page]} characters on it"
        findings.append(
            Finding(
                check="data-loss" if loss else "pdf-warning",
                severity=Severity.ERROR if loss else Severity.WARNING,
                message=f"{'data loss on ' if loss else 'pdfminer warned on '}{where}: {said}"
                + (f"; {found}" if found else ""),
                location=Provenance(file=str(path), page=page or None),
            )
        )
    return findings
