"""Expectations derived from the seed texts (through the independent reader in seedtext.py).

Nothing here is retyped from the seeds: each expectation is computed from the seed's own tables,
found by the words of their headers, so a test compares what the library reads from a rendered
DOCX/PDF with what the text rendering of the same document says.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any

from seedtext import Table, join_page_breaks, read_seed, seed_path
from seedtext import tables as seed_tables

# the test's own, deliberately separate, reading of component header labels
_LABEL_PREFIXES = {
    "cong khai": "cong_khai",
    "c.khai": "cong_khai",
    "tien do": "tien_do",
    "t.do": "tien_do",
    "dich vu cong": "dvc_truc_tuyen",
    "dv cong": "dvc_truc_tuyen",
    "thanh toan": "thanh_toan",
    "t.toan": "thanh_toan",
    "hai long": "hai_long",
    "muc do hai long": "hai_long",
    "h.long": "hai_long",
    "so hoa": "so_hoa",
    "s.hoa": "so_hoa",
    "tong": "total",
}


def plain(text: str) -> str:
    """Lowercase ASCII: diacritics removed, đ -> d."""
    nfd = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in nfd if not unicodedata.combining(ch)).lower().strip()


def label_key(label: str) -> str | None:
    p = plain(label)
    for prefix, key in _LABEL_PREFIXES.items():
        if p.startswith(prefix):
            return key
    return None


def joined_tables(prefix: str) -> list[Table]:
    doc = read_seed(seed_path(prefix))
    return [b for b in join_page_breaks(doc.blocks) if isinstance(b, Table)]


def raw_tables(prefix: str) -> list[Table]:
    return seed_tables(read_seed(seed_path(prefix)))


def header_text(table: Table) -> str:
    return plain(" ".join(" ".join(r) for r in table.header))


def component_rows(prefix: str) -> list[dict[str, Any]]:
    """Each row of each table with six component columns: name, components, total, position."""
    out = []
    for t in joined_tables(prefix):
        keys = [label_key(c) for c in t.header[0]] if t.header else []
        if sum(1 for k in keys if k and k != "total") < 6:
            continue
        for row in t.data:
            comps = {k: Decimal(row[i]) for i, k in enumerate(keys) if k and k != "total"}
            total_i = keys.index("total")
            out.append(
                {
                    "name": row[1],
                    "position": int(row[0]),
                    "of": len(t.data),
                    "components": comps,
                    "total": Decimal(row[total_i]),
                }
            )
    return out


def tables_with(prefix: str, *words: str) -> list[Table]:
    """The joined tables whose header text contains every one of the (ASCII) words."""
    return [t for t in joined_tables(prefix) if all(w in header_text(t) for w in words)]
