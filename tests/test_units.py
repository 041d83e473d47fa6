"""The unit registry: names in the seeds resolve, spellings merge, look-alikes stay apart."""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from idx766.cli import main
from idx766.model import Level
from idx766.units import Registry, default_registry, resolve
from seed_expect import joined_tables, plain
from seedtext import read_seed, seed_path

REGISTRY = default_registry()


@pytest.fixture(scope="module", autouse=True)
def _national_index() -> None:
    """Every province file read and indexed once, here rather than in a timed example (and not
    at collection: the fuzz tests fork workers with a memory limit from the pytest process)."""
    REGISTRY.indexes(None)


TN = "Thái Nguyên"
SEED_DATES = {"000": date(2026, 3, 28), "001": date(2026, 5, 25), "004": date(2023, 8, 31)}

# spellings of one unit found across the tables of one seed (domain.md, "Units and names")
SAME_UNIT = [
    (
        "Ban quản lý các KCN",
        "Ban Quản lý các Khu công nghiệp",
        "BQL Khu công nghiệp",
        "Ban quản lý các Khu công nghiệp tỉnh",
    ),
    ("UBND xã Phượng Tiến", "UBND xã Phụng Tiến"),
    ("UBND xã Diêm Thụy", "UBND xã Điềm Thụy", "UBND xã Diềm Thụy"),
    ("UBND xã Phủ Thông", "UBND xã Phú Thông"),
    ("UBND xã Kim Phượng", "UBND xã Kim Phụng"),
    ("Sở Nội vụ", "Sở Nội vụ - tỉnh Thái Nguyên", "Sở Nội vụ - Tỉnh Thái Nguyên"),
    ("UBND xã Định Hoá", "UBND xã Định Hóa"),
    ("UBND phường Phổ Yên", "UBND phường Phở Yên"),
    ("Văn phòng UBND tỉnh", "VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("Sở Nông nghiệp và PTNT", "Sở Nông nghiệp và Phát triển Nông thôn"),
    ("Sở Lao động, Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
    ("Sở Công thương", "Sở Công Thương"),
]
# near-identical names of distinct units
DISTINCT = [
    (("UBND xã Văn Lang", {}), ("UBND xã Văn Lãng", {})),
    (("UBND xã Đại Từ", {}), ("UBND huyện Đại Từ", {})),
    (("UBND thành phố Thái Nguyên", {}), ("UBND tỉnh Thái Nguyên", {})),
    (("UBND phường Phổ Yên", {}), ("UBND thành phố Phổ Yên", {})),
    (("Đại Từ", {"on": date(2026, 5, 25)}), ("Đại Từ", {"on": date(2023, 8, 31)})),
]


def _key(name: str, **kw: object) -> str | None:
    found = resolve(REGISTRY, name, province=TN, **kw)  # type: ignore[arg-type]
    return found.unit.key if found.unit else None


@pytest.mark.parametrize("spellings", SAME_UNIT, ids=lambda s: s[0])
def test_spellings_resolve_to_one_unit(spellings: tuple[str, ...]) -> None:
    keys = {_key(s) for s in spellings}
    assert len(keys) == 1 and None not in keys, keys


@pytest.mark.parametrize(("a", "b"), DISTINCT, ids=lambda p: p[0])
def test_look_alikes_stay_apart(
    a: tuple[str, dict[str, date]], b: tuple[str, dict[str, date]]
) -> None:
    ka, kb = _key(a[0], **a[1]), _key(b[0], **b[1])
    assert ka is not None and kb is not None and ka != kb


def _seed_table_names(prefix: str) -> list[str]:
    names = []
    for t in joined_tables(prefix):
        head = [plain(c) for c in t.header[0]] if t.header else []
        for i, label in enumerate(head):
            if any(
                w in label
                for w in (
                    "so, nganh",
                    "xa/phuong",
                    "xa, phuong",
                    "so/nganh",
                    "ten co quan",
                    "don vi",
                    "tinh/thanh pho",
                    "dia phuong",
                    "so, ban, nganh",
                )
            ):
                names += [r[i] for r in t.data if r[i] and not plain(r[i]).startswith("tong")]
    return names


@pytest.mark.parametrize("prefix", ["000", "001", "004"])
def test_every_name_in_the_seed_tables_resolves_exactly(prefix: str) -> None:
    names = _seed_table_names(prefix)
    assert names
    for name in names:
        found = resolve(REGISTRY, name, province=TN, on=SEED_DATES[prefix])
        assert found.unit is not None and found.method in ("exact", "alias"), (name, found)


def test_every_name_in_the_news_article_resolves() -> None:
    text = " ".join(p.text for p in read_seed(seed_path("002")).blocks if hasattr(p, "text"))
    names = re.findall(r"([A-ZĐ][^;:()]*?)\s*\(\d+,\d+ điểm\)", text)
    names = [n.split(": ")[-1].removeprefix("gồm ").strip() for n in names]
    assert len(names) >= 12
    for name in names:
        found = resolve(REGISTRY, name, province=TN, on=date(2025, 11, 1))
        assert found.unit is not None, name


def test_registry_contents() -> None:
    assert len(REGISTRY.select(level="province", on=date(2026, 1, 1))) == 34
    assert len(REGISTRY.select(level="province", on=date(2023, 8, 31))) == 63
    assert len(REGISTRY.select(province=TN, level="commune", on=date(2026, 5, 25))) == 92
    assert len(REGISTRY.select(province=TN, level="district", on=date(2023, 8, 31))) == 9
    assert REGISTRY.select(province=TN, level="district", on=date(2026, 1, 1)) == []
    assert REGISTRY.get("thai-nguyen").code == "H55"


def test_history() -> None:
    old = REGISTRY.get("thai-nguyen/so-ke-hoach-va-dau-tu")
    assert [u.name for u in REGISTRY.successors(old.key)] == ["Sở Tài chính"]
    assert REGISTRY.continued(old.key, date(2026, 1, 1)) == REGISTRY.get("thai-nguyen/so-tai-chinh")
    assert REGISTRY.continued("thai-nguyen/huyen-dai-tu", date(2026, 1, 1)) is None
    assert REGISTRY.continued("bac-kan", date(2026, 1, 1)) == REGISTRY.get("thai-nguyen")
    merged = {u.key for u in REGISTRY.predecessors("thai-nguyen/so-nong-nghiep-va-moi-truong")}
    assert merged == {
        "thai-nguyen/so-nong-nghiep-va-phat-trien-nong-thon",  # 1/3/2025
        "thai-nguyen/so-tai-nguyen-va-moi-truong",  # 1/3/2025
        "bac-kan/so-nong-nghiep-va-moi-truong",  # 1/7/2025, Bắc Kạn's merged into it
    }
    assert len(REGISTRY.predecessors("ninh-binh")) == 2


# -- properties -------------------------------------------------------------------------------


@functools.cache
def _names() -> list[str]:
    return sorted({u.name for u in REGISTRY.units})


# drawn when a test runs, not when the module is collected
registry_names = st.deferred(lambda: st.sampled_from(_names()))
registry_units = st.deferred(lambda: st.sampled_from(REGISTRY.units))
_OLD_NEW = [
    ("oá", "óa"),
    ("oà", "òa"),
    ("oả", "ỏa"),
    ("oã", "õa"),
    ("oạ", "ọa"),
    ("uý", "úy"),
    ("uỳ", "ùy"),
    ("uỷ", "ủy"),
    ("uỹ", "ũy"),
    ("uỵ", "ụy"),
    ("oé", "óe"),
    ("oẻ", "ỏe"),
]


def _other_tone_placement(text: str) -> str:
    for new, old in _OLD_NEW:
        if new in text:
            return text.replace(new, old)
        if old in text:
            return text.replace(old, new)
    return text


variants = st.sampled_from(
    [
        lambda s: unicodedata.normalize("NFD", s),
        str.upper,
        str.lower,
        lambda s: f"  {s}\t",
        lambda s: s.replace(" ", "  "),
        _other_tone_placement,
        lambda s: "UBND " + s if s[0].islower() else s,
    ]
)


@settings(max_examples=300)
@given(registry_names, st.lists(variants, min_size=1, max_size=3))
def test_resolution_ignores_form(name: str, changes: list) -> None:  # type: ignore[type-arg]
    printed = name
    for change in changes:
        printed = change(printed)
    unit = next(u for u in REGISTRY.units if u.name == name)
    want = resolve(REGISTRY, name, level=unit.level, on=unit.valid_from or unit.valid_to)
    got = resolve(REGISTRY, printed, level=unit.level, on=unit.valid_from or unit.valid_to)
    assert got.unit == want.unit and got.method == want.method


@settings(max_examples=100, deadline=None)
@given(
    registry_units,
    registry_names | st.text(alphabet="ăâêôơưđàáạảãxyz ", min_size=2, max_size=12),
    registry_units,
)
def test_an_alias_never_changes_another_units_exact_name(unit, alias, other) -> None:  # type: ignore[no-untyped-def]
    if not alias.strip() or other.key == unit.key:
        return
    before = resolve(REGISTRY, other.name, level=other.level, on=other.valid_from)
    after = resolve(
        REGISTRY.with_alias(unit.key, alias), other.name, level=other.level, on=other.valid_from
    )
    if before.method == "exact":
        assert after.unit == before.unit and after.method == "exact"


# -- a registry file for another province -------------------------------------------------------

GIA_LAI = """name,level,province,code,aliases
Sở Y tế,department,Gia Lai,H21.19,
Sở Nội vụ,department,Gia Lai,H21.11,
Ban Quản lý Khu kinh tế,department,Gia Lai,H21.02,BQL Khu kinh tế
phường Pleiku,commune,Gia Lai,,
"""


def test_user_registry_file_loads_and_resolves(tmp_path: Path) -> None:
    path = tmp_path / "gia-lai.csv"
    path.write_text(GIA_LAI, encoding="utf-8")
    registry = REGISTRY.with_files(path)
    found = resolve(registry, "Sở Y tế - tỉnh Gia Lai")
    assert found.unit is not None and found.unit.key == "gia-lai/so-y-te"
    assert found.unit.code == "H21.19" and found.unit.province == "gia-lai"
    assert resolve(registry, "BQL Khu kinh tế", province="Gia Lai").unit is not None
    # Thái Nguyên's Sở Y tế is still itself
    assert resolve(registry, "Sở Y tế", province=TN).unit.key == "thai-nguyen/so-y-te"  # type: ignore[union-attr]
    assert resolve(registry, "Sở Y tế").ambiguous


def test_bad_registry_file_is_a_clear_error(tmp_path: Path) -> None:
    from idx766.errors import CorruptFileError

    path = tmp_path / "bad.csv"
    path.write_text("name,level\nSở X,planet\n", encoding="utf-8")
    with pytest.raises(CorruptFileError, match="line 2"):
        REGISTRY.with_files(path)


def test_duplicate_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="share the key"):
        Registry.from_texts([(None, "key,name,level\nx,Sở A,department\nx,Sở B,department\n")])


# -- the command ---------------------------------------------------------------------------------


def test_cli_resolve_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resolve", "UBND xã Phụng Tiến", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["unit_key"] == "thai-nguyen/xa-phuong-tien"
    assert out["method"] == "alias" and out["level"] == "commune" and out["score"] == 100


def test_cli_resolve_fuzzy_and_unresolved(capsys: pytest.CaptureFixture[str]) -> None:
    # in Thái Nguyên: the national registry has other Văn Lang / Văn Lãng communes
    where = ["--province", TN, "--date", "2026-05-25"]
    assert main(["resolve", "xã Phủ Thôngg", *where, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["method"] == "fuzzy" and 88 <= out["score"] < 100
    assert main(["resolve", "xã Văn Làng", *where, "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["unit_key"] is None and out["ambiguous"]
    assert {c["unit_key"] for c in out["candidates"][:2]} == {
        "thai-nguyen/xa-van-lang",
        "thai-nguyen/xa-van-lang-trang",  # official "Xã Văn Lăng" (printed "Văn Lãng")
    }


def test_cli_units_filters(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "units",
                "--province",
                TN,
                "--level",
                "district",
                "--date",
                "2023-08-31",
                "--format",
                "json",
            ]
        )
        == 0
    )
    assert len(json.loads(capsys.readouterr().out)) == 9
    assert main(["units", "--level", "province", "--date", "2026-01-01"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 34


def test_parsed_records_carry_registry_keys() -> None:
    import idx766

    records = idx766.parse(Path(__file__).parent / "fixtures/docx/001-bao-cao-tuan-21-2026.docx")
    communes = [s for s in records.scores if s.unit.level == Level.COMMUNE]
    assert len(communes) == 92
    assert all(s.unit.key.startswith("thai-nguyen/") for s in communes)
    tien = next(s for s in communes if s.unit.key == "thai-nguyen/xa-phuong-tien")
    assert set(tien.names) == {"UBND xã Phượng Tiến", "UBND xã Phụng Tiến"}
    assert not [f for f in records.findings if f.check.endswith("-unit")]
