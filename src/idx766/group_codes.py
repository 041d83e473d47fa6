"""Which group a portal code stands for where its letters cannot be trusted: by magnitude.

Today's API: ``CKMB`` cong_khai, ``TDGQ`` tien_do, ``CLGQ`` / ``ONLINE`` dvc_truc_tuyen (max 12),
``TTTT`` thanh_toan (max 10), ``MDHL`` hai_long, ``MDSH`` so_hoa, and the five-group
``ONLINE_SERVICE`` truc_tuyen (22). The older ``report_tinh_766_service`` also sends ``TTTT`` and
``CLGQ`` but scrapers disagree which is which, so there the letters are not trusted: a column
with a value above 10 can only be the 12-point group. When the magnitudes cannot decide, the old
service's columns are read by their means (the larger is the 12-point group) and the guess is
reported. Today's API is read by its letters; magnitudes that contradict them are reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from attrs import frozen

from idx766.components import component
from idx766.vocabulary import CODE_KEYS

__all__ = ["CodeDecision", "decide_online", "key_for_max"]

_DVC = "dvc_truc_tuyen"
_PAY = "thanh_toan"
_PAY_MAX = component(_PAY).max_points
_UNIQUE_MAX = {  # maxima that name one group of the six
    Decimal(20): "tien_do",
    Decimal(12): _DVC,
    Decimal(10): _PAY,
}


def key_for_max(max_score: Decimal | None) -> str | None:
    """The group a per-group score belongs to when its maximum names one (20, 12, 10)."""
    return None if max_score is None else _UNIQUE_MAX.get(max_score)


@frozen(kw_only=True)
class CodeDecision:
    """How a file's group codes map to component keys, and what to say about it (or None)."""

    keys: Mapping[str, str]
    message: str | None = None


def _mean(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values) if values else Decimal(0)


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


def decide_online(
    columns: Mapping[str, Iterable[Decimal]], *, letters_trusted: bool
) -> CodeDecision:
    """Which of two online columns (TTTT and CLGQ or ONLINE) is the 12-point group.

    ``columns`` holds every value each code has in the file. Returns the key of every code.
    """
    keys = dict(CODE_KEYS)
    values = {code: list(vals) for code, vals in columns.items()}
    dvc_code = next((c for c in ("CLGQ", "ONLINE") if c in values), None)
    if dvc_code is None or "TTTT" not in values:
        return CodeDecision(keys=keys)
    pay, dvc = values["TTTT"], values[dvc_code]
    pay_max, dvc_max = max(pay, default=Decimal(0)), max(dvc, default=Decimal(0))
    pay_over, dvc_over = pay_max > _PAY_MAX, dvc_max > _PAY_MAX
    if pay_over and not dvc_over and letters_trusted:
        return CodeDecision(
            keys=keys,
            message=(
                f"TTTT reaches {_fmt(pay_max)}, above the {_PAY} maximum 10, while {dvc_code} "
                "never exceeds 10: the two columns may be swapped; read by the letters of "
                "today's API"
            ),
        )
    if pay_over and not dvc_over:
        keys["TTTT"], keys[dvc_code] = _DVC, _PAY
        return CodeDecision(
            keys=keys,
            message=(
                f"TTTT read as {_DVC} (max 12) and {dvc_code} as {_PAY} (max 10): TTTT reaches "
                f"{_fmt(pay_max)}, above the {_PAY} maximum, and {dvc_code} never exceeds 10 "
                "(decided by magnitude, not by the letters)"
            ),
        )
    if dvc_over and not pay_over:
        message = (
            None
            if letters_trusted
            else (
                f"{dvc_code} read as {_DVC} and TTTT as {_PAY}: {dvc_code} reaches "
                f"{_fmt(dvc_max)}, above the {_PAY} maximum (decided by magnitude)"
            )
        )
        return CodeDecision(keys=keys, message=message)
    if letters_trusted:
        return CodeDecision(keys=keys)
    if pay_over and dvc_over:
        why = "both exceed 10, so one of them is over its maximum"
    else:
        why = "no value exceeds 10, so the maxima cannot tell them apart"
    bigger, smaller = (dvc_code, "TTTT") if _mean(dvc) >= _mean(pay) else ("TTTT", dvc_code)
    keys[bigger], keys[smaller] = _DVC, _PAY
    return CodeDecision(
        keys=keys,
        message=(
            f"TTTT and {dvc_code} are ambiguous in this service ({why}); {bigger} (mean "
            f"{_fmt(_mean(values[bigger]).quantize(Decimal('0.01')))}) was read as {_DVC} "
            f"(max 12) and {smaller} (mean "
            f"{_fmt(_mean(values[smaller]).quantize(Decimal('0.01')))}) as {_PAY} (max 10); "
            "they may be swapped"
        ),
    )
