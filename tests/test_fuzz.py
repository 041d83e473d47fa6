"""Fuzzing: committed fixtures, damaged, must give records or a library error — never another
exception, a hang, or memory beyond the limit.

Each example damages one fixture (bit flips, truncation, swapped chunks, a damaged zip member,
damaged XML) and parses it in a worker process with a time limit and a memory limit. A short run
is part of the test suite; ``IDX766_FUZZ_EXAMPLES=10000 pytest -m fuzz`` runs a long one. An
input that ever failed is kept in ``tests/fuzz_regressions/`` and parsed by
:func:`test_regressions`.
"""

from __future__ import annotations

import importlib
import io
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import idx766
from idx766.batch import FileResult, parse_isolated
from idx766.errors import Idx766Error, InternalError

HERE = Path(__file__).parent
SEEDS = sorted(
    [
        *(HERE / "fixtures" / "docx").glob("00[0134]*.docx"),
        *(HERE / "fixtures" / "spreadsheets").glob("*.xlsx"),
        *(HERE / "fixtures" / "spreadsheets").glob("*.csv"),
        *(HERE / "fixtures" / "pdf").glob("00[01]*.pdf"),
        HERE / "portal" / "Crawler-766" / "data" / "gia_lai" / "agencies_GiaLai_02102026.json",
        HERE / "portal" / "766-Analyze" / "data" / "provinces" / "2026-10-06.json",
    ]
)
REGRESSIONS = HERE / "fuzz_regressions"
KINDS = {"not_a_report", "encrypted", "no_text_layer", "corrupt", "too_large", "unsupported_format"}
TIMEOUT = 20.0
MEMORY = 1536 * 2**20
EXAMPLES = int(os.environ.get("IDX766_FUZZ_EXAMPLES", "40"))


def _flip(data: bytes, at: int, bit: int) -> bytes:
    i = at % len(data)
    return data[:i] + bytes([data[i] ^ (1 << bit)]) + data[i + 1 :]


def _swap(data: bytes, a: int, b: int, size: int) -> bytes:
    a, b = sorted((a % len(data), b % len(data)))
    size = max(1, min(size, b - a, len(data) - b))
    return (
        data[:a] + data[b : b + size] + data[a + size : b] + data[a : a + size] + data[b + size :]
    )


def _damage_member(data: bytes, which: int, cut: int, xml_edit: bool) -> bytes:
    try:
        zin = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return data[: cut % len(data)]
    out = io.BytesIO()
    with zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        infos = zin.infolist()
        target = infos[which % len(infos)].filename
        for info in infos:
            content = zin.read(info.filename)
            if info.filename == target and content:
                if xml_edit:  # cut out a slice of the XML, leaving tags unbalanced
                    i = cut % len(content)
                    content = content[:i] + content[i + len(content) // 7 :]
                else:
                    content = content[: cut % len(content)]
            zout.writestr(info, content)
    return out.getvalue()


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    seed = draw(st.sampled_from(SEEDS))
    data = seed.read_bytes()
    how = draw(st.sampled_from(["flip", "truncate", "swap", "member", "xml"]))
    at = draw(st.integers(0, 10**9))
    if how == "flip":
        for _ in range(draw(st.integers(1, 8))):
            data = _flip(data, draw(st.integers(0, 10**9)), draw(st.integers(0, 7)))
    elif how == "truncate":
        data = data[: at % len(data)]
    elif how == "swap":
        data = _swap(data, at, draw(st.integers(0, 10**9)), draw(st.integers(1, 4096)))
    else:
        data = _damage_member(data, draw(st.integers(0, 50)), at, xml_edit=how == "xml")
    return seed.suffix, data


def _verdict(result: FileResult) -> str | None:
    """None when the outcome is allowed: records, or a library error of a known kind."""
    if result.ok:
        return None
    if result.unexpected or result.error_kind not in KINDS:
        return f"{result.error_kind}: {result.error_reason}"
    return None


def _run(tmp: Path, suffix: str, data: bytes) -> FileResult:
    path = tmp / f"damaged{suffix}"
    path.write_bytes(data)
    [result] = parse_isolated([(path, "-")], jobs=1, timeout=TIMEOUT, memory_limit=MEMORY)
    return result


@pytest.mark.fuzz
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="IDX766_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(damaged())
def test_damaged_inputs_give_records_or_a_library_error(
    tmp_path: Path, case: tuple[str, bytes]
) -> None:
    suffix, data = case
    result = _run(tmp_path, suffix, data)
    problem = _verdict(result)
    if problem is not None:  # keep the input as a regression test before failing
        REGRESSIONS.mkdir(exist_ok=True)
        import hashlib

        name = hashlib.sha256(data).hexdigest()[:16] + suffix
        (REGRESSIONS / name).write_bytes(data)
    assert problem is None, problem


@pytest.mark.parametrize("path", sorted(REGRESSIONS.glob("*.*")), ids=lambda p: p.name)
def test_regressions(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    result = _run(tmp_path, path.suffix, copy.read_bytes())
    assert _verdict(result) is None


# -- the verdict tells a bug in idx766 from a damaged file ------------------------------------

FIXTURES = HERE / "fixtures"
HEALTHY = {
    ".csv": FIXTURES / "spreadsheets" / "ranking.csv",
    ".xlsx": FIXTURES / "spreadsheets" / "ranking.xlsx",
    ".docx": next((FIXTURES / "docx").glob("000*.docx")),
    ".pdf": next((FIXTURES / "pdf").glob("000*.pdf")),
}
# where the bug goes: a function of idx766's own code that each format's parser calls
BUGS = {
    ".csv": ("idx766.parsers.spreadsheet", "interpret"),
    ".xlsx": ("idx766.parsers.spreadsheet", "interpret"),
    ".docx": ("idx766.parsers.docx", "interpret"),
    ".pdf": ("idx766.parsers.pdf", "_split_page"),  # inside the page loop
}


def _raise_key_error(*args: object, **kwargs: object) -> NoReturn:
    raise KeyError("injected bug")


@pytest.mark.parametrize("suffix", sorted(HEALTHY))
def test_a_bug_in_idx766_fails_the_fuzz_verdict(
    suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A KeyError from idx766's own code is an InternalError in the calling process and a
    failure of the fuzz verdict in a worker (forked: it carries the bug), never a damaged
    file the verdict accepts."""
    module, name = BUGS[suffix]
    monkeypatch.setattr(importlib.import_module(module), name, _raise_key_error)
    data = HEALTHY[suffix].read_bytes()
    path = tmp_path / f"healthy{suffix}"
    path.write_bytes(data)
    with pytest.raises(InternalError, match="injected bug") as raised:
        idx766.parse(path)
    assert isinstance(raised.value.__cause__, KeyError)
    assert not isinstance(raised.value, Idx766Error)
    result = _run(tmp_path, suffix, data)
    assert result.unexpected and "KeyError" in (result.error_reason or "")
    assert _verdict(result) is not None


def _cut_member(data: bytes, member: str) -> bytes:
    """A zip whose ``member`` (XML) is cut in half: the XML reader fails on it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            content = zin.read(info.filename)
            if info.filename == member:
                content = content[: len(content) // 2]
            zout.writestr(info, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("suffix", "damage"),
    [
        (".docx", lambda data: _cut_member(data, "word/document.xml")),
        (".xlsx", lambda data: _cut_member(data, "xl/worksheets/sheet1.xml")),
        (".pdf", lambda data: data[: len(data) // 3]),
    ],
    ids=["docx-cut-xml", "xlsx-cut-xml", "pdf-truncated"],
)
def test_a_reader_failing_on_bad_bytes_stays_a_damaged_file(
    suffix: str, damage: Callable[[bytes], bytes], tmp_path: Path
) -> None:
    data = damage(HEALTHY[suffix].read_bytes())
    path = tmp_path / f"damaged{suffix}"
    path.write_bytes(data)
    with pytest.raises(Idx766Error) as raised:
        idx766.parse(path)
    assert raised.value.kind in KINDS
    result = _run(tmp_path, suffix, data)
    assert not result.unexpected and result.error_kind in KINDS
    assert _verdict(result) is None
