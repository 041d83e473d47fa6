"""Workbooks (XLSX, XLS, ODS) as sheets of typed cells, through python-calamine.

A number cell stays a number; a date cell a date. What calamine reads as an empty cell can be a
formula whose value the file does not hold (saved by a tool that does not compute formulas) or
an error (``#DIV/0!``, ``#N/A``): in an XLSX file those cells are found in the sheet's XML and
each becomes a finding naming the cell, so that a figure is never lost in silence.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from attrs import frozen

from idx766.errors import CorruptFileError, EncryptedFileError
from idx766.model import Finding, Provenance, Severity
from idx766.parsers.base import ParseOptions
from idx766.parsers.ole import refuse_ole
from idx766.parsers.zipguard import check_zip

__all__ = ["OLE", "Cell", "Sheet", "read_workbook"]

Cell = str | float | int | bool | date | time | timedelta | None
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@frozen(kw_only=True)
class Sheet:
    """A sheet's name and rows of cells (row 1 first), and what was found wrong in its cells."""

    name: str | None
    rows: Sequence[Sequence[Cell]]
    findings: tuple[Finding, ...] = ()


def _sheet_members(zf: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name and the zip member of its XML."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    workbook = etree.fromstring(zf.read("xl/workbook.xml"), parser)
    rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"), parser)
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{_PKG_REL}Relationship")}
    members: dict[str, str] = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"))
        if not target:
            continue
        member = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        members[sheet.get("name") or ""] = posixpath.normpath(member)
    return members


def _unvalued(zf: zipfile.ZipFile, member: str) -> Iterator[tuple[str, str]]:
    """The cells of a sheet's XML that hold an error or a formula without its value."""
    from lxml import etree

    with zf.open(member) as fh:
        for _, cell in etree.iterparse(
            fh, events=("end",), tag=f"{_MAIN}c", resolve_entities=False, no_network=True
        ):
            ref = cell.get("r") or "?"
            value = cell.find(f"{_MAIN}v")
            formula = cell.find(f"{_MAIN}f")
            text = value.text if value is not None else None
            if cell.get("t") == "e":
                yield ref, f"holds the error {text or '?'}"
            elif formula is not None and not text:
                yield ref, f"holds a formula (={formula.text or '…'}) whose value the file lacks"
            cell.clear()


def _cell_findings(path: Path, names: list[str]) -> dict[str, tuple[Finding, ...]]:
    """Findings for the error cells and the formulas without values of each sheet."""
    out: dict[str, tuple[Finding, ...]] = {}
    with zipfile.ZipFile(path) as zf:
        members = _sheet_members(zf)
        for name in names:
            member = members.get(name)
            if member is None or member not in zf.namelist():
                continue
            findings = []
            for ref, what in _unvalued(zf, member):
                digits = "".join(ch for ch in ref if ch.isdigit())
                findings.append(
                    Finding(
                        check="unread-cell",
                        severity=Severity.WARNING,
                        message=f"cell {ref} of sheet {name!r} {what}: read as empty",
                        location=Provenance(
                            file=str(path),
                            sheet=name,
                            row=int(digits) if digits else None,
                        ),
                    )
                )
            out[name] = tuple(findings)
    return out


def read_workbook(path: Path, options: ParseOptions) -> list[Sheet]:
    """Every sheet of a workbook (raises for encrypted, old-format and unreadable files)."""
    import python_calamine as calamine

    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(OLE) and path.suffix.lower() in (".xlsx", ".xlsm"):
        refuse_ole(path, "workbook")
    if head.startswith(b"PK"):
        check_zip(path, options)
    try:
        workbook = calamine.CalamineWorkbook.from_path(str(path))
        sheets: list[tuple[str, list[list[Any]]]] = []
        for name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets.append((name, [list(r) for r in rows]))
    except calamine.PasswordError as exc:
        raise EncryptedFileError(path, f"the workbook is password-protected: {exc}") from exc
    except calamine.CalamineError as exc:
        raise CorruptFileError(path, f"not a readable workbook: {exc}") from exc
    notes: dict[str, tuple[Finding, ...]] = {}
    if head.startswith(b"PK") and path.suffix.lower() in (".xlsx", ".xlsm"):
        notes = _read_notes(path, [name for name, _ in sheets])
    return [Sheet(name=name, rows=rows, findings=notes.get(name, ())) for name, rows in sheets]


def _read_notes(path: Path, names: list[str]) -> dict[str, tuple[Finding, ...]]:
    from lxml.etree import LxmlError

    try:
        return _cell_findings(path, names)
    except (KeyError, LxmlError, zipfile.BadZipFile, OSError) as exc:
        raise CorruptFileError(path, f"a damaged sheet in the workbook: {exc}") from exc
