"""DOCX reports: the body walked in reading order, each table's real grid rebuilt.

python-docx opens the file; the body's ``w:p`` and ``w:tbl`` elements are read in order
(content controls are descended into). Merged cells are rebuilt from ``w:gridSpan`` and
``w:vMerge``; nested tables become grids of their own after their parent. The result feeds the
format-independent interpreter (:mod:`idx766.interpret`).
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from idx766.errors import CorruptFileError
from idx766.interpret import interpret
from idx766.interpret.blocks import Block, Grid, Paragraph
from idx766.model import Records
from idx766.parsers import sniff
from idx766.parsers.base import ParseOptions, Probe
from idx766.parsers.ole import refuse_ole
from idx766.parsers.zipguard import check_zip

__all__ = ["DocxReportParser", "read_blocks"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NO_BORDER = {"nil", "none"}


def _attr(el: Any, name: str) -> str | None:
    value = el.get(f"{_W}{name}")
    return None if value is None else str(value)


def _paragraph_text(p: Any) -> str:
    parts: list[str] = []
    for node in p.iter():
        tag = node.tag
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)


def _is_bold(p: Any) -> bool:
    runs = [r for r in p.iter(f"{_W}r") if "".join(t.text or "" for t in r.iter(f"{_W}t")).strip()]
    if not runs:
        return False
    for r in runs:
        b = r.find(f"{_W}rPr/{_W}b")
        if b is None or _attr(b, "val") in ("0", "false"):
            return False
    return True


def _cell_text(tc: Any) -> str:
    lines = [_paragraph_text(p) for p in tc.findall(f"{_W}p")]
    return "\n".join(line for line in lines).strip()


def _ruled(tbl: Any) -> bool:
    for borders in (*tbl.iter(f"{_W}tblBorders"), *tbl.iter(f"{_W}tcBorders")):
        for edge in borders:
            if (_attr(edge, "val") or "nil") not in _NO_BORDER:
                return True
    return False


class _TableReader:
    """Rebuilds one ``w:tbl`` element's grid, collecting nested tables on the way."""

    def __init__(self, tbl: Any) -> None:
        self.tbl = tbl
        self.nested: list[Any] = []

    def grid(self) -> tuple[list[list[str | None]], int]:
        rows: list[list[str | None]] = []
        header_rows = 0
        counting_header = True
        for tr in self.tbl.findall(f"{_W}tr"):
            row: list[str | None] = []
            trpr = tr.find(f"{_W}trPr")
            before = trpr.find(f"{_W}gridBefore") if trpr is not None else None
            row.extend([""] * int(_attr(before, "val") or 0) if before is not None else [])
            is_header = trpr is not None and trpr.find(f"{_W}tblHeader") is not None
            if counting_header and is_header:
                header_rows += 1
            else:
                counting_header = False
            for tc in tr.findall(f"{_W}tc"):
                self.nested.extend(tc.findall(f".//{_W}tbl"))
                tcpr = tc.find(f"{_W}tcPr")
                span_el = tcpr.find(f"{_W}gridSpan") if tcpr is not None else None
                span = int(_attr(span_el, "val") or 1) if span_el is not None else 1
                vmerge = tcpr.find(f"{_W}vMerge") if tcpr is not None else None
                continued = vmerge is not None and _attr(vmerge, "val") in (None, "continue")
                row.append(None if continued else _cell_text(tc))
                row.extend([None] * (span - 1))
            rows.append(row)
        width = max((len(r) for r in rows), default=0)
        for r in rows:
            r.extend([""] * (width - len(r)))
        return rows, header_rows


def _body_elements(parent: Any) -> Iterator[Any]:
    for child in parent:
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _body_elements(content)


def read_blocks(path: Path) -> list[Block]:
    """Paragraphs and table grids of a DOCX file in reading order."""
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    try:
        document = docx.Document(str(path))
    except LxmlError as exc:
        raise CorruptFileError(path, f"damaged XML in the DOCX: {exc}") from exc
    except zlib.error as exc:
        raise CorruptFileError(path, f"a damaged part in the DOCX: {exc}") from exc
    except (AttributeError, TypeError) as exc:
        # python-docx meets parts whose XML is well-formed but not what it expects (a damaged
        # namespace turns a relationship list into a plain element)
        raise CorruptFileError(path, f"a DOCX part is not what it should be: {exc}") from exc
    except PackageNotFoundError as exc:
        raise CorruptFileError(path, "not a DOCX file (not a zip package)") from exc
    except zipfile.BadZipFile as exc:
        raise CorruptFileError(path, f"not a readable DOCX (zip): {exc}") from exc
    except KeyError as exc:
        raise CorruptFileError(path, f"DOCX part missing: {exc}") from exc
    except ValueError as exc:
        raise CorruptFileError(path, f"not a DOCX document: {exc}") from exc
    blocks: list[Block] = []
    table_index = 0

    def add_table(tbl: Any, nested_in: int | None) -> None:
        nonlocal table_index
        reader = _TableReader(tbl)
        rows, header_rows = reader.grid()
        index = table_index
        table_index += 1
        blocks.append(
            Grid(
                rows=rows,
                index=index,
                header_rows=header_rows,
                ruled=_ruled(tbl),
                nested_in=nested_in,
            )
        )
        for inner in reader.nested:
            if inner.getparent() is not None and _nearest_tbl(inner) is tbl:
                add_table(inner, index)

    for el in _body_elements(document.element.body):
        if el.tag == f"{_W}p":
            blocks.append(Paragraph(text=_paragraph_text(el), bold=_is_bold(el)))
        else:
            add_table(el, None)
    return blocks


def _nearest_tbl(el: Any) -> Any:
    node = el.getparent()
    while node is not None and node.tag != f"{_W}tbl":
        node = node.getparent()
    return node


class DocxReportParser:
    """Official reports in DOCX (weekly, commendation, monthly, directive, news)."""

    name = "docx-report"
    description = "Official 766 reports in DOCX (Word 2007+)"
    suffixes = (".docx",)

    def sniff(self, probe: Probe) -> float:
        """1.0 for a zip with ``word/document.xml``; a little for a ``.docx`` name alone."""
        return sniff.docx(probe)

    def parse(self, path: Path, options: ParseOptions) -> Records:
        """Read the file's blocks and interpret them."""
        with path.open("rb") as fh:
            head = fh.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            refuse_ole(path, "DOCX")
        check_zip(path, options)
        blocks = read_blocks(path)
        return interpret(blocks, source=path, parser=self.name, options=options)
