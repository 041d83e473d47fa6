"""Ranks in tables: row numbers of a full ranking, the size of each ranking, broken rankings.

* A full table of one level (no group heading) numbered by STT in order of score is a ranking:
  its row numbers are the published ranks, in every format. It stays one when a few rows are
  out of place (``rank-consistent-with-score`` names them), and a row where its positions stop
  counting one by one (a position printed twice or skipped) is a ``ranking-position`` finding.
* A rank column's ranking is the table's when its ranks are 1…n (or each level's, when ranks
  restart per level): each snapshot gets ``rank_of`` n. Ranks that go beyond their table are
  an excerpt of a larger ranking, or one ranking spread over several tables (the agencies and
  communes sheets of a provincial tool's workbook, ranked together 1…117): when the tables
  whose ranks go beyond them hold together exactly one ranking, each gets its size; when they
  hold ranks twice or miss some, without ties to explain it, that is a ``broken-ranking``
  finding (two tables of different periods ranked as one).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from itertools import pairwise

from attrs import evolve

from idx766.interpret.columns import Role
from idx766.interpret.reader import Extracted, TableReader
from idx766.interpret.tables import Row
from idx766.model import Finding, Level, Provenance, Severity

__all__ = ["note_ranked", "out_of_order", "rank_by_row_numbers", "size_rankings"]


def rank_by_row_numbers(r: TableReader, read_rows: Sequence[tuple[Row, int]]) -> None:
    """Give a full ranking's snapshots their row numbers as ranks (``read_rows``: each row and
    the index of its snapshot in ``r.out.scores``)."""
    number_col = r.first(Role.ROW_NUMBER)
    if number_col is None or r.group is not None:
        return
    totals = [r.out.scores[i].total for _, i in read_rows]
    if any(t is None for t in totals) or not _mostly_ordered(totals):
        return
    ranks: list[int | None] = []
    for row, i in read_rows:
        number = row.number(number_col.index)
        cell = row.cells[number_col.index].strip()
        if number is not None:
            rank = int(number) if number == number.to_integral_value() else None
        else:
            rank = int(cell) if cell.isdigit() else None
        ranks.append(rank)
        r.out.scores[i] = evolve(r.out.scores[i], rank=rank, rank_of=len(read_rows))
    for k in _misplaced_positions(ranks, totals):
        row, i = read_rows[k]
        # a position printed twice or out of count is no rank to compare scores with
        r.out.scores[i] = evolve(r.out.scores[i], rank=None)
        after = f"after position {ranks[k - 1]}" if k else "first"
        r.out.findings.append(
            Finding(
                check="ranking-position",
                severity=Severity.ERROR,
                message=(
                    f"{r.out.scores[i].unit.name}: printed at position {ranks[k]}, {after}: "
                    "a position of the ranking is printed twice or skipped"
                ),
                unit=r.out.scores[i].unit.name,
                location=r.where(row),
            )
        )


def _misplaced_positions(
    ranks: Sequence[int | None], totals: Sequence[Decimal | None]
) -> list[int]:
    """The rows of a ranking where its printed positions stop counting (a position printed
    twice or skipped): 1, 2, 7, 4, 5 names the third row; 1, 2, 4, 5 the third (3 is skipped);
    a row right after a named one is not named again. Ties are counting: a position repeated
    with an equal score (1, 1, 2 or 1, 1, 3)."""
    if len(ranks) < 3 or any(rank is None for rank in ranks):
        return []
    found: list[int] = []
    for k, rank in enumerate(ranks):
        before = ranks[k - 1] if k else 0
        assert rank is not None and before is not None
        tie = k > 0 and rank == before and totals[k] == totals[k - 1]
        after_tie = k > 0 and rank == k + 1 and rank > before
        counts = rank == before + 1 or tie or after_tie
        if not counts and (not found or found[-1] != k - 1):
            found.append(k)
    return found


def out_of_order(totals: Sequence[Decimal | None]) -> list[int]:
    """The positions of the fewest rows whose removal leaves ``totals`` non-increasing (the
    rows printed out of order in a ranking): the complement of a longest non-increasing
    subsequence (O(n log n))."""
    keys = [-(t if t is not None else Decimal(0)) for t in totals]  # non-decreasing keys
    tails: list[Decimal] = []  # the smallest last key of a kept run of each length
    ends: list[int] = []  # the position ending that run
    before = [-1] * len(keys)
    for k, key in enumerate(keys):
        at = bisect_right(tails, key)
        before[k] = ends[at - 1] if at else -1
        if at == len(tails):
            tails.append(key)
            ends.append(k)
        else:
            tails[at], ends[at] = key, k
    kept: set[int] = set()
    end = ends[-1] if ends else -1
    while end >= 0:
        kept.add(end)
        end = before[end]
    return [k for k in range(len(keys)) if k not in kept]


def _mostly_ordered(totals: Sequence[Decimal | None]) -> bool:
    """True when the totals are in order of score but for a few rows (at most one in ten, and
    at least one): a ranking with rows printed out of place, which keeps its printed ranks
    so that ``rank-consistent-with-score`` can name those rows. A table in another order (by
    name, by code) is not a ranking."""
    if all(a is None or b is None or a >= b for a, b in pairwise(totals)):
        return True
    return len(out_of_order(totals)) <= max(1, len(totals) // 10)


def note_ranked(r: TableReader, read_rows: Sequence[tuple[Row, int]]) -> None:
    """Remember a table's ranked snapshots, to size its ranking once every table is read (a
    group table, leaders or laggards, is an excerpt: never sized)."""
    if r.group is not None:
        return
    members = [i for _, i in read_rows if r.out.scores[i].rank is not None]
    name = f"sheet {r.table.sheet!r}" if r.table.sheet else f"table {r.table.index}"
    if members:
        r.out.ranked.append((name, members))


def _fit(out: Extracted, members: list[int]) -> bool:
    """Give the members their ranking's size if their ranks are one ranking of them (or of
    each level); False when the ranks go beyond it."""
    ranks = [out.scores[i].rank or 0 for i in members]
    groups: dict[Level | None, list[int]]
    if ranks and len(set(ranks)) == len(ranks) and max(ranks) <= len(ranks):
        groups = {None: members}
    else:
        groups = {}
        for i in members:
            groups.setdefault(out.scores[i].unit.level, []).append(i)
    fitted = True
    for group in groups.values():
        n = len(group)
        if max(out.scores[i].rank or 0 for i in group) <= n:
            for i in group:
                out.scores[i] = evolve(out.scores[i], rank_of=n)
        else:
            fitted = False
    return fitted


def _ties(out: Extracted, members: list[int], repeated: dict[int, int]) -> bool:
    """True when every repeated rank is a tie: equal totals, the ranks after it skipped."""
    by_rank: dict[int, list[int]] = {}
    for i in members:
        by_rank.setdefault(out.scores[i].rank or 0, []).append(i)
    present = set(by_rank)
    for rank, count in repeated.items():
        totals = {out.scores[i].total for i in by_rank[rank]}
        if len(totals) != 1 or any(rank + k in present for k in range(1, count)):
            return False
    return True


def size_rankings(out: Extracted, source: str) -> None:
    """Give every ranked table's snapshots the size of their ranking; report a ranking spread
    over several tables that repeats or misses ranks."""
    beyond = [(name, members) for name, members in out.ranked if not _fit(out, members)]
    if len(beyond) < 2:
        return
    members = [i for _, group in beyond for i in group]
    ranks = Counter(out.scores[i].rank or 0 for i in members)
    n = len(members)
    if max(ranks) != n or min(ranks) != 1:
        return  # excerpts of larger rankings, not one ranking spread over these tables
    repeated = {rank: count for rank, count in ranks.items() if count > 1}
    missing = [rank for rank in range(1, n + 1) if rank not in ranks]
    if not missing or _ties(out, members, repeated):
        for i in members:
            out.scores[i] = evolve(out.scores[i], rank_of=n)
        return
    names = " and ".join(name for name, _ in beyond)
    twice = ", ".join(str(r) for r in sorted(repeated))
    out.findings.append(
        Finding(
            check="broken-ranking",
            severity=Severity.ERROR,
            message=(
                f"the ranks of {names} are one ranking of {n} units (1…{n} across the tables), "
                f"but {sum(c - 1 for c in repeated.values())} ranks occur twice ({twice}) and "
                f"{len(missing)} are missing ({', '.join(map(str, missing))}): the tables may "
                "cover different periods"
            ),
            location=Provenance(file=source),
        )
    )
