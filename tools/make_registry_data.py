"""Write the registry data shipped in src/idx766/units/data/ (output committed; see docs/units.md).

    python tools/make_registry_data.py [--wheels DIR]

Sources, pinned by version and SHA-256 and fetched with ``pip download`` (nothing is installed):

- ``vietnam-provinces`` 2025.10.1: the 34 provinces and 3,321 communes, wards and special zones
  from 1/7/2025 (GSO list, retrieved 2025-10-18);
- ``vietnam-provinces`` 0.6.0: the 63 provinces, 696 district-level units and 10,051
  communes of 2025-01-04 (the last list before 1/7/2025);
- ``vietnam-provinces`` 0.5.0: the 63 provinces, 705 district-level units and 10,598 communes
  of 2023-05-07;
- ``vietnamadminunits`` 1.0.4: which communes of the 63 provinces became which of the 34 (its
  ``converter_2025.json`` and the legacy list it is keyed to).

The 34 provinces' portal codes are those of Crawler-766's provinces.json (copied in
tests/portal); the 63 -> 34 lineage is NQ 202/2025/QH15; the agencies' lineage of 1/3/2025 is
NĐ 45/2025/NĐ-CP (provinces) and NQ 176/2025/QH15 (ministries). Provincial agencies are not in
those packages: every province gets the standard set below, which its own file may correct.

Output: provinces.csv, central.csv, province/<key>.csv (one per province of either era: its
agencies, its districts and communes before 1/7/2025, its communes after), overrides/*.csv
(hand-kept corrections, e.g. Thái Nguyên's), and tests/registry/ (the 2023 list as it is, for
the tests' independent reader: that release cannot be installed beside the 2025 one, which the
tests read from the installed package).
"""

from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from idx766.text import fold, name_key
from idx766.units.registry import COLUMNS, mark_suffixes, slug

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "idx766" / "units" / "data"
TESTS = ROOT / "tests" / "registry"

PINS = {
    "vietnam-provinces==2025.10.1": (
        "vietnam_provinces-2025.10.1-py3-none-any.whl",
        "1693dece496b1e04e2b637a3dd79a87a22666e13c91c51cf06dc27e482987f57",
    ),
    "vietnam-provinces==0.6.0": (
        "vietnam_provinces-0.6.0-py3-none-any.whl",
        "4b5772870efdcb7c58a64fbdc0e0c9ce497e67017a0c189dff99582ddadb7815",
    ),
    "vietnam-provinces==0.5.0": (
        "vietnam_provinces-0.5.0-py3-none-any.whl",
        "c56acf6c4ad3b4275b77ebf00903d862f04a389e385813c7df9a89b6490dbdfc",
    ),
    "vietnamadminunits==1.0.4": (
        "vietnamadminunits-1.0.4-py3-none-any.whl",
        "737ee3662e877290386c1c45ed4d71f2e5fae34ab6fb9c64bfb4cb74b216ea35",
    ),
}

REORG_DEPARTMENTS = "2025-03-01"
LAST_OLD_DAY = "2025-06-30"
NEW_ERA = "2025-07-01"
# A unit in the 2023 list and not in the 2025-01 one ended between them, one only in the later
# list began between them: the 2023-2025 round of mergers (NQ of the UBTVQH), most of it in force
# on 1/1/2025. The packages do not give each unit's date: 1/1/2025 is taken for all (a few took
# effect on 1/11 or 1/12/2024). One in the lineage's list only began after 2025-01-04.
BEFORE_2025_ROUND = "2024-12-31"
AFTER_2025_ROUND = "2025-01-01"
AFTER_2025_LIST = "2025-01-05"

# new province <- old provinces merged into it (the first keeps its name); NQ 202/2025/QH15
MERGERS = {
    "Tuyên Quang": ["Hà Giang"],
    "Lào Cai": ["Yên Bái"],
    "Thái Nguyên": ["Bắc Kạn"],
    "Phú Thọ": ["Vĩnh Phúc", "Hòa Bình"],
    "Bắc Ninh": ["Bắc Giang"],
    "Hưng Yên": ["Thái Bình"],
    "Hải Phòng": ["Hải Dương"],
    "Ninh Bình": ["Hà Nam", "Nam Định"],
    "Quảng Trị": ["Quảng Bình"],
    "Đà Nẵng": ["Quảng Nam"],
    "Quảng Ngãi": ["Kon Tum"],
    "Gia Lai": ["Bình Định"],
    "Khánh Hòa": ["Ninh Thuận"],
    "Lâm Đồng": ["Đắk Nông", "Bình Thuận"],
    "Đắk Lắk": ["Phú Yên"],
    "Hồ Chí Minh": ["Bình Dương", "Bà Rịa - Vũng Tàu"],
    "Đồng Nai": ["Bình Phước"],
    "Tây Ninh": ["Long An"],
    "Cần Thơ": ["Sóc Trăng", "Hậu Giang"],
    "Vĩnh Long": ["Bến Tre", "Trà Vinh"],
    "Đồng Tháp": ["Tiền Giang"],
    "Cà Mau": ["Bạc Liêu"],
    "An Giang": ["Kiên Giang"],
}
UNCHANGED = [
    "Hà Nội",
    "Huế",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Lạng Sơn",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Cao Bằng",
]
PROVINCE_ALIASES = {
    "Huế": ["Thừa Thiên Huế", "Thừa Thiên - Huế"],
    "Hồ Chí Minh": ["TP.HCM", "TP HCM", "TPHCM"],
    "Bà Rịa - Vũng Tàu": ["Bà Rịa Vũng Tàu"],
}
# centrally-run cities: their agencies say "thành phố" where a province's say "tỉnh"
CITIES = {"Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}

# The standard agencies of a province: (name, aliases, valid_from, valid_to, successor).
# "{tinh}" is "tỉnh" or "thành phố". Lineage of 1/3/2025: NĐ 45/2025/NĐ-CP.
AGENCIES: list[tuple[str, list[str], str, str, str]] = [
    ("Văn phòng UBND {tinh}", ["Văn phòng Ủy ban nhân dân {tinh}", "VP UBND {tinh}"], "", "", ""),
    ("Thanh tra {tinh}", [], "", "", ""),
    ("Công an {tinh}", [], "", "", ""),
    ("Sở Nội vụ", [], "", "", ""),
    ("Sở Tư pháp", [], "", "", ""),
    ("Sở Tài chính", [], "", "", ""),
    ("Sở Công Thương", [], "", "", ""),
    ("Sở Xây dựng", [], "", "", ""),
    ("Sở Văn hóa, Thể thao và Du lịch", ["Sở VH,TT&DL", "Sở VHTTDL"], "", "", ""),
    ("Sở Khoa học và Công nghệ", ["Sở KH&CN"], "", "", ""),
    ("Sở Giáo dục và Đào tạo", ["Sở GD&ĐT"], "", "", ""),
    ("Sở Y tế", [], "", "", ""),
    ("Sở Ngoại vụ", [], "", "", ""),
    ("Ban Quản lý các Khu công nghiệp", ["BQL các KCN"], "", "", ""),
    ("Ban Quản lý Khu kinh tế", ["BQL Khu kinh tế", "BQL KKT"], "", "", ""),
    ("Sở Kế hoạch và Đầu tư", ["Sở KH&ĐT"], "", "2025-02-28", "Sở Tài chính"),
    ("Sở Giao thông vận tải", ["Sở GTVT"], "", "2025-02-28", "Sở Xây dựng"),
    (
        "Sở Thông tin và Truyền thông",
        ["Sở TT&TT"],
        "",
        "2025-02-28",
        "Sở Khoa học và Công nghệ",
    ),
    (
        "Sở Nông nghiệp và Phát triển nông thôn",
        ["Sở NN&PTNT"],
        "",
        "2025-02-28",
        "Sở Nông nghiệp và Môi trường",
    ),
    (
        "Sở Tài nguyên và Môi trường",
        ["Sở TN&MT"],
        "",
        "2025-02-28",
        "Sở Nông nghiệp và Môi trường",
    ),
    ("Sở Lao động - Thương binh và Xã hội", ["Sở LĐ-TB&XH"], "", "2025-02-28", "Sở Nội vụ"),
    ("Ban Dân tộc", [], "", "2025-02-28", "Sở Dân tộc và Tôn giáo"),
    ("Sở Nông nghiệp và Môi trường", ["Sở NN&MT"], REORG_DEPARTMENTS, "", ""),
    ("Sở Dân tộc và Tôn giáo", ["Sở DT&TG"], REORG_DEPARTMENTS, "", ""),
]
# where culture and tourism are two departments
TOURISM = {"Hà Nội", "Hồ Chí Minh", "Đà Nẵng", "Quảng Ninh", "Khánh Hòa", "Kiên Giang"}
TOURISM_AGENCIES: list[tuple[str, list[str], str, str, str]] = [
    ("Sở Văn hóa và Thể thao", ["Sở VH&TT"], "", "", ""),
    ("Sở Du lịch", [], "", "", ""),
]

# Ministries and central agencies (level "ministry"); lineage of 1/3/2025: NQ 176/2025/QH15.
MINISTRIES: list[tuple[str, list[str], str, str, str]] = [
    ("Bộ Quốc phòng", [], "", "", ""),
    ("Bộ Công an", [], "", "", ""),
    ("Bộ Ngoại giao", [], "", "", ""),
    ("Bộ Nội vụ", [], "", "", ""),
    ("Bộ Tư pháp", [], "", "", ""),
    ("Bộ Tài chính", [], "", "", ""),
    ("Bộ Công Thương", [], "", "", ""),
    ("Bộ Xây dựng", [], "", "", ""),
    ("Bộ Văn hóa, Thể thao và Du lịch", ["Bộ VH,TT&DL", "Bộ VHTTDL"], "", "", ""),
    ("Bộ Khoa học và Công nghệ", ["Bộ KH&CN"], "", "", ""),
    ("Bộ Giáo dục và Đào tạo", ["Bộ GD&ĐT"], "", "", ""),
    ("Bộ Y tế", [], "", "", ""),
    ("Bộ Kế hoạch và Đầu tư", ["Bộ KH&ĐT"], "", "2025-02-28", "Bộ Tài chính"),
    ("Bộ Giao thông vận tải", ["Bộ GTVT"], "", "2025-02-28", "Bộ Xây dựng"),
    (
        "Bộ Thông tin và Truyền thông",
        ["Bộ TT&TT"],
        "",
        "2025-02-28",
        "Bộ Khoa học và Công nghệ",
    ),
    (
        "Bộ Nông nghiệp và Phát triển nông thôn",
        ["Bộ NN&PTNT"],
        "",
        "2025-02-28",
        "Bộ Nông nghiệp và Môi trường",
    ),
    (
        "Bộ Tài nguyên và Môi trường",
        ["Bộ TN&MT"],
        "",
        "2025-02-28",
        "Bộ Nông nghiệp và Môi trường",
    ),
    ("Bộ Lao động - Thương binh và Xã hội", ["Bộ LĐ-TB&XH"], "", "2025-02-28", "Bộ Nội vụ"),
    ("Ủy ban Dân tộc", ["UBDT"], "", "2025-02-28", "Bộ Dân tộc và Tôn giáo"),
    ("Bộ Nông nghiệp và Môi trường", ["Bộ NN&MT"], REORG_DEPARTMENTS, "", ""),
    ("Bộ Dân tộc và Tôn giáo", ["Bộ DT&TG"], REORG_DEPARTMENTS, "", ""),
    ("Ngân hàng Nhà nước Việt Nam", ["Ngân hàng Nhà nước", "NHNN"], "", "", ""),
    ("Thanh tra Chính phủ", ["TTCP"], "", "", ""),
    ("Văn phòng Chính phủ", ["VPCP"], "", "", ""),
    ("Bảo hiểm xã hội Việt Nam", ["BHXH Việt Nam", "BHXH VN"], "", "", ""),
]

# Agencies particular to a province, seen in its own files: (province, name, valid_to,
# successor key, aliases). An Giang's workbook of October 2025 (the portal's export) scores the
# Ban Quản lý Khu kinh tế Phú Quốc, Kiên Giang's until the merger, and the Sở Du lịch (H01.15)
# and the Sở Văn hóa và Thể thao (H01.04) that the merged province kept from Kiên Giang.
PARTICULAR_AGENCIES = [
    (
        "kien-giang",
        "Ban Quản lý Khu kinh tế Phú Quốc",
        LAST_OLD_DAY,
        "an-giang/ban-quan-ly-khu-kinh-te-phu-quoc",
        ["BQL Khu kinh tế Phú Quốc", "BQL KKT Phú Quốc"],
    ),
    (
        "an-giang",
        "Ban Quản lý Khu kinh tế Phú Quốc",
        "",
        "",
        ["BQL Khu kinh tế Phú Quốc", "BQL KKT Phú Quốc"],
    ),
    ("an-giang", "Sở Du lịch", "", "", []),
    ("an-giang", "Sở Văn hóa và Thể thao", "", "", []),
]

# Thái Nguyên's corrections (overrides/thai-nguyen.csv): the seeds' misprints of official names
# (the misprint is an alias) and what its departments did differently from the standard set
TN_ALIASES = {
    "Xã Phượng Tiến": ["xã Phụng Tiến"],
    "Xã Kim Phượng": ["xã Kim Phụng"],
    "Xã Điềm Thụy": ["xã Diêm Thụy", "xã Diềm Thụy"],
    "Phường Phổ Yên": ["phường Phở Yên"],
    "Xã Phủ Thông": ["xã Phú Thông"],
    "Xã Văn Lăng": ["xã Văn Lãng"],
}
TN_DEPARTMENTS = [
    # (name, valid_to, aliases)
    ("Sở Ngoại vụ", "2025-02-28", []),
    (
        "Ban Quản lý các Khu công nghiệp",
        "",
        ["BQL Khu công nghiệp", "Ban quản lý các Khu công nghiệp tỉnh"],
    ),
]


# -- fetching the pinned packages ---------------------------------------------------------------


def wheel(spec: str, cache: Path) -> Path:
    """The pinned wheel, downloaded into ``cache`` if not there, its SHA-256 checked."""
    filename, sha256 = PINS[spec]
    path = cache / filename
    if not path.exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--only-binary=:all:",
                "--dest",
                str(cache),
                spec,
            ],
            check=True,
        )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sha256:
        raise SystemExit(f"{path}: SHA-256 {digest}, expected {sha256}")
    return path


def member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name)


# -- names --------------------------------------------------------------------------------------


def tidy(name: str) -> str:
    """An official name as printed, with its whitespace and type word's capitals made regular."""
    name = " ".join(unicodedata.normalize("NFC", name).split())
    for wrong, right in (("Thành Phố ", "Thành phố "), ("Thị Xã ", "Thị xã ")):
        if name.startswith(wrong):
            name = right + name[len(wrong) :]
    return name


def short_province(name: str) -> str:
    return re.sub(r"^(Tỉnh|Thành phố) ", "", tidy(name))


def province_keys() -> dict[str, str]:
    """Province key by every key of a province name (short, full, alias)."""
    keys = {}
    for name in [*UNCHANGED, *MERGERS, *(o for olds in MERGERS.values() for o in olds)]:
        for form in [name, *PROVINCE_ALIASES.get(name, [])]:
            keys[fold(form)] = slug(name)
    return keys


# -- provinces and ministries -------------------------------------------------------------------


def provinces(
    codes: dict[str, str], new: list[dict[str, Any]], old: list[dict[str, Any]]
) -> list[dict[str, str]]:
    keys = province_keys()
    gso = {keys[fold(short_province(p["name"]))]: f"{p['code']:02d}" for p in old}
    gso |= {keys[fold(short_province(p["name"]))]: f"{p['code']:02d}" for p in new}
    rows = []
    for name in sorted([*UNCHANGED, *MERGERS], key=slug):
        rows.append(
            {
                "key": slug(name),
                "name": name,
                "level": "province",
                "code": codes[name],
                "aliases": ";".join(PROVINCE_ALIASES.get(name, [])),
                "gso_code": gso[slug(name)],
            }
        )
    for new_name, olds in MERGERS.items():
        for name in olds:
            rows.append(
                {
                    "key": slug(name),
                    "name": name,
                    "level": "province",
                    "valid_to": LAST_OLD_DAY,
                    "successors": slug(new_name),
                    "aliases": ";".join(PROVINCE_ALIASES.get(name, [])),
                    "gso_code": gso[slug(name)],
                }
            )
    return rows


def agency_successor(
    name: str, *, city: bool, into: str, into_city: bool, into_tourism: bool
) -> str:
    """The agency of province ``into`` that an agency of a province merged into it became
    (culture and tourism go to the one department where ``into`` has one)."""
    for template, *_ in AGENCIES + TOURISM_AGENCIES:
        if template.format(tinh="thành phố" if city else "tỉnh") == name:
            if not into_tourism and any(template == t[0] for t in TOURISM_AGENCIES):
                template = "Sở Văn hóa, Thể thao và Du lịch"
            return f"{into}/{slug(template.format(tinh='thành phố' if into_city else 'tỉnh'))}"
    raise SystemExit(f"no successor for {name}")


def agencies(
    templates: Iterable[tuple[str, list[str], str, str, str]],
    *,
    province: str | None,
    city: bool,
    valid_to: str = "",
    successor_of: Any = None,
) -> list[dict[str, str]]:
    """One province's agencies (or the ministries, ``province`` None) from the templates."""
    tinh = "thành phố" if city else "tỉnh"
    prefix = f"{province}/" if province else ""
    rows = []
    for name, aliases, start, end, successor in templates:
        name = name.format(tinh=tinh)
        succ = [f"{prefix}{slug(successor)}"] if successor else []
        if not end and valid_to:
            end, succ = valid_to, [successor_of(name)]
        rows.append(
            {
                "key": prefix + slug(name),
                "name": name,
                "level": "department" if province else "ministry",
                "valid_from": start,
                "valid_to": end,
                "successors": ";".join(succ),
                "aliases": ";".join(a.format(tinh=tinh) for a in aliases),
            }
        )
    return rows


# -- districts and communes ---------------------------------------------------------------------


class Old:
    """The units of the 63 provinces: districts and communes of two GSO lists and of the legacy
    list the lineage is keyed to, as one set of units with their dates."""

    def __init__(self) -> None:
        self.units: dict[str, dict[str, Any]] = {}  # key -> row (with "_lists" and "_names")
        self.children: dict[str, dict[str, list[str]]] = defaultdict(dict)

    def district(self, province: str, name: str, code: int | str, source: str) -> str:
        name = tidy(name)
        key = f"{province}/{slug(name)}"
        row = self.units.setdefault(
            key,
            {
                "key": key,
                "name": name,
                "level": "district",
                "province": province,
                "_lists": set(),
                "_names": set(),
            },
        )
        row["_lists"].add(source)
        row["_names"].add(name)
        if source != "legacy":
            row["name"], row["gso_code"] = name, f"{int(code):03d}"
        return key

    def commune(
        self, district: str, name: str, code: int | str, source: str, same_as: str | None = None
    ) -> str:
        """The commune's temporary id: a name already seen in the district under another
        spelling of one slug (Sa Pa / Sa Pả) gets its own key later (:meth:`finish`).
        ``same_as``: the id of the same commune in an earlier list, spelt otherwise."""
        name = tidy(name)
        group = self.children[district].setdefault(slug(name), [])
        if same_as is None and name_key(name) not in (name_key(n) for n in group):
            group.append(name)
        ident = same_as or f"{district}/{slug(name)}#{name_key(name)}"
        row = self.units.setdefault(
            ident,
            {
                "name": name,
                "level": "commune",
                "province": district.split("/")[0],
                "parent": district,
                "_lists": set(),
                "_names": set(),
            },
        )
        row["_lists"].add(source)
        row["_names"].add(name)
        if source != "legacy":
            row["name"], row["gso_code"] = name, f"{int(code):05d}"
        return ident

    def finish(self) -> dict[str, str]:
        """Give every commune its key (with mark suffixes inside a slug group); the dates from
        the lists each unit is in. Returns the temporary ids -> keys."""
        final: dict[str, str] = {}
        for district, groups in self.children.items():
            for base, names in groups.items():
                suffixes = mark_suffixes(names) if len(names) > 1 else [""]
                if len(set(suffixes)) != len(suffixes):
                    raise SystemExit(f"{district}: cannot tell {names} apart by their marks")
                for name, suffix in zip(names, suffixes, strict=True):
                    final[f"{district}/{base}#{name_key(name)}"] = f"{district}/{base}{suffix}"
        units = {}
        for ident, row in self.units.items():
            key = final.get(ident, ident)
            row["key"] = key
            lists = row.pop("_lists")
            names = row.pop("_names")
            aliases = sorted({n for n in names if name_key(n) != name_key(row["name"])})
            row["aliases"] = ";".join(aliases)
            if "2025-01" in lists or "legacy" in lists:
                row["valid_to"] = LAST_OLD_DAY
            else:
                row["valid_to"] = BEFORE_2025_ROUND
            if "2023" not in lists:
                row["valid_from"] = AFTER_2025_ROUND if "2025-01" in lists else AFTER_2025_LIST
            units[key] = row
        self.units = units
        return final


def write(path: Path, rows: Iterable[dict[str, Any]], columns: Iterable[str] = COLUMNS) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    cols = list(columns)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=cols, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in cols})
            count += 1
    return count


def legacy_rows(path: Path) -> list[tuple[Any, ...]]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "dataset.db"
        db.write_bytes(member(path, "vietnamadminunits/data/dataset.db"))
        con = sqlite3.connect(db)
        try:
            return con.execute(
                "select province, district, ward, provinceKey, districtKey, wardKey, wardCode,"
                " districtCode from admin_units_legacy"
            ).fetchall()
        finally:
            con.close()


def new_rows(path: Path) -> list[tuple[Any, ...]]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "dataset.db"
        db.write_bytes(member(path, "vietnamadminunits/data/dataset.db"))
        con = sqlite3.connect(db)
        try:
            return con.execute(
                "select province, ward, provinceKey, wardKey from admin_units"
            ).fetchall()
        finally:
            con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--wheels", type=Path, default=Path(tempfile.gettempdir()) / "idx766-wheels"
    )
    args = parser.parse_args()
    args.wheels.mkdir(parents=True, exist_ok=True)
    vp2025 = wheel("vietnam-provinces==2025.10.1", args.wheels)
    vp2501 = wheel("vietnam-provinces==0.6.0", args.wheels)
    vp2023 = wheel("vietnam-provinces==0.5.0", args.wheels)
    vau = wheel("vietnamadminunits==1.0.4", args.wheels)
    nested = "vietnam_provinces/data/nested-divisions.json"
    new = json.loads(member(vp2025, nested))
    old2501 = json.loads(member(vp2501, nested))
    old2023 = json.loads(member(vp2023, nested))
    lineage = json.loads(member(vau, "vietnamadminunits/data/converter_2025.json"))
    keys = province_keys()

    def pkey(name: str) -> str:
        return keys[fold(short_province(name))]

    # -- provinces and ministries
    config = json.loads((ROOT / "tests/portal/Crawler-766/data/config/provinces.json").read_text())
    codes = {}
    for p in config["provinces"]:
        name = unicodedata.normalize("NFC", p["departmentName"])
        codes[re.sub(r"^UBND (tỉnh|Thành phố) ", "", name)] = p["departmentCode"]
    province_rows = provinces(codes, new, old2023)
    write(OUT / "provinces.csv", province_rows)
    ministries = agencies(MINISTRIES, province=None, city=False)
    write(OUT / "central.csv", ministries)
    successor_province = {r["key"]: r["successors"] for r in province_rows if r.get("successors")}
    city_keys = {slug(c) for c in CITIES}
    name_of = {r["key"]: r["name"] for r in province_rows}

    # -- the 63 provinces' districts and communes (two GSO lists and the lineage's own list)
    old = Old()
    by_code_2023: dict[tuple[str, int], str] = {}
    respelt = 0
    for source, data in (("2023", old2023), ("2025-01", old2501)):
        for p in data:
            for d in p["districts"]:
                dkey = old.district(pkey(p["name"]), d["name"], d["code"], source)
                for w in d["wards"]:
                    earlier = by_code_2023.get((dkey, w["code"]))
                    same_as = None
                    if earlier is not None:
                        was = old.units[earlier]["name"]
                        if name_key(was) != name_key(tidy(w["name"])) and fold(was) == fold(
                            tidy(w["name"])
                        ):
                            same_as, respelt = earlier, respelt + 1
                    ident = old.commune(dkey, w["name"], w["code"], source, same_as)
                    if source == "2023":
                        by_code_2023[(dkey, w["code"])] = ident
    by_code_2501 = {
        (pkey(p["name"]), w["code"]): (pkey(p["name"]), tidy(d["name"]), tidy(w["name"]))
        for p in old2501
        for d in p["districts"]
        for w in d["wards"]
    }
    legacy_ids: dict[str, str] = {}  # the lineage's old key -> our temporary id
    matched_by_code = 0
    for prov, dist, ward, pk, dk, wk, wcode, dcode in legacy_rows(vau):
        province = pkey(prov)
        if ward is None:  # an island district without communes
            legacy_ids[f"{pk}_{dk}_"] = old.district(province, dist, dcode, "legacy")
            continue
        known = by_code_2501.get((province, int(wcode)))
        if (
            known is not None
            and slug(known[1]) != slug(tidy(dist))
            and fold(known[2]) == fold(tidy(ward))
        ):
            dist = known[1]  # the same commune, listed under its district's new name
        dkey = old.district(province, dist, dcode, "legacy")
        same = [
            n for n in old.children[dkey].get(slug(tidy(ward)), []) if name_key(n) == name_key(ward)
        ]
        if not same and known is not None and slug(known[1]) == slug(tidy(dist)):
            # spelled otherwise in the lineage's list: the GSO name wins, this one is an alias
            matched_by_code += 1
            ident = old.commune(dkey, known[2], wcode, "legacy")
            old.units[ident]["_names"].add(tidy(ward))
        else:
            ident = old.commune(dkey, ward, wcode, "legacy")
        legacy_ids[f"{pk}_{dk}_{wk}"] = ident
    final = old.finish()

    # -- the 34 provinces' communes, and which old units each comes from
    new_units: dict[str, dict[str, Any]] = {}
    new_by_name: dict[tuple[str, str], str] = {}
    for p in new:
        province = pkey(p["name"])
        names = [tidy(w["name"]) for w in p["wards"]]
        groups: dict[str, list[str]] = defaultdict(list)
        for name in names:
            groups[slug(name)].append(name)
        for w, name in zip(p["wards"], names, strict=True):
            group = groups[slug(name)]
            suffix = mark_suffixes(group)[group.index(name)] if len(group) > 1 else ""
            key = f"{province}/{slug(name)}{suffix}"
            if key in new_units:
                raise SystemExit(f"two communes of {province} share the key {key}")
            new_units[key] = {
                "key": key,
                "name": name,
                "level": "commune",
                "province": province,
                "valid_from": NEW_ERA,
                "gso_code": f"{w['code']:05d}",
            }
            new_by_name[(province, name_key(name))] = key
    lineage_province = {}
    new_key_of: dict[tuple[str, str], str] = {}
    unmatched_new = []
    for prov, ward, pk, wk in new_rows(vau):
        province = pkey(prov)
        lineage_province[pk] = province
        found = new_by_name.get((province, name_key(ward)))
        if found is None:
            same = [
                k for (p, n), k in new_by_name.items() if p == province and slug(n) == slug(ward)
            ]
            found = same[0] if len(same) == 1 else None
        if found is None:
            unmatched_new.append((prov, ward))
            continue
        new_key_of[(pk, wk)] = found
    successors: dict[str, list[str]] = defaultdict(list)
    for pk, wards in lineage["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for wk, olds in wards.items():
            target = new_key_of.get((pk, wk))
            for old_id in olds:
                if target is not None and old_id in legacy_ids:
                    successors[final.get(legacy_ids[old_id], legacy_ids[old_id])].append(target)
    for pk, splits in lineage["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_id, parts in splits.items():
            for part in parts:
                target = new_key_of.get((pk, part["newWardKey"]))
                if target is not None and old_id in legacy_ids:
                    successors[final.get(legacy_ids[old_id], legacy_ids[old_id])].append(target)
    for key, targets in successors.items():
        old.units[key]["successors"] = ";".join(dict.fromkeys(targets))

    # -- one file per province: agencies, old districts and communes, new communes
    by_province: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in province_rows:
        province = row["key"]
        merged_into = successor_province.get(province)
        templates = AGENCIES + (TOURISM_AGENCIES if name_of[province] in TOURISM else [])
        city = province in city_keys
        if merged_into:
            rows = agencies(
                templates,
                province=province,
                city=city,
                valid_to=LAST_OLD_DAY,
                successor_of=functools.partial(
                    agency_successor,
                    city=city,
                    into=merged_into,
                    into_city=merged_into in city_keys,
                    into_tourism=name_of[merged_into] in TOURISM,
                ),
            )
        else:
            rows = agencies(templates, province=province, city=city)
        by_province[province].extend(rows)
    for unit in sorted(old.units.values(), key=lambda r: (r["level"] != "district", r["key"])):
        by_province[unit["province"]].append(unit)
    for unit in new_units.values():
        by_province[unit["province"]].append(unit)
    chunk_columns = [c for c in COLUMNS if c not in ("province", "code")]
    sizes = {}
    for old_file in (OUT / "province").glob("*.csv"):
        old_file.unlink()
    for province, rows in sorted(by_province.items()):
        sizes[province] = write(OUT / "province" / f"{province}.csv", rows, chunk_columns)

    # -- Thái Nguyên's corrections
    tn_rows = []
    for name, valid_to, aliases in TN_DEPARTMENTS:
        tn_rows.append(
            {
                "key": f"thai-nguyen/{slug(name)}",
                "name": name,
                "level": "department",
                "province": "thai-nguyen",
                "valid_to": valid_to,
                "aliases": ";".join(aliases),
            }
        )
    for name, aliases in TN_ALIASES.items():
        key = new_by_name[("thai-nguyen", name_key(name))]
        tn_rows.append(
            {
                "key": key,
                "name": name,
                "level": "commune",
                "province": "thai-nguyen",
                "aliases": ";".join(aliases),
            }
        )
    write(OUT / "overrides" / "thai-nguyen.csv", tn_rows)
    particular: dict[str, list[dict[str, str]]] = defaultdict(list)
    for province, name, valid_to, successor, aliases in PARTICULAR_AGENCIES:
        particular[province].append(
            {
                "key": f"{province}/{slug(name)}",
                "name": name,
                "level": "department",
                "province": province,
                "valid_to": valid_to,
                "successors": successor,
                "aliases": ";".join(aliases),
            }
        )
    for province, rows in particular.items():
        write(OUT / "overrides" / f"{province}.csv", rows)

    # -- the upstream lists as they are, for the tests' independent reader
    write(
        TESTS / "vietnam-provinces-0.5.0-districts.csv",
        (
            {"province": p["name"], "district": d["name"], "code": d["code"]}
            for p in old2023
            for d in p["districts"]
        ),
        ["province", "district", "code"],
    )
    levels = defaultdict(int)
    for rows in by_province.values():
        for r in rows:
            levels[(r["level"], "old" if r.get("valid_to") else "current")] += 1
    sys.stdout.write(
        f"wrote {OUT}: {len(province_rows)} provinces, {len(ministries)} ministries, "
        f"{sum(sizes.values())} units in {len(sizes)} province files "
        f"({dict(sorted(levels.items()))}); lineage: {len(successors)} old units with successors, "
        f"{matched_by_code} legacy spellings kept as aliases, {respelt} communes respelt between "
        f"the GSO lists, {len(unmatched_new)} new communes "
        f"of the lineage not found: {unmatched_new[:5]}\n"
    )


if __name__ == "__main__":
    main()
