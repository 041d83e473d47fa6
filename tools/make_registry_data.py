"""Write the registry data files shipped in src/idx766/units/data/ (run once; output committed).

Sources: the 34 provinces' portal codes are those of Crawler-766's provinces.json (copied in
tests/portal); the 63 -> 34 lineage is NQ 202/2025/QH15; the departments' lineage of 1/3/2025 is
NĐ 45/2025/NĐ-CP as applied by the province; Thái Nguyên's 92 communes are those of seed 001's
Phụ lục I (official spellings where the seeds misspell, the misspellings kept as aliases); its 9
district-level units of 2023 those of seed 004.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "idx766" / "units" / "data"
COLUMNS = ["key", "name", "level", "province", "code", "valid_from", "valid_to", "successors",
           "aliases"]
REORG_PROVINCES = "2025-07-01"
REORG_DEPARTMENTS = "2025-03-01"

# new province <- old provinces merged into it (the first keeps its name); NQ 202/2025/QH15
MERGERS = {
    "Tuyên Quang": ["Hà Giang"], "Lào Cai": ["Yên Bái"], "Thái Nguyên": ["Bắc Kạn"],
    "Phú Thọ": ["Vĩnh Phúc", "Hòa Bình"], "Bắc Ninh": ["Bắc Giang"], "Hưng Yên": ["Thái Bình"],
    "Hải Phòng": ["Hải Dương"], "Ninh Bình": ["Hà Nam", "Nam Định"], "Quảng Trị": ["Quảng Bình"],
    "Đà Nẵng": ["Quảng Nam"], "Quảng Ngãi": ["Kon Tum"], "Gia Lai": ["Bình Định"],
    "Khánh Hòa": ["Ninh Thuận"], "Lâm Đồng": ["Đắk Nông", "Bình Thuận"], "Đắk Lắk": ["Phú Yên"],
    "Hồ Chí Minh": ["Bình Dương", "Bà Rịa - Vũng Tàu"], "Đồng Nai": ["Bình Phước"],
    "Tây Ninh": ["Long An"], "Cần Thơ": ["Sóc Trăng", "Hậu Giang"],
    "Vĩnh Long": ["Bến Tre", "Trà Vinh"], "Đồng Tháp": ["Tiền Giang"], "Cà Mau": ["Bạc Liêu"],
    "An Giang": ["Kiên Giang"],
}
UNCHANGED = ["Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh",
             "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng"]
PROVINCE_ALIASES = {"Huế": ["Thừa Thiên Huế", "Thừa Thiên - Huế"], "Hồ Chí Minh": ["TP.HCM", "TP HCM"],
                    "Bà Rịa - Vũng Tàu": ["Bà Rịa Vũng Tàu"]}

# Thái Nguyên's departments: (name, valid_from, valid_to, successors, aliases)
DEPARTMENTS = [
    ("Văn phòng UBND tỉnh", "", "", [], ["VP UBND tỉnh"]),
    ("Thanh tra tỉnh", "", "", [], []),
    ("Sở Y tế", "", "", [], []),
    ("Sở Nội vụ", "", "", [], []),
    ("Sở Tư pháp", "", "", [], []),
    ("Sở Văn hóa, Thể thao và Du lịch", "", "", [], ["Sở VHTTDL"]),
    ("Sở Xây dựng", "", "", [], []),
    ("Sở Khoa học và Công nghệ", "", "", [], ["Sở KH&CN"]),
    ("Sở Giáo dục và Đào tạo", "", "", [], ["Sở GD&ĐT"]),
    ("Sở Công Thương", "", "", [], []),
    ("Sở Tài chính", "", "", [], []),
    ("Ban Quản lý các Khu công nghiệp", "", "", [],
     ["BQL Khu công nghiệp", "Ban quản lý các Khu công nghiệp tỉnh", "BQL các KCN"]),
    ("Sở Nông nghiệp và Môi trường", REORG_DEPARTMENTS, "", [], []),
    ("Sở Dân tộc và Tôn giáo", REORG_DEPARTMENTS, "", [], []),
    ("Sở Kế hoạch và Đầu tư", "", "2025-02-28", ["Sở Tài chính"], ["Sở KH&ĐT"]),
    ("Sở Giao thông vận tải", "", "2025-02-28", ["Sở Xây dựng"], ["Sở GTVT"]),
    ("Sở Thông tin và Truyền thông", "", "2025-02-28", ["Sở Khoa học và Công nghệ"], ["Sở TT&TT"]),
    ("Sở Nông nghiệp và Phát triển nông thôn", "", "2025-02-28",
     ["Sở Nông nghiệp và Môi trường"], ["Sở NN&PTNT"]),
    ("Sở Tài nguyên và Môi trường", "", "2025-02-28", ["Sở Nông nghiệp và Môi trường"],
     ["Sở TN&MT"]),
    ("Sở Lao động - Thương binh và Xã hội", "", "2025-02-28", ["Sở Nội vụ"], ["Sở LĐ-TB&XH"]),
    ("Ban Dân tộc", "", "2025-02-28", ["Sở Dân tộc và Tôn giáo"], []),
    ("Sở Ngoại vụ", "", "2025-02-28", [], []),
]
DISTRICTS = ["thành phố Thái Nguyên", "thành phố Sông Công", "thành phố Phổ Yên",
             "huyện Định Hóa", "huyện Phú Lương", "huyện Đồng Hỷ", "huyện Võ Nhai", "huyện Đại Từ",
             "huyện Phú Bình"]
# seed spellings -> official name (the seed's spelling becomes an alias)
OFFICIAL = {"xã Phụng Tiến": "xã Phượng Tiến", "xã Kim Phụng": "xã Kim Phượng",
            "xã Diêm Thụy": "xã Điềm Thụy", "phường Phở Yên": "phường Phổ Yên"}
EXTRA_ALIASES = {"xã Điềm Thụy": ["xã Diềm Thụy"], "xã Phủ Thông": ["xã Phú Thông"]}

TONES = {"\u0301": "sac", "\u0300": "huyen", "\u0309": "hoi", "\u0303": "nga", "\u0323": "nang"}


def fold(text: str) -> str:
    nfd = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in nfd if not unicodedata.combining(c)).lower()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def provinces(codes: dict[str, str]) -> list[dict[str, str]]:
    rows = []
    for name in sorted([*UNCHANGED, *MERGERS], key=slug):
        rows.append({"key": slug(name), "name": name, "level": "province", "code": codes[name],
                     "aliases": ";".join(PROVINCE_ALIASES.get(name, []))})
    for new, olds in MERGERS.items():
        for old in olds:
            rows.append({"key": slug(old), "name": old, "level": "province",
                         "valid_to": "2025-06-30", "successors": slug(new),
                         "aliases": ";".join(PROVINCE_ALIASES.get(old, []))})
    return rows


def communes(seed: Path) -> list[str]:
    names: list[str] = []
    text = unicodedata.normalize("NFC", seed.read_text("utf-8"))
    start = text.index("2. NHÓM CÁC XÃ, PHƯỜNG")
    for line in text[start : text.index("Phụ lục II:", start)].splitlines():
        cells = line.split("\t")
        if len(cells) > 2 and cells[0].isdigit() and cells[1].startswith("UBND "):
            names.append(cells[1].removeprefix("UBND "))
    assert len(names) == 92, len(names)
    return names


def thai_nguyen(seed: Path) -> list[dict[str, str]]:
    prov = "thai-nguyen"
    rows = []
    for name, start, end, successors, aliases in DEPARTMENTS:
        rows.append({"key": f"{prov}/{slug(name)}", "name": name, "level": "department",
                     "province": prov, "valid_from": start, "valid_to": end,
                     "successors": ";".join(f"{prov}/{slug(s)}" for s in successors),
                     "aliases": ";".join(aliases)})
    for name in DISTRICTS:
        rows.append({"key": f"{prov}/{slug(name)}", "name": name, "level": "district",
                     "province": prov, "valid_to": "2025-06-30"})
    seen: dict[str, int] = {}
    for printed in communes(seed):
        name = OFFICIAL.get(printed, printed)
        aliases = ([printed] if printed != name else []) + EXTRA_ALIASES.get(name, [])
        key = slug(name)
        seen[key] = seen.get(key, 0) + 1
        rows.append({"key": f"{prov}/{key}", "name": name, "level": "commune",
                     "province": prov, "valid_from": REORG_PROVINCES,
                     "aliases": ";".join(aliases)})
    # "xã Văn Lang" and "xã Văn Lãng" fold to one slug: the toned one is told apart by its tone
    for row in rows:
        if row["level"] == "commune" and seen[row["key"].split("/")[1]] > 1:
            base = row["name"].split(" ", 1)[1]  # without "xã" / "phường", whose tone is not the name's
            marks = [TONES[c] for c in unicodedata.normalize("NFD", base) if c in TONES]
            if marks:
                row["key"] += "-" + "-".join(marks)
    return rows


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})


def main() -> None:
    config = json.loads((ROOT / "tests/portal/Crawler-766/data/config/provinces.json").read_text())
    codes = {}
    for p in config["provinces"]:
        name = re.sub(r"^UBND (tỉnh|Thành phố) ", "", unicodedata.normalize("NFC", p["departmentName"]))
        codes[name] = p["departmentCode"]
    OUT.mkdir(parents=True, exist_ok=True)
    write(OUT / "provinces.csv", provinces(codes))
    write(OUT / "thai-nguyen.csv", thai_nguyen(ROOT / "tests/seeds" / next(
        p.name for p in (ROOT / "tests/seeds").glob("001_*.txt"))))
    sys.stdout.write(f"wrote {OUT}\n")


if __name__ == "__main__":
    main()
