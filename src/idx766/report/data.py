"""What a weekly report says, computed from scores: one function over polars frames.

:func:`weekly_data` takes a scores frame holding the units' scores on two dates (``before``,
``after``) and returns a :class:`WeeklyData`: the province's total, rank and components then
and now, its neighbours in the national ranking, every unit of each level with its change, the
leaders, the laggards and the biggest gainers, the counts of units up, unchanged and down, the
overdue dossiers and the PAKN awaiting an answer. Nothing here writes text; the templates
(:mod:`idx766.report.weekly`, :mod:`~idx766.report.commendation`, :mod:`~idx766.report.chat`)
turn it into a document.

Orders and ties, as the seeds print them:

* a level's units are listed by their total ``after``, highest first; units with the same total
  keep the order of their published rank, then the order of the input rows (the portal's own
  order). The rank printed for each unit is the published one when every unit of the level has
  one, otherwise the competition rank ("1, 1, 3");
* the leaders are the first N of that list and the laggards its last N, so a tie at the cut is
  cut by that order, as officers do (week 21 lists La Bằng and Trại Cau at 97,32 and leaves out
  Nghĩa Tá, 82nd with the same score); the units left out at a tied cut are kept in
  ``tied_out`` so that a report can say so;
* the gainers are the N biggest rises (ties at the cut by the list's order).

A unit with no score ``before`` is new (no change); a unit with a score ``before`` only is
listed in ``missing``, not in the tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import polars as pl
from attrs import field, frozen

from idx766.analysis import bottom_n, count_moves, deltas, movers, pakn_deadlines, top_n
from idx766.analysis.ranks import rank_expr
from idx766.components import COMPONENTS, METHODOLOGIES, SIX_GROUP, Methodology, infer_methodology
from idx766.model import Level
from idx766.units import Registry, default_registry, resolve

__all__ = [
    "LevelSection",
    "Moves",
    "OverdueLine",
    "PaknLine",
    "ProvinceLine",
    "RankRow",
    "Ranking",
    "UnitLine",
    "WeeklyData",
    "weekly_data",
]

_COMPONENT_KEYS = tuple(c.key for c in COMPONENTS)
_UNIT_LEVELS = (Level.DEPARTMENT, Level.DISTRICT, Level.COMMUNE)
_ROW = "__idx766_row"
_POSITION = "position"


def _components(value: Mapping[str, Decimal] | None) -> dict[str, Decimal]:
    return dict(value or {})


@frozen(kw_only=True)
class UnitLine:
    """One unit of a level: its score ``after`` (components too), ``before``, and the change.

    ``position`` is its place in the level's list (1 = best), ``rank`` the rank printed for it,
    ``rank_of`` the number of units ranked. ``before`` and ``delta`` are None for a unit new in
    the data; ``after`` is None for one that is missing from it.
    """

    name: str
    key: str
    level: Level
    after: Decimal | None
    before: Decimal | None
    delta: Decimal | None
    position: int | None = None
    rank: int | None = None
    rank_of: int | None = None
    components: dict[str, Decimal] = field(factory=dict, converter=_components)


@frozen(kw_only=True)
class Moves:
    """How many units went up, stayed unchanged, went down, and how many have no earlier score."""

    up: int = 0
    unchanged: int = 0
    down: int = 0
    new: int = 0

    @property
    def compared(self) -> int:
        """Units with a score on both dates."""
        return self.up + self.unchanged + self.down


@frozen(kw_only=True)
class LevelSection:
    """The units of one level (departments, communes or, before 7/2025, districts).

    ``full`` is True when the report lists every unit in its change table (the departments,
    and any level of no more than ``2 × top`` units); otherwise it lists the ``leaders``,
    ``laggards`` and ``gainers`` (``top`` of each). ``decliners`` are the biggest falls, for
    the units to act on.
    ``leader_ties_out`` / ``laggard_ties_out`` are units left out of a list although they share
    its cut-off score.
    """

    level: Level
    units: tuple[UnitLine, ...]
    missing: tuple[UnitLine, ...] = ()
    full: bool = True
    top: int = 10
    leaders: tuple[UnitLine, ...] = ()
    laggards: tuple[UnitLine, ...] = ()
    gainers: tuple[UnitLine, ...] = ()
    decliners: tuple[UnitLine, ...] = ()
    leader_ties_out: tuple[UnitLine, ...] = ()
    laggard_ties_out: tuple[UnitLine, ...] = ()
    moves: Moves = Moves()
    leader_moves: Moves = Moves()
    laggard_moves: Moves = Moves()

    def group(self, name: str) -> tuple[UnitLine, ...]:
        """``leaders``, ``laggards``, ``gainers`` or ``decliners``."""
        groups: dict[str, tuple[UnitLine, ...]] = {
            "leaders": self.leaders,
            "laggards": self.laggards,
            "gainers": self.gainers,
            "decliners": self.decliners,
        }
        return groups[name]


@frozen(kw_only=True)
class ProvinceLine:
    """The province itself: total, components and rank on both dates (None where unknown)."""

    name: str
    key: str
    after: Decimal | None
    before: Decimal | None
    components_after: dict[str, Decimal] = field(factory=dict, converter=_components)
    components_before: dict[str, Decimal] = field(factory=dict, converter=_components)
    rank_after: int | None = None
    rank_before: int | None = None
    rank_of: int | None = None

    @property
    def delta(self) -> Decimal | None:
        """The change of the total (None when a date is missing)."""
        if self.after is None or self.before is None:
            return None
        return self.after - self.before


@frozen(kw_only=True)
class RankRow:
    """A province in the national ranking: rank, total, and the gap to the report's province."""

    name: str
    key: str
    rank: int
    total: Decimal
    gap: Decimal


@frozen(kw_only=True)
class Ranking:
    """The report's province among its neighbours in the national ranking of one date."""

    as_of: date
    of: int
    rows: tuple[RankRow, ...]


@frozen(kw_only=True)
class OverdueLine:
    """A unit's overdue dossiers on a date."""

    name: str
    key: str
    count: int


@frozen(kw_only=True)
class PaknLine:
    """A PAKN awaiting an answer, with its due date (15 working days after receipt)."""

    code: str
    sender: str | None
    received_on: date | None
    sector: str | None
    unit: str | None
    due: date | None
    send_draft_by: date | None
    overdue: bool | None


@frozen(kw_only=True)
class WeeklyData:
    """Everything a weekly report, a commendation letter or a chat bulletin prints.

    ``before`` and ``after`` are the two dates compared (the report's period), ``week`` the
    week number printed in the title. ``methodology`` is the component set of the data (six
    groups today, five before the online group was split).
    """

    before: date
    after: date
    week: int | None
    province: ProvinceLine | None
    methodology: Methodology
    ranking: Ranking | None = None
    levels: tuple[LevelSection, ...] = ()
    overdue: tuple[OverdueLine, ...] = ()
    overdue_as_of: date | None = None
    pakn: tuple[PaknLine, ...] = ()
    top: int = 10

    def level(self, level: Level) -> LevelSection | None:
        """The section of one level, None when the data has no unit of it."""
        return next((s for s in self.levels if s.level == level), None)

    @property
    def overdue_total(self) -> int:
        """The sum of the overdue counts listed."""
        return sum(o.count for o in self.overdue)


# --- inputs ---------------------------------------------------------------------------------


def _running(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Scores on a day or the year to date (the portal's running view), not monthly figures."""
    schema = frame.collect_schema()
    if "period_kind" in schema:
        return frame.filter(pl.col("period_kind").is_null() | (pl.col("period_kind") == "year"))
    return frame


def _on(frame: pl.LazyFrame, day: date) -> pl.LazyFrame:
    return frame.filter(pl.col("as_of") == pl.lit(day, dtype=pl.Date))


def province_key(
    scores: pl.DataFrame | pl.LazyFrame,
    *,
    after: date,
    province: str | None = None,
    registry: Registry | None = None,
) -> str | None:
    """The province a report is about: ``province`` (a key or a name), else the province most
    of the units scored on ``after`` belong to (a province scored alone belongs to itself);
    None when the data names none. ``ValueError`` when several provinces have as many units
    (a national ranking alone, say): the data does not say which one."""
    if province is not None:
        registry = registry or default_registry()
        if province in registry:
            return province
        found = resolve(registry, province, level=Level.PROVINCE)
        if found.unit is not None:
            return found.unit.key
        raise ValueError(f"not a province: {province!r}")
    lf = _on(_running(scores.lazy()), after).with_columns(  # a province belongs to itself
        pl.when(pl.col("level") == Level.PROVINCE.value)
        .then(pl.col("unit_key"))
        .otherwise(pl.col("province"))
        .alias("province")
    )
    counts = (
        lf.filter(pl.col("province").is_not_null())
        .group_by("province")
        .len()
        .sort(["len", "province"], descending=[True, False])
        .collect()
    )
    if counts.is_empty():
        return None
    if counts.height > 1 and counts["len"][0] == counts["len"][1]:
        tied = counts.filter(pl.col("len") == counts["len"][0])["province"].to_list()
        raise ValueError(
            f"the data holds several provinces alike ({', '.join(tied[:5])}); "
            "say which one with --province"
        )
    return str(counts["province"][0])


def display_name(printed: str) -> str:
    """A unit's printed name without the portal's " - tỉnh X" suffix ("Sở Y tế - tỉnh Gia Lai"
    is "Sở Y tế" in a report of Gia Lai)."""
    head, sep, tail = printed.rpartition(" - ")
    if sep and tail.lower().startswith(("tỉnh ", "thành phố ", "tp ", "tp.")):
        return head.strip()
    return printed


def province_name(key: str, printed: str | None = None, registry: Registry | None = None) -> str:
    """The province's own name ("Gia Lai"), for "tỉnh Gia Lai"."""
    registry = registry or default_registry()
    if key in registry:
        return registry.get(key).name
    name = printed or key
    for prefix in ("UBND tỉnh ", "UBND thành phố ", "UBND Thành phố ", "tỉnh ", "thành phố "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


# --- levels ---------------------------------------------------------------------------------


def _line(row: Mapping[str, Any], level: Level, keys: Sequence[str]) -> UnitLine:
    comps = {k: row[k] for k in keys if row.get(k) is not None}
    return UnitLine(
        name=display_name(row["unit"]),
        key=row["unit_key"],
        level=level,
        after=row.get("total_after"),
        before=row.get("total_before"),
        delta=row.get("total_delta"),
        position=row.get(_POSITION),
        rank=row.get("rank_shown"),
        rank_of=row.get("rank_of_shown"),
        components=comps,
    )


def _moves(frame: pl.DataFrame) -> Moves:
    counted = count_moves(frame, over=())
    row = counted.row(0, named=True) if not counted.is_empty() else {}
    new = frame.filter(pl.col("total_before").is_null() & pl.col("total_after").is_not_null())
    return Moves(
        up=int(row.get("up") or 0),
        unchanged=int(row.get("unchanged") or 0),
        down=int(row.get("down") or 0),
        new=new.height,
    )


def _ordered(now: pl.DataFrame) -> pl.DataFrame:
    """The units of a level on ``after``, best first: total, published rank, input order;
    with the position and the rank to print."""
    ordered = now.sort(
        ["total", "rank", _ROW], descending=[True, False, False], nulls_last=True
    ).with_columns(pl.int_range(1, pl.len() + 1).cast(pl.Int64).alias(_POSITION))
    published = ordered["rank"].null_count() == 0 and ordered.height > 0
    shown = pl.col("rank") if published else rank_expr("total", over=())
    return ordered.with_columns(
        shown.cast(pl.Int64).alias("rank_shown"),
        pl.lit(ordered.height, dtype=pl.Int64).alias("rank_of_shown"),
    )


def _tied_out(listed: pl.DataFrame, pool: pl.DataFrame, *, lowest: bool) -> pl.DataFrame:
    """Units of ``pool`` not in ``listed`` whose total equals the list's cut-off total."""
    if listed.is_empty():
        return pool.clear()
    cut = listed["total_after"].min() if lowest else listed["total_after"].max()
    keys = listed["unit_key"].to_list()
    return pool.filter((pl.col("total_after") == cut) & ~pl.col("unit_key").is_in(keys))


def _section(
    before_rows: pl.DataFrame,
    after_rows: pl.DataFrame,
    level: Level,
    *,
    before: date,
    after: date,
    top: int,
    full_up_to: int,
    keys: Sequence[str],
) -> LevelSection:
    now = _ordered(after_rows)
    frame = pl.concat([before_rows, after_rows], how="diagonal_relaxed")
    changed = deltas(
        frame, before=before, after=after, values=["total"], over=(), rank_by=None, keep=[]
    )
    table = now.select("unit", "unit_key", _POSITION, "rank_shown", "rank_of_shown", *keys).join(
        changed, on="unit_key", how="left"
    )
    table = table.sort(_POSITION).with_columns((-pl.col(_POSITION)).alias("__after_last"))
    missing_rows = changed.filter(pl.col("total_after").is_null()).join(
        before_rows.select("unit_key", "unit").unique("unit_key", keep="first"),
        on="unit_key",
        how="left",
    )
    lines = tuple(_line(r, level, keys) for r in table.iter_rows(named=True))
    missing = tuple(_line(r, level, ()) for r in missing_rows.sort("unit").iter_rows(named=True))
    moves = _moves(table)
    full = level == Level.DEPARTMENT or now.height <= full_up_to
    top = min(top, now.height)
    by_key = {line.key: line for line in lines}

    def pick(frame: pl.DataFrame) -> tuple[UnitLine, ...]:
        return tuple(by_key[k] for k in frame["unit_key"])

    compared = table.filter(pl.col("total_delta").is_not_null())
    gainers = movers(compared, top, by="total_delta", over=(), ties=False, tie_break=_POSITION)
    decliners = movers(
        compared, top, by="total_delta", direction="down", over=(), ties=False, tie_break=_POSITION
    )
    best = top_n(table, top, by="total_after", over=(), ties=False, tie_break=_POSITION)
    worst = bottom_n(table, top, by="total_after", over=(), ties=False, tie_break="__after_last")
    best, worst = best.sort(_POSITION), worst.sort(_POSITION)
    return LevelSection(
        level=level,
        units=lines,
        missing=missing,
        full=full,
        top=top,
        leaders=pick(best),
        laggards=pick(worst),
        gainers=pick(gainers),
        decliners=pick(decliners),
        leader_ties_out=pick(_tied_out(best, table, lowest=True)),
        laggard_ties_out=pick(_tied_out(worst, table, lowest=False)),
        moves=moves,
        leader_moves=_moves(best),
        laggard_moves=_moves(worst),
    )


# --- the province and the national ranking -------------------------------------------------


def _province_line(
    rows: pl.DataFrame, key: str, *, before: date, after: date, registry: Registry
) -> ProvinceLine | None:
    own = rows.filter(pl.col("unit_key") == key)
    then = own.filter(pl.col("as_of") == before)
    now = own.filter(pl.col("as_of") == after)
    if now.is_empty():
        return None
    n = now.row(0, named=True)
    b = then.row(0, named=True) if not then.is_empty() else {}
    return ProvinceLine(
        name=province_name(key, n["unit"], registry),
        key=key,
        after=n["total"],
        before=b.get("total"),
        components_after={k: n[k] for k in _COMPONENT_KEYS if n.get(k) is not None},
        components_before={k: b[k] for k in _COMPONENT_KEYS if b.get(k) is not None},
        rank_after=n.get("rank"),
        rank_before=b.get("rank"),
        rank_of=n.get("rank_of"),
    )


def _ranking_day(rows: pl.DataFrame, key: str, after: date) -> date | None:
    """The latest day up to ``after`` on which other provinces are ranked with this one."""
    days = (
        rows.filter(pl.col("as_of") <= after)
        .group_by("as_of")
        .agg(
            (pl.col("unit_key") == key).any().alias("own"),
            (pl.col("unit_key") != key).sum().alias("others"),
        )
        .filter(pl.col("own") & (pl.col("others") > 0))
        .sort("as_of")
    )
    return days["as_of"][-1] if not days.is_empty() else None


def _ranking(
    rows: pl.DataFrame, key: str, *, after: date, registry: Registry, neighbours: int
) -> Ranking | None:
    day = _ranking_day(rows, key, after)
    if day is None:
        return None
    board = rows.filter((pl.col("as_of") == day) & pl.col("total").is_not_null())
    published = board["rank"].null_count() == 0
    board = board.with_columns(
        (pl.col("rank") if published else rank_expr("total", over=())).alias("rank_shown")
    ).sort(["rank_shown", "total"], descending=[False, True])
    own = board.filter(pl.col("unit_key") == key).row(0, named=True)
    place = int(own["rank_shown"])
    lowest = place + neighbours
    highest = min(3, place)  # the leaders, then the units just above
    shown = board.filter(
        (pl.col("rank_shown") <= highest)
        | ((pl.col("rank_shown") >= place - neighbours) & (pl.col("rank_shown") <= lowest))
    )
    of = own.get("rank_of") or board.height
    rows_out = tuple(
        RankRow(
            name=province_name(r["unit_key"], r["unit"], registry),
            key=r["unit_key"],
            rank=int(r["rank_shown"]),
            total=r["total"],
            gap=r["total"] - own["total"],
        )
        for r in shown.iter_rows(named=True)
    )
    return Ranking(as_of=day, of=int(of), rows=rows_out)


# --- overdue and PAKN -----------------------------------------------------------------------


def _overdue(
    overdue: pl.DataFrame | pl.LazyFrame | None, key: str | None, after: date
) -> tuple[tuple[OverdueLine, ...], date | None]:
    if overdue is None:
        return (), None
    lf = overdue.lazy().filter(pl.col("as_of") <= pl.lit(after, dtype=pl.Date))
    if key is not None:
        lf = lf.filter((pl.col("province") == key) | (pl.col("unit_key") == key))
    frame = lf.filter(pl.col("unit_key") != (key or "")).collect()
    if frame.is_empty():
        return (), None
    day = frame["as_of"].max()
    assert isinstance(day, date)
    rows = (
        frame.filter(pl.col("as_of") == day)
        .with_row_index(_ROW)
        .sort(["count", _ROW], descending=[True, False])
    )
    lines = tuple(
        OverdueLine(name=display_name(r["unit"]), key=r["unit_key"], count=int(r["count"]))
        for r in rows.iter_rows(named=True)
    )
    return lines, day


def _pakn(pakn: pl.DataFrame | None, after: date) -> tuple[PaknLine, ...]:
    if pakn is None or pakn.is_empty():
        return ()
    due = pakn_deadlines(pakn, as_of=after).sort("due", "code", nulls_last=True)
    return tuple(
        PaknLine(
            code=r["code"],
            sender=r["sender"],
            received_on=r["received_on"],
            sector=r["field"],
            unit=display_name(r["unit"]) if r["unit"] else None,
            due=r["due"],
            send_draft_by=r["send_draft_by"],
            overdue=r["overdue"],
        )
        for r in due.iter_rows(named=True)
    )


# --- the whole ------------------------------------------------------------------------------


def week_of(before: date, after: date) -> int:
    """The week number a report of ``before`` – ``after`` prints: the ISO week of the day
    before ``after`` (week 21 of 2026 is 18/5 – 25/5, week 13 is 22/3 – 28/3)."""
    return (max(before, after - timedelta(days=1))).isocalendar().week


def _methodology(frame: pl.DataFrame) -> Methodology:
    present = [k for k in _COMPONENT_KEYS if k in frame.columns and frame[k].count() > 0]
    found = infer_methodology(present)
    if found is not None:
        return found
    for methodology in METHODOLOGIES.values():
        if present and set(present) <= set(methodology.keys):
            return methodology
    return SIX_GROUP


def weekly_data(
    scores: pl.DataFrame | pl.LazyFrame,
    *,
    before: date,
    after: date,
    province: str | None = None,
    overdue: pl.DataFrame | pl.LazyFrame | None = None,
    pakn: pl.DataFrame | None = None,
    top: int = 10,
    department_top: int = 5,
    week: int | None = None,
    neighbours: int = 2,
    registry: Registry | None = None,
) -> WeeklyData:
    """The data of a report comparing the scores of ``before`` and ``after``.

    ``scores`` is a scores frame (``idx766.to_frames(records)["scores"]``, a panel's
    ``scores``, or several concatenated) holding the units' scores on both dates; monthly
    figures in it are ignored. ``province`` is a province key or name; by default the province
    most of the units belong to. Province-level rows of other provinces are the national
    ranking (the latest day up to ``after`` ranking the province; ``neighbours`` provinces
    below and above it are shown, with the first three). ``overdue`` and ``pakn`` are the
    overdue and PAKN frames (optional). ``top`` is the length of the leaders', laggards' and
    gainers' lists of communes (and districts), ``department_top`` of departments (which are
    all listed in their change table as well). ``week`` defaults to :func:`week_of`.
    """
    if after <= before:
        raise ValueError(f"the dates must be in order: {before} is not before {after}")
    if top < 1 or department_top < 1:
        raise ValueError(f"the lists must hold one unit at least, got {top}, {department_top}")
    registry = registry or default_registry()
    lf = _running(scores.lazy())
    frame = (
        lf.filter(pl.col("as_of").is_in([before, after]) & pl.col("total").is_not_null())
        .collect()
        .with_row_index(_ROW)
    )
    for column in ("rank", "rank_of", *_COMPONENT_KEYS):
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None).alias(column))
    key = province_key(frame, after=after, province=province, registry=registry)
    provinces = frame.filter(pl.col("level") == Level.PROVINCE.value).unique(
        ["unit_key", "as_of"], keep="first", maintain_order=True
    )
    ranking_rows = (
        _running(scores.lazy())
        .filter(
            (pl.col("level") == Level.PROVINCE.value)
            & pl.col("total").is_not_null()
            & (pl.col("as_of") <= pl.lit(after, dtype=pl.Date))
        )
        .collect()
        .unique(["unit_key", "as_of"], keep="first", maintain_order=True)
    )
    for column in ("rank", "rank_of"):
        if column not in ranking_rows.columns:
            ranking_rows = ranking_rows.with_columns(pl.lit(None, dtype=pl.Int64).alias(column))
    own = (
        _province_line(provinces, key, before=before, after=after, registry=registry)
        if key
        else None
    )
    ranking = (
        _ranking(ranking_rows, key, after=after, registry=registry, neighbours=neighbours)
        if key
        else None
    )
    units = frame.filter(pl.col("level").is_in([lv.value for lv in _UNIT_LEVELS]))
    if key is not None:
        units = units.filter(pl.col("province") == key)
    units = units.unique(["unit_key", "as_of"], keep="first", maintain_order=True)
    methodology = _methodology(units if not units.is_empty() else provinces)
    keys = list(methodology.keys)
    sections = []
    for level in _UNIT_LEVELS:
        part = units.filter(pl.col("level") == level.value)
        now = part.filter(pl.col("as_of") == after)
        if now.is_empty():
            continue
        sections.append(
            _section(
                part.filter(pl.col("as_of") == before),
                now,
                level,
                before=before,
                after=after,
                top=department_top if level == Level.DEPARTMENT else top,
                full_up_to=2 * top,
                keys=keys,
            )
        )
    overdue_lines, overdue_day = _overdue(overdue, key, after)
    return WeeklyData(
        before=before,
        after=after,
        week=week if week is not None else week_of(before, after),
        province=own,
        methodology=methodology,
        ranking=ranking,
        levels=tuple(sections),
        overdue=overdue_lines,
        overdue_as_of=overdue_day,
        pakn=_pakn(pakn, after),
        top=top,
    )
