"""Seeds 000, 002, 003 and 004 rendered as DOCX parse to what the seed texts hold.

Expectations come from the seed texts (tables through tests/seedtext.py, sentences through the
small regular expressions below), never from retyped numbers.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import idx766
from idx766.cli import main
from idx766.model import Level, Records
from seed_expect import label_key, plain, tables_with
from seedtext import Para, heading_before, read_seed, seed_path
from seedtext import tables as seed_tables

FIXTURES = Path(__file__).parent / "fixtures" / "docx"


def _vn(number: str) -> Decimal:
    """A number as the seed narrative prints it (comma decimals)."""
    return Decimal(number.replace(".", "").replace(",", "."))


def _seed_text(prefix: str) -> str:
    doc = read_seed(seed_path(prefix))
    return "\n".join(b.text for b in doc.blocks if isinstance(b, Para))


@pytest.fixture(scope="module")
def parsed() -> dict[str, Records]:
    return {p.name[:3]: idx766.parse(p) for p in sorted(FIXTURES.glob("00*.docx"))}


# -- seed 000: commendation letter ---------------------------------------------------------------


def _group(heading: str) -> str:
    text = plain(heading)
    return "leaders" if "dan dau" in text else "laggards"


def test_commendation_scores_with_groups(parsed: dict[str, Records]) -> None:
    doc = read_seed(seed_path("000"))
    expected = []
    group = None
    for table in seed_tables(doc):
        if any(c.strip() for c in table.rows[0]):
            group = _group(heading_before(doc, table))
        expected += [(row[1], _vn(row[2]), group) for row in table.data]
    assert len(expected) == 30
    records = parsed["000"]
    got = []
    for name, _, _ in expected:
        [snap] = [s for s in records.scores if name in s.names]
        assert snap.as_of == date(2026, 3, 28) and snap.rank is None
        got.append((name, snap.total, snap.groups[0] if snap.groups else None))
    assert got == expected


def test_commendation_headline(parsed: dict[str, Records]) -> None:
    text = _seed_text("000")
    total = re.search(r"đạt (\d+,\d+)/100 điểm", text)
    before = re.search(r"từ (\d+,\d+) điểm lên", text)
    ranks = re.search(r"từ vị trí thứ (\d+) lên vị trí thứ (\d+)", text)
    of = re.search(r"bảng xếp hạng (\d+) tỉnh", text)
    assert total and before and ranks and of
    records = parsed["000"]
    [snap] = [s for s in records.scores if s.unit.level == Level.PROVINCE]
    assert (snap.total, snap.rank, snap.rank_of) == (
        _vn(total.group(1)),
        int(ranks.group(2)),
        int(of.group(1)),
    )
    [change] = [c for c in records.changes if c.component is None]
    assert (change.before, change.after) == (_vn(before.group(1)), snap.total)
    [rank] = [c for c in records.changes if c.component == "rank"]
    assert (rank.rank_before, rank.rank_after) == (int(ranks.group(1)), int(ranks.group(2)))


# -- seed 004: monthly report of 2023 ------------------------------------------------------------


def test_2023_components_and_totals_at_two_dates(parsed: dict[str, Records]) -> None:
    text = _seed_text("004")
    items = re.findall(
        r"1\.[1-6]\. Điểm số trục nội dung (.+?) đạt (\d+(?:,\d+)?)/\d+ điểm"
        r".*?\((\d+(?:,\d+)?) điểm\)",
        text,
    )
    assert len(items) == 6
    now = {label_key(label): _vn(v) for label, v, _ in items}
    then = {label_key(label): _vn(v) for label, _, v in items}
    total = re.search(r"đạt (\d+,\d+)/100 điểm; xếp hạng (\d+)/(\d+).*?\((\d+,\d+) điểm\)", text)
    assert total
    records = parsed["004"]
    by_date = {s.as_of: s for s in records.scores if s.unit.level == Level.PROVINCE}
    aug, jul = by_date[date(2023, 8, 31)], by_date[date(2023, 7, 31)]
    assert {c.component: c.value for c in aug.components or ()} == now
    assert {c.component: c.value for c in jul.components or ()} == then
    assert (aug.total, aug.rank, aug.rank_of) == (
        _vn(total.group(1)),
        int(total.group(2)),
        int(total.group(3)),
    )
    assert jul.total == _vn(total.group(4))
    assert sum(now.values()) != aug.total  # 75,7 against 75,69: within the printed precision


def test_2023_overdue_at_two_dates(parsed: dict[str, Records]) -> None:
    [table] = tables_with("004", "qua han")
    units = [r for r in table.data if r[1] and not plain(r[1]).startswith("tong")]
    assert len(units) == 25
    got = {(o.unit.name, o.as_of): o.count for o in parsed["004"].overdue}
    for _, name, july, august, _ in units:
        assert got[(name, date(2023, 7, 31))] == int(july)
        assert got[(name, date(2023, 8, 31))] == int(august)
    assert len(got) == 50


def test_2023_rate_tables_as_metrics(parsed: dict[str, Records]) -> None:
    metrics = parsed["004"].metrics
    tables = tables_with("004", "ty le", "don vi")
    assert len(tables) == 4
    for table in tables:
        for _, name, july, august, _ in table.data:
            for day, cell in ((date(2023, 7, 31), july), (date(2023, 8, 31), august)):
                values = [
                    m.value
                    for m in metrics
                    if m.unit
                    and m.unit.name == name
                    and m.as_of == day
                    and m.metric.startswith(table.header[0][2].split(" ngày")[0])
                ]
                assert values == [_vn(cell)], (name, day)


def test_2023_e_certification_as_metrics(parsed: dict[str, Records]) -> None:
    [table] = tables_with("004", "da trien khai")
    metrics = parsed["004"].metrics
    for row in table.data:
        name, deployed = row[1], row[2]
        num, den = (int(x) for x in deployed.split("/"))
        unit_name = name if not plain(name).startswith("tong") else None
        found = [
            m
            for m in metrics
            if (m.unit.name if m.unit else None) == unit_name
            or (unit_name is None and m.unit is None and "Đã triển khai" in m.metric)
        ]
        pairs = {(m.numerator, m.denominator) for m in found if m.as_of == date(2023, 7, 31)}
        assert (Decimal(num), Decimal(den)) in pairs, name


# -- seed 003: directive with targets -------------------------------------------------------------


def test_directive_targets(parsed: dict[str, Records]) -> None:
    text = seed_path("003").read_text("utf-8")
    annex = text[text.index("STT Nhiệm vụ Chỉ tiêu") :]
    wanted = [
        (">=" if m.group(1) else "=", Decimal(m.group(2)))
        for m in re.finditer(r"(≥\s*)?(\d+)%", annex)
    ]
    assert len(wanted) == 7
    records = parsed["003"]
    assert records.document.kind == "directive"
    assert [(t.op, t.value) for t in records.targets] == wanted
    assert {t.unit_of_measure for t in records.targets} == {"%"}


# -- seed 002: news article ------------------------------------------------------------------------


def test_news_components_and_named_scores(parsed: dict[str, Records]) -> None:
    text = _seed_text("002")
    sentence = text[text.index("Trong đó:") : text.index(".", text.index("Trong đó:"))]
    values = sorted(_vn(v) for v in re.findall(r"đạt (\d+(?:,\d+)?) điểm", sentence))
    assert len(values) == 6
    records = parsed["002"]
    [province] = [s for s in records.scores if s.unit.level == Level.PROVINCE]
    assert sorted(c.value for c in province.components or ()) == values
    named = re.findall(r"([^;:()]+?) \((\d+,\d+) điểm\)", text)
    named = [(n.split(": ")[-1].removeprefix("gồm ").strip(), _vn(v)) for n, v in named]
    got = {(s.names[0], s.total) for s in records.scores if s.unit.level != Level.PROVINCE}
    assert got == set(named) and len(named) == 13


def test_news_lists_of_high_scorers_give_their_group(parsed: dict[str, Records]) -> None:
    """Both lists of the article are its high scorers ("nhóm các sở, đơn vị đạt điểm cao gồm:",
    "các xã, phường có điểm số cao gồm:"): every unit named in them is a leader (issue 16)."""
    text = _seed_text("002")
    assert len(re.findall(r"(?:đạt điểm|có điểm số) cao gồm:", text)) == 2
    named = [s for s in parsed["002"].scores if s.unit.level != Level.PROVINCE]
    assert len(named) == 13 and all(s.groups == ("leaders",) for s in named)


# -- checks --------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_check_finds_no_error_in_consistent_seeds(
    prefix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    [path] = FIXTURES.glob(f"{prefix}-*.docx")
    assert main(["check", str(path), "--lang", "en"]) == 0
    assert ": 0 errors," in capsys.readouterr().out


def test_check_reports_the_news_articles_impossible_value(
    capsys: pytest.CaptureFixture[str],
) -> None:
    [path] = FIXTURES.glob("002-*.docx")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "component-within-max" in out and "dvc_truc_tuyen is 18.4" in out
