"""What the fast paths skip must change nothing: they skip only work that cannot matter."""

from __future__ import annotations

import copy
import csv
import json
from importlib import resources

from hypothesis import given, settings
from hypothesis import strategies as st

from idx766.model import Level
from idx766.units import Registry, default_registry, resolve
from idx766.units.registry import SHIPPED_PROVINCE_LEVELS


def test_shipped_province_files_hold_only_the_declared_levels() -> None:
    folder = resources.files("idx766.units") / "data" / "province"
    seen: set[str] = set()
    for entry in folder.iterdir():
        if entry.name.endswith(".csv"):
            with entry.open(encoding="utf-8", newline="") as fh:
                seen.update(row["level"] for row in csv.DictReader(fh))
    assert seen
    assert {Level(v) for v in seen} <= SHIPPED_PROVINCE_LEVELS


def _every_file_read(registry: Registry) -> Registry:
    """The same registry, told nothing of what its province files hold (reads them all)."""
    blind = copy.copy(registry)
    blind._chunk_levels = {}
    blind._chunks = {}
    blind._eager_index = None
    return blind


def test_province_names_resolve_alike_without_reading_every_province_file() -> None:
    fast = default_registry()
    names = [u.name for u in fast.select(level=Level.PROVINCE)]
    names += ["UBND tỉnh Thái Nguyên", "Thai Nguyen", "TP Hồ Chí Minh", "tỉnh Thái Ngyên", "Đại Từ"]
    for name in names:
        for level in (Level.PROVINCE, Level.MINISTRY):
            blind = _every_file_read(fast)
            assert resolve(fast, name, level=level) == resolve(blind, name, level=level), name


def test_a_province_level_unit_added_to_a_province_file_is_found() -> None:
    text = "key,name,level\nthai-nguyen/vung-thu,Vùng Thử Nghiệm,province\n"
    registry = default_registry().with_texts([(None, text)], check=False)
    found = resolve(registry, "Vùng Thử Nghiệm", level=Level.PROVINCE)
    assert found.unit is not None and found.unit.key == "thai-nguyen/vung-thu"


def test_builtin_parsers_are_their_classes_until_imported() -> None:
    """Each built-in's name, description and suffixes are its class's."""
    from idx766.parsers.registry import builtin_parsers

    for lazy in builtin_parsers():
        real = lazy.load()
        assert (lazy.name, lazy.description, tuple(lazy.suffixes)) == (
            real.name,
            real.description,
            tuple(real.suffixes),
        )


def test_every_fixture_is_read_by_the_parser_of_its_kind() -> None:
    """Chosen by sniffing alone, before any parser is imported: by what the file is."""
    from pathlib import Path

    from idx766.parsers.base import Probe
    from idx766.parsers.registry import select_parser

    kinds = {
        ".docx": "docx-report",
        ".pdf": "pdf-report",
        ".csv": "spreadsheet",
        ".xlsx": "spreadsheet",
        ".json": "portal-json",
    }
    here = Path(__file__).parent
    folders = (here / "fixtures" / "docx", here / "fixtures" / "spreadsheets", here / "portal")
    files = [p for folder in folders for p in sorted(folder.rglob("*")) if p.suffix in kinds]
    files += sorted((here / "fixtures" / "pdf").glob("*.pdf"))
    files += sorted((here / "fixtures" / "pdf" / "variants").glob("*.pdf"))
    assert len(files) > 20
    for path in files:
        assert select_parser(Probe.of(path)).name == kinds[path.suffix], path


READERS = ("pdfplumber", "pdfminer", "pypdfium2", "docx", "python_calamine", "polars")


def _loaded_after_parse(path: str) -> list[str]:
    import subprocess
    import sys

    code = (
        "import json, sys, idx766; idx766.parse(sys.argv[1]); "
        f"print(json.dumps(sorted(m for m in {READERS!r} if m in sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, path], check=True, capture_output=True, text=True
    )
    loaded: list[str] = json.loads(out.stdout)
    return loaded


def test_a_docx_parse_imports_only_the_docx_reader() -> None:
    from pathlib import Path

    docx = Path(__file__).parent / "fixtures" / "docx" / "001-bao-cao-tuan-21-2026.docx"
    assert _loaded_after_parse(str(docx)) == ["docx"]


def test_a_pdf_parse_imports_only_the_pdf_readers() -> None:
    from pathlib import Path

    pdf = Path(__file__).parent / "fixtures" / "pdf" / "001-bao-cao-tuan-21-2026.pdf"
    assert "docx" not in _loaded_after_parse(str(pdf))


# -- JSON text: the writer against the encoder it replaced (one json.dumps per value) ------------


def _reference_json(value: object, indent: int | None = 2, level: int = 0) -> str:
    import datetime as dt
    from collections.abc import Mapping
    from decimal import Decimal

    def newline(depth: int) -> str:
        return "" if indent is None else "\n" + " " * (indent * depth)

    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return json.dumps(value.isoformat())
    if value is None or isinstance(value, bool | int | float | str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        parts = [
            ("," if i else "")
            + newline(level + 1)
            + json.dumps(str(k), ensure_ascii=False)
            + ": "
            + _reference_json(v, indent, level + 1)
            for i, (k, v) in enumerate(value.items())
        ]
        return "{" + "".join(parts) + newline(level) + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        parts = [
            ("," if i else "") + newline(level + 1) + _reference_json(v, indent, level + 1)
            for i, v in enumerate(value)
        ]
        return "[" + "".join(parts) + newline(level) + "]"
    raise TypeError(type(value).__name__)


def _json_values() -> st.SearchStrategy[object]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.decimals(allow_nan=False, allow_infinity=False),
        st.text(),
        st.dates(),
        st.datetimes(),
        st.sampled_from(list(Level)),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.lists(inner, max_size=4).map(tuple),
            st.dictionaries(st.one_of(st.text(), st.sampled_from(list(Level))), inner, max_size=4),
        ),
        max_leaves=20,
    )


@given(_json_values(), st.sampled_from([None, 0, 2, 4]))
@settings(max_examples=300, deadline=None)
def test_json_writer_writes_what_the_old_encoder_wrote(value: object, indent: int | None) -> None:
    from idx766.interchange import dump_value

    assert dump_value(value, indent=indent) == _reference_json(value, indent)


def test_json_writer_on_the_fixtures_records() -> None:
    from pathlib import Path

    import idx766
    from idx766.interchange import dump_value, to_dict

    fixtures = Path(__file__).parent / "fixtures"
    for path in (fixtures / "docx" / "001-bao-cao-tuan-21-2026.docx",):
        value = [to_dict(idx766.parse(path))]
        assert dump_value(value) == _reference_json(value)
        assert dump_value(value, indent=None) == _reference_json(value, None)


def test_a_file_a_builtin_is_certain_of_needs_no_plugin_lookup() -> None:
    import subprocess
    import sys
    from pathlib import Path

    docx = Path(__file__).parent / "fixtures" / "docx" / "001-bao-cao-tuan-21-2026.docx"
    code = (
        "import sys, idx766; idx766.parse(sys.argv[1]); print('importlib.metadata' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(docx)], check=True, capture_output=True, text=True
    )
    assert out.stdout.strip() == "False"
