"""One table interpreter for every format: a random score, change or overdue table written as
DOCX, XLSX and CSV (and, for a sample, PDF) gives the same records from each, and the records
say what the table says; the STT of a full ranking is its rank in every format (issue 15).

The tables are written by tests/table_render.py; expectations are the drawn figures. A short
run is part of the test suite; ``IDX766_FORMAT_EXAMPLES=300 pytest -m formats
tests/test_formats_agree.py`` runs a long one (``IDX766_FORMAT_PDF_EXAMPLES`` sets the number of
PDF samples, three tables each, converted by LibreOffice in one call).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve
from hypothesis import given, settings
from hypothesis import strategies as st

import idx766
from idx766.model import Records
from idx766.text import name_key
from strategies import SYLLABLES
from table_render import Doc, can_make_pdf, to_pdfs, write_csv, write_docx, write_xlsx

EXAMPLES = int(os.environ.get("IDX766_FORMAT_EXAMPLES", "12"))
PDF_EXAMPLES = int(os.environ.get("IDX766_FORMAT_PDF_EXAMPLES", "1"))
LONG = "IDX766_FORMAT_EXAMPLES" in os.environ

TITLE = ("UBND TỈNH THÁI NGUYÊN", "BÁO CÁO CHỈ SỐ 766", "Số liệu ngày 25/05/2026")
AS_OF = date(2026, 5, 25)
FROM = date(2026, 5, 18)
MAXIMA = {"cong_khai": 18, "tien_do": 20, "dvc_truc_tuyen": 12, "thanh_toan": 10}
MAXIMA |= {"hai_long": 18, "so_hoa": 22}
SHORT = {
    "cong_khai": "Công khai (18)",
    "tien_do": "Tiến độ (20)",
    "dvc_truc_tuyen": "Dịch vụ công (12)",
    "thanh_toan": "Thanh toán (10)",
    "hai_long": "Hài lòng (18)",
    "so_hoa": "Số hóa (22)",
}
LONG_LABELS = {
    "cong_khai": "Công khai, minh bạch",
    "tien_do": "Tiến độ giải quyết",
    "dvc_truc_tuyen": "Dịch vụ công trực tuyến",
    "thanh_toan": "Thanh toán trực tuyến",
    "hai_long": "Mức độ hài lòng",
    "so_hoa": "Số hóa hồ sơ",
}

# names no registry knows (so none resolves to another), never an aggregate word
names = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=3).map(
    lambda words: "Đơn vị thử " + " ".join(words)
)


def hundredths(top: int) -> st.SearchStrategy[Decimal]:
    return st.integers(0, top * 100).map(lambda n: Decimal(n).scaleb(-2).normalize())


@dataclass(frozen=True)
class Case:
    kind: str  # score, change, overdue
    doc: Doc
    expected: list[tuple[Any, ...]]  # what the records must say, row by row
    numbers: bool  # XLSX cells as numbers


def _text(value: Decimal, comma: bool, sign: bool = False) -> str:
    text = f"{value:+f}" if sign else f"{value:f}"
    return text.replace(".", ",") if comma else text


@st.composite
def cases(draw: st.DrawFn) -> Case:
    kind = draw(st.sampled_from(["score", "change", "overdue"]))
    units = draw(st.lists(names, min_size=1, max_size=8, unique_by=name_key))
    comma = draw(st.booleans())
    numbers = draw(st.booleans())
    number_word = draw(st.sampled_from(["STT", "TT"]))
    unit_word = draw(st.sampled_from(["Đơn vị", "Tên đơn vị", "Tên cơ quan/địa phương"]))
    if kind == "score":
        labels = draw(st.sampled_from([SHORT, LONG_LABELS, None]))
        rows = []
        for name in units:
            comps = {k: draw(hundredths(top)) for k, top in MAXIMA.items()} if labels else {}
            total = sum(comps.values(), Decimal(0)) if labels else draw(hundredths(100))
            rows.append((name, comps, total))
        # a full ranking: in order of score, no two equal, numbered 1…n
        rows = sorted({r[2]: r for r in rows}.values(), key=lambda r: r[2], reverse=True)
        header = (number_word, unit_word, *(labels or {}).values(), "Tổng điểm")
        table = tuple(
            (str(i), name, *(_text(v, comma) for v in comps.values()), _text(total, comma))
            for i, (name, comps, total) in enumerate(rows, 1)
        )
        expected = [
            (name, total, comps, i, len(rows)) for i, (name, comps, total) in enumerate(rows, 1)
        ]
    elif kind == "change":
        header = (number_word, unit_word, "Từ 18/5", "Đến 25/5", "Biến động")
        values = [(draw(hundredths(100)), draw(hundredths(100))) for _ in units]
        table = tuple(
            (
                str(i),
                name,
                _text(before, comma),
                _text(after, comma),
                "---" if after == before else _text(after - before, comma, sign=True),
            )
            for i, (name, (before, after)) in enumerate(zip(units, values, strict=True), 1)
        )
        expected = [
            (name, before, after, after - before)
            for name, (before, after) in zip(units, values, strict=True)
        ]
    else:
        header = (number_word, unit_word, "Số hồ sơ quá hạn")
        counts = [draw(st.integers(0, 999)) for _ in units]
        table = tuple(
            (str(i), name, str(n)) for i, (name, n) in enumerate(zip(units, counts, strict=True), 1)
        )
        expected = list(zip(units, counts, strict=True))
    return Case(kind=kind, doc=Doc(TITLE, ((header, *table),)), expected=expected, numbers=numbers)


def said(records: Records, kind: str) -> list[tuple[Any, ...]]:
    """What the records say, in the terms of :attr:`Case.expected`."""
    if kind == "score":
        return [
            (
                s.unit.name,
                s.total,
                {c.component: c.value for c in s.components or ()},
                s.rank,
                s.rank_of,
            )
            for s in records.scores
        ]
    if kind == "change":
        return [(c.unit.name, c.before, c.after, c.delta) for c in records.changes]
    return [(o.unit.name, o.count) for o in records.overdue]


def without_places(records: Records) -> tuple[Any, ...]:
    """Every record with where it was read left out (a page, a sheet, a row differ by format),
    and each finding's check and severity."""
    return (
        [evolve(s, sources=()) for s in records.scores],
        [evolve(c, source=None, also=()) for c in records.changes],
        [evolve(o, source=None, also=()) for o in records.overdue],
        [evolve(m, source=None, also=()) for m in records.metrics],
        sorted((f.check, f.severity) for f in records.findings),
    )


WRITERS: dict[str, Callable[[Case, Path], Path]] = {
    ".docx": lambda case, path: write_docx(case.doc, path),
    ".xlsx": lambda case, path: write_xlsx(case.doc, path, numbers=case.numbers),
    ".csv": lambda case, path: write_csv(case.doc, path),
}


def _check(case: Case, records: Records) -> None:
    assert said(records, case.kind) == case.expected
    if case.kind == "score":
        assert {s.as_of for s in records.scores} == {AS_OF}
    elif case.kind == "change":
        assert {(c.from_date, c.to_date) for c in records.changes} == {(FROM, AS_OF)}
    else:
        assert {o.as_of for o in records.overdue} == {AS_OF}


@pytest.mark.formats
@settings(max_examples=EXAMPLES, deadline=None, derandomize=not LONG)
@given(cases())
def test_every_format_gives_the_same_records(case: Case) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        read = {
            suffix: idx766.parse(write(case, Path(tmp) / f"t{suffix}"))
            for suffix, write in WRITERS.items()
        }
    _check(case, read[".docx"])
    docx = without_places(read[".docx"])
    for suffix in (".xlsx", ".csv"):
        assert without_places(read[suffix]) == docx, suffix


@pytest.mark.formats
@pytest.mark.skipif(
    not can_make_pdf(),
    reason="LibreOffice (soffice) renders the PDF sample and is not installed; the committed "
    "LibreOffice fixtures are read in test_pdf.py without it",
)
@settings(max_examples=PDF_EXAMPLES, deadline=None, derandomize=not LONG)
@given(st.lists(cases(), min_size=3, max_size=3))
def test_a_pdf_gives_the_records_of_its_docx(sample: list[Case]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        docx_files = [write_docx(c.doc, Path(tmp) / f"t{i}.docx") for i, c in enumerate(sample)]
        pdfs = to_pdfs(docx_files, Path(tmp))
        for case, docx, pdf in zip(sample, docx_files, pdfs, strict=True):
            records = idx766.parse(pdf)
            _check(case, records)
            assert without_places(records) == without_places(idx766.parse(docx))
