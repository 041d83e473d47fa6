"""What the qd766 sub-criteria captures say, read with the standard library only.

Shared by the tests of the portal parser and of the score model; nothing here imports idx766.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "portal" / "qd766" / "tests" / "fixtures"
MANIFEST = FIXTURES / "manifest.m0.json"
FILES = sorted(FIXTURES.glob("*/*-all.json"))

# the endpoint of each folder and the group it scores (portal/README.md, formulas.md)
GROUP_OF = {
    "transparency": "cong_khai",
    "dvc-progress-tree": "tien_do",
    "provide-online-tree": "dvc_truc_tuyen",
    "formality-online-payment-tree": "thanh_toan",
    "handling-satisfaction": "hai_long",
    "dossier-digitized": "so_hoa",
}


def raw(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def units_of(path: Path) -> list[dict[str, Any]]:
    """The root of the response first, then its children."""
    data = raw(path)["data"]
    if "parent" in data:
        return [data["parent"], *data["children"]]
    return [data["overview"], *data["evaluation"]]


def published_score(unit: dict[str, Any]) -> Decimal:
    """A unit's group score as the response prints it."""
    return unit["totalScore"] if "totalScore" in unit else unit["score"]


def captures() -> dict[str, dict[str, Any]]:
    return {c["file"]: c for c in raw(MANIFEST)["captures"]}


def expected_period(payload: dict[str, Any]) -> str:
    """``YYYY`` (a year) / ``YYYY-MM`` (a month) from a capture's request payload."""
    if payload.get("timeType") == "year":
        return f"{payload['year']}"
    if payload.get("timeType") == "month":
        return f"{payload['year']}-{payload['month']:02d}"
    start, end = date.fromisoformat(payload["fromDate"]), date.fromisoformat(payload["toDate"])
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return f"{start.year}"
    assert start.day == 1 and start.month == end.month
    return f"{start.year}-{start.month:02d}"


def period_of(path: Path) -> str:
    return expected_period(captures()[str(path.relative_to(FIXTURES))]["payload"])
