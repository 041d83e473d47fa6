"""An independent oracle of the score model: ../shared/formulas.md written out with fractions.

Nothing here imports idx766. It reads the units' rows of the six responses as the JSON has
them and scores them the way formulas.md says the portal does: each component exactly, rounded
half-up to two decimals, then summed. What-if and goal seek are answered by changing the raw
counts and scoring again, and the smallest change by scanning or by bisection checked at N and
N - 1.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction as F
from typing import Any

from portal_expect import FIXTURES, published_score, units_of

Row = dict[str, Any]
Unit = dict[str, Row]  # endpoint folder -> the unit's row

ENDPOINTS = (
    "transparency",
    "dvc-progress-tree",
    "provide-online-tree",
    "formality-online-payment-tree",
    "handling-satisfaction",
    "dossier-digitized",
)


def r2(x: F) -> F:
    """Half-up to two decimals."""
    return F(math.floor(x * 100 + F(1, 2)), 100)


def _share(
    m: int, n: Any, d: Any, *, full_at: F = F(1), zero: int = 0, null: int | None = None
) -> F:
    if d is None:
        assert null is not None, "no rule for a null denominator here"
        return F(null)
    if d == 0:
        return F(zero)
    return r2(min(F(m), F(m) * F(n) / F(d) / full_at) if full_at != 1 else F(m) * F(n) / F(d))


def _metrics(row: Row) -> dict[str, Row]:
    return {m["code"]: m for m in row["metrics"]}


def transparency(row: Row) -> F:
    m = _metrics(row)
    return sum(
        (
            _share(6, m["PUBLISH_ON_TIME"]["numerator"], m["PUBLISH_ON_TIME"]["denominator"]),
            _share(
                4,
                m["PUBLIC_UPDATE_ON_TIME"]["numerator"],
                m["PUBLIC_UPDATE_ON_TIME"]["denominator"],
            ),
            _share(
                2, m["PUBLIC_CONTENT_FULL"]["numerator"], m["PUBLIC_CONTENT_FULL"]["denominator"]
            ),
            _share(6, m["DOSSIER_SYNC"]["numerator"], m["DOSSIER_SYNC"]["denominator"]),
        ),
        F(0),
    )


def progress(row: Row) -> F:
    return _share(20, row["totalOnTime"], row["totalReceived"])


def online(row: Row) -> F | None:
    if "authorityCount" not in row:
        return None  # a child: only its score is published
    a = _share(2, row["partialCount"] + row["fullCount"], row["authorityCount"], full_at=F(8, 10))
    b = _share(4, row["onlineDossierCount"], row["onlineServiceTotal"])
    c = _share(6, row["channelOnlineSum"], row["channelTotalSum"], full_at=F(1, 2))
    return a + b + c


def payment(row: Row) -> F:
    a = _share(6, row["totalDossierOnlinePaymentSuccess"], row["totalDossierFinancialObligation"])
    fee = row["totalFeeFormality"]
    b = _share(2, row["totalDossierOnlineFormalityPaymentSuccess"], fee, full_at=F(8, 10))
    c = _share(2, row["totalFeeDossierFormality"], fee, full_at=F(8, 10))
    return a + b + c


def satisfaction(row: Row) -> F:
    m = _metrics(row)
    r, p, h = (
        m[k]
        for k in (
            "DOSSIER_RECEIVING_SATISFACTION",
            "PETITION_PROCESSING_ON_TIME",
            "PETITION_HANDLING_SATISFACTION",
        )
    )
    return (
        _share(6, r["numerator"], r["denominator"], full_at=F(9, 10))
        + _share(6, p["numerator"], p["denominator"], zero=6)
        + _share(6, h["numerator"], h["denominator"], zero=6)
    )


def digitized(row: Row) -> F:
    m = _metrics(row)

    def s(code: str, points: int, **kw: Any) -> F:
        return _share(points, m[code]["numerator"], m[code]["denominator"], **kw)

    return (
        s("ORIGINAL_RESULT_AVAILABLE", 6)
        + s("SO_HOA_GIAY_TO_GIAI_QUYET", 4)
        + s("REUSED_DIGITIZED_DATA", 2, full_at=F(8, 10))
        + s("SYNCED_WITH_DVCQG_PERSONAL_STORAGE", 4)
        + s("CITIZEN_DATA_CONNECTED_DOSSIER", 2)
        + s("CITIZEN_DATA_CONNECTED_FORMALITY", 2)
        + s("ELECTRONIC_CERTIFIED_COPY", 2, zero=2, null=2)
    )


SCORERS: dict[str, Callable[[Row], F | None]] = {
    "transparency": transparency,
    "dvc-progress-tree": progress,
    "provide-online-tree": online,
    "formality-online-payment-tree": payment,
    "handling-satisfaction": satisfaction,
    "dossier-digitized": digitized,
}


def world(kind: str = "year") -> dict[str, Unit]:
    """Every unit of the six responses of one period: departmentId -> endpoint -> row."""
    units: dict[str, Unit] = {}
    for endpoint in ENDPOINTS:
        for row in units_of(FIXTURES / endpoint / f"{kind}-all.json"):
            units.setdefault(row["departmentId"], {})[endpoint] = row
    return units


def is_province(unit: Unit) -> bool:
    return unit["dossier-digitized"].get("departmentType") == "PROVINCE"


def total(unit: Unit) -> F:
    """The six groups: each recomputed, except a child's online services (published only)."""
    result = F(0)
    for endpoint, score in SCORERS.items():
        value = score(unit[endpoint])
        result += value if value is not None else F(published_score(unit[endpoint]))
    return result


_TOTALS: dict[int, dict[str, F]] = {}


def rank(units: dict[str, Unit], unit_id: str, value: F) -> int:
    """Competition rank of ``value`` for ``unit_id`` among its peers as they are."""
    totals = _TOTALS.setdefault(id(units), {i: total(u) for i, u in units.items()})
    mine = is_province(units[unit_id])
    others = [t for i, t in totals.items() if i != unit_id and is_province(units[i]) == mine]
    return 1 + sum(1 for t in others if t > value)


# -- levers: what each one changes in the raw counts (formulas.md) ----------------------------


def _metric(unit: Unit, endpoint: str, code: str) -> Row:
    return _metrics(unit[endpoint])[code]


def _bump_metric(unit: Unit, endpoint: str, code: str, n: int) -> None:
    m = _metric(unit, endpoint, code)
    m["numerator"] = min(m["numerator"] + n, m["denominator"])


LEVERS: dict[str, tuple[Callable[[Unit], int], Callable[[Unit, int], None]]] = {}


def _lever(name: str, room: Callable[[Unit], int]) -> Callable[[Callable[[Unit, int], None]], None]:
    def register(apply: Callable[[Unit, int], None]) -> None:
        LEVERS[name] = (room, apply)

    return register


def _metric_room(endpoint: str, code: str) -> Callable[[Unit], int]:
    def room(unit: Unit) -> int:
        m = _metric(unit, endpoint, code)
        return int(m["denominator"] - m["numerator"])

    return room


@_lever(
    "ho-so-dung-han",
    lambda u: int(u["dvc-progress-tree"]["totalReceived"] - u["dvc-progress-tree"]["totalOnTime"]),
)
def _on_time(unit: Unit, n: int) -> None:
    # an overdue dossier settled on time also counts for receiving satisfaction
    unit["dvc-progress-tree"]["totalOnTime"] += n
    _bump_metric(unit, "handling-satisfaction", "DOSSIER_RECEIVING_SATISFACTION", n)


def _satisfied_room(unit: Unit) -> int:
    m = _metric(unit, "handling-satisfaction", "DOSSIER_RECEIVING_SATISFACTION")
    on_time = unit["dvc-progress-tree"]["totalOnTime"]
    return int(min(m["denominator"], on_time) - m["numerator"])


@_lever("hai-long-tiep-nhan", _satisfied_room)
def _satisfied(unit: Unit, n: int) -> None:
    _bump_metric(unit, "handling-satisfaction", "DOSSIER_RECEIVING_SATISFACTION", n)


for _name, _endpoint, _code in (
    ("pakn-dung-han", "handling-satisfaction", "PETITION_PROCESSING_ON_TIME"),
    ("pakn-hai-long", "handling-satisfaction", "PETITION_HANDLING_SATISFACTION"),
    ("so-hoa-ket-qua", "dossier-digitized", "ORIGINAL_RESULT_AVAILABLE"),
    ("so-hoa-ho-so", "dossier-digitized", "SO_HOA_GIAY_TO_GIAI_QUYET"),
    ("tai-su-dung-du-lieu", "dossier-digitized", "REUSED_DIGITIZED_DATA"),
    ("tthc-ket-noi-dan-cu", "dossier-digitized", "CITIZEN_DATA_CONNECTED_FORMALITY"),
):
    _lever(_name, _metric_room(_endpoint, _code))(
        lambda unit, n, e=_endpoint, c=_code: _bump_metric(unit, e, c, n)
    )


@_lever(
    "thanh-toan-truc-tuyen",
    lambda u: int(
        u["formality-online-payment-tree"]["totalDossierFinancialObligation"]
        - u["formality-online-payment-tree"]["totalDossierOnlinePaymentSuccess"]
    ),
)
def _paid(unit: Unit, n: int) -> None:
    unit["formality-online-payment-tree"]["totalDossierOnlinePaymentSuccess"] += n


@_lever(
    "tthc-thanh-toan-truc-tuyen",
    lambda u: int(
        u["formality-online-payment-tree"]["totalFeeFormality"]
        - u["formality-online-payment-tree"]["totalDossierOnlineFormalityPaymentSuccess"]
    ),
)
def _paid_procedures(unit: Unit, n: int) -> None:
    unit["formality-online-payment-tree"]["totalDossierOnlineFormalityPaymentSuccess"] += n


def headroom(unit: Unit, lever: str) -> int:
    return max(0, LEVERS[lever][0](unit))


def changed(unit: Unit, lever: str, n: int) -> Unit:
    copied = copy.deepcopy(unit)
    LEVERS[lever][1](copied, n)
    return copied


def total_after(unit: Unit, lever: str, n: int) -> F:
    return total(changed(unit, lever, n))


def smallest(unit: Unit, lever: str, target: F) -> int | None:
    """The smallest n in [0, headroom] with total ≥ target (None if none): a scan when the
    headroom is small, else bisection, each answer checked at n and n - 1."""
    room = headroom(unit, lever)
    reach: Callable[[int], bool] = lambda n: total_after(unit, lever, n) >= target  # noqa: E731
    if room <= 400:
        return next((n for n in range(room + 1) if reach(n)), None)
    if not reach(room):
        return None
    lo, hi = -1, room
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if reach(mid) else (mid, hi)
    assert reach(hi) and (hi == 0 or not reach(hi - 1))
    return hi


def as_decimal(x: F) -> Decimal:
    return Decimal(x.numerator) / Decimal(x.denominator)
