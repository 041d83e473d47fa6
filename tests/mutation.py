"""The mutation harness: errors injected into consistent documents, and what the checks must say.

A base document is a consistent report rendered from its seed text (``tests/seeds/``) through the
fixture generator (``tests/fixtures/make_docx.py``), so its tables and sentences are the seed's
own. An :class:`Injection` changes one figure of it the way an officer copying figures by hand
would (a component, a total, a published change, a row moved or duplicated, a unit dropped from
a top-N list, a count in a sentence, a component over its maximum, a TỔNG row) and says, from
the injection alone, which finding codes must name which unit:

* ``required``: codes that must be reported on the injected unit (``None`` for a figure about
  no unit: a sentence's count, a column total);
* ``allowed``: codes that may also be reported on it, because the document prints the same
  figure in a second place (a total in Phụ lục I and in the change table: a
  ``cross-table-conflict`` is right too).

Nothing here asks idx766 what to expect: the harness reads the seed's table cells itself and
knows, from the injection, what it broke. A finding of the mutated document is *extra* when it is
not in the base document's findings and no injection required or allowed it; an injection is
*missed* when a required code does not name its unit.
"""

from __future__ import annotations

import copy
import io
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from random import Random
from typing import Any

TESTS_DIR = Path(__file__).resolve().parent
for _p in (TESTS_DIR, TESTS_DIR / "fixtures"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

import docx  # noqa: E402
import make_docx  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from seedtext import Block, Para, Span, Table  # noqa: E402

__all__ = [
    "BASES",
    "KINDS",
    "Base",
    "Injection",
    "Outcome",
    "base_document",
    "compare",
    "render",
    "render_with_generator",
]

# Group maxima of the six-group methodology, by the header's "(18)" (the harness reads the
# maximum from the printed header itself).
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Injection:
    """One injected error: its kind, the unit it names (None: a figure of no unit), the codes
    that must name that unit and the codes that may."""

    kind: str
    unit: str | None
    required: frozenset[str]
    allowed: frozenset[str] = frozenset()
    detail: str = ""
    any_of: frozenset[str] = frozenset()  # at least one of these must name the unit


@dataclass
class Base:
    """A consistent document as blocks, with the roles of its tables (by block index)."""

    name: str
    title: str
    blocks: list[Block]
    ranking: list[int] = field(default_factory=list)  # full rankings with components
    changes: list[int] = field(default_factory=list)  # TT, unit, from, to, change
    top_lists: dict[int, str] = field(default_factory=dict)  # leaders / laggards tables
    province: str | None = None
    group_counts: dict[int, int] = field(default_factory=dict)  # paragraph -> its table
    overdue_sentences: list[int] = field(default_factory=list)
    component_sentences: list[int] = field(default_factory=list)  # "03/06 chỉ số ... tăng"
    range_sentences: list[int] = field(default_factory=list)  # "đạt từ 97,84 điểm đến ..."
    overdue_table: int | None = None
    total_rows: list[tuple[int, int]] = field(default_factory=list)  # TỔNG rows: block, row
    template: bytes | None = None  # the base rendered by the fixture generator
    portal: dict[str, Any] | None = None  # a portal ranking file (JSON) instead of a report


def num(cell: str) -> Decimal | None:
    text = cell.strip().replace(",", ".")
    try:
        return Decimal(text)
    except ArithmeticError:
        return None


def fmt(value: Decimal) -> str:
    """As the seed prints a score: a dot, no trailing zeros ('19.7', '18')."""
    text = f"{value.quantize(CENT):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def fmt_delta(value: Decimal) -> str:
    return "---" if value == 0 else ("+" if value > 0 else "") + fmt(value)


def maximum(header: str) -> Decimal | None:
    """The maximum a column header prints: 'T.độ (20)' is 20."""
    if "(" in header and header.endswith(")"):
        return num(header[header.rindex("(") + 1 : -1])
    return None


def unit_name(cell: str) -> str:
    return cell.strip()


# The seed spells some units two ways (its own misprints); the harness knows them from the seed.
_SEED_SPELLINGS = {
    "điềm thụy": "diêm thụy",
    "diềm thụy": "diêm thụy",
    "phượng tiến": "phụng tiến",
    "các kcn": "các khu công nghiệp",
}


def fold(name: str | None) -> str | None:
    """A unit name compared without case, spacing or the seed's known misspellings (tones and
    marks kept: "Văn Lang" and "Văn Lãng" are two communes)."""
    if name is None:
        return None
    text = " ".join(unicodedata.normalize("NFC", name).casefold().split())
    text = text.removesuffix(" - tỉnh thái nguyên")
    for printed, meant in _SEED_SPELLINGS.items():
        text = text.replace(printed, meant)
    return text


PORTAL_RANKING = TESTS_DIR / "portal" / "766-Analyze" / "data" / "provinces" / "2026-10-06.json"


def base_document(prefix: str = "001") -> Base:
    """The seed's blocks and the roles of its tables, found from their headers (``portal``: the
    national ranking file of 2026-10-06, as the portal's API returned it)."""
    if prefix == "portal":
        data = json.loads(PORTAL_RANKING.read_text(encoding="utf-8"))
        return Base(name="portal", title=PORTAL_RANKING.name, blocks=[], portal=data)
    blocks = make_docx.seed_blocks(prefix)
    titles = {p: t for p, _, t in make_docx.FIXTURES}
    base = Base(name=prefix, title=titles[prefix], blocks=blocks)
    last_change: int | None = None
    for i, block in enumerate(blocks):
        if isinstance(block, Table) and block.rows:
            head = [c.strip() for c in block.rows[0]]
            if len(head) == 9 and head[-1].startswith("Tổng"):
                base.ranking.append(i)
            elif head[:2] in (["TT", "Sở/ngành"], ["TT", "Xã/phường"]) and head[-1] == "Biến động":
                base.changes.append(i)
                last_change = i
            elif head[-1] == "Số hồ sơ quá hạn":
                base.overdue_table = i
            for r, row in enumerate(block.rows):
                if any(c.strip().upper().startswith("TỔNG") for c in row[:2]):
                    base.total_rows.append((i, r))
        elif isinstance(block, Para):
            text = block.text
            if "đơn vị tăng điểm" in text:
                # the sentence counts the rows of the change table that follows it
                following = next(
                    j for j in range(i + 1, len(blocks)) if isinstance(blocks[j], Table)
                )
                base.group_counts[i] = following
            if _GROUP_COUNT.search(text):
                base.component_sentences.append(i)
            if _RANGE.search(text):
                base.range_sentences.append(i)
            if "hồ sơ quá hạn" in text and any(ch.isdigit() for ch in text):
                base.overdue_sentences.append(i)
    del last_change
    for i in base.changes:
        table = blocks[i]
        assert isinstance(table, Table)
        heading = _heading_before(blocks, i)
        if "dẫn đầu" in heading:
            base.top_lists[i] = "leaders"
        elif "chưa cao" in heading:
            base.top_lists[i] = "laggards"
    text = " ".join(b.text for b in blocks if isinstance(b, Para))
    named = re.search(r"tỉnh (\w+ \w+) đạt", text)
    base.province = named.group(1) if named else None
    return base


_GROUP_COUNT = re.compile(r"\b(\d{2})(?:/06)?(?= chỉ số (?:thành phần )?(?:tăng|duy trì|giảm))")


_RANGE = re.compile(r"đạt từ (\d+,\d\d) điểm đến (\d+,\d\d) điểm")


def _heading_before(blocks: Sequence[Block], index: int) -> str:
    for j in range(index - 1, -1, -1):
        block = blocks[j]
        if isinstance(block, Para) and block.text[:1].isdigit() and len(block.text) < 120:
            return block.text
    return ""


def render(blocks: Sequence[Any], base: Base, path: Path) -> Path:
    """The blocks as a DOCX laid out like the fixtures: the base document rendered once by the
    fixture generator, then the cells and paragraphs the injections changed written into a
    copy of it (the generator takes seconds for a 92-row table; a copy takes milliseconds)."""
    if base.portal is not None:
        path = path.with_name(PORTAL_RANKING.name)  # the name dates its figures
        data = base.portal if not blocks else blocks[0]
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path
    if base.template is None:
        doc = make_docx.render(make_docx.plan(base.blocks), base.title)
        buffer = io.BytesIO()
        doc.save(buffer)
        base.template = buffer.getvalue()
    if blocks is base.blocks:
        path.write_bytes(base.template)
        return path
    doc = docx.Document(io.BytesIO(base.template))
    body = doc.element.body
    tables = iter(body.findall(qn("w:tbl")))
    paragraphs = body.findall(qn("w:p"))
    for before, after in zip(base.blocks, blocks, strict=True):
        if isinstance(before, Table):
            assert isinstance(after, Table)
            head = _strip(before.rows[0])
            tbl = next(t for t in tables if _row_texts(t)[:1] == [head])
            if after.rows != before.rows:
                _write_rows(tbl, before.rows, after.rows)
        elif isinstance(before, Para) and isinstance(after, Para) and after.text != before.text:
            _write_paragraph(paragraphs, before.text, after.text)
    doc.save(str(path))
    return path


def render_with_generator(blocks: Sequence[Block], base: Base, path: Path) -> Path:
    """The blocks rendered by the fixture generator itself (what :func:`render` stands for)."""
    make_docx.render(make_docx.plan(blocks), base.title).save(str(path))
    return path


def _strip(row: Sequence[str]) -> list[str]:
    """A row's texts as compared with the rendered row's (merged header cells are one)."""
    return [c.strip() for c in row if c.strip()]


def _cell_text(tc: Any) -> str:
    return "".join(t.text or "" for t in tc.iter(qn("w:t"))).strip()


def _row_texts(tbl: Any) -> list[list[str]]:
    rows = [[_cell_text(tc) for tc in tr.findall(qn("w:tc"))] for tr in tbl.findall(qn("w:tr"))]
    return [[c for c in row if c] for row in rows]


def _write_rows(tbl: Any, before: Sequence[Sequence[str]], rows: Sequence[Sequence[str]]) -> None:
    """The table's rows made ``rows``: the changed rows rewritten in place when their number is
    the same, else every row written on a copy of the row at its place."""
    old = tbl.findall(qn("w:tr"))
    if len(rows) == len(before):
        for tr, was, row in zip(old, before, rows, strict=True):
            if list(was) != list(row):
                _write_cells(tr, row)
        return
    for tr in old:
        tbl.remove(tr)
    for i, row in enumerate(rows):
        tr = copy.deepcopy(old[min(i, len(old) - 1)])
        _write_cells(tr, row)
        tbl.append(tr)


def _write_cells(tr: Any, row: Sequence[str]) -> None:
    cells = tr.findall(qn("w:tc"))
    assert len(cells) == len(row), "a row of merged cells is not rewritten"
    for tc, text in zip(cells, row, strict=True):
        ts = list(tc.iter(qn("w:t")))
        assert ts or not text.strip(), "an empty cell given text"
        for k, t in enumerate(ts):
            t.text = text if k == 0 else ""


def _write_paragraph(paragraphs: Sequence[Any], old: str, new: str) -> None:
    """The one place where ``new`` differs from ``old`` written into the paragraph's run."""
    start = next(k for k, (a, b) in enumerate(zip(old, new, strict=False)) if a != b)
    tail = 0
    while tail < min(len(old), len(new)) - start and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    for p in paragraphs:
        ts = list(p.iter(qn("w:t")))
        if "".join(t.text or "" for t in ts) != old:
            continue
        at = 0
        for t in ts:
            text = t.text or ""
            if at <= start and start + (len(old) - tail - start) <= at + len(text):
                local = start - at
                t.text = (
                    text[:local]
                    + new[start : len(new) - tail]
                    + text[local + len(old) - tail - start :]
                )
                return
            at += len(text)
    raise AssertionError(f"paragraph not found or change across runs: {old[:60]!r}")


# --- the injections ---------------------------------------------------------------------------

Draw = Callable[[Sequence[object]], object]


@dataclass
class Outcome:
    missed: list[tuple[Injection, str]]
    extra: list[tuple[str, str | None, str]]

    @property
    def ok(self) -> bool:
        return not self.missed and not self.extra


def compare(
    injections: Sequence[Injection],
    found: Sequence[tuple[str, str | None, str]],
    baseline: set[tuple[str, str | None]],
) -> Outcome:
    """``found``: (code, unit, message) of every error or warning of the mutated document."""
    keys = {(code, fold(unit)) for code, unit, _ in found}
    missed = [
        (inj, code)
        for inj in injections
        for code in inj.required
        if (code, fold(inj.unit)) not in keys
    ]
    missed += [
        (inj, " or ".join(sorted(inj.any_of)))
        for inj in injections
        if inj.any_of and not any((code, fold(inj.unit)) in keys for code in inj.any_of)
    ]
    explained = {
        (code, fold(inj.unit))
        for inj in injections
        for code in inj.required | inj.allowed | inj.any_of
    }
    known = {(code, fold(unit)) for code, unit in baseline}
    extra = [
        (code, unit, message)
        for code, unit, message in found
        if (code, fold(unit)) not in explained and (code, fold(unit)) not in known
    ]
    return Outcome(missed=missed, extra=extra)


def copy_blocks(blocks: Sequence[Block]) -> list[Block]:
    return [copy.deepcopy(b) for b in blocks]


KINDS = (
    "component",
    "total",
    "delta",
    "row-moved",
    "row-duplicated",
    "top-n-dropped",
    "narrative-count",
    "over-maximum",
    "column-total",
    "position",
)


# --- drawing injections -----------------------------------------------------------------------


@dataclass
class State:
    """What the injections so far touched: one injection per unit, and a table whose order or
    totals were changed (or a sentence whose count was) takes no second such injection."""

    units: set[str] = field(default_factory=set)
    locked: set[int] = field(default_factory=set)


def _data(table: Table) -> list[list[str]]:
    return table.rows[table.header_rows :]


def _key(name: str) -> str:
    """One unit however the seed spells it ("Diềm Thụy" in one table, "Điềm Thụy" in another):
    one injection per unit, or a later one could undo what an earlier one expects."""
    return fold(unit_name(name)) or ""


def _renumber(table: Table) -> None:
    for n, row in enumerate(_data(table), start=1):
        row[0] = str(n)


def _names_in(blocks: Sequence[Block], indexes: Sequence[int], skip: int) -> set[str]:
    names: set[str] = set()
    for i in indexes:
        table = blocks[i]
        if i != skip and isinstance(table, Table):
            names |= {unit_name(row[1]) for row in _data(table)}
    return names


def _free_row(rng: Random, table: Table, state: State, ok: Callable[[int], bool]) -> int | None:
    rows = _data(table)
    choices = [r for r in range(len(rows)) if _key(rows[r][1]) not in state.units and ok(r)]
    return rng.choice(choices) if choices else None


def _ranking_row(
    rng: Random,
    base: Base,
    blocks: list[Block],
    state: State,
    *,
    unlocked: bool,
    ok: Callable[[Table, int], bool] = lambda table, r: True,
) -> tuple[int, Table, int] | None:
    """A ranking table (one whose order no injection changed yet, if ``unlocked``) and a row
    of it at a unit no injection touched."""
    if not base.ranking:
        return None
    index = rng.choice(base.ranking)
    if unlocked and index in state.locked:
        return None
    table = blocks[index]
    assert isinstance(table, Table)
    row = _free_row(rng, table, state, lambda r: ok(table, r))
    return None if row is None else (index, table, row)


def _cents(rng: Random, low: int = 1, high: int = 300) -> Decimal:
    return Decimal(rng.randint(low, high)) * CENT


def inject_component(
    rng: Random, base: Base, blocks: list[Block], state: State
) -> Injection | None:
    picked = _ranking_row(rng, base, blocks, state, unlocked=False)
    if picked is None:
        return None
    _, table, row = picked
    column = rng.randint(2, 7)
    top = maximum(table.rows[0][column])
    if top is None:
        return None
    cells = _data(table)[row]
    value = num(cells[column])
    assert value is not None
    step = _cents(rng)
    new = value + step if rng.random() < 0.5 else value - step
    if not 0 <= new <= top:
        new = value - step if new > top else value + step
    if not 0 <= new <= top or new == value:
        return None
    cells[column] = fmt(new)
    state.units.add(_key(cells[1]))
    return Injection(
        "component",
        unit_name(cells[1]),
        frozenset({"component-sum-equals-total"}),
        detail=f"{table.rows[0][column]} {value} -> {new}",
    )


def inject_over_maximum(
    rng: Random, base: Base, blocks: list[Block], state: State
) -> Injection | None:
    picked = _ranking_row(rng, base, blocks, state, unlocked=False)
    if picked is None:
        return None
    _, table, row = picked
    column = rng.randint(2, 7)
    top = maximum(table.rows[0][column])
    if top is None:
        return None
    cells = _data(table)[row]
    new = top + _cents(rng)
    old = cells[column]
    cells[column] = fmt(new)
    state.units.add(_key(cells[1]))
    return Injection(
        "over-maximum",
        unit_name(cells[1]),
        frozenset({"component-within-max", "component-sum-equals-total"}),
        detail=f"{table.rows[0][column]} {old} -> {new}",
    )


def inject_total(rng: Random, base: Base, blocks: list[Block], state: State) -> Injection | None:
    if not base.ranking:
        return None
    index = rng.choice(base.ranking)
    if index in state.locked:
        return None
    table = blocks[index]
    assert isinstance(table, Table)
    rows = _data(table)
    totals = [num(r[-1]) for r in rows]

    def room(r: int) -> tuple[Decimal, Decimal]:
        upper = totals[r - 1] if r > 0 else Decimal(100) + CENT
        lower = totals[r + 1] if r + 1 < len(rows) else Decimal(0) - CENT
        assert upper is not None and lower is not None
        return lower, upper

    def fits(r: int) -> bool:
        lower, upper = room(r)
        return upper - lower > 2 * CENT

    row = _free_row(rng, table, state, fits)
    if row is None:
        return None
    lower, upper = room(row)
    old = totals[row]
    assert old is not None
    candidates = int((upper - lower) / CENT) - 1
    new = old
    while new == old:
        new = lower + CENT * rng.randint(1, candidates)
    rows[row][-1] = fmt(new)
    state.units.add(_key(rows[row][1]))
    state.locked.add(index)
    name = unit_name(rows[row][1])
    # a total printed in an earlier table too (the change tables) stays the one read first:
    # the Phụ lục I total is then a cross-table-conflict (its components agree with the first)
    elsewhere = fold(name) in {fold(n) for n in _names_in(blocks, base.changes, skip=index)}
    return Injection(
        "total",
        name,
        frozenset({"cross-table-conflict"} if elsewhere else {"component-sum-equals-total"}),
        allowed=frozenset({"cross-table-conflict", "component-sum-equals-total"}),
        detail=f"total {old} -> {new}",
    )


def inject_delta(rng: Random, base: Base, blocks: list[Block], state: State) -> Injection | None:
    if not base.changes:
        return None
    index = rng.choice(base.changes)
    table = blocks[index]
    assert isinstance(table, Table)

    def moved(r: int) -> bool:
        value = num(_data(table)[r][-1].replace("+", ""))
        return value is not None and value != 0

    row = _free_row(rng, table, state, moved)
    if row is None:
        return None
    cells = _data(table)[row]
    old = num(cells[-1].replace("+", ""))
    assert old is not None
    new = old
    while new == old:
        new = _cents(rng, 1, 200) * (1 if old > 0 else -1)
    cells[-1] = fmt_delta(new)
    name = unit_name(cells[1])
    state.units.add(_key(name))
    # a change printed in an earlier table too is kept as first read: this one is then a
    # cross-table-conflict (and a delta-equals-difference when it was read first)
    elsewhere = fold(name) in {fold(n) for n in _names_in(blocks, base.changes, skip=index)}
    return Injection(
        "delta",
        name,
        frozenset({"cross-table-conflict"} if elsewhere else {"delta-equals-difference"}),
        allowed=frozenset({"cross-table-conflict", "delta-equals-difference"}),
        detail=f"change {old} -> {new}",
    )


def inject_row_moved(
    rng: Random, base: Base, blocks: list[Block], state: State
) -> Injection | None:
    picked = _ranking_row(rng, base, blocks, state, unlocked=True)
    if picked is None:
        return None
    index, table, row = picked
    rows = _data(table)
    target = rng.randrange(len(rows))
    total = num(rows[row][-1])
    low, high = sorted((row, target))
    jumped = rows[low : high + 1]
    if len({num(r[-1]) for r in jumped if num(r[-1]) != total}) < 2:
        return None  # a move past fewer than two other scores is a swap: either row is wrong
    h = table.header_rows
    moving = table.rows.pop(h + row)
    table.rows.insert(h + target, moving)
    _renumber(table)
    state.units.add(_key(moving[1]))
    state.locked.add(index)
    return Injection(
        "row-moved",
        unit_name(moving[1]),
        frozenset({"rank-consistent-with-score"}),
        allowed=frozenset({"cross-table-conflict"}),
        detail=f"row {row + 1} -> {target + 1}",
    )


def inject_row_duplicated(
    rng: Random, base: Base, blocks: list[Block], state: State
) -> Injection | None:
    picked = _ranking_row(rng, base, blocks, state, unlocked=True)
    if picked is None:
        return None
    index, table, row = picked
    rows = _data(table)
    table.rows.insert(table.header_rows + row + 1, list(rows[row]))
    _renumber(table)
    state.units.add(_key(rows[row][1]))
    state.locked.add(index)
    return Injection(
        "row-duplicated",
        unit_name(rows[row][1]),
        frozenset({"duplicate-unit"}),
        # the copy's renumbered position is a second rank of the unit
        allowed=frozenset({"cross-table-conflict"}),
        detail=f"row {row + 1} printed twice",
    )


def inject_position(rng: Random, base: Base, blocks: list[Block], state: State) -> Injection | None:
    """A row's printed position (TT) changed to another's: printed twice, its own skipped."""
    picked = _ranking_row(rng, base, blocks, state, unlocked=True)
    if picked is None:
        return None
    index, table, row = picked
    rows = _data(table)
    new = row + 1
    while new == row + 1:
        new = rng.randint(1, len(rows))
    if new == row and num(rows[row - 1][-1]) == num(rows[row][-1]):
        return None  # the previous row's position with its score: a tie, printed as one
    rows[row][0] = str(new)
    state.units.add(_key(rows[row][1]))
    state.locked.add(index)
    return Injection(
        "position",
        unit_name(rows[row][1]),
        frozenset({"ranking-position"}),
        # the printed position is the unit's rank: out of order with the scores around it
        allowed=frozenset({"rank-consistent-with-score"}),
        detail=f"row {row + 1} printed as {new}",
    )


def inject_top_dropped(
    rng: Random, base: Base, blocks: list[Block], state: State
) -> list[Injection] | None:
    if not base.top_lists:
        return None
    index = rng.choice(sorted(base.top_lists))
    group = base.top_lists[index]
    sentence = next((p for p, t in base.group_counts.items() if t == index), None)
    if index in state.locked or sentence in state.locked:
        return None
    table = blocks[index]
    assert isinstance(table, Table)
    row = _free_row(rng, table, state, lambda r: True)
    if row is None:
        return None
    dropped = _data(table)[row]
    others = [num(r[3]) for r in _data(table) if r is not dropped]
    total = num(dropped[3])
    assert total is not None and None not in others
    cut = min(others) if group == "leaders" else max(others)  # type: ignore[type-var]
    assert cut is not None
    beyond = total > cut if group == "leaders" else total < cut
    if total != cut and not beyond:
        # the list's unique cut: the rest are still the top N-1 by score; only the heading's
        # "Nhóm 10" says one is missing, and the heading's count is not read
        return None
    table.rows.remove(dropped)
    _renumber(table)
    name = unit_name(dropped[1])
    state.units.add(_key(name))
    state.locked.add(index)
    found = [
        Injection(
            "top-n-dropped",
            name,
            frozenset({"top-n-list-complete" if beyond else "top-n-cuts-tie"}),
            detail=f"row {row + 1} of the {group} dropped",
        )
    ]
    if sentence is not None:
        state.locked.add(sentence)
        found.append(
            Injection(
                "top-n-dropped",
                None,
                frozenset({"narrative-matches-table"}),
                detail="the sentence counting the list's changes",
            )
        )
    return found


_COUNT = re.compile(r"\b(\d{2})(?=\s+(?:đơn vị|chỉ số))")


def inject_narrative_count(
    rng: Random, base: Base, blocks: list[Block], state: State
) -> Injection | None:
    sentences = [
        *((i, "units") for i in base.group_counts),
        *((i, "overdue") for i in base.overdue_sentences),
        *((i, "groups") for i in base.component_sentences),
        *((i, "range") for i in base.range_sentences),
    ]
    if not sentences:
        return None
    index, what = rng.choice(sentences)
    if index in state.locked or base.group_counts.get(index) in state.locked:
        return None
    para = blocks[index]
    assert isinstance(para, Para)
    if what == "units":
        spots = [
            m for m in _COUNT.finditer(para.text) if "đơn vị" in para.text[m.end() : m.end() + 8]
        ]
        spots = [
            m
            for m in spots
            if "tăng" in para.text[m.end() : m.end() + 60]
            or "giảm" in para.text[m.end() : m.end() + 60]
            or "giữ nguyên" in para.text[m.end() : m.end() + 60]
        ]
        if not spots:
            return None
        spot = rng.choice(spots)
        old = int(spot.group(1))
        new = old
        while new == old:
            new = rng.randint(0, 13)
        text = para.text[: spot.start()] + f"{new:02d}" + para.text[spot.end() :]
    elif what == "range":
        found = rng.choice(list(_RANGE.finditer(para.text)))
        end = rng.choice((1, 2))
        was = num(found.group(end))
        assert was is not None
        now = was + _cents(rng, 1, 30) * rng.choice((1, -1))
        old, new = found.group(end), f"{now:.2f}".replace(".", ",")
        at, stop = found.start(end), found.end(end)
        text = para.text[:at] + new + para.text[stop:]
        blocks[index] = _retext(para, text)
        state.locked.add(index)
        # stated twice (the section and the summary): the first one read is checked against
        # the group's table, a second one that differs is a cross-table-conflict with it
        either = frozenset({"narrative-matches-table", "cross-table-conflict"})
        return Injection(
            "narrative-count",
            None,
            frozenset(),
            allowed=either,
            any_of=either,
            detail=f"range end {old} -> {new} in paragraph {index}",
        )
    elif what == "groups":
        spots = list(_GROUP_COUNT.finditer(para.text))
        spot = rng.choice(spots)
        old = int(spot.group(1))
        new = old
        while new == old:
            new = rng.randint(0, 6)
        text = para.text[: spot.start()] + f"{new:02d}" + para.text[spot.start() + 2 :]
    else:
        spots = list(re.finditer(r"(?:(?<=là )|(?<=ong ))(\d{3})(?= hồ sơ)", para.text))
        if not spots:
            return None
        spot = rng.choice(spots)
        old = int(spot.group(1))
        new = old
        while new == old:
            new = rng.randint(100, 999)
        text = para.text[: spot.start()] + str(new) + para.text[spot.end() :]
    blocks[index] = _retext(para, text)
    state.locked.add(index)
    if what == "units":
        return Injection(
            "narrative-count",
            None,
            frozenset({"narrative-matches-table"}),
            detail=f"{old} -> {new} in paragraph {index}",
        )
    # the province's overdue total (or its count of groups up, held or down), stated in two
    # sentences: the first one read is kept and checked against the table, the other one is a
    # cross-table-conflict with it
    return Injection(
        "narrative-count",
        base.province,
        frozenset(),
        allowed=frozenset({"cross-table-conflict", "narrative-matches-table"}),
        any_of=frozenset({"cross-table-conflict", "narrative-matches-table"}),
        detail=f"{old} -> {new} in paragraph {index}",
    )


def _retext(para: Para, text: str) -> Para:
    return replace(para, text=text, spans=(Span(text),))


def inject_column_total(
    rng: Random, base: Base, blocks: list[Block], state: State
) -> Injection | None:
    """A TỔNG row's count (or count pair) printed off by a few."""
    if not base.total_rows:
        return None
    index, r = rng.choice(base.total_rows)
    table = blocks[index]
    assert isinstance(table, Table)
    heads = [" ".join(h[c] for h in table.rows[: table.header_rows]) for c in range(table.width)]
    row = table.rows[r]
    columns = [
        c
        for c in range(2, len(row))
        if re.fullmatch(r"\d+(?:/\d+)?", row[c].strip()) and "Tăng" not in heads[c]
    ]
    c = rng.choice(columns) if columns else None
    cell = f"{index}/{r}/{c}"
    if c is None or cell in state.units:
        return None
    state.units.add(cell)
    old = row[c].strip()
    first = old.split("/")[0]
    step = rng.randint(1, 50) * rng.choice((1, -1))
    new_first = max(0, int(first) + step)
    if new_first == int(first):
        new_first = int(first) + 1
    row[c] = str(new_first) + old[len(first) :]
    return Injection(
        "column-total",
        None,
        frozenset({"column-total-equals-sum"}),
        detail=f"{heads[c]!r} of {row[1]!r}: {old} -> {row[c]}",
    )


INJECTORS: dict[
    str, Callable[[Random, Base, list[Block], State], Injection | list[Injection] | None]
] = {
    "component": inject_component,
    "total": inject_total,
    "delta": inject_delta,
    "row-moved": inject_row_moved,
    "row-duplicated": inject_row_duplicated,
    "top-n-dropped": inject_top_dropped,
    "narrative-count": inject_narrative_count,
    "over-maximum": inject_over_maximum,
    "column-total": inject_column_total,
    "position": inject_position,
}

# the consistent documents the injections start from (seed prefixes)
BASES = ("001", "004", "portal")


# the portal's group codes and maxima; TTTT and CLGQ are told apart by their magnitude (a value
# of TTTT over 10 makes the file ambiguous), so only the other four go over their maximum
_PORTAL_MAX = {"CKMB": 18, "TDGQ": 20, "CLGQ": 12, "TTTT": 10, "MDHL": 18, "MDSH": 22}
_OVER_MAX = ("CKMB", "TDGQ", "MDHL", "MDSH")


def _portal_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = data["provinces"]
    return rows


def _portal_rank(data: dict[str, Any]) -> None:
    """Ranks renumbered in list order, as the portal's own file gives them; its separate entry
    for Đắk Lắk (``dakLak``) follows the province's row."""
    for n, row in enumerate(_portal_rows(data), start=1):
        row["rank"] = n
        if row.get("isDakLak") and isinstance(data.get("dakLak"), dict):
            data["dakLak"]["rank"] = n


def mutate_portal(base: Base, seed: int, count: int) -> tuple[list[Any], list[Injection]]:
    """``count`` injections into a copy of the portal ranking: a group score, a total, a group
    over its maximum, a province moved in the ranking or listed twice (ranks renumbered)."""
    assert base.portal is not None
    rng = Random(seed)
    data = copy.deepcopy(base.portal)
    rows = _portal_rows(data)
    # Đắk Lắk is printed twice (its row and the file's ``dakLak`` entry): a value changed in one
    # only would be a cross-table-conflict first; it is left alone
    used = {row["departmentName"] for row in rows if row.get("isDakLak")}
    ordered = True  # one move or copy per file: the ranking's order stays the harness's to know
    injections: list[Injection] = []
    for _ in range(200):
        if len(injections) == count:
            break
        kind = rng.choice(["component", "total", "over-maximum", "row-moved", "row-duplicated"])
        r = rng.randrange(len(rows))
        row = rows[r]
        name = row["departmentName"]
        if name in used:
            continue
        if kind in ("component", "over-maximum"):
            code = rng.choice(_OVER_MAX if kind == "over-maximum" else sorted(_PORTAL_MAX))
            old = Decimal(str(row["scores"][code]))
            if kind == "over-maximum":
                new = _PORTAL_MAX[code] + _cents(rng)
                codes = {"component-within-max", "component-sum-equals-total"}
            else:
                new = old + _cents(rng) * rng.choice((1, -1))
                if not 0 <= new <= _PORTAL_MAX[code] or new == old:
                    continue
                if code in ("CLGQ", "TTTT") and new > 10:
                    continue  # would make the two codes ambiguous
                codes = {"component-sum-equals-total"}
            row["scores"][code] = float(new)
            injections.append(
                Injection(kind, name, frozenset(codes), detail=f"{code} {old} -> {new}")
            )
        elif kind == "total":
            if not ordered:
                continue
            totals = [Decimal(str(x["totalScore"])) for x in rows]
            upper = totals[r - 1] if r else Decimal(100) + CENT
            lower = totals[r + 1] if r + 1 < len(rows) else -CENT
            room = int((upper - lower) / CENT) - 1
            if room < 2:
                continue
            new = totals[r]
            while new == totals[r]:
                new = lower + CENT * rng.randint(1, room)
            row["totalScore"] = float(new)
            injections.append(
                Injection(
                    kind,
                    name,
                    frozenset({"component-sum-equals-total"}),
                    detail=f"total {totals[r]} -> {new}",
                )
            )
        elif kind == "row-moved":
            if not ordered:
                continue
            target = rng.randrange(len(rows))
            total = row["totalScore"]
            low, high = sorted((r, target))
            if len({x["totalScore"] for x in rows[low : high + 1] if x["totalScore"] != total}) < 2:
                continue
            rows.insert(target, rows.pop(r))
            _portal_rank(data)
            ordered = False
            injections.append(
                Injection(
                    kind,
                    name,
                    frozenset({"rank-consistent-with-score"}),
                    detail=f"{r + 1} -> {target + 1}",
                )
            )
        else:
            if not ordered:
                continue
            rows.insert(r + 1, copy.deepcopy(row))
            _portal_rank(data)
            ordered = False
            injections.append(
                Injection(
                    kind,
                    name,
                    frozenset({"duplicate-unit"}),
                    # the copy's renumbered rank is a second rank of the province
                    allowed=frozenset({"cross-table-conflict"}),
                    detail=f"rank {r + 1} listed twice",
                )
            )
        used.add(name)
    return [data], injections


def mutate(base: Base, seed: int, count: int) -> tuple[list[Any], list[Injection]]:
    """``count`` injections drawn with ``seed`` into a copy of the base's blocks."""
    if base.portal is not None:
        return mutate_portal(base, seed, count)
    rng = Random(seed)
    blocks = copy_blocks(base.blocks)
    state = State()
    injections: list[Injection] = []
    done = 0
    for _ in range(200):
        if done == count:
            break
        kind = rng.choice(sorted(INJECTORS))
        made = INJECTORS[kind](rng, base, blocks, state)
        if made is None:
            continue
        injections.extend(made if isinstance(made, list) else [made])
        done += 1
    return blocks, injections


def summary(lines: Sequence[str]) -> str:
    """Recall and false alarms of a long run's log (``IDX766_MUTATION_LOG``), by kind."""
    import json

    by_kind: dict[str, list[int]] = {}
    examples = alarmed = extra = 0
    for line in lines:
        row = json.loads(line)
        examples += 1
        alarmed += bool(row["extra"])
        extra += len(row["extra"])
        for kind, _, found in row["injections"]:
            counts = by_kind.setdefault(kind, [0, 0])
            counts[0] += 1
            counts[1] += bool(found)
    injected = sum(c[0] for c in by_kind.values())
    found = sum(c[1] for c in by_kind.values())
    out = [
        f"examples: {examples}; injections: {injected}; found: {found} "
        f"(recall {100 * found / max(injected, 1):.2f} %); extra findings: {extra} in "
        f"{alarmed} examples (false-alarm rate {100 * alarmed / max(examples, 1):.2f} %)"
    ]
    out += [f"  {kind}: {c[1]}/{c[0]}" for kind, c in sorted(by_kind.items())]
    return "\n".join(out)


if __name__ == "__main__":
    print(summary(Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()))
