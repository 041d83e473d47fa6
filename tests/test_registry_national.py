"""The national registry: every commune of the 34 provinces and every district of 2023, read from
the packages' own lists by an independent reader, resolves by its official name with and without
"UBND", with and without diacritics; real portal names of two provinces resolve exactly; the
agencies and ministries with their abbreviations; the lineage; the forms names are printed in.

The 2025 list is read from the installed ``vietnam-provinces`` package (a test dependency);
the 2023 districts from ``tests/registry/``, the list of ``vietnam-provinces`` 0.5.0 as it is
(that release cannot be installed beside the 2025 one). Nothing here uses idx766 to decide what
a name should resolve to: the expected unit is the package's code (``gso_code``), and which
names are look-alikes is worked out here from the lists themselves.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import random
import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import vietnam_provinces

from idx766.model import Level
from idx766.units import Registry, default_registry, resolve

HERE = Path(__file__).parent
REGISTRY = default_registry()
NEW_ERA = date(2026, 1, 15)
YEAR_2023 = date(2023, 8, 31)
SEED = 17  # fixed: the same samples every run


# -- an independent reader of the upstream lists ----------------------------------------------


def _bare(text: str) -> str:
    """A name without diacritics, punctuation or case, i/y after a consonant as i."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’‘`]", "", text)
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
    return re.sub(r"\b(qu|[bcdghklmnprstvx]+)y\b", r"\1i", text)


def _unaccented(text: str) -> str:
    """What a name typed without diacritics looks like."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


# the lists are read when a test runs, not at collection (the fuzz tests fork memory-limited
# workers from the pytest process)
@functools.cache
def _wards_2025() -> list[tuple[str, str, int]]:
    data = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text("utf-8"))
    return [(p["name"], w["name"], w["code"]) for p in data for w in p["wards"]]


@functools.cache
def _districts_2023() -> list[tuple[str, str, int]]:
    path = HERE / "registry" / "vietnam-provinces-0.5.0-districts.csv"
    with path.open(encoding="utf-8") as fh:
        return [(r["province"], r["district"], int(r["code"])) for r in csv.DictReader(fh)]


_TYPE = re.compile(r"^(Xã|Phường|Đặc khu|Huyện|Quận|Thị xã|Thành phố|Thành Phố|Thị Xã)\s+")


def _twins(rows: list[tuple[str, str, int]], key: object) -> Counter[tuple[str, str]]:
    return Counter((p, key(n)) for p, n, _ in rows)  # type: ignore[operator]


@functools.cache
def _ward_twins() -> Counter[tuple[str, str]]:
    return _twins(_wards_2025(), _bare)


@functools.cache
def _district_twins() -> Counter[tuple[str, str]]:
    return _twins(_districts_2023(), _bare)


@functools.cache
def _district_bare_twins() -> Counter[tuple[str, str]]:
    return _twins(_districts_2023(), lambda n: _bare(_TYPE.sub("", n)))


def test_the_lists_are_what_the_issue_says() -> None:
    assert vietnam_provinces.__version__ == "2025.10.1"
    assert len({p for p, _, _ in _wards_2025()}) == 34 and len(_wards_2025()) == 3321
    assert len({p for p, _, _ in _districts_2023()}) == 63 and len(_districts_2023()) == 705


# -- every commune and ward of the 34 provinces, every district of 2023 ------------------------


def test_every_ward_of_2025_is_in_the_registry_with_its_official_name_and_code() -> None:
    for province, ward, code in _wards_2025():
        found = resolve(REGISTRY, ward, province=province, on=NEW_ERA)
        assert found.unit is not None and found.method == "exact", (province, ward, found)
        assert found.unit.gso_code == f"{code:05d}", (province, ward)
        assert found.unit.level == Level.COMMUNE
        assert " ".join(found.unit.name.split()) == " ".join(ward.split())


def _same_name(unit: object, name: str) -> bool:
    official = unicodedata.normalize("NFC", " ".join(unit.name.split()))  # type: ignore[attr-defined]
    printed = unicodedata.normalize("NFC", " ".join(name.split()))
    return official.casefold() == printed.casefold()


def test_every_district_of_2023_is_in_the_registry_with_its_official_name() -> None:
    # by name: a unit keeps its identity when GSO gives it a new code after a merger (Huyện Đạ
    # Huoai was 681 in 2023 and is 682 from 2024), and ``gso_code`` is its latest code
    for province, district, _ in _districts_2023():
        found = resolve(REGISTRY, district, province=province, on=YEAR_2023)
        assert found.unit is not None and found.method == "exact", (province, district, found)
        assert _same_name(found.unit, district) and found.unit.level == Level.DISTRICT


def _plain(rows: list[tuple[str, str, int]]) -> dict[tuple[str, str], str]:
    """Names without any diacritics (after their type word), by province and bare name: typed
    without diacritics, such a name is that unit itself ("Xã Thanh An" beside "Xã Thạnh An")."""
    out = {}
    for province, name, _ in rows:
        base = _TYPE.sub("", name)
        if _unaccented(base) == base:
            out[(province, _bare(name))] = out[(province, _bare(base))] = name
    return out


@functools.cache
def _plain_names() -> dict[tuple[str, str], str]:
    return _plain(_wards_2025()) | _plain(_districts_2023())


def _check(found: object, official: str, twins: int, printed: str, province: str) -> None:
    unit = found.unit  # type: ignore[attr-defined]
    itself = _plain_names().get((province, _bare(printed.removeprefix("UBND "))))
    if twins > 1 and itself is not None:
        official, twins = itself, 1
    if twins == 1:
        assert unit is not None and _same_name(unit, official), (printed, found)
        assert found.method in ("exact", "alias"), (printed, found)  # type: ignore[attr-defined]
    else:  # another unit of the province reads the same: reported, not guessed
        assert unit is None and found.ambiguous, (printed, found)  # type: ignore[attr-defined]
        names = [c.unit for c in found.candidates]  # type: ignore[attr-defined]
        assert any(_same_name(u, official) for u in names), (printed, found)


def test_500_communes_of_2025_resolve_with_and_without_ubnd_and_diacritics() -> None:
    sample = random.Random(SEED).sample(_wards_2025(), 500)
    for province, ward, code in sample:
        twins = _ward_twins()[(province, _bare(ward))]
        for printed in (ward, f"UBND {ward}"):
            found = resolve(REGISTRY, printed, province=province, on=NEW_ERA)
            assert found.unit is not None and found.unit.gso_code == f"{code:05d}", printed
            assert found.method == "exact" and found.via is None
        for printed in (_unaccented(ward), f"UBND {_unaccented(ward)}"):
            found = resolve(REGISTRY, printed, province=province, on=NEW_ERA)
            _check(found, ward, twins, printed, province)
            if twins == 1:
                assert found.unit.gso_code == f"{code:05d}"
                name = _TYPE.sub("", ward)  # a name without diacritics is itself (Xã Thanh Oai)
                assert found.via == ("unaccented" if _unaccented(name) != name else None)


def test_500_districts_of_2023_resolve_by_name_with_and_without_ubnd_and_diacritics() -> None:
    sample = random.Random(SEED).sample(_districts_2023(), 500)
    for province, district, _ in sample:
        for printed in (district, f"UBND {district}"):
            found = resolve(REGISTRY, printed, province=province, on=YEAR_2023)
            assert found.unit is not None and _same_name(found.unit, district), printed
        twins = _district_twins()[(province, _bare(district))]
        for printed in (_unaccented(district), f"UBND {_unaccented(district)}"):
            found = resolve(REGISTRY, printed, province=province, on=YEAR_2023)
            _check(found, district, twins, printed, province)
        # the bare name, as in a list of districts ("Đại Từ (95,1 điểm), Phú Lương ...")
        bare = _TYPE.sub("", district)
        twins = _district_bare_twins()[(province, _bare(bare))]
        for printed in (bare, _unaccented(bare)):
            found = resolve(
                REGISTRY, printed, level=Level.DISTRICT, province=province, on=YEAR_2023
            )
            _check(found, district, twins, printed, province)


def _command(printed: str, *options: str) -> tuple[int, dict[str, object]]:
    from idx766.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["resolve", printed, *options, "--format", "json"])
    return code, json.loads(out.getvalue())


def test_the_resolve_command_finds_communes_and_districts() -> None:
    """``idx766 resolve`` on part of each sample (the command is the function above)."""
    for province, ward, _ in random.Random(SEED).sample(_wards_2025(), 60):
        for printed in (ward, f"UBND {ward}", _unaccented(f"UBND {ward}")):
            code, out = _command(printed, "--province", province, "--date", "2026-01-15")
            if _ward_twins()[(province, _bare(ward))] > 1 and printed.isascii():
                continue  # a look-alike: reported ambiguous, as tested above
            assert code == 0 and out["level"] == "commune", (printed, out)
            assert unicodedata.normalize("NFC", str(out["name"])).split() == ward.split()
    for province, district, _ in random.Random(SEED).sample(_districts_2023(), 60):
        for printed in (district, f"UBND {district}", _TYPE.sub("", district)):
            code, out = _command(
                printed, "--province", province, "--date", "2023-08-31", "--level", "district"
            )
            bare = printed == _TYPE.sub("", district)
            if bare and _district_bare_twins()[(province, _bare(printed))] > 1:
                assert code == 1 and out["ambiguous"], (printed, out)  # huyện and thị xã Long Mỹ
                continue
            assert code == 0 and out["level"] == "district", (printed, out)


# -- real names printed by the portal ----------------------------------------------------------


def test_every_unit_of_a_real_phu_tho_file_resolves_exactly() -> None:
    path = HERE / "portal/qd766/tests/fixtures/dvc-progress-tree/month-all.json"
    names = [c["departmentName"] for c in json.loads(path.read_text("utf-8"))["data"]["children"]]
    assert len(names) == 163
    for name in names:
        found = resolve(REGISTRY, name, province="Phú Thọ", on=date(2026, 9, 26))
        assert found.unit is not None and found.method in ("exact", "alias"), (name, found)
        assert found.unit.province == "phu-tho"


def test_every_unit_of_a_real_gia_lai_file_resolves() -> None:
    path = HERE / "portal/Crawler-766/data/gia_lai/comparison_GiaLai_09102026.json"
    names = [u["departmentName"] for u in json.loads(path.read_text("utf-8"))["units"]]
    assert len(names) == 149
    fuzzy = []
    for name in names:
        found = resolve(REGISTRY, name, province="Gia Lai", on=date(2026, 10, 9))
        assert found.unit is not None and found.unit.province == "gia-lai", (name, found)
        if found.method == "fuzzy":
            fuzzy.append((name, found.unit.name))
    # the portal prints one commune with a tone the official list does not have
    assert fuzzy == [("UBND xã Ia Chía", "Xã Ia Chia")]


# -- the forms names are printed in --------------------------------------------------------------

FORMS = [
    # (printed, province, date, expected key)
    ("xã Lam Vĩ", "Thái Nguyên", NEW_ERA, "thai-nguyen/xa-lam-vy"),
    ("UBND xa Lam Vy", "Thái Nguyên", NEW_ERA, "thai-nguyen/xa-lam-vy"),
    ("Lam Vỹ", "Thái Nguyên", NEW_ERA, "thai-nguyen/xa-lam-vy"),
    ("TP.Pleiku", "Gia Lai", YEAR_2023, "gia-lai/thanh-pho-pleiku"),
    ("TP. Pleiku", None, YEAR_2023, "gia-lai/thanh-pho-pleiku"),
    ("TX.An Khê", "Gia Lai", YEAR_2023, "gia-lai/thi-xa-an-khe"),
    ("H. Đại Từ", "Thái Nguyên", YEAR_2023, "thai-nguyen/huyen-dai-tu"),
    ("Q.1", "TP.HCM", YEAR_2023, "ho-chi-minh/quan-1"),
    ("Phường Hội Phú (TP.Pleiku)", "Gia Lai", YEAR_2023, "gia-lai/thanh-pho-pleiku/phuong-hoi-phu"),
    # the 2023 list writes "Phường 01"
    ("Phường 1 (Quận 3)", "Hồ Chí Minh", YEAR_2023, "ho-chi-minh/quan-3/phuong-01"),
    ("Phường 1, Quận 3", "Hồ Chí Minh", YEAR_2023, "ho-chi-minh/quan-3/phuong-01"),
    ("Sở Y tế - tỉnh An Giang", None, NEW_ERA, "an-giang/so-y-te"),
    ("Sở Y tế - Tỉnh Phú Thọ", "Thái Nguyên", NEW_ERA, "phu-tho/so-y-te"),
    ("UBND xã Kông Bơ La - Gia Lai", None, NEW_ERA, "gia-lai/xa-kong-bo-la"),
    ("Sở Y tế tỉnh Quảng Nam", None, YEAR_2023, "quang-nam/so-y-te"),
    ("TPHCM", None, NEW_ERA, "ho-chi-minh"),
    ("UBND TP.HCM", None, NEW_ERA, "ho-chi-minh"),
    ("Thành phố Hồ Chí Minh", None, NEW_ERA, "ho-chi-minh"),
    ("UBND Đặc khu Phú Quốc", "An Giang", NEW_ERA, "an-giang/dac-khu-phu-quoc"),
    ("Đặc khu Côn Đảo", None, NEW_ERA, "ho-chi-minh/dac-khu-con-dao"),
    ("UBND xã Albá", "Gia Lai", NEW_ERA, "gia-lai/xa-al-ba"),
    ("Ea H'Leo", "Đắk Lắk", NEW_ERA, "dak-lak/xa-ea-h-leo"),
    ("Sở NN&PTNT", "Quảng Trị", YEAR_2023, "quang-tri/so-nong-nghiep-va-phat-trien-nong-thon"),
    ("Sở NN và PTNT", "Quảng Trị", YEAR_2023, "quang-tri/so-nong-nghiep-va-phat-trien-nong-thon"),
    ("Sở GD&ĐT", "Bình Dương", YEAR_2023, "binh-duong/so-giao-duc-va-dao-tao"),
    ("Sở GD-ĐT", "Lâm Đồng", NEW_ERA, "lam-dong/so-giao-duc-va-dao-tao"),
    ("Sở VH,TT&DL", "Quảng Nam", YEAR_2023, "quang-nam/so-van-hoa-the-thao-va-du-lich"),
    ("Sở VHTTDL", "Lâm Đồng", NEW_ERA, "lam-dong/so-van-hoa-the-thao-va-du-lich"),
    ("Sở KH&ĐT", "Quảng Trị", YEAR_2023, "quang-tri/so-ke-hoach-va-dau-tu"),
    ("Sở TT&TT", "Quảng Trị", YEAR_2023, "quang-tri/so-thong-tin-va-truyen-thong"),
    ("Sở LĐ-TB&XH", "Quảng Trị", YEAR_2023, "quang-tri/so-lao-dong-thuong-binh-va-xa-hoi"),
    ("Sở LĐTBXH", "Quảng Trị", YEAR_2023, "quang-tri/so-lao-dong-thuong-binh-va-xa-hoi"),
    ("Sở TN&MT", "Quảng Trị", YEAR_2023, "quang-tri/so-tai-nguyen-va-moi-truong"),
    ("Sở KH&CN", "Quảng Trị", NEW_ERA, "quang-tri/so-khoa-hoc-va-cong-nghe"),
    ("Sở NN&MT", "Quảng Trị", NEW_ERA, "quang-tri/so-nong-nghiep-va-moi-truong"),
    ("So GD&DT", "Quảng Trị", NEW_ERA, "quang-tri/so-giao-duc-va-dao-tao"),
    ("VP UBND tỉnh", "Quảng Trị", NEW_ERA, "quang-tri/van-phong-ubnd-tinh"),
    ("Văn phòng UBND Thành phố", "Hà Nội", NEW_ERA, "ha-noi/van-phong-ubnd-thanh-pho"),
    ("Thanh tra tỉnh", "Gia Lai", NEW_ERA, "gia-lai/thanh-tra-tinh"),
    ("BQL các KCN", "Phú Thọ", NEW_ERA, "phu-tho/ban-quan-ly-cac-khu-cong-nghiep"),
    ("BQL Khu kinh tế", "Gia Lai", NEW_ERA, "gia-lai/ban-quan-ly-khu-kinh-te"),
    ("Công an tỉnh", "Gia Lai", NEW_ERA, "gia-lai/cong-an-tinh"),
    ("Bộ NN&PTNT", None, YEAR_2023, "bo-nong-nghiep-va-phat-trien-nong-thon"),
    ("Bộ GD&ĐT", "Thái Nguyên", NEW_ERA, "bo-giao-duc-va-dao-tao"),
    ("Ngân hàng Nhà nước", None, NEW_ERA, "ngan-hang-nha-nuoc-viet-nam"),
    ("BHXH Việt Nam", None, NEW_ERA, "bao-hiem-xa-hoi-viet-nam"),
]


@pytest.mark.parametrize(("printed", "province", "on", "key"), FORMS, ids=[f[0] for f in FORMS])
def test_printed_forms_resolve(printed: str, province: str | None, on: date, key: str) -> None:
    found = resolve(REGISTRY, printed, province=province, on=on)
    assert found.unit is not None and found.unit.key == key, found
    assert found.method in ("exact", "alias") or printed == "UBND xã Albá", found


LOOK_ALIKES = [
    ("Xã Văn Lang", "Xã Văn Lăng", "Thái Nguyên"),
    ("Xã Sơn Hà", "Xã Sơn Hạ", "Quảng Ngãi"),
    ("Xã Ba Tơ", "Xã Ba Tô", "Quảng Ngãi"),
    ("Xã Cẩm Giang", "Xã Cẩm Giàng", "Hải Phòng"),
    ("Xã Lộc Thạnh", "Xã Lộc Thành", "Đồng Nai"),
    ("Xã Thanh An", "Xã Thạnh An", "Hồ Chí Minh"),
]


@pytest.mark.parametrize(("a", "b", "province"), LOOK_ALIKES, ids=[p[0] for p in LOOK_ALIKES])
def test_look_alikes_stay_two_units(a: str, b: str, province: str) -> None:
    ka = resolve(REGISTRY, a, province=province, on=NEW_ERA)
    kb = resolve(REGISTRY, b, province=province, on=NEW_ERA)
    assert ka.unit is not None and kb.unit is not None and ka.unit.key != kb.unit.key
    assert ka.method == kb.method == "exact"
    # typed without diacritics, each could be the other: ambiguous, never one of them; unless
    # the name typed is itself an official name ("Xã Thanh An")
    plain = resolve(REGISTRY, _unaccented(b), province=province, on=NEW_ERA)
    if _unaccented(_TYPE.sub("", a)) == _TYPE.sub("", a):
        assert plain.unit == ka.unit and plain.method == "exact"
    else:
        assert plain.unit is None and plain.ambiguous
        assert {ka.unit.key, kb.unit.key} <= {c.unit.key for c in plain.candidates}


def test_the_misprint_is_an_alias_of_the_official_name() -> None:
    lang = resolve(REGISTRY, "UBND xã Văn Lãng", province="Thái Nguyên", on=NEW_ERA)
    assert lang.unit is not None and lang.unit.name == "Xã Văn Lăng" and lang.method == "alias"
    # Lạng Sơn's own "Xã Văn Lãng" is an official name there
    own = resolve(REGISTRY, "UBND xã Văn Lãng", province="Lạng Sơn", on=NEW_ERA)
    assert own.unit is not None and own.unit.name == "Xã Văn Lãng" and own.method == "exact"


@pytest.mark.parametrize("name", ["Xã Tân Thành", "Sở Y tế", "Phường 1", "Văn phòng UBND tỉnh"])
def test_a_name_of_several_provinces_is_ambiguous_without_one(name: str) -> None:
    found = resolve(REGISTRY, name, on=date(2024, 6, 1))
    assert found.unit is None and found.ambiguous
    assert len({c.unit.province for c in found.candidates}) > 1


def test_the_province_narrows_and_a_parent_picks_among_same_names() -> None:
    one = resolve(REGISTRY, "Phường 1", province="Hồ Chí Minh", on=YEAR_2023)
    assert one.ambiguous  # a Phường 1 in many districts of 2023
    found = resolve(REGISTRY, "Phường 1 (Quận 10)", province="Hồ Chí Minh", on=YEAR_2023)
    assert found.unit is not None and found.unit.parent == "ho-chi-minh/quan-10"


# -- agencies of every province, ministries, lineage ---------------------------------------------

AGENCY_FORMS_2023 = ["Sở KH&ĐT", "Sở NN&PTNT", "Sở TT&TT", "Sở LĐ-TB&XH", "Sở GTVT", "Sở TN&MT"]
AGENCY_FORMS = ["Sở GD&ĐT", "Sở VH,TT&DL", "Sở KH&CN", "Văn phòng UBND", "Thanh tra", "Sở Y tế"]


# the 34 provinces of NQ 202/2025/QH15
PROVINCES_2025 = [
    "An Giang",
    "Bắc Ninh",
    "Cà Mau",
    "Cần Thơ",
    "Cao Bằng",
    "Đà Nẵng",
    "Đắk Lắk",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Phòng",
    "Hồ Chí Minh",
    "Huế",
    "Hưng Yên",
    "Khánh Hòa",
    "Lai Châu",
    "Lâm Đồng",
    "Lạng Sơn",
    "Lào Cai",
    "Nghệ An",
    "Ninh Bình",
    "Phú Thọ",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sơn La",
    "Tây Ninh",
    "Thái Nguyên",
    "Thanh Hóa",
    "Tuyên Quang",
    "Vĩnh Long",
]


@pytest.mark.parametrize("province", PROVINCES_2025)
def test_every_province_has_its_agencies_with_their_abbreviations(province: str) -> None:
    for printed in [*AGENCY_FORMS, "Sở Nông nghiệp và Môi trường", "Sở Dân tộc và Tôn giáo"]:
        found = resolve(REGISTRY, printed, province=province, on=NEW_ERA)
        assert found.unit is not None and found.unit.level == Level.DEPARTMENT, (printed, found)
    for printed in AGENCY_FORMS_2023:
        found = resolve(REGISTRY, printed, province=province, on=YEAR_2023)
        assert found.unit is not None, (printed, found)
        later = REGISTRY.continued(found.unit.key, NEW_ERA)  # 1/3/2025: merged, not gone
        assert later is not None and later.province == found.unit.province


def test_a_merged_provinces_agencies_continue_into_the_new_provinces() -> None:
    old = resolve(REGISTRY, "Sở KH&ĐT", province="Bắc Kạn", on=YEAR_2023).unit
    assert old is not None and old.key == "bac-kan/so-ke-hoach-va-dau-tu"
    assert REGISTRY.continued(old.key, NEW_ERA) == REGISTRY.get("thai-nguyen/so-tai-chinh")
    office = REGISTRY.continued("binh-duong/van-phong-ubnd-tinh", NEW_ERA)
    assert office is not None and office.key == "ho-chi-minh/van-phong-ubnd-thanh-pho"


def test_an_agency_particular_to_a_province() -> None:
    # printed in An Giang's workbook of October 2025 (the portal's export)
    found = resolve(REGISTRY, "Ban Quản lý Khu kinh tế Phú Quốc - tỉnh An Giang", on=NEW_ERA)
    assert found.unit is not None and found.unit.key == "an-giang/ban-quan-ly-khu-kinh-te-phu-quoc"
    before = resolve(REGISTRY, "BQL KKT Phú Quốc", province="Kiên Giang", on=YEAR_2023).unit
    assert before is not None and REGISTRY.continued(before.key, NEW_ERA) == found.unit


def test_ministries_are_a_level_with_the_2025_lineage() -> None:
    ministries = REGISTRY.select(level=Level.MINISTRY, on=YEAR_2023)
    assert {"Bộ Kế hoạch và Đầu tư", "Ủy ban Dân tộc", "Bộ Y tế"} <= {u.name for u in ministries}
    assert len(REGISTRY.select(level="ministry", on=NEW_ERA)) < len(ministries)
    old = REGISTRY.get("bo-tai-nguyen-va-moi-truong")
    assert REGISTRY.continued(old.key, NEW_ERA) == REGISTRY.get("bo-nong-nghiep-va-moi-truong")


def test_every_commune_of_2025_comes_from_communes_of_the_63_provinces() -> None:
    for unit in REGISTRY.select(level=Level.COMMUNE, on=NEW_ERA):
        before = REGISTRY.predecessors(unit.key)
        assert before, unit.key
        assert all(u.valid_to == date(2025, 6, 30) for u in before), unit.key
    lam_vy = {u.name for u in REGISTRY.predecessors("thai-nguyen/xa-lam-vy")}
    assert lam_vy == {"Xã Lam Vỹ", "Xã Linh Thông"}
    bac_kan = {u.province for u in REGISTRY.predecessors("thai-nguyen/phuong-bac-kan")}
    assert bac_kan == {"bac-kan"}


def test_registry_sizes_per_era() -> None:
    def count(level: Level, on: date) -> int:
        return len(REGISTRY.select(level=level, on=on))

    assert count(Level.PROVINCE, NEW_ERA) == 34 and count(Level.COMMUNE, NEW_ERA) == 3321
    assert count(Level.DISTRICT, NEW_ERA) == 0
    on_list_day = date(2023, 5, 7)  # the day of the 2023 list
    assert count(Level.PROVINCE, on_list_day) == 63
    assert count(Level.DISTRICT, on_list_day) == 705 and count(Level.COMMUNE, on_list_day) == 10598
    assert count(Level.DISTRICT, date(2025, 1, 4)) == 696


# -- a province's own file -----------------------------------------------------------------------

OWN = """key,name,level,province,code,valid_to,aliases
,Sở Y tế,department,Gia Lai,H21.19,,
,Sở Ngoại vụ,department,Gia Lai,H21.26,,
,Ban Quản lý Khu kinh tế,department,Gia Lai,H21.02,,BQL KKT tỉnh
,Công an tỉnh,department,Gia Lai,,2025-12-31,
,Trung tâm Phục vụ hành chính công,department,Gia Lai,H21.30,,TTPVHCC
gia-lai/xa-al-ba,,,,,,xã Albá
"""


def test_a_province_file_updates_and_adds_its_agencies(tmp_path: Path) -> None:
    path = tmp_path / "gia-lai.csv"
    path.write_text(OWN, encoding="utf-8")
    registry = REGISTRY.with_files(path)
    health = registry.get("gia-lai/so-y-te")
    assert health.code == "H21.19" and health.name == "Sở Y tế"
    assert registry.by_code("H21.19") == (health,)
    assert registry.get("gia-lai/cong-an-tinh").valid_to == date(2025, 12, 31)
    new = resolve(registry, "TTPVHCC", province="Gia Lai", on=NEW_ERA)
    assert new.unit is not None and new.unit.key == "gia-lai/trung-tam-phuc-vu-hanh-chinh-cong"
    albá = resolve(registry, "UBND xã Albá", province="Gia Lai", on=NEW_ERA)
    assert albá.method == "alias" and albá.unit is not None and albá.unit.key == "gia-lai/xa-al-ba"
    # the shipped registry is unchanged, and another province is untouched
    assert REGISTRY.get("gia-lai/so-y-te").code is None
    assert registry.get("thai-nguyen/so-y-te") is REGISTRY.get("thai-nguyen/so-y-te")


def test_a_row_that_updates_nothing_is_a_clear_error(tmp_path: Path) -> None:
    from idx766.errors import CorruptFileError

    path = tmp_path / "bad.csv"
    path.write_text("key,aliases\ngia-lai/xa-khong-co,xã Không Có\n", encoding="utf-8")
    with pytest.raises(CorruptFileError, match=r"line 2.*no unit has the key"):
        REGISTRY.with_files(path)


def test_the_shipped_files_are_clean_and_consistent() -> None:
    from idx766.text import clean

    keys = set()
    for unit in REGISTRY.units:
        assert unit.key not in keys
        keys.add(unit.key)
        for text in (unit.name, *unit.aliases):
            assert clean(text) == text
        if unit.province is not None and "/" in unit.key:
            assert unit.key.startswith(unit.province + "/")
        if unit.parent is not None:
            assert REGISTRY.get(unit.parent).level == Level.DISTRICT
    for unit in REGISTRY.units:
        assert all(s in keys for s in unit.successors), unit.key


def test_the_schema_allows_every_level() -> None:
    from importlib import resources

    schema = json.loads((resources.files("idx766") / "schema/interchange.schema.json").read_text())
    enums = [
        item["properties"]["level"]["enum"]
        for kind in ("scores", "changes", "overdue", "pakn", "metrics")
        for item in (schema["properties"][kind]["items"],)
    ]
    for enum in enums:
        assert {level.value for level in Level} <= set(enum)


def test_a_registry_reads_a_province_file_only_when_needed() -> None:
    fresh = default_registry.__wrapped__()  # type: ignore[attr-defined]
    assert isinstance(fresh, Registry) and not fresh._chunks
    resolve(fresh, "Xã Lam Vỹ", province="Thái Nguyên", on=NEW_ERA)
    assert set(fresh._chunks) == {"thai-nguyen", "bac-kan"}
