"""Fuzzing: committed fixtures, damaged, must give records or a library error — never another
exception, a hang, or memory beyond the limit.

Each example damages one fixture (bit flips, truncation, swapped chunks, a damaged zip member,
damaged XML) and parses it in a worker process with a time limit and a memory limit. A short run
is part of the test suite; ``IDX766_FUZZ_EXAMPLES=10000 pytest -m fuzz`` runs a long one. An
input that ever failed is kept in ``tests/fuzz_regressions/`` and parsed by
:func:`test_regressions`.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from idx766.batch import FileResult, parse_isolated

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
