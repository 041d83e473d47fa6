"""Merging the snapshots of one document: one record per unit and date, conflicts reported."""

from __future__ import annotations

from datetime import date

from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from idx766.merge import merge_records
from idx766.model import Finding, Snapshot
from strategies import snapshots

DAYS = [date(2026, 5, 18), date(2026, 5, 25)]


def merge_snapshots(stated: list[Snapshot]) -> tuple[tuple[Snapshot, ...], tuple[Finding, ...]]:
    merged = merge_records(stated)
    return merged.scores, merged.findings


@st.composite
def statements(draw: st.DrawFn) -> list[Snapshot]:
    """Snapshots of a few units on a few days: some facts stated once, some several times.

    The units are a report's, known by their keys (no portal code or id, which would make two
    keys one unit: that is the portal parser's tests' business)."""
    pool = [
        evolve(s, unit=evolve(s.unit, code=None, portal_id=None))
        for s in draw(st.lists(snapshots, min_size=1, max_size=3))
    ]
    out = []
    for _ in range(draw(st.integers(1, 8))):
        base = draw(st.sampled_from(pool))
        day = draw(st.sampled_from(DAYS))
        out.append(evolve(draw(snapshots), unit=base.unit, as_of=day, period=None))
    return out


def _fact(s: Snapshot) -> tuple[object, ...]:
    return (s.unit.key, s.unit.level, s.as_of, s.period)


def _disagree(a: Snapshot, b: Snapshot) -> bool:
    for name in ("total", "rank", "rank_of", "methodology"):
        va, vb = getattr(a, name), getattr(b, name)
        if va is not None and vb is not None and va != vb:
            return True
    return any(a.component(c.component) not in (None, c.value) for c in b.components or ())


@given(statements())
def test_one_record_per_fact_first_statement_wins(stated: list[Snapshot]) -> None:
    merged, _ = merge_snapshots(stated)
    facts = list(dict.fromkeys(_fact(s) for s in stated))
    assert [_fact(m) for m in merged] == facts
    for m in merged:
        group = [s for s in stated if _fact(s) == _fact(m)]
        if len(group) == 1:
            assert m is group[0]  # stated once: the record itself, not a copy
            continue
        for s in group:
            assert set(s.sources) <= set(m.sources) and set(s.names) <= set(m.names)
            for c in s.components or ():
                stated_values = (g.component(c.component) for g in group)
                first = next(v for v in stated_values if v is not None)
                assert m.component(c.component) == first
        assert m.total == next((g.total for g in group if g.total is not None), None)


@given(statements())
def test_a_conflict_is_reported_exactly_when_two_statements_disagree(
    stated: list[Snapshot],
) -> None:
    _, findings = merge_snapshots(stated)
    conflicts = [f for f in findings if f.check == "cross-table-conflict"]
    disagreeing = any(
        _disagree(a, b)
        for i, a in enumerate(stated)
        for b in stated[i + 1 :]
        if _fact(a) == _fact(b)
    )
    assert bool(conflicts) == disagreeing
