"""The parts of an official letter around the figures: header block, addressees, signature.

Every document of the office has them (Nghị định 30/2020/NĐ-CP): the issuing body and the
national motto side by side in a borderless table, the number and the place and date, "Kính
gửi", and at the end the distribution list beside the signer. :class:`Letterhead` holds what
an office fills in; its defaults are those of the seeds' Văn phòng UBND tỉnh, with the
province's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from attrs import field, frozen

from idx766.report.docx_layout import Layout, Para, Run, Styled

__all__ = ["Letterhead", "addressees", "header_block", "signature_block"]


def _lines(value: Sequence[str]) -> tuple[str, ...]:
    return tuple(value)


@frozen(kw_only=True)
class Letterhead:
    """What the office prints around the figures (any field left out takes its default).

    ``issuer``: the issuing body, upper case, one line each (default "UBND TỈNH <NAME>" or
    "UBND THÀNH PHỐ <NAME>", "VĂN PHÒNG"); ``number``: the "Số:" line with its symbol, the
    number left blank for the clerk; ``place``: the place of the date line (the province's
    name); ``issued``: the date
    printed (default: the report's second date); ``signer_title`` and ``signer``: the
    signature; ``recipients``: "Nơi nhận"; ``addressed_to``: "Kính gửi".
    """

    issuer: tuple[str, ...] = field(default=(), converter=_lines)
    number: str | None = None
    place: str | None = None
    issued: date | None = None
    signer_title: tuple[str, ...] = field(
        default=("KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"), converter=_lines
    )
    signer: str | None = None
    recipients: tuple[str, ...] = field(default=(), converter=_lines)
    addressed_to: tuple[str, ...] = field(default=(), converter=_lines)


def _date_line(place: str, day: date) -> str:
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def header_block(
    letter: Letterhead, *, province: str, day: date, symbol: str, subject: str | None = None
) -> Layout:
    """The borderless header table: issuing body, number (and subject) on the left; Quốc hiệu,
    motto and place-date on the right. ``province`` with its type word ("tỉnh Gia Lai")."""
    issuer = letter.issuer or (f"UBND {province.upper()}", "VĂN PHÒNG")
    place = province.removeprefix("tỉnh ").removeprefix("thành phố ")
    number = letter.number or f"Số:        /{symbol}"
    left = [Para("\n".join(issuer)), Para(number)]
    if subject:
        left.append(Para(subject))
    right = [
        Para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        Para("Độc lập - Tự do - Hạnh phúc"),
        Para(_date_line(letter.place or place, letter.issued or day)),
    ]
    return Layout(kind="header", left=left, right=right)


def addressees(letter: Letterhead, default: Sequence[str]) -> list[Styled]:
    """The "Kính gửi:" line and the addressees, one paragraph each."""
    names = letter.addressed_to or tuple(default)
    out = [Styled(Para(Run("Kính gửi:", bold=True)), "body")]
    for i, name in enumerate(names):
        end = "." if i == len(names) - 1 else ";"
        out.append(Styled(Para(f"- {name.rstrip(';.')}{end}"), "body"))
    return out


def signature_block(letter: Letterhead, default_recipients: Sequence[str]) -> Layout:
    """The borderless signature table: "Nơi nhận" and the list on the left, the signer on the
    right."""
    recipients = letter.recipients or tuple(default_recipients)
    left = [Para("Nơi nhận:"), Para("\n".join(f"- {r}" for r in recipients))]
    right = [Para("\n".join(letter.signer_title))]
    if letter.signer:
        right.append(Para(letter.signer))
    return Layout(kind="signature", left=left, right=right, keep_together=True)
