"""The page around the tables: page furniture, borderless column blocks, paragraphs.

* Page numbers in the top or bottom margin are page furniture and are dropped.
* Footnotes at the foot of a page (:func:`page_footnotes`) and a running header at its top
  (:func:`running_header`) stand between the two pieces of a table a page break split; the
  reader looks through them to join the pieces.
* Vietnamese official documents set their header block (issuing body | national motto, number |
  place and date) and signature block (recipients | signer) as borderless two-column tables.
  In a PDF they are lines with a wide gutter; :func:`find_regions` finds them so they become a
  layout grid (as the DOCX reader's borderless tables do) instead of garbled running text.
* Wrapped lines are joined back into paragraphs: a line continues the paragraph above when it
  follows at the normal line distance, in the same size, not indented further, and the first
  word of it would not have fit on the line above (so the line above was full).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from attrs import define, frozen

from idx766.parsers.pdf_text import Line, Word, join_lines, superscript

__all__ = [
    "Column",
    "ColumnBlock",
    "continue_block",
    "continues_paragraph",
    "drop_furniture",
    "find_regions",
    "page_footnotes",
    "running_header",
]

SEGMENT_GAP = 2.0
"""A horizontal gap wider than this many font sizes between two words separates columns."""
MIN_GUTTER = 1.0
"""A gutter narrower than this many font sizes does not separate columns."""
REGION_LINE_GAP = 1.5
"""A line further than this many font sizes below a column block does not belong to it."""
PARAGRAPH_LINE_GAP = 0.45
"""Lines of a paragraph are at most this many font sizes apart (baseline leading aside)."""
SIZE_TOLERANCE = 0.6
FURNITURE_BAND = 0.1
"""Page numbers sit in the top or bottom tenth of the page."""

_FOOTNOTE_MARK = re.compile(r"^(?:\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2}|\*{1,3})")
_PAGE_NUMBER = re.compile(
    r"^(?:trang|page)?\s*[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:/|of|trên)\s*\d{1,4})?$",
    re.IGNORECASE,
)


@frozen
class Column:
    """The text column of the document: its left and right edges."""

    left: float
    right: float

    @property
    def width(self) -> float:
        return self.right - self.left


def drop_furniture(lines: Sequence[Line], page_height: float) -> list[Line]:
    """The lines without a page number at the top (next to a running header or not) or as the
    last line at the bottom of the page (a footnote's number standing on its own line above
    its text is not one)."""
    top = page_height * FURNITURE_BAND
    out = [ln for ln in lines if not (ln.bottom < top and _PAGE_NUMBER.match(ln.text))]
    if (
        out
        and out[-1].top > page_height * (1 - FURNITURE_BAND)
        and _PAGE_NUMBER.match(out[-1].text)
    ):
        out.pop()
    return out


def running_header(lines: Sequence[Line], page_height: float) -> bool:
    """True when ``lines`` (those above a page's first table) all stand in the top margin: a
    running header ("Báo cáo tuần 21/2026", a page number a producer set as text), or none."""
    return all(line.bottom < page_height * FURNITURE_BAND for line in lines)


def _mark(line: Line) -> str | None:
    """The footnote mark ``line`` starts with, if it does: a superscript digit or an asterisk,
    or a digit that stands alone on its line or is set in another size than the text after it
    (a footnote number as LibreOffice and Word print it)."""
    first = line.words[0]
    found = _FOOTNOTE_MARK.match(first.text)
    if found is None:
        return None
    mark = found.group()
    if not mark[0].isascii() or mark[0] == "*":
        return mark
    if mark != first.text:
        return None  # "15ngày", "2026": a number, not a mark
    if len(line.words) == 1:
        return mark
    after = line.words[1]
    raised = first.bottom < after.bottom - 0.25 * after.size
    return mark if raised or abs(first.size - after.size) > SIZE_TOLERANCE else None


def page_footnotes(lines: Sequence[Line], text_size: float) -> list[str] | None:
    """The footnotes, if ``lines`` (what a page ends with under a table whose text is set in
    ``text_size``) are footnotes and nothing else: each starts with a mark, its text set no
    larger than the table's. Each is given as printed, a number mark in superscript and a space
    after it ("¹ Thời hạn trả lời PAKN …"); None when the lines are anything else."""
    notes: list[tuple[str, list[Line]]] = []
    for line in lines:
        mark = _mark(line)
        if mark is not None:
            notes.append((mark, [line]))
        elif notes:
            notes[-1][1].append(line)
        else:
            return None
    out: list[str] = []
    for mark, body in notes:
        whole = join_lines(body)
        text = whole[len(mark) :].strip()
        words = [w for line in body for w in line.words][1:]
        if not text or any(w.size > text_size + SIZE_TOLERANCE for w in words):
            return None
        out.append(f"{superscript(mark)} {text}" if mark.isdecimal() else whole)
    return out or None


def _segments(line: Line) -> list[list[Word]]:
    segs: list[list[Word]] = [[line.words[0]]]
    for prev, word in pairwise(line.words):
        if word.x0 - prev.x1 > SEGMENT_GAP * max(prev.size, word.size):
            segs.append([])
        segs[-1].append(word)
    return segs


def _free(g0: float, g1: float, words: Sequence[Word]) -> tuple[float, float]:
    """The widest part of the interval (g0, g1) that no word of ``words`` covers."""
    spans = sorted((max(w.x0, g0), min(w.x1, g1)) for w in words if w.x1 > g0 and w.x0 < g1)
    best = (g0, g0)
    cursor = g0
    for a, b in spans:
        if a - cursor > best[1] - best[0]:
            best = (cursor, a)
        cursor = max(cursor, b)
    if g1 - cursor > best[1] - best[0]:
        best = (cursor, g1)
    return best


def _narrow(gutters: list[tuple[float, float]], line: Line) -> list[tuple[float, float]] | None:
    """The gutters ``line`` leaves open (each shrunk to its widest free part); None if one
    closes."""
    out: list[tuple[float, float]] = []
    for g0, g1 in gutters:
        free = _free(g0, g1, line.words)
        if free[1] - free[0] < MIN_GUTTER * line.size:
            return None
        out.append(free)
    return out


def _side(gutters: list[tuple[float, float]], word: Word) -> int:
    return sum(1 for g0, _ in gutters if (word.x0 + word.x1) / 2 > g0)


@define
class ColumnBlock:
    """Lines set in borderless columns (a header or signature block), grown from a seed line.

    ``gutters`` are the blank strips between the columns; ``sizes`` the largest font size seen
    in each column. ``lines`` are in reading order (they may come from two pages).
    """

    lines: list[Line]
    gutters: list[tuple[float, float]]
    sizes: dict[int, float]

    @property
    def top(self) -> float:
        return min(line.top for line in self.lines)

    @property
    def bottom(self) -> float:
        return max(line.bottom for line in self.lines)

    def _larger(self, side: int, size: float) -> bool:
        return size > self.sizes.get(side, max(self.sizes.values())) + SIZE_TOLERANCE

    def take(self, line: Line, distance: float | None, *, before: bool = False) -> bool:
        """Add ``line`` (``distance`` away vertically, None across a page break) if it fits.

        A line in one column only must not be set larger than that column's text so far (it
        would be body text next to the block); across a page break no word may be.
        """
        if distance is not None and distance > REGION_LINE_GAP * line.size:
            return False
        narrowed = _narrow(self.gutters, line)
        if narrowed is None:
            return False
        sides = {_side(narrowed, w) for w in line.words}
        if len(sides) == 1 and self._larger(next(iter(sides)), line.size):
            return False
        if distance is None and any(self._larger(_side(narrowed, w), w.size) for w in line.words):
            return False
        self.gutters = narrowed
        for w in line.words:
            side = _side(self.gutters, w)
            self.sizes[side] = max(self.sizes.get(side, 0.0), w.size)
        if before:
            self.lines.insert(0, line)
        else:
            self.lines.append(line)
        return True

    def cells(self) -> list[str]:
        """Each column's text, one text line per line."""
        columns: list[list[str]] = [[] for _ in range(len(self.gutters) + 1)]
        for line in self.lines:
            split: list[list[str]] = [[] for _ in columns]
            for w in line.words:
                split[_side(self.gutters, w)].append(w.text)
            for i, words in enumerate(split):
                if words:
                    columns[i].append(" ".join(words))
        return ["\n".join(col) for col in columns]


def _seed(line: Line) -> ColumnBlock | None:
    segs = _segments(line)
    if len(segs) < 2:
        return None
    gutters = [(a[-1].x1, b[0].x0) for a, b in pairwise(segs)]
    sizes = {i: max(w.size for w in seg) for i, seg in enumerate(segs)}
    return ColumnBlock(lines=[line], gutters=gutters, sizes=sizes)


def find_regions(lines: Sequence[Line]) -> list[Line | ColumnBlock]:
    """The page's lines with each borderless column block gathered into a :class:`ColumnBlock`.

    A block starts at a line with a wide gap (a gutter) and takes the lines below and then above
    it that leave the gutter open; a line in one column only must not be set larger than that
    column's text already is. A block needs two lines at least.
    """
    out: list[Line | ColumnBlock] = []
    i = 0
    while i < len(lines):
        block = _seed(lines[i])
        if block is None:
            out.append(lines[i])
            i += 1
            continue
        end = i + 1
        while end < len(lines) and block.take(lines[end], lines[end].top - block.bottom):
            end += 1
        while out and isinstance(out[-1], Line):
            previous = out[-1]
            if not block.take(previous, block.top - previous.bottom, before=True):
                break
            out.pop()
        if len(block.lines) < 2:
            out.extend(block.lines)
        else:
            out.append(block)
        i = end
    return out


def continue_block(block: ColumnBlock, lines: Sequence[Line], limit: float) -> int:
    """How many of a page's first ``lines`` (above ``limit``) continue ``block`` from the page
    before (a signature block running over the page break); they are added to it."""
    taken = 0
    for line in lines:
        if line.top >= limit:
            break
        distance = None if taken == 0 else line.top - lines[taken - 1].bottom
        if not block.take(line, distance):
            break
        taken += 1
    return taken


def _centered(line: Line, column: Column) -> bool:
    margins = (line.x0 - column.left) - (column.right - line.x1)
    return abs(margins) <= max(2.0, 0.25 * line.size)


def continues_paragraph(
    prev: Line, nxt: Line, column: Column, *, same_page: bool, first: bool
) -> bool:
    """True when ``nxt`` is the wrapped continuation of the paragraph whose last line is ``prev``.

    ``first`` says ``prev`` is the paragraph's first line: a first line indented from the
    column's edge is a first-line indent, and the paragraph's next line starts further left.
    """
    if abs(prev.size - nxt.size) > SIZE_TOLERANCE:
        return False
    if same_page:
        gap = nxt.top - prev.bottom
        if gap > PARAGRAPH_LINE_GAP * prev.size or gap < -0.5 * prev.size:
            return False
    word = nxt.words[0]
    need = 0.25 * prev.size + (word.x1 - word.x0)
    tolerance = 0.3 * prev.size
    if nxt.x0 <= prev.x0 + tolerance:
        indented = prev.x0 > column.left + tolerance and nxt.x0 > prev.x0 - tolerance
        if first and indented and not _centered(prev, column):
            return False  # a new paragraph with the same first-line indent
        return prev.x1 + need > column.right - tolerance
    if _centered(prev, column) and _centered(nxt, column):
        return prev.width + need > column.width - tolerance
    return False
