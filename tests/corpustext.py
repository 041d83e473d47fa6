"""A small, independent reader of the corpus in ``tests/corpus/`` (real articles about the index).

Each document is ``<name>.txt``: ``key: value`` header lines (``source``, ``title``, ``published``,
``published_basis``, ``provinces``, ``retrieved``, optionally ``kind``), a line ``---``, then the
text exactly as the search tool stored it (NFC-normalized on reading). Beside it,
``<name>.expect.toml`` lists, as ``[[figure]]`` tables, every figure about the index that a person
reading the text finds in it. Neither file is produced by idx766; this module does not import it.
See ``tests/corpus/README.md`` for the fields.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

__all__ = [
    "BANDS",
    "COMPONENT_KEYS",
    "CORPUS_DIR",
    "KINDS",
    "LEVELS",
    "MODELS",
    "CorpusDoc",
    "Figure",
    "corpus_names",
    "fold_name",
    "numeric_value",
    "read_corpus",
    "read_doc",
    "slug",
]

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"

KINDS = frozenset(
    {
        "total",  # a unit's total score
        "rank",  # a unit's rank (r, optionally of N)
        "component",  # one group's score
        "change",  # a change in points of the total or of one group
        "rank_change",  # a change of rank in places (positive: up)
        "percent_change",  # a change in percent (kept as percent)
        "component_share",  # a group's score as a percent of its maximum
        "class_count",  # how many units are in one class (band)
        "count",  # how many units went up / down
        "national_average",  # the national average total or group score
    }
)
LEVELS = frozenset({"province", "department", "district", "commune", "ministry"})
COMPONENT_KEYS = frozenset(
    {"cong_khai", "tien_do", "dvc_truc_tuyen", "thanh_toan", "hai_long", "so_hoa", "truc_tuyen"}
)
MODELS = frozenset({"five-group", "six-group"})
BANDS = frozenset({"xuat_sac", "tot", "kha", "trung_binh", "yeu"})
_PERIOD = re.compile(r"^(?:year:\d{4}|quarter:\d{4}-Q[1-4]|month:\d{4}-\d{2}|week:\d{4}-W\d{2})$")
_NUMERIC = re.compile(r"^\d+(?:[.,]\d+)?%?$")
_FIELDS = frozenset(
    {
        "kind",
        "unit",
        "also",
        "level",
        "component",
        "label",
        "max",
        "printed",
        "value",
        "number",
        "rank_of",
        "of",
        "band",
        "what",
        "date",
        "period",
        "from",
        "model",
        "note",
    }
)


@dataclass(frozen=True)
class Figure:
    """One figure the text states, as a person reads it."""

    kind: str
    printed: str
    value: str
    number: Decimal
    unit: str | None = None
    also: tuple[str, ...] = ()
    level: str | None = None
    component: str | None = None
    label: str | None = None
    max: str | None = None
    rank_of: int | None = None
    of: int | None = None
    band: str | None = None
    what: str | None = None
    date: date | None = None
    period: str | None = None
    since: str | None = None
    model: str | None = None
    note: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the unit may be given (the first one as the person wrote it)."""
        return (self.unit, *self.also) if self.unit else self.also

    def describe(self) -> str:
        """A short label for tables: kind, unit, group and the value as printed."""
        parts = [self.kind]
        if self.unit:
            parts.append(self.unit)
        if self.component:
            parts.append(self.component)
        if self.band:
            parts.append(f"{self.band}/{self.level or 'all'}")
        parts.append(repr(self.value))
        return " ".join(parts)


@dataclass(frozen=True)
class CorpusDoc:
    """One stored document with its header and the figures expected from it."""

    name: str
    header: dict[str, str]
    text: str
    figures: tuple[Figure, ...] = field(default=())

    @property
    def distractor(self) -> bool:
        """True for the documents about another index (no figure of the 766 index in them)."""
        return self.header.get("kind", "").startswith("distractor")

    @property
    def provinces(self) -> tuple[str, ...]:
        return tuple(p.strip() for p in self.header.get("provinces", "").split(",") if p.strip())

    def lines(self) -> list[str]:
        """The text's non-blank lines, stripped (one paragraph each when rendered)."""
        return [line.strip() for line in self.text.split("\n") if line.strip()]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _figure(raw: dict[str, object], where: str) -> Figure:
    unknown = set(raw) - _FIELDS
    if unknown:
        raise ValueError(f"{where}: unknown fields {sorted(unknown)}")
    kind = str(raw["kind"])
    if kind not in KINDS:
        raise ValueError(f"{where}: unknown kind {kind!r}")

    def opt(key: str) -> str | None:
        value = raw.get(key)
        return None if value is None else _nfc(str(value))

    level = opt("level")
    if level is not None and level not in LEVELS:
        raise ValueError(f"{where}: unknown level {level!r}")
    component = opt("component")
    if component is not None and component not in COMPONENT_KEYS:
        raise ValueError(f"{where}: unknown component {component!r}")
    model = opt("model")
    if model is not None and model not in MODELS:
        raise ValueError(f"{where}: unknown model {model!r}")
    band = opt("band")
    if band is not None and band not in BANDS:
        raise ValueError(f"{where}: unknown band {band!r}")
    period = opt("period")
    if period is not None and not _PERIOD.match(period):
        raise ValueError(f"{where}: bad period {period!r}")
    day = raw.get("date")
    if day is not None and not isinstance(day, date):
        day = date.fromisoformat(str(day))
    also = raw.get("also", [])
    if not isinstance(also, list):
        raise ValueError(f"{where}: 'also' must be a list")
    rank_of = raw.get("rank_of")
    of = raw.get("of")
    return Figure(
        kind=kind,
        printed=_nfc(str(raw["printed"])),
        value=_nfc(str(raw["value"])),
        number=Decimal(str(raw["number"])),
        unit=opt("unit"),
        also=tuple(_nfc(str(a)) for a in also),
        level=level,
        component=component,
        label=opt("label"),
        max=opt("max"),
        rank_of=int(str(rank_of)) if rank_of is not None else None,
        of=int(str(of)) if of is not None else None,
        band=band,
        what=opt("what"),
        date=day,
        period=period,
        since=opt("from"),
        model=model,
        note=opt("note"),
    )


def read_doc(name: str, directory: Path = CORPUS_DIR) -> CorpusDoc:
    """Read ``<name>.txt`` and ``<name>.expect.toml``."""
    raw = _nfc((directory / f"{name}.txt").read_text(encoding="utf-8"))
    head, sep, text = raw.partition("\n---\n")
    if not sep:
        raise ValueError(f"{name}.txt: no '---' line after the header")
    header: dict[str, str] = {}
    for line in head.split("\n"):
        key, colon, value = line.partition(": ")
        if not colon:
            raise ValueError(f"{name}.txt: bad header line {line!r}")
        header[key.strip()] = value.strip()
    expect_path = directory / f"{name}.expect.toml"
    with expect_path.open("rb") as fh:
        data = tomllib.load(fh)
    figures = tuple(
        _figure(f, f"{expect_path.name} figure {i + 1}") for i, f in enumerate(data["figure"])
    )
    return CorpusDoc(name=name, header=header, text=text, figures=figures)


def corpus_names(directory: Path = CORPUS_DIR) -> list[str]:
    """The names of the stored documents, sorted."""
    return sorted(p.stem for p in directory.glob("*.txt"))


def read_corpus(directory: Path = CORPUS_DIR) -> list[CorpusDoc]:
    """Every document of the corpus, sorted by name."""
    return [read_doc(name, directory) for name in corpus_names(directory)]


def numeric_value(value: str) -> Decimal | None:
    """The number a printed value shows, if it is written in digits ("69,63", "65.2", "99,2%")."""
    if not _NUMERIC.match(value):
        return None
    return Decimal(value.rstrip("%").replace(",", "."))


_PREFIXES = (
    "ủy ban nhân dân ",
    "uỷ ban nhân dân ",
    "ubnd ",
)
_LEVEL_PREFIXES = (
    "thành phố ",
    "thị xã ",
    "thị trấn ",
    "đặc khu ",
    "tỉnh ",
    "huyện ",
    "quận ",
    "phường ",
    "xã ",
    "tp. ",
    "tp.",
    "tp ",
    "tx. ",
    "tx.",
    "tx ",
)


def fold_name(name: str) -> str:
    """A unit's name for comparison: case, "UBND", the level word and a parent in brackets dropped.

    "UBND huyện Bát Xát" → "bát xát"; "TP.Thủ Dầu Một" → "thủ dầu một"; "Phường Tân Bình (TP.Dĩ
    An)" → "tân bình"; "Sở Nội vụ - tỉnh X" → "sở nội vụ". Diacritics are kept.
    """
    text = " ".join(_nfc(name).casefold().split())
    text = re.sub(r"\s*\([^)]*\)\s*$", "", text)
    text = re.sub(r"\s+-\s+(?:tỉnh|thành phố)\s.*$", "", text)
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
    for prefix in _LEVEL_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    return text.strip(" .,;:")


def slug(name: str) -> str:
    """ASCII slug of a folded name ("Bình định" → "binh-dinh")."""
    text = fold_name(name).replace("đ", "d")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def period_text(period: object) -> str | None:
    """A period (``idx766.model.Period``, read by duck typing so this module stays independent of
    idx766) in the notation of the expectation files: ``year:2023``, ``quarter:2024-Q2``,
    ``month:2023-05``, ``week:2025-W47`` (ISO week of its first day)."""
    if period is None:
        return None
    kind = str(getattr(period, "kind", ""))
    start = period.start
    if kind == "year":
        return f"year:{start.year:04d}"
    if kind == "quarter":
        return f"quarter:{start.year:04d}-Q{(start.month + 2) // 3}"
    if kind == "month":
        return f"month:{start.year:04d}-{start.month:02d}"
    year, week, _ = start.isocalendar()
    return f"week:{year:04d}-W{week:02d}"
