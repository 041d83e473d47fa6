"""Makers of bad inputs for the tests: each written from the format's specification, never by
idx766's own code.

* :func:`damage_pdf_stream` flips bytes inside a page's compressed content stream (found with
  pdfminer, an independent reader) and keeps the file's structure intact;
* :func:`ole_file` writes a minimal OLE compound file (MS-CFB: a header, one FAT sector, one
  directory sector) with the given stream names: an old ``.xls`` has a ``Workbook`` stream, an
  encrypted Office file ``EncryptionInfo`` and ``EncryptedPackage``;
* :func:`self_referencing_pdf` writes a tiny valid PDF whose page tree, form XObject or number
  tree refers to itself;
* :func:`portal_json` edits one value of a real portal file as text (``1e400``, a lone
  surrogate escape), as a hostile or broken exporter would.
"""

from __future__ import annotations

import importlib.util
import re
import struct
from pathlib import Path

HERE = Path(__file__).parent
MAKE_HOSTILE = HERE / "fixtures" / "make_hostile.py"
AGENCIES = HERE / "portal" / "Crawler-766" / "data" / "gia_lai" / "agencies_GiaLai_02102026.json"


def damage_pdf_stream(source: Path, target: Path, page: int, *, at: float = 0.5) -> None:
    """Copy ``source`` to ``target`` with 40 bytes flipped at ``at`` (a fraction) of the first
    content stream of ``page`` (1-based); ``at=1`` flips its last 4 bytes (the checksum)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    data = bytearray(source.read_bytes())
    with source.open("rb") as fh:
        document = PDFDocument(PDFParser(fh))
        for number, page_obj in enumerate(PDFPage.create_pages(document), start=1):
            if number == page:
                objid = page_obj.contents[0].objid
                break
        else:
            raise ValueError(f"{source} has no page {page}")
    found = re.search(rb"(?<![0-9])%d 0 obj" % objid, bytes(data))
    assert found is not None
    start = data.index(b"stream", found.end()) + len(b"stream")
    while data[start] in b"\r\n":
        start += 1
    end = data.index(b"endstream", start)
    middle = start + int((end - start) * at)
    flipped = range(end - 4, end) if at >= 1 else range(middle, min(middle + 40, end - 8))
    for i in flipped:
        data[i] ^= 0x55
    target.write_bytes(bytes(data))


def ole_file(names: list[str]) -> bytes:
    """A minimal OLE compound file whose directory lists ``names`` (MS-CFB version 3)."""
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 0x2C, 1)  # one FAT sector
    struct.pack_into("<I", header, 0x30, 1)  # the directory starts at sector 1
    struct.pack_into("<III", header, 0x38, 4096, end, 0)
    struct.pack_into("<II", header, 0x44, end, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([free] * 108))  # the FAT is sector 0
    fat = struct.pack("<128I", fat_sector, end, *([free] * 126))
    directory = bytearray()
    for i, name in enumerate(["Root Entry", *names]):
        entry = bytearray(128)
        raw = name.encode("utf-16-le") + b"\0\0"
        entry[: len(raw)] = raw
        struct.pack_into("<HB", entry, 64, len(raw), 5 if i == 0 else 2)
        directory += entry
    directory += bytes(-len(directory) % 512)
    return bytes(header) + fat + bytes(directory)


def _pdf(objects: list[bytes]) -> bytes:
    spec = importlib.util.spec_from_file_location("make_hostile", MAKE_HOSTILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return bytes(module.pdf_of(objects))


def self_referencing_pdf(kind: str) -> bytes:
    """A small PDF that refers to itself: ``form`` (a form XObject drawing itself twice),
    ``labels`` (a page-label number tree whose kids are itself), ``kids`` (a page tree node
    that is its own kid)."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    resources = b""
    content = b"BT /F1 12 Tf 10 10 Td (Tong diem 99,5) Tj ET"
    extra: list[bytes] = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    if kind == "form":
        resources = b" /XObject << /X 6 0 R >>"
        content += b" /X Do"
        form = b"/X Do /X Do"
        extra.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << /X 6 0"
            b" R >> >> /Length %d >>\nstream\n" % len(form) + form + b"\nendstream"
        )
    elif kind == "labels":
        catalog = b"<< /Type /Catalog /Pages 2 0 R /PageLabels 6 0 R >>"
        extra.append(b"<< /Kids [6 0 R 6 0 R] >>")
    elif kind == "kids":
        pages = b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 1 >>"
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >>" + resources + b" >> >>"
    )
    stream = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    return _pdf([catalog, pages, page, stream, *extra])


def portal_json(old: str, new: str, source: Path = AGENCIES) -> str:
    """The text of a real portal file with the first ``old`` replaced by ``new``."""
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1)
