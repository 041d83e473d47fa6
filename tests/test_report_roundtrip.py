"""Round trip: ``idx766.parse`` of a generated report gives back the records it was written from.

Random snapshot pairs (hypothesis): departments and communes of a province taken from the
registry, components drawn from small pools so that totals tie (at the top-N cut too), units
new in NEW, units missing from NEW, published ranks or none, the province with or without a
national ranking (on the report's date or an earlier one). The expected records are computed
here from the drawn input with plain Python (sorting, slicing), not with idx766's report code:

* every unit of NEW: its total, components, rank (the published one, else the competition
  rank) and "of N", and the groups of the lists it is in (leaders, laggards, gainers) when its
  level is too large to be listed in full;
* the province on NEW (and its rank when the ranking is of that date), the components that
  changed on OLD (the sentences "từ A điểm lên B"), the provinces of the ranking shown;
* every change printed: the province's components, total (and rank), every department, and
  the communes of the lists (or all of them);
* ``idx766.check`` finds no error.

The default run tries 12 examples (derandomized); the long run is
``IDX766_REPORT_EXAMPLES=300 pytest -m report tests/test_report_roundtrip.py``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import idx766
from idx766.components import SIX_GROUP
from idx766.model import Document, DocumentKind, Level, Records, Snapshot, Unit
from idx766.report import report_data, write_docx
from idx766.units import default_registry
from report_support import change_facts, errors, score_facts

PROVINCES = ("thai-nguyen", "gia-lai")
AFTER = date(2026, 5, 25)
KEYS = SIX_GROUP.keys
MAX = {c.key: c.max_points for c in SIX_GROUP.components}
EXAMPLES = int(os.environ.get("IDX766_REPORT_EXAMPLES", "12"))


@dataclass
class Drawn:
    province: str
    before: date
    after: date
    top: int
    department_top: int
    new: list[Snapshot] = field(default_factory=list)
    old: list[Snapshot] = field(default_factory=list)
    ranking: list[Snapshot] = field(default_factory=list)
    ranking_day: date | None = None


def _unit(key: str, *, level: Level, province: str | None) -> Unit:
    registry = default_registry()
    ru = registry.get(key)
    return Unit(name=ru.name, key=key, level=level, province=province)


@st.composite
def _pools(draw: st.DrawFn) -> dict[str, list[Decimal]]:
    """A few values per component: units drawing from them tie often."""
    pools = {}
    for key in KEYS:
        cents = int(MAX[key] * 100)
        values = draw(st.lists(st.integers(cents // 2, cents), min_size=1, max_size=3))
        pools[key] = [Decimal(v) / 100 for v in values]
    return pools


@st.composite
def _components(draw: st.DrawFn, pools: dict[str, list[Decimal]]) -> dict[str, Decimal]:
    return {k: draw(st.sampled_from(pools[k])) for k in KEYS}


def _snapshot(
    unit: Unit, day: date, comps: dict[str, Decimal], rank: int | None = None, of: int | None = None
) -> Snapshot:
    return Snapshot(
        unit=unit,
        as_of=day,
        total=sum(comps.values(), Decimal(0)),
        components=comps,
        rank=rank,
        rank_of=of,
        methodology="six-group",
    )


def _competition(totals: list[Decimal]) -> list[int]:
    return [1 + sum(1 for other in totals if other > t) for t in totals]


def _ranked(snaps: list[Snapshot], published: bool) -> list[Snapshot]:
    if not published:
        return snaps
    ranks = _competition([s.total or Decimal(0) for s in snaps])
    return [
        Snapshot(
            unit=s.unit,
            as_of=s.as_of,
            total=s.total,
            components=s.components,
            rank=r,
            rank_of=len(snaps),
            methodology=s.methodology,
        )
        for s, r in zip(snaps, ranks, strict=True)
    ]


@st.composite
def drawn_inputs(draw: st.DrawFn) -> Drawn:
    registry = default_registry()
    province = draw(st.sampled_from(PROVINCES))
    before = AFTER - timedelta(days=draw(st.integers(1, 14)))
    data = Drawn(
        province=province,
        before=before,
        after=AFTER,
        top=draw(st.integers(1, 6)),
        department_top=draw(st.integers(1, 5)),
    )
    pools = draw(_pools())
    units = [u for u in registry.province_units(province) if u.valid_on(AFTER)]
    for level, most in ((Level.DEPARTMENT, 12), (Level.COMMUNE, 30)):
        candidates = [u for u in units if u.level == level]
        picked = draw(
            st.lists(
                st.sampled_from(range(len(candidates))),
                unique=True,
                min_size=1 if level == Level.DEPARTMENT else 0,
                max_size=most,
            )
        )
        now: list[Snapshot] = []
        for i in picked:
            unit = _unit(candidates[i].key, level=level, province=province)
            where = draw(st.sampled_from(("both", "both", "both", "new only", "old only")))
            if where != "old only":
                now.append(_snapshot(unit, AFTER, draw(_components(pools))))
            if where != "new only":
                data.old.append(_snapshot(unit, before, draw(_components(pools))))
        data.new.extend(_ranked(now, draw(st.booleans())))
    # the province itself, and maybe the national ranking
    own = Unit(name=registry.get(province).name, key=province, level=Level.PROVINCE)
    new_comps = draw(_components(pools))
    mode = draw(st.sampled_from(("none", "on the day", "earlier")))
    if draw(st.booleans()) or not data.old:  # the OLD file holds something of its date
        data.old.append(_snapshot(own, before, draw(_components(pools))))
    if mode == "none":
        data.new.append(_snapshot(own, AFTER, new_comps))
        return data
    gap = (AFTER - before).days
    if mode == "earlier" and gap < 2:
        mode = "on the day"
    # an earlier ranking falls between the two dates (its province row is not OLD's)
    day = AFTER if mode == "on the day" else AFTER - timedelta(days=draw(st.integers(1, gap - 1)))
    others = [
        u.key
        for u in registry.units
        if u.level == Level.PROVINCE and u.valid_on(AFTER) and u.key != province
    ]
    chosen = draw(st.lists(st.sampled_from(others), unique=True, min_size=2, max_size=12))
    board_units = [own, *(_unit(k, level=Level.PROVINCE, province=None) for k in chosen)]
    board = [
        _snapshot(u, day, new_comps if u.key == province else draw(_components(pools)))
        for u in board_units
    ]
    board = _ranked(board, published=True)
    if mode == "on the day":
        mine = board[0]
        data.new.append(mine)
        data.ranking = board[1:]
        if draw(st.booleans()) and data.old and data.old[-1].unit.key == province:
            last = data.old.pop()
            data.old.append(
                Snapshot(
                    unit=own,
                    as_of=before,
                    total=last.total,
                    components=last.components,
                    rank=draw(st.integers(1, len(board))),
                    rank_of=len(board),
                    methodology="six-group",
                )
            )
    else:
        data.new.append(_snapshot(own, AFTER, new_comps))
        data.ranking = board
    data.ranking_day = day
    return data


# --- the expected records, computed here --------------------------------------------------


def _records(snaps: list[Snapshot], name: str) -> Records:
    document = Document(kind=DocumentKind.PORTAL_DATA, source=name, sha256=name, parser="test")
    return Records(document=document, scores=tuple(snaps))


def _minus(after: Decimal | None, before: Decimal | None) -> Decimal | None:
    return None if after is None or before is None else after - before


def _comps(s: Snapshot) -> dict[str, Decimal]:
    return {c.component: c.value for c in s.components or ()}


def _level_expectations(
    drawn: Drawn, level: Level, scores: dict[Any, dict[str, Any]], changes: dict[Any, Any]
) -> None:
    now = [s for s in drawn.new if s.unit.level == level]
    if not now:
        return
    then = {s.unit.key: s for s in drawn.old if s.unit.level == level}
    index = {id(s): i for i, s in enumerate(now)}
    order = sorted(
        now, key=lambda s: (-(s.total or 0), s.rank if s.rank is not None else 0, index[id(s)])
    )
    totals = [s.total or Decimal(0) for s in order]
    published = all(s.rank is not None for s in order)
    shown = [s.rank for s in order] if published else _competition(totals)
    n = len(order)
    top = min(drawn.department_top if level == Level.DEPARTMENT else drawn.top, n)
    full = level == Level.DEPARTMENT or n <= 2 * drawn.top
    groups: dict[str, set[str]] = {s.unit.key: set() for s in order}
    if not full:
        for s in order[:top]:
            groups[s.unit.key].add("leaders")
        for s in order[-top:]:
            groups[s.unit.key].add("laggards")
        risen = [
            (s.total - then[s.unit.key].total, pos, s)  # type: ignore[operator]
            for pos, s in enumerate(order)
            if s.unit.key in then and (s.total or 0) > (then[s.unit.key].total or 0)
        ]
        for _, _, s in sorted(risen, key=lambda t: (-t[0], t[1]))[:top]:
            groups[s.unit.key].add("gainers")
    for s, rank in zip(order, shown, strict=True):
        key = s.unit.key
        scores[(key, drawn.after)] = {
            "total": s.total,
            "components": _comps(s),
            "rank": rank,
            "rank_of": n,
            "groups": groups[key],
        }
        if full or groups[key]:
            old = then.get(key)
            changes[(key, None, drawn.before, drawn.after)] = {
                "before": old.total if old else None,
                "after": s.total,
                "delta": _minus(s.total, old.total if old else None),
                "groups": groups[key],
            }


def _province_expectations(
    drawn: Drawn, scores: dict[Any, dict[str, Any]], changes: dict[Any, Any]
) -> None:
    key = drawn.province
    now = next(s for s in drawn.new if s.unit.key == key)
    old = next((s for s in drawn.old if s.unit.key == key), None)
    on_day = drawn.ranking_day == drawn.after
    scores[(key, drawn.after)] = {
        "total": now.total,
        "components": _comps(now),
        "rank": now.rank if on_day else None,
        "rank_of": now.rank_of if on_day else None,
        "groups": set(),
    }
    span = (drawn.before, drawn.after)
    if old is not None:
        moved = {k: v for k, v in _comps(old).items() if _comps(now)[k] != v}
        if moved:
            scores[(key, drawn.before)] = {
                "total": None,
                "components": moved,
                "rank": None,
                "rank_of": None,
                "groups": set(),
            }
    for k, v in _comps(now).items():
        before = _comps(old)[k] if old else None
        changes[(key, k, *span)] = {
            "before": before,
            "after": v,
            "delta": None if before is None else v - before,
            "groups": set(),
        }
    changes[(key, None, *span)] = {
        "before": old.total if old else None,
        "after": now.total,
        "delta": _minus(now.total, old.total if old else None),
        "groups": set(),
    }
    if on_day and old is not None and old.rank is not None and now.rank is not None:
        changes[(key, "rank", *span)] = {
            "before": Decimal(old.rank),
            "after": Decimal(now.rank),
            "delta": Decimal(old.rank - now.rank),
            "groups": set(),
        }
    # the ranking: the first three and two on each side of the province
    if drawn.ranking_day is None:
        return
    board = [*drawn.ranking, now] if on_day else list(drawn.ranking)
    place = next(s.rank for s in board if s.unit.key == key)
    assert place is not None
    for s in board:
        assert s.rank is not None
        if s.rank <= min(3, place) or place - 2 <= s.rank <= place + 2:
            facts = scores.setdefault(
                (s.unit.key, drawn.ranking_day),
                {"total": s.total, "components": {}, "rank_of": None, "groups": set()},
            )
            facts["rank"] = s.rank


def expected(drawn: Drawn) -> tuple[dict[Any, Any], dict[Any, Any]]:
    scores: dict[Any, dict[str, Any]] = {}
    changes: dict[Any, Any] = {}
    for level in (Level.DEPARTMENT, Level.COMMUNE):
        _level_expectations(drawn, level, scores, changes)
    _province_expectations(drawn, scores, changes)
    return scores, changes


def check_round_trip(drawn: Drawn, path: Path) -> None:
    data = report_data(
        [_records(drawn.old, "old")],
        [_records(drawn.new, "new")],
        extra=[_records(drawn.ranking, "ranking")] if drawn.ranking else [],
        top=drawn.top,
        department_top=drawn.department_top,
    )
    write_docx(data, path)
    parsed = idx766.parse(path)
    want_scores, want_changes = expected(drawn)
    got_scores = score_facts(parsed.scores)
    assert got_scores == want_scores
    assert change_facts(parsed.changes) == want_changes
    assert errors(parsed) == []
    assert [f for f in parsed.findings if f.check in ("skipped-row", "unknown-unit")] == []


@pytest.mark.report
@given(drawn=drawn_inputs())
@settings(
    max_examples=EXAMPLES,
    derandomize="IDX766_REPORT_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_report_round_trip(drawn: Drawn, tmp_path: Path) -> None:
    check_round_trip(drawn, tmp_path / "report.docx")
