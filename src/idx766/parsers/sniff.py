"""How well each built-in parser fits a file, from its probe alone, with nothing heavy imported.

The registry sniffs every file with these before it imports any parser, and then imports only
the parser that won: a DOCX never loads pdfplumber, a PDF never loads python-docx. Each parser's
own ``sniff`` is the function here.
"""

from __future__ import annotations

import json
import re

from idx766.parsers.base import Probe
from idx766.parsers.ole import OLE_MAGIC

__all__ = ["CSV_SUFFIXES", "docx", "json_head", "pdf", "portal_json", "spreadsheet"]


def docx(probe: Probe) -> float:
    """1.0 for a zip with ``word/document.xml``; a little for a ``.docx`` name alone."""
    members = probe.zip_members or ()
    if "word/document.xml" in members:
        return 1.0
    if "EncryptedPackage" in members or probe.head.startswith(b"\xd0\xcf\x11\xe0"):
        return 0.6 if probe.suffix == ".docx" else 0.0
    return 0.3 if probe.suffix == ".docx" else 0.0


def pdf(probe: Probe) -> float:
    """1.0 for a file with a ``%PDF-`` header; a little for a ``.pdf`` name alone."""
    if probe.head.startswith(b"%PDF-") or b"%PDF-" in probe.head[:1024]:
        return 1.0
    return 0.3 if probe.suffix == ".pdf" else 0.0


def json_head(head: bytes) -> bytes:
    """The first bytes of a file as UTF-8 without a BOM, whatever Unicode encoding the JSON
    uses (for sniffing); bytes that do not decode are dropped."""
    encoding = json.detect_encoding(head)
    if encoding == "utf-8":
        return head.removeprefix(b"\xef\xbb\xbf")
    if encoding == "utf-8-sig":
        return head[3:]
    text = head.decode(encoding, "ignore").removeprefix("\ufeff")
    return text.encode("utf-8", "ignore")


_PORTAL_FIELDS = (
    b"departmentName",
    b"departmentCode",
    b"groupScores",
    b"totalScore",
    b"TONG_SCORE",
    b"CKMB",
)


def portal_json(probe: Probe) -> float:
    """JSON (``{`` or ``[`` first): 0.9 for ``.json``, 1.0 with the portal's field names."""
    head = json_head(probe.head).lstrip()
    if not head.startswith((b"{", b"[")):
        return 0.0
    fields = any(h in head for h in _PORTAL_FIELDS)
    if probe.suffix == ".json":
        return 1.0 if fields else 0.9
    return 0.6 if fields else 0.0


CSV_SUFFIXES = (".csv", ".tsv", ".txt")


def spreadsheet(probe: Probe) -> float:
    """1.0 for a zip with ``xl/workbook.xml``; a CSV whose header names components 0.9."""
    members = probe.zip_members or ()
    if "xl/workbook.xml" in members:
        return 1.0
    if "content.xml" in members and probe.suffix == ".ods":
        return 0.9
    if probe.head.startswith(OLE_MAGIC):
        return {".xls": 0.8, ".xlsx": 0.6, ".xlsm": 0.6}.get(probe.suffix, 0.0)
    if probe.suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        return 0.3
    if probe.suffix in CSV_SUFFIXES:
        from idx766.errors import CorruptFileError
        from idx766.parsers.csv_lines import decode_text, labelled_line

        head = probe.head
        if len(head) == probe.size or b"\n" not in head:
            complete = head
        else:
            complete = head[: head.rindex(b"\n")]
        try:
            text = decode_text(complete, probe.path)
        except CorruptFileError:
            return 0.0
        if any(labelled_line(line) for line in re.split(r"\r\n|\n|\r", text)[:30]):
            return 0.9 if probe.suffix == ".csv" else 0.6
        return 0.2 if probe.suffix == ".csv" else 0.0
    return 0.0
